//! The planning dashboard (`/manage`, `/manage/{year}`: where each department's policy stands,
//! KPIs behind, milestones overdue) and the cycle page (`/manage/cycle`: open a year, deadlines).

use super::{actor, column_heads, crumbs, csrf_field, layout, see_other};
use crate::error::WebError;
use crate::html::Crumb;
use crate::pages::{parse_year, PageResult};
use crate::session::Staff;
use crate::urls;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Form;
use hoshin_app::accounts::SessionUser;
use hoshin_app::cycle::{open_year as open_cycle, set_deadlines, OpenYear};
use hoshin_app::dashboard::{dashboard, wareki_date, wareki_time, Dashboard};
use hoshin_app::{App, AppError};
use hoshin_domain::*;
use maud::{html, Markup};
use serde::Deserialize;
use std::collections::HashMap;

/// `GET /manage`: the latest opened year's dashboard, or a prompt to open one.
pub async fn home(State(app): State<App>, Staff(su): Staff) -> PageResult {
    let org = su.user.org_id;
    // The current fiscal year when it is open, else the latest opened one.
    let years: Vec<FiscalYear> =
        hoshin_app::cycle::cycles(&app, org).await?.into_iter().map(|c| c.fiscal_year).collect();
    let current = current_fiscal_year(app.today());
    let shown = years.iter().copied().find(|y| y.year() == current).or_else(|| years.iter().copied().max());
    match shown {
        Some(year) => render_year(&app, &su, year).await,
        None => {
            let body = html! {
                h1 { "ダッシュボード" }
                p { "まだ年度が開始されていません。" }
                @if su.user.role.plans() {
                    p { a href="/manage/cycle" { "年度の設定で新しい年度を開始する" } }
                } @else {
                    p { "年度の開始は企画担当（経営企画課）が行います。" }
                }
            };
            Ok(layout("ダッシュボード", &su, &crumbs(vec![]), body))
        }
    }
}

/// `GET /manage/{year}`.
pub async fn year(State(app): State<App>, Staff(su): Staff, Path(year): Path<String>) -> PageResult {
    let year = parse_year(&year)?;
    render_year(&app, &su, year).await
}

fn due_text(d: &Option<Day>) -> String {
    d.map_or_else(|| "未設定".to_string(), Day::label)
}

async fn render_year(app: &App, su: &SessionUser, year: FiscalYear) -> PageResult {
    let today = app.today();
    let d = dashboard(app, &actor(su), su.user.org_id, year, today).await?;
    let ev = hoshin_app::stages::year_evaluations(app, su.user.org_id, year).await?;
    let lock = ev.lock.as_ref().map(|l| {
        let who = l.locked_by.and_then(|u| ev.authors.get(&u)).cloned().unwrap_or_default();
        (l.locked_at, who)
    });
    let depts: HashMap<DepartmentId, String> =
        hoshin_app::setup::departments(app, su.user.org_id).await?.into_iter().map(|d| (d.id, d.name)).collect();
    let title = format!("ダッシュボード {}", year.label());
    let mut years: Vec<FiscalYear> =
        hoshin_app::cycle::cycles(app, su.user.org_id).await?.into_iter().map(|c| c.fiscal_year).collect();
    years.sort();
    let body = html! {
        h1 { (title) }
        p { "今日：" (today.label()) }
        @if let Some(status) = super::year_publishing::status_text(d.cycle.as_ref()) {
            p.year-status {
                "公開状況：" strong { (status) }
                @if su.user.role.plans() {
                    " " a href=(hoshin_app::year_publishing::page_path(year)) { "年度の公開（まとめて承認・公開）" }
                }
            }
        }
        (crate::pages::year_nav(&years, year, |y| format!("/manage/{}", y.year())))
        (deadlines_section(&d))
        (crate::manage::evaluations::lock_section(su, year, lock))
        (departments_table(su, &d))
        (behind(&d))
        (milestones(&d, &depts))
    };
    Ok(layout(&title, su, &crumbs(vec![Crumb::here(year.label())]), body))
}

