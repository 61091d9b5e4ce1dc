//! The year's publication (`/manage/{year}/publish`, planning staff and admins): every
//! top-level department with its latest revision's state; the submitted ones approved and the
//! approved ones published in bulk, each after a confirmation page (a GET: nothing is written)
//! that lists per department what changes on the public side. The confirm form carries each
//! revision's version; `app::year_publishing::run` refuses the whole batch when one changed
//! since, and this module answers that with a 409 page naming the departments.

use super::{actor, column_heads, crumbs, csrf_field, layout, see_other};
use crate::error::{keep_body, WebError};
use crate::html::Crumb;
use crate::pages::{parse_year, PageResult};
use crate::session::Staff;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Form;
use hoshin_app::accounts::SessionUser;
use hoshin_app::dashboard::wareki_time;
use hoshin_app::year_publishing::{
    confirm as plan_batch, page_path, run, year_publication, BulkStep, ChangeKind, Planned, PublicChanges, YearStatus,
};
use hoshin_app::{App, AppError};
use hoshin_domain::*;
use maud::{html, Markup};

type Fields = Vec<(String, String)>;

/// 「公開済み（令和8年4月1日）」 or 「未公開」 for a year opened in hoshin; `None` for a year
/// that was not (imported years are public as imported).
pub fn status_text(cycle: Option<&FiscalCycle>) -> Option<String> {
    cycle.map(|c| YearStatus::of(c).label())
}

fn page_crumbs(year: FiscalYear, here: &str) -> Vec<Crumb> {
    crumbs(vec![Crumb::link(year.label(), format!("/manage/{}", year.year())), Crumb::here(here)])
}

fn done_text(f: &Fields) -> Option<String> {
    let get = |k: &str| f.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    let step = BulkStep::parse(get("done")?)?;
    let n: usize = get("n")?.parse().ok()?;
    Some(format!("{n}部局の部局運営方針を{}しました。", step.label()))
}

/// `GET /manage/{year}/publish`.
pub async fn show(
    State(app): State<App>,
    Staff(su): Staff,
    Path(year): Path<String>,
    Query(q): Query<Fields>,
) -> PageResult {
    let year = parse_year(&year)?;
    let p = year_publication(&app, &actor(&su), su.user.org_id, year).await?;
    let title = format!("{}の公開", year.label());
    let y = year.year();
    let body = html! {
        h1 { (title) }
        @if let Some(done) = done_text(&q) { p.notice role="status" { (done) } }
        @match status_text(p.cycle.as_ref()) {
            None => p { (year.label()) "はまだ開始されていません。" a href="/manage/cycle" { "年度の設定" } "で開始してください。" },
            Some(status) => {
                p.year-status { "公開状況：" strong { (status) } }
                @if p.cycle.as_ref().is_some_and(|c| !c.is_published()) {
                    p {
                        "年度を公開するまで、この年度の部局運営方針は公開ページに表示されません。"
                        "承認済みの部局をまとめて公開すると、年度と重点項目が公開されます。"
                    }
                } @else {
                    p { "公開後に承認された部局の改訂も、ここからまとめて公開できます（各部局のページからも公開できます）。" }
                }
                table.dashboard {
                    caption { (year.label()) "の部局の状況" }
                    (column_heads(&["部局", "状態", "最終更新"]))
                    tbody {
                        @for row in &p.departments {
                            tr {
                                th scope="row" {
                                    a href={ "/manage/" (y) "/departments/" (row.department.id) } { (row.department.name) }
                                }
                                td { @match &row.latest { Some(r) => { (r.state.label()) " 第" (r.number) "版" }, None => "未作成" } }
                                td { @if let Some(r) = &row.latest { (wareki_time(r.meta.updated_at)) } }
                            }
                        }
                    }
                }
                (choose(&p, BulkStep::Approve))
                (choose(&p, BulkStep::Publish))
            }
        }
    };
    Ok(layout(&title, &su, &page_crumbs(year, "公開"), body))
}

