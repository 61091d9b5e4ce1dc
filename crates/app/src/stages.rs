//! Staged evaluations (issue 15, parts 3 and 4): an organization's review stages in order —
//! by default 自己評価, 一次評価（所管部長）, 二次評価（企画）, 外部評価, 最終 — each written by
//! the department (its editors, and planning/admin) or by planning (planning/admin only);
//! per published initiative, fiscal year and stage one judgement (a label of the
//! organization's judgement scales) and comment, written in order; and the lock planning puts
//! on a fiscal year's review (no evaluation or comment of that year is written while it holds).
//!
//! The defaults are not stored until the first write that needs them ([`ensure`]); reads show
//! them unsaved (`id` `None`). Forms name a stage by its position and name, so a list edited
//! meanwhile refuses the write instead of writing to another stage.

use crate::access::{require_department, require_planning, Actor};
use crate::audit;
use crate::error::{AppError, Result};
use hoshin_domain::*;
use hoshin_store::{
    NewReviewStage, NewStageEvaluation, ReviewLock, ReviewStage, StageEvaluation, StageWriter, StoreError, Tx,
};
use std::collections::HashMap;

/// The stages of an organization that never set its own.
pub const DEFAULT_STAGES: [(&str, StageWriter); 5] = [
    ("自己評価", StageWriter::Department),
    ("一次評価（所管部長）", StageWriter::Department),
    ("二次評価（企画）", StageWriter::Planning),
    ("外部評価", StageWriter::Planning),
    ("最終", StageWriter::Planning),
];

/// The most stages an organization may have, and the longest name.
pub const MAX_STAGES: usize = 10;
pub const MAX_STAGE_NAME: usize = 40;
/// The longest evaluation comment, in characters.
pub const MAX_EVALUATION_CHARS: usize = 4000;

/// A stage as shown: stored, or a default not stored yet (`id` `None`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stage {
    pub id: Option<i64>,
    pub position: i64,
    pub name: String,
    pub writer: StageWriter,
}

impl Stage {
    fn of(s: &ReviewStage) -> Stage {
        Stage { id: Some(s.id), position: s.position, name: s.name.clone(), writer: s.writer }
    }
}

/// Japanese name of who writes a stage (also what the list form accepts).
pub fn writer_label(w: StageWriter) -> &'static str {
    match w {
        StageWriter::Department => "部局",
        StageWriter::Planning => "企画",
    }
}

fn defaults() -> Vec<Stage> {
    DEFAULT_STAGES
        .iter()
        .zip(1..)
        .map(|((name, writer), position)| Stage { id: None, position, name: (*name).to_string(), writer: *writer })
        .collect()
}

/// The organization's stages in order (the defaults when it set none). Public: the public
/// review page shows them.
pub async fn stages(db: &(impl crate::ReadDb + ?Sized), org: OrgId) -> Result<Vec<Stage>> {
    let stored = crate::db::read(db).review_stages(org).await?;
    Ok(if stored.is_empty() { defaults() } else { stored.iter().map(Stage::of).collect() })
}

/// The stored stages, writing the defaults first when the organization has none (audited).
async fn ensure(tx: &dyn Tx, actor: &Actor, org: OrgId) -> Result<Vec<ReviewStage>> {
    let stored = tx.review_stages(org).await?;
    if !stored.is_empty() {
        return Ok(stored);
    }
    for s in defaults() {
        let new = NewReviewStage { org_id: org, position: s.position, name: s.name, writer: s.writer };
        let id = tx.insert_stage(&new).await?;
        audit::record::<(), _>(tx, actor, "review_stages", id, "insert", None, Some(&new)).await?;
    }
    Ok(tx.review_stages(org).await?)
}

/// The list as the stage form's text: one 「名前 | 部局」 or 「名前 | 企画」 per line.
pub fn list_text(stages: &[Stage]) -> String {
    stages.iter().map(|s| format!("{} | {}", s.name, writer_label(s.writer))).collect::<Vec<_>>().join("\n")
}

/// Reads the stage form's text (see [`list_text`]); errors name the line.
pub fn parse_list(text: &str) -> Result<Vec<(String, StageWriter)>> {
    let mut out: Vec<(String, StageWriter)> = Vec::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let bad = |m: &str| AppError::invalid("stages", format!("{}行目：{m}", n + 1));
        let (name, who) = line
            .rsplit_once(['|', '｜'])
            .ok_or_else(|| bad("「名前 | 部局」または「名前 | 企画」の形で書いてください"))?;
        let name = name.trim();
        let writer = match hoshin_domain::text::nfkc(who.trim()).as_str() {
            "部局" | "部局担当" | "department" => StageWriter::Department,
            "企画" | "企画担当" | "planning" => StageWriter::Planning,
            _ => return Err(bad("書く人は「部局」か「企画」です")),
        };
        if name.is_empty() || name.chars().count() > MAX_STAGE_NAME {
            return Err(bad(&format!("段階の名前は1〜{MAX_STAGE_NAME}文字です")));
        }
        if out.iter().any(|(o, _)| o == name) {
            return Err(bad(&format!("「{name}」が二度あります")));
        }
        out.push((name.to_string(), writer));
    }
    if out.is_empty() || out.len() > MAX_STAGES {
        return Err(AppError::invalid("stages", format!("段階は1〜{MAX_STAGES}個です")));
    }
    Ok(out)
}

