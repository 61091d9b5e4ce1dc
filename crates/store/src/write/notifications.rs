//! Writes of the inbox, the e-mail outbox and users' addresses (migration 0010). Inserts
//! with a dedupe key use `ON CONFLICT DO NOTHING` (SQLite and PostgreSQL alike), so a key
//! written by another transaction, server or earlier run is silently kept as it was.

use crate::conv::now_ms;
use crate::error::Result;
use crate::records::{MailState, NewMail, NewNotification};
use hoshin_domain::UserId;
use sqlx::AnyConnection;

/// Inserts a notification; `None` when its dedupe key was already taken.
pub(crate) async fn insert_notification(c: &mut AnyConnection, new: &NewNotification) -> Result<Option<i64>> {
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO notifications (user_id, kind, subject, body, link, dedupe_key, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(new.user_id.0)
    .bind(&new.kind)
    .bind(&new.subject)
    .bind(&new.body)
    .bind(new.link.as_deref())
    .bind(new.dedupe_key.as_deref())
    .bind(now_ms())
    .fetch_optional(&mut *c)
    .await?;
    Ok(id)
}

/// Marks the notification read if it is `user`'s and unread; true when it changed.
pub(crate) async fn mark_notification_read(c: &mut AnyConnection, id: i64, user: UserId, now: i64) -> Result<bool> {
    Ok(sqlx::query("UPDATE notifications SET read_at = $1 WHERE id = $2 AND user_id = $3 AND read_at IS NULL")
        .bind(now)
        .bind(id)
        .bind(user.0)
        .execute(&mut *c)
        .await?
        .rows_affected()
        == 1)
}

/// Marks every unread notification of `user` read; how many changed.
pub(crate) async fn mark_all_read(c: &mut AnyConnection, user: UserId, now: i64) -> Result<u64> {
    Ok(sqlx::query("UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL")
        .bind(now)
        .bind(user.0)
        .execute(&mut *c)
        .await?
        .rows_affected())
}

/// Queues an e-mail due now; false when its dedupe key was already queued.
pub(crate) async fn enqueue_mail(c: &mut AnyConnection, new: &NewMail) -> Result<bool> {
    let now = now_ms();
    Ok(sqlx::query(
        "INSERT INTO outbox (dedupe_key, recipient, subject, body, state, attempts, next_attempt_at, created_at) \
         VALUES ($1, $2, $3, $4, 'pending', 0, $5, $5) ON CONFLICT DO NOTHING",
    )
    .bind(&new.dedupe_key)
    .bind(&new.recipient)
    .bind(&new.subject)
    .bind(&new.body)
    .bind(now)
    .execute(&mut *c)
    .await?
    .rows_affected()
        == 1)
}

/// Claims a pending e-mail whose attempt is due: pending → sending, one more attempt, its
/// `next_attempt_at` now the end of the claim (`lease_until`). Only one claimer can win a
/// row; true when this one did.
pub(crate) async fn claim_mail(c: &mut AnyConnection, id: i64, now: i64, lease_until: i64) -> Result<bool> {
    Ok(sqlx::query(
        "UPDATE outbox SET state = 'sending', attempts = attempts + 1, next_attempt_at = $3 \
         WHERE id = $1 AND state = 'pending' AND next_attempt_at <= $2",
    )
    .bind(id)
    .bind(now)
    .bind(lease_until)
    .execute(&mut *c)
    .await?
    .rows_affected()
        == 1)
}

/// Records the outcome of a claimed e-mail: `Sent` (with `now` as sent_at), `Pending` again
/// (retry at `next_attempt_at`, with the error), `Failed` (given up, with the error).
pub(crate) async fn finish_mail(
    c: &mut AnyConnection,
    id: i64,
    state: MailState,
    now: i64,
    next_attempt_at: i64,
    error: Option<&str>,
) -> Result<()> {
    let sent_at = (state == MailState::Sent).then_some(now);
    sqlx::query(
        "UPDATE outbox SET state = $1, sent_at = $2, next_attempt_at = $3, last_error = COALESCE($4, last_error) \
         WHERE id = $5 AND state = 'sending'",
    )
    .bind(state.as_str())
    .bind(sent_at)
    .bind(next_attempt_at)
    .bind(error)
    .bind(id)
    .execute(&mut *c)
    .await?;
    Ok(())
}

/// Marks every pending e-mail skipped (mail is not configured); how many.
pub(crate) async fn skip_pending_mail(c: &mut AnyConnection) -> Result<u64> {
    Ok(sqlx::query("UPDATE outbox SET state = 'skipped' WHERE state = 'pending'")
        .execute(&mut *c)
        .await?
        .rows_affected())
}

/// Sets or clears where a user's notifications are mailed.
pub(crate) async fn set_user_email(c: &mut AnyConnection, user: UserId, email: Option<&str>) -> Result<()> {
    sqlx::query("UPDATE users SET email = $1, updated_at = $2, version = version + 1 WHERE id = $3")
        .bind(email)
        .bind(now_ms())
        .bind(user.0)
        .execute(&mut *c)
        .await?;
    Ok(())
}
