//! The staff side (`/manage`): sign-in, the planning dashboard and cycle, department policy
//! editing with its workflow, KPI actuals, reviews, users and the audit history. Every page
//! needs a session ([`crate::session::Staff`]); every form posts its CSRF token (checked by
//! [`crate::session::csrf_guard`] before the handler runs); every write goes through an app
//! use case, which checks role and department on the server and writes the audit row.
//! Successful posts redirect (303) back to a page, so reloading never repeats a change.

pub mod account;
pub mod actuals;
pub mod audit;
pub mod budget;
pub mod conflict;
pub mod dashboard;
pub mod departments;
pub mod documents;
pub mod evaluations;
pub mod history;
pub mod imports;
pub mod inbox;
pub mod login;
pub mod periods;
pub mod plan_actuals;
pub mod plan_weights;
pub mod revision;
pub mod roundtrip;
pub mod users;
pub mod year_publishing;

use crate::html::{breadcrumbs, head, Crumb};
use axum::response::{IntoResponse, Redirect, Response};
use hoshin_app::access::Actor;
use hoshin_app::accounts::SessionUser;
use maud::{html, Markup, DOCTYPE};

/// The actor of a signed-in request.
pub fn actor(su: &SessionUser) -> Actor {
    Actor::User(su.user.clone())
}

/// The hidden CSRF field every form carries.
pub fn csrf_field(su: &SessionUser) -> Markup {
    html! { input type="hidden" name="_csrf" value=(su.csrf_token); }
}

/// 303 See Other to `to`: the answer to a successful post.
pub fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}

/// A table's header row: one column heading per name, in order.
pub fn column_heads(names: &[&str]) -> Markup {
    html! { thead { tr { @for n in names { th scope="col" { (n) } } } } }
}

/// A staff page: the public layout's landmarks plus the staff navigation and sign-out.
pub fn layout(title: &str, su: &SessionUser, crumbs: &[Crumb], body: Markup) -> Markup {
    let role = su.user.role;
    html! {
        (DOCTYPE)
        html lang="ja" {
            (head(title, "hoshin 管理画面"))
            body.manage {
                a.skip href="#main" { "本文へ移動" }
                header.site {
                    a.brand href="/manage" { "hoshin 管理画面" }
                    nav aria-label="管理メニュー" {
                        ul {
                            li { a href="/manage" { "ダッシュボード" } }
                            li {
                                a href="/manage/inbox" {
                                    "お知らせ"
                                    @if su.unread > 0 { span.count { "（未読" (su.unread) "件）" } }
                                }
                            }
                            @if role.plans() {
                                li { a href="/manage/cycle" { "年度の設定" } }
                                li { a href="/manage/audit" { "変更の記録" } }
                                li { a href="/manage/imports" { "文書の取り込み" } }
                                li { a href="/manage/budget" { "予算・決算の取り込み" } }
                            }
                            @if role == hoshin_domain::Role::Admin {
                                li { a href="/manage/users" { "ユーザー管理" } }
                                li { a href="/manage/departments" { "部局の設定" } }
                            }
                            li { a href="/manage/documents" { "取り込んだ文書" } }
                            li { a href={ "/orgs/" (su.user.org_id) } { "公開ページ" } }
                            li { a href="/manage/account" { "パスワード変更" } }
                        }
                    }
                    form.signout method="post" action="/logout" {
                        (csrf_field(su))
                        span.who { (su.user.display_name) "（" (role.label()) "）" }
                        " "
                        button type="submit" { "ログアウト" }
                    }
                }
                (breadcrumbs(crumbs))
                main #main tabindex="-1" { (body) }
                footer.site {
                    p { "hoshin 管理画面 — 変更はすべて記録されます（変更履歴）。年度は和暦（西暦）で表示しています。" }
                }
            }
        }
    }
}

/// Breadcrumbs starting at the dashboard.
pub fn crumbs(rest: Vec<Crumb>) -> Vec<Crumb> {
    let mut v = vec![Crumb::link("ダッシュボード", "/manage")];
    v.extend(rest);
    v
}

/// Empty or whitespace-only form text as `None`, otherwise trimmed.
pub fn opt_text(s: &Option<String>) -> Option<String> {
    s.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_string)
}

/// Redraws an error page answered to a signed-in staff member under `/manage` (or a staff
/// form's POST) in the staff layout, with a way back to the dashboard, keeping its status.
pub async fn staff_error_pages(
    axum::extract::State(app): axum::extract::State<hoshin_app::App>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    // Public pages pass straight through: nothing is copied on their path.
    if !(req.uri().path().starts_with("/manage") || req.uri().path() == "/logout") {
        return next.run(req).await;
    }
    let headers = req.headers().clone();
    let res = next.run(req).await;
    let Some(err) = res.extensions().get::<crate::error::ErrorPage>().cloned() else { return res };
    let Some(token) = crate::session::cookie(&headers, crate::session::SESSION_COOKIE) else { return res };
    let Ok(Some(su)) = hoshin_app::accounts::session_user(&app, &token).await else { return res };
    let body = html! {
        h1 { (err.title) }
        p.error role="alert" {
            @if err.field.is_some() {
                "入力内容を確認してください：" (err.message) "（変更は保存されていません。ブラウザの「戻る」で入力に戻れます）"
            } @else {
                (err.message)
            }
        }
        p { a href="/manage" { "ダッシュボードへ戻る" } }
    };
    (res.status(), layout(err.title, &su, &crumbs(vec![Crumb::here(err.title)]), body)).into_response()
}