/// Replaces the organization's stages with `text` (planning, admin). `drawn` is the list the
/// form showed: a list changed since is refused. Stages keep their ids by name (so their
/// evaluations stay); a stage with evaluations cannot be removed. One transaction, each
/// change audited.
pub async fn save_stages(
    db: &(impl crate::Db + ?Sized),
    actor: &Actor,
    org: OrgId,
    drawn: &str,
    text: &str,
) -> Result<()> {
    require_planning(actor, org)?;
    let wanted = parse_list(text)?;
    let store = crate::db::store(db);
    let tx = store.begin().await?;
    let now: Vec<Stage> = match tx.review_stages(org).await? {
        s if s.is_empty() => defaults(),
        s => s.iter().map(Stage::of).collect(),
    };
    if list_text(&now).trim() != drawn.replace("\r\n", "\n").trim() {
        return Err(AppError::State(
            "評価の段階は、このフォームを開いた後にほかの人が変更しました。開き直して確認してください。".into(),
        ));
    }
    let current = ensure(tx.as_ref(), actor, org).await?;
    for gone in current.iter().filter(|s| !wanted.iter().any(|(n, _)| *n == s.name)) {
        if tx.stage_in_use(gone.id).await? {
            return Err(AppError::invalid(
                "stages",
                format!("「{}」には評価が記入されているため、削除できません", gone.name),
            ));
        }
        tx.delete_stage(gone.id, gone.meta.version).await?;
        audit::record::<_, ()>(tx.as_ref(), actor, "review_stages", gone.id, "delete", Some(gone), None).await?;
    }
    // A new stage goes after every stage that already has evaluations: put before one, it
    // would stand empty between written stages and hold up their corrections.
    let mut written_after = false;
    for (name, _) in wanted.iter().rev() {
        match current.iter().find(|s| s.name == *name) {
            Some(s) => written_after |= tx.stage_in_use(s.id).await?,
            None if written_after => {
                return Err(AppError::invalid(
                    "stages",
                    format!("「{name}」は、評価が記入された段階より後に追加してください（記入済みの段階の前には追加できません）"),
                ));
            }
            None => {}
        }
    }
    for ((name, writer), position) in wanted.iter().zip(1..) {
        match current.iter().find(|s| s.name == *name) {
            Some(before) => {
                let after = ReviewStage { position, writer: *writer, ..before.clone() };
                if after != *before {
                    tx.update_stage(&after).await?;
                    audit::record(tx.as_ref(), actor, "review_stages", before.id, "update", Some(before), Some(&after))
                        .await?;
                }
            }
            None => {
                let new = NewReviewStage { org_id: org, position, name: name.clone(), writer: *writer };
                let id = tx.insert_stage(&new).await?;
                audit::record::<(), _>(tx.as_ref(), actor, "review_stages", id, "insert", None, Some(&new)).await?;
            }
        }
    }
    tx.commit().await?;
    Ok(())
}

/// The stages, evaluations and lock of an organization's year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearEvaluations {
    pub stages: Vec<Stage>,
    /// Per initiative, in stage order.
    pub by_initiative: HashMap<InitiativeId, Vec<StageEvaluation>>,
    pub lock: Option<ReviewLock>,
    /// The labels of the organization's judgement scales (the choices of a judgement; empty:
    /// any text).
    pub judgements: Vec<String>,
    /// The display names of the evaluations' authors and of who locked the year (staff pages only).
    pub authors: HashMap<UserId, String>,
}

impl YearEvaluations {
    /// The evaluation of `initiative` at `stage` (a stored stage's id).
    pub fn of(&self, initiative: InitiativeId, stage: Option<i64>) -> Option<&StageEvaluation> {
        let stage = stage?;
        self.by_initiative.get(&initiative)?.iter().find(|e| e.stage_id == stage)
    }

    /// Whether every stage before `position` has an evaluation of `initiative`.
    pub fn earlier_done(&self, initiative: InitiativeId, position: i64) -> bool {
        self.stages.iter().filter(|s| s.position < position).all(|s| self.of(initiative, s.id).is_some())
    }
}

