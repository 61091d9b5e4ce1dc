//! A department's policy for a year on the staff side (`/manage/{year}/departments/{dept}`)
//! and every edit of its open revision: the stance, initiatives (add, edit, move, delete),
//! their KPIs and reviews, and the workflow steps (submit, return, approve, publish). Each
//! post parses its form here, calls the app use case (which checks rights, state and
//! versions) and answers 303 back to the page; a lost optimistic-lock race on an edit shows
//! the [`super::conflict`] page with both versions.

pub(crate) mod comments;
pub(crate) mod confirm;
mod edit;
pub(crate) mod forms;
mod page;
mod quality;
mod since_return;

use super::{actor, conflict, see_other};
use crate::error::WebError;
use crate::pages::{department_of, parse_year, PageResult};
use crate::session::Staff;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Form;
use forms::Fields;
use hoshin_app::access::require_staff;
use hoshin_app::accounts::SessionUser;
use hoshin_app::{editing, workflow, App, AppError};
use hoshin_domain::*;

/// The department's page for the year.
pub(crate) fn page_url(year: FiscalYear, dept: DepartmentId) -> String {
    format!("/manage/{}/departments/{dept}", year.year())
}

/// The edit form of one initiative of a revision.
pub(crate) fn edit_url(rev: RevisionId, id: InitiativeId) -> String {
    format!("/manage/revisions/{rev}/initiatives/{id}")
}

/// A revision with its department, 404 unless it belongs to the user's organization.
pub(crate) async fn load(app: &App, su: &SessionUser, rev: i64) -> Result<(PolicyRevision, Department), WebError> {
    let s = editing::staff_scope(app, &actor(su), su.user.org_id, RevisionId(rev)).await?;
    Ok((s.revision, s.department))
}

/// An initiative that must be a draft row of `rev` (else 404).
async fn draft_initiative(app: &App, rev: RevisionId, id: i64) -> Result<Initiative, WebError> {
    Ok(editing::draft_row(app, rev, InitiativeId(id)).await?)
}

/// A KPI that must be a draft row of `rev` (else 404).
async fn draft_indicator(app: &App, rev: RevisionId, id: i64) -> Result<Indicator, WebError> {
    Ok(editing::draft_indicator(app, rev, IndicatorId(id)).await?)
}

/// A form posted on a revision's page, its keys repeated in the order sent.
type Posted = Form<Vec<(String, String)>>;

/// What every post on a revision starts from: its form fields, and the revision with its
/// department once [`load`] has checked them.
async fn posted(
    app: &App,
    su: &SessionUser,
    rev: i64,
    Form(f): Posted,
) -> Result<(Fields, PolicyRevision, Department), WebError> {
    let (r, d) = load(app, su, rev).await?;
    Ok((Fields(f), r, d))
}

/// The department's page of the revision, at `anchor`.
fn page_at(r: &PolicyRevision, anchor: &str) -> String {
    format!("{}#{anchor}", page_url(r.fiscal_year, r.department_id))
}

/// The edit form of an initiative of the revision, at `anchor`.
fn edit_at(r: &PolicyRevision, id: InitiativeId, anchor: &str) -> String {
    format!("{}#{anchor}", edit_url(r.id, id))
}

/// Whether a save lost an optimistic-lock race (`Ok(true)`: answer with the conflict page);
/// `Ok(false)` when it went through; any other error is passed on.
fn lost_race<T>(saved: Result<T, AppError>) -> Result<bool, WebError> {
    match saved {
        Ok(_) => Ok(false),
        Err(e) if e.is_conflict() => Ok(true),
        Err(e) => Err(e.into()),
    }
}

pub async fn show(State(app): State<App>, Staff(su): Staff, Path((year, dept)): Path<(String, i64)>) -> PageResult {
    let year = parse_year(&year)?;
    let dept = department_of(&app, su.user.org_id, dept).await?;
    require_staff(&actor(&su), dept.org_id)?;
    page::render(&app, &su, &dept, year).await
}

