//! Writes for editing: users and their departments, sessions, fiscal cycles, policy
//! revisions, and the draft markers on initiative and indicator rows.

use super::common::{finish_update, required, version_sql};
use super::indicators::insert_indicator;
use super::initiatives::insert_initiative;
use crate::conv::{fy_col, now_ms};
use crate::error::{Result, StoreError};
use hoshin_domain::*;
use sqlx::AnyConnection;

async fn set_user_departments(c: &mut AnyConnection, user: i64, depts: &[DepartmentId], now: i64) -> Result<()> {
    sqlx::query("DELETE FROM user_departments WHERE user_id = $1").bind(user).execute(&mut *c).await?;
    let mut seen = std::collections::HashSet::new();
    for d in depts.iter().filter(|d| seen.insert(**d)) {
        sqlx::query(
            "INSERT INTO user_departments (user_id, department_id, created_at, updated_at, version) \
             VALUES ($1, $2, $3, $3, 1)",
        )
        .bind(user)
        .bind(d.0)
        .bind(now)
        .execute(&mut *c)
        .await?;
    }
    Ok(())
}

pub(crate) async fn insert_user(c: &mut AnyConnection, new: &NewUser) -> Result<UserId> {
    required("login", &new.login)?;
    required("display_name", &new.display_name)?;
    required("password_hash", &new.password_hash)?;
    let now = now_ms();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO users (org_id, login, display_name, password_hash, role, disabled, failed_logins, \
         created_at, updated_at, version) VALUES ($1, $2, $3, $4, $5, 0, 0, $6, $6, 1) RETURNING id",
    )
    .bind(new.org_id.0)
    .bind(&new.login)
    .bind(&new.display_name)
    .bind(&new.password_hash)
    .bind(new.role.as_str())
    .bind(now)
    .fetch_one(&mut *c)
    .await?;
    set_user_departments(c, id, &new.departments, now).await?;
    Ok(UserId(id))
}

pub(crate) async fn update_user(c: &mut AnyConnection, u: &User) -> Result<i64> {
    required("display_name", &u.display_name)?;
    let now = now_ms();
    let r = sqlx::query(
        "UPDATE users SET display_name = $1, role = $2, disabled = $3, updated_at = $4, version = version + 1 \
         WHERE id = $5 AND version = $6",
    )
    .bind(&u.display_name)
    .bind(u.role.as_str())
    .bind(i64::from(u.disabled))
    .bind(now)
    .bind(u.id.0)
    .bind(u.meta.version)
    .execute(&mut *c)
    .await?;
    let v = finish_update(c, "users", version_sql!("users"), u.id.0, u.meta.version, r.rows_affected()).await?;
    set_user_departments(c, u.id.0, &u.departments, now).await?;
    Ok(v)
}

/// Replaces the password hash and clears any lockout.
pub(crate) async fn set_password(c: &mut AnyConnection, id: UserId, version: i64, hash: &str) -> Result<i64> {
    required("password_hash", hash)?;
    let r = sqlx::query(
        "UPDATE users SET password_hash = $1, failed_logins = 0, locked_until = NULL, updated_at = $2, \
         version = version + 1 WHERE id = $3 AND version = $4",
    )
    .bind(hash)
    .bind(now_ms())
    .bind(id.0)
    .bind(version)
    .execute(&mut *c)
    .await?;
    finish_update(c, "users", version_sql!("users"), id.0, version, r.rows_affected()).await
}

/// Login bookkeeping; not an edit of the account, so the version stays.
pub(crate) async fn note_login(
    c: &mut AnyConnection,
    id: UserId,
    success: bool,
    failed_logins: i64,
    locked_until: Option<i64>,
) -> Result<()> {
    if success {
        sqlx::query("UPDATE users SET failed_logins = $1, locked_until = $2, last_login_at = $3 WHERE id = $4")
            .bind(failed_logins)
            .bind(locked_until)
            .bind(now_ms())
            .bind(id.0)
            .execute(&mut *c)
            .await?;
    } else {
        sqlx::query("UPDATE users SET failed_logins = $1, locked_until = $2 WHERE id = $3")
            .bind(failed_logins)
            .bind(locked_until)
            .bind(id.0)
            .execute(&mut *c)
            .await?;
    }
    Ok(())
}

pub(crate) async fn insert_session(
    c: &mut AnyConnection,
    token_hash: &str,
    user: UserId,
    csrf: &str,
    expires_at: i64,
) -> Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at, created_at, updated_at, version) \
         VALUES ($1, $2, $3, $4, $5, $5, 1) RETURNING id",
    )
    .bind(token_hash)
    .bind(user.0)
    .bind(csrf)
    .bind(expires_at)
    .bind(now_ms())
    .fetch_one(&mut *c)
    .await?;
    Ok(id)
}

pub(crate) async fn delete_session(c: &mut AnyConnection, token_hash: &str) -> Result<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash).execute(&mut *c).await?;
    Ok(())
}

pub(crate) async fn delete_user_sessions(c: &mut AnyConnection, user: UserId) -> Result<u64> {
    Ok(sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user.0).execute(&mut *c).await?.rows_affected())
}

pub(crate) async fn purge_sessions(c: &mut AnyConnection, now: i64) -> Result<u64> {
    Ok(sqlx::query("DELETE FROM sessions WHERE expires_at < $1").bind(now).execute(&mut *c).await?.rows_affected())
}

pub(crate) async fn insert_cycle(c: &mut AnyConnection, new: &NewCycle) -> Result<CycleId> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO fiscal_cycles (org_id, fiscal_year, policy_due, midyear_due, yearend_due, opened_by, \
         created_at, updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $7, 1) RETURNING id",
    )
    .bind(new.org_id.0)
    .bind(fy_col(Some(new.fiscal_year)))
    .bind(new.policy_due.map(Day::iso))
    .bind(new.midyear_due.map(Day::iso))
    .bind(new.yearend_due.map(Day::iso))
    .bind(new.opened_by.map(|u| u.0))
    .bind(now_ms())
    .fetch_one(&mut *c)
    .await?;
    Ok(CycleId(id))
}

