//! A readable diff of two versions of a record as stored in the audit log (JSON): one table
//! row per changed top-level field with a Japanese label, and a character-level diff of the
//! field's text with deletions in `<del>` and insertions in `<ins>`.

use maud::{html, Markup};
use serde_json::Value;
use similar::{ChangeTag, TextDiff};

/// Fields that are bookkeeping, not content (or secrets).
const SKIPPED: [&str; 10] =
    ["meta", "id", "created_at", "updated_at", "version", "draft", "password_hash", "org_id", "revision_id", "live_id"];

/// The Japanese label of a field; unknown keys as they are.
pub fn label(key: &str) -> &str {
    match key {
        "name" => "取組名",
        "kpi_name" => "指標名",
        "summary" => "概要",
        "stance" => "基本的考え方",
        "notes" => "備考",
        "milestones" => "スケジュール",
        "sdg_goals" => "SDGs",
        "node_ids" => "計画との関連",
        "reform_perspectives" => "行革の視点",
        "reform_text" => "行革の視点からの取組内容",
        "theme_id" => "重点項目",
        "sort_order" => "並び順",
        "predecessor_id" => "前年度の取組",
        "state" => "状態",
        "comment" => "差戻しコメント",
        "result" => "実績",
        "issues_next" => "課題・今後の方向性",
        "progress" => "進捗率",
        "judgement" => "判定",
        "target" => "目標値",
        "baseline" => "現状値",
        "baseline_note" => "現状値の時点",
        "actuals" => "実績値",
        "target_year" => "目標年度",
        "baseline_year" => "基準年度",
        "unit" => "単位",
        "direction" => "方向",
        "cumulative" => "累計",
        "role" => "権限",
        "disabled" => "無効",
        "display_name" => "氏名",
        "login" => "ログインID",
        "departments" => "担当部局",
        "department_id" => "部局",
        "fiscal_year" => "年度",
        "period_end" => "終了年度",
        "kind" => "種別",
        "sections" => "その他の記載",
        "owner" => "対象",
        "policy_due" => "部局運営方針の期限",
        "midyear_due" => "中間報告の期限",
        "yearend_due" => "年度末振り返りの期限",
        "number" => "改訂番号",
        "submitted_by" => "提出者",
        "submitted_at" => "提出日時",
        "decided_by" => "承認・差戻しをした人",
        "decided_at" => "承認・差戻しの日時",
        "published_by" => "公開した人",
        "published_at" => "公開日時",
        "created_by" => "作成者",
        "opened_by" => "年度を開始した人",
        "initiative_id" => "取組",
        "title" => "表題",
        "genre" => "文書の種類",
        "file_name" => "ファイル",
        "content_hash" => "内容のハッシュ（SHA-256）",
        "imported_at" => "取り込んだ日時",
        "counts" => "読み取った件数",
        "inserted" => "追加した記録",
        "updated" => "更新した記録",
        "unchanged" => "変更のなかった記録",
        "value" => "値",
        "period" => "報告期間",
        "indicator_id" => "指標",
        other => other,
    }
}

/// A compact readable text of one field's value.
pub fn readable(key: &str, v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => if *b { "はい" } else { "いいえ" }.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Object(o) => match o.get("text") {
            Some(Value::String(t)) => t.clone(),
            _ => compact(v),
        },
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().map(|item| item_text(key, item)).collect();
            parts.join("、")
        }
    }
}

fn item_text(key: &str, item: &Value) -> String {
    let field = |name: &str| item.get(name).filter(|v| !v.is_null());
    match key {
        "milestones" => {
            let text = field("text").map(|t| readable("", t)).unwrap_or_default();
            match field("due") {
                Some(d) => format!("{text}（{}）", readable("", d)),
                None => text,
            }
        }
        "actuals" => {
            let year = field("fiscal_year").map(|y| readable("", y)).unwrap_or_default();
            let value = field("value").map(|v| readable("", v)).unwrap_or_default();
            format!("{year}年度: {value}")
        }
        _ => match item {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            Value::Object(o) => match o.get("text") {
                Some(Value::String(t)) => t.clone(),
                _ => compact(item),
            },
            other => compact(other),
        },
    }
}

