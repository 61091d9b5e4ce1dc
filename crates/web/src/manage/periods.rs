//! The KPI values and reviews of an interim reporting period (中間 …) of a revision's year
//! (issue 15): drawn on `/manage/revisions/{rev}/actuals?period=KEY` beside the period chooser,
//! saved by `POST /manage/revisions/{rev}/periods/{key}` in one transaction
//! (`app::periods::save_period`). The year-end period is the page's ordinary actuals table.

use super::revision::forms::{review_input, Fields};
use super::revision::page_url;
use super::{actor, csrf_field, see_other};
use crate::error::WebError;
use crate::session::Staff;
use crate::views::periods::targets_of;
use crate::views::status::badge;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Form;
use hoshin_app::accounts::SessionUser;
use hoshin_app::periods::{InterimReviewEntry, InterimValueEntry};
use hoshin_app::App;
use hoshin_domain::*;
use maud::{html, Markup};

/// The period chooser: one link per period of the organization, the current one marked.
pub(crate) fn chooser(rev: RevisionId, periods: &[ReportingPeriod], current: &str) -> Markup {
    let here = format!("/manage/revisions/{rev}/actuals");
    html! {
        nav.periods aria-label="報告期間" {
            "報告期間： "
            @for p in periods {
                @if p.key == current {
                    strong aria-current="page" { (p.label) "（" (p.end_label()) "）" }
                } @else {
                    a href={ (here) "?period=" (p.key) } { (p.label) "（" (p.end_label()) "）" }
                }
                " "
            }
        }
    }
}

