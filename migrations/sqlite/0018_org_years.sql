-- The years an organization has published initiatives of (revision_id NULL), with how many
-- (issue 14): the list nearly every public page shows, kept by the triggers below inside the
-- writing transaction instead of a skip scan over initiatives per request. Derived data: the
-- triggers are its only writers (an upsert, not INSERT OR IGNORE: a writing statement's own
-- conflict clause would override a trigger's). See migrations/postgres/0018_org_years.sql.
CREATE TABLE org_years (
    org_id       INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    fiscal_year  INTEGER NOT NULL,
    initiatives  INTEGER NOT NULL,
    PRIMARY KEY (org_id, fiscal_year)
) WITHOUT ROWID;
INSERT INTO org_years (org_id, fiscal_year, initiatives)
    SELECT org_id, fiscal_year, COUNT(*) FROM initiatives
    WHERE revision_id IS NULL AND fiscal_year IS NOT NULL
    GROUP BY org_id, fiscal_year;

CREATE TRIGGER org_years_insert AFTER INSERT ON initiatives
    WHEN NEW.revision_id IS NULL AND NEW.fiscal_year IS NOT NULL
BEGIN
    INSERT INTO org_years (org_id, fiscal_year, initiatives) VALUES (NEW.org_id, NEW.fiscal_year, 1)
        ON CONFLICT (org_id, fiscal_year) DO UPDATE SET initiatives = initiatives + 1;
END;
CREATE TRIGGER org_years_delete AFTER DELETE ON initiatives
    WHEN OLD.revision_id IS NULL AND OLD.fiscal_year IS NOT NULL
BEGIN
    UPDATE org_years SET initiatives = initiatives - 1 WHERE org_id = OLD.org_id AND fiscal_year = OLD.fiscal_year;
    DELETE FROM org_years WHERE org_id = OLD.org_id AND fiscal_year = OLD.fiscal_year AND initiatives <= 0;
END;
CREATE TRIGGER org_years_update_old AFTER UPDATE OF org_id, fiscal_year, revision_id ON initiatives
    WHEN OLD.revision_id IS NULL AND OLD.fiscal_year IS NOT NULL
     AND (OLD.org_id IS NOT NEW.org_id OR OLD.fiscal_year IS NOT NEW.fiscal_year OR OLD.revision_id IS NOT NEW.revision_id)
BEGIN
    UPDATE org_years SET initiatives = initiatives - 1 WHERE org_id = OLD.org_id AND fiscal_year = OLD.fiscal_year;
    DELETE FROM org_years WHERE org_id = OLD.org_id AND fiscal_year = OLD.fiscal_year AND initiatives <= 0;
END;
CREATE TRIGGER org_years_update_new AFTER UPDATE OF org_id, fiscal_year, revision_id ON initiatives
    WHEN NEW.revision_id IS NULL AND NEW.fiscal_year IS NOT NULL
     AND (OLD.org_id IS NOT NEW.org_id OR OLD.fiscal_year IS NOT NEW.fiscal_year OR OLD.revision_id IS NOT NEW.revision_id)
BEGIN
    INSERT INTO org_years (org_id, fiscal_year, initiatives) VALUES (NEW.org_id, NEW.fiscal_year, 1)
        ON CONFLICT (org_id, fiscal_year) DO UPDATE SET initiatives = initiatives + 1;
END;