/// The form choosing the departments for one bulk step (a GET to the confirmation).
fn choose(p: &hoshin_app::year_publishing::YearPublication, step: BulkStep) -> Markup {
    let rows: Vec<_> = p.in_state(step.from_state()).collect();
    let (heading, none) = match step {
        BulkStep::Approve => ("提出済みの部局をまとめて承認する", "承認を待っている部局はありません。"),
        BulkStep::Publish => ("承認済みの部局をまとめて公開する", "公開を待っている部局はありません。"),
    };
    let s = step.as_str();
    html! {
        section aria-labelledby={ "bulk-" (s) } {
            h2 id={ "bulk-" (s) } { (heading) }
            @if rows.is_empty() {
                p { (none) }
            } @else {
                form method="get" action={ (page_path(p.year)) "/confirm" } {
                    input type="hidden" name="step" value=(s);
                    fieldset {
                        legend { (step.label()) "する部局" }
                        @for (d, r) in &rows {
                            p {
                                input id={ (s) "-" (r.id) } type="checkbox" name="rev" value=(r.id) checked;
                                label for={ (s) "-" (r.id) } { (d.name) "（第" (r.number) "版）" }
                            }
                        }
                    }
                    button type="submit" { "選んだ部局の" (step.label()) "内容を確認する" }
                }
            }
        }
    }
}

/// `GET /manage/{year}/publish/confirm?step=…&rev=…`: what the step changes, per department.
pub async fn confirm(
    State(app): State<App>,
    Staff(su): Staff,
    Path(year): Path<String>,
    Query(q): Query<Fields>,
) -> PageResult {
    let year = parse_year(&year)?;
    let step = step_of(&q)?;
    let chosen = q
        .iter()
        .filter(|(k, _)| k == "rev")
        .map(|(_, v)| v.trim().parse().map(RevisionId))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| WebError::BadRequest("部局の指定が読めません".into()))?;
    let planned = plan_batch(&app, &actor(&su), su.user.org_id, year, step, &chosen).await?;
    let status = hoshin_app::year_publishing::year_status(&app, su.user.org_id, year).await?;
    let first = step == BulkStep::Publish && status == Some(YearStatus::Unpublished);
    let title = format!("{}の{}の確認", year.label(), step.label());
    let body = html! {
        h1 { (title) }
        p {
            (planned.len()) "部局の部局運営方針を" (step.label()) "します。"
            @match step {
                BulkStep::Approve => "承認しても公開ページは変わりません。公開したときに、次の内容が公開ページに反映されます。",
                BulkStep::Publish => "公開すると、次の内容が公開ページに反映されます。",
            }
        }
        @if first {
            p.notice { "この公開で" (year.label()) "が公開されます。年度の重点項目も公開ページに表示されます。" }
        }
        @for p in &planned { (planned_section(p)) }
        form method="post" action=(page_path(year)) {
            (csrf_field(&su))
            input type="hidden" name="step" value=(step.as_str());
            @for p in &planned {
                input type="hidden" name="rev" value={ (p.revision.id) ":" (p.revision.meta.version) };
            }
            button type="submit" { (planned.len()) "部局を" (step.label()) "する" }
            " "
            a href=(page_path(year)) { "やめて戻る" }
        }
    };
    Ok(layout(&title, &su, &page_crumbs(year, "確認"), body))
}

