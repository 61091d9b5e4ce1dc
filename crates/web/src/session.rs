//! Sessions and CSRF. The session cookie (HttpOnly, SameSite=Lax, Secure when configured or
//! when a proxy says the request came over https) holds a random token whose hash the store
//! keeps. Every state-changing request passes [`csrf_guard`]: the form's `_csrf` field (or
//! an `X-CSRF-Token` header) must equal the session's token — for the login form, the
//! token in the short-lived login cookie — or the request is refused before any handler
//! runs, so nothing changes.

use crate::error::WebError;
use axum::body::{to_bytes, Body};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use hoshin_app::accounts::{session_user, SessionUser};
use hoshin_app::auth::token::constant_time_eq;
use hoshin_app::App;

pub const SESSION_COOKIE: &str = "hoshin_session";
/// Holds the CSRF token of the login form (there is no session yet).
pub const LOGIN_COOKIE: &str = "hoshin_login";
/// The largest form body accepted.
pub const MAX_FORM_BYTES: usize = 2 * 1024 * 1024;

/// A cookie's value from the request headers.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// Whether cookies must carry `Secure` (and responses HSTS): configured, or a trusted proxy
/// says the request came over https.
pub fn secure(app: &App, client: &crate::client::Client) -> bool {
    app.secure_cookies || client.https
}

/// A `Set-Cookie` value; `max_age` 0 deletes the cookie.
pub fn set_cookie(name: &str, value: &str, max_age: i64, secure: bool) -> HeaderValue {
    let s = format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{}",
        if secure { "; Secure" } else { "" }
    );
    HeaderValue::from_str(&s).unwrap_or_else(|_| HeaderValue::from_static("invalid=; Max-Age=0"))
}

/// The signed-in staff member, resolved once per request by [`csrf_guard`] (or here).
#[derive(Debug, Clone)]
pub struct Staff(pub SessionUser);

/// An optional [`Staff`]: `None` for the public.
#[derive(Debug, Clone)]
pub struct MaybeStaff(pub Option<SessionUser>);

async fn resolve(parts: &mut Parts, app: &App) -> Result<Option<SessionUser>, WebError> {
    if let Some(found) = parts.extensions.get::<Option<SessionUser>>() {
        return Ok(found.clone());
    }
    let found = match cookie(&parts.headers, SESSION_COOKIE) {
        Some(token) => session_user(app, &token).await?,
        None => None,
    };
    parts.extensions.insert(found.clone());
    Ok(found)
}

impl FromRequestParts<App> for MaybeStaff {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Self::Rejection> {
        Ok(MaybeStaff(resolve(parts, app).await?))
    }
}

impl FromRequestParts<App> for Staff {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Self::Rejection> {
        match resolve(parts, app).await {
            Ok(Some(u)) => Ok(Staff(u)),
            Ok(None) => {
                let next = parts.uri.path_and_query().map(|p| p.as_str()).unwrap_or("/manage");
                let target = if parts.method == Method::GET { next } else { "/manage" };
                Err(Redirect::to(&format!("/login?next={}", crate::urls::encode(target))).into_response())
            }
            Err(e) => Err(e.into_response()),
        }
    }
}

/// The `_csrf` field of a URL-encoded form body.
fn form_token(body: &[u8]) -> Option<String> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(body)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == "_csrf")
        .map(|(_, v)| v)
}

/// Routes that take file uploads (multipart), besides the workbook uploads
/// (`/manage/revisions/{rev}/workbook`, [`crate::manage::roundtrip::is_upload`]): their bodies are not buffered here; the guard
/// hands the session's token to the handler ([`MultipartCsrf`]), which compares it with the
/// form's first field `_csrf` before reading any file.
pub const MULTIPART_ROUTES: &[&str] = &["/manage/imports", "/manage/budget"];

/// The CSRF token a multipart handler must find as the form's first field.
#[derive(Debug, Clone)]
pub struct MultipartCsrf(pub String);

