-- The search index's change log. The index (crates/search) is derived data: every server keeps
-- its own and follows this table, which triggers fill on every write that changes what search
-- shows, whoever writes (the web UI, `hoshin import`, another server). Each row names a record
-- to re-read: i = initiative (its reviews and source documents included), k = indicator,
-- n = plan node, s = department policy, r = a revision (its draft rows change visibility),
-- o = an organization (names of it, its departments or themes changed). Rows are pruned after a
-- day; a server that fell further behind rebuilds its index. Same structure in migrations/sqlite.
CREATE TABLE search_changes (
    seq     BIGSERIAL PRIMARY KEY,
    kind    TEXT   NOT NULL,
    row_id  BIGINT NOT NULL,
    at      BIGINT NOT NULL  -- Unix ms
);
CREATE INDEX search_changes_at ON search_changes (at);
CREATE FUNCTION search_log_i_id_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO search_changes (kind, row_id, at)
    VALUES ('i', NEW.id, (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::BIGINT);
    RETURN NULL;
END;
$$;
CREATE TRIGGER search_initiatives_insert AFTER INSERT ON initiatives
    FOR EACH ROW EXECUTE FUNCTION search_log_i_id_new();
CREATE TRIGGER search_initiatives_update AFTER UPDATE ON initiatives
    FOR EACH ROW EXECUTE FUNCTION search_log_i_id_new();
CREATE FUNCTION search_log_i_id_old() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO search_changes (kind, row_id, at)
    VALUES ('i', OLD.id, (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::BIGINT);
    RETURN NULL;
END;
$$;
CREATE TRIGGER search_initiatives_delete AFTER DELETE ON initiatives
    FOR EACH ROW EXECUTE FUNCTION search_log_i_id_old();
CREATE FUNCTION search_log_i_initiative_id_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO search_changes (kind, row_id, at)
    VALUES ('i', NEW.initiative_id, (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::BIGINT);
    RETURN NULL;
END;
$$;
CREATE TRIGGER search_goal_reviews_insert AFTER INSERT ON goal_reviews
    FOR EACH ROW EXECUTE FUNCTION search_log_i_initiative_id_new();
CREATE TRIGGER search_goal_reviews_update AFTER UPDATE ON goal_reviews
    FOR EACH ROW EXECUTE FUNCTION search_log_i_initiative_id_new();
CREATE FUNCTION search_log_i_initiative_id_old() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO search_changes (kind, row_id, at)
    VALUES ('i', OLD.initiative_id, (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::BIGINT);
    RETURN NULL;
END;
$$;
CREATE TRIGGER search_goal_reviews_delete AFTER DELETE ON goal_reviews
    FOR EACH ROW EXECUTE FUNCTION search_log_i_initiative_id_old();
CREATE TRIGGER search_document_initiatives_insert AFTER INSERT ON document_initiatives
    FOR EACH ROW EXECUTE FUNCTION search_log_i_initiative_id_new();
CREATE TRIGGER search_document_initiatives_delete AFTER DELETE ON document_initiatives
    FOR EACH ROW EXECUTE FUNCTION search_log_i_initiative_id_old();
CREATE FUNCTION search_log_k_id_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO search_changes (kind, row_id, at)
    VALUES ('k', NEW.id, (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::BIGINT);
    RETURN NULL;
END;
$$;
CREATE TRIGGER search_indicators_insert AFTER INSERT ON indicators
    FOR EACH ROW EXECUTE FUNCTION search_log_k_id_new();
CREATE TRIGGER search_indicators_update AFTER UPDATE ON indicators
    FOR EACH ROW EXECUTE FUNCTION search_log_k_id_new();
CREATE FUNCTION search_log_k_id_old() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO search_changes (kind, row_id, at)
    VALUES ('k', OLD.id, (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::BIGINT);
    RETURN NULL;
END;
$$;
CREATE TRIGGER search_indicators_delete AFTER DELETE ON indicators
    FOR EACH ROW EXECUTE FUNCTION search_log_k_id_old();
CREATE FUNCTION search_log_n_id_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO search_changes (kind, row_id, at)
    VALUES ('n', NEW.id, (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::BIGINT);
    RETURN NULL;
END;
$$;
CREATE TRIGGER search_plan_nodes_insert AFTER INSERT ON plan_nodes
    FOR EACH ROW EXECUTE FUNCTION search_log_n_id_new();
CREATE TRIGGER search_plan_nodes_update AFTER UPDATE ON plan_nodes
    FOR EACH ROW EXECUTE FUNCTION search_log_n_id_new();
CREATE FUNCTION search_log_n_id_old() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO search_changes (kind, row_id, at)
    VALUES ('n', OLD.id, (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::BIGINT);
    RETURN NULL;
END;
$$;
CREATE TRIGGER search_plan_nodes_delete AFTER DELETE ON plan_nodes
    FOR EACH ROW EXECUTE FUNCTION search_log_n_id_old();
CREATE FUNCTION search_log_s_id_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO search_changes (kind, row_id, at)
    VALUES ('s', NEW.id, (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::BIGINT);
    RETURN NULL;
END;
$$;
CREATE TRIGGER search_department_policies_insert AFTER INSERT ON department_policies
    FOR EACH ROW EXECUTE FUNCTION search_log_s_id_new();
CREATE TRIGGER search_department_policies_update AFTER UPDATE ON department_policies
    FOR EACH ROW EXECUTE FUNCTION search_log_s_id_new();
CREATE FUNCTION search_log_s_id_old() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO search_changes (kind, row_id, at)
    VALUES ('s', OLD.id, (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::BIGINT);
    RETURN NULL;
END;
$$;
CREATE TRIGGER search_department_policies_delete AFTER DELETE ON department_policies
    FOR EACH ROW EXECUTE FUNCTION search_log_s_id_old();
CREATE FUNCTION search_log_r_id_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO search_changes (kind, row_id, at)
    VALUES ('r', NEW.id, (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::BIGINT);
    RETURN NULL;
END;
$$;
CREATE TRIGGER search_policy_revisions_update AFTER UPDATE OF state ON policy_revisions
    FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state) EXECUTE FUNCTION search_log_r_id_new();
CREATE FUNCTION search_log_o_id_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO search_changes (kind, row_id, at)
    VALUES ('o', NEW.id, (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::BIGINT);
    RETURN NULL;
END;
$$;
CREATE TRIGGER search_organizations_update AFTER UPDATE ON organizations
    FOR EACH ROW EXECUTE FUNCTION search_log_o_id_new();
CREATE FUNCTION search_log_o_org_id_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO search_changes (kind, row_id, at)
    VALUES ('o', NEW.org_id, (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::BIGINT);
    RETURN NULL;
END;
$$;
CREATE TRIGGER search_departments_update AFTER UPDATE ON departments
    FOR EACH ROW EXECUTE FUNCTION search_log_o_org_id_new();
CREATE TRIGGER search_priority_themes_update AFTER UPDATE ON priority_themes
    FOR EACH ROW EXECUTE FUNCTION search_log_o_org_id_new();
