//! Staged evaluations on the staff side (issue 15): `/manage/review-stages` (the
//! organization's stages; planning and admins edit the list, others read), the evaluation
//! form's post (`/manage/initiatives/{id}/evaluations`), the year's review lock
//! (`/manage/{year}/review-lock`), and the fragments the department page and the dashboard
//! show. Every write goes through `hoshin_app::stages`, which checks rights, order, the scale,
//! versions and the lock.

use super::{actor, column_heads, crumbs, csrf_field, layout, see_other};
use crate::error::WebError;
use crate::html::{paragraphs, Crumb};
use crate::pages::{parse_year, PageResult};
use crate::session::Staff;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Form;
use hoshin_app::accounts::SessionUser;
use hoshin_app::dashboard::wareki_time;
use hoshin_app::records::StageWriter;
use hoshin_app::stages::{
    list_text, may_write, save_stages, set_lock, stages, write_evaluation, writer_label, EvaluationInput,
    YearEvaluations, MAX_EVALUATION_CHARS,
};
use hoshin_app::App;
use hoshin_domain::*;
use maud::{html, Markup};

type Posted = Form<Vec<(String, String)>>;

fn field<'a>(f: &'a [(String, String)], name: &str) -> Option<&'a str> {
    f.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

fn who_writes(w: StageWriter) -> &'static str {
    match w {
        StageWriter::Department => "部局（部局担当・企画担当）",
        StageWriter::Planning => "企画（企画担当）",
    }
}

/// The stages page.
pub async fn show(State(app): State<App>, Staff(su): Staff) -> PageResult {
    hoshin_app::access::require_staff(&actor(&su), su.user.org_id)?;
    let list = stages(&app, su.user.org_id).await?;
    let plans = su.user.role.plans();
    let title = "評価の段階";
    let body = html! {
        h1 { (title) }
        p.lead { "取組の評価は、次の段階の順に記入します（前の段階が記入されてから次の段階を記入できます）。" }
        table {
            (column_heads(&["順", "段階", "記入する人"]))
            tbody {
                @for s in &list {
                    tr { td { (s.position) } th scope="row" { (s.name) } td { (who_writes(s.writer)) } }
                }
            }
        }
        @if plans {
            form.edit method="post" action="/manage/review-stages" {
                (csrf_field(&su))
                input type="hidden" name="drawn" value=(list_text(&list));
                p {
                    label for="stages" { "段階の一覧（1行に1段階、「名前 | 部局」または「名前 | 企画」）" }
                    textarea #stages name="stages" rows="8" { (list_text(&list)) }
                }
                p.muted { "名前を変えずに残した段階は、記入済みの評価とともに残ります。評価が記入された段階は削除できません。" }
                p { button type="submit" { "評価の段階を保存する" } }
            }
        }
    };
    Ok(layout(title, &su, &crumbs(vec![Crumb::here(title)]), body))
}

pub async fn save(State(app): State<App>, Staff(su): Staff, Form(f): Posted) -> Result<Response, WebError> {
    let drawn = field(&f, "drawn").unwrap_or_default();
    let text = field(&f, "stages").unwrap_or_default();
    save_stages(&app, &actor(&su), su.user.org_id, drawn, text).await?;
    Ok(see_other("/manage/review-stages"))
}

/// A path of the staff pages to go back to (else the dashboard).
fn back_to(f: &[(String, String)]) -> String {
    match field(f, "back") {
        Some(b)
            if b.starts_with("/manage/") && !b.contains("//") && !b.chars().any(|c| c.is_control() || c == '\\') =>
        {
            b.to_string()
        }
        _ => "/manage".to_string(),
    }
}

pub async fn evaluate(
    State(app): State<App>,
    Staff(su): Staff,
    Path(id): Path<i64>,
    Form(f): Posted,
) -> Result<Response, WebError> {
    let year = parse_year(field(&f, "year").unwrap_or_default())?;
    let bad = |what: &str| WebError::BadRequest(format!("{what}の指定が正しくありません"));
    let position = field(&f, "position").and_then(|p| p.trim().parse().ok()).ok_or_else(|| bad("段階"))?;
    let version = match field(&f, "version").map(str::trim).filter(|v| !v.is_empty()) {
        Some(v) => Some(v.parse().map_err(|_| bad("版番号"))?),
        None => None,
    };
    let input = EvaluationInput {
        position,
        stage_name: field(&f, "stage_name").unwrap_or_default().to_string(),
        version,
        judgement: field(&f, "judgement").map(str::to_string),
        comment: field(&f, "comment").map(str::to_string),
    };
    write_evaluation(&app, &actor(&su), InitiativeId(id), year, &input).await?;
    Ok(see_other(&format!("{}#eval-{id}", back_to(&f))))
}

