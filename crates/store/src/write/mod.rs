//! The writers: plain functions over one connection, and the [`Tx`] implementation that
//! runs them inside the open transaction.

mod audit;
mod batches;
mod budget;
mod bulk;
mod comments;
mod common;
mod documents;
mod indicators;
mod initiatives;
mod notifications;
mod org;
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

use crate::error::Result;
use crate::records::*;
use crate::traits::Tx;
use crate::tx::{Conn, SqlTx};
use async_trait::async_trait;
use hoshin_domain::*;

/// Runs a writer on the transaction's connection.
macro_rules! via {
    ($self:ident, $f:path $(, $a:expr)*) => {{
        let mut c = $self.conn().await?;
        $f(&mut **c $(, $a)*).await
    }};
}

#[async_trait]
impl Tx for SqlTx {
    async fn commit(self: Box<Self>) -> Result<()> {
        self.take().await?.commit().await?;
        self.committed();
        Ok(())
    }
    async fn rollback(self: Box<Self>) -> Result<()> {
        Ok(self.take().await?.rollback().await?)
    }

    async fn insert_organization(&self, new: &NewOrganization) -> Result<OrgId> {
        via!(self, org::insert_organization, new)
    }
    async fn update_organization(&self, o: &Organization) -> Result<i64> {
        via!(self, org::update_organization, o)
    }
    async fn delete_organization(&self, id: OrgId, version: i64) -> Result<()> {
        via!(self, org::delete_organization, id, version)
    }
    async fn insert_department(&self, new: &NewDepartment) -> Result<DepartmentId> {
        via!(self, org::insert_department, new)
    }
    async fn update_department(&self, d: &Department) -> Result<i64> {
        via!(self, org::update_department, d)
    }
    async fn rename_department(
        &self,
        id: DepartmentId,
        version: i64,
        name: &str,
        valid_from: Option<FiscalYear>,
    ) -> Result<i64> {
        via!(self, org::rename_department, id, version, name, valid_from)
    }
    async fn delete_department(&self, id: DepartmentId, version: i64) -> Result<()> {
        via!(self, org::delete_department, id, version)
    }
    async fn insert_plan(&self, new: &NewPlan) -> Result<PlanId> {
        via!(self, org::insert_plan, new)
    }
    async fn update_plan(&self, p: &Plan) -> Result<i64> {
        via!(self, org::update_plan, p)
    }
    async fn delete_plan(&self, id: PlanId, version: i64) -> Result<()> {
        via!(self, org::delete_plan, id, version)
    }
    async fn insert_node(&self, new: &NewPlanNode) -> Result<NodeId> {
        via!(self, org::insert_node, new)
    }
    async fn update_node(&self, n: &PlanNode) -> Result<i64> {
        via!(self, org::update_node, n)
    }
    async fn delete_node(&self, id: NodeId, version: i64) -> Result<()> {
        via!(self, org::delete_node, id, version)
    }
    async fn insert_theme(&self, new: &NewPriorityTheme) -> Result<ThemeId> {
        via!(self, org::insert_theme, new)
    }
    async fn update_theme(&self, t: &PriorityTheme) -> Result<i64> {
        via!(self, org::update_theme, t)
    }
    async fn delete_theme(&self, id: ThemeId, version: i64) -> Result<()> {
        via!(self, org::delete_theme, id, version)
    }
    async fn publish_themes(&self, org: OrgId, year: FiscalYear) -> Result<u64> {
        via!(self, org::publish_themes, org, year)
    }
    async fn insert_initiative(&self, new: &NewInitiative) -> Result<InitiativeId> {
        via!(self, initiatives::insert_initiative, new)
    }
    async fn update_initiative(&self, i: &Initiative) -> Result<i64> {
        via!(self, initiatives::update_initiative, i)
    }
    async fn delete_initiative(&self, id: InitiativeId, version: i64) -> Result<()> {
        via!(self, initiatives::delete_initiative, id, version)
    }
    async fn insert_department_policy(&self, new: &NewDepartmentPolicy) -> Result<DepartmentPolicyId> {
        via!(self, policies::insert_department_policy, new)
    }
    async fn update_department_policy(&self, p: &DepartmentPolicy) -> Result<i64> {
        via!(self, policies::update_department_policy, p)
    }
    async fn delete_department_policy(&self, id: DepartmentPolicyId, version: i64) -> Result<()> {
        via!(self, policies::delete_department_policy, id, version)
    }
    async fn insert_indicator(&self, new: &NewIndicator) -> Result<IndicatorId> {
        via!(self, indicators::insert_indicator, new)
    }
    async fn update_indicator(&self, i: &Indicator) -> Result<i64> {
        via!(self, indicators::update_indicator, i)
    }
    async fn delete_indicator(&self, id: IndicatorId, version: i64) -> Result<()> {
        via!(self, indicators::delete_indicator, id, version)
    }
    async fn set_actual(&self, id: IndicatorId, version: i64, actual: &Actual) -> Result<i64> {
        via!(self, indicators::set_actual, id, version, actual)
    }
    async fn insert_goal_review(&self, new: &NewGoalReview) -> Result<GoalReviewId> {
        via!(self, reviews::insert_goal_review, new)
    }
    async fn update_goal_review(&self, g: &GoalReview) -> Result<i64> {
        via!(self, reviews::update_goal_review, g)
    }
    async fn delete_goal_review(&self, id: GoalReviewId, version: i64) -> Result<()> {
        via!(self, reviews::delete_goal_review, id, version)
    }
    async fn insert_related_plan(&self, new: &NewRelatedPlan) -> Result<RelatedPlanId> {
        via!(self, related::insert_related_plan, new)
    }
    async fn update_related_plan(&self, p: &RelatedPlan) -> Result<i64> {
        via!(self, related::update_related_plan, p)
    }
    async fn delete_related_plan(&self, id: RelatedPlanId, version: i64) -> Result<()> {
        via!(self, related::delete_related_plan, id, version)
    }
    async fn insert_document(&self, new: &NewDocument) -> Result<DocumentId> {
        via!(self, documents::insert_document, new)
    }
    async fn update_document(&self, d: &Document) -> Result<i64> {
        via!(self, documents::update_document, d)
    }
    async fn delete_document(&self, id: DocumentId, version: i64) -> Result<()> {
        via!(self, documents::delete_document, id, version)
    }
    async fn set_document_initiatives(&self, doc: DocumentId, ids: &[InitiativeId]) -> Result<()> {
        via!(self, documents::set_document_initiatives, doc, ids)
    }
    async fn insert_judgement_scale(&self, org: OrgId, scale: &JudgementScale, is_default: bool) -> Result<i64> {
        via!(self, scales::insert_judgement_scale, org, scale, is_default)
    }
    async fn delete_judgement_scale(&self, id: i64, version: i64) -> Result<()> {
        via!(self, scales::delete_judgement_scale, id, version)
    }
    async fn record_audit(&self, entry: &NewAuditEntry) -> Result<i64> {
        via!(self, audit::record_audit, entry)
    }
    async fn insert_user(&self, new: &NewUser) -> Result<UserId> {
        via!(self, workflow::insert_user, new)
    }
    async fn update_user(&self, user: &User) -> Result<i64> {
        via!(self, workflow::update_user, user)
    }
    async fn set_password(&self, id: UserId, version: i64, hash: &str) -> Result<i64> {
        via!(self, workflow::set_password, id, version, hash)
    }
    async fn note_login(&self, id: UserId, success: bool, failed_logins: i64, locked_until: Option<i64>) -> Result<()> {
        via!(self, workflow::note_login, id, success, failed_logins, locked_until)
    }
    async fn insert_session(&self, token_hash: &str, user: UserId, csrf: &str, expires_at: i64) -> Result<i64> {
        via!(self, workflow::insert_session, token_hash, user, csrf, expires_at)
    }
    async fn delete_session(&self, token_hash: &str) -> Result<()> {
        via!(self, workflow::delete_session, token_hash)
    }
    async fn delete_user_sessions(&self, user: UserId) -> Result<u64> {
        via!(self, workflow::delete_user_sessions, user)
    }
    async fn prune_search_changes(&self, before_ms: i64) -> Result<u64> {
        via!(self, search::prune_search_changes, before_ms)
    }
    async fn clear_search_changes(&self) -> Result<u64> {
        via!(self, search::clear_search_changes)
    }
    async fn purge_sessions(&self, now: i64) -> Result<u64> {
        via!(self, workflow::purge_sessions, now)
    }
    async fn insert_api_token(&self, new: &NewApiToken) -> Result<i64> {
        via!(self, tokens::insert_api_token, new)
    }
    async fn revoke_api_token(&self, id: i64, version: i64) -> Result<i64> {
        via!(self, tokens::revoke_api_token, id, version)
    }
    async fn touch_api_token(&self, id: i64, at: i64) -> Result<()> {
        via!(self, tokens::touch_api_token, id, at)
    }
    async fn insert_cycle(&self, new: &NewCycle) -> Result<CycleId> {
        via!(self, workflow::insert_cycle, new)
    }
    async fn update_cycle(&self, cycle: &FiscalCycle) -> Result<i64> {
        via!(self, workflow::update_cycle, cycle)
    }
    async fn insert_revision(&self, new: &NewRevision) -> Result<RevisionId> {
        via!(self, workflow::insert_revision, new)
    }
    async fn update_revision(&self, revision: &PolicyRevision) -> Result<i64> {
        via!(self, workflow::update_revision, revision)
    }
    async fn lock_editable_revision(&self, id: RevisionId) -> Result<bool> {
        via!(self, workflow::lock_editable_revision, id)
    }
    async fn insert_draft_initiative(&self, new: &NewInitiative, draft: Draft) -> Result<InitiativeId> {
        via!(self, workflow::insert_draft_initiative, new, draft)
    }
    async fn insert_draft_indicator(&self, new: &NewIndicator, draft: Draft) -> Result<IndicatorId> {
        via!(self, workflow::insert_draft_indicator, new, draft)
    }
    async fn mark_draft_initiative(&self, id: InitiativeId, draft: Draft) -> Result<()> {
        via!(self, workflow::mark_draft, workflow::DraftTable::Initiatives, id.0, draft)
    }
    async fn mark_draft_indicator(&self, id: IndicatorId, draft: Draft) -> Result<()> {
        via!(self, workflow::mark_draft, workflow::DraftTable::Indicators, id.0, draft)
    }
    async fn insert_removal(&self, new: &NewRemoval) -> Result<()> {
        via!(self, removals::insert_removal, new)
    }
    async fn insert_comment(&self, new: &NewReviewComment) -> Result<i64> {
        via!(self, comments::insert_comment, new)
    }
    async fn insert_period(&self, p: &ReportingPeriod) -> Result<i64> {
        via!(self, periods::insert_period, p)
    }
    async fn update_period(&self, p: &ReportingPeriod) -> Result<i64> {
        via!(self, periods::update_period, p)
    }
    async fn delete_period(&self, id: i64, version: i64) -> Result<()> {
        via!(self, periods::delete_period, id, version)
    }
    async fn insert_interim_actual(&self, a: &InterimActual) -> Result<i64> {
        via!(self, periods::insert_interim_actual, a)
    }
    async fn update_interim_actual(&self, a: &InterimActual) -> Result<i64> {
        via!(self, periods::update_interim_actual, a)
    }
    async fn delete_interim_actual(&self, id: i64, version: i64) -> Result<()> {
        via!(self, periods::delete_interim_actual, id, version)
    }
    async fn insert_interim_review(&self, r: &InterimReview) -> Result<i64> {
        via!(self, periods::insert_interim_review, r)
    }
    async fn update_interim_review(&self, r: &InterimReview) -> Result<i64> {
        via!(self, periods::update_interim_review, r)
    }
    async fn insert_stage(&self, new: &NewReviewStage) -> Result<i64> {
        via!(self, stages::insert_stage, new)
    }
    async fn update_stage(&self, s: &ReviewStage) -> Result<i64> {
        via!(self, stages::update_stage, s)
    }
    async fn delete_stage(&self, id: i64, version: i64) -> Result<()> {
        via!(self, stages::delete_stage, id, version)
    }
    async fn insert_evaluation(&self, new: &NewStageEvaluation) -> Result<i64> {
        via!(self, stages::insert_evaluation, new)
    }
    async fn update_evaluation(&self, e: &StageEvaluation) -> Result<i64> {
        via!(self, stages::update_evaluation, e)
    }
    async fn insert_lock(&self, org: OrgId, year: FiscalYear, by: Option<UserId>) -> Result<Option<i64>> {
        via!(self, stages::insert_lock, org, year, by)
    }
    async fn delete_lock(&self, org: OrgId, year: FiscalYear) -> Result<bool> {
        via!(self, stages::delete_lock, org, year)
    }
    async fn insert_departments_batch(&self, rows: &[NewDepartment]) -> Result<Vec<DepartmentId>> {
        via!(self, batches::insert_departments, self.backend(), rows)
    }
    async fn insert_nodes_batch(&self, rows: &[NewPlanNode]) -> Result<Vec<NodeId>> {
        via!(self, batches::insert_nodes, self.backend(), rows)
    }
    async fn insert_initiatives_batch(&self, rows: &[NewInitiative]) -> Result<Vec<InitiativeId>> {
        via!(self, batches::insert_initiatives, self.backend(), rows)
    }
    async fn insert_indicators_batch(&self, rows: &[NewIndicator]) -> Result<Vec<IndicatorId>> {
        via!(self, batches::insert_indicators, self.backend(), rows)
    }
    async fn insert_goal_reviews_batch(&self, rows: &[NewGoalReview]) -> Result<Vec<GoalReviewId>> {
        via!(self, batches::insert_goal_reviews, self.backend(), rows)
    }
    async fn insert_department_policies_batch(&self, rows: &[NewDepartmentPolicy]) -> Result<Vec<DepartmentPolicyId>> {
        via!(self, batches::insert_policies, self.backend(), rows)
    }
    async fn set_program_facts(&self, id: InitiativeId, facts: &ProgramFacts) -> Result<()> {
        via!(self, program::set_program_facts, id, facts)
    }
    async fn set_indicator_facts(&self, id: IndicatorId, facts: &IndicatorFacts) -> Result<()> {
        via!(self, program::set_indicator_facts, id, facts)
    }
    async fn set_budget_codes(&self, id: InitiativeId, codes: &[String]) -> Result<()> {
        via!(self, budget::set_budget_codes, id, codes)
    }
    async fn put_budget_line(&self, org: OrgId, line: &BudgetLine, source: &str) -> Result<i64> {
        via!(self, budget::put_budget_line, org, line, source)
    }
    async fn set_node_weight(&self, node: NodeId, weight: Option<f64>) -> Result<()> {
        via!(self, rollup::set_node_weight, node, weight)
    }
    async fn insert_upload(&self, new: &NewUpload) -> Result<i64> {
        via!(self, uploads::insert_upload, new)
    }
    async fn delete_upload(&self, id: i64) -> Result<()> {
        via!(self, uploads::delete_upload, id)
    }
    async fn purge_uploads(&self, now: i64) -> Result<u64> {
        via!(self, uploads::purge_uploads, now)
    }
    async fn insert_notification(&self, new: &NewNotification) -> Result<Option<i64>> {
        via!(self, notifications::insert_notification, new)
    }
    async fn mark_notification_read(&self, id: i64, user: UserId, now: i64) -> Result<bool> {
        via!(self, notifications::mark_notification_read, id, user, now)
    }
    async fn mark_all_notifications_read(&self, user: UserId, now: i64) -> Result<u64> {
        via!(self, notifications::mark_all_read, user, now)
    }
    async fn enqueue_mail(&self, new: &NewMail) -> Result<bool> {
        via!(self, notifications::enqueue_mail, new)
    }
    async fn claim_mail(&self, id: i64, now: i64, lease_until: i64) -> Result<bool> {
        via!(self, notifications::claim_mail, id, now, lease_until)
    }
    async fn finish_mail(
        &self,
        id: i64,
        state: MailState,
        now: i64,
        next_attempt_at: i64,
        error: Option<&str>,
    ) -> Result<()> {
        via!(self, notifications::finish_mail, id, state, now, next_attempt_at, error)
    }
    async fn skip_pending_mail(&self) -> Result<u64> {
        via!(self, notifications::skip_pending_mail)
    }
    async fn set_user_email(&self, user: UserId, email: Option<&str>) -> Result<()> {
        via!(self, notifications::set_user_email, user, email)
    }
}
