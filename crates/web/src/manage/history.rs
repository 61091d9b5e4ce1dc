//! The audit history of one record with a readable diff (`/manage/history/{table}/{id}`): who
//! changed what and when, newest first. An initiative's history follows it across revisions
//! (its draft copies and the published row). Any staff member of the record's organization.
//! A deleted record's history stays readable, its deletion showing what it held (issue 12);
//! `?entry=N` (the change log's links) shows the record an audit entry was about even when
//! SQLite has since given its id to another record.

use super::{actor, crumbs, layout};
use crate::error::WebError;
use crate::html::Crumb;
use crate::pages::PageResult;
use crate::session::Staff;
use crate::views::diff;
use crate::views::policy::node_label;
use axum::extract::{Path, Query, State};
use hoshin_app::access::require_staff;
use hoshin_app::dashboard::wareki_time;
use hoshin_app::history;
use hoshin_app::records::AuditEntry;
use hoshin_app::App;
use hoshin_domain::Genre;
use hoshin_domain::*;
use maud::html;
use serde_json::Value;
use std::collections::HashMap;

/// How many audit rows one page shows.
const MAX_ROWS: u32 = 200;

/// The Japanese label of an audit action.
pub fn action_label(action: &str) -> &str {
    match action {
        "insert" => "作成",
        "update" => "更新",
        "delete" => "削除",
        "publish" => "公開",
        "submit" => "提出",
        "return" => "差戻し",
        "approve" => "承認",
        "open" => "作成（年度開始/改訂開始）",
        "reorder" => "並べ替え",
        "actual" => "実績値の入力",
        "demo" => "デモデータの作成・更新",
        "import" => "文書の取り込み",
        "reimport" => "文書の取り込み直し",
        "login" => "ログイン",
        "login_failed" => "ログイン失敗",
        "login_locked" => "ログイン拒否（ロック中）",
        "logout" => "ログアウト",
        "reset_password" => "パスワード再設定",
        "change_password" => "パスワード変更（本人）",
        other => other,
    }
}

pub fn table_label(table: &str) -> Option<&'static str> {
    Some(match table {
        "initiatives" => "取組",
        "indicators" => "指標",
        "policy_revisions" => "部局運営方針（改訂）",
        "goal_reviews" => "振り返り",
        "users" => "ユーザー",
        "fiscal_cycles" => "年度",
        "department_policies" => "部局運営方針",
        "documents" => "取り込んだ文書",
        _ => return None,
    })
}

#[derive(Debug, serde::Deserialize)]
pub struct HistoryQuery {
    /// An audit entry id: show the record that entry was about.
    entry: Option<i64>,
}

