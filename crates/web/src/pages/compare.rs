//! Year over year: `/orgs/{org}/years/{year}/compare` (the whole city) and
//! `/orgs/{org}/years/{year}/departments/{dept}/compare`. The year's initiatives beside an
//! earlier year's (`?with=`, by default the latest earlier year with initiatives), paired by
//! continuity links, then equal names, then text similarity ([`pair_years`]).

use super::{family, org_and_years, org_crumbs, parse_year, PageResult};
use crate::html::{page, Crumb};
use crate::urls;
use axum::extract::{Path, Query, State};
use hoshin_app::records::InitiativeBrief;
use hoshin_app::App;
use hoshin_domain::similarity::{pair_years, MatchItem, Pairing};
use hoshin_domain::*;
use maud::{html, Markup};
use serde::Deserialize;
use std::collections::{HashMap, HashSet};

/// Lowest similarity for a likely successor within the same department. Names of renamed
/// initiatives often share no characters (「紙文書の削減」→「ペーパーレス化の促進」), so the
/// score mostly comes from the summaries; restricting candidates to one department keeps a
/// low bar from pairing unrelated work.
pub const THRESHOLD: f64 = 0.12;

#[derive(Debug, Deserialize)]
pub struct Params {
    with: Option<String>,
}

pub async fn city(
    State(app): State<App>,
    Path((org_id, year)): Path<(i64, String)>,
    Query(p): Query<Params>,
) -> PageResult {
    let year = parse_year(&year)?;
    let with = chosen(year, p.with.as_deref())?;
    // Reads at once where they do not wait for each other: on PostgreSQL they leave together
    // (`store/src/pgread.rs`).
    let ((org, years), (prev, (before, before_limited)), (curr, curr_limited), departments) = tokio::try_join!(
        org_and_years(&app, org_id),
        async {
            let prev = previous(&app, OrgId(org_id), year, with).await?;
            let before = match prev {
                Some(y) => briefs(&app, OrgId(org_id), y).await?,
                None => (Vec::new(), false),
            };
            Ok((prev, before))
        },
        briefs(&app, OrgId(org_id), year),
        async { Ok(hoshin_app::public::departments(&app, OrgId(org_id)).await?) },
    )?;
    let limited = (curr_limited || before_limited)
        .then(|| super::limited_notice(super::MAX_CITY_ITEMS, "部局ごとの比較のページで各部局の取組をご覧ください。"));
    let parent: HashMap<DepartmentId, Option<DepartmentId>> = departments.iter().map(|d| (d.id, d.parent_id)).collect();
    let top = |i: &InitiativeBrief| -> Option<DepartmentId> {
        let mut d = i.department_id?;
        for _ in 0..16 {
            match parent.get(&d).copied().flatten() {
                Some(p) => d = p,
                None => break,
            }
        }
        Some(d)
    };
    let title = format!("{} 前年度との比較", org.name);
    let chooser = choose_year(&urls::city_compare(org.id, year), &years, year, prev);
    let body = render(&title, &org.name, year, prev, &before, &curr, &top, chooser, limited);
    let mut crumbs = org_crumbs(&org, Some(year));
    crumbs.push(Crumb::here("前年度との比較"));
    Ok(page(&title, &crumbs, body))
}

pub async fn department(
    State(app): State<App>,
    Path((org_id, year, dept)): Path<(i64, String, i64)>,
    Query(p): Query<Params>,
) -> PageResult {
    let year = parse_year(&year)?;
    let with = chosen(year, p.with.as_deref())?;
    // Reads at once where they do not wait for each other: on PostgreSQL they leave together
    // (`store/src/pgread.rs`).
    let ((org, years), departments, prev) = tokio::try_join!(
        org_and_years(&app, org_id),
        async { Ok(hoshin_app::public::departments(&app, OrgId(org_id)).await?) },
        previous(&app, OrgId(org_id), year, with),
    )?;
    // The department is one of the list (one read fewer than asking for it alone).
    let dept = hoshin_app::public::department_in(&departments, DepartmentId(dept))?;
    let fam = family(&departments, dept.id);
    let brief =
        |(items, limited): (Vec<Initiative>, bool)| (items.iter().map(InitiativeBrief::from).collect(), limited);
    let ((curr, curr_limited), (before, before_limited)): ((Vec<InitiativeBrief>, bool), (Vec<InitiativeBrief>, bool)) =
        tokio::try_join!(
            async {
                Ok::<_, crate::error::WebError>(brief(
                    super::department::department_initiatives(&app, &fam, year).await?,
                ))
            },
            async {
                Ok(match prev {
                    Some(y) => brief(super::department::department_initiatives(&app, &fam, y).await?),
                    None => (Vec::new(), false),
                })
            },
        )?;
    let limited = (curr_limited || before_limited)
        .then(|| super::limited_notice(super::department::MAX_ITEMS as usize, "課ごとのページもご覧ください。"));
    let title = format!("{} 前年度との比較", dept.name);
    let chooser = choose_year(&urls::dept_compare(org.id, year, dept.id), &years, year, prev);
    let subject = format!("{} {}", org.name, dept.name);
    let body = render(&title, &subject, year, prev, &before, &curr, &|_| None, chooser, limited);
    let mut crumbs = org_crumbs(&org, Some(year));
    crumbs.push(Crumb::link(dept.name.clone(), urls::department(org.id, year, dept.id)));
    crumbs.push(Crumb::here("前年度との比較"));
    Ok(page(&title, &crumbs, body))
}

