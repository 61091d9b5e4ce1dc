//! The yearly cycle: the planning office opens a fiscal year with its priority themes and
//! deadlines, and each department gets a draft policy for it, copied forward from the
//! previous year (stance, initiatives linked to their predecessors, KPIs with their
//! targets) so nobody retypes. Only the current and the next fiscal year can be opened, and
//! a department whose policy for the year is already published (imported) gets a draft that
//! starts from what is published, never an empty one (issue 12: publishing an empty draft
//! of a past year deleted the published policy). The themes typed here stay off the public
//! pages until the year's first publication.

use crate::access::{require_planning, Actor};
use crate::audit;
use crate::editing::{copy_into, copy_published_rows, family, MAX_INITIATIVES};
use crate::error::{AppError, Result};
use hoshin_domain::*;
use hoshin_store::{NewPriorityTheme, Page, Tx};
use std::collections::HashMap;

/// What the planning office enters to open a year.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OpenYear {
    /// Priority themes (重点項目), in order; existing ones of that year are kept.
    pub themes: Vec<String>,
    pub policy_due: Option<Day>,
    pub midyear_due: Option<Day>,
    pub yearend_due: Option<Day>,
    /// Copy each department's previous-year policy into its new draft.
    pub copy_forward: bool,
}

/// What opening a year did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Opened {
    pub cycle: Option<CycleId>,
    pub themes_added: usize,
    pub drafts: usize,
    pub copied_initiatives: usize,
    /// Drafts that start from the department's already published policy of the year.
    pub from_published: usize,
}

/// A year can be opened on `today` only as the current fiscal year or the next one: a past
/// year's published policies are corrected through a revision of each department
/// (「編集を開始」), a year further ahead is a typo.
pub fn check_openable(year: FiscalYear, today: Day) -> Result<()> {
    let current = today
        .fiscal_year()
        .ok_or_else(|| AppError::invalid("year", format!("日付が読めません：{}", today.label())))?
        .year();
    let label = |y: u16| FiscalYear::new(i64::from(y)).map_or_else(|_| format!("{y}年度"), |f| f.label());
    if year.year() == current || year.year() == current + 1 {
        return Ok(());
    }
    let why = if year.year() < current {
        "過去の年度は開始できません。公開済みの方針を直すときは、各部局のページで「編集を開始」から改訂してください"
    } else {
        "先の年度は開始できません"
    };
    Err(AppError::invalid(
        "year",
        format!(
            "{}は開始できません。開始できるのは今年度（{}）と翌年度（{}）です。{why}",
            year.label(),
            label(current),
            label(current + 1)
        ),
    ))
}

/// A schedule date a year later (29 February becomes the 28th); text that is not a date
/// (「6月中旬」) is carried over as written.
fn shift_due(due: &Option<String>) -> Option<String> {
    let d = due.as_deref()?;
    Some(Day::parse(d).ok().and_then(Day::next_year).map_or_else(|| d.to_string(), Day::iso))
}

/// Opens `year` for `org`: the cycle row, themes, and one draft revision per department
/// (top-level departments; sections are part of their department's policy). One transaction.
/// The deadlines of `year` must come in order (policy, mid-year, year-end) and fall between
/// the April before the fiscal year and the March after it ends.
pub fn check_deadlines(year: FiscalYear, input: &OpenYear) -> Result<()> {
    let y = i32::from(year.year());
    let (Some(first), Some(last)) = (Day::from_ymd(y - 1, 4, 1), Day::from_ymd(y + 2, 3, 31)) else {
        return Ok(());
    };
    let named = [
        ("policy_due", "部局運営方針の期限", &input.policy_due),
        ("midyear_due", "中間報告の期限", &input.midyear_due),
        ("yearend_due", "年度末振り返りの期限", &input.yearend_due),
    ];
    for (field, label, due) in named {
        if let Some(d) = *due {
            if d < first || d > last {
                return Err(AppError::invalid(
                    field,
                    format!(
                        "{label}（{}）は{}の期限として{}から{}の間にしてください",
                        d.label(),
                        year.label(),
                        first.label(),
                        last.label()
                    ),
                ));
            }
        }
    }
    let given: Vec<(&str, &str, Day)> = named.iter().filter_map(|(f, l, d)| d.map(|d| (*f, *l, d))).collect();
    for pair in given.windows(2) {
        let ((_, l1, d1), (f2, l2, d2)) = (pair[0], pair[1]);
        if d2 < d1 {
            return Err(AppError::invalid(
                f2,
                format!("{l2}（{}）は{l1}（{}）より後の日付にしてください", d2.label(), d1.label()),
            ));
        }
    }
    Ok(())
}

