//! The store's API: [`Read`] (queries, shared by the store and its transactions),
//! [`Store`] (a connection pool: reads, `begin`, `migrate`) and [`Tx`] (a unit of work:
//! every write happens inside one; dropping it without `commit` rolls back).
//!
//! Updates and deletes take the version the caller read (`meta.version`) and fail with
//! [`crate::StoreError::Conflict`] when the row changed since; they return the new version.
//! Lists are bounded: by their owner (a plan's tree, a department's years) or by a [`Page`].

use crate::error::Result;
use crate::read::IndicatorStanding;
use crate::records::*;
use async_trait::async_trait;
use hoshin_domain::*;
use std::collections::BTreeMap;

/// Queries. Implemented by every [`Store`] and every [`Tx`] (a transaction sees its own writes).
#[async_trait]
pub trait Read: Send + Sync {
    // Organizations and departments.
    async fn get_organization(&self, id: OrgId) -> Result<Organization>;
    async fn find_organization_by_code(&self, code: &OrgCode) -> Result<Option<Organization>>;
    async fn find_organization_by_name(&self, name: &str) -> Result<Option<Organization>>;
    async fn list_organizations(&self, page: Page) -> Result<Vec<Organization>>;
    async fn get_department(&self, id: DepartmentId) -> Result<Department>;
    /// All departments and sections of an organization, ordered by sort order then id.
    async fn list_departments(&self, org: OrgId) -> Result<Vec<Department>>;
    /// Rename history, oldest first.
    async fn department_names(&self, id: DepartmentId) -> Result<Vec<DepartmentName>>;
    /// The rename history of every department of an organization (one read for a page that
    /// names many), oldest first per department.
    async fn org_department_names(&self, org: OrgId) -> Result<Vec<DepartmentName>>;

    // Plans and their trees.
    async fn get_plan(&self, id: PlanId) -> Result<Plan>;
    /// A plan, its organization and the plan it belongs under. On PostgreSQL the three are
    /// chosen by the plan's id and read together; on SQLite the other two by the plan's keys
    /// after it (not found for a plan that does not exist).
    async fn plan_frame(&self, id: PlanId) -> Result<(Plan, Organization, Option<Plan>)>;
    async fn list_plans(&self, org: OrgId) -> Result<Vec<Plan>>;
    async fn get_node(&self, id: NodeId) -> Result<PlanNode>;
    /// The plan that holds a node, the plan's organization and the organization's departments,
    /// each chosen by the node's id: three statements started together, none waiting for the
    /// node's row (not found for a node that does not exist).
    async fn node_frame(&self, id: NodeId) -> Result<(Plan, Organization, Vec<Department>)>;
    /// The nodes above a node, the root first: its parent, the parent's parent … at most
    /// `max_depth` of them (one read, whatever the depth).
    async fn node_ancestors(&self, id: NodeId, max_depth: u32) -> Result<Vec<PlanNode>>;
    /// Top-level nodes of a plan, ordered.
    async fn root_nodes(&self, plan: PlanId) -> Result<Vec<PlanNode>>;
    /// Direct children of a node, ordered.
    async fn child_nodes(&self, parent: NodeId) -> Result<Vec<PlanNode>>;
    /// Every node of one plan, ordered by (parent, sort order, id); build the tree from `parent_id`.
    async fn plan_nodes(&self, plan: PlanId) -> Result<Vec<PlanNode>>;

    // Priority themes.
    async fn get_theme(&self, id: ThemeId) -> Result<PriorityTheme>;
    async fn list_themes(&self, org: OrgId, year: FiscalYear) -> Result<Vec<PriorityTheme>>;
    /// The year's themes the public may see (see [`NewPriorityTheme::published`]).
    async fn published_themes(&self, org: OrgId, year: FiscalYear) -> Result<Vec<PriorityTheme>>;

    // Initiatives.
    async fn get_initiative(&self, id: InitiativeId) -> Result<Initiative>;
    /// Initiatives of an organization (of one year when given), ordered by year, sort order, id.
    async fn list_initiatives(&self, org: OrgId, year: Option<FiscalYear>, page: Page) -> Result<Vec<Initiative>>;
    /// A year's published initiatives as the comparison reads them, in list order.
    async fn initiative_briefs(&self, org: OrgId, year: FiscalYear, page: Page) -> Result<Vec<InitiativeBrief>>;
    /// The 行革の視点 the organization's initiatives carry, each once, by number then name.
    async fn reform_perspectives_of(&self, org: OrgId) -> Result<Vec<ReformPerspective>>;
    /// Published initiatives with ids above `after`, by id (keyset windows for the API).
    async fn initiatives_after(
        &self,
        org: Option<OrgId>,
        year: Option<FiscalYear>,
        after: i64,
        limit: u32,
    ) -> Result<Vec<Initiative>>;
    async fn department_initiatives(&self, dept: DepartmentId, year: FiscalYear, page: Page)
        -> Result<Vec<Initiative>>;
    /// Initiatives linked to a plan node.
    async fn node_initiatives(&self, node: NodeId, page: Page) -> Result<Vec<Initiative>>;
    /// An initiative's place in the continuity chain in one read: its predecessor (by id, when
    /// it names one and that exists) and the live initiatives that name it as their
    /// predecessor (the next year's continuation), by id.
    async fn initiative_neighbours(
        &self,
        id: InitiativeId,
        predecessor: Option<InitiativeId>,
    ) -> Result<(Option<Initiative>, Vec<Initiative>)>;
    async fn count_initiatives(&self, org: OrgId, year: Option<FiscalYear>) -> Result<i64>;

