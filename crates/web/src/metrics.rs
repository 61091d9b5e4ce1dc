//! `/metrics`: Prometheus text for the monitoring system — requests by route and status,
//! latency histograms by route, the database pool, logins and imports. The recorder is the
//! process-wide one the `metrics` facade needs (installed once, by the first router built);
//! only allowed addresses, never proxied requests, may read it (see
//! [`crate::observe::may_read_metrics`]).

use crate::error::WebError;
use crate::observe::{may_read_metrics, DURATION, REQUESTS};
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use hoshin_app::telemetry::{IMPORTS, LOGINS};
use hoshin_app::App;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use std::sync::OnceLock;

/// Open pool connections, by `state` (`idle`, `in_use`).
pub const POOL: &str = "hoshin_db_pool_connections";
/// The most connections the pool opens.
pub const POOL_MAX: &str = "hoshin_db_pool_max_connections";
/// Reads the store ran outside a transaction (round trips; issue 14's query counter).
pub const STORE_READS: &str = "hoshin_db_reads_total";

/// Latency buckets (seconds): pages answer in milliseconds; a slow one shows up at once.
const BUCKETS: &[f64] = &[0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];

static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

/// Installs the recorder (once per process) and returns its handle; `None` when another
/// recorder was installed first.
pub fn install() -> Option<&'static PrometheusHandle> {
    HANDLE
        .get_or_init(|| {
            let handle = PrometheusBuilder::new()
                .set_buckets_for_metric(Matcher::Full(DURATION.to_string()), BUCKETS)
                .ok()?
                .install_recorder()
                .ok()?;
            metrics::describe_counter!(REQUESTS, "HTTP requests answered, by route pattern, method and status");
            metrics::describe_histogram!(DURATION, metrics::Unit::Seconds, "Time to answer, by route pattern");
            metrics::describe_counter!(
                crate::cache::CACHE_REQUESTS,
                "Public page cache outcomes, by result (hit, not_modified, miss, bypass)"
            );
            metrics::describe_gauge!(crate::cache::CACHE_BYTES, "Bytes the public page cache holds");
            metrics::describe_gauge!(POOL, "Database connections of the pool, by state");
            metrics::describe_gauge!(POOL_MAX, "The most database connections the pool opens");
            metrics::describe_counter!(STORE_READS, "Reads the store ran outside a transaction (one round trip each)");
            metrics::describe_counter!(LOGINS, "Login attempts, by result (success, refused, throttled)");
            metrics::describe_counter!(IMPORTS, "Documents imported, by result (imported, reimported, failed)");
            Some(handle)
        })
        .as_ref()
}

/// Passes only requests allowed to read the metrics; others get the 404 page.
#[derive(Debug)]
pub struct MetricsReader;

impl FromRequestParts<App> for MetricsReader {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Self::Rejection> {
        if may_read_metrics(parts, &app.metrics_from) {
            Ok(MetricsReader)
        } else {
            Err(WebError::NotFound)
        }
    }
}

/// `GET /metrics`.
pub async fn show(State(app): State<App>, _: MetricsReader) -> Result<Response, WebError> {
    let Some(handle) = install() else {
        return Err(WebError::Unavailable("メトリクスの記録が有効になっていません".into()));
    };
    let pool = hoshin_app::operations::pool_state(&app);
    metrics::gauge!(POOL, "state" => "idle").set(f64::from(pool.idle));
    metrics::gauge!(POOL, "state" => "in_use").set(f64::from(pool.size.saturating_sub(pool.idle)));
    metrics::gauge!(POOL_MAX).set(f64::from(pool.max));
    metrics::counter!(STORE_READS).absolute(hoshin_app::operations::store_reads(&app));
    let mut res = handle.render().into_response();
    res.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"));
    Ok(res)
}
