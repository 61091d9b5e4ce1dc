//! The approval workflow of a department's policy revision: draft → submitted → returned
//! (with a comment) or approved → published. Submitting is the department's step; returning,
//! approving and publishing are the planning office's. Publishing copies the revision's
//! rows onto the published record in one transaction: what the public sees changes only here.
//! It removes a published initiative or KPI only when an editor removed it in the revision
//! ([`pending_removals`] lists them for the approval page); a published row the revision
//! does not hold (added by an import meanwhile, or never copied) stays (issue 12).

use crate::access::{require_department, require_planning, Actor};
use crate::audit;
use crate::editing::{copy_indicator_facts, family, indicator_as_new, MAX_INITIATIVES};
use crate::error::{AppError, Result};
use hoshin_domain::*;
use hoshin_store::{NewDepartmentPolicy, NewGoalReview, Page, RemovalKind, Tx};
use std::collections::{HashMap, HashSet};

fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
}

/// Takes one workflow step. `version` is the revision version the page showed; `comment` is
/// required when returning.
pub async fn transition(
    store: &(impl crate::Db + ?Sized),
    actor: &Actor,
    rev: RevisionId,
    version: i64,
    step: Transition,
    comment: Option<&str>,
) -> Result<RevisionState> {
    let store = crate::db::store(store);
    let tx = store.begin().await?;
    let saved = transition_in(tx.as_ref(), actor, rev, version, step, comment).await?;
    tx.commit().await?;
    Ok(saved.state)
}

/// [`transition`] inside the caller's transaction (the year page's bulk steps run several in
/// one): rights, the version check, the step itself, its audit row and its notifications.
/// Returns the revision as saved. Publishing a department of a year opened in hoshin is
/// refused until the planning office has published the year (`year_publishing`).
pub(crate) async fn transition_in(
    tx: &dyn Tx,
    actor: &Actor,
    rev: RevisionId,
    version: i64,
    step: Transition,
    comment: Option<&str>,
) -> Result<PolicyRevision> {
    let before = tx.get_revision(rev).await?;
    let dept = tx.get_department(before.department_id).await?;
    match step {
        Transition::Submit => require_department(actor, &dept)?,
        Transition::Return | Transition::Approve | Transition::Publish => require_planning(actor, dept.org_id)?,
    }
    if before.meta.version != version {
        return Err(hoshin_store::StoreError::Conflict {
            table: "policy_revisions",
            id: rev.0,
            expected_version: version,
            actual_version: before.meta.version,
        }
        .into());
    }
    let Some(next) = before.state.after(step) else {
        return Err(AppError::State(format!(
            "「{}」の部局運営方針は{}できません。",
            before.state.label(),
            step.label()
        )));
    };
    let comment = comment.map(str::trim).filter(|c| !c.is_empty());
    let mut after = before.clone();
    after.state = next;
    let now = now_ms();
    let who = actor.user_id();
    match step {
        Transition::Submit => {
            if before.stance.trim().is_empty() {
                return Err(AppError::invalid("stance", "基本的考え方を入力してから提出してください"));
            }
            after.submitted_by = who;
            after.submitted_at = Some(now);
        }
        Transition::Return => {
            let Some(c) = comment else {
                return Err(AppError::invalid("comment", "差戻しの理由を入力してください"));
            };
            after.comment = Some(c.to_string());
            after.decided_by = who;
            after.decided_at = Some(now);
        }
        Transition::Approve => {
            after.decided_by = who;
            after.decided_at = Some(now);
        }
        Transition::Publish => {
            require_year_published(tx, &dept, before.fiscal_year).await?;
            after.published_by = who;
            after.published_at = Some(now);
            publish(tx, actor, &before, &dept).await?;
        }
    }
    tx.update_revision(&after).await?;
    let saved = tx.get_revision(rev).await?;
    audit::record(tx, actor, "policy_revisions", rev.0, step.as_str(), Some(&before), Some(&saved)).await?;
    if let (Transition::Return, Some(c)) = (step, comment) {
        // The first entry of the policy's comment thread, kept after resubmission (issue 15).
        crate::comments::record_return(tx, actor, rev, c).await?;
    }
    // In the same transaction: a step that rolls back tells nobody (issue 15).
    crate::notify::on_transition(tx, actor, &saved, &dept, step).await?;
    Ok(saved)
}

