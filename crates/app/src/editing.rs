//! Department editing: a department's policy for a year is changed through a revision
//! (see migrations/*/0002_editing.sql). Opening a revision copies the published record into
//! draft rows; the stance, initiatives (add, edit, reorder, remove), their KPIs, actuals and
//! reviews are then edited on those rows, each save one transaction with its audit row and
//! an optimistic-lock check. Nothing here touches what the public sees: that changes only
//! when the planning office publishes (see [`crate::workflow`]).

use crate::access::{require_department, Actor};
use crate::audit;
use crate::error::{AppError, Result};
use hoshin_domain::*;
use hoshin_store::{NewGoalReview, NewRemoval, Page, Read, RemovalKind, Store, Tx};

/// The most initiatives one department's policy may hold in a year.
pub const MAX_INITIATIVES: u32 = 2_000;

/// What an editor types for one initiative.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct InitiativeInput {
    pub name: String,
    pub summary: Option<String>,
    pub theme_id: Option<ThemeId>,
    pub node_ids: Vec<NodeId>,
    pub reform_perspectives: Vec<ReformPerspective>,
    pub reform_text: Option<String>,
    pub sdg_goals: Vec<SdgGoal>,
    pub milestones: Vec<Milestone>,
    /// 担当課: the revision's department or one of its sections; `None` keeps what it is (a new
    /// initiative: the department itself).
    pub section: Option<DepartmentId>,
    /// 当年度の取組 or 中期目標 (the two kinds a department policy holds); `None` keeps what it
    /// is (a new initiative: 当年度の取組).
    pub kind: Option<InitiativeKind>,
    /// 予算細事業コード, normalized ([`hoshin_domain::parse_budget_codes`]); `None` keeps the
    /// codes as they are (the workbook round trip does not carry them).
    pub budget_codes: Option<Vec<String>>,
}

impl InitiativeInput {
    /// What a stored initiative's form holds (the edit form, the workbook, the conflict page).
    pub fn of(i: &Initiative) -> Self {
        InitiativeInput {
            name: i.name.clone(),
            summary: i.summary.clone(),
            theme_id: i.theme_id,
            node_ids: i.node_ids.clone(),
            reform_perspectives: i.reform_perspectives.clone(),
            reform_text: i.reform_text.clone(),
            sdg_goals: i.sdg_goals.clone(),
            milestones: i.milestones.clone(),
            section: i.department_id,
            kind: Some(i.kind),
            // Read apart (they are rows of their own): `None` keeps them.
            budget_codes: None,
        }
    }
}

/// The kinds an editor may give an initiative of a department policy.
pub const EDITABLE_KINDS: [InitiativeKind; 2] = [InitiativeKind::Annual, InitiativeKind::MidTerm];

fn check_kind(kind: Option<InitiativeKind>) -> Result<()> {
    match kind {
        Some(k) if !EDITABLE_KINDS.contains(&k) => {
            Err(AppError::invalid("kind", "種別は「当年度の取組」か「中期目標」を選んでください"))
        }
        _ => Ok(()),
    }
}

/// What an editor types for one KPI of an initiative.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorInput {
    pub name: String,
    pub unit: Option<String>,
    pub direction: Direction,
    pub cumulative: bool,
    pub baseline: Option<String>,
    pub baseline_year: Option<FiscalYear>,
    pub target: Option<String>,
    pub target_year: Option<FiscalYear>,
    /// 年度別目標: the target of each year on the way, as written; `None` leaves them as they
    /// are (a form without the field, the workbook).
    pub yearly_targets: Option<Vec<(FiscalYear, String)>>,
}

impl IndicatorInput {
    /// What a stored KPI's form holds (its yearly targets are read apart: `None` here).
    pub fn of(k: &Indicator) -> Self {
        IndicatorInput {
            name: k.name.clone(),
            unit: k.unit.clone(),
            direction: k.direction,
            cumulative: k.cumulative,
            baseline: k.baseline.as_ref().map(|q| q.text.clone()),
            baseline_year: k.baseline_year,
            target: k.target.as_ref().map(|q| q.text.clone()),
            target_year: k.target_year,
            yearly_targets: None,
        }
    }
}

/// The yearly targets of each of `ids` (KPIs without any are left out), for their forms.
pub async fn yearly_targets(
    db: &(impl crate::ReadDb + ?Sized),
    ids: &[IndicatorId],
) -> Result<std::collections::HashMap<IndicatorId, IndicatorFacts>> {
    if ids.is_empty() {
        return Ok(std::collections::HashMap::new());
    }
    Ok(crate::db::read(db).indicator_facts(ids).await?.into_iter().collect())
}

/// A year-end (or mid-year) review of one initiative.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReviewInput {
    pub result: Option<String>,
    pub issues_next: Option<String>,
    pub progress: Option<u8>,
    pub judgement: Option<String>,
}

/// A revision with the department it belongs to, checked for the actor's rights.
#[derive(Debug, Clone)]
pub struct RevisionScope {
    pub revision: PolicyRevision,
    pub department: Department,
}

/// Loads a revision and checks that `actor` may write for its department.
pub async fn scope(r: &(impl crate::ReadDb + ?Sized), actor: &Actor, rev: RevisionId) -> Result<RevisionScope> {
    let r = crate::db::read(r);
    let revision = r.get_revision(rev).await?;
    let department = r.get_department(revision.department_id).await?;
    require_department(actor, &department)?;
    Ok(RevisionScope { revision, department })
}

