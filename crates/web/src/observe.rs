//! What every request leaves behind: an id (`X-Request-Id` on the answer, in every log line
//! of the request, and on error pages as 問い合わせ番号), one access-log line (method, route,
//! status, milliseconds, client) and the request metrics (count by route, method and status;
//! latency histogram by route). A trusted proxy's `X-Request-Id` is kept, so a request can be
//! followed through both logs.

use crate::client::{peer, resolve};
use axum::extract::{MatchedPath, Request, State};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use hoshin_app::net::IpRange;
use hoshin_app::App;
use rand::RngCore;
use std::time::Instant;
use tracing::Instrument;

/// The header carrying a request's id.
pub const REQUEST_ID: &str = "x-request-id";
/// Requests by `route` (the pattern, e.g. `/initiatives/{id}`), `method` and `status`.
pub const REQUESTS: &str = "hoshin_http_requests_total";
/// Seconds to answer, by `route` and `method`.
pub const DURATION: &str = "hoshin_http_request_duration_seconds";

tokio::task_local! {
    static CURRENT: String;
}

/// The id of the request being answered (inside [`observe`]).
pub fn current_request_id() -> Option<String> {
    CURRENT.try_with(Clone::clone).ok()
}

/// A fresh id: 16 hex digits.
pub fn new_request_id() -> String {
    let mut b = [0u8; 8];
    rand::rngs::OsRng.fill_bytes(&mut b);
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// A proxy's id is kept when it looks like one (at most 64 of `A-Z a-z 0-9 - _ .`).
fn usable(id: &str) -> bool {
    (1..=64).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// The matched route pattern, carried on the response from [`route_label`] to [`observe`].
#[derive(Debug, Clone)]
struct Route(String);

/// Route layer: notes which route pattern answered (unmatched requests have none).
pub async fn route_label(req: Request, next: Next) -> Response {
    let route = req.extensions().get::<MatchedPath>().map(|m| m.as_str().to_string());
    let mut res = next.run(req).await;
    if let Some(r) = route {
        res.extensions_mut().insert(Route(r));
    }
    res
}

/// The outermost layer but one (security headers): id, span, access log, metrics.
pub async fn observe(State(app): State<App>, req: Request, next: Next) -> Response {
    let peer_ip = peer_of(&req);
    let client = resolve(peer_ip, req.headers(), &app.trusted_proxies);
    let forwarded_id = req
        .headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|id| client.proxied && usable(id))
        .map(str::to_string);
    let id = forwarded_id.unwrap_or_else(new_request_id);
    let method = req.method().as_str().to_string();
    let path = req.uri().path().to_string();
    let span = tracing::info_span!("request", request_id = %id, method = %method, path = %path);
    let started = Instant::now();
    let mut res = CURRENT.scope(id.clone(), next.run(req).instrument(span.clone())).await;
    let seconds = started.elapsed().as_secs_f64();
    let route = res.extensions().get::<Route>().map_or_else(|| "unmatched".to_string(), |r| r.0.clone());
    let status = res.status().as_u16();
    metrics::counter!(REQUESTS, "route" => route.clone(), "method" => method.clone(), "status" => status.to_string())
        .increment(1);
    metrics::histogram!(DURATION, "route" => route.clone(), "method" => method).record(seconds);
    let client = client.key();
    span.in_scope(|| {
        let ms = (seconds * 1000.0 * 10.0).round() / 10.0;
        if status >= 500 {
            tracing::warn!(status, ms, route, client, "answered");
        } else {
            tracing::info!(status, ms, route, client, "answered");
        }
    });
    if let Ok(v) = HeaderValue::from_str(&id) {
        res.headers_mut().insert(REQUEST_ID, v);
    }
    res
}

fn peer_of(req: &Request) -> Option<std::net::IpAddr> {
    req.extensions().get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip())
}

/// Whether a request may read `/metrics`: straight from an allowed address (loopback by
/// default), never through a proxy — a public reverse proxy on the same host would
/// otherwise pass anyone's request on from 127.0.0.1.
pub fn may_read_metrics(parts: &axum::http::request::Parts, allowed: &[IpRange]) -> bool {
    let forwarded = ["x-forwarded-for", "forwarded", "x-real-ip"].iter().any(|h| parts.headers.contains_key(*h));
    !forwarded && peer(parts).is_some_and(|ip| IpRange::any_contains(allowed, ip))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        let id = new_request_id();
        assert_eq!(id.len(), 16);
        assert!(usable(&id));
        assert_ne!(id, new_request_id());
        for bad in ["", "a b", "x\r\ny", &"a".repeat(65), "ид"] {
            assert!(!usable(bad), "{bad:?}");
        }
    }
}