fn deadlines_section(d: &Dashboard) -> Markup {
    html! {
        section aria-labelledby="deadlines" {
            h2 #deadlines { "期限" }
            @match &d.cycle {
                Some(c) => dl.deadlines {
                    dt { "部局運営方針" } dd { (due_text(&c.policy_due)) }
                    dt { "中間報告" } dd { (due_text(&c.midyear_due)) }
                    dt { "年度末の振り返り" } dd { (due_text(&c.yearend_due)) }
                },
                None => p { (d.year.label()) "はまだ開始されていません。" },
            }
        }
    }
}

fn departments_table(su: &SessionUser, d: &Dashboard) -> Markup {
    let editor = su.user.role == Role::Editor;
    html! {
        section aria-labelledby="departments" {
            h2 #departments { "部局の状況" }
            table.dashboard {
                caption { (d.year.label()) "の部局運営方針" }
                (column_heads(&["部局", "状態", "最終更新", "提出日", "注意"]))
                tbody {
                    @for row in &d.rows {
                        @let mine = editor && su.user.departments.contains(&row.department.id);
                        tr class=[mine.then_some("mine")] {
                            th scope="row" {
                                a href={ "/manage/" (d.year.year()) "/departments/" (row.department.id) } {
                                    (row.department.name)
                                }
                                @if mine { " " span.tag.mine { "担当" } }
                            }
                            td {
                                @match &row.revision {
                                    Some(r) => (r.state.label()),
                                    None => "未作成",
                                }
                                // The latest return's reason, where the editor looks first (issue 15).
                                @if let Some(c) = row.revision.as_ref().filter(|r| r.state == RevisionState::Returned).and_then(|r| r.comment.as_deref()) {
                                    div.return-reason {
                                        span.muted { "差戻しの理由：" }
                                        (crate::html::paragraphs(c))
                                    }
                                }
                            }
                            td { @if let Some(r) = &row.revision { (wareki_time(r.meta.updated_at)) } }
                            td { @if let Some(ms) = row.revision.as_ref().and_then(|r| r.submitted_at) { (wareki_time(ms)) } }
                            td {
                                @if row.overdue { span.flag.overdue { "期限超過" } " " }
                                @if row.not_submitted { span.flag.not-submitted { "未提出" } " " }
                                @if row.midyear_missing > 0 {
                                    span.flag.yearend { "中間報告未記入 " (row.midyear_missing) "件" }
                                }
                                @if row.yearend_missing > 0 {
                                    span.flag.yearend { "年度末の実績未記入 " (row.yearend_missing) "件" }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn behind(d: &Dashboard) -> Markup {
    html! {
        section aria-labelledby="behind" {
            h2 #behind { "遅れている指標" }
            p { a href={ "/manage/" (d.year.year()) "/indicators" } { "計画の指標の実績を入力・確認する" } }
            @if d.behind_total == 0 {
                p { "目標に対して遅れている指標はありません。" }
            } @else {
                p { (d.behind_total) "件" @if d.behind_total > d.behind.len() { "（先頭" (d.behind.len()) "件を表示）" } }
                ul {
                    @for k in &d.behind {
                        li {
                            a href=(urls::indicator(k.id)) { (k.name) }
                            @match k.owner {
                                Some(IndicatorOwner::Initiative(i)) => { "（" a href=(urls::initiative(i)) { "取組" } "）" },
                                Some(IndicatorOwner::Node(n)) => { "（" a href=(urls::node(n)) { "施策" } "）" },
                                None => {},
                            }
                        }
                    }
                }
            }
        }
    }
}

fn milestones(d: &Dashboard, depts: &HashMap<DepartmentId, String>) -> Markup {
    html! {
        section aria-labelledby="milestones" {
            h2 #milestones { "期限を過ぎた予定" }
            @if d.overdue_total == 0 {
                p { "期限を過ぎて完了していない予定はありません。" }
            } @else {
                table {
                    caption {
                        "期限を過ぎ、進捗率が100%になっていない予定（" (d.overdue_total) "件"
                        @if d.overdue_total > d.overdue_milestones.len() { "、先頭" (d.overdue_milestones.len()) "件を表示" }
                        "）"
                    }
                    (column_heads(&["期限", "予定", "取組", "部局"]))
                    tbody {
                        @for m in &d.overdue_milestones {
                            tr {
                                td { (wareki_date(&m.due)) }
                                td { (m.text) }
                                td { a href=(urls::initiative(m.initiative)) { (m.initiative_name) } }
                                td { @if let Some(n) = m.department_id.and_then(|id| depts.get(&id)) { (n) } }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// `GET /manage/cycle` (planning and admins).
pub async fn cycle(State(app): State<App>, Staff(su): Staff) -> PageResult {
    let org = su.user.org_id;
    let hoshin_app::cycle::CycleSettings { cycles, base_themes, themes: year_themes, .. } =
        hoshin_app::cycle::settings(&app, &actor(&su), org).await?;
    // Only the current and the next fiscal year can be opened: suggest the first not yet open.
    let today = app.today();
    let current = current_fiscal_year(today);
    let label = |y: u16| FiscalYear::new(i64::from(y)).map_or_else(|_| format!("{y}年度"), |f| f.label());
    let next = [current, current + 1].into_iter().find(|y| !cycles.iter().any(|c| c.fiscal_year.year() == *y));
    let themes = base_themes.join("\n");
    let periods = hoshin_app::periods::periods(&app, org).await?;
    let body = html! {
        h1 { "年度の設定" }
        section aria-labelledby="opened" {
            h2 #opened { "開始済みの年度" }
            @if cycles.is_empty() { p { "まだ開始した年度はありません。" } }
            @for c in &cycles {
                @let y = c.fiscal_year.year();
                section.cycle {
                    h3 { a href={ "/manage/" (y) } { (c.fiscal_year.label()) } }
                    form method="post" action={ "/manage/" (y) "/deadlines" } {
                        (csrf_field(&su))
                        input type="hidden" name="version" value=(c.meta.version);
                        (date_input(&format!("policy_due-{y}"), "policy_due", "部局運営方針の期限", &c.policy_due))
                        (date_input(&format!("midyear_due-{y}"), "midyear_due", "中間報告の期限", &c.midyear_due))
                        (date_input(&format!("yearend_due-{y}"), "yearend_due", "年度末振り返りの期限", &c.yearend_due))
                        button type="submit" { "期限を保存" }
                    }
                    @let list = year_themes.iter().find(|(fy, _)| *fy == c.fiscal_year).map(|(_, l)| l.as_slice()).unwrap_or_default();
                    (themes_form(&su, c, list, today))
                }
            }
        }
        section aria-labelledby="open" {
            h2 #open { "新しい年度を開始する" }
            form method="post" action="/manage/cycle" {
                (csrf_field(&su))
                p {
                    label for="year" { "年度（西暦または和暦）" }
                    input #year type="text" name="year" required value=[next] aria-describedby="year-hint";
                }
                p #year-hint .hint {
                    "開始できるのは今年度（" (label(current)) "）と翌年度（" (label(current + 1)) "）です。"
                    "過去の年度の公開内容を直すときは、各部局のページの「編集を開始」から改訂します。"
                }
                p {
                    label for="themes" { "重点項目（1行に1つ）" }
                    textarea #themes name="themes" rows="6" { (themes) }
                }
                (date_input("policy_due", "policy_due", "部局運営方針の期限", &None))
                (date_input("midyear_due", "midyear_due", "中間報告の期限", &None))
                (date_input("yearend_due", "yearend_due", "年度末振り返りの期限", &None))
                p {
                    input #copy_forward type="checkbox" name="copy_forward" value="on" checked;
                    label for="copy_forward" { "前年度の方針と取組を引き継ぐ" }
                }
                button type="submit" { "年度を開始する" }
            }
        }
        (super::periods::list_section(&su, &periods))
    };
    Ok(layout("年度の設定", &su, &crumbs(vec![Crumb::here("年度の設定")]), body))
}

/// A year's 重点項目: rename, reorder, remove, add — until the policy deadline, public ones read-only.
fn themes_form(su: &SessionUser, c: &FiscalCycle, list: &[(PriorityTheme, bool)], today: Day) -> Markup {
    let y = c.fiscal_year.year();
    let open = hoshin_app::cycle::themes_editable(c, today);
    html! {
        h4 { "重点項目" }
        @if !open {
            p.muted { "部局運営方針の期限（" (c.policy_due.map(Day::label).unwrap_or_default()) "）を過ぎたため、重点項目は変更できません。" }
            ol { @for (t, _) in list { li { (t.name) } } }
        } @else {
            form.edit method="post" action={ "/manage/" (y) "/themes" } {
                (csrf_field(su))
                p.hint { "部局運営方針の期限まで変更できます。公開済みの重点項目は変更できません。" }
                @if list.is_empty() { p.muted { "まだ重点項目はありません。" } }
                table {
                    thead { tr { th scope="col" { "順" } th scope="col" { "名前" } th scope="col" { "削除" } } }
                    tbody {
                        @for (n, (t, public)) in list.iter().enumerate() {
                            @let id = |f: &str| format!("theme-{y}-{}-{f}", t.id);
                            tr {
                                td {
                                    // A public row is drawn read-only and not sent at all.
                                    @if !public { input type="hidden" name={ "version_" (t.id) } value=(t.meta.version); }
                                    label.visually-hidden for=(id("order")) { (t.name) "の順" }
                                    input id=(id("order")) type="number" name={ "order_" (t.id) } value=(n + 1) min="1" size="3" disabled[*public];
                                }
                                td {
                                    label.visually-hidden for=(id("name")) { "重点項目" (n + 1) "の名前" }
                                    input.wide id=(id("name")) type="text" name={ "name_" (t.id) } value=(t.name) maxlength="100" disabled[*public];
                                    @if *public { " " span.muted { "（公開済み）" } }
                                }
                                td {
                                    @if !public {
                                        input id=(id("remove")) type="checkbox" name={ "remove_" (t.id) } value="on";
                                        label for=(id("remove")) { "削除" }
                                    }
                                }
                            }
                        }
                    }
                }
                p {
                    label for={ "themes-new-" (y) } { "追加する重点項目（1行に1つ）" }
                    textarea id={ "themes-new-" (y) } name="added" rows="2" {}
                }
                button type="submit" { "重点項目を保存" }
            }
        }
    }
}

fn date_input(id: &str, name: &str, label: &str, value: &Option<Day>) -> Markup {
    html! {
        p {
            label for=(id) { (label) }
            input id=(id) type="date" name=(name) value=[value.map(Day::iso)];
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct OpenForm {
    year: String,
    #[serde(default)]
    themes: String,
    #[serde(default)]
    policy_due: String,
    #[serde(default)]
    midyear_due: String,
    #[serde(default)]
    yearend_due: String,
    copy_forward: Option<String>,
}

/// The fiscal year (April to March) `today` falls in.
fn current_fiscal_year(today: Day) -> u16 {
    today.fiscal_year().map_or(2000, FiscalYear::year)
}

fn due(field: &str, s: &str) -> Result<Option<Day>, WebError> {
    let label = match field {
        "policy_due" => "部局運営方針の期限",
        "midyear_due" => "中間報告の期限",
        _ => "年度末振り返りの期限",
    };
    parse_due(s).map_err(|_| {
        WebError::App(AppError::invalid(
            field,
            format!("{label}：日付は2025-06-30または令和7年6月30日の形で入力してください（{s}）"),
        ))
    })
}

/// The three deadlines of a cycle form (each empty or a date), the rest left default.
fn deadlines_input(policy_due: &str, midyear_due: &str, yearend_due: &str) -> Result<OpenYear, WebError> {
    Ok(OpenYear {
        policy_due: due("policy_due", policy_due)?,
        midyear_due: due("midyear_due", midyear_due)?,
        yearend_due: due("yearend_due", yearend_due)?,
        ..OpenYear::default()
    })
}

/// `POST /manage/cycle`.
pub async fn open_year(
    State(app): State<App>,
    Staff(su): Staff,
    Form(f): Form<OpenForm>,
) -> Result<Response, WebError> {
    let year = FiscalYear::parse(f.year.trim())
        .map_err(|_| WebError::App(AppError::invalid("year", format!("年度として読めません：{}", f.year))))?;
    let input = OpenYear {
        themes: f.themes.lines().map(str::trim).filter(|t| !t.is_empty()).map(str::to_string).collect(),
        copy_forward: f.copy_forward.is_some(),
        ..deadlines_input(&f.policy_due, &f.midyear_due, &f.yearend_due)?
    };
    open_cycle(&app, &actor(&su), su.user.org_id, year, &input, app.today()).await?;
    Ok(see_other(&format!("/manage/{}", year.year())))
}

#[derive(Debug, Deserialize)]
pub struct DeadlinesForm {
    version: i64,
    #[serde(default)]
    policy_due: String,
    #[serde(default)]
    midyear_due: String,
    #[serde(default)]
    yearend_due: String,
}

/// `POST /manage/{year}/deadlines`.
pub async fn deadlines(
    State(app): State<App>,
    Staff(su): Staff,
    Path(year): Path<String>,
    Form(f): Form<DeadlinesForm>,
) -> Result<Response, WebError> {
    let year = parse_year(&year)?;
    let input = deadlines_input(&f.policy_due, &f.midyear_due, &f.yearend_due)?;
    set_deadlines(&app, &actor(&su), su.user.org_id, year, f.version, &input).await?;
    Ok(see_other(&format!("/manage/{}", year.year())))
}

/// `POST /manage/{year}/themes`: the year's 重点項目 form (every row at once).
pub async fn themes(
    State(app): State<App>,
    Staff(su): Staff,
    Path(year): Path<String>,
    Form(f): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let year = parse_year(&year)?;
    let get = |k: &str| f.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    let mut edits = Vec::new();
    for (k, v) in &f {
        let Some(id) = k.strip_prefix("version_").and_then(|i| i.parse::<i64>().ok()) else { continue };
        let version =
            v.trim().parse().map_err(|_| WebError::BadRequest("版番号（version）が正しくありません".into()))?;
        let order = match get(&format!("order_{id}")).map(str::trim).filter(|o| !o.is_empty()) {
            None => None,
            Some(o) => Some(hoshin_domain::text::nfkc(o).parse::<i32>().map_err(|_| {
                AppError::invalid(format!("order_{id}"), format!("順は数字で入力してください（「{o}」）"))
            })?),
        };
        edits.push(hoshin_app::cycle::ThemeEdit {
            id: ThemeId(id),
            version,
            name: get(&format!("name_{id}")).unwrap_or_default().to_string(),
            order,
            remove: get(&format!("remove_{id}")).is_some(),
        });
    }
    // Orders are positions in the list: sort by them (ties keep the form's order, the list's)
    // and number again, so "3" moves a row third.
    edits.sort_by_key(|e| e.order.unwrap_or(i32::MAX));
    for (n, e) in edits.iter_mut().enumerate() {
        if e.order.is_some() {
            e.order = Some(i32::try_from(n).unwrap_or(i32::MAX));
        }
    }
    let input = hoshin_app::cycle::ThemesInput {
        edits,
        added: get("added").unwrap_or_default().lines().map(str::to_string).collect(),
    };
    hoshin_app::cycle::set_themes(&app, &actor(&su), su.user.org_id, year, &input, app.today()).await?;
    Ok(see_other("/manage/cycle"))
}
