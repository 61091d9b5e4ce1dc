//! What the staff's 変更履歴 page of one record reads: the record (or, once deleted, what is
//! left of it), its audit rows, and the names its logged images refer to. The page decides
//! which generation to show and how to word the differences.

use crate::error::{AppError, Result};
use crate::ReadDb;
use hoshin_domain::*;
use hoshin_store::{AuditEntry, Page};
use serde_json::Value;
use std::collections::HashMap;

/// The record a history is about.
#[derive(Debug)]
pub struct Subject {
    /// The row ids whose audit rows make up the history (an initiative's revision copies too).
    pub ids: Vec<i64>,
    /// The record's organization, when known without the audit rows.
    pub org: Option<OrgId>,
    /// A name for the title (「No.N」 when the record cannot be read).
    pub name: String,
    /// False when the record no longer exists.
    pub exists: bool,
}

/// The record `table`/`id`: found, or (no longer stored) its own rows and, for an
/// initiative, those of the revisions' rows that copied it.
pub async fn subject(db: &(impl ReadDb + ?Sized), table: &str, id: i64) -> Result<Subject> {
    let r = crate::db::read(db);
    match stored_subject(r, table, id).await {
        Ok((ids, org, name)) => Ok(Subject { ids, org, name, exists: true }),
        Err(AppError::NotFound { .. }) => {
            let mut ids = vec![id];
            if table == "initiatives" {
                ids.extend(r.draft_rows_of(InitiativeId(id)).await?.into_iter().map(|i| i.0));
            }
            Ok(Subject { ids, org: None, name: format!("No.{id}"), exists: false })
        }
        Err(e) => Err(e),
    }
}

async fn stored_subject(r: &dyn hoshin_store::Read, table: &str, id: i64) -> Result<(Vec<i64>, Option<OrgId>, String)> {
    Ok(match table {
        "initiatives" => {
            let item = r.get_initiative(InitiativeId(id)).await?;
            let live = item.draft.and_then(|d| d.live_id).unwrap_or(item.id.0);
            let mut ids = vec![id, live];
            ids.extend(r.draft_rows_of(InitiativeId(live)).await?.into_iter().map(|i| i.0));
            ids.sort_unstable();
            ids.dedup();
            (ids, Some(item.org_id), item.name)
        }
        "indicators" => {
            let ind = r.get_indicator(IndicatorId(id)).await?;
            let mut ids = vec![id];
            ids.extend(ind.draft.and_then(|d| d.live_id));
            ids.dedup();
            (ids, Some(ind.org_id), ind.name)
        }
        "policy_revisions" => {
            let rev = r.get_revision(RevisionId(id)).await?;
            let dept = r.get_department(rev.department_id).await?;
            let name = format!("{} {}（第{}版）", dept.name, rev.fiscal_year.label(), rev.number);
            (vec![id], Some(dept.org_id), name)
        }
        "users" => {
            let u = r.get_user(UserId(id)).await?;
            (vec![id], Some(u.org_id), u.display_name)
        }
        "documents" => {
            let d = r.get_document(DocumentId(id)).await?;
            (vec![id], Some(d.org_id), d.title)
        }
        _ => (vec![id], None, format!("No.{id}")),
    })
}

/// The audit rows of `ids` in `table`, newest first, at most `limit`.
pub async fn trail(db: &(impl ReadDb + ?Sized), table: &str, ids: &[i64], limit: u32) -> Result<Vec<AuditEntry>> {
    Ok(crate::db::read(db).audit_trail_of(table, ids, Page::first(limit)).await?)
}

/// The organization a record belongs to, read from a JSON image of it in the audit log.
pub async fn org_from_image(db: &(impl ReadDb + ?Sized), v: &Value) -> Result<Option<OrgId>> {
    let r = crate::db::read(db);
    let num = |k: &str| v.get(k).and_then(Value::as_i64);
    if let Some(o) = num("org_id") {
        return Ok(Some(OrgId(o)));
    }
    if let Some(d) = num("department_id") {
        return Ok(Some(r.get_department(DepartmentId(d)).await?.org_id));
    }
    if let Some(i) = num("initiative_id") {
        return Ok(Some(r.get_initiative(InitiativeId(i)).await?.org_id));
    }
    Ok(None)
}

/// A name for a record known only from its logged image: the reviewed initiative or the
/// department, with the fiscal year.
pub async fn name_from_image(db: &(impl ReadDb + ?Sized), v: &Value) -> Option<String> {
    let r = crate::db::read(db);
    let year = v.get("fiscal_year").and_then(Value::as_i64).and_then(|y| FiscalYear::new(y).ok());
    let year = year.map(|y| y.label()).unwrap_or_default();
    if let Some(i) = v.get("initiative_id").and_then(Value::as_i64) {
        let item = r.get_initiative(InitiativeId(i)).await.ok()?;
        return Some(format!("{} {year}", item.name));
    }
    if let Some(d) = v.get("department_id").and_then(Value::as_i64) {
        let dept = r.get_department(DepartmentId(d)).await.ok()?;
        return Some(format!("{} {year}", dept.name));
    }
    (!year.is_empty()).then_some(year)
}

/// Names of priority themes by id.
pub async fn theme_names(db: &(impl ReadDb + ?Sized), ids: &[ThemeId]) -> Result<HashMap<i64, String>> {
    Ok(crate::db::read(db).themes_by_ids(ids).await?.into_iter().map(|t| (t.id.0, t.name)).collect())
}

/// Initiatives by id as 「name（year）」; ids that no longer resolve are left out.
pub async fn initiative_names(db: &(impl ReadDb + ?Sized), ids: impl IntoIterator<Item = i64>) -> HashMap<i64, String> {
    let r = crate::db::read(db);
    let mut names = HashMap::new();
    for id in ids {
        if let Ok(i) = r.get_initiative(InitiativeId(id)).await {
            let name = match i.fiscal_year {
                Some(y) => format!("{}（{}）", i.name, y.label()),
                None => i.name,
            };
            names.insert(id, name);
        }
    }
    names
}

/// Users' display names by id (「ユーザーNo.N」 for one that cannot be read).
pub async fn user_names(db: &(impl ReadDb + ?Sized), ids: impl IntoIterator<Item = i64>) -> HashMap<i64, String> {
    let r = crate::db::read(db);
    let mut names = HashMap::new();
    for id in ids {
        if let std::collections::hash_map::Entry::Vacant(e) = names.entry(id) {
            let name = r.get_user(UserId(id)).await.map_or_else(|_| format!("ユーザーNo.{id}"), |u| u.display_name);
            e.insert(name);
        }
    }
    names
}
