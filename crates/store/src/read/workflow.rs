//! Reads for editing: users and sessions, fiscal cycles, policy revisions with their draft
//! rows, and audit rows of several records at once.

use super::indicators::with_actuals;
use super::initiatives::with_links;
use crate::conv::{fy_col, fy_req, get, meta, placeholders};
use crate::error::{Result, StoreError};
use crate::exec::{query, query_scalar, Db, Row};
use crate::records::{AuditEntry, Credentials, Page, StoredSession};
use crate::rows::{self, audit_cols, indicator_cols, initiative_cols};
use hoshin_domain::*;

const USER_COLS: &str = "id, org_id, login, display_name, role, disabled, created_at, updated_at, version";
pub(super) const CYCLE_COLS: &str =
    "id, org_id, fiscal_year, policy_due, midyear_due, yearend_due, opened_by, published_by, published_at, \
     published_on, created_at, updated_at, version";
const REVISION_COLS: &str = "r.id, r.department_id, r.fiscal_year, r.number, r.state, r.stance, r.notes, r.comment, \
     r.created_by, r.submitted_by, r.submitted_at, r.decided_by, r.decided_at, r.published_by, r.published_at, \
     r.created_at, r.updated_at, r.version";

fn user_row(row: &Row) -> Result<User> {
    let role: String = get(row, "role")?;
    Ok(User {
        id: UserId(get(row, "id")?),
        org_id: OrgId(get(row, "org_id")?),
        login: get(row, "login")?,
        display_name: get(row, "display_name")?,
        role: Role::parse(&role)?,
        departments: Vec::new(),
        disabled: get::<i64>(row, "disabled")? != 0,
        meta: meta(row)?,
    })
}

pub(super) fn cycle_row(row: &Row) -> Result<FiscalCycle> {
    Ok(FiscalCycle {
        id: CycleId(get(row, "id")?),
        org_id: OrgId(get(row, "org_id")?),
        fiscal_year: fy_req(get(row, "fiscal_year")?)?,
        policy_due: day_opt(get(row, "policy_due")?)?,
        midyear_due: day_opt(get(row, "midyear_due")?)?,
        yearend_due: day_opt(get(row, "yearend_due")?)?,
        opened_by: get::<Option<i64>>(row, "opened_by")?.map(UserId),
        published_by: get::<Option<i64>>(row, "published_by")?.map(UserId),
        published_at: get(row, "published_at")?,
        published_on: day_opt(get(row, "published_on")?)?,
        meta: meta(row)?,
    })
}

/// A stored ISO date (deadlines are written by [`Day::iso`]).
fn day_opt(text: Option<String>) -> Result<Option<Day>> {
    Ok(text.filter(|t| !t.is_empty()).map(|t| Day::parse(&t)).transpose()?)
}

fn revision_row(row: &Row) -> Result<PolicyRevision> {
    let state: String = get(row, "state")?;
    let user = |col: &str| -> Result<Option<UserId>> { Ok(get::<Option<i64>>(row, col)?.map(UserId)) };
    Ok(PolicyRevision {
        id: RevisionId(get(row, "id")?),
        department_id: DepartmentId(get(row, "department_id")?),
        fiscal_year: fy_req(get(row, "fiscal_year")?)?,
        number: i32::try_from(get::<i64>(row, "number")?).map_err(|_| StoreError::Corrupt("revision number".into()))?,
        state: RevisionState::parse(&state)?,
        stance: get(row, "stance")?,
        notes: get(row, "notes")?,
        comment: get(row, "comment")?,
        created_by: user("created_by")?,
        submitted_by: user("submitted_by")?,
        submitted_at: get(row, "submitted_at")?,
        decided_by: user("decided_by")?,
        decided_at: get(row, "decided_at")?,
        published_by: user("published_by")?,
        published_at: get(row, "published_at")?,
        meta: meta(row)?,
    })
}