/// A revision with its department for the staff pages of `org` (the user's organization):
/// a revision of another organization is not found; any staff of `org` may read it.
pub async fn staff_scope(
    db: &(impl crate::ReadDb + ?Sized),
    actor: &Actor,
    org: OrgId,
    rev: RevisionId,
) -> Result<RevisionScope> {
    let r = crate::db::read(db);
    let revision = r.get_revision(rev).await?;
    let department = r.get_department(revision.department_id).await?;
    if department.org_id != org {
        return Err(AppError::not_found("policy_revisions", rev.0));
    }
    crate::access::require_staff(actor, department.org_id)?;
    Ok(RevisionScope { revision, department })
}

/// A revision's draft rows: its initiatives and their KPIs.
pub async fn revision_rows(
    db: &(impl crate::ReadDb + ?Sized),
    rev: RevisionId,
) -> Result<(Vec<Initiative>, Vec<Indicator>)> {
    let r = crate::db::read(db);
    Ok((r.revision_initiatives(rev).await?, r.revision_indicators(rev).await?))
}

/// The KPIs of an initiative.
pub async fn initiative_indicators(db: &(impl crate::ReadDb + ?Sized), id: InitiativeId) -> Result<Vec<Indicator>> {
    Ok(crate::db::read(db).indicators_of(IndicatorOwner::Initiative(id)).await?)
}

/// As [`scope`], and the revision must still be editable (draft or returned); its row stays
/// locked until the transaction ends, so a submission cannot overtake the edit.
/// A 担当課 must be the revision's department or one of its sections.
async fn check_section(r: &dyn Read, dept: &Department, section: Option<DepartmentId>) -> Result<Option<DepartmentId>> {
    let Some(id) = section else { return Ok(None) };
    if family(r, dept).await?.contains(&id) {
        Ok(Some(id))
    } else {
        Err(AppError::invalid("section", format!("担当課は{}またはその課から選んでください", dept.name)))
    }
}

pub(crate) async fn editable_scope(tx: &dyn Tx, actor: &Actor, rev: RevisionId) -> Result<RevisionScope> {
    let s = scope(tx, actor, rev).await?;
    if !s.revision.state.editable() || !tx.lock_editable_revision(rev).await? {
        return Err(AppError::State(format!(
            "この部局運営方針は「{}」のため編集できません。企画担当に差戻しを依頼してください。",
            s.revision.state.label()
        )));
    }
    Ok(s)
}

/// The department and its sections: the initiatives one department policy covers.
pub async fn family(r: &(impl crate::ReadDb + ?Sized), dept: &Department) -> Result<Vec<DepartmentId>> {
    let r = crate::db::read(r);
    let all = r.list_departments(dept.org_id).await?;
    let mut ids = vec![dept.id];
    ids.extend(all.iter().filter(|d| d.parent_id == Some(dept.id)).map(|d| d.id));
    Ok(ids)
}

fn as_new(i: &Initiative) -> NewInitiative {
    NewInitiative {
        org_id: i.org_id,
        department_id: i.department_id,
        fiscal_year: i.fiscal_year,
        period_end: i.period_end,
        kind: i.kind,
        theme_id: i.theme_id,
        name: i.name.clone(),
        summary: i.summary.clone(),
        reform_perspectives: i.reform_perspectives.clone(),
        reform_text: i.reform_text.clone(),
        sdg_goals: i.sdg_goals.clone(),
        milestones: i.milestones.clone(),
        sections: i.sections.clone(),
        predecessor_id: i.predecessor_id,
        node_ids: i.node_ids.clone(),
        sort_order: i.sort_order,
    }
}

pub(crate) fn indicator_as_new(i: &Indicator, owner: InitiativeId) -> NewIndicator {
    NewIndicator {
        org_id: i.org_id,
        owner: Some(IndicatorOwner::Initiative(owner)),
        name: i.name.clone(),
        unit: i.unit.clone(),
        direction: i.direction,
        cumulative: i.cumulative,
        baseline: i.baseline.clone(),
        baseline_year: i.baseline_year,
        baseline_note: i.baseline_note.clone(),
        target: i.target.clone(),
        target_year: i.target_year,
        actuals: i.actuals.clone(),
        sort_order: i.sort_order,
    }
}

/// Copies one initiative with its KPIs into a revision as a draft row. `live` says which
/// published rows the copies revise (`false`: a new year's continuation instead).
pub(crate) async fn copy_into(
    tx: &dyn Tx,
    rev: RevisionId,
    source: &Initiative,
    new: NewInitiative,
    live: bool,
    shift_actuals: bool,
) -> Result<InitiativeId> {
    let draft = Draft { revision_id: rev, live_id: live.then_some(source.id.0) };
    let id = tx.insert_draft_initiative(&new, draft).await?;
    if let Some((_, codes)) = tx.budget_codes(&[source.id]).await?.pop() {
        tx.set_budget_codes(id, &codes).await?;
    }
    for ind in tx.indicators_of(IndicatorOwner::Initiative(source.id)).await? {
        let mut n = indicator_as_new(&ind, id);
        if shift_actuals {
            // A new year starts without the old year's actuals on its own rows; history
            // stays on the published predecessor.
            n.actuals.clear();
        }
        let copy = tx.insert_draft_indicator(&n, Draft { revision_id: rev, live_id: live.then_some(ind.id.0) }).await?;
        copy_indicator_facts(tx, ind.id, copy).await?;
        if !shift_actuals {
            crate::periods::copy_values(tx, ind.id, copy).await?;
        }
    }
    Ok(id)
}

