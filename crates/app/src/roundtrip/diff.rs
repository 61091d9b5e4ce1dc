//! The difference between a workbook and the current draft, field by field, and the writes
//! that would make the draft say what the workbook says. Rows are matched by their ID; a row
//! missing from the workbook leaves its record untouched (only a row marked in the 削除 column
//! removes one); rows without an ID are new. Row order is not read (use the page to reorder).

use super::read::{KpiRow, Parsed};
use super::snapshot::{Item, Snapshot};
use super::write::direction_text;
use crate::editing::{IndicatorInput, InitiativeInput, ReviewInput};
use crate::field_text::{milestones_text, perspectives_text, sdgs_text};
use hoshin_domain::*;

/// Added, changed or removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    Added,
    Changed,
    Removed,
}

impl ChangeKind {
    pub fn label(self) -> &'static str {
        match self {
            Self::Added => "追加",
            Self::Changed => "変更",
            Self::Removed => "削除",
        }
    }
}

/// One field's values: what is saved now and what the workbook says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    pub label: String,
    pub before: String,
    pub after: String,
}

/// One record's change, for the preview.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub kind: ChangeKind,
    /// 「基本的考え方」「取組「…」」「取組「…」の指標「…」」.
    pub subject: String,
    pub fields: Vec<FieldChange>,
}

/// A write to make, with the version the workbook was made from.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    Stance {
        version: i64,
        stance: String,
        notes: Option<String>,
    },
    UpdateInitiative {
        id: InitiativeId,
        version: i64,
        input: InitiativeInput,
    },
    RemoveInitiative {
        id: InitiativeId,
        version: i64,
    },
    Review {
        initiative: InitiativeId,
        version: Option<i64>,
        input: ReviewInput,
    },
    /// A new initiative, and its review when the row has one.
    AddInitiative {
        input: InitiativeInput,
        review: Option<ReviewInput>,
    },
    /// A KPI's definition (`def`) and/or the year's actual (`actual`).
    UpdateKpi {
        id: IndicatorId,
        version: i64,
        def: Option<IndicatorInput>,
        actual: Option<String>,
    },
    RemoveKpi {
        id: IndicatorId,
        version: i64,
    },
    AddKpi {
        initiative: InitiativeId,
        input: IndicatorInput,
        actual: Option<String>,
    },
}

/// The preview and the writes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plan {
    pub changes: Vec<Change>,
    pub ops: Vec<Op>,
}

fn opt(s: &Option<String>) -> String {
    s.as_deref().map(str::trim).unwrap_or_default().to_string()
}

/// Labelled texts of what an initiative row holds (the workbook's column titles).
fn initiative_fields(
    s: &Snapshot,
    i: &InitiativeInput,
    current_section: Option<DepartmentId>,
) -> Vec<(&'static str, String)> {
    vec![
        ("取組名", i.name.trim().to_string()),
        ("重点項目", s.theme_name(i.theme_id)),
        ("担当課", s.section_name(i.section.or(current_section))),
        ("取組の概要", opt(&i.summary)),
        ("スケジュール（目標）", milestones_text(&i.milestones)),
        ("行革の視点", perspectives_text(&i.reform_perspectives)),
        ("行革の視点からの取組内容", opt(&i.reform_text)),
        ("SDGs", sdgs_text(&i.sdg_goals)),
        ("関連する計画", s.links_text(&i.node_ids)),
    ]
}

/// What to save for a changed initiative: the workbook's value of each field whose text
/// changed, the stored value of every other (so a field the workbook cannot show exactly — a
/// theme of another year, a schedule's internal form — is never rewritten by a neighbour's edit).
fn merged(
    s: &Snapshot,
    now: &InitiativeInput,
    row: &InitiativeInput,
    section: Option<DepartmentId>,
) -> InitiativeInput {
    let before = initiative_fields(s, now, None);
    let after = initiative_fields(s, row, section);
    let changed = |label: &str| before.iter().zip(&after).any(|((l, b), (_, a))| *l == label && b.trim() != a.trim());
    let mut out = now.clone();
    out.section = None; // kept unless changed below
    if changed("取組名") {
        out.name = row.name.clone();
    }
    if changed("重点項目") {
        out.theme_id = row.theme_id;
    }
    if changed("担当課") {
        out.section = row.section;
    }
    if changed("取組の概要") {
        out.summary = row.summary.clone();
    }
    if changed("スケジュール（目標）") {
        out.milestones = row.milestones.clone();
    }
    if changed("行革の視点") {
        out.reform_perspectives = row.reform_perspectives.clone();
    }
    if changed("行革の視点からの取組内容") {
        out.reform_text = row.reform_text.clone();
    }
    if changed("SDGs") {
        out.sdg_goals = row.sdg_goals.clone();
    }
    if changed("関連する計画") {
        out.node_ids = row.node_ids.clone();
    }
    out
}

