//! Response headers every page gets: a Content-Security-Policy that allows no script at all
//! (the UI has none, so an injected `<script>` could not run even if escaping failed), no
//! framing, no MIME sniffing, same-origin referrers; staff pages are never cached.

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

const CSP: &str = "default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'; \
                   frame-ancestors 'none'; form-action 'self'; img-src 'self' data:; style-src 'self'";

pub async fn security_headers(req: Request, next: Next) -> Response {
    let staff = req.uri().path().starts_with("/manage") || req.uri().path() == "/login";
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    if staff {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}
