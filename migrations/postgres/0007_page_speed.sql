-- Page speed (issue 14): the generation of public output, and indexes for the public pages.
--
-- page_generation holds one number that grows whenever a table behind the public pages
-- changes, whoever writes (the web UI, `hoshin import`, `hoshin demo`, `hoshin gen`, another
-- server): the triggers below bump it inside the writing transaction, so it changes exactly when
-- the data commits. Every server keeps a cache of rendered public pages (crates/web/src/cache)
-- and serves an entry only while the generation it was rendered under is current. Tables that
-- never show on a public page (accounts, sessions, the audit log, the search log, import
-- staging) have no trigger. The generation is global, not per organization: the home page and
-- the cross-city pages read every organization, and publication is rare next to reading.
--
-- PostgreSQL: statement triggers (one bump per statement, so bulk loads stay cheap; a draft
-- edit bumps it too, which only costs the cache a refill). Same structure in migrations/sqlite.
CREATE TABLE page_generation (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    generation  BIGINT NOT NULL
);
INSERT INTO page_generation (id, generation) VALUES (1, 1);
CREATE FUNCTION page_generation_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE page_generation SET generation = generation + 1 WHERE id = 1;
    RETURN NULL;
END;
$$;
CREATE TRIGGER page_generation_organizations AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON organizations
    FOR EACH STATEMENT EXECUTE FUNCTION page_generation_bump();
CREATE TRIGGER page_generation_departments AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON departments
    FOR EACH STATEMENT EXECUTE FUNCTION page_generation_bump();
CREATE TRIGGER page_generation_department_names AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON department_names
    FOR EACH STATEMENT EXECUTE FUNCTION page_generation_bump();
CREATE TRIGGER page_generation_plans AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON plans
    FOR EACH STATEMENT EXECUTE FUNCTION page_generation_bump();
CREATE TRIGGER page_generation_plan_nodes AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON plan_nodes
    FOR EACH STATEMENT EXECUTE FUNCTION page_generation_bump();
CREATE TRIGGER page_generation_priority_themes AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON priority_themes
    FOR EACH STATEMENT EXECUTE FUNCTION page_generation_bump();
CREATE TRIGGER page_generation_initiatives AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON initiatives
    FOR EACH STATEMENT EXECUTE FUNCTION page_generation_bump();
CREATE TRIGGER page_generation_initiative_nodes AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON initiative_nodes
    FOR EACH STATEMENT EXECUTE FUNCTION page_generation_bump();
CREATE TRIGGER page_generation_department_policies AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON department_policies
    FOR EACH STATEMENT EXECUTE FUNCTION page_generation_bump();
CREATE TRIGGER page_generation_indicators AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON indicators
    FOR EACH STATEMENT EXECUTE FUNCTION page_generation_bump();
CREATE TRIGGER page_generation_indicator_actuals AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON indicator_actuals
    FOR EACH STATEMENT EXECUTE FUNCTION page_generation_bump();
CREATE TRIGGER page_generation_goal_reviews AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON goal_reviews
    FOR EACH STATEMENT EXECUTE FUNCTION page_generation_bump();
CREATE TRIGGER page_generation_related_plans AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON related_plans
    FOR EACH STATEMENT EXECUTE FUNCTION page_generation_bump();
CREATE TRIGGER page_generation_related_plan_nodes AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON related_plan_nodes
    FOR EACH STATEMENT EXECUTE FUNCTION page_generation_bump();
CREATE TRIGGER page_generation_documents AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON documents
    FOR EACH STATEMENT EXECUTE FUNCTION page_generation_bump();
CREATE TRIGGER page_generation_document_initiatives AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON document_initiatives
    FOR EACH STATEMENT EXECUTE FUNCTION page_generation_bump();
CREATE TRIGGER page_generation_judgement_scales AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON judgement_scales
    FOR EACH STATEMENT EXECUTE FUNCTION page_generation_bump();
CREATE TRIGGER page_generation_fiscal_cycles AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON fiscal_cycles
    FOR EACH STATEMENT EXECUTE FUNCTION page_generation_bump();
CREATE TRIGGER page_generation_policy_revisions AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON policy_revisions
    FOR EACH STATEMENT EXECUTE FUNCTION page_generation_bump();

-- What the importer keeps beside initiatives and indicators (0004_import), shown on their pages.
CREATE TRIGGER page_generation_program_facts AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON program_facts
    FOR EACH STATEMENT EXECUTE FUNCTION page_generation_bump();
CREATE TRIGGER page_generation_initiative_costs AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON initiative_costs
    FOR EACH STATEMENT EXECUTE FUNCTION page_generation_bump();
CREATE TRIGGER page_generation_indicator_yearly AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON indicator_yearly
    FOR EACH STATEMENT EXECUTE FUNCTION page_generation_bump();
