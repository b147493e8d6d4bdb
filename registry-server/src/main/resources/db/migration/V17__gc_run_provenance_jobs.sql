-- A garbage-collection run also removes provenance records and conversion jobs of images that no repository holds
-- any more; its history says how many (a dry run: how many it would).
ALTER TABLE gc_run ADD COLUMN provenance_removed BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE gc_run ADD COLUMN jobs_removed BIGINT DEFAULT 0 NOT NULL;