fn compact(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// The two sides of a character diff: (before with `<del>`, after with `<ins>`), changes grouped.
fn char_diff(old: &str, new: &str) -> (Markup, Markup) {
    let diff = TextDiff::from_chars(old, new);
    // Group consecutive characters of the same kind into one run.
    let mut runs: Vec<(ChangeTag, String)> = Vec::new();
    for change in diff.iter_all_changes() {
        let s = change.value();
        match runs.last_mut() {
            Some((tag, text)) if *tag == change.tag() => text.push_str(s),
            _ => runs.push((change.tag(), s.to_string())),
        }
    }
    let before = html! {
        @for (tag, text) in &runs {
            @match tag {
                ChangeTag::Equal => (text),
                ChangeTag::Delete => del { (text) },
                ChangeTag::Insert => {},
            }
        }
    };
    let after = html! {
        @for (tag, text) in &runs {
            @match tag {
                ChangeTag::Equal => (text),
                ChangeTag::Insert => ins { (text) },
                ChangeTag::Delete => {},
            }
        }
    };
    (before, after)
}

/// The changed fields between two versions of a record (top-level keys of JSON objects).
pub fn render(before: Option<&Value>, after: Option<&Value>) -> Markup {
    let empty = serde_json::Map::new();
    let obj = |v: Option<&Value>| v.and_then(Value::as_object).unwrap_or(&empty).clone();
    let (b, a) = (obj(before), obj(after));
    let mut keys: Vec<&String> = a.keys().collect();
    keys.extend(b.keys().filter(|k| !a.contains_key(*k)));
    let rows: Vec<(&str, String, String)> = keys
        .into_iter()
        .filter(|k| !SKIPPED.contains(&k.as_str()))
        .filter(|k| b.get(*k) != a.get(*k))
        .map(|k| {
            let t = |m: &serde_json::Map<String, Value>| m.get(k).map(|v| readable(k, v)).unwrap_or_default();
            (k.as_str(), t(&b), t(&a))
        })
        .filter(|(_, old, new)| old != new)
        .collect();
    if rows.is_empty() {
        return html! { p.no-change { "内容の変更はありません。" } };
    }
    html! {
        table.diff {
            caption { "変更内容" }
            thead { tr { th scope="col" { "項目" } th scope="col" { "変更前" } th scope="col" { "変更後" } } }
            tbody {
                @for (key, old, new) in &rows {
                    tr {
                        th scope="row" { (label(key)) }
                        @if before.is_none() {
                            td { "（なし）" }
                            td { (new) }
                        } @else if after.is_none() {
                            td { (old) }
                            td { "（削除）" }
                        } @else {
                            @let (o, n) = char_diff(old, new);
                            td { (o) }
                            td { (n) }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_changed_string_shows_deletion_and_insertion() {
        let out =
            render(Some(&json!({"name": "図書館の整備"})), Some(&json!({"name": "市立図書館の改修"}))).into_string();
        assert!(out.contains("取組名"), "{out}");
        assert!(out.contains("<ins>"), "{out}");
        assert!(out.contains("<del>"), "{out}");
        assert!(out.contains("<ins>市立</ins>"), "{out}");
    }

    #[test]
    fn unchanged_and_bookkeeping_fields_are_absent() {
        let out = render(
            Some(&json!({"name": "同じ", "summary": "前", "meta": {"version": 1}, "id": 3})),
            Some(&json!({"name": "同じ", "summary": "後", "meta": {"version": 2}, "id": 3})),
        )
        .into_string();
        assert!(!out.contains("取組名"), "{out}");
        assert!(out.contains("概要"), "{out}");
        assert!(!out.contains("version"), "{out}");
    }

    #[test]
    fn markup_in_data_is_escaped() {
        let out =
            render(Some(&json!({"notes": "a"})), Some(&json!({"notes": "<script>alert(1)</script>"}))).into_string();
        assert!(!out.contains("<script>"), "{out}");
        assert!(out.contains("&lt;script&gt;"), "{out}");
    }

    #[test]
    fn creation_and_deletion() {
        let created = render(None, Some(&json!({"name": "新しい取組"}))).into_string();
        assert!(created.contains("（なし）") && created.contains("新しい取組"), "{created}");
        let deleted = render(Some(&json!({"name": "古い取組"})), None).into_string();
        assert!(deleted.contains("（削除）") && deleted.contains("古い取組"), "{deleted}");
    }

    #[test]
    fn lists_read_as_text() {
        let m = json!([{"text": "説明会", "due": "2025-06-30"}, {"text": "報告", "due": null}]);
        assert_eq!(readable("milestones", &m), "説明会（2025-06-30）、報告");
        let a = json!([{"fiscal_year": 2024, "value": {"text": "12人", "value": 12.0}}]);
        assert_eq!(readable("actuals", &a), "2024年度: 12人");
        assert_eq!(readable("target", &json!({"text": "約30%", "value": 30.0})), "約30%");
    }
}
