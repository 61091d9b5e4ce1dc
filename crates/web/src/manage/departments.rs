//! `/manage/departments` (部局の設定): the organization's departments (部) with their sections
//! (課), and a form that adds one — the browser side of `hoshin department add`, for a city
//! that starts in hoshin or reorganizes. Admins only; every addition is audited.

use super::users::{field, Fields};
use super::{actor, column_heads, crumbs, csrf_field, layout, see_other};
use crate::error::WebError;
use crate::html::Crumb;
use crate::pages::PageResult;
use crate::session::Staff;
use axum::extract::State;
use axum::response::Response;
use axum::Form;
use hoshin_app::access::require_admin;
use hoshin_app::setup::create_department;
use hoshin_app::{App, AppError};
use hoshin_domain::*;
use maud::html;

/// `GET /manage/departments`.
pub async fn list(State(app): State<App>, Staff(su): Staff) -> PageResult {
    let org = su.user.org_id;
    require_admin(&actor(&su), org)?;
    let all = hoshin_app::setup::departments(&app, org).await?;
    let mut tops: Vec<&Department> = all.iter().filter(|d| d.parent_id.is_none()).collect();
    tops.sort_by_key(|d| (d.sort_order, d.id.0));
    let sections = |top: DepartmentId| {
        let mut v: Vec<&Department> = all.iter().filter(|d| d.parent_id == Some(top)).collect();
        v.sort_by_key(|d| (d.sort_order, d.id.0));
        v
    };
    let title = "部局の設定";
    let body = html! {
        h1 { (title) }
        p.note {
            "部局運営方針は部ごとに作成します。課は部の方針の中で取組を受け持ちます。"
            "年度を開始すると、ここにあるすべての部に方針の下書きが作られます。"
        }
        @if tops.is_empty() {
            p.muted { "部局はまだ登録されていません。" }
        } @else {
            table.departments {
                caption { "部 " (tops.len()) "・課 " (all.len() - tops.len()) }
                (column_heads(&["部", "課"]))
                tbody {
                    @for d in &tops {
                        tr id={ "d-" (d.id.0) } {
                            th scope="row" { (d.name) }
                            td {
                                @let list = sections(d.id);
                                @if list.is_empty() { span.muted { "－" } }
                                @else { ul.inline { @for s in list { li id={ "d-" (s.id.0) } { (s.name) } } } }
                            }
                        }
                    }
                }
            }
        }
        section aria-labelledby="new-department" {
            h2 #new-department { "部局を追加する" }
            form method="post" action="/manage/departments" {
                (csrf_field(&su))
                p { label for="dept-name" { "名称" } input #dept-name type="text" name="name" required maxlength="100"; }
                p {
                    label for="dept-parent" { "所属する部" }
                    select #dept-parent name="parent" {
                        option value="" { "なし（部として追加）" }
                        @for d in &tops { option value=(d.id.0) { (d.name) "（この部の課として追加）" } }
                    }
                }
                button type="submit" { "追加する" }
            }
        }
    };
    Ok(layout(title, &su, &crumbs(vec![Crumb::here(title)]), body))
}

/// `POST /manage/departments`.
pub async fn create(State(app): State<App>, Staff(su): Staff, Form(f): Form<Fields>) -> Result<Response, WebError> {
    let parent = match field(&f, "parent") {
        "" => None,
        p => Some(
            p.parse::<i64>()
                .map(DepartmentId)
                .map_err(|_| WebError::App(AppError::invalid("parent", "所属する部を選び直してください")))?,
        ),
    };
    let id = create_department(&app, &actor(&su), su.user.org_id, field(&f, "name"), parent).await?;
    Ok(see_other(&format!("/manage/departments#d-{}", id.0)))
}