    // Department policies.
    async fn get_department_policy(&self, dept: DepartmentId, year: FiscalYear) -> Result<Option<DepartmentPolicy>>;
    /// Every year's policy of one department, oldest first.
    async fn department_policies(&self, dept: DepartmentId) -> Result<Vec<DepartmentPolicy>>;

    // Indicators, with their actuals (ordered by year).
    async fn get_indicator(&self, id: IndicatorId) -> Result<Indicator>;
    async fn indicators_of(&self, owner: IndicatorOwner) -> Result<Vec<Indicator>>;
    async fn list_indicators(&self, org: OrgId, page: Page) -> Result<Vec<Indicator>>;
    /// The yearly values (targets, plans, forecasts) of the indicators [`Read::list_indicators`]
    /// returns for the same page, by indicator: read by the same selection, so the two can be
    /// asked for together.
    async fn list_indicator_yearly(&self, org: OrgId, page: Page) -> Result<BTreeMap<IndicatorId, Vec<YearValue>>>;
    /// [`Read::indicators_of`] with the indicators' yearly values, by indicator. On PostgreSQL
    /// the values are read by the same selection, beside the rows; on SQLite after them, and
    /// only when there are any.
    async fn indicators_with_yearly(
        &self,
        owner: IndicatorOwner,
    ) -> Result<(Vec<Indicator>, BTreeMap<IndicatorId, Vec<YearValue>>)>;
    /// Published indicators (with actuals) with ids above `after`, by id (keyset windows for the API).
    async fn indicators_after(&self, org: Option<OrgId>, after: i64, limit: u32) -> Result<Vec<Indicator>>;

    // Goal reviews.
    async fn get_goal_review(&self, initiative: InitiativeId, year: FiscalYear) -> Result<Option<GoalReview>>;
    /// Every year's review of one initiative, oldest first.
    async fn goal_reviews(&self, initiative: InitiativeId) -> Result<Vec<GoalReview>>;

    // Related plans.
    async fn get_related_plan(&self, id: RelatedPlanId) -> Result<RelatedPlan>;
    async fn list_related_plans(&self, org: OrgId) -> Result<Vec<RelatedPlan>>;
    async fn node_related_plans(&self, node: NodeId) -> Result<Vec<RelatedPlan>>;

    // Imported documents.
    async fn get_document(&self, id: DocumentId) -> Result<Document>;
    async fn find_document_by_hash(&self, org: OrgId, content_hash: &str) -> Result<Option<Document>>;
    /// Newest import first.
    async fn list_documents(&self, org: OrgId, page: Page) -> Result<Vec<Document>>;
    /// The published initiatives the document's latest import wrote, by id.
    async fn document_initiatives(&self, doc: DocumentId) -> Result<Vec<InitiativeId>>;
    /// The documents whose latest import wrote the initiative, by id.
    async fn initiative_documents(&self, id: InitiativeId) -> Result<Vec<DocumentId>>;

    // Judgement scales and audit.
    async fn judgement_scales(&self, org: OrgId) -> Result<Vec<StoredScale>>;
    /// Audit rows of one record, newest first.
    async fn audit_trail(&self, table: &str, row_id: i64, page: Page) -> Result<Vec<AuditEntry>>;

    /// Rows per table.
    async fn stats(&self) -> Result<Vec<TableCount>>;

