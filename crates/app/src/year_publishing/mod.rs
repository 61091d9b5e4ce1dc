//! Year publishing (issue 15): the planning office makes a fiscal year opened in hoshin public
//! as a whole. The year page lists every top-level department with its latest revision;
//! planning approves the submitted ones and publishes the approved ones in bulk, each batch
//! after a confirmation that lists what changes on the public side ([`changes`]) and in one
//! transaction through the workflow's own step ([`crate::workflow::transition_in`]: rights,
//! audit row, notifications per revision). The first bulk publication marks the year
//! published on its cycle row; before it, no department of the year can be published on its
//! own. A batch whose revisions changed after the confirmation was shown is refused whole
//! ([`AppError::Stale`] naming the departments).

pub mod changes;

use crate::access::{require_planning, Actor};
use crate::audit;
use crate::error::{AppError, Result};
use crate::workflow::transition_in;
pub use changes::{public_changes, Change, ChangeKind, PublicChanges};
use hoshin_domain::*;

/// The staff page of a year's publication.
pub fn page_path(year: FiscalYear) -> String {
    format!("/manage/{}/publish", year.year())
}

/// A top-level department on the year page.
#[derive(Debug, Clone)]
pub struct DepartmentRow {
    pub department: Department,
    /// Its latest revision of the year; `None`: none was opened (a department added later).
    pub latest: Option<PolicyRevision>,
}

/// The year page: the cycle (its publication) and every top-level department.
#[derive(Debug, Clone)]
pub struct YearPublication {
    pub year: FiscalYear,
    /// `None`: the year was not opened in hoshin (nothing to publish here).
    pub cycle: Option<FiscalCycle>,
    pub departments: Vec<DepartmentRow>,
}

impl YearPublication {
    /// The latest revisions in `state`.
    pub fn in_state(&self, state: RevisionState) -> impl Iterator<Item = (&Department, &PolicyRevision)> {
        self.departments
            .iter()
            .filter_map(|d| d.latest.as_ref().map(|r| (&d.department, r)))
            .filter(move |(_, r)| r.state == state)
    }
}

/// Reads the year page. Planning staff and administrators only.
pub async fn year_publication(
    db: &(impl crate::ReadDb + ?Sized),
    actor: &Actor,
    org: OrgId,
    year: FiscalYear,
) -> Result<YearPublication> {
    require_planning(actor, org)?;
    let r = crate::db::read(db);
    let cycle = r.get_cycle(org, year).await?;
    let mut departments = Vec::new();
    for d in r.list_departments(org).await?.into_iter().filter(|d| d.parent_id.is_none()) {
        let latest = r.revisions_of(d.id, year).await?.into_iter().max_by_key(|r| r.number);
        departments.push(DepartmentRow { department: d, latest });
    }
    Ok(YearPublication { year, cycle, departments })
}

/// Whether a year opened in hoshin is public (a year without a cycle row has no status: it is
/// public as it is imported).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearStatus {
    Unpublished,
    /// Published on that day (unknown for a year published before the day was recorded).
    Published(Option<Day>),
}

impl YearStatus {
    pub fn of(cycle: &FiscalCycle) -> Self {
        if cycle.is_published() {
            YearStatus::Published(cycle.published_on)
        } else {
            YearStatus::Unpublished
        }
    }

    /// 「公開済み（令和8年4月1日）」 or 「未公開」.
    pub fn label(self) -> String {
        match self {
            YearStatus::Published(Some(d)) => format!("公開済み（{}）", d.wareki()),
            YearStatus::Published(None) => "公開済み".to_string(),
            YearStatus::Unpublished => "未公開".to_string(),
        }
    }
}

/// The status of `year` of `org`; `None` when it was not opened in hoshin.
pub async fn year_status(
    db: &(impl crate::ReadDb + ?Sized),
    org: OrgId,
    year: FiscalYear,
) -> Result<Option<YearStatus>> {
    Ok(crate::db::read(db).get_cycle(org, year).await?.as_ref().map(YearStatus::of))
}

/// A bulk step: approve the submitted revisions or publish the approved ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BulkStep {
    Approve,
    Publish,
}

impl BulkStep {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "approve" => Some(BulkStep::Approve),
            "publish" => Some(BulkStep::Publish),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            BulkStep::Approve => "approve",
            BulkStep::Publish => "publish",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            BulkStep::Approve => "承認",
            BulkStep::Publish => "公開",
        }
    }

    /// The state a revision must be in for this step.
    pub fn from_state(self) -> RevisionState {
        match self {
            BulkStep::Approve => RevisionState::Submitted,
            BulkStep::Publish => RevisionState::Approved,
        }
    }

    fn transition(self) -> Transition {
        match self {
            BulkStep::Approve => Transition::Approve,
            BulkStep::Publish => Transition::Publish,
        }
    }
}

/// One department of a confirmation: the revision as it is now (its version goes into the
/// confirm form) and what the step changes on the public side.
#[derive(Debug, Clone)]
pub struct Planned {
    pub department: Department,
    pub revision: PolicyRevision,
    pub changes: PublicChanges,
}