/// The open (unpublished) revision of a department's year, or a new one copied from what is
/// published (stance, initiatives with KPIs and reviews). Planning or the department's editors.
pub async fn open_revision(
    store: &(impl crate::Db + ?Sized),
    actor: &Actor,
    dept: DepartmentId,
    year: FiscalYear,
) -> Result<RevisionId> {
    let store = crate::db::store(store);
    let department = store.get_department(dept).await?;
    require_department(actor, &department)?;
    if department.parent_id.is_some() {
        return Err(AppError::invalid(
            "department",
            "部局運営方針は部局単位で作成します（課は所属する部局の方針に含まれます）",
        ));
    }
    if let Some(open) = open_of(store, dept, year).await? {
        return Ok(open);
    }
    match copy_published(store, actor, &department, year).await {
        // Someone opened one at the same moment: theirs is the open revision.
        Err(AppError::Store(e))
            if e.is_constraint("policy_revisions_open") || e.is_constraint("policy_revisions_number") =>
        {
            open_of(store, dept, year).await?.ok_or(AppError::Store(e))
        }
        other => other,
    }
}

async fn open_of(r: &dyn Read, dept: DepartmentId, year: FiscalYear) -> Result<Option<RevisionId>> {
    Ok(r.revisions_of(dept, year).await?.into_iter().find(|r| r.state != RevisionState::Published).map(|r| r.id))
}

/// A new revision holding a copy of what is published for the department and year.
async fn copy_published(
    store: &dyn Store,
    actor: &Actor,
    department: &Department,
    year: FiscalYear,
) -> Result<RevisionId> {
    let dept = department.id;
    let tx = store.begin().await?;
    let stance = tx.get_department_policy(dept, year).await?;
    let rev = tx
        .insert_revision(&NewRevision {
            department_id: dept,
            fiscal_year: year,
            stance: stance.as_ref().map(|p| p.stance.clone()).unwrap_or_default(),
            notes: stance.as_ref().and_then(|p| p.notes.clone()),
            created_by: actor.user_id(),
        })
        .await?;
    let fam = family(&*tx, department).await?;
    copy_published_rows(tx.as_ref(), rev, &fam, year).await?;
    let created = tx.get_revision(rev).await?;
    audit::record::<(), _>(tx.as_ref(), actor, "policy_revisions", rev.0, "open", None, Some(&created)).await?;
    tx.commit().await?;
    Ok(rev)
}

/// Copies the published initiatives of `depts` in `year`, with their KPIs and reviews, into
/// the revision as draft rows revising them; returns how many initiatives.
pub(crate) async fn copy_published_rows(
    tx: &dyn Tx,
    rev: RevisionId,
    depts: &[DepartmentId],
    year: FiscalYear,
) -> Result<usize> {
    let live = tx.departments_initiatives(depts, year, Page::first(MAX_INITIATIVES)).await?;
    for l in &live {
        let d = copy_into(tx, rev, l, as_new(l), true, false).await?;
        for r in tx.goal_reviews(l.id).await? {
            tx.insert_goal_review(&NewGoalReview {
                initiative_id: d,
                fiscal_year: r.fiscal_year,
                result: r.result,
                issues_next: r.issues_next,
                progress: r.progress,
                judgement: r.judgement,
            })
            .await?;
        }
        crate::periods::copy_reviews(tx, l.id, d).await?;
    }
    Ok(live.len())
}

/// Saves the stance (基本的考え方) and notes of a revision.
pub async fn save_stance(
    store: &(impl crate::Db + ?Sized),
    actor: &Actor,
    rev: RevisionId,
    version: i64,
    stance: &str,
    notes: Option<String>,
) -> Result<i64> {
    let store = crate::db::store(store);
    let tx = store.begin().await?;
    let out = save_stance_in(tx.as_ref(), actor, rev, version, stance, notes).await?;
    tx.commit().await?;
    Ok(out)
}

/// As [`save_stance`], inside the caller's transaction (the workbook round trip applies many).
pub(crate) async fn save_stance_in(
    tx: &dyn Tx,
    actor: &Actor,
    rev: RevisionId,
    version: i64,
    stance: &str,
    notes: Option<String>,
) -> Result<i64> {
    let s = editable_scope(tx, actor, rev).await?;
    let before = s.revision.clone();
    let mut after = s.revision;
    after.stance = stance.trim().to_string();
    after.notes = notes.filter(|n| !n.trim().is_empty());
    after.meta.version = version;
    let v = tx.update_revision(&after).await?;
    after.meta.version = v;
    audit::record(tx, actor, "policy_revisions", rev.0, "update", Some(&before), Some(&after)).await?;
    Ok(v)
}

fn check_input(input: &InitiativeInput) -> Result<()> {
    check_kind(input.kind)?;
    if let Some(codes) = &input.budget_codes {
        crate::budget::check_codes(codes)?;
    }
    if input.name.trim().is_empty() {
        return Err(AppError::invalid("name", "取組名を入力してください"));
    }
    if input.name.chars().count() > 200 {
        return Err(AppError::invalid("name", "取組名は200文字以内にしてください"));
    }
    Ok(())
}