    // For pages (read/pages.rs): several records at once, bounded by the id lists given.
    /// Fiscal years that have initiatives, per organization, ordered.
    async fn org_years(&self, orgs: &[OrgId]) -> Result<Vec<(OrgId, FiscalYear)>>;
    /// Plans of several organizations, ordered by organization then id.
    async fn plans_of_orgs(&self, orgs: &[OrgId]) -> Result<Vec<Plan>>;
    /// Initiatives of one year per owning department (`None`: no department).
    async fn initiative_counts_by_department(
        &self,
        org: OrgId,
        year: FiscalYear,
    ) -> Result<Vec<(Option<DepartmentId>, i64)>>;
    /// Every department's stance of one year.
    async fn year_policies(&self, org: OrgId, year: FiscalYear) -> Result<Vec<DepartmentPolicy>>;
    /// The departments of `org` with a stance (部局運営方針) for `year`: [`Read::year_policies`]
    /// without reading the texts.
    async fn year_policy_departments(&self, org: OrgId, year: FiscalYear) -> Result<Vec<DepartmentId>>;
    /// Initiatives of one year owned by any of `depts`, ordered by sort order, id.
    async fn departments_initiatives(
        &self,
        depts: &[DepartmentId],
        year: FiscalYear,
        page: Page,
    ) -> Result<Vec<Initiative>>;
    async fn nodes_by_ids(&self, nodes: &[NodeId]) -> Result<Vec<PlanNode>>;
    /// The plan nodes that the published initiatives of `depts` in `year` link to, each with its
    /// plan's kind, in id order: the nodes [`Read::departments_initiatives`]'s rows name (all of
    /// them when it pages), read without waiting for those rows.
    async fn departments_year_nodes(
        &self,
        depts: &[DepartmentId],
        year: FiscalYear,
    ) -> Result<Vec<(PlanNode, PlanKind)>>;
    /// The goal reviews of `year` of the published initiatives of `depts` in `year` (by
    /// initiative, then year), read without waiting for the initiatives.
    async fn departments_year_reviews(&self, depts: &[DepartmentId], year: FiscalYear) -> Result<Vec<GoalReview>>;
    /// The interim reviews of `year` of the published initiatives of `depts` in `year` (by
    /// initiative, year and period), read without waiting for the initiatives.
    async fn departments_year_interims(&self, depts: &[DepartmentId], year: FiscalYear) -> Result<Vec<InterimReview>>;
    async fn themes_by_ids(&self, themes: &[ThemeId]) -> Result<Vec<PriorityTheme>>;
    async fn orgs_by_ids(&self, orgs: &[OrgId]) -> Result<Vec<Organization>>;
    async fn departments_by_ids(&self, depts: &[DepartmentId]) -> Result<Vec<Department>>;
    /// Every year's review of each of `initiatives`.
    async fn reviews_of(&self, initiatives: &[InitiativeId]) -> Result<Vec<GoalReview>>;
    /// The indicators (with actuals) of each of `initiatives`, in one read.
    async fn initiative_indicators(&self, initiatives: &[InitiativeId]) -> Result<Vec<Indicator>>;
    /// The latest year before `year` that has initiatives.
    async fn year_before(&self, org: OrgId, year: FiscalYear) -> Result<Option<FiscalYear>>;
    /// One row per indicator of the organization with its actuals up to `year` folded in SQL.
    async fn indicator_standings(&self, org: OrgId, year: FiscalYear) -> Result<Vec<IndicatorStanding>>;
    /// Initiatives of any organization under a priority theme whose name contains `text`
    /// (case-insensitive for ASCII), ordered by theme then id; through the theme index.
    async fn theme_initiatives(&self, text: &str, page: Page) -> Result<Vec<Initiative>>;
    /// Initiatives whose name or summary contains `text`, scanning only ids in
    /// `(after, after + window]` (a bounded amount of work per call), at most `limit`, by id.
    /// Also returns where to continue (`None`: nothing left to scan).
    async fn search_initiatives(
        &self,
        text: &str,
        after: InitiativeId,
        window: i64,
        limit: u32,
    ) -> Result<(Vec<Initiative>, Option<InitiativeId>)>;
    /// Priority theme names with how many organizations use them, most used first.
    async fn common_themes(&self, limit: u32) -> Result<Vec<(String, i64)>>;

    // Search (read/search.rs): the change log and the records the index is built from, draft
    // rows included. `*_for_search` pages by id (`id > after`), of one organization when given.
    /// Change-log rows after `after`, oldest first.
    async fn search_changes(&self, after: i64, limit: u32) -> Result<Vec<SearchChange>>;
    /// The lowest and highest sequence numbers in the change log.
    async fn search_change_bounds(&self) -> Result<(Option<i64>, Option<i64>)>;
    /// Initiatives without node links.
    async fn initiatives_for_search(&self, org: Option<OrgId>, after: i64, limit: u32) -> Result<Vec<Initiative>>;
    async fn initiatives_by_ids(&self, ids: &[i64]) -> Result<Vec<Initiative>>;
    /// Indicators without actuals.
    async fn indicators_for_search(&self, org: Option<OrgId>, after: i64, limit: u32) -> Result<Vec<Indicator>>;
    async fn indicators_by_ids(&self, ids: &[i64]) -> Result<Vec<Indicator>>;
    /// Plan nodes with the organization that owns their plan.
    async fn nodes_for_search(&self, org: Option<OrgId>, after: i64, limit: u32) -> Result<Vec<(PlanNode, OrgId)>>;
    async fn nodes_with_org_by_ids(&self, ids: &[i64]) -> Result<Vec<(PlanNode, OrgId)>>;
    async fn policies_for_search(&self, org: Option<OrgId>, after: i64, limit: u32) -> Result<Vec<DepartmentPolicy>>;
    async fn policies_by_ids(&self, ids: &[i64]) -> Result<Vec<DepartmentPolicy>>;
    async fn revision_states(&self, ids: &[i64]) -> Result<Vec<(RevisionId, RevisionState)>>;
    /// Ids of a revision's initiative rows and indicator rows.
    async fn revision_row_ids(&self, rev: RevisionId) -> Result<(Vec<i64>, Vec<i64>)>;
    /// Genres of the documents that wrote each initiative.
    async fn initiative_genres(&self, ids: &[i64]) -> Result<Vec<(InitiativeId, Genre)>>;

