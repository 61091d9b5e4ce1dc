//! 「差戻し後の変更」 (issue 15, staged review): what the department changed in a revision since
//! it was last returned — the stance and notes, initiatives, KPIs (with their actuals) and
//! reviews — read from the audit log, not from a second diff engine. Each record that changed
//! is one [`Change`]: its image just before its first change after the return and just after
//! its last one (`None`: it did not exist then), which the staff page renders with the history
//! page's field-by-field diff.

use crate::access::Actor;
use crate::error::Result;
use hoshin_domain::*;
use hoshin_store::{AuditEntry, Page};
use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// One record changed since the return.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// `policy_revisions`, `initiatives`, `indicators` or `goal_reviews`.
    pub table: String,
    pub row_id: i64,
    /// What it is, for a heading: 「基本的考え方・備考」, 「取組「…」」, 「指標「…」」, 「振り返り（取組「…」）」.
    pub what: String,
    /// Before the first change after the return (`None`: added since).
    pub before: Option<Value>,
    /// After the last change (`None`: removed since).
    pub after: Option<Value>,
    /// Who changed it, in the order they first did.
    pub by: Vec<String>,
}

/// The changes since the revision's latest return.
#[derive(Debug, Clone, PartialEq)]
pub struct SinceReturn {
    /// When it was returned (Unix ms) and by whom.
    pub returned_at: i64,
    pub returned_by: String,
    /// In the order first changed.
    pub changes: Vec<Change>,
    /// More audit rows were written by the organization's staff since the return than one read
    /// holds ([`Page::MAX_LIMIT`]): the oldest changes may be missing.
    pub truncated: bool,
}

/// The bookkeeping of a logged image, which says nothing of the content.
const BOOKKEEPING: [&str; 3] = ["meta", "updated_at", "version"];

fn content(v: Option<&Value>) -> Option<Value> {
    let mut v = v?.clone();
    if let Some(o) = v.as_object_mut() {
        for k in BOOKKEEPING {
            o.remove(k);
        }
    }
    Some(v)
}

/// Only the stance and notes of a revision's image (its workflow fields are not the editor's).
fn stance_only(v: Option<&Value>) -> Option<Value> {
    let o = v?.as_object()?;
    let keep: serde_json::Map<String, Value> = o
        .iter()
        .filter(|(k, _)| matches!(k.as_str(), "stance" | "notes"))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    Some(Value::Object(keep))
}

/// One record's images before its first and after its last change, and who changed it.
type Span = (Option<Value>, Option<Value>, Vec<i64>);

fn image(e: &AuditEntry) -> Option<&Value> {
    e.after.as_ref().or(e.before.as_ref())
}

fn of_revision(v: &Value, rev: RevisionId) -> bool {
    v.pointer("/draft/revision_id").and_then(Value::as_i64) == Some(rev.0)
}

fn name_of(v: Option<&Value>) -> String {
    v.and_then(|v| v.get("name")).and_then(Value::as_str).unwrap_or_default().to_string()
}

