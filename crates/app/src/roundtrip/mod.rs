//! The Excel round trip of a department's draft 部局運営方針: an editor downloads the draft as
//! a workbook ([`download`]), edits it offline and uploads it; the upload is checked and shown
//! as a difference against the current draft ([`preview`], nothing stored), then applied in
//! one transaction through the edit form's own writes, each audited ([`apply`]).
//!
//! The workbook carries the draft's identity and the version of every record it was made from
//! in a very hidden sheet ([`layout::META_SHEET`]). An upload for another department or
//! revision is refused; so is one made before the draft changed (any version differs, a record
//! was added or removed) — at preview and again, under the revision's lock, at apply — so a
//! stale workbook never overwrites anyone's edit. Cell errors name the sheet and cell.
//! Rows missing from the workbook are left alone; only the 削除 column removes.

pub mod diff;
pub mod layout;
pub mod read;
pub mod snapshot;
pub mod write;

pub use diff::{Change, ChangeKind, FieldChange};
pub use read::CellError;

use crate::access::Actor;
use crate::editing::{self, ActualEntry};
use crate::error::{AppError, Result};
use crate::App;
use diff::{Op, Plan};
use hoshin_domain::*;
use hoshin_store::{Page, Read, Tx};
use snapshot::{Snapshot, Stamp, StampKind};

/// The largest workbook accepted (a department's draft is a few dozen KB).
pub const MAX_BYTES: usize = 1024 * 1024;

/// A workbook to download.
#[derive(Debug, Clone)]
pub struct Download {
    pub file_name: String,
    /// ASCII only, for clients that ignore the Japanese name.
    pub ascii_name: String,
    pub bytes: Vec<u8>,
}

/// Who changed a record last and when (Unix ms), from its newest audit row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastChange {
    pub who: String,
    pub at: i64,
}

/// A record that changed after the workbook was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stale {
    /// 「取組「…」」.
    pub what: String,
    /// 変更, 追加 or 削除.
    pub how: &'static str,
    pub last: Option<LastChange>,
}

/// Why an upload is refused; nothing was changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Not an xlsx, no hidden sheet, another format version (the message says which).
    Unreadable(String),
    /// A workbook of another department, year or revision.
    OtherDraft(String),
    /// The draft changed after the workbook was made.
    Conflict(Vec<Stale>),
    /// Cells that cannot be read, every one.
    Cells(Vec<CellError>),
}

/// The checked difference, before anything is stored.
#[derive(Debug, Clone)]
pub struct Preview {
    pub department: Department,
    pub revision: PolicyRevision,
    pub changes: Vec<Change>,
}

/// What a check or an apply ended with.
#[derive(Debug, Clone)]
pub enum Outcome<T> {
    Done(T),
    Refused(Refusal),
}

/// The revision `rev` with its department, once `actor` may edit it (for the pages).
pub async fn draft(app: &App, actor: &Actor, rev: RevisionId) -> Result<editing::RevisionScope> {
    editing::scope(app.store.as_ref(), actor, rev).await
}

/// The draft of `rev` as a workbook (the department's editors, planning, admin).
pub async fn download(app: &App, actor: &Actor, rev: RevisionId) -> Result<Download> {
    let r = app.store.as_ref();
    let scope = editing::scope(r, actor, rev).await?;
    let s = Snapshot::load(r, &scope.revision, &scope.department).await?;
    let bytes = write::workbook(&s).map_err(|e| AppError::Exchange(e.into()))?;
    let year = s.revision.fiscal_year;
    Ok(Download {
        file_name: format!("{}_{}_部局運営方針_編集用.xlsx", s.department.name, year.wareki()),
        ascii_name: format!("policy_{}_{}_rev{}.xlsx", s.department.id, year.year(), s.revision.number),
        bytes,
    })
}

/// Reads and checks an uploaded workbook against the draft: the difference, or why not.
pub async fn preview(app: &App, actor: &Actor, rev: RevisionId, bytes: &[u8]) -> Result<Outcome<Preview>> {
    let r = app.store.as_ref();
    let scope = editing::scope(r, actor, rev).await?;
    editable(&scope.revision)?;
    Ok(match check(r, &scope, bytes).await? {
        Outcome::Done((_, plan)) => {
            Outcome::Done(Preview { department: scope.department, revision: scope.revision, changes: plan.changes })
        }
        Outcome::Refused(why) => Outcome::Refused(why),
    })
}