    // Editing (read/workflow.rs): accounts, sessions, cycles, revisions and their drafts.
    async fn get_user(&self, id: UserId) -> Result<User>;
    /// The account with its credentials, for a login check.
    async fn find_user_by_login(&self, login: &str) -> Result<Option<(User, Credentials)>>;
    /// Accounts of an organization, by login.
    async fn list_users(&self, org: OrgId) -> Result<Vec<User>>;
    async fn find_session(&self, token_hash: &str) -> Result<Option<StoredSession>>;
    /// The personal access token with this hash (revoked and expired ones too).
    async fn find_api_token(&self, token_hash: &str) -> Result<Option<ApiToken>>;
    /// A user's personal access tokens, newest first.
    async fn user_api_tokens(&self, user: UserId) -> Result<Vec<ApiToken>>;
    async fn get_cycle(&self, org: OrgId, year: FiscalYear) -> Result<Option<FiscalCycle>>;
    async fn list_cycles(&self, org: OrgId) -> Result<Vec<FiscalCycle>>;
    async fn get_revision(&self, id: RevisionId) -> Result<PolicyRevision>;
    /// Every revision of one department's policy for a year, oldest first.
    async fn revisions_of(&self, dept: DepartmentId, year: FiscalYear) -> Result<Vec<PolicyRevision>>;
    /// Every revision of every department of an organization for a year (department order).
    async fn year_revisions(&self, org: OrgId, year: FiscalYear) -> Result<Vec<PolicyRevision>>;
    /// The draft rows of a revision, ordered.
    async fn revision_initiatives(&self, rev: RevisionId) -> Result<Vec<Initiative>>;
    /// The indicators of a revision's draft rows, with their actuals.
    async fn revision_indicators(&self, rev: RevisionId) -> Result<Vec<Indicator>>;
    /// Draft rows (of any revision) that revise the published initiative `live`.
    async fn draft_rows_of(&self, live: InitiativeId) -> Result<Vec<InitiativeId>>;
    /// Audit rows of several records of one table, newest first.
    async fn audit_trail_of(&self, table: &str, row_ids: &[i64], page: Page) -> Result<Vec<AuditEntry>>;
    /// Audit rows written by any of `users`, newest first.
    async fn recent_audit(&self, users: &[UserId], page: Page) -> Result<Vec<AuditEntry>>;
    /// The published rows a revision removes when it is published, in the order removed.
    async fn revision_removals(&self, rev: RevisionId) -> Result<Vec<Removal>>;
    // Review comments (read/comments.rs, migration 0013).
    /// Every comment of a revision (its policy thread and its initiatives' threads), oldest first.
    async fn revision_comments(&self, rev: RevisionId) -> Result<Vec<ReviewComment>>;
    async fn get_comment(&self, id: i64) -> Result<ReviewComment>;
    // Reporting periods (read/periods.rs, migration 0014).
    /// The organization's stored reporting periods in order (empty: the defaults).
    async fn reporting_periods(&self, org: OrgId) -> Result<Vec<ReportingPeriod>>;
    /// The interim values of the indicators.
    async fn interim_actuals(&self, ids: &[IndicatorId]) -> Result<Vec<InterimActual>>;
    /// The interim reviews of the initiatives.
    async fn interim_reviews(&self, ids: &[InitiativeId]) -> Result<Vec<InterimReview>>;
    /// Whether any interim value or review of the organization names the period.
    async fn period_in_use(&self, org: OrgId, key: &str) -> Result<bool>;
    // The staged review (read/stages.rs, migration 0013).
    /// The organization's review stages in order.
    async fn review_stages(&self, org: OrgId) -> Result<Vec<ReviewStage>>;
    /// Every evaluation of the organization's stages for `year`.
    async fn stage_evaluations(&self, org: OrgId, year: FiscalYear) -> Result<Vec<StageEvaluation>>;
    /// The lock of the organization's review of `year`, if locked.
    async fn review_lock(&self, org: OrgId, year: FiscalYear) -> Result<Option<ReviewLock>>;
    /// Whether any evaluation was written at the stage.
    async fn stage_in_use(&self, stage: i64) -> Result<bool>;