/// `GET /manage/history/{table}/{id}`.
pub async fn show(
    State(app): State<App>,
    Staff(su): Staff,
    Path((table, id)): Path<(String, i64)>,
    Query(q): Query<HistoryQuery>,
) -> PageResult {
    let Some(what) = table_label(&table) else { return Err(WebError::NotFound) };
    let history::Subject { ids, org, name, exists } = history::subject(&app, &table, id).await?;
    let trail = history::trail(&app, &table, &ids, MAX_ROWS).await?;
    let rows = match q.entry {
        Some(entry) if trail.iter().any(|r| r.id == entry) => generation_of(trail, entry),
        _ => current_generation(trail),
    };
    if rows.is_empty() && !exists {
        return Err(WebError::NotFound);
    }
    // Shown as deleted: gone from the database, or the chosen generation ended in a deletion.
    let deleted = !exists || rows.first().is_some_and(is_deletion);
    let org = match org {
        Some(o) => o,
        None => {
            // Records without a lookup by id: the organization from the logged images.
            let image = rows.iter().find_map(|r| r.after.as_ref().or(r.before.as_ref()));
            match image {
                Some(v) => history::org_from_image(&app, v).await?.ok_or(WebError::NotFound)?,
                None => return Err(WebError::NotFound),
            }
        }
    };
    if org != su.user.org_id {
        return Err(WebError::NotFound);
    }
    require_staff(&actor(&su), org)?;
    let name = match rows.iter().find_map(|r| r.after.as_ref().or(r.before.as_ref())) {
        Some(v) if table_has_no_lookup(&table) => history::name_from_image(&app, v).await.unwrap_or(name),
        Some(v) if deleted => image_name(v).unwrap_or(name),
        _ => name,
    };
    let names = actor_names(&app, &rows).await;
    let refs = Names {
        themes: theme_names(&app, &rows).await?,
        depts: hoshin_app::setup::departments(&app, org).await?.into_iter().map(|d| (d.id.0, d.name)).collect(),
        nodes: node_names(&app, &rows).await?,
        initiatives: hoshin_app::history::initiative_names(
            &app,
            ids_under(&rows, &["predecessor_id", "initiative_id", "owner.initiative"]),
        )
        .await,
        users: names.clone(),
    };
    // An indicator's `name` is the KPI's name, not an initiative's (the diff labels by key).
    let renamed = |v: Value| match (table.as_str(), v) {
        ("indicators", Value::Object(mut o)) => {
            if let Some(n) = o.remove("name") {
                o.insert("kpi_name".into(), n);
            }
            Value::Object(o)
        }
        (_, v) => v,
    };
    let readable = |v: Option<&Value>| v.map(|v| renamed(readable(v, &refs)));
    let title = if deleted {
        format!("変更履歴：{what}「{name}」（削除済み）")
    } else {
        format!("変更履歴：{what}「{name}」")
    };
    let body = html! {
        h1 { (title) }
        p.note { "変更履歴は記録専用で、編集・削除はできません。新しい順に表示しています。" }
        @if deleted {
            p.note { "この記録は削除されています。削除される前の内容は、いちばん上の記録（変更前）で確認できます。" }
        }
        @if rows.is_empty() {
            p { "記録された変更はありません。" }
        }
        ol.history {
            @for r in &rows {
                li {
                    h2 {
                        (wareki_time(r.at)) "　"
                        (actor_name(&names, r.actor_id)) "　"
                        (action_label(&r.action))
                    }
                    (diff::render(readable(r.before.as_ref()).as_ref(), readable(r.after.as_ref()).as_ref()))
                }
            }
        }
    };
    Ok(layout(&title, &su, &crumbs(vec![Crumb::here("変更履歴")]), body))
}

/// An entry that deleted its record (by an edit, a publication or a re-import): the record
/// before, nothing after.
fn is_deletion(r: &AuditEntry) -> bool {
    r.before.is_some() && r.after.is_none()
}

/// A name for a deleted record from its last image.
fn image_name(v: &Value) -> Option<String> {
    ["name", "title", "display_name"]
        .iter()
        .find_map(|k| v.get(*k).and_then(Value::as_str).filter(|s| !s.trim().is_empty()).map(str::to_string))
}

/// The entries of the record `entry` was about: those after the previous deletion of its row
/// id up to and including the deletion that ended it (if any), for every row id of the trail.
/// `rows` newest first.
fn generation_of(rows: Vec<AuditEntry>, entry: i64) -> Vec<AuditEntry> {
    let Some(row_id) = rows.iter().find(|r| r.id == entry).map(|r| r.row_id) else { return rows };
    let deletions: Vec<i64> = rows.iter().filter(|r| r.row_id == row_id && is_deletion(r)).map(|r| r.id).collect();
    let start = deletions.iter().copied().filter(|d| *d < entry).max().unwrap_or(i64::MIN);
    let end = deletions.iter().copied().filter(|d| *d >= entry).min().unwrap_or(i64::MAX);
    rows.into_iter().filter(|r| r.id > start && r.id <= end).collect()
}

/// Drops, per row id, the entries of an earlier record that had the same id: everything up to
/// the id's newest deletion when something happened to the id after it (SQLite hands a deleted
/// highest id to the next insert). A deleted record keeps its whole trail. `rows` newest first.
fn current_generation(rows: Vec<AuditEntry>) -> Vec<AuditEntry> {
    let mut cut: HashMap<i64, i64> = HashMap::new();
    for r in &rows {
        let later = rows.iter().any(|x| x.row_id == r.row_id && x.id > r.id);
        if is_deletion(r) && later {
            let c = cut.entry(r.row_id).or_insert(r.id);
            *c = (*c).max(r.id);
        }
    }
    rows.into_iter().filter(|r| cut.get(&r.row_id).is_none_or(|c| r.id > *c)).collect()
}

fn table_has_no_lookup(table: &str) -> bool {
    matches!(table, "goal_reviews" | "fiscal_cycles" | "department_policies")
}

/// Ids of the users a record names (`submitted_by`, `opened_by` …).
fn user_refs(v: &Value) -> impl Iterator<Item = i64> + '_ {
    v.as_object().into_iter().flat_map(|o| o.iter()).filter(|(k, _)| k.ends_with("_by")).filter_map(|(_, v)| v.as_i64())
}