/// Checks the theme and plan nodes an editor picked belong to the organization (and the
/// theme to the year), so a crafted form cannot link another city's records.
async fn check_links(r: &dyn Read, org: OrgId, year: FiscalYear, input: &InitiativeInput) -> Result<()> {
    if let Some(t) = input.theme_id {
        let theme = r.get_theme(t).await.map_err(|_| AppError::invalid("theme", "重点項目が見つかりません"))?;
        if theme.org_id != org || theme.fiscal_year != year {
            return Err(AppError::invalid("theme", "この年度の重点項目を選んでください"));
        }
    }
    if !input.node_ids.is_empty() {
        let nodes = r.nodes_by_ids(&input.node_ids).await?;
        let plans: Vec<PlanId> = r.list_plans(org).await?.into_iter().map(|p| p.id).collect();
        if nodes.len() != input.node_ids.len() || nodes.iter().any(|n| !plans.contains(&n.plan_id)) {
            return Err(AppError::invalid("nodes", "この自治体の計画の項目を選んでください"));
        }
    }
    Ok(())
}

/// A draft row of `rev`, or not found (a row of another revision or the published record
/// must never be edited through this revision).
pub async fn draft_row(r: &(impl crate::ReadDb + ?Sized), rev: RevisionId, id: InitiativeId) -> Result<Initiative> {
    let i = crate::db::read(r).get_initiative(id).await?;
    match i.draft {
        Some(d) if d.revision_id == rev => Ok(i),
        _ => Err(hoshin_store::StoreError::NotFound { table: "initiatives", id: id.to_string() }.into()),
    }
}

/// Adds an initiative at the end of the revision's list.
pub async fn add_initiative(
    store: &(impl crate::Db + ?Sized),
    actor: &Actor,
    rev: RevisionId,
    input: &InitiativeInput,
) -> Result<InitiativeId> {
    let store = crate::db::store(store);
    let tx = store.begin().await?;
    let out = add_initiative_in(tx.as_ref(), actor, rev, input).await?;
    tx.commit().await?;
    Ok(out)
}

/// As [`add_initiative`], inside the caller's transaction (the workbook round trip applies many).
pub(crate) async fn add_initiative_in(
    tx: &dyn Tx,
    actor: &Actor,
    rev: RevisionId,
    input: &InitiativeInput,
) -> Result<InitiativeId> {
    check_input(input)?;
    let s = editable_scope(tx, actor, rev).await?;
    check_links(tx, s.department.org_id, s.revision.fiscal_year, input).await?;
    let existing = tx.revision_initiatives(rev).await?;
    if existing.len() >= MAX_INITIATIVES as usize {
        return Err(AppError::invalid("name", format!("取組は{MAX_INITIATIVES}件までです")));
    }
    let next = existing.iter().map(|i| i.sort_order).max().map_or(0, |m| m + 1);
    let section = check_section(tx, &s.department, input.section).await?;
    let new = NewInitiative {
        department_id: Some(section.unwrap_or(s.department.id)),
        fiscal_year: Some(s.revision.fiscal_year),
        theme_id: input.theme_id,
        summary: input.summary.clone(),
        node_ids: input.node_ids.clone(),
        reform_perspectives: input.reform_perspectives.clone(),
        reform_text: input.reform_text.clone(),
        sdg_goals: input.sdg_goals.clone(),
        milestones: input.milestones.clone(),
        sort_order: next,
        ..NewInitiative::named(s.department.org_id, input.kind.unwrap_or(InitiativeKind::Annual), input.name.trim())
    };
    let id = tx.insert_draft_initiative(&new, Draft { revision_id: rev, live_id: None }).await?;
    let created = tx.get_initiative(id).await?;
    audit::record::<(), _>(tx, actor, "initiatives", id.0, "insert", None, Some(&created)).await?;
    if let Some(codes) = &input.budget_codes {
        save_budget_codes(tx, actor, id, codes, "update").await?;
    }
    Ok(id)
}

/// Saves an initiative of the revision; `version` is the one the editor's form was made from.
pub async fn update_initiative(
    store: &(impl crate::Db + ?Sized),
    actor: &Actor,
    rev: RevisionId,
    id: InitiativeId,
    version: i64,
    input: &InitiativeInput,
) -> Result<i64> {
    let store = crate::db::store(store);
    let tx = store.begin().await?;
    let out = update_initiative_in(tx.as_ref(), actor, rev, id, version, input).await?;
    tx.commit().await?;
    Ok(out)
}

/// As [`update_initiative`], inside the caller's transaction (the workbook round trip applies many).
pub(crate) async fn update_initiative_in(
    tx: &dyn Tx,
    actor: &Actor,
    rev: RevisionId,
    id: InitiativeId,
    version: i64,
    input: &InitiativeInput,
) -> Result<i64> {
    check_input(input)?;
    let s = editable_scope(tx, actor, rev).await?;
    check_links(tx, s.department.org_id, s.revision.fiscal_year, input).await?;
    let before = draft_row(tx, rev, id).await?;
    let mut after = before.clone();
    after.name = input.name.trim().to_string();
    after.summary = input.summary.clone();
    after.theme_id = input.theme_id;
    after.node_ids = input.node_ids.clone();
    after.reform_perspectives = input.reform_perspectives.clone();
    after.reform_text = input.reform_text.clone();
    after.sdg_goals = input.sdg_goals.clone();
    after.milestones = input.milestones.clone();
    // An imported program or plan action keeps its kind; the form offers the policy's two.
    if let Some(k) = input.kind.filter(|_| EDITABLE_KINDS.contains(&before.kind)) {
        after.kind = k;
    }
    if let Some(section) = check_section(tx, &s.department, input.section).await? {
        after.department_id = Some(section);
    }
    after.meta.version = version;
    let v = tx.update_initiative(&after).await?;
    let saved = tx.get_initiative(id).await?;
    audit::record(tx, actor, "initiatives", id.0, "update", Some(&before), Some(&saved)).await?;
    if let Some(codes) = &input.budget_codes {
        save_budget_codes(tx, actor, id, codes, "update").await?;
    }
    Ok(v)
}

