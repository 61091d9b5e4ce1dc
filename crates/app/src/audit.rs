//! The audit trail: every change a use case makes is written, in the same transaction, as
//! one row of who, when, which record, what action, and the record before and after (JSON).
//! The table is append-only (database triggers refuse UPDATE and DELETE).

use crate::access::Actor;
use crate::error::Result;
use hoshin_store::{NewAuditEntry, Tx};
use serde::Serialize;

/// Writes one audit row. `before` is `None` for a creation, `after` for a deletion.
pub async fn record<T: Serialize + ?Sized, U: Serialize + ?Sized>(
    tx: &dyn Tx,
    actor: &Actor,
    table: &str,
    row_id: i64,
    action: &str,
    before: Option<&T>,
    after: Option<&U>,
) -> Result<()> {
    let entry = NewAuditEntry {
        actor_id: actor.audit_id(),
        table_name: table.to_string(),
        row_id,
        action: action.to_string(),
        before: before.map(serde_json::to_value).transpose().map_err(store_json)?,
        after: after.map(serde_json::to_value).transpose().map_err(store_json)?,
    };
    tx.record_audit(&entry).await?;
    Ok(())
}

fn store_json(e: serde_json::Error) -> crate::AppError {
    crate::AppError::Store(hoshin_store::StoreError::Corrupt(format!("audit JSON: {e}")))
}

/// Who saved a record last and when, from its newest audit row.
#[derive(Debug, Clone)]
pub struct LastChange {
    /// The user's display name, 「システム」 for the system, or 「ユーザーNo.N」 for a user
    /// that cannot be read.
    pub who: String,
    pub at: i64,
}

/// The newest audit row of `table`/`row` as a [`LastChange`]; `None` when nothing is logged.
pub async fn last_change(db: &(impl crate::ReadDb + ?Sized), table: &str, row: i64) -> Result<Option<LastChange>> {
    let r = crate::db::read(db);
    let Some(entry) = r.audit_trail_of(table, &[row], hoshin_store::Page::first(1)).await?.into_iter().next() else {
        return Ok(None);
    };
    let who = match entry.actor_id {
        None => "システム".to_string(),
        Some(id) => match r.get_user(hoshin_domain::UserId(id)).await {
            Ok(u) => u.display_name,
            Err(_) => format!("ユーザーNo.{id}"),
        },
    };
    Ok(Some(LastChange { who, at: entry.at }))
}

/// One page of the staff's changes in an organization (the 変更の記録 page).
#[derive(Debug)]
pub struct RecentChanges {
    /// Every user of the organization (the filter's choices, and the names of the rows).
    pub users: Vec<hoshin_domain::User>,
    pub departments: Vec<hoshin_domain::Department>,
    /// Newest first.
    pub rows: Vec<hoshin_store::AuditEntry>,
    pub has_next: bool,
}

/// Page `n` (from 1) of `per_page` audit rows written by the users of `org` — by `user` only
/// when that is one of them. Planning staff and admins only.
pub async fn recent_changes(
    db: &(impl crate::ReadDb + ?Sized),
    actor: &Actor,
    org: hoshin_domain::OrgId,
    user: Option<hoshin_domain::UserId>,
    n: u32,
    per_page: u32,
) -> Result<RecentChanges> {
    crate::access::require_planning(actor, org)?;
    let r = crate::db::read(db);
    let users = r.list_users(org).await?;
    let departments = r.list_departments(org).await?;
    let who: Vec<hoshin_domain::UserId> = match user.filter(|u| users.iter().any(|x| x.id == *u)) {
        Some(u) => vec![u],
        None => users.iter().map(|u| u.id).collect(),
    };
    let mut rows = r
        .recent_audit(&who, hoshin_store::Page { limit: per_page + 1, offset: (n - 1).saturating_mul(per_page) })
        .await?;
    let has_next = rows.len() > per_page as usize;
    rows.truncate(per_page as usize);
    Ok(RecentChanges { users, departments, rows, has_next })
}
