-- Staged review (issue 15). Part 1: comment threads on a department's policy revision.
--
-- One thread per revision for the policy as a whole (initiative_id NULL) and one per draft
-- initiative of the revision. Staff who may edit the department (its editors, planning,
-- admins) post; everyone of the organization's staff reads. A return
-- (`workflow::transition`, Transition::Return) writes its comment here too, kind 'return',
-- in the same transaction, so it stays on the page after the revision is resubmitted.
-- Comments are never edited or deleted by the application (each insert is audited); no public
-- page reads this table, so it has no page_generation trigger (see 0007).
CREATE TABLE review_comments (
    id              INTEGER PRIMARY KEY,
    revision_id     INTEGER NOT NULL REFERENCES policy_revisions (id) ON DELETE CASCADE,
    -- The draft initiative the comment is about; NULL: the policy as a whole. When the draft
    -- row is removed from the revision the comment stays, with the name it had.
    initiative_id   INTEGER REFERENCES initiatives (id) ON DELETE SET NULL,
    initiative_name TEXT,
    kind            TEXT    NOT NULL DEFAULT 'comment' CHECK (kind IN ('comment', 'return')),
    body            TEXT    NOT NULL,
    author_id       INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at      INTEGER NOT NULL,   -- Unix ms
    updated_at      INTEGER NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX review_comments_revision ON review_comments (revision_id, id);

-- Returns made before this table existed: the revision's stored return comment (the latest
-- one of each revision; earlier ones stay in the audit log).
INSERT INTO review_comments (revision_id, kind, body, author_id, created_at, updated_at)
SELECT id, 'return', comment, decided_by, COALESCE(decided_at, updated_at), COALESCE(decided_at, updated_at)
FROM policy_revisions
WHERE comment IS NOT NULL AND TRIM(comment) <> '';

-- Part 3: staged evaluations. An organization's review stages in order (自己評価 → 一次評価
-- → 二次評価 → 外部評価 → 最終 by default; `app::stages` writes the defaults in the first
-- transaction that needs them). writer: who writes the stage — 'department' (the
-- department's editors, and planning/admin) or 'planning' (planning/admin only).
CREATE TABLE review_stages (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,   -- 1, 2, … in the order the stages are written
    name        TEXT    NOT NULL,
    writer      TEXT    NOT NULL CHECK (writer IN ('department', 'planning')),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT review_stages_name UNIQUE (org_id, name)
);

-- One judgement (a label of the organization's judgement scales) and comment per published
-- initiative, fiscal year and stage. A stage is written only once the earlier ones are.
CREATE TABLE stage_evaluations (
    id             INTEGER PRIMARY KEY,
    initiative_id  INTEGER NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
    fiscal_year    INTEGER NOT NULL,
    stage_id       INTEGER NOT NULL REFERENCES review_stages (id) ON DELETE RESTRICT,
    judgement      TEXT,
    comment        TEXT,
    author_id      INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT stage_evaluations_one UNIQUE (initiative_id, fiscal_year, stage_id)
);
CREATE INDEX stage_evaluations_stage ON stage_evaluations (stage_id);

-- The public review page shows stages and evaluations: bump the page generation (see 0007).
CREATE TRIGGER page_generation_review_stages_insert AFTER INSERT ON review_stages
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_review_stages_update AFTER UPDATE ON review_stages
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_review_stages_delete AFTER DELETE ON review_stages
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_stage_evaluations_insert AFTER INSERT ON stage_evaluations
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_stage_evaluations_update AFTER UPDATE ON stage_evaluations
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_stage_evaluations_delete AFTER DELETE ON stage_evaluations
BEGIN UPDATE page_generation SET generation = generation + 1; END;

-- Part 4: a fiscal year's review locked by planning: no evaluation or comment of that year is
-- written while the row exists. Locking and unlocking are audited (table review_locks).
CREATE TABLE review_locks (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    fiscal_year  INTEGER NOT NULL,
    locked_by    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at   INTEGER NOT NULL,
    CONSTRAINT review_locks_year UNIQUE (org_id, fiscal_year)
);