/// The year's stages, evaluations and lock. Evaluations belong to published initiatives, so the
/// public review page reads them too.
pub async fn year_evaluations(
    db: &(impl crate::ReadDb + ?Sized),
    org: OrgId,
    year: FiscalYear,
) -> Result<YearEvaluations> {
    let r = crate::db::read(db);
    // Read at once: on PostgreSQL they leave together (`store/src/pgread.rs`).
    let (evaluations, scales, lock, stages) = tokio::try_join!(
        async { Ok::<_, crate::AppError>(r.stage_evaluations(org, year).await?) },
        async { Ok(r.judgement_scales(org).await?) },
        async { Ok(r.review_lock(org, year).await?) },
        stages(r, org),
    )?;
    let mut by_initiative: HashMap<InitiativeId, Vec<StageEvaluation>> = HashMap::new();
    for e in evaluations {
        by_initiative.entry(e.initiative_id).or_default().push(e);
    }
    let judgements = crate::periods::scale_labels(&scales);
    let ids: Vec<i64> = by_initiative
        .values()
        .flatten()
        .filter_map(|e| e.author_id.map(|a| a.0))
        .chain(lock.as_ref().and_then(|l| l.locked_by.map(|u| u.0)))
        .collect();
    let authors = crate::history::user_names(db, ids).await.into_iter().map(|(k, v)| (UserId(k), v)).collect();
    Ok(YearEvaluations { stages, by_initiative, lock, judgements, authors })
}

/// Whether `user` may write `writer`'s stages for `dept` (the initiative's department).
pub fn may_write(user: &User, dept: Option<&Department>, org: OrgId, writer: StageWriter) -> bool {
    match writer {
        StageWriter::Planning => !user.disabled && user.org_id == org && user.role.plans(),
        StageWriter::Department => match dept {
            Some(d) => crate::access::may_edit_department(user, d),
            None => !user.disabled && user.org_id == org && user.role.plans(),
        },
    }
}

/// What an evaluation form sends.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EvaluationInput {
    /// The stage as the form showed it: its position and name.
    pub position: i64,
    pub stage_name: String,
    /// The evaluation's version the form was drawn from; `None`: there was none.
    pub version: Option<i64>,
    pub judgement: Option<String>,
    pub comment: Option<String>,
}

fn locked_message(year: FiscalYear) -> String {
    format!("{}の評価はロックされているため、評価もコメントも書き込めません。企画担当がロックを解除するまでお待ちください。", year.label())
}

/// Refuses a change to a department's results of `year` — KPI values, the year-end and interim
/// reviews — while the organization's review of that year is locked: the period is closed.
pub(crate) async fn check_results_unlocked(tx: &dyn Tx, org: OrgId, year: FiscalYear) -> Result<()> {
    match tx.review_lock(org, year).await? {
        Some(_) => Err(AppError::State(format!(
            "{}の評価はロックされているため、実績値と振り返りは変更できません。企画担当がロックを解除するまでお待ちください。",
            year.label()
        ))),
        None => Ok(()),
    }
}

/// Refuses a write when the organization's review of `year` is locked.
pub(crate) async fn check_unlocked(tx: &dyn Tx, org: OrgId, year: FiscalYear) -> Result<()> {
    match tx.review_lock(org, year).await? {
        Some(_) => Err(AppError::State(locked_message(year))),
        None => Ok(()),
    }
}