pub(crate) async fn update_cycle(c: &mut AnyConnection, y: &FiscalCycle) -> Result<i64> {
    let r = sqlx::query(
        "UPDATE fiscal_cycles SET policy_due = $1, midyear_due = $2, yearend_due = $3, published_by = $7, \
         published_at = $8, published_on = $9, updated_at = $4, version = version + 1 WHERE id = $5 AND version = $6",
    )
    .bind(y.policy_due.map(Day::iso))
    .bind(y.midyear_due.map(Day::iso))
    .bind(y.yearend_due.map(Day::iso))
    .bind(now_ms())
    .bind(y.id.0)
    .bind(y.meta.version)
    .bind(y.published_by.map(|u| u.0))
    .bind(y.published_at)
    .bind(y.published_on.map(Day::iso))
    .execute(&mut *c)
    .await?;
    finish_update(c, "fiscal_cycles", version_sql!("fiscal_cycles"), y.id.0, y.meta.version, r.rows_affected()).await
}

/// A new draft revision, numbered after the department's last one for the year. Fails with
/// the `policy_revisions_open` constraint while another revision is unpublished.
pub(crate) async fn insert_revision(c: &mut AnyConnection, new: &NewRevision) -> Result<RevisionId> {
    let year = fy_col(Some(new.fiscal_year));
    let last: Option<i64> =
        sqlx::query_scalar("SELECT MAX(number) FROM policy_revisions WHERE department_id = $1 AND fiscal_year = $2")
            .bind(new.department_id.0)
            .bind(year)
            .fetch_one(&mut *c)
            .await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO policy_revisions (department_id, fiscal_year, number, state, stance, notes, created_by, \
         created_at, updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, 1) RETURNING id",
    )
    .bind(new.department_id.0)
    .bind(year)
    .bind(last.unwrap_or(0) + 1)
    .bind(RevisionState::Draft.as_str())
    .bind(&new.stance)
    .bind(&new.notes)
    .bind(new.created_by.map(|u| u.0))
    .bind(now_ms())
    .fetch_one(&mut *c)
    .await?;
    Ok(RevisionId(id))
}

pub(crate) async fn update_revision(c: &mut AnyConnection, r: &PolicyRevision) -> Result<i64> {
    let u = |v: Option<UserId>| v.map(|x| x.0);
    let res = sqlx::query(
        "UPDATE policy_revisions SET state = $1, stance = $2, notes = $3, comment = $4, submitted_by = $5, \
         submitted_at = $6, decided_by = $7, decided_at = $8, published_by = $9, published_at = $10, \
         updated_at = $11, version = version + 1 WHERE id = $12 AND version = $13",
    )
    .bind(r.state.as_str())
    .bind(&r.stance)
    .bind(&r.notes)
    .bind(&r.comment)
    .bind(u(r.submitted_by))
    .bind(r.submitted_at)
    .bind(u(r.decided_by))
    .bind(r.decided_at)
    .bind(u(r.published_by))
    .bind(r.published_at)
    .bind(now_ms())
    .bind(r.id.0)
    .bind(r.meta.version)
    .execute(&mut *c)
    .await?;
    finish_update(c, "policy_revisions", version_sql!("policy_revisions"), r.id.0, r.meta.version, res.rows_affected())
        .await
}

pub(crate) async fn lock_editable_revision(c: &mut AnyConnection, id: RevisionId) -> Result<bool> {
    // A no-op UPDATE takes the row lock (PostgreSQL) or the write lock (SQLite) and fails to
    // match once the revision has left the editable states.
    let r = sqlx::query(
        "UPDATE policy_revisions SET updated_at = updated_at WHERE id = $1 AND state IN ('draft', 'returned')",
    )
    .bind(id.0)
    .execute(&mut *c)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Which table a draft marker is set on.
#[derive(Debug, Clone, Copy)]
pub(crate) enum DraftTable {
    Initiatives,
    Indicators,
}

pub(crate) async fn mark_draft(c: &mut AnyConnection, table: DraftTable, id: i64, draft: Draft) -> Result<()> {
    // The table name comes from this enum, never from input.
    let sql = match table {
        DraftTable::Initiatives => "UPDATE initiatives SET revision_id = $1, live_id = $2 WHERE id = $3",
        DraftTable::Indicators => "UPDATE indicators SET revision_id = $1, live_id = $2 WHERE id = $3",
    };
    let r = sqlx::query(sql).bind(draft.revision_id.0).bind(draft.live_id).bind(id).execute(&mut *c).await?;
    if r.rows_affected() != 1 {
        return Err(StoreError::not_found(
            match table {
                DraftTable::Initiatives => "initiatives",
                DraftTable::Indicators => "indicators",
            },
            id,
        ));
    }
    Ok(())
}

pub(crate) async fn insert_draft_initiative(
    c: &mut AnyConnection,
    new: &NewInitiative,
    draft: Draft,
) -> Result<InitiativeId> {
    let id = insert_initiative(c, new).await?;
    mark_draft(c, DraftTable::Initiatives, id.0, draft).await?;
    Ok(id)
}

pub(crate) async fn insert_draft_indicator(
    c: &mut AnyConnection,
    new: &NewIndicator,
    draft: Draft,
) -> Result<IndicatorId> {
    let id = insert_indicator(c, new).await?;
    mark_draft(c, DraftTable::Indicators, id.0, draft).await?;
    Ok(id)
}
