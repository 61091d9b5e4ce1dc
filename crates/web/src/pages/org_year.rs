//! `/orgs/{org}/years/{year}`: the organization's year — departments with their initiative
//! counts, the year's priority themes, and the KPI status summary (順調 / 遅れ / 実績なし),
//! computed from one aggregate query that folds the actuals in SQL.

use super::{org_and_years, org_crumbs, parse_year, year_nav, PageResult};
use crate::html::{page, Crumb};
use crate::urls;
use crate::views::status::{badge, standing_status};
use axum::extract::{Path, State};
use hoshin_app::App;
use hoshin_domain::*;
use maud::html;

pub async fn show(State(app): State<App>, Path((org_id, year)): Path<(i64, String)>) -> PageResult {
    let year = parse_year(&year)?;
    // Read at once: on PostgreSQL they leave together (`store/src/pgread.rs`).
    let ((org, years), (tops, unassigned), year_page) = tokio::try_join!(
        org_and_years(&app, org_id),
        async { Ok(hoshin_app::years::year_departments(&app, OrgId(org_id), year).await?) },
        async { Ok(hoshin_app::public::org_year(&app, OrgId(org_id), year).await?) },
    )?;
    let hoshin_app::public::OrgYearPage { themes, plans, standings, status } = year_page;
    let mut tally: [(KpiStatus, usize); 3] = [(KpiStatus::OnTrack, 0), (KpiStatus::Behind, 0), (KpiStatus::NoData, 0)];
    for s in standings {
        let st = standing_status(&s, year);
        if let Some(t) = tally.iter_mut().find(|(k, _)| *k == st) {
            t.1 += 1;
        }
    }
    let total_kpis: usize = tally.iter().map(|t| t.1).sum();
    let title = format!("{} {}", org.name, year.label());

    let body = html! {
        h1 { (title) }
        (year_nav(&years, year, |y| urls::org_year(org.id, y)))
        @if let Some(st) = status {
            p.year-status { "公開状況：" strong { (st.label()) } }
            @if st == hoshin_app::year_publishing::YearStatus::Unpublished {
                p.muted { "この年度の部局運営方針はまだ公開されていません。" }
            }
        }
        ul.inline.no-print {
            li { a href=(urls::booklet(org.id, year)) { "部局運営方針（市全体の冊子）" } }
            li { a href=(urls::sheets(org.id, year, None)) { "事務事業評価シート（印刷用）" } }
            li { a href=(urls::city_compare(org.id, year)) { "前年度との比較（市全体）" } }
            li { a href=(urls::indicators(org.id, year)) { "指標の一覧" } }
            @if years.contains(&year) {
                li { a href=(urls::opendata_zip(org.id, year)) download { "この年度のオープンデータ（ZIP）" } }
                li { a href=(urls::year_xlsx(org.id, year)) download { "Excelで開く" } " " span.muted { "（部局運営方針：部局ごとのシートと指標、xlsx）" } }
            }
        }
        h2 { "指標（KPI）の状況" }
        p { (year.label()) "時点の実績を、基準値から目標値までの進み具合と比べた結果です（全" (total_kpis) "指標）。" }
        ul.summary-grid {
            @for (k, n) in &tally {
                li { (badge(*k)) span.count { (n) "件" } }
            }
        }
        p { a href=(urls::indicators(org.id, year)) { "指標の一覧を見る" } }
        h2 { "重点項目" }
        @if themes.is_empty() {
            p.muted { "この年度の重点項目は登録されていません。" }
        } @else {
            ul {
                @for t in &themes {
                    li { (t.name) " " a href=(urls::search(&t.name, 1)) { "（他の自治体の同じテーマ）" } }
                }
            }
        }
        h2 { "部局" }
        @if tops.is_empty() {
            p.muted { "この年度の取組や方針のある部局はありません。" }
        } @else {
            table {
                caption { (year.label()) "の部局と取組数" }
                thead {
                    tr {
                        th scope="col" { "部局" }
                        th scope="col" class="num" { "取組数" }
                        th scope="col" { "基本的考え方" }
                        th scope="col" { "目標と振り返り" }
                        th scope="col" { "前年度比較" }
                    }
                }
                tbody {
                    @for d in &tops {
                        tr {
                            th scope="row" { a href=(urls::department(org.id, year, d.department.id)) { (d.name) } }
                            td.num { (d.initiatives) }
                            td { @if d.has_stance { "あり" } @else { span.muted { "なし" } } }
                            td { a href=(urls::review(org.id, year, d.department.id)) { (d.name) "の目標と振り返り" } }
                            td { a href=(urls::dept_compare(org.id, year, d.department.id)) { (d.name) "の前年度比較" } }
                        }
                    }
                }
            }
            @if unassigned > 0 { p.muted { "部局の決まっていない取組：" (unassigned) "件" } }
            ul.inline.no-print {
                li { a href=(urls::departments_csv(org.id, year)) download { "CSVでダウンロード" } " " span.muted { "（部局と取組数、UTF-8）" } }
                li { a href=(format!("{}?encoding=sjis", urls::departments_csv(org.id, year))) download { "CSV（Shift_JIS）" } }
            }
        }
        h2 { "計画" }
        ul {
            @for p in &plans { li { a href=(urls::plan(p.id)) { (p.title) } " " span.muted { "（" (p.kind.label()) "）" } } }
        }
    };
    let mut crumbs = org_crumbs(&org, None);
    crumbs.push(Crumb::here(year.label()));
    Ok(page(&title, &crumbs, body))
}