impl MultipartCsrf {
    /// Compares the form's `_csrf` with the session's, in constant time.
    pub fn check(&self, given: Option<&str>) -> Result<(), WebError> {
        match given {
            Some(g) if !self.0.is_empty() && constant_time_eq(&self.0, g) => Ok(()),
            _ => Err(WebError::Csrf),
        }
    }
}

fn is_multipart(parts: &Parts) -> bool {
    parts
        .headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().to_ascii_lowercase().starts_with("multipart/form-data"))
}

/// Refuses state-changing requests whose CSRF token does not match; passes everything else.
/// The JSON API (`/api/`) is passed: it reads no session. Its reads change nothing, and its one
/// write (`POST /api/v1/actuals`) authenticates by a bearer token alone and refuses a cookie
/// (401), so a forged cross-site request — which carries cookies, never a bearer token — can
/// do nothing there; any other method is answered 405 by the router.
pub async fn csrf_guard(State(app): State<App>, req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) || req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    let (mut parts, body) = req.into_parts();
    let path = parts.uri.path();
    if is_multipart(&parts) && (MULTIPART_ROUTES.contains(&path) || crate::manage::roundtrip::is_upload(path)) {
        return match resolve(&mut parts, &app).await {
            Ok(Some(u)) => {
                parts.extensions.insert(MultipartCsrf(u.csrf_token));
                next.run(Request::from_parts(parts, body)).await
            }
            Ok(None) => Redirect::to("/login?next=%2Fmanage").into_response(),
            Err(e) => e.into_response(),
        };
    }
    let expected = if parts.uri.path() == "/login" {
        cookie(&parts.headers, LOGIN_COOKIE)
    } else {
        match resolve(&mut parts, &app).await {
            Ok(Some(u)) => Some(u.csrf_token),
            Ok(None) => None,
            Err(e) => return e.into_response(),
        }
    };
    let Ok(bytes) = to_bytes(body, MAX_FORM_BYTES).await else {
        return WebError::Status(axum::http::StatusCode::PAYLOAD_TOO_LARGE).into_response();
    };
    let given = parts
        .headers
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .or_else(|| form_token(&bytes));
    let ok = matches!((&expected, &given), (Some(e), Some(g)) if !e.is_empty() && constant_time_eq(e, g));
    if !ok {
        if expected.is_none() && parts.uri.path() != "/login" {
            // Not signed in (or the session ended): sign in first; nothing was changed.
            return Redirect::to("/login?next=%2Fmanage").into_response();
        }
        tracing::warn!(path = %parts.uri.path(), "refused a request without a valid CSRF token");
        return WebError::Csrf.into_response();
    }
    next.run(Request::from_parts(parts, Body::from(bytes))).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_found_by_exact_name() {
        let mut h = HeaderMap::new();
        h.append(header::COOKIE, HeaderValue::from_static("a=1; hoshin_session_x=2; hoshin_session=tok"));
        assert_eq!(cookie(&h, SESSION_COOKIE).as_deref(), Some("tok"));
        assert_eq!(cookie(&h, "a").as_deref(), Some("1"));
        assert_eq!(cookie(&h, "missing"), None);
    }

    #[test]
    fn the_form_token_is_read_from_the_body() {
        assert_eq!(form_token(b"name=x&_csrf=abc%2Fd&y=1").as_deref(), Some("abc/d"));
        assert_eq!(form_token(b"name=x"), None);
    }

    #[test]
    fn session_cookies_are_http_only_and_lax() {
        let v = set_cookie(SESSION_COOKIE, "t", 60, false);
        let s = v.to_str().unwrap();
        assert!(s.contains("HttpOnly") && s.contains("SameSite=Lax") && !s.contains("Secure"), "{s}");
        assert!(set_cookie(SESSION_COOKIE, "t", 60, true).to_str().unwrap().ends_with("; Secure"));
    }
}