fn review_fields(r: &ReviewInput) -> Vec<(&'static str, String)> {
    vec![
        ("実績", opt(&r.result)),
        ("課題・今後の方向性", opt(&r.issues_next)),
        ("進捗率", r.progress.map(|p| format!("{p}%")).unwrap_or_default()),
        ("判定", opt(&r.judgement)),
    ]
}

fn kpi_fields(k: &IndicatorInput) -> Vec<(&'static str, String)> {
    let year = |y: Option<FiscalYear>| y.map(FiscalYear::label).unwrap_or_default();
    vec![
        ("指標名", k.name.trim().to_string()),
        ("単位", opt(&k.unit)),
        ("方向", direction_text(k.direction).to_string()),
        ("累計", if k.cumulative { "累計" } else { "" }.to_string()),
        ("現状値", opt(&k.baseline)),
        ("基準年度", year(k.baseline_year)),
        ("目標値", opt(&k.target)),
        ("目標年度", year(k.target_year)),
    ]
}

/// The fields that differ (trimmed text compared).
fn differing(before: &[(&str, String)], after: &[(&str, String)]) -> Vec<FieldChange> {
    before
        .iter()
        .zip(after)
        .filter(|((_, b), (_, a))| b.trim() != a.trim())
        .map(|((l, b), (_, a))| FieldChange { label: (*l).to_string(), before: b.clone(), after: a.clone() })
        .collect()
}

/// Every field, for an added or removed record.
fn all(fields: &[(&str, String)], added: bool) -> Vec<FieldChange> {
    fields
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(l, v)| {
            let (before, after) = if added { (String::new(), v.clone()) } else { (v.clone(), String::new()) };
            FieldChange { label: (*l).to_string(), before, after }
        })
        .collect()
}

pub fn initiative_as_input(i: &Initiative) -> InitiativeInput {
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
        budget_codes: None,
    }
}

fn review_as_input(r: Option<&GoalReview>) -> ReviewInput {
    r.map(|r| ReviewInput {
        result: r.result.clone(),
        issues_next: r.issues_next.clone(),
        progress: r.progress,
        judgement: r.judgement.clone(),
    })
    .unwrap_or_default()
}

fn kpi_as_input(k: &Indicator) -> IndicatorInput {
    IndicatorInput {
        name: k.name.clone(),
        unit: k.unit.clone(),
        direction: k.direction,
        cumulative: k.cumulative,
        baseline: k.baseline.as_ref().map(|q| q.text.clone()),
        baseline_year: k.baseline_year,
        target: k.target.as_ref().map(|q| q.text.clone()),
        target_year: k.target_year,
    }
}

fn is_empty_review(r: &ReviewInput) -> bool {
    review_fields(r).iter().all(|(_, v)| v.is_empty())
}

