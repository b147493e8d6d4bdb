-- Copies of blobs kept beside the primary store (the replica, arca.fixity.replica.*): one row per blob and copy,
-- saying when the copy was last verified by re-reading it, and with what outcome. The report of verified copies per
-- DOI reads it; the scrub updates it when it checks a replica copy.
CREATE TABLE blob_copy (
  digest VARCHAR(150) NOT NULL,
  location VARCHAR(255) NOT NULL,
  checked_at TIMESTAMP WITH TIME ZONE NOT NULL,
  outcome VARCHAR(16) NOT NULL,
  PRIMARY KEY (digest, location)
);

-- Which copy a fixity event checked: the primary store, or a replica named by its location.
ALTER TABLE fixity_event ADD COLUMN copy_location VARCHAR(255) DEFAULT 'primary' NOT NULL;
