//! Personal access tokens (migration 0009): created with their hash, marked used, revoked.

use crate::conv::now_ms;
use crate::error::{Result, StoreError};
use crate::records::NewApiToken;
use sqlx::AnyConnection;

pub(crate) async fn insert_api_token(c: &mut AnyConnection, new: &NewApiToken) -> Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO api_tokens (user_id, name, token_hash, prefix, expires_at, created_at, updated_at, version) \
         VALUES ($1, $2, $3, $4, $5, $6, $6, 1) RETURNING id",
    )
    .bind(new.user_id.0)
    .bind(&new.name)
    .bind(&new.token_hash)
    .bind(&new.prefix)
    .bind(new.expires_at)
    .bind(now_ms())
    .fetch_one(&mut *c)
    .await?;
    Ok(id)
}

/// Marks a token revoked (once: a revoked token stays revoked at its first time); returns the
/// new version.
pub(crate) async fn revoke_api_token(c: &mut AnyConnection, id: i64, version: i64) -> Result<i64> {
    let now = now_ms();
    let n = sqlx::query(
        "UPDATE api_tokens SET revoked_at = $1, updated_at = $1, version = version + 1 \
         WHERE id = $2 AND version = $3 AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(id)
    .bind(version)
    .execute(&mut *c)
    .await?
    .rows_affected();
    if n == 0 {
        let actual: Option<i64> =
            sqlx::query_scalar("SELECT version FROM api_tokens WHERE id = $1").bind(id).fetch_optional(&mut *c).await?;
        return Err(match actual {
            None => StoreError::NotFound { table: "api_tokens", id: id.to_string() },
            Some(actual_version) => {
                StoreError::Conflict { table: "api_tokens", id, expected_version: version, actual_version }
            }
        });
    }
    Ok(version + 1)
}

/// Notes when a token was last used (bookkeeping: the version stays).
pub(crate) async fn touch_api_token(c: &mut AnyConnection, id: i64, at: i64) -> Result<()> {
    sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2").bind(at).bind(id).execute(&mut *c).await?;
    Ok(())
}
