//! Deadline reminders and the 「未更新の部局」 list. A year's cycle has up to three deadlines
//! (方針の提出, 中間報告, 年度末の振り返り); a department is *behind* on one when:
//!
//! - 方針の提出: none of its revisions of the year was ever published and the latest is still
//!   being written (or there is none);
//! - 中間報告 / 年度末: its latest revision is being written (or there is none), or it is
//!   published while some of its published initiatives lack the progress % (中間) or the result
//!   (年度末) of the year. A revision waiting for planning (submitted, approved) is not behind.
//!
//! Reminders go to the department's editors: once for the smallest configured "before"
//! offset whose day has come (so a server started late sends one reminder, not several),
//! and once for the largest "after" offset reached, within [`GRACE_DAYS`] of it. Each is keyed
//! by cycle, deadline, its date, department, offset and user, so changing a deadline's date
//! reminds again, and nothing else does.

use super::{deliver, editors_of, policy_path, Message, NotifySettings};
use crate::access::{require_planning, Actor};
use crate::editing::MAX_INITIATIVES;
use crate::error::Result;
use hoshin_domain::*;
use hoshin_store::{Page, Read, Store};
use std::collections::{HashMap, HashSet};

/// How many days after an "after" offset its reminder may still go out (a server that was
/// down on the day sends it late, not never); later it is skipped.
pub const GRACE_DAYS: i64 = 7;

/// How long after its date a past year's deadline stays in the 「未更新の部局」 list.
pub const LIST_DAYS_AFTER: i64 = 60;

/// One of a cycle's deadlines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeadlineKind {
    Policy,
    Midyear,
    Yearend,
}

impl DeadlineKind {
    pub const ALL: [DeadlineKind; 3] = [DeadlineKind::Policy, DeadlineKind::Midyear, DeadlineKind::Yearend];

    pub fn as_str(self) -> &'static str {
        match self {
            DeadlineKind::Policy => "policy",
            DeadlineKind::Midyear => "midyear",
            DeadlineKind::Yearend => "yearend",
        }
    }

    /// As the cycle page names it.
    pub fn label(self) -> &'static str {
        match self {
            DeadlineKind::Policy => "部局運営方針の提出",
            DeadlineKind::Midyear => "中間報告",
            DeadlineKind::Yearend => "年度末の振り返り",
        }
    }

    pub fn due(self, c: &FiscalCycle) -> Option<Day> {
        match self {
            DeadlineKind::Policy => c.policy_due,
            DeadlineKind::Midyear => c.midyear_due,
            DeadlineKind::Yearend => c.yearend_due,
        }
    }
}

/// Which reminder of a deadline is due on `today`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Offset {
    /// This many days before (the configured offset, not the days left).
    Before(u32),
    After(u32),
}

impl Offset {
    fn key(self) -> String {
        match self {
            Offset::Before(n) => format!("b{n}"),
            Offset::After(n) => format!("a{n}"),
        }
    }
}

/// The reminder due for a deadline `left` days away (negative: past it): the smallest
/// "before" offset whose day has come, up to the deadline itself; after it, the largest
/// "after" offset reached, for [`GRACE_DAYS`].
pub fn reminder_due(left: i64, before: &[u32], after: &[u32]) -> Option<Offset> {
    if left >= 0 {
        before.iter().copied().filter(|o| left <= i64::from(*o)).min().map(Offset::Before)
    } else {
        after
            .iter()
            .copied()
            .filter(|o| -left >= i64::from(*o))
            .max()
            .filter(|o| -left <= i64::from(*o) + GRACE_DAYS)
            .map(Offset::After)
    }
}