/// A year's initiatives of the whole city as the comparison reads them (at most
/// [`super::MAX_CITY_ITEMS`]; `true` when there are more).
async fn briefs(
    app: &App,
    org: OrgId,
    year: FiscalYear,
) -> Result<(Vec<InitiativeBrief>, bool), crate::error::WebError> {
    Ok(hoshin_app::public::year_initiative_briefs(app, org, year, super::MAX_CITY_ITEMS).await?)
}

/// The year `?with=` names, checked before anything is read (so a bad one is a 400 and a
/// missing organization still a 404, whichever read answers first).
fn chosen(year: FiscalYear, with: Option<&str>) -> Result<Option<FiscalYear>, crate::error::WebError> {
    match with.filter(|w| !w.trim().is_empty()) {
        Some(w) => {
            let y = parse_year(w)?;
            if y >= year {
                return Err(crate::error::WebError::BadRequest(
                    "比較する年度は表示中の年度より前にしてください".into(),
                ));
            }
            Ok(Some(y))
        }
        None => Ok(None),
    }
}

/// The year to compare with: the chosen one, or the year before with initiatives.
async fn previous(
    app: &App,
    org: OrgId,
    year: FiscalYear,
    chosen: Option<FiscalYear>,
) -> Result<Option<FiscalYear>, crate::error::WebError> {
    match chosen {
        Some(y) => Ok(Some(y)),
        None => Ok(hoshin_app::public::year_before(app, org, year).await?),
    }
}

fn item(i: &InitiativeBrief) -> MatchItem<'_, InitiativeId> {
    MatchItem {
        id: i.id,
        name: i.name.as_str(),
        summary: i.summary.as_deref().unwrap_or(""),
        predecessor: i.predecessor_id,
    }
}

/// Pairs the years: explicit continuity links across the whole scope first, then within
/// each group (department) equal names and similarity, then equal names across groups among
/// what is left. Similarity is only computed inside a group, which keeps the city view cheap.
pub fn pairings(
    before: &[InitiativeBrief],
    curr: &[InitiativeBrief],
    group: &dyn Fn(&InitiativeBrief) -> Option<DepartmentId>,
) -> Vec<Pairing<InitiativeId>> {
    let prev_ids: HashSet<InitiativeId> = before.iter().map(|i| i.id).collect();
    let mut out = Vec::new();
    let mut linked_prev: HashSet<InitiativeId> = HashSet::new();
    let mut linked_curr: HashSet<InitiativeId> = HashSet::new();
    for c in curr {
        if let Some(p) = c.predecessor_id.filter(|p| prev_ids.contains(p) && !linked_prev.contains(p)) {
            linked_prev.insert(p);
            linked_curr.insert(c.id);
            out.push(Pairing::Continued { prev: p, curr: c.id });
        }
    }
    let left_prev: Vec<&InitiativeBrief> = before.iter().filter(|i| !linked_prev.contains(&i.id)).collect();
    let left_curr: Vec<&InitiativeBrief> = curr.iter().filter(|i| !linked_curr.contains(&i.id)).collect();
    let mut keys: Vec<Option<DepartmentId>> = left_prev.iter().chain(left_curr.iter()).map(|i| group(i)).collect();
    keys.sort_by_key(|k| k.map(|d| d.0));
    keys.dedup();
    let by_id: HashMap<InitiativeId, &InitiativeBrief> = before.iter().chain(curr.iter()).map(|i| (i.id, i)).collect();
    let (mut rest_prev, mut rest_curr) = (Vec::new(), Vec::new());
    for k in keys {
        let p: Vec<MatchItem<'_, InitiativeId>> = left_prev.iter().filter(|i| group(i) == k).map(|i| item(i)).collect();
        let c: Vec<MatchItem<'_, InitiativeId>> = left_curr.iter().filter(|i| group(i) == k).map(|i| item(i)).collect();
        for pairing in pair_years(&p, &c, THRESHOLD) {
            match pairing {
                Pairing::New { curr } => rest_curr.extend(by_id.get(&curr).map(|i| item(i))),
                Pairing::Dropped { prev } => rest_prev.extend(by_id.get(&prev).map(|i| item(i))),
                other => out.push(other),
            }
        }
    }
    // Moved between departments under the same name; no similarity here (threshold above 1).
    out.extend(pair_years(&rest_prev, &rest_curr, f64::INFINITY));
    out
}