fn planned_section(p: &Planned) -> Markup {
    let c = &p.changes;
    html! {
        section.planned aria-labelledby={ "dept-" (p.department.id) } {
            h2 id={ "dept-" (p.department.id) } { (p.department.name) "（第" (p.revision.number) "版）" }
            @if c.is_empty() {
                p { "公開ページの内容は変わりません。" }
            } @else {
                p.summary { (summary(c)) }
                @if !c.initiatives.is_empty() || !c.indicators.is_empty() || !c.reviews.is_empty() {
                    table.changes {
                        caption { (p.department.name) "で公開ページが変わる項目" }
                        (column_heads(&["区分", "種類", "名称", "取組"]))
                        tbody {
                            @for ch in &c.initiatives {
                                tr { td { (ch.kind.label()) } td { "取組" } td { (ch.name) } td {} }
                            }
                            @for ch in &c.indicators {
                                tr {
                                    td { (ch.kind.label()) } td { "指標（KPI）" } td { (ch.name) }
                                    td { @if let Some(o) = &ch.of_initiative { (o) } }
                                }
                            }
                            @for ch in &c.reviews {
                                tr { td { (ch.kind.label()) } td { "振り返り" } td { "実績・課題・進捗率・判定" } td { (ch.name) } }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// 「取組：追加1件・変更2件／指標：削除1件」.
fn summary(c: &PublicChanges) -> String {
    let part = |kpis: bool, name: &str| -> Option<String> {
        let counts: Vec<String> = [ChangeKind::Added, ChangeKind::Changed, ChangeKind::Removed]
            .into_iter()
            .filter_map(|k| {
                let n = c.count(kpis, k);
                (n > 0).then(|| format!("{}{n}件", k.label()))
            })
            .collect();
        (!counts.is_empty()).then(|| format!("{name}：{}", counts.join("・")))
    };
    let mut parts: Vec<String> = [part(false, "取組"), part(true, "指標")].into_iter().flatten().collect();
    let reviews: Vec<String> = [ChangeKind::Added, ChangeKind::Changed]
        .into_iter()
        .filter_map(|k| {
            let n = c.reviews.iter().filter(|r| r.kind == k).count();
            (n > 0).then(|| format!("{}{n}件", k.label()))
        })
        .collect();
    if !reviews.is_empty() {
        parts.push(format!("振り返り：{}", reviews.join("・")));
    }
    if c.stance_changed {
        parts.push("基本的考え方：変更".to_string());
    }
    parts.join("／")
}

fn step_of(f: &Fields) -> Result<BulkStep, WebError> {
    f.iter()
        .find(|(k, _)| k == "step")
        .and_then(|(_, v)| BulkStep::parse(v))
        .ok_or_else(|| WebError::BadRequest("操作が読めません".into()))
}

/// `POST /manage/{year}/publish`: the confirmed batch (`step`, `rev` = id:version each).
pub async fn submit(
    State(app): State<App>,
    Staff(su): Staff,
    Path(year): Path<String>,
    Form(f): Form<Fields>,
) -> Result<Response, WebError> {
    let year = parse_year(&year)?;
    let step = step_of(&f)?;
    let confirmed = f
        .iter()
        .filter(|(k, _)| k == "rev")
        .map(|(_, v)| {
            let (id, version) = v.split_once(':')?;
            Some((RevisionId(id.trim().parse().ok()?), version.trim().parse().ok()?))
        })
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| WebError::BadRequest("部局の指定が読めません".into()))?;
    match run(&app, &actor(&su), su.user.org_id, year, step, &confirmed, app.today()).await {
        Ok(done) => Ok(see_other(&format!("{}?done={}&n={}", page_path(year), step.as_str(), done.departments.len()))),
        Err(AppError::Stale(message)) => Ok(stale(&su, year, &message)),
        Err(e) => Err(e.into()),
    }
}

/// The 409 page of a batch refused because a revision changed after the confirmation.
fn stale(su: &SessionUser, year: FiscalYear, message: &str) -> Response {
    let title = "確認した内容が変わっています";
    let body = html! {
        h1 { (title) }
        p.error role="alert" { (message) }
        p { a.button href=(page_path(year)) { "年度の公開ページで確認し直す" } }
    };
    keep_body((StatusCode::CONFLICT, layout(title, su, &page_crumbs(year, title), body)).into_response())
}