async fn with_departments(c: &mut Db<'_>, mut users: Vec<User>) -> Result<Vec<User>> {
    if users.is_empty() {
        return Ok(users);
    }
    let sql = format!(
        "SELECT user_id, department_id FROM user_departments WHERE user_id IN ({}) ORDER BY user_id, department_id",
        placeholders(1, users.len())
    );
    let mut q = query(&sql);
    for u in &users {
        q = q.bind(u.id.0);
    }
    let links = q.fetch_all(&mut *c).await?;
    for row in links {
        let (user, dept): (i64, i64) = (row.try_get(0)?, row.try_get(1)?);
        if let Some(u) = users.iter_mut().find(|u| u.id.0 == user) {
            u.departments.push(DepartmentId(dept));
        }
    }
    Ok(users)
}

pub(crate) async fn get_user(c: &mut Db<'_>, id: UserId) -> Result<User> {
    let row = query(&format!("SELECT {USER_COLS} FROM users WHERE id = $1"))
        .bind(id.0)
        .fetch_optional(&mut *c)
        .await?
        .ok_or_else(|| StoreError::not_found("users", id))?;
    let mut v = with_departments(c, vec![user_row(&row)?]).await?;
    v.pop().ok_or_else(|| StoreError::not_found("users", id))
}

pub(crate) async fn find_user_by_login(c: &mut Db<'_>, login: &str) -> Result<Option<(User, Credentials)>> {
    let Some(row) =
        query(&format!("SELECT {USER_COLS}, password_hash, failed_logins, locked_until FROM users WHERE login = $1"))
            .bind(login)
            .fetch_optional(&mut *c)
            .await?
    else {
        return Ok(None);
    };
    let creds = Credentials {
        password_hash: get(&row, "password_hash")?,
        failed_logins: get(&row, "failed_logins")?,
        locked_until: get(&row, "locked_until")?,
    };
    let mut v = with_departments(c, vec![user_row(&row)?]).await?;
    Ok(v.pop().map(|u| (u, creds)))
}

pub(crate) async fn list_users(c: &mut Db<'_>, org: OrgId) -> Result<Vec<User>> {
    let rows = query(&format!("SELECT {USER_COLS} FROM users WHERE org_id = $1 ORDER BY login"))
        .bind(org.0)
        .fetch_all(&mut *c)
        .await?;
    let users = rows.iter().map(user_row).collect::<Result<Vec<_>>>()?;
    with_departments(c, users).await
}

