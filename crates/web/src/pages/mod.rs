//! Page handlers, one module per page type. Each loads what it shows with a few bounded,
//! indexed queries, then renders with maud (every value escaped).

pub mod assets;
pub mod booklet;
pub mod compare;
pub mod department;
pub mod downloads;
pub mod home;
pub mod indicator;
pub mod indicators;
pub mod initiative;
pub mod node;
pub mod opendata;
pub mod org;
pub mod org_year;
pub mod plan;
pub mod review;
pub mod search;
pub mod sheet;

use crate::error::WebError;
use crate::html::Crumb;
use crate::urls;
use hoshin_app::App;
use hoshin_domain::*;
use maud::{html, Markup};

/// What a page handler returns.
pub type PageResult = Result<Markup, WebError>;

/// Liveness: answers without touching the database.
pub async fn not_found() -> WebError {
    WebError::NotFound
}

/// A year from a path or query: 西暦 (2024) or 和暦 (令和6年度).
pub fn parse_year(s: &str) -> Result<FiscalYear, WebError> {
    FiscalYear::parse(s).map_err(|_| WebError::BadRequest(format!("年度として読めません：{s}")))
}

/// The organization of a page, 404 when unknown.
pub async fn organization(app: &App, id: i64) -> Result<Organization, WebError> {
    Ok(hoshin_app::public::organization(app, OrgId(id)).await?)
}

/// A department that must belong to `org` (a department id under another organization is a 404).
pub async fn department_of(app: &App, org: OrgId, id: i64) -> Result<Department, WebError> {
    Ok(hoshin_app::public::department_of(app, org, DepartmentId(id)).await?)
}

/// A department and everything under it (its 課) (the rule lives in `app::public`).
pub use hoshin_app::public::family;

/// Home › 自治体 › 年度.
pub fn org_crumbs(org: &Organization, year: Option<FiscalYear>) -> Vec<Crumb> {
    let mut c = vec![Crumb::link("自治体一覧", urls::home()), Crumb::link(org.name.clone(), urls::org(org.id))];
    if let Some(y) = year {
        c.push(Crumb::link(y.label(), urls::org_year(org.id, y)));
    }
    c
}

/// Links to the same page in other years (the current one marked).
pub fn year_nav(years: &[FiscalYear], current: FiscalYear, url: impl Fn(FiscalYear) -> String) -> Markup {
    html! {
        @if years.len() > 1 {
            nav.years aria-label="年度の切り替え" {
                ul.inline {
                    @for y in years {
                        li {
                            @if *y == current { strong aria-current="page" { (y.label()) } }
                            @else { a href=(url(*y)) { (y.label()) } }
                        }
                    }
                }
            }
        }
    }
}

/// Years an organization has initiatives in.
pub async fn years_of(app: &App, org: OrgId) -> Result<Vec<FiscalYear>, WebError> {
    Ok(hoshin_app::public::years_of(app, org).await?)
}

/// An organization and the years it has initiatives in (the year navigation of its pages), as
/// one future to read beside a page's other reads.
pub async fn org_and_years(app: &App, id: i64) -> Result<(Organization, Vec<FiscalYear>), WebError> {
    // At once: the years are read by the id, and an unknown id is a 404 from the first read.
    tokio::try_join!(organization(app, id), years_of(app, OrgId(id)))
}

/// Previous / next page links for a list of `page` (from 1) that has more when `has_next`.
pub fn pager(page: u32, has_next: bool, url: impl Fn(u32) -> String) -> Markup {
    html! {
        @if page > 1 || has_next {
            nav.pager aria-label="ページ送り" {
                ul {
                    @if page > 1 { li { a href=(url(page - 1)) rel="prev" { "前のページ" } } }
                    li { span { (page) "ページ目" } }
                    @if has_next { li { a href=(url(page + 1)) rel="next" { "次のページ" } } }
                }
            }
        }
    }
}

/// The most initiatives a whole-city page (booklet, city comparison) shows of one year.
pub const MAX_CITY_ITEMS: usize = 20_000;

/// A year's initiatives of an organization, read a store page at a time, at most
/// [`MAX_CITY_ITEMS`]; `true` when there are more (the page then says so with
/// [`limited_notice`]).
pub async fn city_initiatives(app: &App, org: OrgId, year: FiscalYear) -> Result<(Vec<Initiative>, bool), WebError> {
    Ok(hoshin_app::public::year_initiatives(app, org, year, MAX_CITY_ITEMS).await?)
}

/// Says that a list shows only its first `shown` rows, and where to find the rest.
pub fn limited_notice(shown: usize, rest: &str) -> Markup {
    html! {
        p.notice role="status" {
            "取組の件数が多いため、先頭の" (group_digits(shown)) "件のみを表示しています。" (rest)
        }
    }
}

/// `20000` → `20,000`.
pub fn group_digits(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
