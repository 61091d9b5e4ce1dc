//! Personal access tokens: what the write API (`/api/v1/actuals`) authenticates with.
//!
//! A token is `hoshin_pat_` followed by 256 bits from the OS random source (base64url, 43
//! characters). It is shown to its owner once, at creation; the store keeps only its SHA-256
//! (hex). An unsalted fast hash is enough for a token, unlike a password: the token is
//! uniformly random and as long as the hash, so a copy of the table offers nothing to guess
//! from, and a request finds its token with one indexed lookup. A token acts with its owner's
//! rights *at the time of use* — the role, departments and disabled flag are read from the
//! account on every request — so demoting or disabling a user limits or stops their tokens at
//! once. Creation and revocation are audited (table `api_tokens`).

use crate::access::Actor;
use crate::auth::token::{random_token, token_hash};
use crate::error::{AppError, Result};
use crate::{audit, App};
use hoshin_domain::*;
use hoshin_store::{ApiToken, NewApiToken};

/// What every token starts with (so that secret scanners and people recognise one).
pub const TOKEN_PREFIX: &str = "hoshin_pat_";
/// The most tokens a user may hold that are neither revoked nor expired.
pub const MAX_ACTIVE: usize = 20;
/// The longest name.
pub const MAX_NAME_CHARS: usize = 100;
/// The validity periods offered (days); `None` in [`create_token`]: no expiry.
pub const EXPIRY_DAYS: [u32; 4] = [30, 90, 180, 365];
/// How stale `last_used_at` may get before a use writes it again (ms).
const TOUCH_EVERY_MS: i64 = 60_000;

fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
}

/// A token just made: the secret (shown once, never stored) and its row.
#[derive(Debug, Clone)]
pub struct CreatedToken {
    pub token: String,
    pub row: ApiToken,
}

/// Whether a token can be used now.
pub fn is_active(t: &ApiToken, now: i64) -> bool {
    t.revoked_at.is_none() && t.expires_at.is_none_or(|e| e > now)
}

fn signed_in(actor: &Actor) -> Result<&User> {
    match actor.user() {
        Some(u) if !u.disabled => Ok(u),
        _ => Err(AppError::forbidden("ログインしているユーザーだけがアクセストークンを扱えます")),
    }
}

/// Makes a token for the signed-in user: `name` says what it is for, `expires_days` one of
/// [`EXPIRY_DAYS`] or `None` (no expiry).
pub async fn create_token(app: &App, actor: &Actor, name: &str, expires_days: Option<u32>) -> Result<CreatedToken> {
    let user = signed_in(actor)?;
    let name = name.trim();
    if name.is_empty() {
        return Err(AppError::invalid("name", "トークンの名前（用途）を入力してください"));
    }
    if name.chars().count() > MAX_NAME_CHARS || name.chars().any(char::is_control) {
        return Err(AppError::invalid(
            "name",
            format!("名前は改行を含まない{MAX_NAME_CHARS}文字以内で入力してください"),
        ));
    }
    if let Some(d) = expires_days {
        if !EXPIRY_DAYS.contains(&d) {
            return Err(AppError::invalid("expires", "有効期限は一覧から選んでください"));
        }
    }
    let now = now_ms();
    let tx = app.store.begin().await?;
    let mine = tx.user_api_tokens(user.id).await?;
    if mine.iter().filter(|t| is_active(t, now)).count() >= MAX_ACTIVE {
        return Err(AppError::invalid(
            "name",
            format!("有効なトークンは{MAX_ACTIVE}個までです。使っていないトークンを無効にしてください"),
        ));
    }
    let token = format!("{TOKEN_PREFIX}{}", random_token());
    let new = NewApiToken {
        user_id: user.id,
        name: name.to_string(),
        token_hash: token_hash(&token),
        prefix: token.chars().take(TOKEN_PREFIX.len() + 4).collect(),
        expires_at: expires_days.map(|d| now + i64::from(d) * 86_400_000),
    };
    let id = tx.insert_api_token(&new).await?;
    let row = tx
        .user_api_tokens(user.id)
        .await?
        .into_iter()
        .find(|t| t.id == id)
        .ok_or_else(|| AppError::NotFound { table: "api_tokens", id: id.to_string() })?;
    audit::record::<(), _>(tx.as_ref(), actor, "api_tokens", id, "create", None, Some(&row)).await?;
    tx.commit().await?;
    Ok(CreatedToken { token, row })
}

/// The signed-in user's tokens, newest first.
pub async fn my_tokens(app: &App, actor: &Actor) -> Result<Vec<ApiToken>> {
    let user = signed_in(actor)?;
    Ok(app.store.user_api_tokens(user.id).await?)
}

/// Revokes one of the signed-in user's tokens (`version`: the one the list showed).
pub async fn revoke_token(app: &App, actor: &Actor, id: i64, version: i64) -> Result<()> {
    let user = signed_in(actor)?;
    let tx = app.store.begin().await?;
    let Some(before) = tx.user_api_tokens(user.id).await?.into_iter().find(|t| t.id == id) else {
        return Err(AppError::forbidden("自分のトークンだけを無効にできます"));
    };
    if before.revoked_at.is_some() {
        return Err(AppError::State("このトークンはすでに無効です".into()));
    }
    tx.revoke_api_token(id, version).await?;
    let after = tx.user_api_tokens(user.id).await?.into_iter().find(|t| t.id == id);
    audit::record(tx.as_ref(), actor, "api_tokens", id, "revoke", Some(&before), after.as_ref()).await?;
    tx.commit().await?;
    Ok(())
}

/// The account a bearer token acts for, read now: `None` when the token is unknown, revoked,
/// expired, or its owner disabled. Notes the use (at most once a minute per token).
pub async fn token_user(app: &App, token: &str) -> Result<Option<User>> {
    if !token.starts_with(TOKEN_PREFIX) {
        return Ok(None);
    }
    let Some(t) = app.store.find_api_token(&token_hash(token)).await? else { return Ok(None) };
    let now = now_ms();
    if !is_active(&t, now) {
        return Ok(None);
    }
    let user = app.store.get_user(t.user_id).await?;
    if user.disabled {
        return Ok(None);
    }
    if t.last_used_at.is_none_or(|at| now - at >= TOUCH_EVERY_MS) {
        let tx = app.store.begin().await?;
        tx.touch_api_token(t.id, now).await?;
        tx.commit().await?;
    }
    Ok(Some(user))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(revoked: Option<i64>, expires: Option<i64>) -> ApiToken {
        ApiToken {
            id: 1,
            user_id: UserId(1),
            name: "t".into(),
            prefix: "hoshin_pat_abcd".into(),
            expires_at: expires,
            last_used_at: None,
            revoked_at: revoked,
            created_at: 0,
            version: 1,
        }
    }

    #[test]
    fn revoked_and_expired_tokens_are_not_active() {
        assert!(is_active(&token(None, None), 1_000));
        assert!(is_active(&token(None, Some(1_001)), 1_000));
        assert!(!is_active(&token(None, Some(1_000)), 1_000));
        assert!(!is_active(&token(Some(5), None), 1_000));
    }
}