/// What the ids in logged images stand for.
struct Names {
    users: HashMap<i64, String>,
    themes: HashMap<i64, String>,
    depts: HashMap<i64, String>,
    /// Plan nodes as 「1-1-1 title」.
    nodes: HashMap<i64, String>,
    /// Initiatives as 「name（令和7年度（2025年度））」.
    initiatives: HashMap<i64, String>,
}

/// `map[id]` for a JSON number, else the value as it was.
fn named(map: &HashMap<i64, String>, x: &Value) -> Value {
    x.as_i64().and_then(|i| map.get(&i)).map(|n| Value::String(n.clone())).unwrap_or_else(|| x.clone())
}

/// The logged image with ids, times and codes made readable for the diff: users, departments,
/// themes, plan nodes and initiatives by name, Unix-ms times as JST date and time, years as
/// 和暦 (西暦), states, roles, kinds and directions in Japanese, 行革の視点 as written.
fn readable(v: &Value, n: &Names) -> Value {
    let Some(o) = v.as_object() else { return v.clone() };
    let mut out = serde_json::Map::new();
    for (k, x) in o {
        let text = |s: Option<&str>| s.map(|s| Value::String(s.into())).unwrap_or_else(|| x.clone());
        let shown = match (k.as_str(), x) {
            (k, Value::Number(_)) if k.ends_with("_by") => named(&n.users, x),
            (k, Value::Number(t)) if k.ends_with("_at") => {
                t.as_i64().map(|ms| Value::String(wareki_time(ms))).unwrap_or_else(|| x.clone())
            }
            ("state", Value::String(s)) => text(RevisionState::parse(s).ok().map(RevisionState::label)),
            ("role", Value::String(s)) => text(Role::parse(s).ok().map(Role::label)),
            ("kind", Value::String(s)) => text(InitiativeKind::parse(s).ok().map(InitiativeKind::label)),
            ("genre", Value::String(s)) => text(Genre::parse(s).map(Genre::label)),
            ("counts", Value::Object(c)) => Value::String(counts_text(c)),
            ("direction", Value::String(s)) => text(Direction::parse(s).map(Direction::label)),
            (k, Value::Number(y)) if k == "fiscal_year" || k.ends_with("_year") => y
                .as_i64()
                .and_then(|y| FiscalYear::new(y).ok())
                .map(|y| Value::String(y.label()))
                .unwrap_or_else(|| x.clone()),
            ("department_id", _) => named(&n.depts, x),
            ("theme_id", _) => named(&n.themes, x),
            ("predecessor_id" | "initiative_id", _) => named(&n.initiatives, x),
            ("node_ids", Value::Array(ids)) => Value::Array(ids.iter().map(|i| named(&n.nodes, i)).collect()),
            ("owner", Value::Object(o)) => match (o.get("node"), o.get("initiative")) {
                (Some(id), _) => named(&n.nodes, id),
                (_, Some(id)) => named(&n.initiatives, id),
                _ => x.clone(),
            },
            ("reform_perspectives", Value::Array(tags)) => Value::Array(
                tags.iter()
                    .map(|t| match serde_json::from_value::<ReformPerspective>(t.clone()) {
                        Ok(r) => Value::String(r.display()),
                        Err(_) => t.clone(),
                    })
                    .collect(),
            ),
            _ => x.clone(),
        };
        out.insert(k.clone(), shown);
    }
    Value::Object(out)
}

/// What an import found, in words: 「部局 13件、取組 83件」 (kinds it found none of are left out).
fn counts_text(c: &serde_json::Map<String, Value>) -> String {
    const KINDS: [(&str, &str); 8] = [
        ("departments", "部局"),
        ("stances", "基本的考え方"),
        ("themes", "重点項目"),
        ("measures", "施策"),
        ("initiatives", "取組"),
        ("indicators", "指標"),
        ("reviews", "振り返り"),
        ("related_plans", "関連計画"),
    ];
    let parts: Vec<String> = KINDS
        .iter()
        .filter_map(|(k, label)| c.get(*k).and_then(Value::as_i64).filter(|n| *n > 0).map(|n| format!("{label} {n}件")))
        .collect();
    if parts.is_empty() {
        "なし".to_string()
    } else {
        parts.join("、")
    }
}