/// What the confirmation page shows for `step` on the chosen revisions. Each must be the
/// latest revision of a top-level department of `org` for `year`, in the step's state.
pub async fn confirm(
    db: &(impl crate::ReadDb + ?Sized),
    actor: &Actor,
    org: OrgId,
    year: FiscalYear,
    step: BulkStep,
    chosen: &[RevisionId],
) -> Result<Vec<Planned>> {
    require_planning(actor, org)?;
    if chosen.is_empty() {
        return Err(AppError::invalid("rev", format!("{}する部局を選んでください", step.label())));
    }
    let r = crate::db::read(db);
    if r.get_cycle(org, year).await?.is_none() {
        return Err(not_opened(year));
    }
    let mut out = Vec::new();
    for id in dedup(chosen) {
        let (department, revision) = revision_of(r, org, year, id).await?;
        if revision.state != step.from_state() {
            return Err(wrong_state(&department, &revision, step));
        }
        let changes = public_changes(r, &revision, &department).await?;
        out.push(Planned { department, revision, changes });
    }
    Ok(out)
}

/// What a bulk step did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Done {
    pub step: BulkStep,
    /// The departments, in the order confirmed.
    pub departments: Vec<String>,
    /// This batch published the year.
    pub year_published: bool,
}

/// Takes `step` on every confirmed revision (id, the version the confirmation showed) in one
/// transaction. A revision changed since (another version) refuses the whole batch as
/// [`AppError::Stale`] naming its department; so does a revision no longer in the step's
/// state. Publishing marks the year published first (once, audited on `fiscal_cycles`).
pub async fn run(
    db: &(impl crate::Db + ?Sized),
    actor: &Actor,
    org: OrgId,
    year: FiscalYear,
    step: BulkStep,
    confirmed: &[(RevisionId, i64)],
    today: Day,
) -> Result<Done> {
    require_planning(actor, org)?;
    if confirmed.is_empty() {
        return Err(AppError::invalid("rev", format!("{}する部局を選んでください", step.label())));
    }
    let store = crate::db::store(db);
    let tx = store.begin().await?;
    let Some(cycle) = tx.get_cycle(org, year).await? else {
        return Err(not_opened(year));
    };
    let mut batch = Vec::new();
    let mut stale = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for &(id, version) in confirmed.iter().filter(|(id, _)| seen.insert(*id)) {
        let (dept, rev) = revision_of(tx.as_ref(), org, year, id).await?;
        if rev.meta.version != version || rev.state != step.from_state() {
            stale.push(format!("{}（{}）", dept.name, rev.state.label()));
        }
        batch.push((dept, rev));
    }
    if !stale.is_empty() {
        return Err(AppError::Stale(format!(
            "確認画面を表示した後に、次の部局の方針が変わりました：{}。\
             どの部局も{}していません。年度の公開ページでもう一度確認してください。",
            stale.join("、"),
            step.label()
        )));
    }
    let mut year_published = false;
    if step == BulkStep::Publish && !cycle.is_published() {
        let mut after = cycle.clone();
        after.published_by = actor.user_id();
        after.published_at = Some(now_ms());
        after.published_on = Some(today);
        tx.update_cycle(&after).await?;
        let saved = tx.get_cycle(org, year).await?;
        audit::record(tx.as_ref(), actor, "fiscal_cycles", cycle.id.0, "publish", Some(&cycle), saved.as_ref()).await?;
        year_published = true;
    }
    for (_, rev) in &batch {
        transition_in(tx.as_ref(), actor, rev.id, rev.meta.version, step.transition(), None).await?;
    }
    tx.commit().await?;
    Ok(Done { step, departments: batch.into_iter().map(|(d, _)| d.name).collect(), year_published })
}

fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
}

fn dedup(ids: &[RevisionId]) -> Vec<RevisionId> {
    let mut seen = std::collections::HashSet::new();
    ids.iter().copied().filter(|id| seen.insert(*id)).collect()
}

fn not_opened(year: FiscalYear) -> AppError {
    AppError::State(format!("{}は開始されていません。年度の設定で開始してから公開してください。", year.label()))
}

fn wrong_state(dept: &Department, rev: &PolicyRevision, step: BulkStep) -> AppError {
    AppError::State(format!("{}の部局運営方針は「{}」のため{}できません。", dept.name, rev.state.label(), step.label()))
}

/// A revision of a top-level department of `org` for `year` (anything else is not found,
/// as a revision of another organization is on the pages).
async fn revision_of(
    r: &dyn hoshin_store::Read,
    org: OrgId,
    year: FiscalYear,
    id: RevisionId,
) -> Result<(Department, PolicyRevision)> {
    let rev = r.get_revision(id).await?;
    let dept = r.get_department(rev.department_id).await?;
    if dept.org_id != org || rev.fiscal_year != year || dept.parent_id.is_some() {
        return Err(AppError::not_found("policy_revisions", id.0));
    }
    Ok((dept, rev))
}