/// A year opened in hoshin (it has a cycle row) is made public by the planning office as a
/// whole, from the year page; until then no department of it is published on its own. Years
/// without a cycle (imported) publish as before.
async fn require_year_published(tx: &dyn Tx, dept: &Department, year: FiscalYear) -> Result<()> {
    match tx.get_cycle(dept.org_id, year).await? {
        Some(c) if !c.is_published() => Err(AppError::State(format!(
            "{}はまだ年度として公開されていません。部局ごとには公開できません。\
             年度の公開ページ（{}）で、承認済みの部局をまとめて公開してください。",
            year.label(),
            crate::year_publishing::page_path(year)
        ))),
        _ => Ok(()),
    }
}

/// The published initiative `before` as publishing its draft `d` leaves it (compare with
/// `before` to know whether publishing changes it).
pub(crate) fn initiative_as_published(d: &Initiative, before: &Initiative) -> Initiative {
    Initiative {
        id: before.id,
        meta: before.meta,
        draft: None,
        predecessor_id: d.predecessor_id.or(before.predecessor_id),
        ..d.clone()
    }
}

/// The published KPI `before` as publishing its draft `d` leaves it.
pub(crate) fn indicator_as_published(d: &Indicator, before: &Indicator) -> Indicator {
    Indicator { id: before.id, owner: before.owner, draft: None, meta: before.meta, ..d.clone() }
}

/// The published stance `before` as publishing `rev` leaves it.
pub(crate) fn policy_as_published(rev: &PolicyRevision, before: &DepartmentPolicy) -> DepartmentPolicy {
    let mut after = before.clone();
    after.stance = rev.stance.clone();
    after.notes = rev.notes.clone();
    after
}

/// The draft row's published counterpart, when it revises one that is still published.
pub(crate) fn live_target<K: Copy + Eq + std::hash::Hash, V>(
    draft: Option<Draft>,
    live: &HashMap<K, V>,
    id: impl Fn(i64) -> K,
) -> Option<K> {
    draft.and_then(|m| m.live_id).map(id).filter(|l| live.contains_key(l))
}

fn fields_of(d: &Initiative) -> NewInitiative {
    NewInitiative {
        org_id: d.org_id,
        department_id: d.department_id,
        fiscal_year: d.fiscal_year,
        period_end: d.period_end,
        kind: d.kind,
        theme_id: d.theme_id,
        name: d.name.clone(),
        summary: d.summary.clone(),
        reform_perspectives: d.reform_perspectives.clone(),
        reform_text: d.reform_text.clone(),
        sdg_goals: d.sdg_goals.clone(),
        milestones: d.milestones.clone(),
        sections: d.sections.clone(),
        predecessor_id: d.predecessor_id,
        node_ids: d.node_ids.clone(),
        sort_order: d.sort_order,
    }
}

