//! `/orgs/{org}/years/{year}/booklet`: the whole city's 部局運営方針 for a year as one
//! document — a table of contents, then every department in order, each starting on a new
//! A4 page when printed.

use super::{city_initiatives, family, limited_notice, org_crumbs, organization, parse_year, PageResult};
use crate::html::{page, Crumb};
use crate::views::policy::{block, Ctx};
use axum::extract::{Path, State};
use hoshin_app::App;
use hoshin_domain::*;
use maud::html;
use std::collections::{HashMap, HashSet};

pub async fn show(State(app): State<App>, Path((org_id, year)): Path<(i64, String)>) -> PageResult {
    let year = parse_year(&year)?;
    // Read at once: on PostgreSQL they leave together (`store/src/pgread.rs`).
    let (org, departments, (items, limited), policies) = tokio::try_join!(
        organization(&app, org_id),
        async { Ok::<_, crate::error::WebError>(hoshin_app::public::departments(&app, OrgId(org_id)).await?) },
        city_initiatives(&app, OrgId(org_id), year),
        async { Ok(hoshin_app::public::year_policies(&app, OrgId(org_id), year).await?) },
    )?;
    let policies: HashMap<DepartmentId, DepartmentPolicy> =
        policies.into_iter().map(|p| (p.department_id, p)).collect();
    let ctx = Ctx::load(&app, org.id, Some(year), &items, &departments).await?;
    let tops: Vec<&Department> = departments.iter().filter(|d| d.parent_id.is_none()).collect();
    let groups: Vec<(&Department, Vec<&Initiative>)> = tops
        .iter()
        .map(|d| {
            let fam: HashSet<DepartmentId> = family(&departments, d.id).into_iter().collect();
            (*d, items.iter().filter(|i| i.department_id.is_some_and(|x| fam.contains(&x))).collect())
        })
        .collect();
    let placed: HashSet<InitiativeId> = groups.iter().flat_map(|(_, l)| l.iter().map(|i| i.id)).collect();
    let rest: Vec<&Initiative> = items.iter().filter(|i| !placed.contains(&i.id)).collect();
    let title = format!("{} 部局運営方針 {}", org.name, year.label());

    let body = html! {
        h1 { (org.name) " 部局運営方針" }
        p.lead { (year.label()) }
        p.no-print.muted { "印刷するとA4の用紙に部局ごとに改ページして出力されます。" }
        @if limited { (limited_notice(items.len(), "部局ごとの運営方針のページで各部局の取組をご覧ください。")) }
        nav.toc aria-labelledby="toc" {
            h2 #toc { "目次" }
            ol {
                @for (d, list) in &groups {
                    li { a href=(format!("#dept-{}", d.id.0)) { (d.name) } " " span.muted { "（取組" (list.len()) "件）" } }
                }
                @if !rest.is_empty() { li { a href="#dept-none" { "部局の決まっていない取組" } } }
            }
        }
        @for (d, list) in &groups {
            section.dept id=(format!("dept-{}", d.id.0)) aria-labelledby=(format!("dept-{}-h", d.id.0)) {
                h2 id=(format!("dept-{}-h", d.id.0)) { (d.name) }
                (block(&ctx, d, policies.get(&d.id), list, 3))
            }
        }
        @if !rest.is_empty() {
            section.dept #dept-none aria-labelledby="dept-none-h" {
                h2 #dept-none-h { "部局の決まっていない取組" }
                ul { @for i in &rest { li { a href=(crate::urls::initiative(i.id)) { (i.name) } } } }
            }
        }
    };
    let mut crumbs = org_crumbs(&org, Some(year));
    crumbs.push(Crumb::here("部局運営方針（冊子）"));
    Ok(page(&title, &crumbs, body))
}
