//! Personal access tokens (migration 0009): found by their hash, listed for their owner.

use crate::conv::get;
use crate::error::Result;
use crate::exec::{query, Db, Row};
use crate::records::ApiToken;
use hoshin_domain::UserId;

const COLS: &str = "id, user_id, name, prefix, expires_at, last_used_at, revoked_at, created_at, version";

fn token_row(r: &Row) -> Result<ApiToken> {
    Ok(ApiToken {
        id: get(r, "id")?,
        user_id: UserId(get(r, "user_id")?),
        name: get(r, "name")?,
        prefix: get(r, "prefix")?,
        expires_at: get(r, "expires_at")?,
        last_used_at: get(r, "last_used_at")?,
        revoked_at: get(r, "revoked_at")?,
        created_at: get(r, "created_at")?,
        version: get(r, "version")?,
    })
}

pub(crate) async fn find_api_token(c: &mut Db<'_>, token_hash: &str) -> Result<Option<ApiToken>> {
    query(&format!("SELECT {COLS} FROM api_tokens WHERE token_hash = $1"))
        .bind(token_hash)
        .fetch_optional(&mut *c)
        .await?
        .as_ref()
        .map(token_row)
        .transpose()
}

pub(crate) async fn user_api_tokens(c: &mut Db<'_>, user: UserId) -> Result<Vec<ApiToken>> {
    query(&format!("SELECT {COLS} FROM api_tokens WHERE user_id = $1 ORDER BY id DESC"))
        .bind(user.0)
        .fetch_all(&mut *c)
        .await?
        .iter()
        .map(token_row)
        .collect()
}
