-- The progress figures of a plan tree (issue 14), kept as rows instead of joined per request.
--
-- plan_progress holds one row per progress figure a plan node rolls up: a published initiative
-- (revision_id NULL) linked to the node, and a review of it with a progress, in the
-- initiative's own year or, for an initiative of the whole plan period (fiscal_year NULL), in
-- any year. It is derived data, the join of initiative_nodes, plan_nodes, initiatives and
-- goal_reviews, and only the triggers below write it, whoever writes the sources. Reading a
-- plan's figures is then one range of the primary key, where the join sought about two
-- thousand rows of four tables for one plan at national scale.
--
-- Every trigger recomputes the rows of the initiatives a write touches (at most two), copying
-- them from the view plan_progress_source, the join written once; a node deleted or moved
-- to another plan carries its rows along. The sources already bump the page
-- generation, so this table needs no trigger of its own for it. Same structure in
-- migrations/postgres.
CREATE TABLE plan_progress (
    plan_id       INTEGER NOT NULL,
    node_id       INTEGER NOT NULL,
    initiative_id INTEGER NOT NULL,
    fiscal_year   INTEGER NOT NULL,
    progress      INTEGER NOT NULL,
    PRIMARY KEY (plan_id, node_id, initiative_id, fiscal_year)
) WITHOUT ROWID;
CREATE INDEX plan_progress_initiative ON plan_progress (initiative_id);

-- The rows as they should be: what the triggers below copy for the initiatives a write touches.
CREATE VIEW plan_progress_source AS
SELECT n.plan_id, l.node_id, i.id AS initiative_id, r.fiscal_year, r.progress
FROM initiatives i
JOIN initiative_nodes l ON l.initiative_id = i.id
JOIN plan_nodes n ON n.id = l.node_id
JOIN goal_reviews r ON r.initiative_id = i.id
WHERE i.revision_id IS NULL AND r.progress IS NOT NULL
  AND (i.fiscal_year IS NULL OR i.fiscal_year = r.fiscal_year);

INSERT INTO plan_progress (plan_id, node_id, initiative_id, fiscal_year, progress)
SELECT plan_id, node_id, initiative_id, fiscal_year, progress FROM plan_progress_source;

CREATE TRIGGER plan_progress_initiatives_update AFTER UPDATE OF id, revision_id, fiscal_year ON initiatives
BEGIN
    DELETE FROM plan_progress WHERE initiative_id IN (OLD.id, NEW.id);
    INSERT INTO plan_progress (plan_id, node_id, initiative_id, fiscal_year, progress)
    SELECT plan_id, node_id, initiative_id, fiscal_year, progress FROM plan_progress_source
    WHERE initiative_id IN (OLD.id, NEW.id);
END;
CREATE TRIGGER plan_progress_initiatives_delete AFTER DELETE ON initiatives
BEGIN
    DELETE FROM plan_progress WHERE initiative_id = OLD.id;
END;

CREATE TRIGGER plan_progress_links_insert AFTER INSERT ON initiative_nodes
BEGIN
    DELETE FROM plan_progress WHERE initiative_id = NEW.initiative_id;
    INSERT INTO plan_progress (plan_id, node_id, initiative_id, fiscal_year, progress)
    SELECT plan_id, node_id, initiative_id, fiscal_year, progress FROM plan_progress_source
    WHERE initiative_id = NEW.initiative_id;
END;
CREATE TRIGGER plan_progress_links_update AFTER UPDATE OF initiative_id, node_id ON initiative_nodes
BEGIN
    DELETE FROM plan_progress WHERE initiative_id IN (OLD.initiative_id, NEW.initiative_id);
    INSERT INTO plan_progress (plan_id, node_id, initiative_id, fiscal_year, progress)
    SELECT plan_id, node_id, initiative_id, fiscal_year, progress FROM plan_progress_source
    WHERE initiative_id IN (OLD.initiative_id, NEW.initiative_id);
END;
CREATE TRIGGER plan_progress_links_delete AFTER DELETE ON initiative_nodes
BEGIN
    DELETE FROM plan_progress WHERE initiative_id = OLD.initiative_id AND node_id = OLD.node_id;
END;

CREATE TRIGGER plan_progress_reviews_insert AFTER INSERT ON goal_reviews
BEGIN
    DELETE FROM plan_progress WHERE initiative_id = NEW.initiative_id;
    INSERT INTO plan_progress (plan_id, node_id, initiative_id, fiscal_year, progress)
    SELECT plan_id, node_id, initiative_id, fiscal_year, progress FROM plan_progress_source
    WHERE initiative_id = NEW.initiative_id;
END;
CREATE TRIGGER plan_progress_reviews_update AFTER UPDATE OF initiative_id, fiscal_year, progress ON goal_reviews
BEGIN
    DELETE FROM plan_progress WHERE initiative_id IN (OLD.initiative_id, NEW.initiative_id);
    INSERT INTO plan_progress (plan_id, node_id, initiative_id, fiscal_year, progress)
    SELECT plan_id, node_id, initiative_id, fiscal_year, progress FROM plan_progress_source
    WHERE initiative_id IN (OLD.initiative_id, NEW.initiative_id);
END;
CREATE TRIGGER plan_progress_reviews_delete AFTER DELETE ON goal_reviews
BEGIN
    DELETE FROM plan_progress WHERE initiative_id = OLD.initiative_id AND fiscal_year = OLD.fiscal_year;
END;

CREATE TRIGGER plan_progress_nodes_update AFTER UPDATE OF id, plan_id ON plan_nodes
BEGIN
    UPDATE plan_progress SET plan_id = NEW.plan_id, node_id = NEW.id
    WHERE plan_id = OLD.plan_id AND node_id = OLD.id;
END;
CREATE TRIGGER plan_progress_nodes_delete AFTER DELETE ON plan_nodes
BEGIN
    DELETE FROM plan_progress WHERE plan_id = OLD.plan_id AND node_id = OLD.id;
END;
