//! `/healthz`: whether this server can do its job — the database answers and holds exactly
//! the migrations this binary expects. 200 with `{"status":"ok",…}`, else 503 saying which
//! check failed. Machine-read (load balancers, monitoring), so JSON even when failing; it
//! reveals no more than "database unreachable" or the migration versions.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use hoshin_app::App;
use serde_json::json;

pub async fn show(State(app): State<App>) -> Response {
    let hoshin_app::operations::Health { database, migrations } = hoshin_app::operations::health(&app).await;
    let (status, body) = match (&database, &migrations) {
        (Ok(()), Some(m)) if m.current() => (
            StatusCode::OK,
            json!({ "status": "ok", "database": "ok", "migrations": "current", "version": m.applied.last() }),
        ),
        (Ok(()), Some(m)) => (
            StatusCode::SERVICE_UNAVAILABLE,
            json!({
                "status": "error", "database": "ok", "migrations": "not current",
                "pending": m.pending(), "unknown": m.unknown(), "modified": m.modified,
            }),
        ),
        (Ok(()), None) => (
            StatusCode::SERVICE_UNAVAILABLE,
            json!({ "status": "error", "database": "ok", "migrations": "unreadable" }),
        ),
        (Err(e), _) => {
            tracing::error!(error = %e, "health check: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, json!({ "status": "error", "database": "unreachable" }))
        }
    };
    let mut res = crate::error::keep_body((status, Json(body)).into_response());
    res.headers_mut().insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store"));
    res
}
