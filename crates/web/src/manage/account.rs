//! `/manage/account`: a signed-in user changes their own password (current password, new
//! one twice). Success ends every session of the user and asks them to sign in again.

use super::{actor, crumbs, csrf_field, layout, see_other};
use crate::error::WebError;
use crate::html::Crumb;
use crate::pages::PageResult;
use crate::session::{secure, set_cookie, Staff, SESSION_COOKIE};
use axum::extract::State;
use axum::http::header;
use axum::response::Response;
use axum::Form;
use hoshin_app::accounts::change_own_password;
use hoshin_app::auth::password::MIN_LENGTH;
use hoshin_app::{App, AppError};
use maud::html;
use serde::Deserialize;

pub async fn show(Staff(su): Staff) -> PageResult {
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