/// The plan that turns the draft into what the workbook says.
pub fn plan(s: &Snapshot, p: &Parsed) -> Plan {
    let mut out = Plan::default();
    let year = s.revision.fiscal_year;
    let rev = &s.revision;
    if rev.stance.trim() != p.stance.trim() || opt(&rev.notes) != opt(&p.notes) {
        let before = [("基本的考え方", rev.stance.trim().to_string()), ("備考", opt(&rev.notes))];
        let after = [("基本的考え方", p.stance.trim().to_string()), ("備考", opt(&p.notes))];
        out.changes.push(Change {
            kind: ChangeKind::Changed,
            subject: "基本的考え方".into(),
            fields: differing(&before, &after),
        });
        out.ops.push(Op::Stance { version: rev.meta.version, stance: p.stance.clone(), notes: p.notes.clone() });
    }
    let removed: Vec<InitiativeId> = p.initiatives.iter().filter(|r| r.remove).filter_map(|r| r.id).collect();
    for row in &p.initiatives {
        let Some(item) = row.id.and_then(|id| s.item(id)) else {
            // A new initiative.
            let mut fields = all(&initiative_fields(s, &row.input, Some(s.department.id)), true);
            let review = (!is_empty_review(&row.review)).then(|| row.review.clone());
            if let Some(r) = &review {
                fields.extend(all(&review_fields(r), true));
            }
            out.changes.push(Change {
                kind: ChangeKind::Added,
                subject: format!("取組「{}」", row.input.name.trim()),
                fields,
            });
            out.ops.push(Op::AddInitiative { input: row.input.clone(), review });
            continue;
        };
        let i = &item.initiative;
        let now = initiative_as_input(i);
        if row.remove {
            let mut fields = all(&initiative_fields(s, &now, None), false);
            fields.extend(item.kpis.iter().map(|k| FieldChange {
                label: "指標".into(),
                before: k.name.clone(),
                after: String::new(),
            }));
            out.changes.push(Change { kind: ChangeKind::Removed, subject: format!("取組「{}」", i.name), fields });
            out.ops.push(Op::RemoveInitiative { id: i.id, version: i.meta.version });
            continue;
        }
        let fields = differing(&initiative_fields(s, &now, None), &initiative_fields(s, &row.input, i.department_id));
        if !fields.is_empty() {
            out.changes.push(Change { kind: ChangeKind::Changed, subject: format!("取組「{}」", i.name), fields });
            let input = merged(s, &now, &row.input, i.department_id);
            out.ops.push(Op::UpdateInitiative { id: i.id, version: i.meta.version, input });
        }
        let before = review_as_input(item.review.as_ref());
        let fields = differing(&review_fields(&before), &review_fields(&row.review));
        if !fields.is_empty() {
            out.changes.push(Change {
                kind: if item.review.is_some() { ChangeKind::Changed } else { ChangeKind::Added },
                subject: format!("取組「{}」の{}の振り返り", i.name, year.label()),
                fields,
            });
            out.ops.push(Op::Review {
                initiative: i.id,
                version: item.review.as_ref().map(|r| r.meta.version),
                input: row.review.clone(),
            });
        }
    }
    for row in &p.kpis {
        if removed.contains(&row.initiative) {
            continue; // goes with its initiative
        }
        kpi_plan(s, row, &mut out);
    }
    out
}

fn kpi_plan(s: &Snapshot, row: &KpiRow, out: &mut Plan) {
    let year = s.revision.fiscal_year;
    let owner = s.item(row.initiative).map_or_else(String::new, |it: &Item| it.initiative.name.clone());
    let actual_label = format!("実績（{}）", year.label());
    let Some((_, k)) = row.id.and_then(|id| s.kpi(id)) else {
        let mut fields = all(&kpi_fields(&row.input), true);
        if !row.actual.is_empty() {
            fields.push(FieldChange { label: actual_label, before: String::new(), after: row.actual.clone() });
        }
        out.changes.push(Change {
            kind: ChangeKind::Added,
            subject: format!("取組「{owner}」の指標「{}」", row.input.name.trim()),
            fields,
        });
        out.ops.push(Op::AddKpi {
            initiative: row.initiative,
            input: row.input.clone(),
            actual: (!row.actual.is_empty()).then(|| row.actual.clone()),
        });
        return;
    };
    let subject = format!("取組「{owner}」の指標「{}」", k.name);
    if row.remove {
        out.changes.push(Change {
            kind: ChangeKind::Removed,
            subject,
            fields: all(&kpi_fields(&kpi_as_input(k)), false),
        });
        out.ops.push(Op::RemoveKpi { id: k.id, version: k.meta.version });
        return;
    }
    let now = kpi_as_input(k);
    let mut fields = differing(&kpi_fields(&now), &kpi_fields(&row.input));
    let def = (!fields.is_empty()).then(|| row.input.clone());
    let current =
        k.actuals.iter().find(|a| a.fiscal_year == year).map(|a| a.value.text.trim().to_string()).unwrap_or_default();
    let actual = (current != row.actual.trim()).then(|| row.actual.clone());
    if actual.is_some() {
        fields.push(FieldChange { label: actual_label, before: current, after: row.actual.clone() });
    }
    if !fields.is_empty() {
        out.changes.push(Change { kind: ChangeKind::Changed, subject, fields });
        out.ops.push(Op::UpdateKpi { id: k.id, version: k.meta.version, def, actual });
    }
}