/// Replaces an initiative's 予算細事業 codes when they differ, with an audit row
/// (`initiative_budget_codes`, the initiative's id, the lists before and after).
pub(crate) async fn save_budget_codes(
    tx: &dyn Tx,
    actor: &Actor,
    id: InitiativeId,
    codes: &[String],
    action: &str,
) -> Result<()> {
    let before = tx.budget_codes(&[id]).await?.pop().map(|(_, c)| c).unwrap_or_default();
    if before == codes {
        return Ok(());
    }
    tx.set_budget_codes(id, codes).await?;
    audit::record(tx, actor, "initiative_budget_codes", id.0, action, Some(&before), Some(codes)).await?;
    Ok(())
}

/// Removes an initiative from the revision. The published one it revised, if any, is
/// recorded as removed: it goes (with its KPIs) when this revision is published, and the
/// approval page lists it.
pub async fn remove_initiative(
    store: &(impl crate::Db + ?Sized),
    actor: &Actor,
    rev: RevisionId,
    id: InitiativeId,
    version: i64,
) -> Result<()> {
    let store = crate::db::store(store);
    let tx = store.begin().await?;
    remove_initiative_in(tx.as_ref(), actor, rev, id, version).await?;
    tx.commit().await?;
    Ok(())
}

/// As [`remove_initiative`], inside the caller's transaction (the workbook round trip applies many).
pub(crate) async fn remove_initiative_in(
    tx: &dyn Tx,
    actor: &Actor,
    rev: RevisionId,
    id: InitiativeId,
    version: i64,
) -> Result<()> {
    editable_scope(tx, actor, rev).await?;
    let before = draft_row(tx, rev, id).await?;
    tx.delete_initiative(id, version).await?;
    if let Some(live) = before.draft.and_then(|d| d.live_id) {
        let removal = NewRemoval {
            revision_id: rev,
            kind: RemovalKind::Initiative,
            live_id: live,
            name: before.name.clone(),
            removed_by: actor.user_id(),
        };
        tx.insert_removal(&removal).await?;
    }
    audit::record::<_, ()>(tx, actor, "initiatives", id.0, "delete", Some(&before), None).await?;
    Ok(())
}

