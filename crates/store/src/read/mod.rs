//! The readers: plain functions over one connection, and the [`Read`] implementation that
//! gives them to both the store (a pooled connection per call) and a transaction.

mod audit;
mod budget;
mod comments;
mod documents;
mod indicators;
mod initiatives;
mod notifications;
mod org;
mod pages;
mod periods;
mod policies;
mod program;
mod related;
mod removals;
mod reviews;
mod rollup;
mod scales;
mod search;
mod stages;
mod tokens;
mod uploads;
mod workflow;

pub(crate) use initiatives::NodeLinks;
pub use pages::IndicatorStanding;

use crate::error::Result;
use crate::records::*;
use crate::traits::Read;
use crate::tx::Conn;
use async_trait::async_trait;
use hoshin_domain::*;
use std::collections::BTreeMap;

/// Runs a reader on a connection borrowed from `self`.
macro_rules! via {
    ($self:ident, $f:path $(, $a:expr)*) => {{
        let mut r = $self.reader().await?;
        $f(&mut r.db() $(, $a)*).await
    }};
}

/// The chosen indicators with their actuals: the two statements started together (on
/// PostgreSQL, one round trip; [`indicators::Chosen`]).
async fn chosen_indicators<T: Conn + ?Sized>(s: &T, chosen: indicators::Chosen<'_>) -> Result<Vec<Indicator>> {
    let (rows, actuals) = tokio::try_join!(async { via!(s, indicators::chosen_rows, chosen) }, async {
        via!(s, indicators::chosen_actuals, chosen)
    },)?;
    let items = rows.iter().map(crate::rows::indicator).collect::<Result<Vec<_>>>()?;
    Ok(indicators::attach(items, actuals))
}

