-- Editing and the PDCA cycle: accounts, sessions, the yearly cycle, policy revisions with
-- their workflow, draft rows, and an append-only audit log. Same structure in migrations/postgres.
--
-- Drafts: a department's policy for a year is edited as a revision (policy_revisions). Its
-- initiatives and indicators are ordinary rows of `initiatives` / `indicators` carrying the
-- revision's id (revision_id) and, when they revise a published row, that row's id (live_id).
-- Rows with revision_id NULL are the published ("live") ones every public page reads;
-- publishing a revision copies its rows onto the live ones. A published revision keeps its
-- rows as the record of what was published.

-- Staff accounts. role: admin | planning | editor | viewer (Role::as_str). The role holds
-- within the user's own organization.
CREATE TABLE users (
    id             INTEGER PRIMARY KEY,
    org_id         INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    login          TEXT    NOT NULL,
    display_name   TEXT    NOT NULL,
    password_hash  TEXT    NOT NULL,   -- argon2id PHC string
    role           TEXT    NOT NULL,
    disabled       INTEGER NOT NULL DEFAULT 0,
    failed_logins  INTEGER NOT NULL DEFAULT 0,  -- consecutive failures since the last success
    locked_until   INTEGER,                     -- Unix ms; logins refused before then
    last_login_at  INTEGER,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX users_login ON users (login);
CREATE INDEX users_org ON users (org_id);

-- Departments an editor may write for (a 部 covers its 課).
CREATE TABLE user_departments (
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    department_id INTEGER NOT NULL REFERENCES departments (id) ON DELETE CASCADE,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (user_id, department_id)
);
CREATE INDEX user_departments_department ON user_departments (department_id);

-- Server-side sessions. Only the SHA-256 of the cookie's token is stored.
CREATE TABLE sessions (
    id          INTEGER PRIMARY KEY,
    token_hash  TEXT    NOT NULL,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token  TEXT    NOT NULL,
    expires_at  INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX sessions_token ON sessions (token_hash);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- A fiscal year the planning office opened, with its deadlines (ISO dates).
CREATE TABLE fiscal_cycles (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    fiscal_year  INTEGER NOT NULL,
    policy_due   TEXT,     -- 部局運営方針の提出期限
    midyear_due  TEXT,     -- 中間報告
    yearend_due  TEXT,     -- 年度末の振り返り
    opened_by    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX fiscal_cycles_org_year ON fiscal_cycles (org_id, fiscal_year);

-- One revision of a department's policy for a year. state: draft | submitted | returned |
-- approved | published (RevisionState::as_str). At most one unpublished revision per
-- department and year.
CREATE TABLE policy_revisions (
    id            INTEGER PRIMARY KEY,
    department_id INTEGER NOT NULL REFERENCES departments (id) ON DELETE CASCADE,
    fiscal_year   INTEGER NOT NULL,
    number        INTEGER NOT NULL,            -- 1, 2, … per department and year
    state         TEXT    NOT NULL,
    stance        TEXT    NOT NULL DEFAULT '',
    notes         TEXT,
    comment       TEXT,                        -- the planning office's reason when returning
    created_by    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    submitted_by  INTEGER REFERENCES users (id) ON DELETE SET NULL,
    submitted_at  INTEGER,
    decided_by    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    decided_at    INTEGER,
    published_by  INTEGER REFERENCES users (id) ON DELETE SET NULL,
    published_at  INTEGER,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX policy_revisions_number ON policy_revisions (department_id, fiscal_year, number);
CREATE UNIQUE INDEX policy_revisions_open ON policy_revisions (department_id, fiscal_year) WHERE state <> 'published';
CREATE INDEX policy_revisions_year ON policy_revisions (fiscal_year, department_id);

ALTER TABLE initiatives ADD COLUMN revision_id INTEGER REFERENCES policy_revisions (id) ON DELETE CASCADE;
ALTER TABLE initiatives ADD COLUMN live_id INTEGER REFERENCES initiatives (id) ON DELETE SET NULL;
CREATE INDEX initiatives_revision ON initiatives (revision_id, sort_order) WHERE revision_id IS NOT NULL;
CREATE INDEX initiatives_live ON initiatives (live_id) WHERE live_id IS NOT NULL;

ALTER TABLE indicators ADD COLUMN revision_id INTEGER REFERENCES policy_revisions (id) ON DELETE CASCADE;
ALTER TABLE indicators ADD COLUMN live_id INTEGER REFERENCES indicators (id) ON DELETE SET NULL;
CREATE INDEX indicators_revision ON indicators (revision_id) WHERE revision_id IS NOT NULL;

CREATE INDEX audit_log_actor ON audit_log (actor_id, at);

-- The audit log is append-only: no UPDATE or DELETE, whoever asks.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
