//! `/orgs/{org}/years/{year}/departments/{dept}`: one department's 部局運営方針 for a year —
//! its stance, then its (and its 課's) initiatives grouped by priority theme.

use super::{org_crumbs, parse_year, year_nav, years_of, PageResult};
use crate::html::{page, Crumb};
use crate::urls;
use crate::views::policy::{block, Ctx};
use axum::extract::{Path, State};
use hoshin_app::dashboard::{jst_date_time, wareki_date};
use hoshin_app::App;
use hoshin_domain::*;
use maud::html;

/// The most initiatives one department page lists.
pub const MAX_ITEMS: u32 = hoshin_app::public::MAX_DEPARTMENT_ITEMS;

/// A department's (and its 課') initiatives of a year, at most [`MAX_ITEMS`]; `true` when
/// there are more (the page says so).
pub async fn department_initiatives(
    app: &App,
    fam: &[DepartmentId],
    year: FiscalYear,
) -> Result<(Vec<Initiative>, bool), crate::error::WebError> {
    Ok(hoshin_app::public::department_initiatives(&app, fam, year).await?)
}

pub async fn show(State(app): State<App>, Path((org_id, year, dept)): Path<(i64, String, i64)>) -> PageResult {
    let year = parse_year(&year)?;
    // What the public may see of the department's year: the same read as its CSV download,
    // with its links' nodes and the year's themes, so the tables' context reads nothing more.
    // The years, by the organization's id alone, are read beside it.
    let (dy, years) = tokio::try_join!(
        async {
            Ok::<_, crate::error::WebError>(
                hoshin_app::public::department_year(&app, OrgId(org_id), year, DepartmentId(dept)).await?,
            )
        },
        years_of(&app, OrgId(org_id)),
    )?;
    let hoshin_app::public::DepartmentYear {
        org,
        department: dept,
        departments,
        items,
        limited,
        policy,
        published,
        themes,
        mut links,
    } = dy;
    links.themes = themes;
    let ctx = Ctx::of(links, &departments);
    let sections: Vec<&Department> = departments.iter().filter(|d| d.parent_id == Some(dept.id)).collect();
    let parent = dept.parent_id.and_then(|p| departments.iter().find(|d| d.id == p));
    let refs: Vec<&Initiative> = items.iter().collect();
    let title = format!("{} 部局運営方針", dept.name);

    let body = html! {
        h1 { (title) }
        p.lead { (org.name) " " (year.label()) }
        @if limited { (super::limited_notice(items.len(), "課ごとのページもご覧ください。")) }
        @if let Some(r) = &published {
            p.published {
                "第" (r.number) "版"
                @if let Some(at) = r.published_at { "（" (wareki_date(&jst_date_time(at).0)) "公開）" }
            }
        }
        (year_nav(&years, year, |y| urls::department(org.id, y, dept.id)))
        ul.inline.no-print {
            li { a href=(urls::review(org.id, year, dept.id)) { "部局の目標と振り返り" } }
            li { a href=(urls::sheets(org.id, year, Some(dept.id))) { "事務事業評価シート（印刷用）" } }
            li { a href=(urls::dept_compare(org.id, year, dept.id)) { "前年度との比較" } }
            li { a href=(urls::booklet(org.id, year)) { "市全体の冊子" } }
            li { a href=(urls::department_csv(org.id, year, dept.id)) download { "CSVでダウンロード" } " " span.muted { "（取組の一覧、UTF-8）" } }
            li { a href=(format!("{}?encoding=sjis", urls::department_csv(org.id, year, dept.id))) download { "CSV（Shift_JIS）" } }
            li { a href=(urls::department_xlsx(org.id, year, dept.id)) download { "Excelで開く" } " " span.muted { "（部局運営方針、xlsx）" } }
        }
        @if let Some(p) = parent {
            p { "所属：" a href=(urls::department(org.id, year, p.id)) { (p.name) } }
        }
        @if !sections.is_empty() {
            p { "構成する課：" (sections.iter().map(|s| s.name.as_str()).collect::<Vec<_>>().join("、")) }
        }
        (block(&ctx, &dept, policy.as_ref(), &refs, 2))
    };
    let mut crumbs = org_crumbs(&org, Some(year));
    crumbs.push(Crumb::here(dept.name.clone()));
    Ok(page(&title, &crumbs, body))
}