pub async fn open_year(
    store: &(impl crate::Db + ?Sized),
    actor: &Actor,
    org: OrgId,
    year: FiscalYear,
    input: &OpenYear,
    today: Day,
) -> Result<Opened> {
    let store = crate::db::store(store);
    require_planning(actor, org)?;
    check_openable(year, today)?;
    check_deadlines(year, input)?;
    let tx = store.begin().await?;
    if tx.get_cycle(org, year).await?.is_some() {
        return Err(AppError::State(format!("{}はすでに開始しています。", year.label())));
    }
    let cycle = tx
        .insert_cycle(&NewCycle {
            org_id: org,
            fiscal_year: year,
            policy_due: input.policy_due,
            midyear_due: input.midyear_due,
            yearend_due: input.yearend_due,
            opened_by: actor.user_id(),
        })
        .await?;
    let created = tx.get_cycle(org, year).await?;
    audit::record::<(), _>(tx.as_ref(), actor, "fiscal_cycles", cycle.0, "open", None, created.as_ref()).await?;
    let mut out = Opened { cycle: Some(cycle), ..Opened::default() };

    let existing = tx.list_themes(org, year).await?;
    let mut order = existing.iter().map(|t| t.sort_order).max().map_or(0, |m| m + 1);
    for name in input.themes.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
        if existing.iter().any(|t| t.name == name) {
            continue;
        }
        add_theme(tx.as_ref(), actor, org, year, name, order).await?;
        order += 1;
        out.themes_added += 1;
    }
    let themes: HashMap<String, ThemeId> =
        tx.list_themes(org, year).await?.into_iter().map(|t| (t.name, t.id)).collect();

    let prev = year.year().checked_sub(1).and_then(|y| FiscalYear::new(i64::from(y)).ok());
    let prev_themes: HashMap<ThemeId, String> = match prev {
        Some(p) => tx.list_themes(org, p).await?.into_iter().map(|t| (t.id, t.name)).collect(),
        None => HashMap::new(),
    };
    for dept in tx.list_departments(org).await?.into_iter().filter(|d| d.parent_id.is_none()) {
        if !tx.revisions_of(dept.id, year).await?.is_empty() {
            continue;
        }
        let fam = family(tx.as_ref(), &dept).await?;
        let published_policy = tx.get_department_policy(dept.id, year).await?;
        let has_published =
            published_policy.is_some() || !tx.departments_initiatives(&fam, year, Page::first(1)).await?.is_empty();
        let old_policy = match (input.copy_forward, prev) {
            (true, Some(p)) if !has_published => tx.get_department_policy(dept.id, p).await?,
            _ => None,
        };
        let start = published_policy.as_ref().or(old_policy.as_ref());
        let rev = tx
            .insert_revision(&NewRevision {
                department_id: dept.id,
                fiscal_year: year,
                stance: start.map(|p| p.stance.clone()).unwrap_or_default(),
                notes: published_policy.as_ref().and_then(|p| p.notes.clone()),
                created_by: actor.user_id(),
            })
            .await?;
        out.drafts += 1;
        if has_published {
            // What the public sees of this year is the draft's starting point: publishing
            // it unchanged changes nothing.
            out.copied_initiatives += copy_published_rows(tx.as_ref(), rev, &fam, year).await?;
            out.from_published += 1;
        } else if let (true, Some(p)) = (input.copy_forward, prev) {
            for old in tx.departments_initiatives(&fam, p, Page::first(MAX_INITIATIVES)).await? {
                let theme = old.theme_id.and_then(|t| prev_themes.get(&t)).and_then(|n| themes.get(n)).copied();
                let new = NewInitiative {
                    org_id: old.org_id,
                    department_id: old.department_id,
                    fiscal_year: Some(year),
                    period_end: old.period_end,
                    kind: old.kind,
                    theme_id: theme,
                    name: old.name.clone(),
                    summary: old.summary.clone(),
                    reform_perspectives: old.reform_perspectives.clone(),
                    reform_text: old.reform_text.clone(),
                    sdg_goals: old.sdg_goals.clone(),
                    milestones: old
                        .milestones
                        .iter()
                        .map(|m| Milestone { text: m.text.clone(), due: shift_due(&m.due), done: false })
                        .collect(),
                    sections: old.sections.clone(),
                    predecessor_id: Some(old.id),
                    node_ids: old.node_ids.clone(),
                    sort_order: old.sort_order,
                };
                copy_into(tx.as_ref(), rev, &old, new, false, true).await?;
                out.copied_initiatives += 1;
            }
        }
        let created = tx.get_revision(rev).await?;
        audit::record::<(), _>(tx.as_ref(), actor, "policy_revisions", rev.0, "open", None, Some(&created)).await?;
    }
    tx.commit().await?;
    Ok(out)
}

