-- Preservation: DOIs minted here and the provenance graph of images (versions 200-299 belong to preservation).
-- Portable SQL: the same file runs on H2 2.x and PostgreSQL 15+.

-- One row per DOI, never deleted: a registered DOI must keep resolving. A version DOI names a manifest digest in a
-- repository; a concept DOI (digest null) stands for all versions of the repository.
CREATE TABLE doi (
  doi VARCHAR(255) PRIMARY KEY,
  kind VARCHAR(16) NOT NULL,
  repository VARCHAR(255) NOT NULL,
  digest VARCHAR(150),
  state VARCHAR(16) NOT NULL,
  registered BOOLEAN NOT NULL,
  provider VARCHAR(32) NOT NULL,
  statement VARCHAR(1024),
  -- the DataCite 4.6 record last sent, as the REST API's attributes object
  metadata VARCHAR NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
  withdrawn_reason VARCHAR(2048),
  withdrawn_by VARCHAR(130),
  withdrawn_at TIMESTAMP WITH TIME ZONE
);
CREATE INDEX doi_image ON doi (repository, digest);
CREATE INDEX doi_state ON doi (state, created_at);

-- Edges of the provenance graph: subject was made from source (by digest, or by name when it is no OCI image).
-- edge_key is the sha256 of the edge's identity (repository, subject, relation, source, source name), so that
-- recording the same edge twice keeps one row on both databases (nullable columns cannot share a unique key).
CREATE TABLE provenance_record (
  edge_key VARCHAR(64) PRIMARY KEY,
  repository VARCHAR(255) NOT NULL,
  subject VARCHAR(150) NOT NULL,
  relation VARCHAR(32) NOT NULL,
  source VARCHAR(150),
  source_name VARCHAR(2048),
  origin VARCHAR(16) NOT NULL,
  evidence VARCHAR(150),
  recorded_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX provenance_subject ON provenance_record (subject);
CREATE INDEX provenance_source ON provenance_record (source);
