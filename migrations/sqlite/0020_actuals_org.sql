-- The organization on each actual's row, for the KPI standings of a year page: see
-- migrations/postgres/0020_actuals_org.sql. SQLite cannot change NEW in a trigger, so the
-- first two triggers correct the row after it is written, and only when it disagrees with its
-- indicator (writers that set it right pay one probe of indicators' primary key); the third
-- carries an indicator's change of organization to its actuals.
ALTER TABLE indicator_actuals ADD COLUMN org_id INTEGER;

UPDATE indicator_actuals SET org_id = (SELECT org_id FROM indicators WHERE indicators.id = indicator_actuals.indicator_id);

CREATE TRIGGER indicator_actuals_org_insert AFTER INSERT ON indicator_actuals
    WHEN NEW.org_id IS NOT (SELECT org_id FROM indicators WHERE id = NEW.indicator_id)
BEGIN
    UPDATE indicator_actuals SET org_id = (SELECT org_id FROM indicators WHERE id = NEW.indicator_id)
        WHERE id = NEW.id;
END;
CREATE TRIGGER indicator_actuals_org_update AFTER UPDATE OF indicator_id, org_id ON indicator_actuals
    WHEN NEW.org_id IS NOT (SELECT org_id FROM indicators WHERE id = NEW.indicator_id)
BEGIN
    UPDATE indicator_actuals SET org_id = (SELECT org_id FROM indicators WHERE id = NEW.indicator_id)
        WHERE id = NEW.id;
END;

-- An indicator's change of organization carried to its actuals.
CREATE TRIGGER indicators_org_to_actuals AFTER UPDATE OF org_id ON indicators
    WHEN OLD.org_id IS NOT NEW.org_id
BEGIN
    UPDATE indicator_actuals SET org_id = NEW.org_id WHERE indicator_id = NEW.id;
END;

CREATE INDEX indicator_actuals_org ON indicator_actuals (org_id, indicator_id, fiscal_year, value_num);
