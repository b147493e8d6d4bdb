-- Composition (issue 14): the curators' catalog of bases and building blocks, what each block layer holds (so that a
-- composition checks conflicts without reading a layer again), and the compositions made, with their inputs.

-- A base images are composed onto, under a short alias; bases of one family (e.g. debian-bookworm) are compatible.
CREATE TABLE compose_base (
  alias VARCHAR(128) PRIMARY KEY,
  repository VARCHAR(255) NOT NULL,
  digest VARCHAR(150) NOT NULL,
  family VARCHAR(128) NOT NULL,
  registered_by VARCHAR(255) NOT NULL,
  registered_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- A building block: the layers an image adds on top of its base (those after the base's layers in its manifest).
CREATE TABLE compose_block (
  alias VARCHAR(128) PRIMARY KEY,
  repository VARCHAR(255) NOT NULL,
  version VARCHAR(128) NOT NULL,
  digest VARCHAR(150) NOT NULL,
  base_digest VARCHAR(150) NOT NULL,
  base_layers INT NOT NULL,
  registered_by VARCHAR(255) NOT NULL,
  registered_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- What one layer holds, read once when a block using it is registered: its diffID and its files, one line each
-- (path, type, size, sha256 of a regular file's bytes), gzip-compressed.
CREATE TABLE compose_layer (
  digest VARCHAR(150) PRIMARY KEY,
  diff_id VARCHAR(150) NOT NULL,
  file_count INT NOT NULL,
  unpacked_size BIGINT NOT NULL,
  files BYTEA NOT NULL
);

-- A composition that was stored: where, and the request it answered (canonical JSON), to show its inputs later.
CREATE TABLE compose_composition (
  repository VARCHAR(255) NOT NULL,
  digest VARCHAR(150) NOT NULL,
  request VARCHAR NOT NULL,
  composed_by VARCHAR(255) NOT NULL,
  composed_at TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (repository, digest)
);
CREATE INDEX compose_composition_digest ON compose_composition (digest);
