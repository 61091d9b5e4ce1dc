-- The search index's change log. The index (crates/search) is derived data: every server keeps
-- its own and follows this table, which triggers fill on every write that changes what search
-- shows, whoever writes (the web UI, `hoshin import`, another server). Each row names a record
-- to re-read: i = initiative (its reviews and source documents included), k = indicator,
-- n = plan node, s = department policy, r = a revision (its draft rows change visibility),
-- o = an organization (names of it, its departments or themes changed). Rows are pruned after a
-- day; a server that fell further behind rebuilds its index. Same structure in migrations/postgres.
CREATE TABLE search_changes (
    seq     INTEGER PRIMARY KEY AUTOINCREMENT,
    kind    TEXT    NOT NULL,
    row_id  INTEGER NOT NULL,
    at      INTEGER NOT NULL  -- Unix ms
);
CREATE INDEX search_changes_at ON search_changes (at);
CREATE TRIGGER search_initiatives_insert AFTER INSERT ON initiatives
BEGIN
    INSERT INTO search_changes (kind, row_id, at) VALUES ('i', NEW.id, CAST(strftime('%s', 'now') AS INTEGER) * 1000);
END;
CREATE TRIGGER search_initiatives_update AFTER UPDATE ON initiatives
BEGIN
    INSERT INTO search_changes (kind, row_id, at) VALUES ('i', NEW.id, CAST(strftime('%s', 'now') AS INTEGER) * 1000);
END;
CREATE TRIGGER search_initiatives_delete AFTER DELETE ON initiatives
BEGIN
    INSERT INTO search_changes (kind, row_id, at) VALUES ('i', OLD.id, CAST(strftime('%s', 'now') AS INTEGER) * 1000);
END;
CREATE TRIGGER search_goal_reviews_insert AFTER INSERT ON goal_reviews
BEGIN
    INSERT INTO search_changes (kind, row_id, at) VALUES ('i', NEW.initiative_id, CAST(strftime('%s', 'now') AS INTEGER) * 1000);
END;
CREATE TRIGGER search_goal_reviews_update AFTER UPDATE ON goal_reviews
BEGIN
    INSERT INTO search_changes (kind, row_id, at) VALUES ('i', NEW.initiative_id, CAST(strftime('%s', 'now') AS INTEGER) * 1000);
END;
CREATE TRIGGER search_goal_reviews_delete AFTER DELETE ON goal_reviews
BEGIN
    INSERT INTO search_changes (kind, row_id, at) VALUES ('i', OLD.initiative_id, CAST(strftime('%s', 'now') AS INTEGER) * 1000);
END;
CREATE TRIGGER search_document_initiatives_insert AFTER INSERT ON document_initiatives
BEGIN
    INSERT INTO search_changes (kind, row_id, at) VALUES ('i', NEW.initiative_id, CAST(strftime('%s', 'now') AS INTEGER) * 1000);
END;
CREATE TRIGGER search_document_initiatives_delete AFTER DELETE ON document_initiatives
BEGIN
    INSERT INTO search_changes (kind, row_id, at) VALUES ('i', OLD.initiative_id, CAST(strftime('%s', 'now') AS INTEGER) * 1000);
END;
CREATE TRIGGER search_indicators_insert AFTER INSERT ON indicators
BEGIN
    INSERT INTO search_changes (kind, row_id, at) VALUES ('k', NEW.id, CAST(strftime('%s', 'now') AS INTEGER) * 1000);
END;
CREATE TRIGGER search_indicators_update AFTER UPDATE ON indicators
BEGIN
    INSERT INTO search_changes (kind, row_id, at) VALUES ('k', NEW.id, CAST(strftime('%s', 'now') AS INTEGER) * 1000);
END;
CREATE TRIGGER search_indicators_delete AFTER DELETE ON indicators
BEGIN
    INSERT INTO search_changes (kind, row_id, at) VALUES ('k', OLD.id, CAST(strftime('%s', 'now') AS INTEGER) * 1000);
END;
CREATE TRIGGER search_plan_nodes_insert AFTER INSERT ON plan_nodes
BEGIN
    INSERT INTO search_changes (kind, row_id, at) VALUES ('n', NEW.id, CAST(strftime('%s', 'now') AS INTEGER) * 1000);
END;
CREATE TRIGGER search_plan_nodes_update AFTER UPDATE ON plan_nodes
BEGIN
    INSERT INTO search_changes (kind, row_id, at) VALUES ('n', NEW.id, CAST(strftime('%s', 'now') AS INTEGER) * 1000);
END;
CREATE TRIGGER search_plan_nodes_delete AFTER DELETE ON plan_nodes
BEGIN
    INSERT INTO search_changes (kind, row_id, at) VALUES ('n', OLD.id, CAST(strftime('%s', 'now') AS INTEGER) * 1000);
END;
CREATE TRIGGER search_department_policies_insert AFTER INSERT ON department_policies
BEGIN
    INSERT INTO search_changes (kind, row_id, at) VALUES ('s', NEW.id, CAST(strftime('%s', 'now') AS INTEGER) * 1000);
END;
CREATE TRIGGER search_department_policies_update AFTER UPDATE ON department_policies
BEGIN
    INSERT INTO search_changes (kind, row_id, at) VALUES ('s', NEW.id, CAST(strftime('%s', 'now') AS INTEGER) * 1000);
END;
CREATE TRIGGER search_department_policies_delete AFTER DELETE ON department_policies
BEGIN
    INSERT INTO search_changes (kind, row_id, at) VALUES ('s', OLD.id, CAST(strftime('%s', 'now') AS INTEGER) * 1000);
END;
CREATE TRIGGER search_policy_revisions_update AFTER UPDATE OF state ON policy_revisions
    WHEN OLD.state IS NOT NEW.state
BEGIN
    INSERT INTO search_changes (kind, row_id, at) VALUES ('r', NEW.id, CAST(strftime('%s', 'now') AS INTEGER) * 1000);
END;
CREATE TRIGGER search_organizations_update AFTER UPDATE ON organizations
BEGIN
    INSERT INTO search_changes (kind, row_id, at) VALUES ('o', NEW.id, CAST(strftime('%s', 'now') AS INTEGER) * 1000);
END;
CREATE TRIGGER search_departments_update AFTER UPDATE ON departments
BEGIN
    INSERT INTO search_changes (kind, row_id, at) VALUES ('o', NEW.org_id, CAST(strftime('%s', 'now') AS INTEGER) * 1000);
END;
CREATE TRIGGER search_priority_themes_update AFTER UPDATE ON priority_themes
BEGIN
    INSERT INTO search_changes (kind, row_id, at) VALUES ('o', NEW.org_id, CAST(strftime('%s', 'now') AS INTEGER) * 1000);
END;