pub async fn revise(
    State(app): State<App>,
    Staff(su): Staff,
    Path((year, dept)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    let year = parse_year(&year)?;
    let dept = department_of(&app, su.user.org_id, dept).await?;
    editing::open_revision(&app, &actor(&su), dept.id, year).await?;
    Ok(see_other(&page_url(year, dept.id)))
}

pub async fn stance(
    State(app): State<App>,
    Staff(su): Staff,
    Path(rev): Path<i64>,
    form: Posted,
) -> Result<Response, WebError> {
    let (f, r, d) = posted(&app, &su, rev, form).await?;
    let stance = f.get("stance").unwrap_or_default().to_string();
    let notes = f.text("notes");
    let back = page_at(&r, "stance");
    if !lost_race(editing::save_stance(&app, &actor(&su), r.id, f.version()?, &stance, notes.clone()).await)? {
        return Ok(see_other(&back));
    }
    let now = editing::stored::revision(&app, r.id).await?;
    let rows = |s: &str, n: Option<&str>| {
        vec![("基本的考え方", s.trim().to_string()), ("備考", n.unwrap_or_default().trim().to_string())]
    };
    Ok(conflict::page(
        &su,
        "保存できませんでした（基本的考え方）",
        &format!("{}の基本的考え方", d.name),
        conflict::last_change(&app, "policy_revisions", r.id.0).await?,
        rows(&stance, notes.as_deref()),
        rows(&now.stance, now.notes.as_deref()),
        &back,
    ))
}

pub async fn add_initiative(
    State(app): State<App>,
    Staff(su): Staff,
    Path(rev): Path<i64>,
    form: Posted,
) -> Result<Response, WebError> {
    let (f, r, _) = posted(&app, &su, rev, form).await?;
    let input = forms::initiative_input(&f)?;
    let id = editing::add_initiative(&app, &actor(&su), r.id, &input).await?;
    Ok(see_other(&page_at(&r, &format!("i-{id}"))))
}

pub async fn edit_initiative(
    State(app): State<App>,
    Staff(su): Staff,
    Path((rev, id)): Path<(i64, i64)>,
) -> PageResult {
    let (r, d) = load(&app, &su, rev).await?;
    let i = draft_initiative(&app, r.id, id).await?;
    edit::render(&app, &su, &r, &d, &i).await
}

pub async fn save_initiative(
    State(app): State<App>,
    Staff(su): Staff,
    Path((rev, id)): Path<(i64, i64)>,
    form: Posted,
) -> Result<Response, WebError> {
    let (f, r, d) = posted(&app, &su, rev, form).await?;
    let input = forms::initiative_input(&f)?;
    let id = InitiativeId(id);
    if !lost_race(editing::update_initiative(&app, &actor(&su), r.id, id, f.version()?, &input).await)? {
        return Ok(see_other(&page_at(&r, &format!("i-{id}"))));
    }
    let (now, themes, nodes) = editing::stored::initiative(&app, d.org_id, r.fiscal_year, id, &input.node_ids).await?;
    let theirs = forms::initiative_as_input(&now);
    Ok(conflict::page(
        &su,
        "保存できませんでした（取組）",
        &format!("取組「{}」", now.name),
        conflict::last_change(&app, "initiatives", id.0).await?,
        forms::initiative_rows(&input, &themes, &nodes),
        forms::initiative_rows(&theirs, &themes, &nodes),
        &edit_url(r.id, id),
    ))
}

pub async fn move_initiative(
    State(app): State<App>,
    Staff(su): Staff,
    Path((rev, id)): Path<(i64, i64)>,
    form: Posted,
) -> Result<Response, WebError> {
    let (f, r, _) = posted(&app, &su, rev, form).await?;
    let up = match f.get("direction") {
        Some("up") => true,
        Some("down") => false,
        _ => return Err(WebError::BadRequest("移動の方向（up / down）を指定してください".into())),
    };
    editing::move_initiative(&app, &actor(&su), r.id, InitiativeId(id), f.version()?, up).await?;
    Ok(see_other(&page_at(&r, &format!("i-{id}"))))
}

pub async fn delete_initiative(
    State(app): State<App>,
    Staff(su): Staff,
    Path((rev, id)): Path<(i64, i64)>,
    form: Posted,
) -> Result<Response, WebError> {
    let (f, r, _) = posted(&app, &su, rev, form).await?;
    editing::remove_initiative(&app, &actor(&su), r.id, InitiativeId(id), f.version()?).await?;
    Ok(see_other(&page_at(&r, "initiatives")))
}

pub async fn add_indicator(
    State(app): State<App>,
    Staff(su): Staff,
    Path((rev, id)): Path<(i64, i64)>,
    form: Posted,
) -> Result<Response, WebError> {
    let (f, r, _) = posted(&app, &su, rev, form).await?;
    let input = forms::indicator_input(&f)?;
    let id = InitiativeId(id);
    let kpi = editing::add_indicator(&app, &actor(&su), r.id, id, &input).await?;
    Ok(see_other(&edit_at(&r, id, &format!("kpi-{kpi}"))))
}

/// The initiative a KPI of the revision belongs to.
fn owner_of(ind: &Indicator) -> Result<InitiativeId, WebError> {
    match ind.owner {
        Some(IndicatorOwner::Initiative(i)) => Ok(i),
        _ => Err(WebError::NotFound),
    }
}

pub async fn save_indicator(
    State(app): State<App>,
    Staff(su): Staff,
    Path((rev, id)): Path<(i64, i64)>,
    form: Posted,
) -> Result<Response, WebError> {
    let (f, r, _) = posted(&app, &su, rev, form).await?;
    let before = draft_indicator(&app, r.id, id).await?;
    let owner = owner_of(&before)?;
    let input = forms::indicator_input(&f)?;
    let back = edit_at(&r, owner, &format!("kpi-{id}"));
    if !lost_race(editing::update_indicator(&app, &actor(&su), r.id, before.id, f.version()?, &input).await)? {
        return Ok(see_other(&back));
    }
    let now = editing::stored::indicator(&app, before.id).await?;
    Ok(conflict::page(
        &su,
        "保存できませんでした（指標）",
        &format!("指標「{}」", now.name),
        conflict::last_change(&app, "indicators", now.id.0).await?,
        forms::indicator_rows(&input),
        forms::indicator_rows(&forms::indicator_as_input(&now)),
        &back,
    ))
}

pub async fn delete_indicator(
    State(app): State<App>,
    Staff(su): Staff,
    Path((rev, id)): Path<(i64, i64)>,
    form: Posted,
) -> Result<Response, WebError> {
    let (f, r, _) = posted(&app, &su, rev, form).await?;
    let before = draft_indicator(&app, r.id, id).await?;
    let owner = owner_of(&before)?;
    editing::remove_indicator(&app, &actor(&su), r.id, before.id, f.version()?).await?;
    Ok(see_other(&edit_at(&r, owner, "kpis")))
}

pub async fn save_review(
    State(app): State<App>,
    Staff(su): Staff,
    Path((rev, id)): Path<(i64, i64)>,
    form: Posted,
) -> Result<Response, WebError> {
    let (f, r, _) = posted(&app, &su, rev, form).await?;
    let (version, input) = forms::review_input(&f)?;
    let id = InitiativeId(id);
    let back = edit_at(&r, id, "review");
    if !lost_race(editing::save_review(&app, &actor(&su), r.id, id, version, &input).await)? {
        return Ok(see_other(&back));
    }
    let (now, name) = editing::stored::review(&app, id, r.fiscal_year).await?;
    let theirs = now.as_ref().map(forms::review_as_input).unwrap_or_default();
    let last = match &now {
        Some(review) => conflict::last_change(&app, "goal_reviews", review.id.0).await?,
        None => None,
    };
    Ok(conflict::page(
        &su,
        "保存できませんでした（振り返り）",
        &format!("取組「{name}」の{}の振り返り", r.fiscal_year.label()),
        last,
        forms::review_rows(&input),
        forms::review_rows(&theirs),
        &back,
    ))
}

pub async fn transition(
    State(app): State<App>,
    Staff(su): Staff,
    Path(rev): Path<i64>,
    form: Posted,
) -> Result<Response, WebError> {
    let (f, r, _) = posted(&app, &su, rev, form).await?;
    let step = forms::step(f.get("step").unwrap_or_default())?;
    let comment = f.text("comment");
    if step == Transition::Return && comment.is_none() {
        return Err(AppError::invalid("comment", "差戻しの理由を入力してください").into());
    }
    workflow::transition(&app, &actor(&su), r.id, f.version()?, step, comment.as_deref()).await?;
    Ok(see_other(&page_at(&r, "status")))
}