/// The interim period's form (or, when not editable, its values as text).
pub(crate) async fn body(
    app: &App,
    su: &SessionUser,
    r: &PolicyRevision,
    d: &Department,
    period: &ReportingPeriod,
    editable: bool,
) -> Result<Markup, WebError> {
    let (items, kpis) = hoshin_app::editing::revision_rows(app, r.id).await?;
    let ini_ids: Vec<InitiativeId> = items.iter().map(|i| i.id).collect();
    let kpi_ids: Vec<IndicatorId> = kpis.iter().map(|k| k.id).collect();
    let rec = hoshin_app::periods::period_record(app, &ini_ids, &kpi_ids, r.fiscal_year, &period.key).await?;
    let facts = hoshin_app::editing::yearly_targets(app, &kpi_ids).await?;
    let bands = hoshin_app::periods::judgement_labels(app, d.org_id).await?;
    let year = r.fiscal_year;
    let end = period.end_in(year);
    let action = format!("/manage/revisions/{}/periods/{}", r.id, period.key);
    let ver = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
    let rows = html! {
        @for i in &items {
            @let ks: Vec<&Indicator> = kpis.iter().filter(|k| k.owner == Some(IndicatorOwner::Initiative(i.id))).collect();
            @let rv = rec.reviews.get(&i.id);
            section.interim id={ "i-" (i.id) } {
                h2 { (i.name) }
                @if !ks.is_empty() {
                    table.actuals {
                        caption { (period.label) "の指標の値" }
                        thead { tr {
                            th scope="col" { "指標" } th scope="col" { "目標値" }
                            th scope="col" { (period.label) "の値" } th scope="col" { "状況" }
                        } }
                        tbody {
                            @for k in &ks {
                                @let v = rec.values.get(&k.id);
                                @let status = match end {
                                    Some(at) => k.interim_status(year, at, v.and_then(|v| v.value.value), &targets_of(facts.get(&k.id))),
                                    None => KpiStatus::NoData,
                                };
                                tr {
                                    th scope="row" { (k.name) @if let Some(u) = &k.unit { span.muted { "（" (u) "）" } } }
                                    td {
                                        // The year's own target when there is one (what the status is judged by).
                                        @let own = facts.get(&k.id).and_then(|f| f.yearly.iter().find(|y| y.fiscal_year == year && y.kind == YearValueKind::Target));
                                        @match (own, &k.target) {
                                            (Some(y), _) => { (year.wareki()) " " (y.value.text) @if let Some(t) = &k.target { br; span.muted { "最終 " (t.text) } } },
                                            (None, Some(t)) => { (t.text) },
                                            (None, None) => { "－" },
                                        }
                                    }
                                    td {
                                        @if editable {
                                            input type="hidden" name={ "vversion-" (k.id) } value=(ver(v.map(|v| v.meta.version)));
                                            label.visually-hidden for={ "value-" (k.id) } { (k.name) "の" (period.label) "の値" }
                                            input type="text" id={ "value-" (k.id) } name={ "value-" (k.id) } size="14"
                                                value=(v.map(|v| v.value.text.clone()).unwrap_or_default());
                                        } @else {
                                            @match v { Some(v) => { (v.value.text) }, None => { "－" } }
                                        }
                                    }
                                    td { (badge(status)) }
                                }
                            }
                        }
                    }
                }
                @if editable {
                    input type="hidden" name={ "rversion-" (i.id) } value=(ver(rv.map(|r| r.meta.version)));
                    p {
                        label for={ "result-" (i.id) } { (period.label) "の実績（取組みを行った内容・成果）" span.visually-hidden { "（" (i.name) "）" } }
                        br;
                        textarea id={ "result-" (i.id) } name={ "result-" (i.id) } rows="3" cols="60" { (rv.and_then(|r| r.result.as_deref()).unwrap_or_default()) }
                    }
                    p {
                        label for={ "issues_next-" (i.id) } { "課題・今後の方向性" span.visually-hidden { "（" (i.name) "）" } }
                        br;
                        textarea id={ "issues_next-" (i.id) } name={ "issues_next-" (i.id) } rows="3" cols="60" { (rv.and_then(|r| r.issues_next.as_deref()).unwrap_or_default()) }
                    }
                    p {
                        label for={ "progress-" (i.id) } { "進捗率（%）" span.visually-hidden { "（" (i.name) "）" } }
                        " "
                        input type="text" id={ "progress-" (i.id) } name={ "progress-" (i.id) } size="5"
                            value=(rv.and_then(|r| r.progress).map(|p| p.to_string()).unwrap_or_default());
                        " "
                        label for={ "judgement-" (i.id) } { "判定" span.visually-hidden { "（" (i.name) "）" } }
                        " "
                        @let jname = format!("judgement-{}", i.id);
                        (crate::views::status::judgement_field(&jname, &jname, &bands, rv.and_then(|r| r.judgement.as_deref()).unwrap_or_default()))
                    }
                } @else if let Some(rv) = rv {
                    dl.meta.review {
                        dt { "実績" } dd { (rv.result.as_deref().unwrap_or("－")) }
                        dt { "課題・今後の方向性" } dd { (rv.issues_next.as_deref().unwrap_or("－")) }
                        dt { "進捗率" } dd { @match rv.progress { Some(p) => { (p) "%" }, None => { "－" } } }
                        dt { "判定" } dd { (rv.judgement.as_deref().unwrap_or("－")) }
                    }
                }
            }
        }
    };
    Ok(html! {
        p {
            (period.label) "（" @if let Some(e) = end { (e.label()) } "時点）の指標の値と振り返りです。"
            "状況は、期末日時点で目標への道筋がどこまで進んでいるべきかと比べています。年度末の実績とは別に保存されます。"
        }
        p { a href=(page_url(r.fiscal_year, d.id)) { "部局の方針に戻る" } }
        @if items.is_empty() {
            p.muted { "この改訂には取組がありません。" }
        } @else if editable {
            form.edit method="post" action=(action) {
                (csrf_field(su))
                (rows)
                p { button type="submit" { (period.label) "の値と振り返りを保存する" } }
            }
        } @else {
            (rows)
        }
    })
}

/// The form's entries: a value per `value-{id}` and a review per `rversion-{id}`, in order.
fn entries(f: &Fields) -> Result<(Vec<InterimValueEntry>, Vec<InterimReviewEntry>), WebError> {
    let bad = || WebError::BadRequest("指標または取組の指定が正しくありません".into());
    let version = |name: String| -> Result<Option<i64>, WebError> {
        match f.text(&name) {
            None => Ok(None),
            Some(v) => v.parse().map(Some).map_err(|_| bad()),
        }
    };
    let mut values = Vec::new();
    let mut reviews = Vec::new();
    for (k, v) in &f.0 {
        if let Some(id) = k.strip_prefix("value-") {
            let id: i64 = id.parse().map_err(|_| bad())?;
            values.push(InterimValueEntry {
                indicator: IndicatorId(id),
                version: version(format!("vversion-{id}"))?,
                text: v.clone(),
            });
        } else if let Some(id) = k.strip_prefix("rversion-") {
            let id: i64 = id.parse().map_err(|_| bad())?;
            let one = Fields(
                ["result", "issues_next", "progress", "judgement"]
                    .iter()
                    .filter_map(|n| f.get(&format!("{n}-{id}")).map(|v| (n.to_string(), v.to_string())))
                    .collect(),
            );
            // A refusal names this initiative's field (`progress-{id}`), so the reason sits beside it.
            let (_, input) = review_input(&one).map_err(|e| match e {
                WebError::App(hoshin_app::AppError::Invalid { field, message }) => {
                    WebError::App(hoshin_app::AppError::Invalid { field: format!("{field}-{id}"), message })
                }
                other => other,
            })?;
            reviews.push(InterimReviewEntry { initiative: InitiativeId(id), version: version(k.clone())?, input });
        }
    }
    Ok((values, reviews))
}