/// Changes a year's deadlines.
pub async fn set_deadlines(
    store: &(impl crate::Db + ?Sized),
    actor: &Actor,
    org: OrgId,
    year: FiscalYear,
    version: i64,
    input: &OpenYear,
) -> Result<i64> {
    let store = crate::db::store(store);
    require_planning(actor, org)?;
    check_deadlines(year, input)?;
    let tx = store.begin().await?;
    let Some(before) = tx.get_cycle(org, year).await? else {
        return Err(AppError::State(format!("{}はまだ開始されていません。", year.label())));
    };
    let mut after = before.clone();
    after.policy_due = input.policy_due;
    after.midyear_due = input.midyear_due;
    after.yearend_due = input.yearend_due;
    after.meta.version = version;
    let v = tx.update_cycle(&after).await?;
    let saved = tx.get_cycle(org, year).await?;
    audit::record(tx.as_ref(), actor, "fiscal_cycles", before.id.0, "update", Some(&before), saved.as_ref()).await?;
    tx.commit().await?;
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::{check_openable, shift_due};
    use hoshin_domain::{Day, FiscalYear};

    #[test]
    fn deadlines_move_a_year() {
        assert_eq!(shift_due(&Some("2024-06-30".into())).as_deref(), Some("2025-06-30"));
        assert_eq!(shift_due(&Some("2024-02-29".into())).as_deref(), Some("2025-02-28"));
        assert_eq!(shift_due(&Some("令和6年6月30日".into())).as_deref(), Some("2025-06-30"));
        assert_eq!(shift_due(&Some("6月中旬".into())).as_deref(), Some("6月中旬"));
        assert_eq!(shift_due(&None), None);
    }

    #[test]
    fn only_the_current_and_the_next_year_open() {
        let fy = |y| FiscalYear::new(y).unwrap();
        for (today, ok, refused) in
            [("2026-12-04", [2026, 2027], [2025, 2028]), ("2027-02-01", [2026, 2027], [1868, 2024])]
        {
            for y in ok {
                assert!(check_openable(fy(y), Day::parse(today).unwrap()).is_ok(), "{y} on {today}");
            }
            for y in refused {
                assert!(check_openable(fy(y), Day::parse(today).unwrap()).is_err(), "{y} on {today}");
            }
        }
    }
}

/// The fiscal years an organization has opened.
pub async fn cycles(db: &(impl crate::ReadDb + ?Sized), org: OrgId) -> Result<Vec<FiscalCycle>> {
    Ok(crate::db::read(db).list_cycles(org).await?)
}

/// What the 年度の設定 page starts from: the opened years (newest first), the year a new
/// one would copy from (the newest opened, else the newest with data) and that year's theme
/// names. Planning staff and admins only.
#[derive(Debug)]
pub struct CycleSettings {
    pub cycles: Vec<FiscalCycle>,
    pub base: Option<FiscalYear>,
    pub base_themes: Vec<String>,
    /// Each opened year's themes in order, with whether each is public.
    pub themes: Vec<(FiscalYear, Vec<(PriorityTheme, bool)>)>,
}

