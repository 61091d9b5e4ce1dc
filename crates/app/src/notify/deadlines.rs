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
use crate::dashboard::wareki_date;
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

    pub fn due(self, c: &FiscalCycle) -> Option<&str> {
        match self {
            DeadlineKind::Policy => c.policy_due.as_deref(),
            DeadlineKind::Midyear => c.midyear_due.as_deref(),
            DeadlineKind::Yearend => c.yearend_due.as_deref(),
        }
        .filter(|d| !d.is_empty())
    }
}

/// Days since 1970-01-01 of an ISO date (`YYYY-MM-DD`), `None` for anything else.
pub fn day_number(iso: &str) -> Option<i64> {
    let mut p = iso.split('-');
    let (y, m, d) = (p.next()?.parse::<i64>().ok()?, p.next()?.parse::<i64>().ok()?, p.next()?.parse::<i64>().ok()?);
    if p.next().is_some() || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
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

/// The reminder due for a deadline on day `due` when it is day `today` (day numbers): the
/// smallest "before" offset whose day has come, up to the deadline itself; after it, the
/// largest "after" offset reached, for [`GRACE_DAYS`].
pub fn reminder_due(due: i64, today: i64, before: &[u32], after: &[u32]) -> Option<Offset> {
    if today <= due {
        before.iter().copied().filter(|o| today >= due - i64::from(*o)).min().map(Offset::Before)
    } else {
        after
            .iter()
            .copied()
            .filter(|o| today >= due + i64::from(*o))
            .max()
            .filter(|o| today <= due + i64::from(*o) + GRACE_DAYS)
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
        for i in &initiatives {
            let r = reviews.get(&i.id);
            let lacks = match kind {
                DeadlineKind::Midyear => r.and_then(|r| r.progress).is_none(),
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

/// What one server already reminded of today: (cycle, deadline, date, offset) passes that
/// finished, so that later runs of the same day skip reading the year again. Only saves work:
/// the database's keys are what makes a reminder once-only (a new server starts empty).
#[derive(Debug, Default)]
pub struct Memo {
    day: String,
    done: HashSet<String>,
}

/// Writes the reminders due on `today` (ISO date) for every organization, each department's
/// in its own transaction; returns how many inbox rows were new. Safe to run any number of
/// times, on any number of servers: a reminder already written is not written again.
pub async fn remind(store: &dyn Store, settings: &NotifySettings, today: &str) -> Result<usize> {
    remind_with(store, settings, today, &mut Memo::default()).await
}

/// [`remind`], skipping the passes `memo` says this server finished today.
pub async fn remind_with(store: &dyn Store, settings: &NotifySettings, today: &str, memo: &mut Memo) -> Result<usize> {
    if memo.day != today {
        *memo = Memo { day: today.to_string(), done: HashSet::new() };
    }
    let Some(day) = day_number(today) else { return Ok(0) };
    let max_before = settings.remind_before.iter().copied().max().map_or(0, i64::from);
    let max_after = settings.remind_after.iter().copied().max().map_or(0, i64::from);
    let from = iso(day - max_after - GRACE_DAYS);
    let to = iso(day + max_before);
    let mut written = 0;
    for cycle in store.cycles_due_between(&from, &to).await? {
        let mut users: Option<Vec<User>> = None;
        for kind in DeadlineKind::ALL {
            let Some(due) = kind.due(&cycle) else { continue };
            let Some(due_day) = day_number(due) else { continue };
            let Some(offset) = reminder_due(due_day, day, &settings.remind_before, &settings.remind_after) else {
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
                let msg = reminder(&cycle, kind, due, &dept, offset, due_day - day);
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
    due: &str,
    dept: &Department,
    offset: Offset,
    left: i64,
) -> Message {
    let what = format!("{}の{}{}", dept.name, cycle.fiscal_year.label(), kind.label());
    let date = wareki_date(due);
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

/// The ISO date of a day number.
fn iso(day: i64) -> String {
    crate::dashboard::jst_date_time(day * 86_400_000 - 9 * 3_600_000).0
}

/// A department behind on the current deadline of an open year, for planning.
#[derive(Debug, Clone, PartialEq)]
pub struct NotUpdated {
    pub year: FiscalYear,
    pub kind: DeadlineKind,
    /// ISO date.
    pub due: String,
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
    today: &str,
) -> Result<Vec<NotUpdated>> {
    require_planning(actor, org)?;
    let Some(day) = day_number(today) else { return Ok(Vec::new()) };
    let this_year = crate::cycle::fiscal_year_of(today).map_or(0, i64::from);
    let lead = settings.remind_before.iter().copied().max().map_or(0, i64::from);
    let mut out = Vec::new();
    for cycle in store.list_cycles(org).await? {
        let y = i64::from(cycle.fiscal_year.year());
        if y < this_year - 1 {
            continue;
        }
        let current = DeadlineKind::ALL
            .into_iter()
            .filter_map(|k| Some((k, k.due(&cycle)?, day_number(k.due(&cycle)?)?)))
            .filter(|(_, _, d)| day >= d - lead)
            .max_by_key(|(_, _, d)| *d);
        let Some((kind, due, due_day)) = current else { continue };
        if y < this_year && day > due_day + LIST_DAYS_AFTER {
            continue;
        }
        for (department, state) in behind(store, org, cycle.fiscal_year, kind).await? {
            out.push(NotUpdated {
                year: cycle.fiscal_year,
                kind,
                due: due.to_string(),
                days_left: due_day - day,
                department,
                state,
            });
        }
    }
    out.sort_by_key(|n| (n.days_left, n.year, n.department.sort_order, n.department.id.0));
    Ok(out)
}

/// [`not_updated`] as of the app's today, with its settings (for the inbox page).
pub async fn not_updated_now(app: &crate::App, actor: &Actor, org: OrgId) -> Result<Vec<NotUpdated>> {
    not_updated(app.store.as_ref(), actor, org, &app.notify, &app.today()).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_round_trip() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2026-03-01").zip(day_number("2026-02-28")).map(|(a, b)| a - b), Some(1));
        assert_eq!(day_number("2024-03-01").zip(day_number("2024-02-28")).map(|(a, b)| a - b), Some(2));
        for d in ["2026-05-31", "2000-02-29", "2027-01-01"] {
            assert_eq!(iso(day_number(d).unwrap_or_default()), d);
        }
        assert_eq!(day_number("令和8年"), None);
    }

    #[test]
    fn one_reminder_per_offset_reached() {
        let (b, a) = (&[15, 3][..], &[3][..]);
        assert_eq!(reminder_due(100, 84, b, a), None, "16 days before");
        assert_eq!(reminder_due(100, 85, b, a), Some(Offset::Before(15)));
        assert_eq!(reminder_due(100, 96, b, a), Some(Offset::Before(15)));
        assert_eq!(reminder_due(100, 97, b, a), Some(Offset::Before(3)), "the closer one takes over");
        assert_eq!(reminder_due(100, 100, b, a), Some(Offset::Before(3)), "the day itself");
        assert_eq!(reminder_due(100, 101, b, a), None);
        assert_eq!(reminder_due(100, 103, b, a), Some(Offset::After(3)));
        assert_eq!(reminder_due(100, 110, b, a), Some(Offset::After(3)), "late, within the grace days");
        assert_eq!(reminder_due(100, 111, b, a), None);
        assert_eq!(reminder_due(100, 90, &[], &[]), None);
    }
}
