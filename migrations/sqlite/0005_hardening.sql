-- Hardening (issue 12). Same structure in migrations/postgres.

-- What a revision removes from the published record. Publishing deletes exactly the published
-- rows listed here for the revision, never a published row the revision merely does not hold
-- (a revision that started empty once deleted, on publication, everything the public saw).
-- kind: 'initiative' | 'indicator'. live_id has no foreign key: the row goes at publication.
CREATE TABLE revision_removals (
    id           INTEGER PRIMARY KEY,
    revision_id  INTEGER NOT NULL REFERENCES policy_revisions (id) ON DELETE CASCADE,
    kind         TEXT    NOT NULL,
    live_id      INTEGER NOT NULL,
    name         TEXT    NOT NULL,   -- what the published row was called, for the approval page
    removed_by   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX revision_removals_row ON revision_removals (revision_id, kind, live_id);

-- Removals made in unpublished revisions before this table existed, read from the audit log's
-- image of each deleted draft row that revised a published one.
INSERT INTO revision_removals (revision_id, kind, live_id, name, removed_by, created_at, updated_at)
SELECT d.rev, d.kind, d.live, MIN(d.name), MIN(d.actor_id), MIN(d.at), MIN(d.at)
FROM (
    SELECT json_extract(a.before_json, '$.draft.revision_id') AS rev,
           CASE a.table_name WHEN 'initiatives' THEN 'initiative' ELSE 'indicator' END AS kind,
           json_extract(a.before_json, '$.draft.live_id') AS live,
           COALESCE(json_extract(a.before_json, '$.name'), '') AS name,
           a.actor_id, a.at
    FROM audit_log a
    WHERE a.table_name IN ('initiatives', 'indicators') AND a.action = 'delete'
      AND a.before_json IS NOT NULL AND json_valid(a.before_json)
) d
JOIN policy_revisions r ON r.id = d.rev
WHERE d.live IS NOT NULL AND r.state <> 'published'
GROUP BY d.rev, d.kind, d.live;

-- Priority themes typed when a year is opened stay internal (staff pages only) until the
-- year's first publication; imported themes are published with their document. 1: public.
ALTER TABLE priority_themes ADD COLUMN published INTEGER NOT NULL DEFAULT 1;
UPDATE priority_themes SET published = 0
WHERE id IN (SELECT row_id FROM audit_log WHERE table_name = 'priority_themes' AND action = 'insert')
  AND NOT EXISTS (
      SELECT 1 FROM policy_revisions r JOIN departments d ON d.id = r.department_id
      WHERE d.org_id = priority_themes.org_id AND r.fiscal_year = priority_themes.fiscal_year
        AND r.published_at IS NOT NULL)
  AND NOT EXISTS (
      SELECT 1 FROM initiatives i WHERE i.theme_id = priority_themes.id AND i.revision_id IS NULL);

-- The audit log stays append-only against REPLACE INTO / INSERT OR REPLACE too: they delete the
-- row they replace without firing the delete trigger, so an insert naming an existing id is
-- refused before it gets that far.
CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log
WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