/// The top-level departments behind on a deadline, with their latest revision's state.
pub async fn behind(
    store: &dyn Read,
    org: OrgId,
    year: FiscalYear,
    kind: DeadlineKind,
) -> Result<Vec<(Department, Option<RevisionState>)>> {
    let departments = store.list_departments(org).await?;
    let mut latest: HashMap<DepartmentId, PolicyRevision> = HashMap::new();
    let mut published: HashSet<DepartmentId> = HashSet::new();
    for rev in store.year_revisions(org, year).await? {
        if rev.state == RevisionState::Published {
            published.insert(rev.department_id);
        }
        if latest.get(&rev.department_id).is_none_or(|old| rev.number > old.number) {
            latest.insert(rev.department_id, rev);
        }
    }
    let mut lacking: HashSet<DepartmentId> = HashSet::new();
    if kind != DeadlineKind::Policy {
        let top_of: HashMap<DepartmentId, DepartmentId> =
            departments.iter().map(|d| (d.id, d.parent_id.unwrap_or(d.id))).collect();
        let initiatives = store.list_initiatives(org, Some(year), Page::first(MAX_INITIATIVES)).await?;
        let ids: Vec<InitiativeId> = initiatives.iter().map(|i| i.id).collect();
        let reviews: HashMap<InitiativeId, GoalReview> = store
            .reviews_of(&ids)
            .await?
            .into_iter()
            .filter(|r| r.fiscal_year == year)
            .map(|r| (r.initiative_id, r))
            .collect();
        // The mid-year report: a review of an interim period of the year (issue 15), or, as
        // before periods existed, a progress figure on the year's review.
        let interim =
            if kind == DeadlineKind::Midyear { interim_reported(store, &ids, year).await? } else { HashSet::new() };
        for i in &initiatives {
            let r = reviews.get(&i.id);
            let lacks = match kind {
                DeadlineKind::Midyear => !interim.contains(&i.id) && r.and_then(|r| r.progress).is_none(),
                _ => r.and_then(|r| r.result.as_deref()).is_none_or(|t| t.trim().is_empty()),
            };
            if let Some(top) = i.department_id.and_then(|d| top_of.get(&d)).filter(|_| lacks) {
                lacking.insert(*top);
            }
        }
    }
    Ok(departments
        .into_iter()
        .filter(|d| d.parent_id.is_none())
        .filter_map(|d| {
            let state = latest.get(&d.id).map(|r| r.state);
            let writing = state.is_none_or(RevisionState::editable);
            let is_behind = match kind {
                DeadlineKind::Policy => writing && !published.contains(&d.id),
                _ => writing || (state == Some(RevisionState::Published) && lacking.contains(&d.id)),
            };
            is_behind.then_some((d, state))
        })
        .collect())
}

/// The initiatives (of `ids`) with an interim report of `year`: a review of an interim period
/// (中間 …) with a progress figure or a result. With a progress % on the year's review, this is
/// what the mid-year deadline asks for (reminders, 未更新の部局, the dashboard's count).
pub(crate) async fn interim_reported(
    store: &dyn Read,
    ids: &[InitiativeId],
    year: FiscalYear,
) -> Result<HashSet<InitiativeId>> {
    if ids.is_empty() {
        return Ok(HashSet::new());
    }
    Ok(store
        .interim_reviews(ids)
        .await?
        .into_iter()
        .filter(|r| r.fiscal_year == year)
        .filter(|r| r.progress.is_some() || r.result.as_deref().is_some_and(|t| !t.trim().is_empty()))
        .map(|r| r.initiative_id)
        .collect())
}

/// What one server already reminded of today: (cycle, deadline, date, offset) passes that
/// finished, so that later runs of the same day skip reading the year again. Only saves work:
/// the database's keys are what makes a reminder once-only (a new server starts empty).
#[derive(Debug, Default)]
pub struct Memo {
    day: Option<Day>,
    done: HashSet<String>,
}

/// Writes the reminders due on `today` for every organization, each department's
/// in its own transaction; returns how many inbox rows were new. Safe to run any number of
/// times, on any number of servers: a reminder already written is not written again.
pub async fn remind(store: &dyn Store, settings: &NotifySettings, today: Day) -> Result<usize> {
    remind_with(store, settings, today, &mut Memo::default()).await
}

/// [`remind`], skipping the passes `memo` says this server finished today.
pub async fn remind_with(store: &dyn Store, settings: &NotifySettings, today: Day, memo: &mut Memo) -> Result<usize> {
    if memo.day != Some(today) {
        *memo = Memo { day: Some(today), done: HashSet::new() };
    }
    let max_before = settings.remind_before.iter().copied().max().map_or(0, i64::from);
    let max_after = settings.remind_after.iter().copied().max().map_or(0, i64::from);
    let (Some(from), Some(to)) = (today.plus_days(-max_after - GRACE_DAYS), today.plus_days(max_before)) else {
        return Ok(0);
    };
    let mut written = 0;
    for cycle in store.cycles_due_between(from, to).await? {
        let mut users: Option<Vec<User>> = None;
        for kind in DeadlineKind::ALL {
            let Some(due) = kind.due(&cycle) else { continue };
            let left = today.days_until(due);
            let Some(offset) = reminder_due(left, &settings.remind_before, &settings.remind_after) else {
                continue;
            };
            let pass = format!("c{}:{}:{due}:{}", cycle.id.0, kind.as_str(), offset.key());
            if memo.done.contains(&pass) {
                continue;
            }
            let late = behind(store, cycle.org_id, cycle.fiscal_year, kind).await?;
            if late.is_empty() {
                memo.done.insert(pass);
                continue;
            }
            if users.is_none() {
                users = Some(store.list_users(cycle.org_id).await?);
            }
            let all = users.as_deref().unwrap_or_default();
            for (dept, _) in late {
                let to = editors_of(all, &dept);
                if to.is_empty() {
                    continue;
                }
                let msg = reminder(&cycle, kind, due, &dept, offset, left);
                let tx = store.begin().await?;
                written += deliver(tx.as_ref(), &to, &msg).await?;
                tx.commit().await?;
            }
            memo.done.insert(pass);
        }
    }
    Ok(written)
}

