//! User administration (`/manage/users`): the organization's accounts, creating one, changing
//! name, role, departments or the disabled flag, and resetting a password. Admins only, and
//! only within their own organization.

use super::{actor, column_heads, crumbs, csrf_field, layout, see_other};
use crate::error::WebError;
use crate::html::Crumb;
use crate::pages::PageResult;
use crate::session::Staff;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Form;
use hoshin_app::access::require_admin;
use hoshin_app::accounts::{create_user, reset_password, update_user, SessionUser, UserInput};
use hoshin_app::{App, AppError};
use hoshin_domain::*;
use maud::{html, Markup};
use serde::Deserialize;

/// A URL-encoded form as its (name, value) pairs.
pub(super) type Fields = Vec<(String, String)>;

/// The first value of `name` in the form, or empty.
pub(super) fn field<'a>(f: &'a Fields, name: &str) -> &'a str {
    f.iter().find(|(k, _)| k == name).map_or("", |(_, v)| v.as_str())
}

fn role_of(f: &Fields) -> Result<Role, WebError> {
    Role::parse(field(f, "role")).map_err(|_| WebError::App(AppError::invalid("role", "権限を選んでください")))
}

fn departments_of(f: &Fields) -> Result<Vec<DepartmentId>, WebError> {
    f.iter()
        .filter(|(k, v)| k == "departments" && !v.is_empty())
        .map(|(_, v)| {
            v.parse::<i64>()
                .map(DepartmentId)
                .map_err(|_| WebError::App(AppError::invalid("departments", "担当部局を選び直してください")))
        })
        .collect()
}

async fn top_departments(app: &App, org: OrgId) -> Result<Vec<Department>, WebError> {
    Ok(hoshin_app::setup::departments(app, org).await?.into_iter().filter(|d| d.parent_id.is_none()).collect())
}

/// The user `id` of the admin's own organization; another organization's id is 404.
async fn own_user(app: &App, su: &SessionUser, id: i64) -> Result<User, WebError> {
    let user = hoshin_app::accounts::user_of(app, su.user.org_id, UserId(id)).await?;
    Ok(user)
}

fn role_select(id: &str, current: Option<Role>) -> Markup {
    html! {
        select id=(id) name="role" {
            @for r in Role::ALL {
                option value=(r.as_str()) selected[current == Some(r)] { (r.label()) }
            }
        }
    }
}

fn department_boxes(prefix: &str, depts: &[Department], checked: &[DepartmentId]) -> Markup {
    html! {
        fieldset {
            legend { "担当部局（部局担当のみ）" }
            @for d in depts {
                @let id = format!("{prefix}-dept-{}", d.id.0);
                span.choice {
                    input id=(id) type="checkbox" name="departments" value=(d.id.0) checked[checked.contains(&d.id)];
                    label for=(id) { (d.name) }
                }
                " "
            }
        }
    }
}

