//! Reporting periods (issue 15): the organization's periods (stored, or
//! `hoshin_domain::period::default_periods`) and the interim KPI values and reviews of a
//! revision's year. The year-end period is the yearly record (`set_actuals`, `save_review`);
//! the interim ones are edited here on the revision's draft rows, copied into drafts with the
//! rows they belong to (`copy_values`, `copy_reviews`) and onto the published rows when the
//! revision is published (`publish_values`, `publish_reviews`), like the year-end ones.

use crate::access::Actor;
use crate::audit;
use crate::editing::{draft_row, editable_scope, ReviewInput};
use crate::error::{AppError, Result};
use hoshin_domain::period::{default_periods, MIDYEAR, YEAR_END};
use hoshin_domain::*;
use hoshin_store::{Read, StoreError, Tx};
use std::collections::HashMap;

/// The organization's periods in the order of the year, the year-end last.
pub async fn periods(db: &(impl crate::ReadDb + ?Sized), org: OrgId) -> Result<Vec<ReportingPeriod>> {
    periods_in(crate::db::read(db), org).await
}

pub(crate) async fn periods_in(r: &dyn Read, org: OrgId) -> Result<Vec<ReportingPeriod>> {
    let stored = r.reporting_periods(org).await?;
    Ok(if stored.is_empty() { default_periods(org) } else { stored })
}

/// The interim period `key` of the organization (not found: no such period, or the year-end).
pub async fn interim_period(db: &(impl crate::ReadDb + ?Sized), org: OrgId, key: &str) -> Result<ReportingPeriod> {
    find_interim(crate::db::read(db), org, key).await
}

async fn find_interim(r: &dyn Read, org: OrgId, key: &str) -> Result<ReportingPeriod> {
    periods_in(r, org)
        .await?
        .into_iter()
        .find(|p| p.key == key && !p.is_year_end())
        .ok_or_else(|| StoreError::NotFound { table: "reporting_periods", id: key.to_string() }.into())
}

/// One KPI's interim value as the form sent it.
#[derive(Debug, Clone, PartialEq)]
pub struct InterimValueEntry {
    pub indicator: IndicatorId,
    /// The version of the stored value the form was drawn from; `None`: there was none.
    pub version: Option<i64>,
    /// As typed; empty removes the value.
    pub text: String,
}

/// One initiative's interim review as the form sent it.
#[derive(Debug, Clone, PartialEq)]
pub struct InterimReviewEntry {
    pub initiative: InitiativeId,
    /// The version of the stored review the form was drawn from; `None`: there was none.
    pub version: Option<i64>,
    pub input: ReviewInput,
}

/// What a revision holds for a period of its year: values by KPI, reviews by initiative.
#[derive(Debug, Clone, Default)]
pub struct PeriodRecord {
    pub values: HashMap<IndicatorId, InterimActual>,
    pub reviews: HashMap<InitiativeId, InterimReview>,
}

/// The interim values and reviews of `year` and `period` of the given rows (drafts of a
/// revision, or published rows).
pub async fn period_record(
    db: &(impl crate::ReadDb + ?Sized),
    initiatives: &[InitiativeId],
    indicators: &[IndicatorId],
    year: FiscalYear,
    period: &str,
) -> Result<PeriodRecord> {
    let r = crate::db::read(db);
    let values = r.interim_actuals(indicators).await?;
    let reviews = r.interim_reviews(initiatives).await?;
    Ok(PeriodRecord {
        values: values
            .into_iter()
            .filter(|v| v.fiscal_year == year && v.period == period)
            .map(|v| (v.indicator_id, v))
            .collect(),
        reviews: reviews
            .into_iter()
            .filter(|v| v.fiscal_year == year && v.period == period)
            .map(|v| (v.initiative_id, v))
            .collect(),
    })
}