/// Moves an initiative one place up (`up`) or down among the revision's initiatives under
/// the same priority theme.
pub async fn move_initiative(
    store: &(impl crate::Db + ?Sized),
    actor: &Actor,
    rev: RevisionId,
    id: InitiativeId,
    version: i64,
    up: bool,
) -> Result<()> {
    let store = crate::db::store(store);
    let tx = store.begin().await?;
    editable_scope(tx.as_ref(), actor, rev).await?;
    let mut items = tx.revision_initiatives(rev).await?;
    let Some(pos) = items.iter().position(|i| i.id == id) else {
        return Err(hoshin_store::StoreError::NotFound { table: "initiatives", id: id.to_string() }.into());
    };
    // A stale version is a conflict whether or not anything would move (issue 12): the
    // editor's page no longer shows the list as it is.
    if items[pos].meta.version != version {
        return Err(hoshin_store::StoreError::Conflict {
            table: "initiatives",
            id: id.0,
            expected_version: version,
            actual_version: items[pos].meta.version,
        }
        .into());
    }
    // The neighbour under the same priority theme: pages list initiatives grouped by theme.
    let theme = items[pos].theme_id;
    let other = if up {
        items[..pos].iter().rposition(|i| i.theme_id == theme)
    } else {
        items[pos + 1..].iter().position(|i| i.theme_id == theme).map(|p| pos + 1 + p)
    };
    let Some(other) = other else { return Ok(()) };
    // Renumber the whole list so equal sort orders (imported rows) cannot stall a move.
    items.swap(pos, other);
    for (n, item) in items.iter_mut().enumerate() {
        let n = i32::try_from(n).unwrap_or(i32::MAX);
        if item.sort_order != n {
            let before = item.clone();
            item.sort_order = n;
            item.meta.version = tx.update_initiative(item).await?;
            audit::record(tx.as_ref(), actor, "initiatives", item.id.0, "reorder", Some(&before), Some(&*item)).await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// A KPI that is a draft row of `rev`, or not found.
pub async fn draft_indicator(r: &(impl crate::ReadDb + ?Sized), rev: RevisionId, id: IndicatorId) -> Result<Indicator> {
    let i = crate::db::read(r).get_indicator(id).await?;
    match i.draft {
        Some(d) if d.revision_id == rev => Ok(i),
        _ => Err(hoshin_store::StoreError::NotFound { table: "indicators", id: id.to_string() }.into()),
    }
}

fn check_indicator(input: &IndicatorInput) -> Result<()> {
    if input.name.trim().is_empty() {
        return Err(AppError::invalid("kpi_name", "指標名を入力してください"));
    }
    // A value must hold a number (「約1,200人」「30%」), or the KPI cannot be judged; leave it
    // empty when it is not known.
    for (field, label, text) in [("baseline", "現状値", &input.baseline), ("target", "目標値", &input.target)] {
        if let Some(t) = text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            if Quantity::parse(t).value.is_none() {
                return Err(AppError::invalid(
                    field,
                    format!("{label}は数値で入力してください（例：1,200人、約30%）。わからないときは空欄にします：{t}"),
                ));
            }
        }
    }
    if let (Some(b), Some(t)) = (input.baseline_year, input.target_year) {
        if t < b {
            return Err(AppError::invalid(
                "target_year",
                format!("目標年度（{}）は基準年度（{}）より後にしてください", t.label(), b.label()),
            ));
        }
    }
    Ok(())
}

fn quantity(text: &Option<String>) -> Option<Quantity> {
    text.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(Quantity::parse)
}

/// Adds a KPI to an initiative of the revision.
pub async fn add_indicator(
    store: &(impl crate::Db + ?Sized),
    actor: &Actor,
    rev: RevisionId,
    initiative: InitiativeId,
    input: &IndicatorInput,
) -> Result<IndicatorId> {
    let store = crate::db::store(store);
    let tx = store.begin().await?;
    let out = add_indicator_in(tx.as_ref(), actor, rev, initiative, input).await?;
    tx.commit().await?;
    Ok(out)
}

/// As [`add_indicator`], inside the caller's transaction (the workbook round trip applies many).
pub(crate) async fn add_indicator_in(
    tx: &dyn Tx,
    actor: &Actor,
    rev: RevisionId,
    initiative: InitiativeId,
    input: &IndicatorInput,
) -> Result<IndicatorId> {
    check_indicator(input)?;
    let s = editable_scope(tx, actor, rev).await?;
    draft_row(tx, rev, initiative).await?;
    let n = tx.indicators_of(IndicatorOwner::Initiative(initiative)).await?.len();
    let new = NewIndicator {
        org_id: s.department.org_id,
        owner: Some(IndicatorOwner::Initiative(initiative)),
        name: input.name.trim().to_string(),
        unit: input.unit.clone(),
        direction: input.direction,
        cumulative: input.cumulative,
        baseline: quantity(&input.baseline),
        baseline_year: input.baseline_year,
        baseline_note: None,
        target: quantity(&input.target),
        target_year: input.target_year,
        actuals: Vec::new(),
        sort_order: i32::try_from(n).unwrap_or(i32::MAX),
    };
    let id = tx.insert_draft_indicator(&new, Draft { revision_id: rev, live_id: None }).await?;
    let created = tx.get_indicator(id).await?;
    audit::record::<(), _>(tx, actor, "indicators", id.0, "insert", None, Some(&created)).await?;
    set_yearly_targets(tx, actor, id, input.yearly_targets.as_deref()).await?;
    Ok(id)
}

/// Replaces an indicator's yearly targets (its other yearly values and its kind stay), audited
/// as a change of the indicator's `yearly` when they differ.
async fn set_yearly_targets(
    tx: &dyn Tx,
    actor: &Actor,
    id: IndicatorId,
    targets: Option<&[(FiscalYear, String)]>,
) -> Result<()> {
    let Some(targets) = targets else { return Ok(()) };
    let before = tx.indicator_facts(&[id]).await?.pop().map(|(_, f)| f).unwrap_or_default();
    let mut after = before.clone();
    after.yearly.retain(|v| v.kind != YearValueKind::Target);
    after.yearly.extend(targets.iter().map(|(y, text)| YearValue {
        fiscal_year: *y,
        kind: YearValueKind::Target,
        value: Quantity::parse(text),
    }));
    after.yearly.sort_by(|a, b| (a.fiscal_year, a.kind.as_str()).cmp(&(b.fiscal_year, b.kind.as_str())));
    if after == before {
        return Ok(());
    }
    tx.set_indicator_facts(id, &after).await?;
    audit::record(tx, actor, "indicator_yearly", id.0, "update", Some(&before), Some(&after)).await?;
    Ok(())
}

/// Copies an indicator's kind and yearly values onto another row (a draft from what is
/// published, or the published row from its draft).
pub(crate) async fn copy_indicator_facts(tx: &dyn Tx, from: IndicatorId, to: IndicatorId) -> Result<bool> {
    let from_facts = tx.indicator_facts(&[from]).await?.pop().map(|(_, f)| f).unwrap_or_default();
    let to_facts = tx.indicator_facts(&[to]).await?.pop().map(|(_, f)| f).unwrap_or_default();
    if from_facts == to_facts {
        return Ok(false);
    }
    tx.set_indicator_facts(to, &from_facts).await?;
    Ok(true)
}

/// Saves a KPI's definition and targets (its actuals stay as they are).
pub async fn update_indicator(
    store: &(impl crate::Db + ?Sized),
    actor: &Actor,
    rev: RevisionId,
    id: IndicatorId,
    version: i64,
    input: &IndicatorInput,
) -> Result<i64> {
    let store = crate::db::store(store);
    let tx = store.begin().await?;
    let out = update_indicator_in(tx.as_ref(), actor, rev, id, version, input).await?;
    tx.commit().await?;
    Ok(out)
}

/// As [`update_indicator`], inside the caller's transaction (the workbook round trip applies many).
pub(crate) async fn update_indicator_in(
    tx: &dyn Tx,
    actor: &Actor,
    rev: RevisionId,
    id: IndicatorId,
    version: i64,
    input: &IndicatorInput,
) -> Result<i64> {
    check_indicator(input)?;
    editable_scope(tx, actor, rev).await?;
    let before = draft_indicator(tx, rev, id).await?;
    let mut after = before.clone();
    after.name = input.name.trim().to_string();
    after.unit = input.unit.clone();
    after.direction = input.direction;
    after.cumulative = input.cumulative;
    after.baseline = quantity(&input.baseline);
    after.baseline_year = input.baseline_year;
    after.target = quantity(&input.target);
    after.target_year = input.target_year;
    after.meta.version = version;
    let v = tx.update_indicator(&after).await?;
    let saved = tx.get_indicator(id).await?;
    audit::record(tx, actor, "indicators", id.0, "update", Some(&before), Some(&saved)).await?;
    set_yearly_targets(tx, actor, id, input.yearly_targets.as_deref()).await?;
    Ok(v)
}

/// Removes a KPI from an initiative of the revision; the published KPI it revised, if any,
/// is recorded as removed (it goes when the revision is published).
pub async fn remove_indicator(
    store: &(impl crate::Db + ?Sized),
    actor: &Actor,
    rev: RevisionId,
    id: IndicatorId,
    version: i64,
) -> Result<()> {
    let store = crate::db::store(store);
    let tx = store.begin().await?;
    remove_indicator_in(tx.as_ref(), actor, rev, id, version).await?;
    tx.commit().await?;
    Ok(())
}

/// As [`remove_indicator`], inside the caller's transaction (the workbook round trip applies many).
pub(crate) async fn remove_indicator_in(
    tx: &dyn Tx,
    actor: &Actor,
    rev: RevisionId,
    id: IndicatorId,
    version: i64,
) -> Result<()> {
    editable_scope(tx, actor, rev).await?;
    let before = draft_indicator(tx, rev, id).await?;
    tx.delete_indicator(id, version).await?;
    if let Some(live) = before.draft.and_then(|d| d.live_id) {
        let removal = NewRemoval {
            revision_id: rev,
            kind: RemovalKind::Indicator,
            live_id: live,
            name: before.name.clone(),
            removed_by: actor.user_id(),
        };
        tx.insert_removal(&removal).await?;
    }
    audit::record::<_, ()>(tx, actor, "indicators", id.0, "delete", Some(&before), None).await?;
    Ok(())
}

/// One line of a pasted column of actuals.
#[derive(Debug, Clone, PartialEq)]
pub struct ActualEntry {
    pub indicator: IndicatorId,
    /// The version the form was drawn from.
    pub version: i64,
    /// As typed (「1,234件」「約12.5%」); empty clears the year's value.
    pub text: String,
}

/// A dash standing for "no figure" (―, －, -), accepted as an actual with no number.
pub fn is_placeholder(text: &str) -> bool {
    text.chars().all(|c| matches!(c, '―' | '－' | '-' | 'ー' | '—' | '‐' | '─'))
}

/// `ind` with the year's actual set to `text` (empty removes it); `None` when nothing
/// changes. `line` names the entry in the error for text that is not a number.
fn with_actual(ind: &Indicator, year: FiscalYear, text: &str, line: usize) -> Result<Option<Indicator>> {
    let text = text.trim();
    let mut after = ind.clone();
    after.actuals.retain(|a| a.fiscal_year != year);
    if !text.is_empty() {
        let q = Quantity::parse(text);
        if q.value.is_none() && !is_placeholder(text) {
            return Err(AppError::invalid(
                format!("actual_{line}"),
                format!("{line}行目「{text}」を数値として読めません（{}）", ind.name),
            ));
        }
        after.actuals.push(Actual { fiscal_year: year, value: q });
        after.actuals.sort_by_key(|a| a.fiscal_year);
    }
    Ok((after.actuals != ind.actuals).then_some(after))
}

/// Splits a pasted spreadsheet column into one value per line (tabs: the first cell),
/// keeping empty lines so positions still match the KPI list.
pub fn split_column(pasted: &str) -> Vec<String> {
    let lines: Vec<String> = pasted.lines().map(|l| l.split('\t').next().unwrap_or("").trim().to_string()).collect();
    let end = lines.iter().rposition(|l| !l.is_empty()).map_or(0, |p| p + 1);
    lines[..end].to_vec()
}

/// Enters one year's actuals for several KPIs of the revision in one transaction: every
/// value is checked first, and any conflict or bad value leaves all of them unchanged.
pub async fn set_actuals(
    store: &(impl crate::Db + ?Sized),
    actor: &Actor,
    rev: RevisionId,
    year: FiscalYear,
    entries: &[ActualEntry],
) -> Result<usize> {
    let store = crate::db::store(store);
    let tx = store.begin().await?;
    let s = editable_scope(tx.as_ref(), actor, rev).await?;
    crate::stages::check_results_unlocked(tx.as_ref(), s.department.org_id, year).await?;
    let changed = write_actuals(tx.as_ref(), actor, year, entries, |i| {
        if i.draft.is_some_and(|d| d.revision_id == rev) {
            Ok(())
        } else {
            Err(hoshin_store::StoreError::NotFound { table: "indicators", id: i.id.to_string() }.into())
        }
    })
    .await?;
    tx.commit().await?;
    Ok(changed)
}

/// Sets one year's actual of each entry's indicator (after `accept` approves the indicator),
/// checking versions and auditing each change; returns how many changed.
pub(crate) async fn write_actuals(
    tx: &dyn Tx,
    actor: &Actor,
    year: FiscalYear,
    entries: &[ActualEntry],
    accept: impl Fn(&Indicator) -> Result<()>,
) -> Result<usize> {
    let mut changed = 0;
    for (n, e) in entries.iter().enumerate() {
        let before = tx.get_indicator(e.indicator).await?;
        accept(&before)?;
        let Some(mut after) = with_actual(&before, year, &e.text, n + 1)? else { continue };
        after.meta.version = e.version;
        tx.update_indicator(&after).await?;
        let saved = tx.get_indicator(e.indicator).await?;
        audit::record(tx, actor, "indicators", e.indicator.0, "actual", Some(&before), Some(&saved)).await?;
        changed += 1;
    }
    Ok(changed)
}

/// Saves the review (実績, 課題・今後の方向性, 進捗率, 判定) of an initiative of the revision
/// for the revision's year. `version`: the review's version the form saw (`None`: there
/// was none yet).
pub async fn save_review(
    store: &(impl crate::Db + ?Sized),
    actor: &Actor,
    rev: RevisionId,
    initiative: InitiativeId,
    version: Option<i64>,
    input: &ReviewInput,
) -> Result<()> {
    let store = crate::db::store(store);
    let tx = store.begin().await?;
    save_review_in(tx.as_ref(), actor, rev, initiative, version, input).await?;
    tx.commit().await?;
    Ok(())
}

/// As [`save_review`], inside the caller's transaction (the workbook round trip applies many).
pub(crate) async fn save_review_in(
    tx: &dyn Tx,
    actor: &Actor,
    rev: RevisionId,
    initiative: InitiativeId,
    version: Option<i64>,
    input: &ReviewInput,
) -> Result<()> {
    if let Some(p) = input.progress {
        if p > 100 {
            return Err(AppError::invalid("progress", "進捗率は0〜100の範囲で入力してください"));
        }
    }
    let s = editable_scope(tx, actor, rev).await?;
    crate::stages::check_results_unlocked(tx, s.department.org_id, s.revision.fiscal_year).await?;
    draft_row(tx, rev, initiative).await?;
    if let Some(j) = input.judgement.as_deref() {
        let scales = tx.judgement_scales(s.department.org_id).await?;
        if !scales.is_empty() && !scales.iter().any(|sc| sc.scale.bands().iter().any(|b| b.label == j)) {
            return Err(AppError::invalid("judgement", "判定は一覧から選んでください"));
        }
    }
    let year = s.revision.fiscal_year;
    match (tx.get_goal_review(initiative, year).await?, version) {
        (Some(before), Some(v)) => {
            let mut after = before.clone();
            after.result = input.result.clone();
            after.issues_next = input.issues_next.clone();
            after.progress = input.progress;
            after.judgement = input.judgement.clone();
            after.meta.version = v;
            tx.update_goal_review(&after).await?;
            let saved = tx.get_goal_review(initiative, year).await?;
            audit::record(tx, actor, "goal_reviews", before.id.0, "update", Some(&before), saved.as_ref()).await?;
        }
        (Some(current), None) => {
            // Someone created the review after this form was drawn.
            return Err(hoshin_store::StoreError::Conflict {
                table: "goal_reviews",
                id: current.id.0,
                expected_version: 0,
                actual_version: current.meta.version,
            }
            .into());
        }
        (None, _) => {
            let id = tx
                .insert_goal_review(&NewGoalReview {
                    initiative_id: initiative,
                    fiscal_year: year,
                    result: input.result.clone(),
                    issues_next: input.issues_next.clone(),
                    progress: input.progress,
                    judgement: input.judgement.clone(),
                })
                .await?;
            let saved = tx.get_goal_review(initiative, year).await?;
            audit::record::<(), _>(tx, actor, "goal_reviews", id.0, "insert", None, saved.as_ref()).await?;
        }
    }
    Ok(())
}

/// What is stored now, for the conflict page after a lost race (the edit forms compare it
/// with what the user submitted).
pub mod stored {
    use crate::error::Result;
    use crate::ReadDb;
    use hoshin_domain::*;

    /// A revision as stored now.
    pub async fn revision(db: &(impl ReadDb + ?Sized), rev: RevisionId) -> Result<PolicyRevision> {
        Ok(crate::db::read(db).get_revision(rev).await?)
    }

    /// An initiative as stored now, with what its form rows name: the year's themes and the
    /// plan nodes of both `submitted` and the stored links.
    pub async fn initiative(
        db: &(impl ReadDb + ?Sized),
        org: OrgId,
        year: FiscalYear,
        id: InitiativeId,
        submitted: &[NodeId],
    ) -> Result<(Initiative, Vec<PriorityTheme>, Vec<PlanNode>)> {
        let r = crate::db::read(db);
        let now = r.get_initiative(id).await?;
        let themes = r.list_themes(org, year).await?;
        let mut ids = submitted.to_vec();
        ids.extend(now.node_ids.iter().copied());
        let nodes = r.nodes_by_ids(&ids).await?;
        Ok((now, themes, nodes))
    }

    /// A KPI as stored now.
    pub async fn indicator(db: &(impl ReadDb + ?Sized), id: IndicatorId) -> Result<Indicator> {
        Ok(crate::db::read(db).get_indicator(id).await?)
    }

    /// An initiative's review of a year as stored now (if any), with the initiative's name.
    pub async fn review(
        db: &(impl ReadDb + ?Sized),
        id: InitiativeId,
        year: FiscalYear,
    ) -> Result<(Option<GoalReview>, String)> {
        let r = crate::db::read(db);
        let now = r.get_goal_review(id, year).await?;
        let name = r.get_initiative(id).await?.name;
        Ok((now, name))
    }
}