    // Evaluation-sheet facts (read/program.rs), for each id that has any, in id order.
    /// A program's number, plan path, judgements, direction and costs.
    async fn program_facts(&self, ids: &[InitiativeId]) -> Result<Vec<(InitiativeId, ProgramFacts)>>;
    /// An indicator's kind and yearly targets, plans and forecasts.
    async fn indicator_facts(&self, ids: &[IndicatorId]) -> Result<Vec<(IndicatorId, IndicatorFacts)>>;

    // 予算細事業 (read/budget.rs, migration 0012).
    /// The budget codes of each initiative in `ids` that has any, in id order.
    async fn budget_codes(&self, ids: &[InitiativeId]) -> Result<Vec<(InitiativeId, Vec<String>)>>;
    /// (code, initiative) for each published initiative of the organization carrying one of `codes`.
    async fn published_by_budget_code(&self, org: OrgId, codes: &[String]) -> Result<Vec<(String, InitiativeId)>>;
    /// The organization's imported 財務会計 lines of `codes`, ordered by code and year.
    async fn budget_lines(&self, org: OrgId, codes: &[String]) -> Result<Vec<StoredBudgetLine>>;
    /// The files of one upload batch not expired at `now` (Unix ms), in upload order.
    async fn batch_uploads(&self, batch: &str, now: i64) -> Result<Vec<StoredUpload>>;

    // The plan-tree roll-up (read/rollup.rs).
    /// The published KPIs of a plan's nodes, with actuals.
    async fn plan_indicators(&self, plan: PlanId) -> Result<Vec<Indicator>>;
    /// (node, year, progress) for each progress figure in a year of `from..=up_to` of a
    /// published initiative (of that year, or of the whole plan period) linked to a node of the
    /// plan: the roll-up's year and its initiative measures in one query (issue 14; a join
    /// over the links that PostgreSQL plans and runs once, not once for the year and again
    /// for its figures).
    async fn plan_progress_figures(
        &self,
        plan: PlanId,
        from: FiscalYear,
        up_to: FiscalYear,
    ) -> Result<Vec<(NodeId, FiscalYear, u8)>>;
    /// The weights set on the plan's nodes (a node without one weighs 1), in node id order.
    async fn plan_node_weights(&self, plan: PlanId) -> Result<Vec<(NodeId, f64)>>;
    // Notifications (read/notifications.rs, migration 0010).
    /// A user's notifications, newest first.
    async fn notifications_of(&self, user: UserId, page: Page) -> Result<Vec<Notification>>;
    async fn get_notification(&self, id: i64) -> Result<Notification>;
    async fn unread_notifications(&self, user: UserId) -> Result<i64>;
    /// The e-mail addresses of those of `users` that have one.
    async fn user_emails(&self, users: &[UserId]) -> Result<Vec<(UserId, String)>>;
    /// Outbox rows in `state` whose next attempt is due at `now` (Unix ms), oldest first.
    async fn due_mail(&self, state: MailState, now: i64, limit: u32) -> Result<Vec<OutboxMail>>;
    /// Outbox rows with ids above `after`, by id.
    async fn outbox(&self, after: i64, limit: u32) -> Result<Vec<OutboxMail>>;
    /// Cycles with any deadline between `from` and `to` (inclusive).
    async fn cycles_due_between(&self, from: Day, to: Day) -> Result<Vec<FiscalCycle>>;
}

/// A database: a pool of connections. Share it as `Arc<dyn Store>`.
#[async_trait]
pub trait Store: Read + std::fmt::Debug {
    fn backend(&self) -> Backend;
    /// Starts a unit of work.
    async fn begin(&self) -> Result<Box<dyn Tx>>;
    /// Applies pending migrations (idempotent; [`crate::open`] already does this). Runs
    /// nothing on a database that is current.
    async fn migrate(&self) -> Result<()>;
    /// Which migrations the database holds against those this binary embeds.
    async fn migration_status(&self) -> Result<MigrationStatus>;
    /// The generation of public output (migration 0007): grows, in the writing transaction,
    /// with every write to a table a public page shows, whichever process writes.
    async fn page_generation(&self) -> Result<i64>;
    /// How many transactions this store (this process) has committed: a cheap hint that
    /// [`Store::page_generation`] may have moved.
    fn commits(&self) -> u64;
    /// How many reads this store has run on a pooled connection (one round trip each, one
    /// or two statements) outside a transaction: the query counter of the page-speed tests
    /// (issue 14) and of `/metrics` (`hoshin_db_reads_total`).
    fn reads(&self) -> u64;
    /// One round trip to the database.
    async fn ping(&self) -> Result<()>;
    /// The pool's connections now.
    fn pool_state(&self) -> PoolState;
    /// PostgreSQL: grants `role` what `hoshin serve` needs and no more — read and write the
    /// tables, but only read and append the audit log, and only read the migrations table —
    /// so that audit rows cannot be rewritten even with the application's credentials.
    async fn grant_app_role(&self, role: &str) -> Result<()>;
    /// Bytes the database occupies (the SQLite file with its WAL, or the PostgreSQL database).
    async fn size_bytes(&self) -> Result<u64>;
    /// Refreshes the planner's statistics (after bulk loads) and, on SQLite, folds the WAL
    /// back into the database file.
    async fn optimize(&self) -> Result<()>;
    /// Writes a consistent copy of an SQLite database to a new file (`VACUUM INTO`); the
    /// file must not exist. PostgreSQL answers [`crate::StoreError::Invalid`]: use `pg_dump`.
    async fn backup_to(&self, path: &std::path::Path) -> Result<()>;
    /// Closes the pool, waiting for connections to be returned.
    async fn close(&self);
}