/// Every interim value and review of `year` of the given (published) rows, for the public
/// pages: values by KPI and reviews by initiative, each a list in no particular order.
pub async fn year_interims(
    db: &(impl crate::ReadDb + ?Sized),
    initiatives: &[InitiativeId],
    indicators: &[IndicatorId],
    year: FiscalYear,
) -> Result<(Vec<InterimActual>, Vec<InterimReview>)> {
    let r = crate::db::read(db);
    let mut values = if indicators.is_empty() { Vec::new() } else { r.interim_actuals(indicators).await? };
    values.retain(|v| v.fiscal_year == year);
    let mut reviews = if initiatives.is_empty() { Vec::new() } else { r.interim_reviews(initiatives).await? };
    reviews.retain(|v| v.fiscal_year == year);
    Ok((values, reviews))
}

fn conflict(table: &'static str, id: i64, expected: i64, actual: i64) -> AppError {
    StoreError::Conflict { table, id, expected_version: expected, actual_version: actual }.into()
}

/// Saves the interim values and reviews of a period of the revision's year in one
/// transaction: the revision editable by the actor (`require_department`), every KPI and
/// initiative a draft row of the revision, every value readable as a number (or 「－」), every
/// progress 0–100 and judgement on the organization's scales, and every version the one the
/// form was drawn from (a stale one is a conflict and nothing is saved). Each change is audited
/// (`interim_actuals` / `interim_reviews`: insert, update, delete). Returns how many changed.
pub async fn save_period(
    db: &(impl crate::Db + ?Sized),
    actor: &Actor,
    rev: RevisionId,
    key: &str,
    values: &[InterimValueEntry],
    reviews: &[InterimReviewEntry],
) -> Result<usize> {
    let store = crate::db::store(db);
    let tx = store.begin().await?;
    let changed = save_period_in(tx.as_ref(), actor, rev, key, values, reviews).await?;
    tx.commit().await?;
    Ok(changed)
}