/// A small GET form to compare with another earlier year.
fn choose_year(action: &str, years: &[FiscalYear], year: FiscalYear, prev: Option<FiscalYear>) -> Markup {
    let earlier: Vec<FiscalYear> = years.iter().copied().filter(|y| *y < year).collect();
    html! {
        @if earlier.len() > 1 {
            form.search.no-print method="get" action=(action) {
                label for="with" { "比べる年度" }
                select #with name="with" {
                    @for y in earlier.iter().rev() {
                        option value=(y.year()) selected[Some(*y) == prev] { (y.label()) }
                    }
                }
                button type="submit" { "比べる" }
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn render(
    title: &str,
    subject: &str,
    year: FiscalYear,
    prev: Option<FiscalYear>,
    before: &[InitiativeBrief],
    curr: &[InitiativeBrief],
    group: &dyn Fn(&InitiativeBrief) -> Option<DepartmentId>,
    chooser: Markup,
    limited: Option<Markup>,
) -> Markup {
    let mut pairs = pairings(before, curr, group);
    let rank = |p: &Pairing<InitiativeId>| match p {
        Pairing::Continued { .. } => 0,
        Pairing::Renamed { .. } => 1,
        Pairing::New { .. } => 2,
        Pairing::Dropped { .. } => 3,
    };
    let score = |p: &Pairing<InitiativeId>| match p {
        Pairing::Renamed { score, .. } => *score,
        _ => 0.0,
    };
    // Stable: within a kind, the most similar renames first, the rest in list order.
    pairs.sort_by(|a, b| rank(a).cmp(&rank(b)).then(score(b).total_cmp(&score(a))));
    let by_id: HashMap<InitiativeId, &InitiativeBrief> = before.iter().chain(curr.iter()).map(|i| (i.id, i)).collect();
    let count = |r: usize| pairs.iter().filter(|p| rank(p) == r).count();
    let cell = |id: &InitiativeId| -> Markup {
        match by_id.get(id) {
            Some(i) => html! { a href=(urls::initiative(i.id)) { (i.name) } },
            None => html! {},
        }
    };
    let prev_label = prev.map(|y| y.label()).unwrap_or_else(|| "前年度".to_string());
    html! {
        h1 { (title) }
        p.lead { (subject) "：" (year.label()) " と " (prev_label) }
        (chooser)
        @if let Some(notice) = limited { (notice) }
        @if prev.is_none() {
            p { "比べられる前の年度の取組がありません。" }
        } @else {
            ul.summary-grid {
                li { span.pairing { "継続" } span.count { (count(0)) "件" } }
                li { span.pairing { "名称変更・後継の可能性" } span.count { (count(1)) "件" } }
                li { span.pairing { "新規" } span.count { (count(2)) "件" } }
                li { span.pairing { "終了・統合" } span.count { (count(3)) "件" } }
            }
            p.muted { "対応付けは、前年度の取組への継続の記録、同じ名称、同じ部局の中での名称と概要の文字の類似度（" (format!("{THRESHOLD:.2}")) "以上、1が同一）の順に行っています。類似度による対応は後継の可能性を示すもので、確定ではありません。" }
            table {
                caption { (prev_label) "と" (year.label()) "の取組の対応" }
                thead {
                    tr {
                        th scope="col" { "区分" }
                        th scope="col" { (prev_label) }
                        th scope="col" { (year.label()) }
                        th scope="col" class="num" { "類似度" }
                    }
                }
                tbody {
                    @for p in &pairs {
                        tr {
                            @match p {
                                Pairing::Continued { prev, curr } => {
                                    th scope="row" {
                                        "継続"
                                        @if by_id.get(prev).map(|i| &i.name) != by_id.get(curr).map(|i| &i.name) { "（名称変更）" }
                                    } td { (cell(prev)) } td { (cell(curr)) } td.num { "—" }
                                }
                                Pairing::Renamed { prev, curr, score } => {
                                    th scope="row" { "名称変更・後継の可能性" } td { (cell(prev)) } td { (cell(curr)) }
                                    td.num { (format!("{score:.2}")) }
                                }
                                Pairing::New { curr } => {
                                    th scope="row" { "新規" } td { span.muted { "（なし）" } } td { (cell(curr)) } td.num { "—" }
                                }
                                Pairing::Dropped { prev } => {
                                    th scope="row" { "終了・統合" } td { (cell(prev)) } td { span.muted { "（なし）" } } td.num { "—" }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
