//! Bulk KPI actuals for the write API (`POST /api/v1/actuals`): many (indicator, year, value)
//! items in ONE transaction, under the same rules as the staff pages —
//!
//! - a plan KPI (施策の指標, published) is written by planning staff of its organization, as on
//!   `/manage/{year}/indicators` ([`crate::plan_kpis::set_plan_actuals`]);
//! - a department's KPI is written in the department's open revision (draft or returned), by
//!   planning staff or an editor of the department (a 部 covers its 課), as on
//!   `/manage/revisions/{rev}/actuals` ([`crate::editing::set_actuals`]). The item may name the
//!   published indicator (the id the public API shows): the value goes to its copy in the open
//!   revision, and is published with the revision like any edit there. Or it may name the
//!   revision's row itself.
//!
//! Values are read as on the staff pages (「1,234件」「約12.5%」, a dash for "no figure", empty
//! clears the year). Every item is checked; if any fails, nothing is written and every failure
//! is reported with the item's index and field. Each change is audited as the staff pages do
//! (`indicators`, action `actual`, the record before and after).
//!
//! Conflicts: the transaction reads and writes each indicator with its version, so two writers
//! never lose each other's rows silently; an item may also carry `expected`, the value the
//! client believes is stored for that year, and is refused (409) when the stored one differs —
//! a client that read the value earlier (an import script, a spreadsheet add-in) uses it to not
//! overwrite a figure someone corrected meanwhile. Without `expected` the item overwrites.

use crate::access::{may_edit_department, require_planning, Actor};
use crate::editing::is_placeholder;
use crate::error::{AppError, Result};
use crate::{audit, App};
use hoshin_domain::*;
use hoshin_store::{StoreError, Tx};
use std::collections::HashSet;

/// The most items one request may carry.
pub const MAX_ITEMS: usize = 1000;

/// One item, its fields already typed.
#[derive(Debug, Clone, PartialEq)]
pub struct ActualItem {
    pub indicator: IndicatorId,
    pub year: FiscalYear,
    /// As typed; empty clears the year's value.
    pub value: String,
    /// `None`: not checked; `Some("")`: the year must have no value now; else the stored text.
    pub expected: Option<String>,
}

/// Why an item was refused: the field (`indicator_id`, `year`, `value`, `expected`), the HTTP
/// status that fits (403, 404, 409, 400) and a Japanese explanation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemError {
    pub index: usize,
    pub field: &'static str,
    pub status: u16,
    pub detail: String,
}

/// What one item did.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemResult {
    pub indicator: IndicatorId,
    /// The row written: the item's indicator or its copy in the open revision.
    pub written: IndicatorId,
    pub year: FiscalYear,
    /// The stored value after the request (`None`: no value).
    pub value: Option<Quantity>,
    pub changed: bool,
}

/// The stored text of a year's actual ("" when none).
fn stored_text(i: &Indicator, year: FiscalYear) -> String {
    i.actuals.iter().find(|a| a.fiscal_year == year).map(|a| a.value.text.clone()).unwrap_or_default()
}

/// The value an item sets: `None` clears; an error when the text is not a figure.
fn parse_value(text: &str) -> std::result::Result<Option<Quantity>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let q = Quantity::parse(text);
    if q.value.is_none() && !is_placeholder(text) {
        return Err(format!("「{text}」を数値として読めません（例：412、1,234件、約12.5%、値がないときは「－」）"));
    }
    Ok(Some(q))
}

/// Where an item's value goes, or why it cannot.
async fn target(
    tx: &dyn Tx,
    user: &User,
    ind: &Indicator,
    locked: &mut HashSet<RevisionId>,
) -> Result<std::result::Result<Indicator, (u16, String)>> {
    let forbidden = |name: &str| Ok(Err((403, format!("「{name}」の指標の実績を入力する権限がありません"))));
    if ind.org_id != user.org_id || user.disabled {
        return Ok(Err((403, "ほかの自治体の指標には入力できません".into())));
    }
    match (&ind.draft, &ind.owner) {
        // A plan KPI: planning staff.
        (None, Some(IndicatorOwner::Node(_))) => match require_planning(&Actor::User(user.clone()), ind.org_id) {
            Ok(()) => Ok(Ok(ind.clone())),
            Err(_) => Ok(Err((403, "計画の指標の実績は企画担当（経営企画課）が入力します".into()))),
        },
        // A revision's row: its department's editors, while the revision is open.
        (Some(d), _) => {
            let rev = tx.get_revision(d.revision_id).await?;
            let dept = tx.get_department(rev.department_id).await?;
            if !may_edit_department(user, &dept) {
                return forbidden(&dept.name);
            }
            if !open(tx, &rev, locked).await? {
                return Ok(Err((
                    409,
                    format!("この部局運営方針の改訂は「{}」のため実績を変更できません", rev.state.label()),
                )));
            }
            Ok(Ok(ind.clone()))
        }
        // A published department KPI: its copy in the department's open revision.
        (None, Some(IndicatorOwner::Initiative(live))) => {
            let initiative = tx.get_initiative(*live).await?;
            let Some(dept_id) = initiative.department_id else { return forbidden(&initiative.name) };
            let dept = tx.get_department(dept_id).await?;
            if !may_edit_department(user, &dept) {
                return forbidden(&dept.name);
            }
            for row in tx.draft_rows_of(*live).await? {
                let draft = tx.get_initiative(row).await?;
                let Some(d) = draft.draft else { continue };
                let rev = tx.get_revision(d.revision_id).await?;
                if !rev.state.editable() {
                    continue;
                }
                let copies = tx.indicators_of(IndicatorOwner::Initiative(row)).await?;
                if let Some(copy) = copies.into_iter().find(|k| k.draft.is_some_and(|kd| kd.live_id == Some(ind.id.0)))
                {
                    if open(tx, &rev, locked).await? {
                        return Ok(Ok(copy));
                    }
                }
            }
            Ok(Err((
                409,
                "この指標を含む部局運営方針の改訂（作成中・差戻し）がありません。実績は改訂の中で入力します（部局の方針のページで「改訂を始める」）".into(),
            )))
        }
        (None, None) => Ok(Err((403, "取組にも計画にも属さない指標には入力できません".into()))),
    }
}

