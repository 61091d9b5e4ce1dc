-- Staged review (issue 15), part 1: comment threads on a department's policy revision.
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
