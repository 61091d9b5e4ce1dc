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
-- SQLite: row triggers. Draft rows of initiatives and indicators (revision_id set) are not
-- public, so writing them does not bump the generation; publishing copies them onto the live
-- rows (which does), and a revision's state change bumps it too. Same structure in
-- migrations/postgres (statement triggers there).
CREATE TABLE page_generation (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    generation  INTEGER NOT NULL
);
INSERT INTO page_generation (id, generation) VALUES (1, 1);
CREATE TRIGGER page_generation_organizations_insert AFTER INSERT ON organizations
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_organizations_update AFTER UPDATE ON organizations
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_organizations_delete AFTER DELETE ON organizations
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_departments_insert AFTER INSERT ON departments
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_departments_update AFTER UPDATE ON departments
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_departments_delete AFTER DELETE ON departments
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_department_names_insert AFTER INSERT ON department_names
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_department_names_update AFTER UPDATE ON department_names
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_department_names_delete AFTER DELETE ON department_names
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_plans_insert AFTER INSERT ON plans
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_plans_update AFTER UPDATE ON plans
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_plans_delete AFTER DELETE ON plans
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_plan_nodes_insert AFTER INSERT ON plan_nodes
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_plan_nodes_update AFTER UPDATE ON plan_nodes
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_plan_nodes_delete AFTER DELETE ON plan_nodes
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_priority_themes_insert AFTER INSERT ON priority_themes
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_priority_themes_update AFTER UPDATE ON priority_themes
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_priority_themes_delete AFTER DELETE ON priority_themes
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_initiatives_insert AFTER INSERT ON initiatives WHEN NEW.revision_id IS NULL
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_initiatives_update AFTER UPDATE ON initiatives WHEN OLD.revision_id IS NULL OR NEW.revision_id IS NULL
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_initiatives_delete AFTER DELETE ON initiatives WHEN OLD.revision_id IS NULL
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_initiative_nodes_insert AFTER INSERT ON initiative_nodes
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_initiative_nodes_update AFTER UPDATE ON initiative_nodes
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_initiative_nodes_delete AFTER DELETE ON initiative_nodes
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_department_policies_insert AFTER INSERT ON department_policies
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_department_policies_update AFTER UPDATE ON department_policies
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_department_policies_delete AFTER DELETE ON department_policies
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_indicators_insert AFTER INSERT ON indicators WHEN NEW.revision_id IS NULL
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_indicators_update AFTER UPDATE ON indicators WHEN OLD.revision_id IS NULL OR NEW.revision_id IS NULL
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_indicators_delete AFTER DELETE ON indicators WHEN OLD.revision_id IS NULL
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_indicator_actuals_insert AFTER INSERT ON indicator_actuals
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_indicator_actuals_update AFTER UPDATE ON indicator_actuals
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_indicator_actuals_delete AFTER DELETE ON indicator_actuals
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_goal_reviews_insert AFTER INSERT ON goal_reviews
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_goal_reviews_update AFTER UPDATE ON goal_reviews
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_goal_reviews_delete AFTER DELETE ON goal_reviews
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_related_plans_insert AFTER INSERT ON related_plans
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_related_plans_update AFTER UPDATE ON related_plans
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_related_plans_delete AFTER DELETE ON related_plans
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_related_plan_nodes_insert AFTER INSERT ON related_plan_nodes
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_related_plan_nodes_update AFTER UPDATE ON related_plan_nodes
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_related_plan_nodes_delete AFTER DELETE ON related_plan_nodes
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_documents_insert AFTER INSERT ON documents
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_documents_update AFTER UPDATE ON documents
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_documents_delete AFTER DELETE ON documents
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_document_initiatives_insert AFTER INSERT ON document_initiatives
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_document_initiatives_update AFTER UPDATE ON document_initiatives
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_document_initiatives_delete AFTER DELETE ON document_initiatives
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_judgement_scales_insert AFTER INSERT ON judgement_scales
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_judgement_scales_update AFTER UPDATE ON judgement_scales
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_judgement_scales_delete AFTER DELETE ON judgement_scales
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_fiscal_cycles_insert AFTER INSERT ON fiscal_cycles
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_fiscal_cycles_update AFTER UPDATE ON fiscal_cycles
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_fiscal_cycles_delete AFTER DELETE ON fiscal_cycles
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_policy_revisions_insert AFTER INSERT ON policy_revisions
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_policy_revisions_update AFTER UPDATE ON policy_revisions
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_policy_revisions_delete AFTER DELETE ON policy_revisions
BEGIN UPDATE page_generation SET generation = generation + 1; END;

-- What the importer keeps beside initiatives and indicators (0004_import), shown on their pages.
CREATE TRIGGER page_generation_program_facts_insert AFTER INSERT ON program_facts
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_program_facts_update AFTER UPDATE ON program_facts
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_program_facts_delete AFTER DELETE ON program_facts
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_initiative_costs_insert AFTER INSERT ON initiative_costs
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_initiative_costs_update AFTER UPDATE ON initiative_costs
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_initiative_costs_delete AFTER DELETE ON initiative_costs
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_indicator_yearly_insert AFTER INSERT ON indicator_yearly
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_indicator_yearly_update AFTER UPDATE ON indicator_yearly
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_indicator_yearly_delete AFTER DELETE ON indicator_yearly
BEGIN UPDATE page_generation SET generation = generation + 1; END;
