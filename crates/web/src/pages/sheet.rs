//! 事務事業評価シート for printing: `/initiatives/{id}/sheet` (one program) and
//! `/orgs/{org}/years/{year}/sheets` (every program of a year, `?dept=` for one department with
//! its sections), one A4 page per program. Published records only, as on every public page.

use super::department::department_initiatives;
use super::{
    city_initiatives, department_of, family, limited_notice, org_crumbs, organization, parse_year, PageResult,
};
use crate::error::WebError;
use crate::html::{page, Crumb};
use crate::urls;
use crate::views::policy::Ctx;
use crate::views::sheet::{sheet, Sheet};
use axum::extract::{Path, Query, State};
use hoshin_app::App;
use hoshin_domain::*;
use maud::{html, Markup};
use serde::Deserialize;

pub async fn one(State(app): State<App>, Path(id): Path<i64>) -> PageResult {
    let i = hoshin_app::public::published_initiative(&app, InitiativeId(id)).await?;
    let org = hoshin_app::public::organization(&app, i.org_id).await?;
    let departments = hoshin_app::public::departments(&app, org.id).await?;
    let items = vec![i];
    let ctx = Ctx::load(&app, org.id, items[0].fiscal_year, &items, &departments).await?;
    let i = &items[0];
    let sheets = sheets(&app, &org, &ctx, &items).await?;
    let body = html! {
        h1.no-print { "事務事業評価シート" }
        p.no-print {
            a href=(urls::initiative(i.id)) { "「" (i.name) "」のページに戻る" }
            "　" span.muted { "A4で印刷できます（記載の多い事業は2枚以上になります）。" }
            "　" a href=(urls::initiative_sheet_xlsx(i.id)) download { "Excelで開く" } " " span.muted { "（xlsx）" }
        }
        (sheets)
    };
    let mut crumbs = org_crumbs(&org, i.fiscal_year);
    crumbs.push(Crumb::link(i.name.clone(), urls::initiative(i.id)));
    crumbs.push(Crumb::here("評価シート"));
    Ok(page(&format!("{} 事務事業評価シート", i.name), &crumbs, body))
}

#[derive(Debug, Deserialize)]
pub struct YearQuery {
    /// A department id, or empty for every department.
    #[serde(default)]
    dept: String,
}

pub async fn year(
    State(app): State<App>,
    Path((org_id, year)): Path<(i64, String)>,
    Query(q): Query<YearQuery>,
) -> PageResult {
    let year = parse_year(&year)?;
    let org = organization(&app, org_id).await?;
    let departments = hoshin_app::public::departments(&app, org.id).await?;
    let dept = match q.dept.trim() {
        "" => None,
        d => {
            let id: i64 = d.parse().map_err(|_| WebError::BadRequest(format!("部局の番号として読めません：{d}")))?;
            Some(department_of(&app, org.id, id).await?)
        }
    };
    let (items, limited) = match &dept {
        Some(d) => department_initiatives(&app, &family(&departments, d.id), year).await?,
        None => city_initiatives(&app, org.id, year).await?,
    };
    let (tops, _) = hoshin_app::years::year_departments(&app, org.id, year).await?;
    let ctx = Ctx::load(&app, org.id, Some(year), &items, &departments).await?;
    let sheets = sheets(&app, &org, &ctx, &items).await?;
    let scope = dept.as_ref().map(|d| d.name.clone());
    let title = match &scope {
        Some(d) => format!("{d} 事務事業評価シート {}", year.label()),
        None => format!("{} 事務事業評価シート {}", org.name, year.label()),
    };
    let body = html! {
        h1.no-print { "事務事業評価シート" }
        p.lead.no-print { (org.name) " " (year.label()) @if let Some(d) = &scope { " " (d) } }
        form.no-print method="get" action=(urls::sheets(org.id, year, None)) {
            label for="dept" { "部局" }
            " "
            select #dept name="dept" {
                option value="" selected[dept.is_none()] { "すべての部局" }
                @for t in &tops {
                    option value=(t.department.id.0) selected[dept.as_ref().is_some_and(|d| d.id == t.department.id)] {
                        (t.name) "（" (t.initiatives) "件）"
                    }
                }
            }
            " "
            button type="submit" { "表示" }
        }
        p.no-print.muted { "印刷すると事業ごとに改ページしてA4で出力されます（" (items.len()) "件。記載の多い事業は2枚以上になります）。" }
        @if limited { (limited_notice(items.len(), "部局を選んで表示してください。")) }
        @if items.is_empty() { p { "この年度の公開された事業はありません。" } }
        (sheets)
    };
    let mut crumbs = org_crumbs(&org, Some(year));
    crumbs.push(Crumb::here("評価シート"));
    Ok(page(&title, &crumbs, body))
}

/// Every initiative's sheet, its data read by [`hoshin_app::program::sheet_facts`] (shared with
/// the xlsx sheet).
async fn sheets(app: &App, org: &Organization, ctx: &Ctx, items: &[Initiative]) -> Result<Markup, WebError> {
    let all = hoshin_app::program::sheet_facts(app, items).await?;
    Ok(html! {
        @for i in items {
            (sheet(ctx, &Sheet {
                org,
                initiative: i,
                department: i.department_id.and_then(|d| ctx.dept_names.get(&d)).map(String::as_str),
                facts: all.facts(i.id),
                budget_codes: all.budget_codes(i.id),
                indicators: all.indicators(i.id).iter().map(|(k, f)| (k, f.as_ref())).collect(),
                reviews: all.reviews(i.id).iter().collect(),
            }))
        }
    })
}