pub(crate) async fn find_session(c: &mut Db<'_>, token_hash: &str) -> Result<Option<StoredSession>> {
    let row = query("SELECT id, user_id, csrf_token, expires_at FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .fetch_optional(&mut *c)
        .await?;
    row.map(|r| {
        Ok(StoredSession {
            id: get(&r, "id")?,
            user_id: UserId(get(&r, "user_id")?),
            csrf_token: get(&r, "csrf_token")?,
            expires_at: get(&r, "expires_at")?,
        })
    })
    .transpose()
}

pub(crate) async fn get_cycle(c: &mut Db<'_>, org: OrgId, year: FiscalYear) -> Result<Option<FiscalCycle>> {
    query(&format!("SELECT {CYCLE_COLS} FROM fiscal_cycles WHERE org_id = $1 AND fiscal_year = $2"))
        .bind(org.0)
        .bind(fy_col(Some(year)))
        .fetch_optional(&mut *c)
        .await?
        .as_ref()
        .map(cycle_row)
        .transpose()
}

pub(crate) async fn list_cycles(c: &mut Db<'_>, org: OrgId) -> Result<Vec<FiscalCycle>> {
    query(&format!("SELECT {CYCLE_COLS} FROM fiscal_cycles WHERE org_id = $1 ORDER BY fiscal_year"))
        .bind(org.0)
        .fetch_all(&mut *c)
        .await?
        .iter()
        .map(cycle_row)
        .collect()
}

pub(crate) async fn get_revision(c: &mut Db<'_>, id: RevisionId) -> Result<PolicyRevision> {
    query(&format!("SELECT {REVISION_COLS} FROM policy_revisions r WHERE r.id = $1"))
        .bind(id.0)
        .fetch_optional(&mut *c)
        .await?
        .as_ref()
        .map(revision_row)
        .transpose()?
        .ok_or_else(|| StoreError::not_found("policy_revisions", id))
}

pub(crate) async fn revisions_of(c: &mut Db<'_>, dept: DepartmentId, year: FiscalYear) -> Result<Vec<PolicyRevision>> {
    query(&format!(
        "SELECT {REVISION_COLS} FROM policy_revisions r WHERE r.department_id = $1 AND r.fiscal_year = $2 \
         ORDER BY r.number"
    ))
    .bind(dept.0)
    .bind(fy_col(Some(year)))
    .fetch_all(&mut *c)
    .await?
    .iter()
    .map(revision_row)
    .collect()
}

pub(crate) async fn year_revisions(c: &mut Db<'_>, org: OrgId, year: FiscalYear) -> Result<Vec<PolicyRevision>> {
    query(&format!(
        "SELECT {REVISION_COLS} FROM policy_revisions r JOIN departments d ON d.id = r.department_id \
         WHERE d.org_id = $1 AND r.fiscal_year = $2 ORDER BY d.sort_order, d.id, r.number"
    ))
    .bind(org.0)
    .bind(fy_col(Some(year)))
    .fetch_all(&mut *c)
    .await?
    .iter()
    .map(revision_row)
    .collect()
}

pub(crate) async fn revision_initiatives(c: &mut Db<'_>, rev: RevisionId) -> Result<Vec<Initiative>> {
    let rows = query(concat!(
        "SELECT ",
        initiative_cols!(),
        " FROM initiatives WHERE revision_id = $1 ORDER BY sort_order, id"
    ))
    .bind(rev.0)
    .fetch_all(&mut *c)
    .await?;
    with_links(c, rows).await
}

pub(crate) async fn revision_indicators(c: &mut Db<'_>, rev: RevisionId) -> Result<Vec<Indicator>> {
    let rows = query(concat!(
        "SELECT ",
        indicator_cols!(),
        " FROM indicators WHERE revision_id = $1 ORDER BY initiative_id, sort_order, id"
    ))
    .bind(rev.0)
    .fetch_all(&mut *c)
    .await?;
    with_actuals(c, rows).await
}

pub(crate) async fn draft_rows_of(c: &mut Db<'_>, live: InitiativeId) -> Result<Vec<InitiativeId>> {
    let ids: Vec<i64> = query_scalar("SELECT id FROM initiatives WHERE live_id = $1 ORDER BY id")
        .bind(live.0)
        .fetch_all(&mut *c)
        .await?;
    Ok(ids.into_iter().map(InitiativeId).collect())
}

pub(crate) async fn audit_trail_of(
    c: &mut Db<'_>,
    table: &str,
    row_ids: &[i64],
    page: Page,
) -> Result<Vec<AuditEntry>> {
    let filter = format!("table_name = $1 AND row_id IN ({})", placeholders(2, row_ids.len()));
    audit_rows(c, &filter, Some(table), row_ids, page).await
}

/// Audit rows written by any of `org_users`, newest first (an organization's activity feed).
pub(crate) async fn recent_audit(c: &mut Db<'_>, org_users: &[UserId], page: Page) -> Result<Vec<AuditEntry>> {
    let ids: Vec<i64> = org_users.iter().map(|u| u.0).collect();
    let filter = format!("actor_id IN ({})", placeholders(1, ids.len()));
    audit_rows(c, &filter, None, &ids, page).await
}

/// Audit rows matching `filter`, whose placeholders take `text` (when given) then `ids`.
async fn audit_rows(
    c: &mut Db<'_>,
    filter: &str,
    text: Option<&str>,
    ids: &[i64],
    page: Page,
) -> Result<Vec<AuditEntry>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let next = ids.len() + usize::from(text.is_some()) + 1;
    let sql = format!(
        "SELECT {} FROM audit_log WHERE {filter} ORDER BY at DESC, id DESC LIMIT ${next} OFFSET ${}",
        audit_cols!(),
        next + 1
    );
    let mut q = query(&sql);
    if let Some(t) = text {
        q = q.bind(t);
    }
    for id in ids {
        q = q.bind(*id);
    }
    q.bind(page.limit_i64()).bind(page.offset_i64()).fetch_all(&mut *c).await?.iter().map(rows::audit).collect()
}
