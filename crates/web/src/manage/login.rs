//! `/login` and `/logout`. The login form's CSRF token lives in a short cookie (there is no
//! session yet); a successful login sets the session cookie and goes to `next`, which is
//! only ever a path of this site (checked before anything is written). Refused logins all
//! look alike (see [`hoshin_app::accounts::login`]); failures are counted per client address
//! as [`crate::client::Client`] resolves it.

use crate::client::Client;
use crate::error::WebError;
use crate::html::{page, Crumb};
use crate::session::{cookie, secure, set_cookie, LOGIN_COOKIE, SESSION_COOKIE};
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use hoshin_app::accounts::{login, logout, SESSION_HOURS};
use hoshin_app::auth::token::random_token;
use hoshin_app::{App, AppError};
use maud::html;
use serde::Deserialize;

#[derive(Debug, Deserialize, Default)]
pub struct Next {
    pub next: Option<String>,
}

/// Where a login may lead: a path of this site, else the dashboard. Refused: anything not
/// starting with one `/` (absolute and protocol-relative URLs, `/\\host`), and any control
/// character, space or backslash anywhere — browsers drop tabs and newlines from URLs, so
/// `/\t/evil.example` would become `//evil.example` (issue 12), and CR/LF cannot go into a
/// header. Non-ASCII characters are percent-encoded.
fn safe_next(next: Option<&str>) -> String {
    const FALLBACK: &str = "/manage";
    let Some(n) = next else { return FALLBACK.to_string() };
    let mut chars = n.chars();
    let shape_ok = chars.next() == Some('/') && !matches!(chars.next(), Some('/' | '\\'));
    let chars_ok = n.chars().all(|c| !c.is_control() && !c.is_whitespace() && c != '\\');
    if !shape_ok || !chars_ok || n.len() > 2000 {
        return FALLBACK.to_string();
    }
    let mut out = String::with_capacity(n.len());
    for c in n.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
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
    let mut res = crate::error::keep_body((status, markup).into_response());
    res.headers_mut().append(header::SET_COOKIE, set_cookie(LOGIN_COOKIE, token, 3600, secure));
    res.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
    res
}

pub async fn show(State(app): State<App>, headers: HeaderMap, client: Client, Query(q): Query<Next>) -> Response {
    let token = cookie(&headers, LOGIN_COOKIE).filter(|t| t.len() >= 32).unwrap_or_else(random_token);
    form_page(&token, &safe_next(q.next.as_deref()), None, StatusCode::OK, secure(&app, &client))
}

#[derive(Debug, Deserialize)]
pub struct LoginForm {
    pub login: String,
    pub password: String,
    pub next: Option<String>,
}

pub async fn submit(State(app): State<App>, client: Client, Form(f): Form<LoginForm>) -> Result<Response, WebError> {
    let next = safe_next(f.next.as_deref());
    let secure = secure(&app, &client);
    match login(&app, &app.guard, &f.login, &f.password, &client.key()).await {
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

pub async fn sign_out(State(app): State<App>, headers: HeaderMap, client: Client) -> Result<Response, WebError> {
    if let Some(token) = cookie(&headers, SESSION_COOKIE) {
        logout(&app, &token).await?;
    }
    let mut res = Redirect::to("/login").into_response();
    res.headers_mut().append(header::SET_COOKIE, set_cookie(SESSION_COOKIE, "", 0, secure(&app, &client)));
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(safe_next(Some("/manage/2026")), "/manage/2026");
        assert_eq!(safe_next(Some("/manage/2026?x=1#a")), "/manage/2026?x=1#a");
        assert_eq!(safe_next(Some("//evil.example/x")), "/manage");
        assert_eq!(safe_next(Some("https://evil.example/")), "/manage");
        assert_eq!(safe_next(Some("/\\evil.example")), "/manage");
        assert_eq!(safe_next(None), "/manage");
        // Issue 12: characters a browser drops or a header cannot carry.
        for bad in
            ["/\t/evil.example/", "/\r\nX: y", "/\n/evil", " /manage", "/ma nage", "/a\\b", "/\u{0}x", "/\u{3000}/x"]
        {
            assert_eq!(safe_next(Some(bad)), "/manage", "{bad:?}");
        }
        assert_eq!(safe_next(Some("/manage/令和6年度")), "/manage/%E4%BB%A4%E5%92%8C6%E5%B9%B4%E5%BA%A6");
    }
}