pub async fn submit(
    State(app): State<App>,
    Staff(su): Staff,
    Path((rev, key)): Path<(i64, String)>,
    Form(f): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let f = Fields(f);
    let (r, _) = super::revision::load(&app, &su, rev).await?;
    let (values, reviews) = entries(&f)?;
    let saved = hoshin_app::periods::save_period(&app, &actor(&su), r.id, &key, &values, &reviews).await?;
    Ok(see_other(&format!("/manage/revisions/{}/actuals?period={key}&saved={saved}", r.id)))
}

/// The cycle page's section: the organization's reporting periods, and planning's form to
/// change them (`POST /manage/periods`).
pub(crate) fn list_section(su: &SessionUser, periods: &[ReportingPeriod]) -> Markup {
    let text = hoshin_app::periods::period_text(periods);
    html! {
        section #periods aria-labelledby="periods-h" {
            h2 #periods-h { "報告期間" }
            p { "KPIの値と取組の振り返りは、次の報告期間ごとに入力します。中間の値は、その期末日までの目標への道筋と比べて判定します。" }
            table {
                thead { tr { th scope="col" { "順" } th scope="col" { "報告期間" } th scope="col" { "期末日" } } }
                tbody {
                    @for p in periods {
                        tr { td { (p.position) } th scope="row" { (p.label) } td { (p.end_label()) } }
                    }
                }
            }
            @if su.user.role.plans() {
                form.edit method="post" action="/manage/periods" {
                    (csrf_field(su))
                    input type="hidden" name="drawn" value=(text);
                    p {
                        label for="period-list" { "報告期間の一覧（1行に1期間、「名前 | 月/日」、最後は年度末 | 3/31）" }
                        textarea #period-list name="periods" rows="5" aria-describedby="period-list-hint" { (text) }
                    }
                    p #period-list-hint .hint {
                        "例：四半期ごとに報告するときは「第1四半期 | 6/30」「中間 | 9/30」「第3四半期 | 12/31」「年度末 | 3/31」。"
                        "名前を変えずに残した期間は、入力済みの値とともに残ります。値や振り返りが入力された期間は削除できません。"
                    }
                    p { button type="submit" { "報告期間を保存する" } }
                }
            }
        }
    }
}

/// `POST /manage/periods` (planning, admins): the organization's reporting periods.
pub async fn save_list(
    State(app): State<App>,
    Staff(su): Staff,
    Form(f): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let field = |name: &str| f.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or_default();
    hoshin_app::periods::save_periods(&app, &actor(&su), su.user.org_id, field("drawn"), field("periods")).await?;
    Ok(see_other("/manage/cycle#periods"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_pair_fields_by_id() {
        let kv = |k: &str, v: &str| (k.to_string(), v.to_string());
        let f = Fields(vec![
            kv("vversion-7", "2"),
            kv("value-7", "12件"),
            kv("vversion-8", ""),
            kv("value-8", ""),
            kv("rversion-3", ""),
            kv("result-3", "実施した"),
            kv("progress-3", "50%"),
        ]);
        let (v, r) = entries(&f).unwrap();
        assert_eq!(v.len(), 2);
        assert_eq!((v[0].indicator, v[0].version, v[0].text.as_str()), (IndicatorId(7), Some(2), "12件"));
        assert_eq!((v[1].indicator, v[1].version), (IndicatorId(8), None));
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].input.result.as_deref(), Some("実施した"));
        assert_eq!(r[0].input.progress, Some(50));
        assert!(entries(&Fields(vec![kv("value-x", "1")])).is_err());
    }
}