/// `GET /manage/users`.
pub async fn list(State(app): State<App>, Staff(su): Staff) -> PageResult {
    let org = su.user.org_id;
    require_admin(&actor(&su), org)?;
    let users = hoshin_app::accounts::users_of(&app, org).await?;
    let depts = top_departments(&app, org).await?;
    let all = hoshin_app::setup::departments(&app, org).await?;
    let name_of = |id: &DepartmentId| all.iter().find(|d| d.id == *id).map_or_else(String::new, |d| d.name.clone());
    let body = html! {
        h1 { "ユーザー管理" }
        table.users {
            caption { "この自治体のユーザー（" (users.len()) "人）" }
            (column_heads(&["ログインID", "氏名", "権限", "担当部局", "状態"]))
            tbody {
                @for u in &users {
                    tr {
                        td { a href={ "/manage/users/" (u.id.0) } { (u.login) } }
                        td { (u.display_name) }
                        td { (u.role.label()) }
                        td { (u.departments.iter().map(name_of).collect::<Vec<_>>().join("、")) }
                        td { @if u.disabled { span.flag.disabled { "無効" } } @else { "有効" } }
                    }
                }
            }
        }
        section aria-labelledby="new-user" {
            h2 #new-user { "ユーザーを追加する" }
            form method="post" action="/manage/users" {
                (csrf_field(&su))
                p { label for="login" { "ログインID" } input #login type="text" name="login" required autocomplete="off"; }
                p { label for="display_name" { "氏名" } input #display_name type="text" name="display_name" required; }
                p { label for="password" { "初期パスワード" } input #password type="password" name="password" required autocomplete="new-password"; }
                p { label for="role" { "権限" } (role_select("role", Some(Role::Editor))) }
                (department_boxes("new", &depts, &[]))
                button type="submit" { "追加する" }
            }
        }
    };
    Ok(layout("ユーザー管理", &su, &crumbs(vec![Crumb::here("ユーザー管理")]), body))
}

/// `POST /manage/users`.
pub async fn create(State(app): State<App>, Staff(su): Staff, Form(f): Form<Fields>) -> Result<Response, WebError> {
    let input = UserInput {
        org_id: su.user.org_id,
        login: field(&f, "login").trim().to_string(),
        display_name: field(&f, "display_name").to_string(),
        password: field(&f, "password").to_string(),
        role: role_of(&f)?,
        departments: departments_of(&f)?,
    };
    let id = create_user(&app, &actor(&su), &input).await?;
    Ok(see_other(&format!("/manage/users/{}", id.0)))
}

/// `GET /manage/users/{id}`.
pub async fn show(State(app): State<App>, Staff(su): Staff, Path(id): Path<i64>) -> PageResult {
    require_admin(&actor(&su), su.user.org_id)?;
    let user = own_user(&app, &su, id).await?;
    let depts = top_departments(&app, su.user.org_id).await?;
    let title = format!("ユーザー：{}", user.display_name);
    let body = html! {
        h1 { (title) }
        p { "ログインID：" (user.login) }
        section aria-labelledby="edit" {
            h2 #edit { "登録内容の変更" }
            form method="post" action={ "/manage/users/" (user.id.0) } {
                (csrf_field(&su))
                input type="hidden" name="version" value=(user.meta.version);
                p { label for="display_name" { "氏名" } input #display_name type="text" name="display_name" required value=(user.display_name); }
                p { label for="role" { "権限" } (role_select("role", Some(user.role))) }
                (department_boxes("edit", &depts, &user.departments))
                p {
                    input #disabled type="checkbox" name="disabled" value="on" checked[user.disabled];
                    label for="disabled" { "無効にする（ログインできなくなります）" }
                }
                button type="submit" { "保存する" }
            }
        }
        section aria-labelledby="reset" {
            h2 #reset { "パスワードの再設定" }
            form method="post" action={ "/manage/users/" (user.id.0) "/password" } {
                (csrf_field(&su))
                p { label for="new_password" { "新しいパスワード" } input #new_password type="password" name="password" required autocomplete="new-password"; }
                button type="submit" { "パスワードを再設定する" }
            }
        }
        p { a href={ "/manage/history/users/" (user.id.0) } { "変更履歴を見る" } }
    };
    let crumbs = crumbs(vec![Crumb::link("ユーザー管理", "/manage/users"), Crumb::here(user.display_name.clone())]);
    Ok(layout(&title, &su, &crumbs, body))
}

/// `POST /manage/users/{id}`.
pub async fn update(
    State(app): State<App>,
    Staff(su): Staff,
    Path(id): Path<i64>,
    Form(f): Form<Fields>,
) -> Result<Response, WebError> {
    require_admin(&actor(&su), su.user.org_id)?;
    let user = own_user(&app, &su, id).await?;
    let version =
        field(&f, "version").parse::<i64>().map_err(|_| WebError::BadRequest("version がありません".to_string()))?;
    let changed = User {
        display_name: field(&f, "display_name").to_string(),
        role: role_of(&f)?,
        departments: departments_of(&f)?,
        disabled: !field(&f, "disabled").is_empty(),
        meta: Meta { version, ..user.meta },
        ..user
    };
    update_user(&app, &actor(&su), &changed).await?;
    Ok(see_other(&format!("/manage/users/{id}")))
}

#[derive(Debug, Deserialize)]
pub struct PasswordForm {
    password: String,
}

/// `POST /manage/users/{id}/password`.
pub async fn password(
    State(app): State<App>,
    Staff(su): Staff,
    Path(id): Path<i64>,
    Form(f): Form<PasswordForm>,
) -> Result<Response, WebError> {
    require_admin(&actor(&su), su.user.org_id)?;
    let user = own_user(&app, &su, id).await?;
    reset_password(&app, &actor(&su), user.id, &f.password).await?;
    Ok(see_other(&format!("/manage/users/{id}")))
}
