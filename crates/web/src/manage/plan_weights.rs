//! `/manage/plans/{plan}/weights`: how much each node of a plan counts toward its parent's
//! rolled-up progress on the public plan pages (issue 15). Planning edits every weight of the
//! plan in one form, saved in one transaction (`hoshin_app::plan_weights`); other staff read.
//! `/manage/plans` lists the organization's plans with links to theirs.

use super::{actor, column_heads, crumbs, csrf_field, layout, see_other};
use crate::error::WebError;
use crate::html::Crumb;
use crate::pages::PageResult;
use crate::session::Staff;
use crate::urls;
use crate::views::policy::node_label;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::Form;
use hoshin_app::plan_weights::{fmt, page, parse_inputs, set_weights, WeightInput};
use hoshin_app::App;
use hoshin_domain::*;
use maud::html;
use serde::Deserialize;

#[derive(Debug, Deserialize, Default)]
pub struct Saved {
    pub saved: Option<usize>,
}

fn here(plan: PlanId) -> String {
    format!("/manage/plans/{plan}/weights")
}

/// The organization's plans, each with its weights page.
pub async fn list(State(app): State<App>, Staff(su): Staff) -> PageResult {
    let plans = hoshin_app::plan_weights::plans(&app, &actor(&su), su.user.org_id).await?;
    let title = "計画の進捗の重み付け";
    let body = html! {
        h1 { (title) }
        p.lead {
            "公開ページの計画体系では、施策に付いた指標の達成度と、結び付いた取組の進捗率を上位の項目へ積み上げて表示します。"
            "各項目の重み（既定は1）を計画ごとに設定できます。"
        }
        @if plans.is_empty() {
            p.muted { "計画はまだ登録されていません。" }
        } @else {
            ul { @for p in &plans { li { a href=(here(p.id)) { (p.title) } " " span.muted { "（" (p.kind.label()) "）" } } } }
        }
    };
    Ok(layout(title, &su, &crumbs(vec![Crumb::here(title)]), body))
}

pub async fn show(
    State(app): State<App>,
    Staff(su): Staff,
    Path(plan): Path<i64>,
    Query(q): Query<Saved>,
) -> PageResult {
    let w = page(&app, &actor(&su), PlanId(plan), app.today()).await?;
    let editable = su.user.role.plans();
    let title = format!("進捗の重み付け：{}", w.plan.title);
    let year = w.progress.year;
    let body = html! {
        h1 { (title) }
        p.lead {
            "項目の進捗は、その項目の指標と取組（まとめて1つ）と、下位の各項目を重みで加重平均したものです。"
            "重み0の項目は上位の計算に入りません。測定値のない項目は上位の計算から除きます。"
        }
        p { a href=(urls::plan(w.plan.id)) { "公開ページの計画体系を見る" } }
        @if let Some(s) = q.saved {
            p.notice role="status" { "重みを保存しました（" (s) "件を変更）。" }
        }
        @if !editable {
            p.notice role="status" { "重みの設定は企画担当が行います。閲覧のみできます。" }
        }
        @if w.nodes.is_empty() {
            p.muted { "この計画の項目は登録されていません。" }
        } @else {
            form.weights method="post" action=(here(w.plan.id)) {
                (csrf_field(&su))
                table {
                    caption {
                        (w.plan.title) "の項目と重み"
                        @if let Some(y) = year { "（進捗は" (y.label()) "）" }
                    }
                    (column_heads(&["項目", "重み", "進捗"]))
                    tbody {
                        @for (n, depth) in &w.nodes {
                            @let weight = w.weights.get(&n.id).copied().unwrap_or(1.0);
                            @let id = format!("w-{}", n.id);
                            tr {
                                th scope="row" style={ "padding-left:" (depth + 1) "em" } {
                                    label for=(id) { (node_label(n)) }
                                    @if !n.kind_label.is_empty() { " " span.muted { "（" (n.kind_label) "）" } }
                                }
                                td {
                                    input type="hidden" name={ "shown_" (n.id) } value=(fmt(weight));
                                    @if editable {
                                        input #(id) type="text" inputmode="decimal" size="5" name={ "weight_" (n.id) } value=(fmt(weight));
                                    } @else {
                                        span #(id) { (fmt(weight)) }
                                    }
                                }
                                td {
                                    @match w.progress.nodes.get(&n.id).and_then(|r| r.percent().map(|p| (p, r.measures))) {
                                        Some((p, k)) => { (p) "%" span.muted { "（" (k) "件）" } }
                                        None => { span.muted { "測定なし" } }
                                    }
                                }
                            }
                        }
                    }
                }
                @if editable { p { button type="submit" { "重みを保存する" } } }
            }
        }
    };
    let crumbs = crumbs(vec![Crumb::link("計画の進捗の重み付け", "/manage/plans"), Crumb::here(w.plan.title.clone())]);
    Ok(layout(&title, &su, &crumbs, body))
}

pub async fn submit(
    State(app): State<App>,
    Staff(su): Staff,
    Path(plan): Path<i64>,
    Form(f): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let shown = |id: i64| f.iter().find(|(k, _)| *k == format!("shown_{id}")).map(|(_, v)| v.clone());
    let inputs: Vec<WeightInput> = f
        .iter()
        .filter_map(|(k, v)| {
            let id = k.strip_prefix("weight_")?.parse::<i64>().ok()?;
            Some(WeightInput { node: NodeId(id), shown: shown(id).unwrap_or_else(|| "1".into()), weight: v.clone() })
        })
        .collect();
    let entries = parse_inputs(&app, PlanId(plan), &inputs).await?;
    let saved = set_weights(&app, &actor(&su), PlanId(plan), &entries).await?;
    Ok(see_other(&format!("{}?saved={saved}", here(PlanId(plan)))))
}
