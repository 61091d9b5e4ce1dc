//! `/manage/{year}/indicators`: the actuals of the comprehensive plan's own KPIs (indicators
//! of plan nodes) for one year. Planning enters them, one field per KPI or a column pasted
//! from a spreadsheet, all in one transaction (`hoshin_app::plan_kpis`); other staff read.

use super::actuals::{numbered, submitted, ActualsTable};
use super::revision::forms::Fields;
use super::{actor, crumbs, csrf_field, layout, see_other};
use crate::error::WebError;
use crate::html::Crumb;
use crate::pages::{parse_year, PageResult};
use crate::session::Staff;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::Form;
use hoshin_app::access::{require_staff, Actor};
use hoshin_app::plan_kpis::set_plan_actuals;
use hoshin_app::App;
use maud::html;
use serde::Deserialize;

#[derive(Debug, Deserialize, Default)]
pub struct Saved {
    pub saved: Option<usize>,
}

pub async fn show(
    State(app): State<App>,
    Staff(su): Staff,
    Path(year): Path<String>,
    Query(q): Query<Saved>,
) -> PageResult {
    let year = parse_year(&year)?;
    let org = su.user.org_id;
    require_staff(&Actor::User(su.user.clone()), org)?;
    let groups = hoshin_app::plan_kpis::plan_kpis(&app, org).await?;
    let editable = su.user.role.plans();
    let here = format!("/manage/{}/indicators", year.year());
    let table = ActualsTable { year, editable, id_prefix: "pv-", target_year: false, paste_note: "" };
    let numbered = numbered(
        groups
            .iter()
            .map(|(node, ks)| (html! { @if let Some(c) = &node.code { (c) " " } (node.title) }, ks.iter().collect())),
    );
    let title = format!("計画の指標の実績入力（{}）", year.label());
    let body = html! {
        h1 { (title) }
        p.lead { "総合計画・基本計画などの施策に付いた指標です。部局の取組の指標は各部局の方針のページから入力します。" }
        p { a href="/manage/plans" { "計画の進捗の重み付け" } "（公開ページの計画体系に積み上げる進捗の重み）" }
        @if let Some(s) = q.saved {
            p.notice role="status" { (year.label()) "の実績を保存しました（" (s) "件を更新）。" }
        }
        @if !editable {
            p.notice role="status" { "実績の入力は企画担当が行います。閲覧のみできます。" }
        }
        @if numbered.is_empty() {
            p.muted { "計画の指標はまだありません。" }
        } @else {
            form.actuals method="post" action=(here) {
                (csrf_field(&su))
                (table.fields(&numbered))
            }
        }
    };
    let crumbs = crumbs(vec![
        Crumb::link(year.label(), format!("/manage/{}", year.year())),
        Crumb::here("計画の指標の実績入力"),
    ]);
    Ok(layout(&title, &su, &crumbs, body))
}

pub async fn submit(
    State(app): State<App>,
    Staff(su): Staff,
    Path(year): Path<String>,
    Form(f): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let year = parse_year(&year)?;
    let list = submitted(&Fields(f))?;
    let saved = set_plan_actuals(&app, &actor(&su), su.user.org_id, year, &list).await?;
    Ok(see_other(&format!("/manage/{}/indicators?saved={saved}", year.year())))
}