async fn save_period_in(
    tx: &dyn Tx,
    actor: &Actor,
    rev: RevisionId,
    key: &str,
    values: &[InterimValueEntry],
    reviews: &[InterimReviewEntry],
) -> Result<usize> {
    let s = editable_scope(tx, actor, rev).await?;
    crate::stages::check_results_unlocked(tx, s.department.org_id, s.revision.fiscal_year).await?;
    let period = find_interim(tx, s.department.org_id, key).await?;
    let year = s.revision.fiscal_year;
    let mut changed = 0;
    let ids: Vec<IndicatorId> = values.iter().map(|v| v.indicator).collect();
    let stored: HashMap<IndicatorId, InterimActual> = tx
        .interim_actuals(&ids)
        .await?
        .into_iter()
        .filter(|v| v.fiscal_year == year && v.period == period.key)
        .map(|v| (v.indicator_id, v))
        .collect();
    for e in values {
        let kpi = tx.get_indicator(e.indicator).await?;
        if kpi.draft.is_none_or(|d| d.revision_id != rev) {
            return Err(StoreError::NotFound { table: "indicators", id: e.indicator.to_string() }.into());
        }
        let text = e.text.trim();
        if !text.is_empty() && Quantity::parse(text).value.is_none() && !crate::editing::is_placeholder(text) {
            return Err(AppError::invalid(
                format!("value-{}", e.indicator),
                format!("指標「{}」の値「{text}」を数値として読めません", kpi.name),
            ));
        }
        match (stored.get(&e.indicator), e.version) {
            (Some(before), Some(v)) if v != before.meta.version => {
                return Err(conflict("interim_actuals", before.id, v, before.meta.version));
            }
            (Some(before), None) => return Err(conflict("interim_actuals", before.id, 0, before.meta.version)),
            (Some(before), Some(_)) if text.is_empty() => {
                tx.delete_interim_actual(before.id, before.meta.version).await?;
                audit::record::<_, ()>(tx, actor, "interim_actuals", before.id, "delete", Some(before), None).await?;
                changed += 1;
            }
            (Some(before), Some(_)) => {
                if before.value.text == text {
                    continue;
                }
                let after = InterimActual { value: Quantity::parse(text), ..before.clone() };
                tx.update_interim_actual(&after).await?;
                let saved = stored_value(tx, e.indicator, year, &period.key).await?;
                audit::record(tx, actor, "interim_actuals", before.id, "update", Some(before), saved.as_ref()).await?;
                changed += 1;
            }
            (None, _) if text.is_empty() => {}
            (None, _) => {
                let new = InterimActual {
                    id: 0,
                    indicator_id: e.indicator,
                    fiscal_year: year,
                    period: period.key.clone(),
                    value: Quantity::parse(text),
                    meta: Meta::default(),
                };
                let id = tx.insert_interim_actual(&new).await?;
                let saved = stored_value(tx, e.indicator, year, &period.key).await?;
                audit::record::<(), _>(tx, actor, "interim_actuals", id, "insert", None, saved.as_ref()).await?;
                changed += 1;
            }
        }
    }
    let scales = tx.judgement_scales(s.department.org_id).await?;
    for e in reviews {
        draft_row(tx, rev, e.initiative).await?;
        let field = |f: &str| format!("{f}-{}", e.initiative);
        if e.input.progress.is_some_and(|p| p > 100) {
            return Err(AppError::invalid(field("progress"), "進捗率は0〜100の範囲で入力してください"));
        }
        if let Some(j) = e.input.judgement.as_deref() {
            if !scales.is_empty() && !scales.iter().any(|sc| sc.scale.bands().iter().any(|b| b.label == j)) {
                return Err(AppError::invalid(field("judgement"), "判定は一覧から選んでください"));
            }
        }
        let before = stored_review(tx, e.initiative, year, &period.key).await?;
        match (before, e.version) {
            (Some(b), Some(v)) if v != b.meta.version => {
                return Err(conflict("interim_reviews", b.id, v, b.meta.version))
            }
            (Some(b), None) => return Err(conflict("interim_reviews", b.id, 0, b.meta.version)),
            (Some(b), Some(_)) => {
                let after = InterimReview {
                    result: e.input.result.clone(),
                    issues_next: e.input.issues_next.clone(),
                    progress: e.input.progress,
                    judgement: e.input.judgement.clone(),
                    ..b.clone()
                };
                if after == b {
                    continue;
                }
                tx.update_interim_review(&after).await?;
                let saved = stored_review(tx, e.initiative, year, &period.key).await?;
                audit::record(tx, actor, "interim_reviews", b.id, "update", Some(&b), saved.as_ref()).await?;
                changed += 1;
            }
            (None, _) if e.input == ReviewInput::default() => {}
            (None, _) => {
                let new = InterimReview {
                    id: 0,
                    initiative_id: e.initiative,
                    fiscal_year: year,
                    period: period.key.clone(),
                    result: e.input.result.clone(),
                    issues_next: e.input.issues_next.clone(),
                    progress: e.input.progress,
                    judgement: e.input.judgement.clone(),
                    meta: Meta::default(),
                };
                let id = tx.insert_interim_review(&new).await?;
                let saved = stored_review(tx, e.initiative, year, &period.key).await?;
                audit::record::<(), _>(tx, actor, "interim_reviews", id, "insert", None, saved.as_ref()).await?;
                changed += 1;
            }
        }
    }
    Ok(changed)
}

async fn stored_value(r: &dyn Read, k: IndicatorId, year: FiscalYear, key: &str) -> Result<Option<InterimActual>> {
    Ok(r.interim_actuals(&[k]).await?.into_iter().find(|v| v.fiscal_year == year && v.period == key))
}

async fn stored_review(r: &dyn Read, i: InitiativeId, year: FiscalYear, key: &str) -> Result<Option<InterimReview>> {
    Ok(r.interim_reviews(&[i]).await?.into_iter().find(|v| v.fiscal_year == year && v.period == key))
}

/// Copies every interim value of a KPI onto another (a draft from what is published).
pub(crate) async fn copy_values(tx: &dyn Tx, from: IndicatorId, to: IndicatorId) -> Result<()> {
    for v in tx.interim_actuals(&[from]).await? {
        tx.insert_interim_actual(&InterimActual { indicator_id: to, ..v }).await?;
    }
    Ok(())
}

/// Copies every interim review of an initiative onto another (a draft from what is published).
pub(crate) async fn copy_reviews(tx: &dyn Tx, from: InitiativeId, to: InitiativeId) -> Result<()> {
    for r in tx.interim_reviews(&[from]).await? {
        tx.insert_interim_review(&InterimReview { initiative_id: to, ..r }).await?;
    }
    Ok(())
}