/// Copies a revision onto the published record: the stance, each draft row onto the live
/// row it revises (or a new one), their KPIs and reviews; the published rows the revision
/// removed are deleted, and nothing else is. The year's themes become public. Every change
/// is audited as `publish`.
async fn publish(tx: &dyn Tx, actor: &Actor, rev: &PolicyRevision, dept: &Department) -> Result<()> {
    let year = rev.fiscal_year;
    let fam = family(tx, dept).await?;
    let live: HashMap<InitiativeId, Initiative> = tx
        .departments_initiatives(&fam, year, Page::first(MAX_INITIATIVES))
        .await?
        .into_iter()
        .map(|i| (i.id, i))
        .collect();
    let removals = tx.revision_removals(rev.id).await?;
    let removed =
        |kind: RemovalKind| -> HashSet<i64> { removals.iter().filter(|r| r.kind == kind).map(|r| r.live_id).collect() };
    let (removed_initiatives, removed_indicators) = (removed(RemovalKind::Initiative), removed(RemovalKind::Indicator));
    let drafts = tx.revision_initiatives(rev.id).await?;
    for d in &drafts {
        let fields = fields_of(d);
        let target = live_target(d.draft, &live, InitiativeId);
        let live_id = match target {
            Some(l) => {
                let before = &live[&l];
                let after = initiative_as_published(d, before);
                if *before != after {
                    tx.update_initiative(&after).await?;
                    let saved = tx.get_initiative(l).await?;
                    audit::record(tx, actor, "initiatives", l.0, "publish", Some(before), Some(&saved)).await?;
                }
                l
            }
            None => {
                let id = tx.insert_initiative(&fields).await?;
                let saved = tx.get_initiative(id).await?;
                audit::record::<(), _>(tx, actor, "initiatives", id.0, "publish", None, Some(&saved)).await?;
                tx.mark_draft_initiative(d.id, Draft { revision_id: rev.id, live_id: Some(id.0) }).await?;
                id
            }
        };
        publish_indicators(tx, actor, rev.id, d.id, live_id, &removed_indicators).await?;
        publish_reviews(tx, actor, d.id, live_id).await?;
        crate::periods::publish_reviews(tx, actor, d.id, live_id).await?;
        let codes = tx.budget_codes(&[d.id]).await?.pop().map(|(_, c)| c).unwrap_or_default();
        crate::editing::save_budget_codes(tx, actor, live_id, &codes, "publish").await?;
    }
    // Only what an editor removed, and only if it is still this department's published row.
    for (id, l) in live.iter().filter(|(id, _)| removed_initiatives.contains(&id.0)) {
        tx.delete_initiative(*id, l.meta.version).await?;
        audit::record::<_, ()>(tx, actor, "initiatives", id.0, "publish", Some(l), None).await?;
    }
    tx.publish_themes(dept.org_id, year).await?;
    match tx.get_department_policy(dept.id, year).await? {
        Some(before) => {
            let after = policy_as_published(rev, &before);
            if after != before {
                tx.update_department_policy(&after).await?;
                let saved = tx.get_department_policy(dept.id, year).await?;
                audit::record(tx, actor, "department_policies", before.id.0, "publish", Some(&before), saved.as_ref())
                    .await?;
            }
        }
        None => {
            let id = tx
                .insert_department_policy(&NewDepartmentPolicy {
                    department_id: dept.id,
                    fiscal_year: year,
                    stance: rev.stance.clone(),
                    notes: rev.notes.clone(),
                })
                .await?;
            let saved = tx.get_department_policy(dept.id, year).await?;
            audit::record::<(), _>(tx, actor, "department_policies", id.0, "publish", None, saved.as_ref()).await?;
        }
    }
    Ok(())
}

/// A published row that publishing a revision will remove, for the approval page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingRemoval {
    pub kind: RemovalKind,
    pub live_id: i64,
    pub name: String,
    /// The initiative a removed KPI belongs to (its published name), when it stays.
    pub of_initiative: Option<String>,
}

/// What publishing `rev` will remove from the published record: the published initiatives
/// and KPIs editors removed in it that are still published. KPIs of a removed initiative go
/// with it and are not listed separately.
pub async fn pending_removals(store: &(impl crate::ReadDb + ?Sized), rev: RevisionId) -> Result<Vec<PendingRemoval>> {
    let store = crate::db::read(store);
    let removals = store.revision_removals(rev).await?;
    let mut out = Vec::new();
    let gone: HashSet<i64> = removals.iter().filter(|r| r.kind == RemovalKind::Initiative).map(|r| r.live_id).collect();
    for r in &removals {
        match r.kind {
            RemovalKind::Initiative => {
                if let Ok(i) = store.get_initiative(InitiativeId(r.live_id)).await {
                    if i.draft.is_none() {
                        out.push(PendingRemoval {
                            kind: r.kind,
                            live_id: r.live_id,
                            name: i.name,
                            of_initiative: None,
                        });
                    }
                }
            }
            RemovalKind::Indicator => {
                let Ok(k) = store.get_indicator(IndicatorId(r.live_id)).await else { continue };
                let Some(IndicatorOwner::Initiative(owner)) = k.owner else { continue };
                if k.draft.is_some() || gone.contains(&owner.0) {
                    continue;
                }
                let of = store.get_initiative(owner).await.ok().map(|i| i.name);
                out.push(PendingRemoval { kind: r.kind, live_id: r.live_id, name: k.name, of_initiative: of });
            }
        }
    }
    Ok(out)
}