/// Checks the workbook again under the revision's lock and applies it in one transaction;
/// the changes made (empty: there was nothing to change).
pub async fn apply(app: &App, actor: &Actor, rev: RevisionId, bytes: &[u8]) -> Result<Outcome<Preview>> {
    let tx = app.store.begin().await?;
    let scope = editing::editable_scope(tx.as_ref(), actor, rev).await?;
    let plan = match check(tx.as_ref(), &scope, bytes).await? {
        Outcome::Done((_, plan)) => plan,
        // Dropping the transaction rolls it back (it only holds the lock).
        Outcome::Refused(why) => return Ok(Outcome::Refused(why)),
    };
    execute(tx.as_ref(), actor, &scope.revision, &plan).await?;
    tx.commit().await?;
    Ok(Outcome::Done(Preview { department: scope.department, revision: scope.revision, changes: plan.changes }))
}

fn editable(rev: &PolicyRevision) -> Result<()> {
    if rev.state.editable() {
        Ok(())
    } else {
        Err(AppError::State(format!(
            "この部局運営方針は「{}」のため編集できません。企画担当に差戻しを依頼してください。",
            rev.state.label()
        )))
    }
}

async fn check(r: &dyn Read, scope: &editing::RevisionScope, bytes: &[u8]) -> Result<Outcome<(Snapshot, Plan)>> {
    let book = match read::open(bytes) {
        Ok(b) => b,
        Err(why) => return Ok(Outcome::Refused(Refusal::Unreadable(why))),
    };
    let (rev, dept) = (&scope.revision, &scope.department);
    let m = &book.meta;
    let here = format!("{}の{}（第{}版）", dept.name, rev.fiscal_year.label(), rev.number);
    if m.organization != dept.org_id.0 || m.department != dept.id.0 || m.year != i64::from(rev.fiscal_year.year()) {
        let theirs = FiscalYear::new(m.year).map(FiscalYear::label).unwrap_or_default();
        return Ok(Outcome::Refused(Refusal::OtherDraft(format!(
            "このExcelは「{}」{}の部局運営方針のものです。{here}には反映できません。反映したい部局の画面からアップロードしてください。",
            m.department_name, theirs
        ))));
    }
    if m.revision != rev.id.0 {
        return Ok(Outcome::Refused(Refusal::OtherDraft(format!(
            "このExcelは{}の別の版のものです。いまの案（第{}版）の画面からダウンロードし直してください。",
            dept.name, rev.number
        ))));
    }
    let s = Snapshot::load(r, rev, dept).await?;
    if s.stamps() != m.stamps {
        return Ok(Outcome::Refused(Refusal::Conflict(stale(r, &s, &m.stamps).await?)));
    }
    match read::parse(&book, &s) {
        Ok(parsed) => {
            let plan = diff::plan(&s, &parsed);
            Ok(Outcome::Done((s, plan)))
        }
        Err(errors) => Ok(Outcome::Refused(Refusal::Cells(errors))),
    }
}

/// What changed since the workbook's stamps, newest change named.
async fn stale(r: &dyn Read, s: &Snapshot, theirs: &[Stamp]) -> Result<Vec<Stale>> {
    let now = s.stamps();
    let mut out = Vec::new();
    for st in &now {
        if theirs.contains(st) {
            continue;
        }
        let how = if theirs.iter().any(|t| t.kind == st.kind && t.id == st.id) { "変更" } else { "追加" };
        let (what, table, row) = describe(s, st);
        let last = last_change(r, table, row).await?;
        out.push(Stale { what, how, last });
    }
    for st in theirs {
        if !now.iter().any(|n| n.kind == st.kind && n.id == st.id) {
            let what = match st.kind {
                StampKind::Revision => "部局運営方針（案）".to_string(),
                StampKind::Initiative => format!("取組（ID {}）", st.id),
                StampKind::Review => format!("取組（ID {}）の振り返り", st.id),
                StampKind::Indicator => format!("指標（ID {}）", st.id),
            };
            out.push(Stale { what, how: "削除", last: None });
        }
    }
    Ok(out)
}

