//! `/initiatives/{id}`: one initiative — summary, links to plan codes and basic policies,
//! 行革の視点, SDGs, schedule, indicators, every year's review, and its place in the
//! continuity chain (the previous year's initiative and the next year's).

use super::org_crumbs;
use crate::error::WebError;
use crate::html::{page, paragraphs, Crumb};
use crate::urls;
use crate::views::policy::{node_label, Ctx};
use crate::views::status::{badge, judgement, latest_year};
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use hoshin_app::search::{Availability, Hit, Similar};
use hoshin_app::App;
use hoshin_domain::*;
use maud::{html, Markup};
use std::time::Duration;

/// Similar initiatives shown (one per organization).
const SIMILAR: usize = 5;

/// How long the page of similar initiatives waits for them.
const SIMILAR_PAGE_WAIT: Duration = Duration::from_secs(10);

pub async fn show(State(app): State<App>, Path(id): Path<i64>) -> Result<Response, WebError> {
    // Published only, with its theme only when that is published too (as the API shows it).
    // The initiative with its indicators and reviews at once, then everything else at once.
    let detail = hoshin_app::public::initiative_records(&app, InitiativeId(id)).await?;
    let mut i = detail.initiative;
    // Similar initiatives are read from the index beside the database reads below, and waited
    // for at most `similar_wait` (a first read of them can take tens of milliseconds, the
    // rest of the page one): when they are not there by then, the page links to them.
    let similar = async {
        if i.draft.is_some() {
            return Similar::Found(Vec::new());
        }
        // A read that failed is asked again by the next request: not a page to keep.
        app.search.similar_within(&i, SIMILAR, app.search.similar_wait()).await.unwrap_or(Similar::Pending)
    };
    let (similar, theme, rest) =
        tokio::join!(similar, hoshin_app::public::published_theme(&app, &i), reads(&app, &i, &detail.indicators));
    let Reads { org, dept, predecessor, successors, ctx, budget_codes, facts, kpi_facts, by_period } = rest?;
    let theme = theme?;
    i.theme_id = theme.as_ref().map(|t| t.id);
    let indicators = detail.indicators;
    let reviews = detail.reviews;
    let status_of = |k: &Indicator| match latest_year(k) {
        Some(y) => k.status_with_targets(y, &crate::views::periods::targets_of(kpi_facts.get(&k.id))),
        None => KpiStatus::NoData,
    };

    let body = html! {
        h1 { (i.name) }
        p.lead {
            (org.name)
            @if let Some(y) = i.fiscal_year { "・" (y.label()) }
            "・" (i.kind.label())
        }
        ul.inline.no-print {
            li { a href=(urls::initiative_sheet(i.id)) { "事務事業評価シート（印刷用）" } }
            li { a href=(urls::initiative_sheet_xlsx(i.id)) download { "Excelで開く" } " " span.muted { "（事務事業評価シート、xlsx）" } }
        }
        dl.meta {
            @if let Some(d) = &dept {
                dt { "担当" }
                dd {
                    @match i.fiscal_year {
                        Some(y) => { a href=(urls::department(org.id, y, d.id)) { (d.name) } },
                        None => { (d.name) },
                    }
                }
            }
            @if let Some(t) = &theme { dt { "重点項目" } dd { (t.name) } }
            @if !budget_codes.is_empty() { dt { "予算細事業コード" } dd { (budget_codes.join("、")) } }
            @if let (Some(s), Some(e)) = (i.fiscal_year, i.period_end) { dt { "期間" } dd { (s.label()) "～" (e.label()) } }
            @let links = ctx.links(&i);
            @if !links.is_empty() {
                dt { "関連する計画" }
                dd { ul.plain { @for (label, n) in &links { li { span.muted { (label) } " " a href=(urls::node(n.id)) { (node_label(n)) } } } } }
            }
            @if !i.reform_perspectives.is_empty() {
                dt { "行革の視点" }
                dd { ul.tags { @for p in &i.reform_perspectives { li { (p.display()) } } } }
            }
            @if !i.sdg_goals.is_empty() {
                dt { "SDGs" }
                dd { ul.tags { @for g in &i.sdg_goals { li { "目標" (g.number()) } } } }
            }
        }
        @if let Some(s) = &i.summary { h2 { "取組の概要" } (paragraphs(s)) }
        @if let Some(r) = &i.reform_text { h2 { "行革の視点からの取組内容" } (paragraphs(r)) }
        @for s in &i.sections { h2 { (s.label) } (paragraphs(&s.body)) }
        (crate::views::program::program_facts(&i.name, &facts))
        @if !i.milestones.is_empty() {
            h2 { "スケジュール" }
            ul { @for m in &i.milestones { li { @if m.done { span.state.state-published { "済" } " " } (m.text) @if let Some(d) = &m.due { " " span.muted { "（期限 " (hoshin_app::dashboard::wareki_date(d)) "）" } } } } }
        }
        @if !indicators.is_empty() {
            h2 { "指標" }
            table {
                caption { (i.name) "の指標" }
                thead {
                    tr {
                        th scope="col" { "指標" }
                        th scope="col" { "基準値" }
                        th scope="col" { "実績" }
                        th scope="col" { "目標値" }
                        th scope="col" { "状況" }
                    }
                }
                tbody {
                    @for k in &indicators {
                        tr {
                            th scope="row" { a href=(urls::indicator(k.id)) { (k.name) } }
                            td { @if let Some(b) = &k.baseline { (b.text) } }
                            td {
                                ul.plain {
                                    @for a in &k.actuals { li { span.muted { (a.fiscal_year.wareki()) } " " (a.value.text) } }
                                }
                            }
                            td {
                                @if let Some(t) = &k.target { (t.text) }
                                @if let Some(y) = k.target_year { " " span.muted { "（" (y.wareki()) "）" } }
                            }
                            td { (badge(status_of(k))) }
                        }
                    }
                }
            }
        }
        (by_period)
        h2 { "振り返り" }
        @if reviews.is_empty() { p.muted { "振り返りは登録されていません。" } }
        @for r in &reviews {
            h3 { (r.fiscal_year.label()) }
            dl.meta {
                @if let Some(t) = &r.result { dt { "実績" } dd { (paragraphs(t)) } }
                @if let Some(t) = &r.issues_next { dt { "課題・今後の方向性" } dd { (paragraphs(t)) } }
                @if let Some(p) = r.progress { dt { "進捗" } dd { (p) "%" } }
                @if let Some(j) = &r.judgement { dt { "判定" } dd { (judgement(j)) } }
            }
        }
        @if predecessor.is_some() || !successors.is_empty() {
            h2 { "年度間のつながり" }
            ul {
                @if let Some(p) = &predecessor {
                    li { "前年度の取組：" a href=(urls::initiative(p.id)) { (p.name) } @if let Some(y) = p.fiscal_year { "（" (y.label()) "）" } }
                }
                @for s in &successors {
                    li { "次年度の取組：" a href=(urls::initiative(s.id)) { (s.name) } @if let Some(y) = s.fiscal_year { "（" (y.label()) "）" } }
                }
            }
        }
        @match &similar {
            Similar::Found(hits) if !hits.is_empty() => {
                h2 { "他の自治体の似た取組" }
                (similar_list(hits))
            }
            Similar::Pending => {
                h2 { "他の自治体の似た取組" }
                p { a href=(urls::initiative_similar(i.id)) { "他の自治体の似た取組を見る" } }
            }
            Similar::Found(_) => {}
        }
    };
    let mut crumbs = crumbs_to(&org, dept.as_ref(), &i);
    crumbs.push(Crumb::here(i.name.clone()));
    Ok(answer(page(&i.name, &crumbs, body), &similar))
}

