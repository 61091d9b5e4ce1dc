//! Page handlers, one module per resource.

pub mod organization;
pub mod organizations;

use crate::error::WebError;

/// Liveness: answers without touching the database.
pub async fn health() -> &'static str {
    "ok"
}

pub async fn not_found() -> WebError {
    WebError::NotFound
}
