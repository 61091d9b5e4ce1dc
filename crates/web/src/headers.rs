//! Response headers every page gets: a Content-Security-Policy that allows no script at all
//! (the UI has none, so an injected `<script>` could not run even if escaping failed), no
//! framing, no MIME sniffing, same-origin referrers; staff pages are never cached; and
//! `Strict-Transport-Security` whenever cookies are `Secure` (configured, or a trusted proxy
//! says the request came over https), so browsers never fall back to plain http.

use crate::client::{peer, resolve};
use crate::session::secure;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use hoshin_app::App;

pub(crate) const CSP: &str = "default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'; \
                   frame-ancestors 'none'; form-action 'self'; img-src 'self' data:; style-src 'self'";

/// One year; no `includeSubDomains`: a city's other hosts under the same domain are not ours
/// to decide for.
pub(crate) const HSTS: &str = "max-age=31536000";

pub async fn security_headers(State(app): State<App>, req: Request, next: Next) -> Response {
    let staff = req.uri().path().starts_with("/manage") || req.uri().path() == "/login";
    let (parts, body) = req.into_parts();
    let https = secure(&app, &resolve(peer(&parts), &parts.headers, &app.trusted_proxies));
    let mut res = next.run(Request::from_parts(parts, body)).await;
    let h = res.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    if staff {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if https {
        h.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static(HSTS));
    }
    res
}