/// Whether the revision is open for edits, locking it for the rest of the transaction.
async fn open(tx: &dyn Tx, rev: &PolicyRevision, locked: &mut HashSet<RevisionId>) -> Result<bool> {
    if locked.contains(&rev.id) {
        return Ok(true);
    }
    if rev.state.editable() && tx.lock_editable_revision(rev.id).await? {
        locked.insert(rev.id);
        return Ok(true);
    }
    Ok(false)
}

/// Records the items for `actor` (a staff account) in one transaction: `Ok(Err(errors))` when
/// any item is refused (nothing written), else what each item did.
pub async fn record_actuals(
    app: &App,
    actor: &Actor,
    items: &[ActualItem],
) -> Result<std::result::Result<Vec<ItemResult>, Vec<ItemError>>> {
    let Some(user) = actor.user() else { return Err(AppError::forbidden("職員のアカウントが必要です")) };
    if items.is_empty() || items.len() > MAX_ITEMS {
        return Err(AppError::invalid(
            "items",
            format!("items には1〜{MAX_ITEMS}件を指定してください（指定：{}件）", items.len()),
        ));
    }
    let tx = app.store.begin().await?;
    let mut errors: Vec<ItemError> = Vec::new();
    let mut done: Vec<ItemResult> = Vec::new();
    let mut seen: Vec<(IndicatorId, FiscalYear, usize)> = Vec::new();
    let mut locked = HashSet::new();
    for (index, item) in items.iter().enumerate() {
        let mut fail = |field: &'static str, status: u16, detail: String| {
            errors.push(ItemError { index, field, status, detail });
        };
        let ind = match tx.get_indicator(item.indicator).await {
            Ok(i) => i,
            Err(StoreError::NotFound { .. }) => {
                fail("indicator_id", 404, format!("指標 {} はありません", item.indicator.0));
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        let current = match target(tx.as_ref(), user, &ind, &mut locked).await? {
            Ok(t) => t,
            Err((status, detail)) => {
                fail("indicator_id", status, detail);
                continue;
            }
        };
        if let Some((_, _, first)) = seen.iter().find(|(k, y, _)| *k == current.id && *y == item.year) {
            fail("year", 409, format!("同じ指標・年度が /items/{first} にもあります（1件にまとめてください）"));
            continue;
        }
        seen.push((current.id, item.year, index));
        let value = match parse_value(&item.value) {
            Ok(v) => v,
            Err(detail) => {
                fail("value", 400, format!("{detail}（{}）", ind.name));
                continue;
            }
        };
        let stored = stored_text(&current, item.year);
        if let Some(expected) = &item.expected {
            if expected.trim() != stored.trim() {
                let now = if stored.is_empty() { "値なし".to_string() } else { format!("「{stored}」") };
                fail(
                    "expected",
                    409,
                    format!(
                        "{}の実績は{now}で、expected と一致しません（ほかの人が更新した可能性があります）",
                        item.year.label()
                    ),
                );
                continue;
            }
        }
        if !errors.is_empty() {
            // Something already failed: nothing will be written; the rest is only checked.
            continue;
        }
        let mut after = current.clone();
        after.actuals.retain(|a| a.fiscal_year != item.year);
        if let Some(q) = &value {
            after.actuals.push(Actual { fiscal_year: item.year, value: q.clone() });
            after.actuals.sort_by_key(|a| a.fiscal_year);
        }
        let changed = after.actuals != current.actuals;
        if changed {
            tx.update_indicator(&after).await?;
            let saved = tx.get_indicator(current.id).await?;
            audit::record(tx.as_ref(), actor, "indicators", current.id.0, "actual", Some(&current), Some(&saved))
                .await?;
        }
        done.push(ItemResult { indicator: item.indicator, written: current.id, year: item.year, value, changed });
    }
    if !errors.is_empty() {
        tx.rollback().await?;
        return Ok(Err(errors));
    }
    tx.commit().await?;
    Ok(Ok(done))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_as_on_the_staff_pages() {
        assert_eq!(parse_value("  ").unwrap(), None);
        assert_eq!(parse_value("1,234件").unwrap().and_then(|q| q.value), Some(1234.0));
        assert!(parse_value("－").unwrap().is_some_and(|q| q.value.is_none()));
        assert!(parse_value("たくさん").is_err());
    }
}
