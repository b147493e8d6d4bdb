-- The keys that sign Arca's tokens, shared by every instance on this database so that a token issued by one is
-- accepted by all. The newest generation of a purpose signs; older ones only verify the tokens they signed. The
-- unique (purpose, generation) makes the first key race-free: instances starting at once all try generation 1 and
-- all but one lose on the key, then read the winner's row. The private JWK is stored as it is (see SigningKeyStore).
CREATE TABLE signing_key (
  kid VARCHAR(64) PRIMARY KEY,
  purpose VARCHAR(32) NOT NULL,
  generation INTEGER NOT NULL,
  private_jwk VARCHAR(4000) NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT signing_key_generation UNIQUE (purpose, generation)
);
