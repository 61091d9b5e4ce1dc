//! Reads of the inbox, the e-mail outbox and users' addresses (migration 0010).

use crate::conv::get;
use crate::error::{Result, StoreError};
use crate::exec::{query, query_scalar, Db, Row};
use crate::records::{MailState, Notification, OutboxMail, Page};
use hoshin_domain::*;

const NOTIFICATION_COLS: &str = "id, user_id, kind, subject, body, link, created_at, read_at";
const OUTBOX_COLS: &str =
    "id, dedupe_key, recipient, subject, body, state, attempts, next_attempt_at, sent_at, last_error, created_at";

fn notification(row: &Row) -> Result<Notification> {
    Ok(Notification {
        id: get(row, "id")?,
        user_id: UserId(get(row, "user_id")?),
        kind: get(row, "kind")?,
        subject: get(row, "subject")?,
        body: get(row, "body")?,
        link: get(row, "link")?,
        created_at: get(row, "created_at")?,
        read_at: get(row, "read_at")?,
    })
}

fn mail(row: &Row) -> Result<OutboxMail> {
    let state: String = get(row, "state")?;
    Ok(OutboxMail {
        id: get(row, "id")?,
        dedupe_key: get(row, "dedupe_key")?,
        recipient: get(row, "recipient")?,
        subject: get(row, "subject")?,
        body: get(row, "body")?,
        state: MailState::parse(&state).ok_or_else(|| StoreError::Invalid(format!("outbox state {state:?}")))?,
        attempts: get(row, "attempts")?,
        next_attempt_at: get(row, "next_attempt_at")?,
        sent_at: get(row, "sent_at")?,
        last_error: get(row, "last_error")?,
        created_at: get(row, "created_at")?,
    })
}

/// A user's notifications, newest first.
pub(crate) async fn notifications_of(c: &mut Db<'_>, user: UserId, page: Page) -> Result<Vec<Notification>> {
    query(&format!(
        "SELECT {NOTIFICATION_COLS} FROM notifications WHERE user_id = $1 ORDER BY id DESC LIMIT $2 OFFSET $3"
    ))
    .bind(user.0)
    .bind(page.limit_i64())
    .bind(page.offset_i64())
    .fetch_all(&mut *c)
    .await?
    .iter()
    .map(notification)
    .collect()
}

pub(crate) async fn get_notification(c: &mut Db<'_>, id: i64) -> Result<Notification> {
    let row = query(&format!("SELECT {NOTIFICATION_COLS} FROM notifications WHERE id = $1"))
        .bind(id)
        .fetch_optional(&mut *c)
        .await?
        .ok_or_else(|| StoreError::not_found("notifications", id))?;
    notification(&row)
}

pub(crate) async fn unread_notifications(c: &mut Db<'_>, user: UserId) -> Result<i64> {
    query_scalar("SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL")
        .bind(user.0)
        .fetch_one(&mut *c)
        .await
}

/// The e-mail addresses of those of `users` that have one.
pub(crate) async fn user_emails(c: &mut Db<'_>, users: &[UserId]) -> Result<Vec<(UserId, String)>> {
    let mut out = Vec::new();
    for u in users {
        let email: Option<Option<String>> =
            query_scalar("SELECT email FROM users WHERE id = $1").bind(u.0).fetch_optional(&mut *c).await?;
        if let Some(Some(e)) = email {
            out.push((*u, e));
        }
    }
    Ok(out)
}

/// Outbox rows in `state` whose next attempt is due at `now`, oldest first, at most `limit`.
pub(crate) async fn due_mail(c: &mut Db<'_>, state: MailState, now: i64, limit: u32) -> Result<Vec<OutboxMail>> {
    query(&format!("SELECT {OUTBOX_COLS} FROM outbox WHERE state = $1 AND next_attempt_at <= $2 ORDER BY id LIMIT $3"))
        .bind(state.as_str())
        .bind(now)
        .bind(i64::from(limit))
        .fetch_all(&mut *c)
        .await?
        .iter()
        .map(mail)
        .collect()
}

/// Outbox rows with ids above `after`, by id.
pub(crate) async fn outbox(c: &mut Db<'_>, after: i64, limit: u32) -> Result<Vec<OutboxMail>> {
    query(&format!("SELECT {OUTBOX_COLS} FROM outbox WHERE id > $1 ORDER BY id LIMIT $2"))
        .bind(after)
        .bind(i64::from(limit))
        .fetch_all(&mut *c)
        .await?
        .iter()
        .map(mail)
        .collect()
}

/// Cycles with a deadline (policy, mid-year or year-end) between `from` and `to` (both
/// included), by organization and year. Deadlines are stored as ISO text, which orders as the
/// days do.
pub(crate) async fn cycles_due_between(c: &mut Db<'_>, from: Day, to: Day) -> Result<Vec<FiscalCycle>> {
    query(&format!(
        "SELECT {} FROM fiscal_cycles WHERE (policy_due >= $1 AND policy_due <= $2) \
         OR (midyear_due >= $1 AND midyear_due <= $2) OR (yearend_due >= $1 AND yearend_due <= $2) \
         ORDER BY org_id, fiscal_year",
        super::workflow::CYCLE_COLS
    ))
    .bind(from.iso())
    .bind(to.iso())
    .fetch_all(&mut *c)
    .await?
    .iter()
    .map(super::workflow::cycle_row)
    .collect()
}