fn reminder(
    cycle: &FiscalCycle,
    kind: DeadlineKind,
    due: Day,
    dept: &Department,
    offset: Offset,
    left: i64,
) -> Message {
    let what = format!("{}の{}{}", dept.name, cycle.fiscal_year.label(), kind.label());
    let date = due.label();
    let (subject, body) = if left >= 0 {
        (
            if left == 0 {
                format!("【本日期限】{what}")
            } else {
                format!("【期限まであと{left}日】{what}")
            },
            format!("{what}の期限は{date}です。まだ提出（更新）されていません。期限までに入力して提出してください。"),
        )
    } else {
        (
            format!("【期限超過】{what}"),
            format!("{what}の期限（{date}）を{}日過ぎています。まだ提出（更新）されていません。至急入力して提出してください。", -left),
        )
    };
    Message {
        kind: "deadline",
        subject,
        body,
        link: policy_path(cycle.fiscal_year, dept.id),
        key: format!("deadline:c{}:{}:{}:d{}:{}", cycle.id.0, kind.as_str(), due, dept.id.0, offset.key()),
    }
}

/// A department behind on the current deadline of an open year, for planning.
#[derive(Debug, Clone, PartialEq)]
pub struct NotUpdated {
    pub year: FiscalYear,
    pub kind: DeadlineKind,
    pub due: Day,
    /// Days until the deadline; negative: this many days past it.
    pub days_left: i64,
    pub department: Department,
    pub state: Option<RevisionState>,
}

/// 「未更新の部局」: for each year opened for this fiscal year or later (or last year, while its
/// deadline is at most [`LIST_DAYS_AFTER`] days past), the departments behind on that year's
/// current deadline — the latest one whose reminder period has begun. Planning and admin only.
pub async fn not_updated(
    store: &dyn Read,
    actor: &Actor,
    org: OrgId,
    settings: &NotifySettings,
    today: Day,
) -> Result<Vec<NotUpdated>> {
    require_planning(actor, org)?;
    let this_year = today.fiscal_year().map_or(0, |y| i64::from(y.year()));
    let lead = settings.remind_before.iter().copied().max().map_or(0, i64::from);
    let mut out = Vec::new();
    for cycle in store.list_cycles(org).await? {
        let y = i64::from(cycle.fiscal_year.year());
        if y < this_year - 1 {
            continue;
        }
        let current = DeadlineKind::ALL
            .into_iter()
            .filter_map(|k| Some((k, k.due(&cycle)?)))
            .filter(|(_, d)| today.days_until(*d) <= lead)
            .max_by_key(|(_, d)| *d);
        let Some((kind, due)) = current else { continue };
        let days_left = today.days_until(due);
        if y < this_year && -days_left > LIST_DAYS_AFTER {
            continue;
        }
        for (department, state) in behind(store, org, cycle.fiscal_year, kind).await? {
            out.push(NotUpdated { year: cycle.fiscal_year, kind, due, days_left, department, state });
        }
    }
    out.sort_by_key(|n| (n.days_left, n.year, n.department.sort_order, n.department.id.0));
    Ok(out)
}

/// [`not_updated`] as of the app's today, with its settings (for the inbox page).
pub async fn not_updated_now(app: &crate::App, actor: &Actor, org: OrgId) -> Result<Vec<NotUpdated>> {
    not_updated(app.store.as_ref(), actor, org, &app.notify, app.today()).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_reminder_per_offset_reached() {
        let (b, a) = (&[15, 3][..], &[3][..]);
        assert_eq!(reminder_due(16, b, a), None, "16 days before");
        assert_eq!(reminder_due(15, b, a), Some(Offset::Before(15)));
        assert_eq!(reminder_due(4, b, a), Some(Offset::Before(15)));
        assert_eq!(reminder_due(3, b, a), Some(Offset::Before(3)), "the closer one takes over");
        assert_eq!(reminder_due(0, b, a), Some(Offset::Before(3)), "the day itself");
        assert_eq!(reminder_due(-1, b, a), None);
        assert_eq!(reminder_due(-3, b, a), Some(Offset::After(3)));
        assert_eq!(reminder_due(-10, b, a), Some(Offset::After(3)), "late, within the grace days");
        assert_eq!(reminder_due(-11, b, a), None);
        assert_eq!(reminder_due(10, &[], &[]), None);
    }
}