async fn publish_indicators(
    tx: &dyn Tx,
    actor: &Actor,
    rev: RevisionId,
    draft: InitiativeId,
    live: InitiativeId,
    removed: &HashSet<i64>,
) -> Result<()> {
    let current: HashMap<IndicatorId, Indicator> =
        tx.indicators_of(IndicatorOwner::Initiative(live)).await?.into_iter().map(|i| (i.id, i)).collect();
    for d in tx.indicators_of(IndicatorOwner::Initiative(draft)).await? {
        let target = live_target(d.draft, &current, IndicatorId);
        match target {
            Some(l) => {
                let before = &current[&l];
                let after = indicator_as_published(&d, before);
                if *before != after {
                    tx.update_indicator(&after).await?;
                    let saved = tx.get_indicator(l).await?;
                    audit::record(tx, actor, "indicators", l.0, "publish", Some(before), Some(&saved)).await?;
                }
                publish_facts(tx, actor, d.id, l).await?;
                crate::periods::publish_values(tx, actor, d.id, l).await?;
            }
            None => {
                let id = tx.insert_indicator(&indicator_as_new(&d, live)).await?;
                let saved = tx.get_indicator(id).await?;
                audit::record::<(), _>(tx, actor, "indicators", id.0, "publish", None, Some(&saved)).await?;
                tx.mark_draft_indicator(d.id, Draft { revision_id: rev, live_id: Some(id.0) }).await?;
                publish_facts(tx, actor, d.id, id).await?;
                crate::periods::publish_values(tx, actor, d.id, id).await?;
            }
        }
    }
    for (id, l) in current.iter().filter(|(id, _)| removed.contains(&id.0)) {
        tx.delete_indicator(*id, l.meta.version).await?;
        audit::record::<_, ()>(tx, actor, "indicators", id.0, "publish", Some(l), None).await?;
    }
    Ok(())
}

/// The draft KPI's yearly values (yearly targets …) onto the published one, audited.
async fn publish_facts(tx: &dyn Tx, actor: &Actor, draft: IndicatorId, live: IndicatorId) -> Result<()> {
    let before = tx.indicator_facts(&[live]).await?.pop().map(|(_, f)| f);
    if copy_indicator_facts(tx, draft, live).await? {
        let after = tx.indicator_facts(&[live]).await?.pop().map(|(_, f)| f);
        audit::record(tx, actor, "indicator_yearly", live.0, "publish", before.as_ref(), after.as_ref()).await?;
    }
    Ok(())
}

async fn publish_reviews(tx: &dyn Tx, actor: &Actor, draft: InitiativeId, live: InitiativeId) -> Result<()> {
    for r in tx.goal_reviews(draft).await? {
        match tx.get_goal_review(live, r.fiscal_year).await? {
            Some(before) => {
                let after = GoalReview { id: before.id, initiative_id: live, meta: before.meta, ..r.clone() };
                if after != before {
                    tx.update_goal_review(&after).await?;
                    let saved = tx.get_goal_review(live, r.fiscal_year).await?;
                    audit::record(tx, actor, "goal_reviews", before.id.0, "publish", Some(&before), saved.as_ref())
                        .await?;
                }
            }
            None => {
                let id = tx
                    .insert_goal_review(&NewGoalReview {
                        initiative_id: live,
                        fiscal_year: r.fiscal_year,
                        result: r.result.clone(),
                        issues_next: r.issues_next.clone(),
                        progress: r.progress,
                        judgement: r.judgement.clone(),
                    })
                    .await?;
                let saved = tx.get_goal_review(live, r.fiscal_year).await?;
                audit::record::<(), _>(tx, actor, "goal_reviews", id.0, "publish", None, saved.as_ref()).await?;
            }
        }
    }
    Ok(())
}