pub async fn lock(
    State(app): State<App>,
    Staff(su): Staff,
    Path(year): Path<String>,
    Form(f): Posted,
) -> Result<Response, WebError> {
    let year = parse_year(&year)?;
    let locked = match field(&f, "action") {
        Some("lock") => true,
        Some("unlock") => false,
        _ => return Err(WebError::BadRequest("操作（lock / unlock）を指定してください".into())),
    };
    set_lock(&app, &actor(&su), su.user.org_id, year, locked).await?;
    Ok(see_other(&format!("/manage/{}#review-lock", year.year())))
}

/// The dashboard's section: whether the year's review is locked, and planning's button.
pub fn lock_section(su: &SessionUser, year: FiscalYear, lock: Option<(i64, String)>) -> Markup {
    html! {
        section #review-lock aria-labelledby="review-lock-h" {
            h2 #review-lock-h { "評価のロック" }
            @match &lock {
                Some((at, who)) => p { strong { (year.label()) "の評価はロックされています" } "（" (wareki_time(*at)) " " (who) "）。評価・コメント・実績値・振り返りは変更できません。" },
                None => p { (year.label()) "の評価とコメントは記入できます。" },
            }
            @if su.user.role.plans() {
                form.step method="post" action={ "/manage/" (year.year()) "/review-lock" } {
                    (csrf_field(su))
                    input type="hidden" name="action" value=(if lock.is_some() { "unlock" } else { "lock" });
                    button type="submit" { @if lock.is_some() { "ロックを解除する" } @else { "この年度の評価をロックする" } }
                }
            }
            p { a href="/manage/review-stages" { "評価の段階を見る・編集する" } }
        }
    }
}

/// One published initiative's staged evaluations on the department's page: each stage with its
/// judgement and comment, and a form for each stage the user may write now.
pub(crate) fn initiative_section(
    su: &SessionUser,
    ev: &YearEvaluations,
    live: InitiativeId,
    dept: &Department,
    year: FiscalYear,
    back: &str,
) -> Markup {
    let locked = ev.lock.is_some();
    html! {
        div.evaluations id={ "eval-" (live) } {
            table.evaluations {
                caption { (year.label()) "の段階評価" }
                (column_heads(&["段階", "判定", "コメント", "記入"]))
                tbody {
                    @for s in &ev.stages {
                        @let e = ev.of(live, s.id);
                        tr {
                            th scope="row" { (s.name) br; span.muted { (writer_label(s.writer)) } }
                            td { @match e.and_then(|e| e.judgement.as_deref()) { Some(j) => { (crate::views::status::judgement(j)) }, None => { "－" } } }
                            td { @match e.and_then(|e| e.comment.as_deref()) { Some(c) => { (paragraphs(c)) }, None => { "－" } } }
                            td {
                                @if let Some(e) = e {
                                    (wareki_time(e.meta.updated_at))
                                    @if let Some(n) = e.author_id.and_then(|a| ev.authors.get(&a)) { br; (n) }
                                }
                            }
                        }
                    }
                }
            }
            @if locked {
                p.muted { (year.label()) "の評価はロックされています。" }
            } @else {
                @for s in ev.stages.iter().filter(|s| may_write(&su.user, Some(dept), dept.org_id, s.writer) && ev.earlier_done(live, s.position)) {
                    @let e = ev.of(live, s.id);
                    @let fid = format!("ev-{live}-{}", s.position);
                    details.evaluate {
                        summary { "「" (s.name) "」を" @if e.is_some() { "修正する" } @else { "記入する" } }
                        form.edit method="post" action={ "/manage/initiatives/" (live) "/evaluations" } {
                            (csrf_field(su))
                            input type="hidden" name="year" value=(year.year());
                            input type="hidden" name="position" value=(s.position);
                            input type="hidden" name="stage_name" value=(s.name);
                            input type="hidden" name="version" value=(e.map(|e| e.meta.version.to_string()).unwrap_or_default());
                            input type="hidden" name="back" value=(back);
                            @let current = e.and_then(|e| e.judgement.clone()).unwrap_or_default();
                            p {
                                label for={ (fid) "-j" } { "判定" }
                                @if ev.judgements.is_empty() {
                                    input id={ (fid) "-j" } type="text" name="judgement" value=(current);
                                } @else {
                                    select id={ (fid) "-j" } name="judgement" {
                                        option value="" selected[current.is_empty()] { "（判定なし）" }
                                        @for j in &ev.judgements { option value=(j) selected[*j == current] { (j) } }
                                    }
                                }
                            }
                            p {
                                label for={ (fid) "-c" } { "コメント" }
                                textarea id={ (fid) "-c" } name="comment" rows="3" maxlength=(MAX_EVALUATION_CHARS) {
                                    (e.and_then(|e| e.comment.as_deref()).unwrap_or_default())
                                }
                            }
                            button type="submit" { "「" (s.name) "」を保存する" }
                        }
                    }
                }
            }
        }
    }
}