/// Every logged image (before and after) of the rows.
fn images(rows: &[AuditEntry]) -> impl Iterator<Item = &Value> {
    rows.iter().flat_map(|r| r.before.iter().chain(r.after.iter()))
}

/// Names of the priority themes the logged images refer to.
async fn theme_names(app: &App, rows: &[AuditEntry]) -> Result<HashMap<i64, String>, WebError> {
    let ids: Vec<ThemeId> = images(rows)
        .filter_map(|v| v.get("theme_id").and_then(Value::as_i64))
        .map(ThemeId)
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    Ok(history::theme_names(app, &ids).await?)
}

/// Every id the logged images hold under one of `keys` (numbers, arrays of numbers, or an
/// indicator owner's `{"node": id}` / `{"initiative": id}`).
fn ids_under<'a>(rows: &'a [AuditEntry], keys: &'a [&str]) -> std::collections::BTreeSet<i64> {
    let mut ids = std::collections::BTreeSet::new();
    for v in images(rows) {
        for key in keys {
            let x = match key.split_once('.') {
                Some((field, inner)) => v.get(field).and_then(|o| o.get(inner)),
                None => v.get(*key),
            };
            match x {
                Some(Value::Array(items)) => ids.extend(items.iter().filter_map(Value::as_i64)),
                Some(x) => ids.extend(x.as_i64()),
                None => {}
            }
        }
    }
    ids
}

/// Plan nodes the logged images refer to, as 「code title」.
async fn node_names(app: &App, rows: &[AuditEntry]) -> Result<HashMap<i64, String>, WebError> {
    let ids: Vec<NodeId> = ids_under(rows, &["node_ids", "owner.node"]).into_iter().map(NodeId).collect();
    Ok(hoshin_app::manage::nodes(app, &ids).await?.into_iter().map(|n| (n.id.0, node_label(&n))).collect())
}

/// Names of the users who made the changes and of those the images name.
async fn actor_names(app: &App, rows: &[AuditEntry]) -> HashMap<i64, String> {
    let ids: std::collections::BTreeSet<i64> =
        rows.iter().filter_map(|r| r.actor_id).chain(images(rows).flat_map(user_refs)).collect();
    history::user_names(app, ids).await
}

fn actor_name(names: &HashMap<i64, String>, id: Option<i64>) -> String {
    match id {
        None => "システム".to_string(),
        Some(i) => names.get(&i).cloned().unwrap_or_else(|| format!("ユーザーNo.{i}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: i64, row_id: i64, action: &str, after: bool) -> AuditEntry {
        AuditEntry {
            id,
            actor_id: None,
            at: id,
            table_name: "initiatives".into(),
            row_id,
            action: action.into(),
            before: (!after).then(|| serde_json::json!({"name": "x"})),
            after: after.then(|| serde_json::json!({"name": "x"})),
        }
    }

    #[test]
    fn a_reused_id_shows_only_its_current_record() {
        // Row 7 was created and deleted, then the id came back for another record.
        let rows = vec![
            entry(6, 7, "update", true),
            entry(5, 7, "publish", true),
            entry(4, 8, "insert", true),
            entry(3, 7, "delete", false),
            entry(2, 7, "update", true),
            entry(1, 7, "insert", true),
        ];
        let ids: Vec<i64> = current_generation(rows).iter().map(|r| r.id).collect();
        assert_eq!(ids, [6, 5, 4]);
        // A deleted record keeps its whole trail.
        let gone = vec![entry(3, 9, "delete", false), entry(2, 9, "update", true), entry(1, 9, "insert", true)];
        assert_eq!(current_generation(gone).len(), 3);
    }

    #[test]
    fn an_entry_picks_the_record_it_was_about() {
        let rows = vec![
            entry(6, 7, "update", true),
            entry(5, 7, "insert", true),
            entry(4, 7, "publish", false),
            entry(3, 7, "update", true),
            entry(2, 7, "insert", true),
        ];
        let ids = |v: Vec<AuditEntry>| v.iter().map(|r| r.id).collect::<Vec<_>>();
        assert_eq!(ids(generation_of(rows.clone(), 4)), [4, 3, 2], "the deleted record, with its deletion");
        assert_eq!(ids(generation_of(rows.clone(), 2)), [4, 3, 2]);
        assert_eq!(ids(generation_of(rows.clone(), 6)), [6, 5], "the record that has the id now");
        assert_eq!(ids(current_generation(rows)), [6, 5]);
    }
}