/// The draft KPI's interim values onto the published one: the published row ends with the
/// draft's values (inserted, changed, or removed), each change audited as `publish`.
pub(crate) async fn publish_values(tx: &dyn Tx, actor: &Actor, draft: IndicatorId, live: IndicatorId) -> Result<()> {
    let want = tx.interim_actuals(&[draft]).await?;
    let have = tx.interim_actuals(&[live]).await?;
    let same = |a: &InterimActual, b: &InterimActual| a.fiscal_year == b.fiscal_year && a.period == b.period;
    for w in &want {
        match have.iter().find(|h| same(h, w)) {
            Some(h) if h.value == w.value => {}
            Some(h) => {
                let after = InterimActual { value: w.value.clone(), ..h.clone() };
                tx.update_interim_actual(&after).await?;
                let saved = stored_value(tx, live, h.fiscal_year, &h.period).await?;
                audit::record(tx, actor, "interim_actuals", h.id, "publish", Some(h), saved.as_ref()).await?;
            }
            None => {
                let id = tx.insert_interim_actual(&InterimActual { indicator_id: live, ..w.clone() }).await?;
                let saved = stored_value(tx, live, w.fiscal_year, &w.period).await?;
                audit::record::<(), _>(tx, actor, "interim_actuals", id, "publish", None, saved.as_ref()).await?;
            }
        }
    }
    for h in have.iter().filter(|h| !want.iter().any(|w| same(h, w))) {
        tx.delete_interim_actual(h.id, h.meta.version).await?;
        audit::record::<_, ()>(tx, actor, "interim_actuals", h.id, "publish", Some(h), None).await?;
    }
    Ok(())
}

/// The draft initiative's interim reviews onto the published one (inserted or updated, like
/// the year's review), each change audited as `publish`.
pub(crate) async fn publish_reviews(tx: &dyn Tx, actor: &Actor, draft: InitiativeId, live: InitiativeId) -> Result<()> {
    let have = tx.interim_reviews(&[live]).await?;
    for w in tx.interim_reviews(&[draft]).await? {
        match have.iter().find(|h| h.fiscal_year == w.fiscal_year && h.period == w.period) {
            Some(h) => {
                let after = InterimReview { id: h.id, initiative_id: live, meta: h.meta, ..w.clone() };
                if after != *h {
                    tx.update_interim_review(&after).await?;
                    let saved = stored_review(tx, live, h.fiscal_year, &h.period).await?;
                    audit::record(tx, actor, "interim_reviews", h.id, "publish", Some(h), saved.as_ref()).await?;
                }
            }
            None => {
                let id = tx.insert_interim_review(&InterimReview { initiative_id: live, ..w.clone() }).await?;
                let saved = stored_review(tx, live, w.fiscal_year, &w.period).await?;
                audit::record::<(), _>(tx, actor, "interim_reviews", id, "publish", None, saved.as_ref()).await?;
            }
        }
    }
    Ok(())
}

/// The longest period label, and the most periods a year may have (monthly reporting).
pub const MAX_PERIOD_LABEL: usize = 20;
pub const MAX_PERIODS: usize = 12;

/// The periods as the period form's text: one 「名前 | 月/日」 per line, the year-end last.
pub fn period_text(list: &[ReportingPeriod]) -> String {
    list.iter().map(|p| format!("{} | {}/{}", p.label, p.end_month, p.end_day)).collect::<Vec<_>>().join("\n")
}

/// Reads one end date of the period form: `9/30`, `09-30`, `9月30日` (full-width digits too).
fn parse_month_day(s: &str) -> Option<(u8, u8)> {
    let s = hoshin_domain::text::nfkc(s.trim());
    let s = s.trim_end_matches('日');
    let (m, d) = s.split_once(['/', '-', '月', '.'])?;
    let m: u8 = m.trim().parse().ok()?;
    let d: u8 = d.trim().parse().ok()?;
    Day::from_ymd(2024, m, d).map(|_| (m, d))
}

