-- Sessions of people signed in to the web pages. The cookie holds a random id; only its SHA-256 is stored, so a
-- copy of the database cannot be used to sign in. A session ends at sign-out, at its expiry, when the account is
-- deleted or disabled, and when the password changes (credentials_version no longer matches the account's).
CREATE TABLE web_session (
  id_hash VARCHAR(64) PRIMARY KEY,
  account_id BIGINT NOT NULL REFERENCES account (id) ON DELETE CASCADE,
  credentials_version INTEGER NOT NULL,
  form_token VARCHAR(64) NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX web_session_expires ON web_session (expires_at);