/// What changed in `rev` since it was last returned; `None` when it never was. For any staff
/// member of the organization (404 for another organization's revision).
pub async fn since_return(
    db: &(impl crate::ReadDb + ?Sized),
    actor: &Actor,
    org: OrgId,
    rev: RevisionId,
) -> Result<Option<SinceReturn>> {
    let scope = crate::editing::staff_scope(db, actor, org, rev).await?;
    let r = crate::db::read(db);
    let trail = r.audit_trail_of("policy_revisions", &[rev.0], Page::first(Page::MAX_LIMIT)).await?;
    let Some(ret) = trail.iter().find(|e| e.action == "return") else {
        return Ok(None);
    };
    let users: Vec<UserId> = r.list_users(org).await?.into_iter().map(|u| u.id).collect();
    let mut rows = r.recent_audit(&users, Page::first(Page::MAX_LIMIT)).await?;
    let truncated = rows.len() >= Page::MAX_LIMIT as usize && rows.last().is_some_and(|e| e.id > ret.id);
    rows.retain(|e| e.id > ret.id);
    rows.sort_by_key(|e| e.id);

    // The revision's initiatives: those it holds now and those logged as its rows since.
    let mut initiatives: HashMap<i64, String> =
        r.revision_initiatives(rev).await?.into_iter().map(|i| (i.id.0, i.name)).collect();
    for e in rows.iter().filter(|e| e.table_name == "initiatives") {
        if let Some(v) = image(e).filter(|v| of_revision(v, rev)) {
            initiatives.entry(e.row_id).or_insert_with(|| name_of(Some(v)));
        }
    }
    // Its KPIs likewise (their interim values name them).
    let mut indicators: HashMap<i64, String> =
        r.revision_indicators(rev).await?.into_iter().map(|k| (k.id.0, k.name)).collect();
    for e in rows.iter().filter(|e| e.table_name == "indicators") {
        if let Some(v) = image(e).filter(|v| of_revision(v, rev)) {
            indicators.entry(e.row_id).or_insert_with(|| name_of(Some(v)));
        }
    }
    let of_row = |e: &AuditEntry, key: &str, rows: &HashMap<i64, String>| {
        image(e).and_then(|v| v.get(key)).and_then(Value::as_i64).is_some_and(|i| rows.contains_key(&i))
    };
    let relevant = |e: &AuditEntry| match e.table_name.as_str() {
        "policy_revisions" => e.row_id == rev.0,
        "initiatives" | "indicators" => image(e).is_some_and(|v| of_revision(v, rev)),
        "goal_reviews" | "interim_reviews" => of_row(e, "initiative_id", &initiatives),
        "interim_actuals" => of_row(e, "indicator_id", &indicators),
        _ => false,
    };
    // Interim values and reviews name their period by key: shown by its label.
    let periods: HashMap<String, String> =
        crate::periods::periods(db, scope.department.org_id).await?.into_iter().map(|p| (p.key, p.label)).collect();
    let period_of = |v: Option<&Value>| {
        let key = v.and_then(|v| v.get("period")).and_then(Value::as_str).unwrap_or_default();
        periods.get(key).cloned().unwrap_or_else(|| key.to_string())
    };

    // Per record: the image before its first change and after its last.
    let mut order: Vec<(String, i64)> = Vec::new();
    let mut spans: HashMap<(String, i64), Span> = HashMap::new();
    for e in rows.iter().filter(|e| relevant(e)) {
        let key = (e.table_name.clone(), e.row_id);
        let span = spans.entry(key.clone()).or_insert_with(|| {
            order.push(key);
            (e.before.clone(), None, Vec::new())
        });
        span.1 = e.after.clone();
        if let Some(a) = e.actor_id.filter(|a| !span.2.contains(a)) {
            span.2.push(a);
        }
    }
    let actor_ids: HashSet<i64> = spans.values().flat_map(|s| s.2.iter().copied()).chain(ret.actor_id).collect();
    let names = crate::history::user_names(db, actor_ids).await;
    let mut changes = Vec::new();
    for key in order {
        let Some((before, after, by)) = spans.remove(&key) else { continue };
        let (before, after) = if key.0 == "policy_revisions" {
            (stance_only(before.as_ref()), stance_only(after.as_ref()))
        } else {
            (before, after)
        };
        if content(before.as_ref()) == content(after.as_ref()) {
            continue;
        }
        let shown = after.as_ref().or(before.as_ref());
        let named = |key: &str, rows: &HashMap<i64, String>| {
            let of = shown.and_then(|v| v.get(key)).and_then(Value::as_i64);
            of.and_then(|i| rows.get(&i)).cloned().unwrap_or_default()
        };
        let what = match key.0.as_str() {
            "policy_revisions" => "基本的考え方・備考".to_string(),
            "initiatives" => format!("取組「{}」", name_of(shown)),
            "indicators" => format!("指標「{}」", name_of(shown)),
            "interim_actuals" => format!("{}の値（指標「{}」）", period_of(shown), named("indicator_id", &indicators)),
            "interim_reviews" => {
                format!("{}の振り返り（取組「{}」）", period_of(shown), named("initiative_id", &initiatives))
            }
            _ => {
                let of = shown.and_then(|v| v.get("initiative_id")).and_then(Value::as_i64);
                let name = of.and_then(|i| initiatives.get(&i)).cloned().unwrap_or_default();
                format!("振り返り（取組「{name}」）")
            }
        };
        let by = by.iter().filter_map(|a| names.get(a).cloned()).collect();
        changes.push(Change { table: key.0, row_id: key.1, what, before, after, by });
    }
    let returned_by = match ret.actor_id {
        Some(a) => names.get(&a).cloned().unwrap_or_default(),
        None => "システム".to_string(),
    };
    Ok(Some(SinceReturn { returned_at: ret.at, returned_by, changes, truncated }))
}