#[async_trait]
impl<T: Conn> Read for T {
    async fn get_organization(&self, id: OrgId) -> Result<Organization> {
        via!(self, org::get_organization, id)
    }
    async fn find_organization_by_code(&self, code: &OrgCode) -> Result<Option<Organization>> {
        via!(self, org::find_organization_by_code, code)
    }
    async fn find_organization_by_name(&self, name: &str) -> Result<Option<Organization>> {
        via!(self, org::find_organization_by_name, name)
    }
    async fn list_organizations(&self, page: Page) -> Result<Vec<Organization>> {
        via!(self, org::list_organizations, page)
    }
    async fn get_department(&self, id: DepartmentId) -> Result<Department> {
        via!(self, org::get_department, id)
    }
    async fn list_departments(&self, org: OrgId) -> Result<Vec<Department>> {
        via!(self, org::list_departments, org)
    }
    async fn department_names(&self, id: DepartmentId) -> Result<Vec<DepartmentName>> {
        via!(self, org::department_names, id)
    }
    async fn org_department_names(&self, org: OrgId) -> Result<Vec<DepartmentName>> {
        via!(self, org::org_department_names, org)
    }
    async fn get_plan(&self, id: PlanId) -> Result<Plan> {
        via!(self, org::get_plan, id)
    }
    async fn plan_frame(&self, id: PlanId) -> Result<(Plan, Organization, Option<Plan>)> {
        if self.is_postgres() {
            // They leave together (`pgread.rs`): one round trip.
            return tokio::try_join!(
                async { via!(self, org::get_plan, id) },
                async { via!(self, org::org_of_plan, id) },
                async { via!(self, org::parent_of_plan, id) },
            );
        }
        // In process, reads by key after the plan's row (as `node_frame`).
        let plan = via!(self, org::get_plan, id)?;
        let (org, parent) = tokio::try_join!(async { via!(self, org::get_organization, plan.org_id) }, async {
            match plan.parent_plan_id {
                Some(p) => Ok(Some(via!(self, org::get_plan, p)?)),
                None => Ok(None),
            }
        })?;
        Ok((plan, org, parent))
    }
    async fn list_plans(&self, org: OrgId) -> Result<Vec<Plan>> {
        via!(self, org::list_plans, org)
    }
    async fn get_node(&self, id: NodeId) -> Result<PlanNode> {
        via!(self, org::get_node, id)
    }
    async fn node_frame(&self, id: NodeId) -> Result<(Plan, Organization, Vec<Department>)> {
        if self.is_postgres() {
            // Each chosen by the node: they leave together (`pgread.rs`), one round trip.
            return tokio::try_join!(
                async { via!(self, org::plan_of_node, id) },
                async { via!(self, org::org_of_node, id) },
                async { via!(self, org::departments_of_node, id) },
            );
        }
        // In process the joins that choose by the node cost more than reading by the plan's
        // key once it is there (with them, and a yearly read for a node without KPIs, a node
        // page took 231 µs instead of 215 on SQLite).
        let plan = via!(self, org::plan_of_node, id)?;
        let (org, departments) = tokio::try_join!(async { via!(self, org::get_organization, plan.org_id) }, async {
            via!(self, org::list_departments, plan.org_id)
        },)?;
        Ok((plan, org, departments))
    }
    async fn node_ancestors(&self, id: NodeId, max_depth: u32) -> Result<Vec<PlanNode>> {
        via!(self, org::node_ancestors, id, max_depth)
    }
    async fn root_nodes(&self, plan: PlanId) -> Result<Vec<PlanNode>> {
        via!(self, org::root_nodes, plan)
    }
    async fn child_nodes(&self, parent: NodeId) -> Result<Vec<PlanNode>> {
        via!(self, org::child_nodes, parent)
    }
    async fn plan_nodes(&self, plan: PlanId) -> Result<Vec<PlanNode>> {
        via!(self, org::plan_nodes, plan)
    }
    async fn published_themes(&self, org: OrgId, year: FiscalYear) -> Result<Vec<PriorityTheme>> {
        via!(self, org::published_themes, org, year)
    }
    async fn get_theme(&self, id: ThemeId) -> Result<PriorityTheme> {
        via!(self, org::get_theme, id)
    }
    async fn list_themes(&self, org: OrgId, year: FiscalYear) -> Result<Vec<PriorityTheme>> {
        via!(self, org::list_themes, org, year)
    }
    async fn get_initiative(&self, id: InitiativeId) -> Result<Initiative> {
        via!(self, initiatives::get_initiative, id)
    }
    async fn list_initiatives(&self, org: OrgId, year: Option<FiscalYear>, page: Page) -> Result<Vec<Initiative>> {
        via!(self, initiatives::list_initiatives, org, year, page)
    }
    async fn initiative_briefs(&self, org: OrgId, year: FiscalYear, page: Page) -> Result<Vec<InitiativeBrief>> {
        via!(self, initiatives::initiative_briefs, org, year, page)
    }
    async fn reform_perspectives_of(&self, org: OrgId) -> Result<Vec<ReformPerspective>> {
        via!(self, initiatives::reform_perspectives_of, org)
    }
    async fn initiatives_after(
        &self,
        org: Option<OrgId>,
        year: Option<FiscalYear>,
        after: i64,
        limit: u32,
    ) -> Result<Vec<Initiative>> {
        via!(self, initiatives::initiatives_after, org, year, after, limit)
    }
    async fn department_initiatives(
        &self,
        dept: DepartmentId,
        year: FiscalYear,
        page: Page,
    ) -> Result<Vec<Initiative>> {
        via!(self, initiatives::department_initiatives, dept, year, page)
    }
    async fn node_initiatives(&self, node: NodeId, page: Page) -> Result<Vec<Initiative>> {
        via!(self, initiatives::node_initiatives, node, page)
    }
    async fn initiative_neighbours(
        &self,
        id: InitiativeId,
        predecessor: Option<InitiativeId>,
    ) -> Result<(Option<Initiative>, Vec<Initiative>)> {
        via!(self, initiatives::initiative_neighbours, id, predecessor)
    }
    async fn count_initiatives(&self, org: OrgId, year: Option<FiscalYear>) -> Result<i64> {
        via!(self, initiatives::count_initiatives, org, year)
    }
    async fn get_department_policy(&self, dept: DepartmentId, year: FiscalYear) -> Result<Option<DepartmentPolicy>> {
        via!(self, policies::get_department_policy, dept, year)
    }
    async fn department_policies(&self, dept: DepartmentId) -> Result<Vec<DepartmentPolicy>> {
        via!(self, policies::department_policies, dept)
    }
    async fn get_indicator(&self, id: IndicatorId) -> Result<Indicator> {
        let mut v = chosen_indicators(self, indicators::Chosen::One(id)).await?;
        v.pop().ok_or_else(|| crate::error::StoreError::not_found("indicators", id))
    }
    async fn indicators_of(&self, owner: IndicatorOwner) -> Result<Vec<Indicator>> {
        chosen_indicators(self, indicators::Chosen::Owner(owner)).await
    }
    async fn list_indicators(&self, org: OrgId, page: Page) -> Result<Vec<Indicator>> {
        chosen_indicators(self, indicators::Chosen::OrgPage(org, page)).await
    }
    async fn list_indicator_yearly(&self, org: OrgId, page: Page) -> Result<BTreeMap<IndicatorId, Vec<YearValue>>> {
        via!(self, indicators::chosen_yearly, indicators::Chosen::OrgPage(org, page))
    }
    async fn indicators_with_yearly(
        &self,
        owner: IndicatorOwner,
    ) -> Result<(Vec<Indicator>, BTreeMap<IndicatorId, Vec<YearValue>>)> {
        let chosen = indicators::Chosen::Owner(owner);
        if self.is_postgres() {
            return tokio::try_join!(chosen_indicators(self, chosen), async {
                via!(self, indicators::chosen_yearly, chosen)
            });
        }
        // In process a statement costs its work, not a round trip: none for an owner without
        // indicators.
        let items = chosen_indicators(self, chosen).await?;
        let yearly = if items.is_empty() { BTreeMap::new() } else { via!(self, indicators::chosen_yearly, chosen)? };
        Ok((items, yearly))
    }
    async fn indicators_after(&self, org: Option<OrgId>, after: i64, limit: u32) -> Result<Vec<Indicator>> {
        via!(self, indicators::indicators_after, org, after, limit)
    }
    async fn get_goal_review(&self, initiative: InitiativeId, year: FiscalYear) -> Result<Option<GoalReview>> {
        via!(self, reviews::get_goal_review, initiative, year)
    }
    async fn goal_reviews(&self, initiative: InitiativeId) -> Result<Vec<GoalReview>> {
        via!(self, reviews::goal_reviews, initiative)
    }
    async fn get_related_plan(&self, id: RelatedPlanId) -> Result<RelatedPlan> {
        via!(self, related::get_related_plan, id)
    }
    async fn list_related_plans(&self, org: OrgId) -> Result<Vec<RelatedPlan>> {
        via!(self, related::list_related_plans, org)
    }
    async fn node_related_plans(&self, node: NodeId) -> Result<Vec<RelatedPlan>> {
        via!(self, related::node_related_plans, node)
    }
    async fn get_document(&self, id: DocumentId) -> Result<Document> {
        via!(self, documents::get_document, id)
    }
    async fn find_document_by_hash(&self, org: OrgId, content_hash: &str) -> Result<Option<Document>> {
        via!(self, documents::find_document_by_hash, org, content_hash)
    }
    async fn list_documents(&self, org: OrgId, page: Page) -> Result<Vec<Document>> {
        via!(self, documents::list_documents, org, page)
    }
    async fn document_initiatives(&self, doc: DocumentId) -> Result<Vec<InitiativeId>> {
        via!(self, documents::document_initiatives, doc)
    }
    async fn initiative_documents(&self, id: InitiativeId) -> Result<Vec<DocumentId>> {
        via!(self, documents::initiative_documents, id)
    }
    async fn judgement_scales(&self, org: OrgId) -> Result<Vec<StoredScale>> {
        via!(self, scales::judgement_scales, org)
    }
    async fn audit_trail(&self, table: &str, row_id: i64, page: Page) -> Result<Vec<AuditEntry>> {
        via!(self, audit::audit_trail, table, row_id, page)
    }
    async fn stats(&self) -> Result<Vec<TableCount>> {
        via!(self, audit::stats)
    }
    async fn org_years(&self, orgs: &[OrgId]) -> Result<Vec<(OrgId, FiscalYear)>> {
        via!(self, pages::org_years, orgs)
    }
    async fn plans_of_orgs(&self, orgs: &[OrgId]) -> Result<Vec<Plan>> {
        via!(self, pages::plans_of_orgs, orgs)
    }
    async fn initiative_counts_by_department(
        &self,
        org: OrgId,
        year: FiscalYear,
    ) -> Result<Vec<(Option<DepartmentId>, i64)>> {
        via!(self, pages::initiative_counts_by_department, org, year)
    }
    async fn year_policies(&self, org: OrgId, year: FiscalYear) -> Result<Vec<DepartmentPolicy>> {
        via!(self, pages::year_policies, org, year)
    }
    async fn year_policy_departments(&self, org: OrgId, year: FiscalYear) -> Result<Vec<DepartmentId>> {
        via!(self, pages::year_policy_departments, org, year)
    }
    async fn departments_initiatives(
        &self,
        depts: &[DepartmentId],
        year: FiscalYear,
        page: Page,
    ) -> Result<Vec<Initiative>> {
        via!(self, pages::departments_initiatives, depts, year, page)
    }
    async fn nodes_by_ids(&self, nodes: &[NodeId]) -> Result<Vec<PlanNode>> {
        via!(self, pages::nodes_by_ids, nodes)
    }
    async fn departments_year_nodes(
        &self,
        depts: &[DepartmentId],
        year: FiscalYear,
    ) -> Result<Vec<(PlanNode, PlanKind)>> {
        via!(self, pages::departments_year_nodes, depts, year)
    }
    async fn departments_year_reviews(&self, depts: &[DepartmentId], year: FiscalYear) -> Result<Vec<GoalReview>> {
        via!(self, pages::departments_year_reviews, depts, year)
    }
    async fn departments_year_interims(&self, depts: &[DepartmentId], year: FiscalYear) -> Result<Vec<InterimReview>> {
        via!(self, periods::departments_year_interims, depts, year)
    }
    async fn themes_by_ids(&self, themes: &[ThemeId]) -> Result<Vec<PriorityTheme>> {
        via!(self, pages::themes_by_ids, themes)
    }
    async fn orgs_by_ids(&self, orgs: &[OrgId]) -> Result<Vec<Organization>> {
        via!(self, pages::orgs_by_ids, orgs)
    }
    async fn departments_by_ids(&self, depts: &[DepartmentId]) -> Result<Vec<Department>> {
        via!(self, pages::departments_by_ids, depts)
    }
    async fn reviews_of(&self, initiatives: &[InitiativeId]) -> Result<Vec<GoalReview>> {
        via!(self, pages::reviews_of, initiatives)
    }
    async fn initiative_indicators(&self, initiatives: &[InitiativeId]) -> Result<Vec<Indicator>> {
        chosen_indicators(self, indicators::Chosen::Initiatives(initiatives)).await
    }
    async fn year_before(&self, org: OrgId, year: FiscalYear) -> Result<Option<FiscalYear>> {
        via!(self, pages::year_before, org, year)
    }
    async fn indicator_standings(&self, org: OrgId, year: FiscalYear) -> Result<Vec<IndicatorStanding>> {
        via!(self, pages::indicator_standings, org, year)
    }
    async fn theme_initiatives(&self, text: &str, page: Page) -> Result<Vec<Initiative>> {
        via!(self, pages::theme_initiatives, text, page)
    }
    async fn search_initiatives(
        &self,
        text: &str,
        after: InitiativeId,
        window: i64,
        limit: u32,
    ) -> Result<(Vec<Initiative>, Option<InitiativeId>)> {
        via!(self, pages::search_initiatives, text, after, window, limit)
    }
    async fn common_themes(&self, limit: u32) -> Result<Vec<(String, i64)>> {
        via!(self, pages::common_themes, limit)
    }
    async fn search_changes(&self, after: i64, limit: u32) -> Result<Vec<SearchChange>> {
        via!(self, search::search_changes, after, limit)
    }
    async fn search_change_bounds(&self) -> Result<(Option<i64>, Option<i64>)> {
        via!(self, search::search_change_bounds)
    }
    async fn initiatives_for_search(&self, org: Option<OrgId>, after: i64, limit: u32) -> Result<Vec<Initiative>> {
        via!(self, search::initiatives_for_search, org, after, limit)
    }
    async fn initiatives_by_ids(&self, ids: &[i64]) -> Result<Vec<Initiative>> {
        via!(self, search::initiatives_by_ids, ids)
    }
    async fn indicators_for_search(&self, org: Option<OrgId>, after: i64, limit: u32) -> Result<Vec<Indicator>> {
        via!(self, search::indicators_for_search, org, after, limit)
    }
    async fn indicators_by_ids(&self, ids: &[i64]) -> Result<Vec<Indicator>> {
        via!(self, search::indicators_by_ids, ids)
    }
    async fn nodes_for_search(&self, org: Option<OrgId>, after: i64, limit: u32) -> Result<Vec<(PlanNode, OrgId)>> {
        via!(self, search::nodes_for_search, org, after, limit)
    }
    async fn nodes_with_org_by_ids(&self, ids: &[i64]) -> Result<Vec<(PlanNode, OrgId)>> {
        via!(self, search::nodes_with_org_by_ids, ids)
    }
    async fn policies_for_search(&self, org: Option<OrgId>, after: i64, limit: u32) -> Result<Vec<DepartmentPolicy>> {
        via!(self, search::policies_for_search, org, after, limit)
    }
    async fn policies_by_ids(&self, ids: &[i64]) -> Result<Vec<DepartmentPolicy>> {
        via!(self, search::policies_by_ids, ids)
    }
    async fn revision_states(&self, ids: &[i64]) -> Result<Vec<(RevisionId, RevisionState)>> {
        via!(self, search::revision_states, ids)
    }
    async fn revision_row_ids(&self, rev: RevisionId) -> Result<(Vec<i64>, Vec<i64>)> {
        via!(self, search::revision_row_ids, rev)
    }
    async fn initiative_genres(&self, ids: &[i64]) -> Result<Vec<(InitiativeId, Genre)>> {
        via!(self, search::initiative_genres, ids)
    }
    async fn get_user(&self, id: UserId) -> Result<User> {
        via!(self, workflow::get_user, id)
    }
    async fn find_user_by_login(&self, login: &str) -> Result<Option<(User, Credentials)>> {
        via!(self, workflow::find_user_by_login, login)
    }
    async fn list_users(&self, org: OrgId) -> Result<Vec<User>> {
        via!(self, workflow::list_users, org)
    }
    async fn find_session(&self, token_hash: &str) -> Result<Option<StoredSession>> {
        via!(self, workflow::find_session, token_hash)
    }
    async fn find_api_token(&self, token_hash: &str) -> Result<Option<ApiToken>> {
        via!(self, tokens::find_api_token, token_hash)
    }
    async fn user_api_tokens(&self, user: UserId) -> Result<Vec<ApiToken>> {
        via!(self, tokens::user_api_tokens, user)
    }
    async fn get_cycle(&self, org: OrgId, year: FiscalYear) -> Result<Option<FiscalCycle>> {
        via!(self, workflow::get_cycle, org, year)
    }
    async fn list_cycles(&self, org: OrgId) -> Result<Vec<FiscalCycle>> {
        via!(self, workflow::list_cycles, org)
    }
    async fn get_revision(&self, id: RevisionId) -> Result<PolicyRevision> {
        via!(self, workflow::get_revision, id)
    }
    async fn revisions_of(&self, dept: DepartmentId, year: FiscalYear) -> Result<Vec<PolicyRevision>> {
        via!(self, workflow::revisions_of, dept, year)
    }
    async fn year_revisions(&self, org: OrgId, year: FiscalYear) -> Result<Vec<PolicyRevision>> {
        via!(self, workflow::year_revisions, org, year)
    }
    async fn revision_initiatives(&self, rev: RevisionId) -> Result<Vec<Initiative>> {
        via!(self, workflow::revision_initiatives, rev)
    }
    async fn revision_indicators(&self, rev: RevisionId) -> Result<Vec<Indicator>> {
        via!(self, workflow::revision_indicators, rev)
    }
    async fn draft_rows_of(&self, live: InitiativeId) -> Result<Vec<InitiativeId>> {
        via!(self, workflow::draft_rows_of, live)
    }
    async fn audit_trail_of(&self, table: &str, row_ids: &[i64], page: Page) -> Result<Vec<AuditEntry>> {
        via!(self, workflow::audit_trail_of, table, row_ids, page)
    }
    async fn recent_audit(&self, users: &[UserId], page: Page) -> Result<Vec<AuditEntry>> {
        via!(self, workflow::recent_audit, users, page)
    }
    async fn revision_removals(&self, rev: RevisionId) -> Result<Vec<Removal>> {
        via!(self, removals::revision_removals, rev)
    }
    async fn revision_comments(&self, rev: RevisionId) -> Result<Vec<ReviewComment>> {
        via!(self, comments::revision_comments, rev)
    }
    async fn get_comment(&self, id: i64) -> Result<ReviewComment> {
        via!(self, comments::get_comment, id)
    }
    async fn reporting_periods(&self, org: OrgId) -> Result<Vec<ReportingPeriod>> {
        via!(self, periods::reporting_periods, org)
    }
    async fn interim_actuals(&self, ids: &[IndicatorId]) -> Result<Vec<InterimActual>> {
        via!(self, periods::interim_actuals, ids)
    }
    async fn interim_reviews(&self, ids: &[InitiativeId]) -> Result<Vec<InterimReview>> {
        via!(self, periods::interim_reviews, ids)
    }
    async fn period_in_use(&self, org: OrgId, key: &str) -> Result<bool> {
        via!(self, periods::period_in_use, org, key)
    }
    async fn review_stages(&self, org: OrgId) -> Result<Vec<ReviewStage>> {
        via!(self, stages::review_stages, org)
    }
    async fn stage_evaluations(&self, org: OrgId, year: FiscalYear) -> Result<Vec<StageEvaluation>> {
        via!(self, stages::stage_evaluations, org, year)
    }
    async fn review_lock(&self, org: OrgId, year: FiscalYear) -> Result<Option<ReviewLock>> {
        via!(self, stages::review_lock, org, year)
    }
    async fn stage_in_use(&self, stage: i64) -> Result<bool> {
        via!(self, stages::stage_in_use, stage)
    }
    async fn program_facts(&self, ids: &[InitiativeId]) -> Result<Vec<(InitiativeId, ProgramFacts)>> {
        // Two statements at once: on PostgreSQL they leave together (`pgread.rs`).
        let (facts, costs) = tokio::try_join!(async { via!(self, program::program_facts, ids) }, async {
            via!(self, program::program_costs, ids)
        },)?;
        Ok(program::with_costs(facts, costs))
    }
    async fn indicator_facts(&self, ids: &[IndicatorId]) -> Result<Vec<(IndicatorId, IndicatorFacts)>> {
        let (kinds, yearly) = tokio::try_join!(async { via!(self, program::indicator_kinds, ids) }, async {
            via!(self, program::indicator_yearly, ids)
        },)?;
        Ok(program::with_yearly(kinds, yearly))
    }
    async fn budget_codes(&self, ids: &[InitiativeId]) -> Result<Vec<(InitiativeId, Vec<String>)>> {
        via!(self, budget::budget_codes, ids)
    }
    async fn published_by_budget_code(&self, org: OrgId, codes: &[String]) -> Result<Vec<(String, InitiativeId)>> {
        via!(self, budget::published_by_budget_code, org, codes)
    }
    async fn budget_lines(&self, org: OrgId, codes: &[String]) -> Result<Vec<StoredBudgetLine>> {
        via!(self, budget::budget_lines, org, codes)
    }
    async fn batch_uploads(&self, batch: &str, now: i64) -> Result<Vec<StoredUpload>> {
        via!(self, uploads::batch_uploads, batch, now)
    }
    async fn plan_indicators(&self, plan: PlanId) -> Result<Vec<Indicator>> {
        chosen_indicators(self, indicators::Chosen::Plan(plan)).await
    }
    async fn plan_progress_figures(
        &self,
        plan: PlanId,
        from: FiscalYear,
        up_to: FiscalYear,
    ) -> Result<Vec<(NodeId, FiscalYear, u8)>> {
        via!(self, rollup::plan_progress_figures, plan, from, up_to)
    }
    async fn plan_node_weights(&self, plan: PlanId) -> Result<Vec<(NodeId, f64)>> {
        via!(self, rollup::plan_node_weights, plan)
    }
    async fn notifications_of(&self, user: UserId, page: Page) -> Result<Vec<Notification>> {
        via!(self, notifications::notifications_of, user, page)
    }
    async fn get_notification(&self, id: i64) -> Result<Notification> {
        via!(self, notifications::get_notification, id)
    }
    async fn unread_notifications(&self, user: UserId) -> Result<i64> {
        via!(self, notifications::unread_notifications, user)
    }
    async fn user_emails(&self, users: &[UserId]) -> Result<Vec<(UserId, String)>> {
        via!(self, notifications::user_emails, users)
    }
    async fn due_mail(&self, state: MailState, now: i64, limit: u32) -> Result<Vec<OutboxMail>> {
        via!(self, notifications::due_mail, state, now, limit)
    }
    async fn outbox(&self, after: i64, limit: u32) -> Result<Vec<OutboxMail>> {
        via!(self, notifications::outbox, after, limit)
    }
    async fn cycles_due_between(&self, from: Day, to: Day) -> Result<Vec<FiscalCycle>> {
        via!(self, notifications::cycles_due_between, from, to)
    }
}