/// The crumbs down to an initiative's department (its year's page when it has none).
fn crumbs_to(org: &Organization, dept: Option<&Department>, i: &Initiative) -> Vec<Crumb> {
    let mut crumbs = org_crumbs(org, i.fiscal_year);
    if let (Some(d), Some(y)) = (dept, i.fiscal_year) {
        crumbs.push(Crumb::link(d.name.clone(), urls::department(org.id, y, d.id)));
    }
    crumbs
}

/// The page, sent `no-store` while its similar initiatives are pending: not the page to keep
/// (the page cache, a browser, a proxy), as the next one shows them.
fn answer(page: Markup, similar: &Similar) -> Response {
    let mut res = page.into_response();
    if *similar == Similar::Pending {
        res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

/// What the initiative page reads from the database besides the initiative itself.
struct Reads {
    org: Organization,
    dept: Option<Department>,
    predecessor: Option<Initiative>,
    successors: Vec<Initiative>,
    ctx: Ctx,
    budget_codes: Vec<String>,
    facts: ProgramFacts,
    kpi_facts: std::collections::HashMap<IndicatorId, IndicatorFacts>,
    by_period: maud::Markup,
}

async fn reads(app: &App, i: &Initiative, indicators: &[Indicator]) -> Result<Reads, WebError> {
    // Independent reads at once: on PostgreSQL they leave together (`pgread.rs`).
    let program = async { Ok::<_, WebError>(hoshin_app::program::codes_and_program_facts(app, i).await?) };
    // The KPIs' yearly targets: their status judged against them, here and per period.
    let kpis = async {
        let kpi_ids: Vec<IndicatorId> = indicators.iter().map(|k| k.id).collect();
        let kpi_facts = hoshin_app::editing::yearly_targets(app, &kpi_ids).await?;
        let by_period = crate::views::periods::section(app, i, indicators, &kpi_facts).await?;
        Ok::<_, WebError>((kpi_facts, by_period))
    };
    let (context, ctx, (budget_codes, facts), (kpi_facts, by_period)) = tokio::try_join!(
        async { Ok::<_, WebError>(hoshin_app::public::initiative_context(app, i).await?) },
        async { Ok::<_, WebError>(Ctx::load(app, i.org_id, None, std::slice::from_ref(i), &[]).await?) },
        program,
        kpis,
    )?;
    let hoshin_app::public::InitiativeContext { org, department: dept, predecessor, successors } = context;
    Ok(Reads { org, dept, predecessor, successors, ctx, budget_codes, facts, kpi_facts, by_period })
}

fn similar_list(hits: &[Hit]) -> Markup {
    html! {
        ul {
            @for h in hits {
                li {
                    a href=(h.url) { (h.title.text) }
                    span.muted {
                        "（" (h.org_name) @if let Some(p) = &h.prefecture { "・" (p) }
                        @if let Some(y) = h.year.and_then(|y| FiscalYear::new(i64::from(y)).ok()) { "・" (y.label()) } "）"
                    }
                }
            }
        }
    }
}

/// `/initiatives/{id}/similar`: the similar initiatives of other organizations, waited for —
/// what the initiative page links to when they were not read in time.
pub async fn similar(State(app): State<App>, Path(id): Path<i64>) -> Result<Response, WebError> {
    let i = hoshin_app::public::initiative(&app, InitiativeId(id)).await?.initiative;
    let hoshin_app::public::InitiativeContext { org, department: dept, .. } =
        hoshin_app::public::initiative_context(&app, &i).await?;
    let availability = app.search.availability();
    let found = match &availability {
        Availability::Ready if i.draft.is_none() => {
            app.search.similar_within(&i, SIMILAR, SIMILAR_PAGE_WAIT).await.unwrap_or(Similar::Pending)
        }
        Availability::Ready | Availability::Off(_) => Similar::Found(Vec::new()),
        Availability::Building => Similar::Pending,
    };
    let title = format!("{}に似た取組", i.name);
    let body = html! {
        h1 { (title) }
        p.lead {
            "他の自治体が公表している取組のうち、名称と概要の近いものを自治体ごとに一つずつ表示します。"
        }
        @match &found {
            Similar::Found(hits) if !hits.is_empty() => { (similar_list(hits)) }
            Similar::Found(_) => {
                @if let Availability::Off(why) = &availability { p.muted { (why) } }
                @else { p.muted { "似た取組は見つかりませんでした。" } }
            }
            Similar::Pending => { p { "似た取組を探しています。しばらくしてから再読み込みしてください。" } }
        }
        p { a href=(urls::initiative(i.id)) { "「" (i.name) "」のページへ戻る" } }
    };
    let mut crumbs = crumbs_to(&org, dept.as_ref(), &i);
    crumbs.push(Crumb::link(i.name.clone(), urls::initiative(i.id)));
    crumbs.push(Crumb::here("似た取組".to_string()));
    Ok(answer(page(&title, &crumbs, body), &found))
}