/// A unit of work. Writes are visible to others only after [`Tx::commit`]; dropping the
/// transaction without committing rolls everything back.
#[async_trait]
pub trait Tx: Read + std::fmt::Debug {
    async fn commit(self: Box<Self>) -> Result<()>;
    async fn rollback(self: Box<Self>) -> Result<()>;

    // Organizations and departments.
    async fn insert_organization(&self, new: &NewOrganization) -> Result<OrgId>;
    async fn update_organization(&self, org: &Organization) -> Result<i64>;
    async fn delete_organization(&self, id: OrgId, version: i64) -> Result<()>;
    /// Also records the first name in the rename history.
    async fn insert_department(&self, new: &NewDepartment) -> Result<DepartmentId>;
    /// Updates parent, name and order; a changed name is added to the history (from no particular year).
    async fn update_department(&self, dept: &Department) -> Result<i64>;
    /// Renames from a fiscal year on, keeping the old name in the history.
    async fn rename_department(
        &self,
        id: DepartmentId,
        version: i64,
        name: &str,
        valid_from: Option<FiscalYear>,
    ) -> Result<i64>;
    async fn delete_department(&self, id: DepartmentId, version: i64) -> Result<()>;

    // Plans and nodes. A node without `plan_id` takes its parent's plan.
    async fn insert_plan(&self, new: &NewPlan) -> Result<PlanId>;
    async fn update_plan(&self, plan: &Plan) -> Result<i64>;
    async fn delete_plan(&self, id: PlanId, version: i64) -> Result<()>;
    async fn insert_node(&self, new: &NewPlanNode) -> Result<NodeId>;
    async fn update_node(&self, node: &PlanNode) -> Result<i64>;
    /// Deletes the node with its subtree.
    async fn delete_node(&self, id: NodeId, version: i64) -> Result<()>;

    // Priority themes.
    async fn insert_theme(&self, new: &NewPriorityTheme) -> Result<ThemeId>;
    async fn update_theme(&self, theme: &PriorityTheme) -> Result<i64>;
    async fn delete_theme(&self, id: ThemeId, version: i64) -> Result<()>;
    /// Makes every theme of the organization's year public; returns how many were not yet.
    async fn publish_themes(&self, org: OrgId, year: FiscalYear) -> Result<u64>;

    // Initiatives (with their node links, milestones, sections, perspectives, SDGs).
    async fn insert_initiative(&self, new: &NewInitiative) -> Result<InitiativeId>;
    /// Replaces every field and the node links.
    async fn update_initiative(&self, initiative: &Initiative) -> Result<i64>;
    async fn delete_initiative(&self, id: InitiativeId, version: i64) -> Result<()>;

    // Department policies (UNIQUE per department and year: `department_policies_department_year`).
    async fn insert_department_policy(&self, new: &NewDepartmentPolicy) -> Result<DepartmentPolicyId>;
    async fn update_department_policy(&self, policy: &DepartmentPolicy) -> Result<i64>;
    async fn delete_department_policy(&self, id: DepartmentPolicyId, version: i64) -> Result<()>;

    // Indicators (with their actuals).
    async fn insert_indicator(&self, new: &NewIndicator) -> Result<IndicatorId>;
    /// Replaces every field and the set of actuals.
    async fn update_indicator(&self, indicator: &Indicator) -> Result<i64>;
    async fn delete_indicator(&self, id: IndicatorId, version: i64) -> Result<()>;
    /// Inserts or replaces one year's actual; bumps the indicator's version.
    async fn set_actual(&self, id: IndicatorId, version: i64, actual: &Actual) -> Result<i64>;

    // Goal reviews (UNIQUE per initiative and year: `goal_reviews_initiative_year`).
    async fn insert_goal_review(&self, new: &NewGoalReview) -> Result<GoalReviewId>;
    async fn update_goal_review(&self, review: &GoalReview) -> Result<i64>;
    async fn delete_goal_review(&self, id: GoalReviewId, version: i64) -> Result<()>;

    // Related plans (with their node links).
    async fn insert_related_plan(&self, new: &NewRelatedPlan) -> Result<RelatedPlanId>;
    async fn update_related_plan(&self, plan: &RelatedPlan) -> Result<i64>;
    async fn delete_related_plan(&self, id: RelatedPlanId, version: i64) -> Result<()>;

