-- Personal access tokens for the write API (issue 11). Same structure in migrations/postgres.
--
-- A token is 256 random bits shown to its owner once, at creation; only the hex SHA-256 of the
-- whole token text is kept (token_hash). A fast unsalted hash is enough here, unlike for
-- passwords: the token is uniformly random and as long as the hash, so a stolen table gives
-- nothing to guess from, and a lookup by hash finds the row in one index probe per request.
-- A token acts with its owner's rights at the time of use (role, departments, disabled), read
-- from users on every request; revoking sets revoked_at (the row stays for the list and audit).
-- Times are Unix ms; expires_at NULL: no expiry.
CREATE TABLE api_tokens (
    id            INTEGER PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name          TEXT    NOT NULL,   -- what the owner called it (「実績取込スクリプト」)
    token_hash    TEXT    NOT NULL,
    prefix        TEXT    NOT NULL,   -- the token's first characters, to tell tokens apart in the list
    expires_at    INTEGER,
    last_used_at  INTEGER,
    revoked_at    INTEGER,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX api_tokens_hash ON api_tokens (token_hash);
CREATE INDEX api_tokens_user ON api_tokens (user_id);
