//! Every 4xx and 5xx answer is the Japanese error page (issue 12: axum's own plain-text 400s
//! — 「Cannot parse `99999999999999999999` to a `i64`」 — and empty 414/431 reached users).
//! [`japanese_errors`] redraws any error answer that is not already our page (under `/api/`:
//! as `application/problem+json`, see [`crate::api::problem`]), keeping its
//! status (and `Allow` / `Retry-After`); [`limits`] refuses over-long addresses and header
//! blocks with the page before anything else reads them. What the HTTP parser refuses before
//! a request exists is answered by [`crate::serve`]'s connection wrapper with the same page.

use crate::error::{ErrorPage, KeepBody, WebError};
use axum::body::to_bytes;
use axum::extract::Request;
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The longest address (path and query) accepted, in bytes.
pub const MAX_URI_BYTES: usize = 8 * 1024;
/// The largest header block accepted (names, values and separators), in bytes.
pub const MAX_HEADER_BYTES: usize = 32 * 1024;
/// The most header lines accepted.
pub const MAX_HEADERS: usize = 100;

/// Redraws error answers made outside [`WebError`] as the Japanese page (answers marked
/// [`KeepBody`] are already the right page).
pub async fn japanese_errors(req: Request, next: Next) -> Response {
    let api = is_api(&req);
    let res = next.run(req).await;
    let status = res.status();
    let ours = (!api && res.extensions().get::<ErrorPage>().is_some()) || res.extensions().get::<KeepBody>().is_some();
    if ours || !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    let (parts, body) = res.into_parts();
    // What axum said goes to the log (it names the field or value), not to the user.
    let said = to_bytes(body, 4096).await.map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default();
    tracing::info!(status = status.as_u16(), rejection = %said.chars().take(300).collect::<String>(), "request refused");
    let mut page = refusal(api, status);
    for h in [header::ALLOW, header::RETRY_AFTER] {
        if let Some(v) = parts.headers.get(&h) {
            page.headers_mut().insert(h, v.clone());
        }
    }
    page
}

/// Refuses an address longer than [`MAX_URI_BYTES`] (414) and a header block larger than
/// [`MAX_HEADER_BYTES`] or with more than [`MAX_HEADERS`] lines (431).
pub async fn limits(req: Request, next: Next) -> Response {
    match over_limit(&req) {
        Some(status) => refusal(is_api(&req), status),
        None => next.run(req).await,
    }
}

/// Whether the request is to the JSON API, which answers errors as problem details (its
/// document lists them, 414 and 431 included), not pages.
fn is_api(req: &Request) -> bool {
    req.uri().path().starts_with("/api/")
}

/// The answer for an error decided by its status alone: problem details under `/api/`, the
/// Japanese page everywhere else.
fn refusal(api: bool, status: StatusCode) -> Response {
    if api {
        crate::api::problem::from_status(status).into_response()
    } else {
        WebError::Status(status).into_response()
    }
}

/// The refusal [`limits`] gives a request, if any.
fn over_limit(req: &Request) -> Option<StatusCode> {
    let uri_len = req.uri().path_and_query().map_or(0, |p| p.as_str().len());
    if uri_len > MAX_URI_BYTES {
        return Some(StatusCode::URI_TOO_LONG);
    }
    let headers = req.headers();
    let header_bytes: usize = headers.iter().map(|(k, v)| k.as_str().len() + v.len() + 4).sum();
    if headers.len() > MAX_HEADERS || header_bytes > MAX_HEADER_BYTES {
        return Some(StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE);
    }
    None
}

/// Whether [`limits`] lets a request through (the page cache answers only those).
pub fn within_limits(req: &Request) -> bool {
    over_limit(req).is_none()
}