pub async fn settings(db: &(impl crate::ReadDb + ?Sized), actor: &Actor, org: OrgId) -> Result<CycleSettings> {
    require_planning(actor, org)?;
    let r = crate::db::read(db);
    let mut cycles = r.list_cycles(org).await?;
    cycles.sort_by_key(|c| std::cmp::Reverse(c.fiscal_year));
    let latest_data = r.org_years(&[org]).await?.into_iter().map(|(_, y)| y).max();
    let base = cycles.first().map(|c| c.fiscal_year).or(latest_data);
    let base_themes = match base {
        Some(y) => r.list_themes(org, y).await?.into_iter().map(|t| t.name).collect(),
        None => Vec::new(),
    };
    let mut themes = Vec::new();
    for c in &cycles {
        let public: Vec<ThemeId> = r.published_themes(org, c.fiscal_year).await?.into_iter().map(|t| t.id).collect();
        let mut list = r.list_themes(org, c.fiscal_year).await?;
        list.sort_by_key(|t| (t.sort_order, t.id.0));
        themes.push((c.fiscal_year, list.into_iter().map(|t| (t.clone(), public.contains(&t.id))).collect()));
    }
    Ok(CycleSettings { cycles, base, base_themes, themes })
}

/// One theme's row of the themes form.
#[derive(Debug, Clone, PartialEq)]
pub struct ThemeEdit {
    pub id: ThemeId,
    /// The version the form was drawn from.
    pub version: i64,
    pub name: String,
    /// Where it goes in the list (smaller first); `None` keeps its place.
    pub order: Option<i32>,
    pub remove: bool,
}

/// What the themes form of a year sends: the rows of its themes and new names.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ThemesInput {
    pub edits: Vec<ThemeEdit>,
    pub added: Vec<String>,
}

/// What [`set_themes`] changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ThemesChanged {
    pub changed: usize,
    pub removed: usize,
    pub added: usize,
}

/// The longest theme name.
pub const MAX_THEME_CHARS: usize = 100;

/// Whether a year's priority themes may still be changed on `today`: up to its policy deadline
/// (the day itself included), or at any time when it has none.
pub fn themes_editable(cycle: &FiscalCycle, today: Day) -> bool {
    cycle.policy_due.is_none_or(|d| today <= d)
}