    // Documents (UNIQUE per organization and content hash: `documents_org_hash`).
    async fn insert_document(&self, new: &NewDocument) -> Result<DocumentId>;
    /// Updates every field, the content hash included (a changed file re-imported under the
    /// same title), and sets `imported_at` to now.
    async fn update_document(&self, doc: &Document) -> Result<i64>;
    async fn delete_document(&self, id: DocumentId, version: i64) -> Result<()>;
    /// Replaces the set of initiatives the document wrote (its latest import).
    async fn set_document_initiatives(&self, doc: DocumentId, ids: &[InitiativeId]) -> Result<()>;

    // Judgement scales (UNIQUE per organization and name: `judgement_scales_org_name`).
    async fn insert_judgement_scale(&self, org: OrgId, scale: &JudgementScale, is_default: bool) -> Result<i64>;
    async fn delete_judgement_scale(&self, id: i64, version: i64) -> Result<()>;

    async fn record_audit(&self, entry: &NewAuditEntry) -> Result<i64>;

    // Accounts and sessions (UNIQUE login: `users_login`).
    async fn insert_user(&self, new: &NewUser) -> Result<UserId>;
    /// Updates name, role, disabled flag and departments.
    async fn update_user(&self, user: &User) -> Result<i64>;
    /// Replaces the password hash and clears any lockout.
    async fn set_password(&self, id: UserId, version: i64, hash: &str) -> Result<i64>;
    /// Login bookkeeping (failure count, lockout, last login); leaves the version alone.
    async fn note_login(&self, id: UserId, success: bool, failed_logins: i64, locked_until: Option<i64>) -> Result<()>;
    async fn insert_session(&self, token_hash: &str, user: UserId, csrf: &str, expires_at: i64) -> Result<i64>;
    async fn delete_session(&self, token_hash: &str) -> Result<()>;
    async fn delete_user_sessions(&self, user: UserId) -> Result<u64>;
    /// Deletes sessions that expired before `now` (Unix ms).
    async fn purge_sessions(&self, now: i64) -> Result<u64>;
    /// Stores a personal access token's hash (UNIQUE: `api_tokens_hash`).
    async fn insert_api_token(&self, new: &NewApiToken) -> Result<i64>;
    /// Revokes a token that is not revoked yet; returns the new version.
    async fn revoke_api_token(&self, id: i64, version: i64) -> Result<i64>;
    /// Notes a token's last use (Unix ms); leaves the version alone.
    async fn touch_api_token(&self, id: i64, at: i64) -> Result<()>;

    // The cycle (UNIQUE per organization and year: `fiscal_cycles_org_year`).
    async fn insert_cycle(&self, new: &NewCycle) -> Result<CycleId>;
    /// Writes the deadlines and the year's publication (who, when), versioned.
    async fn update_cycle(&self, cycle: &FiscalCycle) -> Result<i64>;

    // Revisions (one unpublished per department and year: `policy_revisions_open`).
    async fn insert_revision(&self, new: &NewRevision) -> Result<RevisionId>;
    /// Updates state, stance, notes, comment and the who/when fields.
    async fn update_revision(&self, revision: &PolicyRevision) -> Result<i64>;
    /// Locks the revision's row for the rest of the transaction if it is still editable
    /// (draft or returned); false otherwise. Edits call this so a concurrent submit waits for
    /// them (or they see it) instead of slipping an edit past the submission.
    async fn lock_editable_revision(&self, id: RevisionId) -> Result<bool>;
    /// Inserts an initiative as a row of a revision.
    async fn insert_draft_initiative(&self, new: &NewInitiative, draft: Draft) -> Result<InitiativeId>;
    async fn insert_draft_indicator(&self, new: &NewIndicator, draft: Draft) -> Result<IndicatorId>;
    /// Re-marks a draft row (after publishing, to point it at the live row it became).
    async fn mark_draft_initiative(&self, id: InitiativeId, draft: Draft) -> Result<()>;
    async fn mark_draft_indicator(&self, id: IndicatorId, draft: Draft) -> Result<()>;
    /// Records that a revision removes a published row (idempotent per row and revision).
    async fn insert_removal(&self, new: &NewRemoval) -> Result<()>;
    /// Appends a comment to a revision's thread; returns its id.
    async fn insert_comment(&self, new: &NewReviewComment) -> Result<i64>;
    // Reporting periods and interim values (write/periods.rs); updates are optimistic.
    async fn insert_period(&self, p: &ReportingPeriod) -> Result<i64>;
    async fn update_period(&self, p: &ReportingPeriod) -> Result<i64>;
    async fn delete_period(&self, id: i64, version: i64) -> Result<()>;
    async fn insert_interim_actual(&self, a: &InterimActual) -> Result<i64>;
    async fn update_interim_actual(&self, a: &InterimActual) -> Result<i64>;
    async fn delete_interim_actual(&self, id: i64, version: i64) -> Result<()>;
    async fn insert_interim_review(&self, r: &InterimReview) -> Result<i64>;
    async fn update_interim_review(&self, r: &InterimReview) -> Result<i64>;
    async fn insert_stage(&self, new: &NewReviewStage) -> Result<i64>;
    /// Saves a stage (optimistic: a stale version is a conflict).
    async fn update_stage(&self, s: &ReviewStage) -> Result<i64>;
    async fn delete_stage(&self, id: i64, version: i64) -> Result<()>;
    async fn insert_evaluation(&self, new: &NewStageEvaluation) -> Result<i64>;
    /// Saves an evaluation (optimistic: a stale version is a conflict).
    async fn update_evaluation(&self, e: &StageEvaluation) -> Result<i64>;
    /// Locks a year's review; `None` when it already was.
    async fn insert_lock(&self, org: OrgId, year: FiscalYear, by: Option<UserId>) -> Result<Option<i64>>;
    /// Unlocks a year's review; false when it was not locked.
    async fn delete_lock(&self, org: OrgId, year: FiscalYear) -> Result<bool>;