/// Writes one stage's evaluation of a published initiative for `year` (insert, or update from
/// `input.version`). Refused: a locked year, a stage the actor may not write, a stage whose
/// earlier stages are not written yet, a judgement not on the organization's scales, a
/// stale version. One transaction, audited (`stage_evaluations`).
pub async fn write_evaluation(
    db: &(impl crate::Db + ?Sized),
    actor: &Actor,
    initiative: InitiativeId,
    year: FiscalYear,
    input: &EvaluationInput,
) -> Result<i64> {
    let store = crate::db::store(db);
    let tx = store.begin().await?;
    let item = tx.get_initiative(initiative).await?;
    if item.draft.is_some() {
        return Err(AppError::not_found("initiatives", initiative.0));
    }
    let org = item.org_id;
    let dept = match item.department_id {
        Some(d) => Some(tx.get_department(d).await?),
        None => None,
    };
    crate::access::require_staff(actor, org)?;
    let current = tx.review_stages(org).await?;
    let shown: Vec<Stage> = if current.is_empty() { defaults() } else { current.iter().map(Stage::of).collect() };
    let Some(stage) = shown.iter().find(|s| s.position == input.position && s.name == input.stage_name).cloned() else {
        return Err(AppError::State("評価の段階が変更されました。ページを開き直してから記入してください。".into()));
    };
    match (stage.writer, &dept) {
        (StageWriter::Department, Some(d)) => require_department(actor, d)?,
        _ => require_planning(actor, org)?,
    }
    check_unlocked(tx.as_ref(), org, year).await?;
    let judgement = input.judgement.as_deref().map(str::trim).filter(|j| !j.is_empty()).map(str::to_string);
    let comment = input.comment.as_deref().map(str::trim).filter(|c| !c.is_empty()).map(str::to_string);
    if judgement.is_none() && comment.is_none() {
        return Err(AppError::invalid("judgement", "判定かコメントを入力してください"));
    }
    if comment.as_ref().is_some_and(|c| c.chars().count() > MAX_EVALUATION_CHARS) {
        return Err(AppError::invalid(
            "comment",
            format!("コメントは{MAX_EVALUATION_CHARS}文字以内で入力してください"),
        ));
    }
    if let Some(j) = judgement.as_deref() {
        let scales = tx.judgement_scales(org).await?;
        if !scales.is_empty() && !scales.iter().any(|sc| sc.scale.bands().iter().any(|b| b.label == j)) {
            return Err(AppError::invalid("judgement", "判定は一覧から選んでください"));
        }
    }
    let stored = ensure(tx.as_ref(), actor, org).await?;
    let Some(stage) = stored.iter().find(|s| s.name == stage.name) else {
        return Err(AppError::not_found("review_stages", stage.position));
    };
    let mine: Vec<StageEvaluation> =
        tx.stage_evaluations(org, year).await?.into_iter().filter(|e| e.initiative_id == initiative).collect();
    if let Some(missing) =
        stored.iter().filter(|s| s.position < stage.position).find(|s| !mine.iter().any(|e| e.stage_id == s.id))
    {
        return Err(AppError::State(format!("「{}」が記入されてから「{}」を記入できます。", missing.name, stage.name)));
    }
    let existing = mine.iter().find(|e| e.stage_id == stage.id);
    let id = match (existing, input.version) {
        (Some(before), Some(v)) => {
            let after = StageEvaluation {
                judgement,
                comment,
                author_id: actor.user_id(),
                meta: Meta { version: v, ..before.meta },
                ..before.clone()
            };
            tx.update_evaluation(&after).await?;
            let saved = tx.stage_evaluations(org, year).await?.into_iter().find(|e| e.id == before.id);
            audit::record(tx.as_ref(), actor, "stage_evaluations", before.id, "update", Some(before), saved.as_ref())
                .await?;
            before.id
        }
        (None, None) => {
            let new = NewStageEvaluation {
                initiative_id: initiative,
                fiscal_year: year,
                stage_id: stage.id,
                judgement,
                comment,
                author_id: actor.user_id(),
            };
            let id = tx.insert_evaluation(&new).await?;
            let saved = tx.stage_evaluations(org, year).await?.into_iter().find(|e| e.id == id);
            audit::record::<(), _>(tx.as_ref(), actor, "stage_evaluations", id, "insert", None, saved.as_ref()).await?;
            id
        }
        (Some(now), None) => {
            return Err(StoreError::Conflict {
                table: "stage_evaluations",
                id: now.id,
                expected_version: 0,
                actual_version: now.meta.version,
            }
            .into())
        }
        (None, Some(v)) => {
            return Err(StoreError::Conflict {
                table: "stage_evaluations",
                id: initiative.0,
                expected_version: v,
                actual_version: 0,
            }
            .into())
        }
    };
    tx.commit().await?;
    Ok(id)
}

/// Locks (`true`) or unlocks the organization's review of `year` (planning, admin); audited
/// as `lock` / `unlock` on `review_locks`. Returns whether anything changed.
pub async fn set_lock(
    db: &(impl crate::Db + ?Sized),
    actor: &Actor,
    org: OrgId,
    year: FiscalYear,
    locked: bool,
) -> Result<bool> {
    require_planning(actor, org)?;
    let store = crate::db::store(db);
    let tx = store.begin().await?;
    let before = tx.review_lock(org, year).await?;
    let changed = match (locked, before) {
        (true, None) => {
            let Some(id) = tx.insert_lock(org, year, actor.user_id()).await? else {
                return Ok(false);
            };
            let saved = tx.review_lock(org, year).await?;
            audit::record::<(), _>(tx.as_ref(), actor, "review_locks", id, "lock", None, saved.as_ref()).await?;
            true
        }
        (false, Some(l)) => {
            tx.delete_lock(org, year).await?;
            audit::record::<_, ()>(tx.as_ref(), actor, "review_locks", l.id, "unlock", Some(&l), None).await?;
            true
        }
        _ => false,
    };
    tx.commit().await?;
    Ok(changed)
}