/// Reads the period form's text (see [`period_text`]) into (label, month, day) in the given
/// order; errors name the line. The year-end is the last line; the order of the year and the
/// rest are checked by [`hoshin_domain::period::check_periods`] once keys are assigned.
pub fn parse_periods(text: &str) -> Result<Vec<(String, u8, u8)>> {
    let mut out: Vec<(String, u8, u8)> = Vec::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let bad = |m: &str| AppError::invalid("periods", format!("{}行目：{m}", n + 1));
        let (label, date) = line
            .rsplit_once(['|', '｜'])
            .ok_or_else(|| bad("「名前 | 月/日」の形で書いてください（例：中間 | 9/30）"))?;
        let label = label.trim();
        if label.is_empty() || label.chars().count() > MAX_PERIOD_LABEL {
            return Err(bad(&format!("報告期間の名前は1〜{MAX_PERIOD_LABEL}文字です")));
        }
        let (m, d) =
            parse_month_day(date).ok_or_else(|| bad(&format!("期末日「{}」を月/日として読めません", date.trim())))?;
        out.push((label.to_string(), m, d));
    }
    if out.is_empty() || out.len() > MAX_PERIODS {
        return Err(AppError::invalid("periods", format!("報告期間は1〜{MAX_PERIODS}個です（最後は年度末）")));
    }
    Ok(out)
}

/// Replaces the organization's reporting periods with `text` (planning, admin). `drawn` is the
/// list the form showed: a list changed since is refused. The last line is the year-end
/// (key `year_end`, ending 31 March); an interim period keeps its key — and with it the values
/// and reviews entered for it — when its label stays, or, renamed, when it stays at the same
/// place with the same end; a new one gets a new key. A period with values or reviews cannot
/// be removed. One transaction, each change audited (`reporting_periods`).
pub async fn save_periods(
    db: &(impl crate::Db + ?Sized),
    actor: &Actor,
    org: OrgId,
    drawn: &str,
    text: &str,
) -> Result<Vec<ReportingPeriod>> {
    crate::access::require_planning(actor, org)?;
    let wanted = parse_periods(text)?;
    let store = crate::db::store(db);
    let tx = store.begin().await?;
    let stored = tx.reporting_periods(org).await?;
    let now = if stored.is_empty() { default_periods(org) } else { stored.clone() };
    if period_text(&now).trim() != drawn.replace("\r\n", "\n").trim() {
        return Err(AppError::State(
            "報告期間は、このフォームを開いた後にほかの人が変更しました。開き直して確認してください。".into(),
        ));
    }
    let interims: Vec<&ReportingPeriod> = now.iter().filter(|p| !p.is_year_end()).collect();
    let last = wanted.len() - 1;
    let mut taken: Vec<String> = Vec::new();
    let mut list: Vec<ReportingPeriod> = Vec::with_capacity(wanted.len());
    for (i, (label, m, d)) in wanted.iter().enumerate() {
        let key = if i == last {
            YEAR_END.to_string()
        } else {
            let same_label = interims.iter().find(|p| p.label == *label && !taken.contains(&p.key));
            let same_place = interims
                .get(i)
                .filter(|p| (p.end_month, p.end_day) == (*m, *d) && !taken.contains(&p.key))
                .filter(|p| !wanted.iter().any(|(l, _, _)| *l == p.label));
            match same_label.or(same_place) {
                Some(p) => p.key.clone(),
                None => fresh_key(&now, &taken, label),
            }
        };
        taken.push(key.clone());
        list.push(ReportingPeriod {
            id: 0,
            org_id: org,
            key,
            label: label.clone(),
            end_month: *m,
            end_day: *d,
            position: i32::try_from(i + 1).unwrap_or(i32::MAX),
            meta: Meta::default(),
        });
    }
    if let Some(why) = hoshin_domain::period::check_periods(&list) {
        return Err(AppError::invalid("periods", why));
    }
    // Removed interim periods: refused while values or reviews name them.
    for gone in now.iter().filter(|p| !list.iter().any(|q| q.key == p.key)) {
        if tx.period_in_use(org, &gone.key).await? {
            return Err(AppError::invalid(
                "periods",
                format!("「{}」には値または振り返りが入力されているため、削除できません", gone.label),
            ));
        }
    }
    for gone in stored.iter().filter(|p| !list.iter().any(|q| q.key == p.key)) {
        tx.delete_period(gone.id, gone.meta.version).await?;
        audit::record::<_, ()>(tx.as_ref(), actor, "reporting_periods", gone.id, "delete", Some(gone), None).await?;
    }
    // Only (org, key) is unique, so kept rows take their new label, end and place in place.
    for p in &list {
        match stored.iter().find(|s| s.key == p.key) {
            Some(before) => {
                let after = ReportingPeriod { id: before.id, meta: before.meta, ..p.clone() };
                if after != *before {
                    tx.update_period(&after).await?;
                    audit::record(
                        tx.as_ref(),
                        actor,
                        "reporting_periods",
                        before.id,
                        "update",
                        Some(before),
                        Some(&after),
                    )
                    .await?;
                }
            }
            None => {
                let id = tx.insert_period(p).await?;
                audit::record::<(), _>(tx.as_ref(), actor, "reporting_periods", id, "insert", None, Some(p)).await?;
            }
        }
    }
    let saved = tx.reporting_periods(org).await?;
    tx.commit().await?;
    Ok(saved)
}