    /// Deletes change-log rows written before `before_ms` (Unix ms).
    async fn prune_search_changes(&self, before_ms: i64) -> Result<u64>;
    /// Empties the change log (after a bulk load that a rebuild covers).
    async fn clear_search_changes(&self) -> Result<u64>;

    // Evaluation-sheet facts: each replaced as a whole (empty facts remove them).
    async fn set_program_facts(&self, id: InitiativeId, facts: &ProgramFacts) -> Result<()>;
    async fn set_indicator_facts(&self, id: IndicatorId, facts: &IndicatorFacts) -> Result<()>;

    // 予算細事業 (write/budget.rs, migration 0012).
    /// Replaces an initiative's budget codes.
    async fn set_budget_codes(&self, id: InitiativeId, codes: &[String]) -> Result<()>;
    /// Inserts or replaces the organization's 財務会計 line of a code and year; its row id.
    async fn put_budget_line(&self, org: OrgId, line: &BudgetLine, source: &str) -> Result<i64>;

    /// Sets a plan node's weight in the progress roll-up; `None` removes it (weight 1).
    async fn set_node_weight(&self, node: NodeId, weight: Option<f64>) -> Result<()>;

    // Uploads waiting for a commit on the staff import page.
    async fn insert_upload(&self, new: &NewUpload) -> Result<i64>;
    async fn delete_upload(&self, id: i64) -> Result<()>;
    /// Deletes uploads that expired before `now` (Unix ms).
    async fn purge_uploads(&self, now: i64) -> Result<u64>;

    // Notifications (write/notifications.rs). Keyed inserts write nothing when the key exists.
    /// `None`: a notification with the same dedupe key exists.
    async fn insert_notification(&self, new: &NewNotification) -> Result<Option<i64>>;
    /// Marks it read if it is `user`'s and unread; true when it changed.
    async fn mark_notification_read(&self, id: i64, user: UserId, now: i64) -> Result<bool>;
    async fn mark_all_notifications_read(&self, user: UserId, now: i64) -> Result<u64>;
    /// False: an e-mail with the same dedupe key was queued before.
    async fn enqueue_mail(&self, new: &NewMail) -> Result<bool>;
    /// pending (and due) → sending until `lease_until`; true when this call won the row.
    async fn claim_mail(&self, id: i64, now: i64, lease_until: i64) -> Result<bool>;
    /// The outcome of a claimed e-mail: sent, pending again (a retry), or failed.
    async fn finish_mail(
        &self,
        id: i64,
        state: MailState,
        now: i64,
        next_attempt_at: i64,
        error: Option<&str>,
    ) -> Result<()>;
    /// Pending e-mail becomes skipped (mail is not configured); how many.
    async fn skip_pending_mail(&self) -> Result<u64>;
    /// Sets or clears where the user's notifications are mailed (bumps the user's version).
    async fn set_user_email(&self, user: UserId, email: Option<&str>) -> Result<()>;

    // Bulk paths for large imports and the synthetic generator: multi-row INSERTs in
    // chunks under the bind-parameter limit. Ids come back in input order.
    async fn insert_departments_batch(&self, rows: &[NewDepartment]) -> Result<Vec<DepartmentId>>;
    async fn insert_nodes_batch(&self, rows: &[NewPlanNode]) -> Result<Vec<NodeId>>;
    async fn insert_initiatives_batch(&self, rows: &[NewInitiative]) -> Result<Vec<InitiativeId>>;
    async fn insert_indicators_batch(&self, rows: &[NewIndicator]) -> Result<Vec<IndicatorId>>;
    async fn insert_goal_reviews_batch(&self, rows: &[NewGoalReview]) -> Result<Vec<GoalReviewId>>;
    async fn insert_department_policies_batch(&self, rows: &[NewDepartmentPolicy]) -> Result<Vec<DepartmentPolicyId>>;
}