/// Renames, reorders, removes and adds a year's priority themes (重点項目) — planning, until
/// the policy deadline, for themes not yet public. A removed theme is first taken off the
/// drafts' initiatives that used it (each change audited). One transaction; a row changed
/// since the form was drawn refuses the whole form.
pub async fn set_themes(
    store: &(impl crate::Db + ?Sized),
    actor: &Actor,
    org: OrgId,
    year: FiscalYear,
    input: &ThemesInput,
    today: Day,
) -> Result<ThemesChanged> {
    let store = crate::db::store(store);
    require_planning(actor, org)?;
    let tx = store.begin().await?;
    let Some(cycle) = tx.get_cycle(org, year).await? else {
        return Err(AppError::State(format!("{}はまだ開始されていません。", year.label())));
    };
    if !themes_editable(&cycle, today) {
        let due = cycle.policy_due.map(Day::label).unwrap_or_default();
        return Err(AppError::State(format!(
            "{}の重点項目は、部局運営方針の期限（{due}）を過ぎたため変更できません。",
            year.label()
        )));
    }
    let themes = tx.list_themes(org, year).await?;
    let public: Vec<ThemeId> = tx.published_themes(org, year).await?.into_iter().map(|t| t.id).collect();
    let mut out = ThemesChanged::default();
    let mut names: Vec<String> = Vec::new();
    let mut removed: Vec<ThemeId> = Vec::new();
    for t in &themes {
        let Some(e) = input.edits.iter().find(|e| e.id == t.id) else {
            names.push(t.name.clone());
            continue;
        };
        let name = e.name.trim();
        let changes = e.remove || name != t.name || e.order.is_some_and(|o| o != t.sort_order);
        if changes && public.contains(&t.id) {
            return Err(AppError::invalid(
                "themes",
                format!("「{}」は公開済みのため変更できません（公開ページに表示されています）", t.name),
            ));
        }
        if e.remove {
            removed.push(t.id);
            continue;
        }
        check_theme_name(name)?;
        names.push(name.to_string());
    }
    if let Some(e) = input.edits.iter().find(|e| !themes.iter().any(|t| t.id == e.id)) {
        return Err(AppError::invalid("themes", format!("重点項目（番号{}）はこの年度のものではありません", e.id)));
    }
    let added: Vec<&str> = input.added.iter().map(|a| a.trim()).filter(|a| !a.is_empty()).collect();
    for a in &added {
        check_theme_name(a)?;
    }
    names.extend(added.iter().map(|a| a.to_string()));
    let mut seen = std::collections::HashSet::new();
    if let Some(dup) = names.iter().find(|n| !seen.insert(n.as_str())) {
        return Err(AppError::invalid("themes", format!("重点項目「{dup}」が重複しています")));
    }

    // Drafts that used a removed theme lose it first, audited like an edit.
    if !removed.is_empty() {
        for rev in tx.year_revisions(org, year).await?.into_iter().filter(|r| r.state != RevisionState::Published) {
            for i in tx.revision_initiatives(rev.id).await? {
                if i.theme_id.is_some_and(|t| removed.contains(&t)) {
                    let mut after = i.clone();
                    after.theme_id = None;
                    tx.update_initiative(&after).await?;
                    let saved = tx.get_initiative(i.id).await?;
                    audit::record(tx.as_ref(), actor, "initiatives", i.id.0, "update", Some(&i), Some(&saved)).await?;
                }
            }
        }
    }
    for t in &themes {
        let Some(e) = input.edits.iter().find(|e| e.id == t.id) else { continue };
        if e.remove {
            tx.delete_theme(t.id, e.version).await?;
            audit::record::<_, ()>(tx.as_ref(), actor, "priority_themes", t.id.0, "delete", Some(t), None).await?;
            out.removed += 1;
            continue;
        }
        let mut after = t.clone();
        after.name = e.name.trim().to_string();
        after.sort_order = e.order.unwrap_or(t.sort_order);
        if after.name == t.name && after.sort_order == t.sort_order {
            if e.version != t.meta.version {
                return Err(AppError::Conflict {
                    table: "priority_themes",
                    id: t.id.0,
                    expected_version: e.version,
                    actual_version: t.meta.version,
                });
            }
            continue;
        }
        after.meta.version = e.version;
        tx.update_theme(&after).await?;
        let saved = tx.get_theme(t.id).await?;
        audit::record(tx.as_ref(), actor, "priority_themes", t.id.0, "update", Some(t), Some(&saved)).await?;
        out.changed += 1;
    }
    // New ones go after every kept one, wherever the form moved those.
    let kept = themes
        .iter()
        .filter(|t| !removed.contains(&t.id))
        .map(|t| input.edits.iter().find(|e| e.id == t.id).and_then(|e| e.order).unwrap_or(t.sort_order));
    let first = kept.max().map_or(0, |m| m + 1);
    for (order, name) in (first..).zip(added) {
        add_theme(tx.as_ref(), actor, org, year, name, order).await?;
        out.added += 1;
    }
    tx.commit().await?;
    Ok(out)
}

/// A theme typed by planning, audited; internal until the year's first publication.
async fn add_theme(
    tx: &dyn Tx,
    actor: &Actor,
    org: OrgId,
    year: FiscalYear,
    name: &str,
    order: i32,
) -> Result<ThemeId> {
    let new = NewPriorityTheme {
        org_id: org,
        fiscal_year: year,
        name: name.to_string(),
        sort_order: order,
        published: false,
    };
    let id = tx.insert_theme(&new).await?;
    let theme = tx.get_theme(id).await?;
    audit::record::<(), _>(tx, actor, "priority_themes", id.0, "insert", None, Some(&theme)).await?;
    Ok(id)
}

fn check_theme_name(name: &str) -> Result<()> {
    if name.is_empty() {
        return Err(AppError::invalid("themes", "重点項目の名前を入力してください（消すときは「削除」を選びます）"));
    }
    if name.chars().count() > MAX_THEME_CHARS {
        return Err(AppError::invalid("themes", format!("重点項目の名前は{MAX_THEME_CHARS}文字以内にしてください")));
    }
    Ok(())
}