/// A key for a new interim period: `midyear` for 中間 when free, else the first free `p1`, `p2` ….
fn fresh_key(now: &[ReportingPeriod], taken: &[String], label: &str) -> String {
    let free = |k: &str| !taken.iter().any(|t| t == k) && !now.iter().any(|p| p.key == k);
    if label == "中間" && free(MIDYEAR) {
        return MIDYEAR.to_string();
    }
    (1..).map(|n| format!("p{n}")).find(|k| free(k)).unwrap_or_default()
}

/// One page of the organization's published KPIs (as [`crate::public::indicators_page`]) and
/// the status of each in `year`, judged against its yearly target of that year when it has one
/// (`Indicator::status_with_targets`), else the straight path from the baseline to the final
/// target. The yearly values are read by the page's selection, beside its rows (one round trip
/// on PostgreSQL; issue 14), not by their ids after them.
pub async fn indicator_list(
    db: &(impl crate::ReadDb + ?Sized),
    org: OrgId,
    page: hoshin_store::Page,
    year: FiscalYear,
) -> Result<(Vec<Indicator>, HashMap<IndicatorId, KpiStatus>)> {
    let r = crate::db::read(db);
    let (list, yearly) = tokio::try_join!(r.list_indicators(org, page), r.list_indicator_yearly(org, page))?;
    let facts = yearly_facts(yearly);
    let kpis: Vec<(&Indicator, FiscalYear)> = list.iter().map(|k| (k, year)).collect();
    let statuses = statuses_with(&kpis, &facts);
    Ok((list, statuses))
}

/// KPIs' facts holding their yearly values alone: what a status is judged by (the kind is
/// not read, `kind` is `None`).
pub fn yearly_facts(
    yearly: std::collections::BTreeMap<IndicatorId, Vec<YearValue>>,
) -> HashMap<IndicatorId, IndicatorFacts> {
    yearly.into_iter().map(|(id, yearly)| (id, IndicatorFacts { kind: None, yearly })).collect()
}

/// The status of each KPI at the year given with it, judged against its yearly target of that
/// year when it has one (`Indicator::status_with_targets`), else the straight path from the
/// baseline to the final target; the KPIs' yearly values already read (`facts`).
pub fn statuses_with(
    kpis: &[(&Indicator, FiscalYear)],
    facts: &HashMap<IndicatorId, IndicatorFacts>,
) -> HashMap<IndicatorId, KpiStatus> {
    kpis.iter()
        .map(|(k, year)| {
            let targets = facts.get(&k.id).map(IndicatorFacts::targets).unwrap_or_default();
            (k.id, k.status_with_targets(*year, &targets))
        })
        .collect()
}

/// The labels of the organization's judgement scales, each once, in scale order (the choices
/// of a review's 判定; empty: any text).
pub async fn judgement_labels(db: &(impl crate::ReadDb + ?Sized), org: OrgId) -> Result<Vec<String>> {
    Ok(scale_labels(&crate::db::read(db).judgement_scales(org).await?))
}

/// The labels of the given judgement scales, each once, in scale order.
pub fn scale_labels(scales: &[hoshin_store::StoredScale]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for sc in scales {
        for b in sc.scale.bands() {
            if !out.contains(&b.label) {
                out.push(b.label.clone());
            }
        }
    }
    out
}
