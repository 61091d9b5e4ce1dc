//! `/manage/account`: a signed-in user changes their own password (current password, new
//! one twice; success ends every session of the user and asks them to sign in again), and
//! manages their personal access tokens for the write API ([`hoshin_app::tokens`]): creates one
//! (name, validity), sees it once, lists and revokes them.

use super::{actor, crumbs, csrf_field, layout, see_other};
use crate::error::WebError;
use crate::html::Crumb;
use crate::pages::PageResult;
use crate::session::{secure, set_cookie, Staff, SESSION_COOKIE};
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::Response;
use axum::Form;
use hoshin_app::accounts::change_own_password;
use hoshin_app::auth::password::MIN_LENGTH;
use hoshin_app::dashboard::{jst_date_time, wareki_date};
use hoshin_app::records::ApiToken;
use hoshin_app::tokens::{create_token, is_active, my_tokens, revoke_token, EXPIRY_DAYS, MAX_NAME_CHARS};
use hoshin_app::{App, AppError};
use maud::{html, Markup};
use serde::Deserialize;

#[derive(Debug, Deserialize, Default)]
pub struct AccountQuery {
    pub revoked: Option<String>,
}

/// 和暦 date and time of a Unix-ms instant in Japan.
fn when(ms: i64) -> String {
    let (d, t) = jst_date_time(ms);
    format!("{} {t}", wareki_date(&d))
}

fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
}

