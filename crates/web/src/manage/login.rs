//! `/login` and `/logout`. The login form's CSRF token lives in a short cookie (there is no
//! session yet); a successful login sets the session cookie and goes to `next` (a local
//! path only).

use crate::error::WebError;
use crate::html::{page, Crumb};
use crate::session::{cookie, secure, set_cookie, LOGIN_COOKIE, SESSION_COOKIE};
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use hoshin_app::accounts::{login, logout, SESSION_HOURS};
use hoshin_app::auth::token::random_token;
use hoshin_app::{App, AppError};
use maud::html;
use serde::Deserialize;
use std::net::SocketAddr;

#[derive(Debug, Deserialize, Default)]
pub struct Next {
    pub next: Option<String>,
}

/// Only same-site paths: never an absolute URL or a protocol-relative `//host`.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_string(),
        _ => "/manage".to_string(),
    }
}

fn form_page(token: &str, next: &str, error: Option<&str>, status: StatusCode, secure: bool) -> Response {
    let body = html! {
        h1 { "職員ログイン" }
        p { "計画・方針の編集は、職員のアカウントでログインしてから行います。公開中の内容はログインしなくても閲覧できます。" }
        @if let Some(e) = error {
            p.error role="alert" { (e) }
        }
        form.login method="post" action="/login" {
            input type="hidden" name="_csrf" value=(token);
            input type="hidden" name="next" value=(next);
            p {
                label for="login" { "ログインID" }
                input #login type="text" name="login" autocomplete="username" required;
            }
            p {
                label for="password" { "パスワード" }
                input #password type="password" name="password" autocomplete="current-password" required;
            }
            p { button type="submit" { "ログイン" } }
        }
    };
    let markup = page("職員ログイン", &[Crumb::link("自治体一覧", "/"), Crumb::here("職員ログイン")], body);
    let mut res = (status, markup).into_response();
    res.headers_mut().append(header::SET_COOKIE, set_cookie(LOGIN_COOKIE, token, 3600, secure));
    res.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
    res
}

pub async fn show(State(app): State<App>, headers: HeaderMap, Query(q): Query<Next>) -> Response {
    let token = cookie(&headers, LOGIN_COOKIE).filter(|t| t.len() >= 32).unwrap_or_else(random_token);
    form_page(&token, &safe_next(q.next.as_deref()), None, StatusCode::OK, secure(&app, &headers))
}

#[derive(Debug, Deserialize)]
pub struct LoginForm {
    pub login: String,
    pub password: String,
    pub next: Option<String>,
}

/// The peer address, when the server was started with connect info.
#[derive(Debug, Clone, Copy)]
pub struct Peer(pub Option<SocketAddr>);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Peer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Peer(parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0)))
    }
}

fn client_of(headers: &HeaderMap, peer: Option<SocketAddr>) -> String {
    // Behind a reverse proxy the first X-Forwarded-For hop is the client.
    headers
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .or_else(|| peer.map(|p| p.ip().to_string()))
        .unwrap_or_else(|| "unknown".to_string())
}

pub async fn submit(
    State(app): State<App>,
    headers: HeaderMap,
    Peer(peer): Peer,
    Form(f): Form<LoginForm>,
) -> Result<Response, WebError> {
    let client = client_of(&headers, peer);
    let next = safe_next(f.next.as_deref());
    let secure = secure(&app, &headers);
    match login(app.store.as_ref(), &app.guard, &f.login, &f.password, &client).await {
        Ok(s) => {
            let mut res = Redirect::to(&next).into_response();
            let h = res.headers_mut();
            h.append(header::SET_COOKIE, set_cookie(SESSION_COOKIE, &s.token, SESSION_HOURS * 3600, secure));
            h.append(header::SET_COOKIE, set_cookie(LOGIN_COOKIE, "", 0, secure));
            Ok(res)
        }
        Err(AppError::Login(why)) => {
            let status = match why {
                hoshin_app::LoginFailure::Throttled { .. } => StatusCode::TOO_MANY_REQUESTS,
                hoshin_app::LoginFailure::BadCredentials => StatusCode::UNAUTHORIZED,
            };
            Ok(form_page(&random_token(), &next, Some(&why.to_string()), status, secure))
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn sign_out(State(app): State<App>, headers: HeaderMap) -> Result<Response, WebError> {
    if let Some(token) = cookie(&headers, SESSION_COOKIE) {
        logout(app.store.as_ref(), &token).await?;
    }
    let mut res = Redirect::to("/login").into_response();
    res.headers_mut().append(header::SET_COOKIE, set_cookie(SESSION_COOKIE, "", 0, secure(&app, &headers)));
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(safe_next(Some("/manage/2026")), "/manage/2026");
        assert_eq!(safe_next(Some("//evil.example/x")), "/manage");
        assert_eq!(safe_next(Some("https://evil.example/")), "/manage");
        assert_eq!(safe_next(Some("/\\evil.example")), "/manage");
        assert_eq!(safe_next(None), "/manage");
    }
}
