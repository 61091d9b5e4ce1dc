//! A user's inbox (`/manage/inbox`): their notifications, newest first, and marking them
//! read. Marking read changes no record of the policy cycle, so it writes no audit row; the
//! e-mail address a user sets for themself is an account change and is audited.

use crate::access::Actor;
use crate::audit;
use crate::error::{AppError, Result};
use crate::App;
use hoshin_domain::*;
use hoshin_store::{Notification, Page};

/// How many notifications the inbox shows (the newest).
pub const INBOX_LIMIT: u32 = 200;

/// The signed-in user's inbox.
#[derive(Debug, Clone, PartialEq)]
pub struct Inbox {
    pub items: Vec<Notification>,
    pub unread: i64,
    /// Where the user's notifications are mailed, if anywhere.
    pub email: Option<String>,
}

fn me(actor: &Actor) -> Result<&User> {
    actor.user().filter(|u| !u.disabled).ok_or_else(|| AppError::forbidden("ログインしてください"))
}

pub async fn inbox(app: &App, actor: &Actor) -> Result<Inbox> {
    let store = app.store.as_ref();
    let user = me(actor)?;
    Ok(Inbox {
        items: store.notifications_of(user.id, Page::first(INBOX_LIMIT)).await?,
        unread: store.unread_notifications(user.id).await?,
        email: store.user_emails(&[user.id]).await?.pop().map(|(_, e)| e),
    })
}

pub async fn unread_count(app: &App, user: UserId) -> Result<i64> {
    Ok(app.store.unread_notifications(user).await?)
}

/// Marks one of the actor's own notifications read. Someone else's answers 404, as if it did
/// not exist; one already read is left as it is.
pub async fn mark_read(app: &App, actor: &Actor, id: i64) -> Result<()> {
    let user = me(actor)?;
    let tx = app.store.begin().await?;
    let n = tx.get_notification(id).await?;
    if n.user_id != user.id {
        return Err(hoshin_store::StoreError::NotFound { table: "notifications", id: id.to_string() }.into());
    }
    tx.mark_notification_read(id, user.id, now_ms()).await?;
    tx.commit().await?;
    Ok(())
}

/// Marks every notification of the actor read; how many were unread.
pub async fn mark_all_read(app: &App, actor: &Actor) -> Result<u64> {
    let user = me(actor)?;
    let tx = app.store.begin().await?;
    let n = tx.mark_all_notifications_read(user.id, now_ms()).await?;
    tx.commit().await?;
    Ok(n)
}

/// Sets (or with an empty value clears) where the actor's own notifications are mailed.
/// Audited on `users` as `email`.
pub async fn set_email(app: &App, actor: &Actor, email: &str) -> Result<Option<String>> {
    let user = me(actor)?.id;
    set_email_of(app, actor, user, email).await
}

/// Sets where `user`'s notifications are mailed: the user themself, an administrator of
/// their organization, or the system (`hoshin user email`). Audited on `users` as `email`.
pub async fn set_email_of(app: &App, actor: &Actor, user: UserId, email: &str) -> Result<Option<String>> {
    let target = app.store.get_user(user).await?;
    if actor.user_id() != Some(user) {
        crate::access::require_admin(actor, target.org_id)?;
    }
    let user = &target;
    let email = email.trim();
    let email = if email.is_empty() {
        None
    } else {
        if !plausible_address(email) {
            return Err(AppError::invalid(
                "email",
                "メールアドレスの形式が正しくありません（例: taro@city.example.lg.jp）",
            ));
        }
        Some(email.to_string())
    };
    let tx = app.store.begin().await?;
    let before = tx.user_emails(&[user.id]).await?.pop().map(|(_, e)| e);
    if before != email {
        tx.set_user_email(user.id, email.as_deref()).await?;
        let (b, a) = (serde_json::json!({ "email": before }), serde_json::json!({ "email": email }));
        audit::record(tx.as_ref(), actor, "users", user.id.0, "email", Some(&b), Some(&a)).await?;
    }
    tx.commit().await?;
    Ok(email)
}

/// One `@`, something on both sides, a dot in the domain, no spaces or angle brackets, and
/// something lettre can parse as a mailbox.
pub fn plausible_address(s: &str) -> bool {
    let ok_chars = !s.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | ',' | ';'));
    let parts: Vec<&str> = s.split('@').collect();
    ok_chars
        && s.len() <= 254
        && parts.len() == 2
        && !parts[0].is_empty()
        && parts[1].contains('.')
        && !parts[1].starts_with('.')
        && !parts[1].ends_with('.')
        && s.parse::<lettre::Address>().is_ok()
}

fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
}

#[cfg(test)]
mod tests {
    use super::plausible_address;

    #[test]
    fn addresses() {
        assert!(plausible_address("taro@city.example.lg.jp"));
        assert!(!plausible_address("taro"));
        assert!(!plausible_address("taro@localhost"));
        assert!(!plausible_address("a b@c.jp"));
        assert!(!plausible_address("a@b.jp, c@d.jp"));
        assert!(!plausible_address("<a@b.jp>"));
    }
}
