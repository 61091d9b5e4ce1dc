//! `/manage/audit` (変更の記録): every change the organization's staff made, newest first, a
//! page at a time, optionally for one person — when, who, what action, on which record, with a
//! link to the record's history (the record as it was at that entry, also once it is deleted).
//! Planning and admin only: it is the internal-control view of the audit log (each item's own
//! history stays open to every staff member).

use super::history::{action_label, table_label};
use super::{actor, column_heads, crumbs, layout};
use crate::html::Crumb;
use crate::pages::{pager, PageResult};
use crate::session::Staff;
use axum::extract::{Query, State};
use hoshin_app::dashboard::wareki_time;
use hoshin_app::records::AuditEntry;
use hoshin_app::App;
use hoshin_domain::*;
use maud::html;
use serde::Deserialize;
use serde_json::Value;
use std::collections::HashMap;

const PER_PAGE: u32 = 100;

#[derive(Debug, Deserialize)]
pub struct Params {
    page: Option<u32>,
    /// A user id; empty or absent: everyone.
    user: Option<String>,
}

/// A name for the record an entry is about: a person by name, a revision by department, year
/// and number, otherwise the name or title its logged image holds, or its fiscal year.
fn subject_name(e: &AuditEntry, users: &HashMap<UserId, String>, depts: &HashMap<i64, String>) -> Option<String> {
    if e.table_name == "users" {
        return users.get(&UserId(e.row_id)).cloned();
    }
    let image = e.after.as_ref().or(e.before.as_ref())?;
    let year = image.get("fiscal_year").and_then(Value::as_i64).and_then(|y| FiscalYear::new(y).ok());
    if e.table_name == "policy_revisions" {
        let dept = image.get("department_id").and_then(Value::as_i64).and_then(|d| depts.get(&d))?;
        let number = image.get("number").and_then(Value::as_i64).unwrap_or(1);
        return Some(format!("{dept} {} 第{number}版", year.map(|y| y.label()).unwrap_or_default()));
    }
    let named = ["name", "title", "display_name"].iter().find_map(|k| {
        image.get(*k).and_then(Value::as_str).filter(|s| !s.trim().is_empty()).map(|s| s.chars().take(40).collect())
    });
    named.or_else(|| year.map(|y| y.label()))
}

/// Japanese for a table the history page does not cover.
fn other_table_label(table: &str) -> &str {
    match table {
        "priority_themes" => "重点項目",
        "organizations" => "自治体",
        other => other,
    }
}

/// `GET /manage/audit`.
pub async fn list(State(app): State<App>, Staff(su): Staff, Query(p): Query<Params>) -> PageResult {
    let org = su.user.org_id;
    let n = p.page.unwrap_or(1).max(1);
    let asked = p.user.as_deref().and_then(|u| u.parse::<i64>().ok()).map(UserId);
    let hoshin_app::audit::RecentChanges { users, departments, rows, has_next } =
        hoshin_app::audit::recent_changes(&app, &actor(&su), org, asked, n, PER_PAGE).await?;
    let depts: HashMap<i64, String> = departments.into_iter().map(|d| (d.id.0, d.name)).collect();
    let names: HashMap<UserId, String> = users.iter().map(|u| (u.id, u.display_name.clone())).collect();
    let chosen = asked.filter(|u| names.contains_key(u));
    let title = "変更の記録";
    let body = html! {
        h1 { (title) }
        p.note {
            "この自治体の職員が行った変更を新しい順に表示しています。記録は追記のみで、編集・削除はできません。"
            "文書の取り込みなどシステムによる変更は、各記録の変更履歴と「取り込んだ文書」で確認できます。"
        }
        form.filter method="get" action="/manage/audit" {
            label for="audit-user" { "職員" }
            " "
            select #audit-user name="user" {
                option value="" selected[chosen.is_none()] { "全員" }
                @for u in &users {
                    option value=(u.id.0) selected[chosen == Some(u.id)] { (u.display_name) "（" (u.login) "）" }
                }
            }
            " "
            button type="submit" { "表示" }
        }
        @if rows.is_empty() {
            p.muted { "記録された変更はありません。" }
        } @else {
            table.audit {
                caption { "変更の一覧（" (n) "ページ目）" }
                (column_heads(&["日時", "操作した人", "操作", "対象"]))
                tbody {
                    @for e in &rows {
                        tr {
                            td { (wareki_time(e.at)) }
                            td { @match e.actor_id.and_then(|a| names.get(&UserId(a))) { Some(n) => (n), None => "システム" } }
                            td { (action_label(&e.action)) }
                            td {
                                @let what = table_label(&e.table_name).unwrap_or_else(|| other_table_label(&e.table_name));
                                @let name = subject_name(e, &names, &depts);
                                @if table_label(&e.table_name).is_some() {
                                    a href={ "/manage/history/" (e.table_name) "/" (e.row_id) "?entry=" (e.id) } {
                                        (what) @if let Some(n) = &name { "「" (n) "」" } @else { " No." (e.row_id) }
                                    }
                                } @else {
                                    (what) @if let Some(n) = &name { "「" (n) "」" }
                                }
                            }
                        }
                    }
                }
            }
        }
        (pager(n, has_next, |k| match chosen {
            Some(u) => format!("/manage/audit?user={}&page={k}", u.0),
            None => format!("/manage/audit?page={k}"),
        }))
    };
    Ok(layout(title, &su, &crumbs(vec![Crumb::here(title)]), body))
}