/// The token list and the form that makes one.
fn tokens_section(su: &hoshin_app::accounts::SessionUser, tokens: &[ApiToken], revoked: bool) -> Markup {
    let now = now_ms();
    html! {
        h2 id="tokens" { "個人用アクセストークン" }
        p { "書き込みAPI（" a href="/api#write" { "指標の実績の一括登録" } "）で使うトークンです。"
            "トークンはあなたの権限（役割・担当部局）で動きます。発行したトークンは一度だけ表示され、サーバーにはハッシュしか残りません。" }
        @if revoked { p.notice role="status" { "トークンを無効にしました。" } }
        @if tokens.is_empty() {
            p.muted { "発行したトークンはありません。" }
        } @else {
            table.tokens {
                thead { tr {
                    th scope="col" { "名前" } th scope="col" { "トークンの先頭" } th scope="col" { "発行" }
                    th scope="col" { "最終使用" } th scope="col" { "有効期限" } th scope="col" { "状態" }
                } }
                tbody {
                    @for t in tokens {
                        tr {
                            td { (t.name) }
                            td { code { (t.prefix) "…" } }
                            td { (when(t.created_at)) }
                            td { @match t.last_used_at { Some(at) => { (when(at)) }, None => { "未使用" } } }
                            td { @match t.expires_at { Some(at) => { (when(at)) }, None => { "なし" } } }
                            td {
                                @if t.revoked_at.is_some() { "無効（" (when(t.revoked_at.unwrap_or_default())) "）" }
                                @else if !is_active(t, now) { "期限切れ" }
                                @else {
                                    "有効 "
                                    form.inline method="post" action={ "/manage/account/tokens/" (t.id) "/revoke" } {
                                        (csrf_field(su))
                                        input type="hidden" name="version" value=(t.version);
                                        button type="submit" aria-label={ "「" (t.name) "」を無効にする" } { "無効にする" }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        h3 { "トークンを発行する" }
        form.edit method="post" action="/manage/account/tokens" {
            (csrf_field(su))
            p {
                label for="token_name" { "名前（用途。" (MAX_NAME_CHARS) "文字以内）" }
                input #token_name type="text" name="name" maxlength=(MAX_NAME_CHARS) required placeholder="例：実績取込スクリプト";
            }
            p {
                label for="token_expires" { "有効期限" }
                select #token_expires name="expires" {
                    @for d in EXPIRY_DAYS {
                        option value=(d) selected[d == 90] { (d) "日" }
                    }
                    option value="none" { "なし（無期限）" }
                }
            }
            p { button type="submit" { "トークンを発行する" } }
        }
    }
}

pub async fn show(State(app): State<App>, Staff(su): Staff, Query(q): Query<AccountQuery>) -> PageResult {
    let tokens = my_tokens(&app, &actor(&su)).await?;
    let body = html! {
        h1 { "パスワードの変更" }
        p { (su.user.display_name) "（ログインID：" (su.user.login) "）" }
        p.note { "変更すると、このアカウントのすべてのログインが終了します。新しいパスワードでログインし直してください。" }
        form.edit method="post" action="/manage/account" {
            (csrf_field(&su))
            p {
                label for="current_password" { "現在のパスワード" }
                input #current_password type="password" name="current_password" autocomplete="current-password" required;
            }
            p {
                label for="new_password" { "新しいパスワード（" (MIN_LENGTH) "文字以上）" }
                input #new_password type="password" name="new_password" autocomplete="new-password" required minlength=(MIN_LENGTH);
            }
            p {
                label for="new_password_again" { "新しいパスワード（確認）" }
                input #new_password_again type="password" name="new_password_again" autocomplete="new-password" required;
            }
            p { button type="submit" { "パスワードを変更する" } }
        }
        (tokens_section(&su, &tokens, q.revoked.is_some()))
    };
    Ok(layout("パスワードの変更", &su, &crumbs(vec![Crumb::here("パスワードの変更")]), body))
}

#[derive(Debug, Deserialize)]
pub struct ChangeForm {
    pub current_password: String,
    pub new_password: String,
    pub new_password_again: String,
}

pub async fn change(
    State(app): State<App>,
    Staff(su): Staff,
    client: crate::client::Client,
    Form(f): Form<ChangeForm>,
) -> Result<Response, WebError> {
    if f.new_password != f.new_password_again {
        return Err(AppError::invalid("new_password_again", "確認用のパスワードが一致しません").into());
    }
    change_own_password(&app, &actor(&su), &f.current_password, &f.new_password).await?;
    let mut res = see_other("/login");
    res.headers_mut().append(header::SET_COOKIE, set_cookie(SESSION_COOKIE, "", 0, secure(&app, &client)));
    Ok(res)
}

#[derive(Debug, Deserialize)]
pub struct TokenForm {
    pub name: String,
    /// Days (one of `EXPIRY_DAYS`) or `none`.
    pub expires: String,
}

/// `POST /manage/account/tokens`: makes a token and shows it, this once (the page is not
/// stored by the browser: every staff page is `Cache-Control: no-store`).
pub async fn create(State(app): State<App>, Staff(su): Staff, Form(f): Form<TokenForm>) -> PageResult {
    let days = match f.expires.trim() {
        "none" | "" => None,
        d => Some(d.parse::<u32>().map_err(|_| AppError::invalid("expires", "有効期限は一覧から選んでください"))?),
    };
    let made = create_token(&app, &actor(&su), &f.name, days).await?;
    let body = html! {
        h1 { "個人用アクセストークンを発行しました" }
        p.notice role="status" { "「" (made.row.name) "」のトークンです。"
            strong { "この画面を離れると二度と表示できません。" } "今すぐ控えて、パスワードと同じように扱ってください。" }
        p {
            label for="new_token" { "トークン" }
            input #new_token type="text" name="token" readonly size="60" value=(made.token) autocomplete="off" spellcheck="false";
        }
        p { "有効期限：" @match made.row.expires_at { Some(at) => { (when(at)) }, None => { "なし" } } }
        p { "使い方：リクエストに " code { "Authorization: Bearer " (made.token.get(..11).unwrap_or("")) "…" } " を付けます（" a href="/api#write" { "書き込みAPIの説明" } "）。" }
        p { a href="/manage/account#tokens" { "アカウントに戻る" } }
    };
    Ok(layout(
        "個人用アクセストークン",
        &su,
        &crumbs(vec![Crumb::link("アカウント", "/manage/account"), Crumb::here("トークンの発行")]),
        body,
    ))
}

#[derive(Debug, Deserialize)]
pub struct RevokeForm {
    pub version: i64,
}

/// `POST /manage/account/tokens/{id}/revoke`: revokes one of the user's own tokens.
pub async fn revoke(
    State(app): State<App>,
    Staff(su): Staff,
    Path(id): Path<i64>,
    Form(f): Form<RevokeForm>,
) -> Result<Response, WebError> {
    revoke_token(&app, &actor(&su), id, f.version).await?;
    Ok(see_other("/manage/account?revoked=1#tokens"))
}