/// A stamp's record: its name for the page, and its audit table and row.
fn describe(s: &Snapshot, st: &Stamp) -> (String, &'static str, i64) {
    match st.kind {
        StampKind::Revision => ("基本的考え方・備考（または状態）".into(), "policy_revisions", st.id),
        StampKind::Initiative => {
            let name = s.item(InitiativeId(st.id)).map(|i| i.initiative.name.clone()).unwrap_or_default();
            (format!("取組「{name}」"), "initiatives", st.id)
        }
        StampKind::Review => {
            let item = s.item(InitiativeId(st.id));
            let name = item.map(|i| i.initiative.name.clone()).unwrap_or_default();
            let row = item.and_then(|i| i.review.as_ref()).map_or(0, |r| r.id.0);
            (format!("取組「{name}」の振り返り"), "goal_reviews", row)
        }
        StampKind::Indicator => {
            let name = s.kpi(IndicatorId(st.id)).map(|(_, k)| k.name.clone()).unwrap_or_default();
            (format!("指標「{name}」"), "indicators", st.id)
        }
    }
}

async fn last_change(r: &dyn Read, table: &str, row: i64) -> Result<Option<LastChange>> {
    let Some(entry) = r.audit_trail_of(table, &[row], Page::first(1)).await?.into_iter().next() else {
        return Ok(None);
    };
    let who = match entry.actor_id {
        None => "システム".to_string(),
        Some(id) => match r.get_user(UserId(id)).await {
            Ok(u) => u.display_name,
            Err(_) => format!("ユーザーNo.{id}"),
        },
    };
    Ok(Some(LastChange { who, at: entry.at }))
}

/// Runs the plan's writes through the edit form's functions, inside `tx`.
async fn execute(tx: &dyn Tx, actor: &Actor, rev: &PolicyRevision, plan: &Plan) -> Result<()> {
    let id = rev.id;
    for op in &plan.ops {
        match op {
            Op::Stance { version, stance, notes } => {
                editing::save_stance_in(tx, actor, id, *version, stance, notes.clone()).await?;
            }
            Op::UpdateInitiative { id: i, version, input } => {
                editing::update_initiative_in(tx, actor, id, *i, *version, input).await?;
            }
            Op::RemoveInitiative { id: i, version } => {
                editing::remove_initiative_in(tx, actor, id, *i, *version).await?;
            }
            Op::Review { initiative, version, input } => {
                editing::save_review_in(tx, actor, id, *initiative, *version, input).await?;
            }
            Op::AddInitiative { input, review } => {
                let new = editing::add_initiative_in(tx, actor, id, input).await?;
                if let Some(r) = review {
                    editing::save_review_in(tx, actor, id, new, None, r).await?;
                }
            }
            Op::UpdateKpi { id: k, version, def, actual: text } => {
                let mut v = *version;
                if let Some(input) = def {
                    v = editing::update_indicator_in(tx, actor, id, *k, v, input).await?;
                }
                if let Some(t) = text {
                    actual(tx, actor, rev, *k, v, t).await?;
                }
            }
            Op::RemoveKpi { id: k, version } => {
                editing::remove_indicator_in(tx, actor, id, *k, *version).await?;
            }
            Op::AddKpi { initiative, input, actual: text } => {
                let k = editing::add_indicator_in(tx, actor, id, *initiative, input).await?;
                if let Some(t) = text {
                    let v = tx.get_indicator(k).await?.meta.version;
                    actual(tx, actor, rev, k, v, t).await?;
                }
            }
        }
    }
    Ok(())
}

/// Sets the revision's year's actual of a KPI of the revision.
async fn actual(
    tx: &dyn Tx,
    actor: &Actor,
    rev: &PolicyRevision,
    kpi: IndicatorId,
    version: i64,
    text: &str,
) -> Result<()> {
    let entry = ActualEntry { indicator: kpi, version, text: text.to_string() };
    editing::write_actuals(tx, actor, rev.fiscal_year, &[entry], |i| {
        if i.draft.is_some_and(|d| d.revision_id == rev.id) {
            Ok(())
        } else {
            Err(hoshin_store::StoreError::NotFound { table: "indicators", id: i.id.to_string() }.into())
        }
    })
    .await?;
    Ok(())
}
