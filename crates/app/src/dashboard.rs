//! The planning dashboard of one fiscal year: where each department's policy stands against
//! the cycle's deadlines, which KPIs are behind and which scheduled milestones have passed
//! without being finished. Read-only; any staff member of the organization may see it.

use crate::access::{require_staff, Actor};
use crate::editing::MAX_INITIATIVES;
use crate::error::Result;
use hoshin_domain::*;
use hoshin_store::{IndicatorStanding, Page};
use std::collections::HashMap;

/// How many behind KPIs are loaded by name (the rest are only counted).
pub const MAX_BEHIND_LISTED: usize = 50;

/// How many overdue milestones are listed (the rest are only counted).
pub const MAX_MILESTONES_LISTED: usize = 200;

/// One top-level department's row.
#[derive(Debug, Clone, PartialEq)]
pub struct DepartmentRow {
    pub department: Department,
    /// The open revision, or the latest one (`None`: the year was never opened for it).
    pub revision: Option<PolicyRevision>,
    /// No revision yet, or still being written (draft / returned).
    pub not_submitted: bool,
    /// The policy deadline has passed and the policy was not submitted.
    pub overdue: bool,
    /// Published initiatives of the year without a progress % once the mid-year deadline has
    /// passed (counted until the year-end deadline takes over).
    pub midyear_missing: usize,
    /// Published initiatives of the year without a result (実績) after the year-end deadline.
    pub yearend_missing: usize,
}

/// A KPI behind its target.
#[derive(Debug, Clone, PartialEq)]
pub struct BehindKpi {
    pub id: IndicatorId,
    pub name: String,
    pub owner: Option<IndicatorOwner>,
}

/// A milestone whose date has passed while its initiative is not finished.
#[derive(Debug, Clone, PartialEq)]
pub struct OverdueMilestone {
    pub initiative: InitiativeId,
    pub initiative_name: String,
    pub department_id: Option<DepartmentId>,
    pub text: String,
    pub due: String,
}

/// Everything the dashboard page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Dashboard {
    pub year: FiscalYear,
    pub today: Day,
    pub cycle: Option<FiscalCycle>,
    pub rows: Vec<DepartmentRow>,
    /// The first [`MAX_BEHIND_LISTED`] behind KPIs.
    pub behind: Vec<BehindKpi>,
    pub behind_total: usize,
    /// The first [`MAX_MILESTONES_LISTED`] overdue milestones, earliest first.
    pub overdue_milestones: Vec<OverdueMilestone>,
    pub overdue_total: usize,
}

/// Whether a date lies strictly before `today`.
pub fn is_past(due: Option<Day>, today: Day) -> bool {
    due.is_some_and(|d| d < today)
}

/// Still being written: no revision, or a draft / returned one.
pub fn not_submitted(state: Option<RevisionState>) -> bool {
    state.is_none_or(|s| s.editable())
}

/// The policy deadline passed without the policy being submitted (or decided).
pub fn policy_overdue(policy_due: Option<Day>, today: Day, state: Option<RevisionState>) -> bool {
    is_past(policy_due, today) && not_submitted(state)
}

/// A milestone is overdue when its date has passed and the initiative's review does not
/// report it finished (progress 100). A schedule entry whose date is text (「6月中旬」) has no
/// date to pass.
pub fn milestone_overdue(due: Option<&str>, today: Day, progress: Option<u8>) -> bool {
    is_past(due.and_then(|d| Day::parse(d).ok()), today) && progress != Some(100)
}

/// The status of an indicator as of `year` from its folded standing: [`Indicator::status_in`]
/// on an indicator rebuilt from the standing (its actuals folded to what the rate needs). The
/// public year summary judges by it too.
pub fn standing_status(s: &IndicatorStanding, year: FiscalYear) -> KpiStatus {
    let num = |v: f64| Quantity { text: v.to_string(), value: Some(v), unit: None, approx: false, qualifier: None };
    let actuals = match (s.cumulative, s.latest, s.total) {
        (true, Some((y, _)), Some(total)) => vec![Actual { fiscal_year: y, value: num(total) }],
        (false, Some((y, v)), _) => vec![Actual { fiscal_year: y, value: num(v) }],
        _ => Vec::new(),
    };
    let ind = Indicator {
        id: s.id,
        org_id: OrgId(0),
        owner: None,
        name: String::new(),
        unit: None,
        direction: s.direction,
        cumulative: s.cumulative,
        baseline: s.baseline.map(num),
        baseline_year: s.baseline_year,
        baseline_note: None,
        target: s.target.map(num),
        target_year: s.target_year,
        actuals,
        sort_order: 0,
        draft: None,
        meta: Meta::default(),
    };
    ind.status_in(year)
}

/// The dashboard of `year` for `org` as of `today`.
pub async fn dashboard(
    store: &(impl crate::Db + ?Sized),
    actor: &Actor,
    org: OrgId,
    year: FiscalYear,
    today: Day,
) -> Result<Dashboard> {
    let store = crate::db::store(store);
    require_staff(actor, org)?;
    let cycle = store.get_cycle(org, year).await?;
    let departments = store.list_departments(org).await?;
    let top_of: HashMap<DepartmentId, DepartmentId> =
        departments.iter().map(|d| (d.id, d.parent_id.unwrap_or(d.id))).collect();

    let mut latest: HashMap<DepartmentId, PolicyRevision> = HashMap::new();
    let mut published: std::collections::HashSet<DepartmentId> = std::collections::HashSet::new();
    for rev in store.year_revisions(org, year).await? {
        if rev.state == RevisionState::Published {
            published.insert(rev.department_id);
        }
        let newer = latest.get(&rev.department_id).is_none_or(|old| rev.number > old.number);
        if newer {
            latest.insert(rev.department_id, rev);
        }
    }

    // Published initiatives of the year and their reviews for that year.
    let initiatives = store.list_initiatives(org, Some(year), Page::first(MAX_INITIATIVES)).await?;
    let ids: Vec<InitiativeId> = initiatives.iter().map(|i| i.id).collect();
    let reviews: HashMap<InitiativeId, GoalReview> = store
        .reviews_of(&ids)
        .await?
        .into_iter()
        .filter(|r| r.fiscal_year == year)
        .map(|r| (r.initiative_id, r))
        .collect();

    // Which reports are due: the year-end one once its deadline has passed, before that the
    // mid-year one once its deadline has passed.
    let due = |f: fn(&FiscalCycle) -> Option<Day>| is_past(cycle.as_ref().and_then(f), today);
    let yearend_passed = due(|c| c.yearend_due);
    let midyear_passed = !yearend_passed && due(|c| c.midyear_due);
    let interim = if midyear_passed {
        crate::notify::deadlines::interim_reported(store, &ids, year).await?
    } else {
        Default::default()
    };
    let lacks = |i: &Initiative| {
        let r = reviews.get(&i.id);
        if yearend_passed {
            r.and_then(|r| r.result.as_deref()).is_none_or(|t| t.trim().is_empty())
        } else {
            midyear_passed && !interim.contains(&i.id) && r.and_then(|r| r.progress).is_none()
        }
    };
    let mut missing: HashMap<DepartmentId, usize> = HashMap::new();
    for i in initiatives.iter().filter(|i| lacks(i)) {
        if let Some(top) = i.department_id.and_then(|d| top_of.get(&d)) {
            *missing.entry(*top).or_default() += 1;
        }
    }

    let policy_due = cycle.as_ref().and_then(|c| c.policy_due);
    let rows = departments
        .iter()
        .filter(|d| d.parent_id.is_none())
        .map(|d| {
            let revision = latest.remove(&d.id);
            let state = revision.as_ref().map(|r| r.state);
            // A policy published this year was submitted: a later revision (mid-year, year-end
            // figures) is not a late policy.
            let done = published.contains(&d.id);
            DepartmentRow {
                department: d.clone(),
                not_submitted: !done && not_submitted(state),
                overdue: !done && policy_overdue(policy_due, today, state),
                midyear_missing: if midyear_passed { missing.get(&d.id).copied().unwrap_or(0) } else { 0 },
                yearend_missing: if yearend_passed { missing.get(&d.id).copied().unwrap_or(0) } else { 0 },
                revision,
            }
        })
        .collect();

    let behind_ids: Vec<IndicatorId> = store
        .indicator_standings(org, year)
        .await?
        .iter()
        .filter(|s| standing_status(s, year) == KpiStatus::Behind)
        .map(|s| s.id)
        .collect();
    let mut behind = Vec::new();
    for id in behind_ids.iter().take(MAX_BEHIND_LISTED) {
        let ind = store.get_indicator(*id).await?;
        behind.push(BehindKpi { id: ind.id, name: ind.name, owner: ind.owner });
    }

    let mut overdue: Vec<OverdueMilestone> = initiatives
        .iter()
        .flat_map(|i| {
            let p = reviews.get(&i.id).and_then(|r| r.progress);
            i.milestones.iter().filter(move |m| !m.done && milestone_overdue(m.due.as_deref(), today, p)).map(
                move |m| OverdueMilestone {
                    initiative: i.id,
                    initiative_name: i.name.clone(),
                    department_id: i.department_id,
                    text: m.text.clone(),
                    due: m.due.clone().unwrap_or_default(),
                },
            )
        })
        .collect();
    overdue.sort_by(|a, b| a.due.cmp(&b.due).then(a.initiative.0.cmp(&b.initiative.0)));
    let overdue_total = overdue.len();
    overdue.truncate(MAX_MILESTONES_LISTED);

    Ok(Dashboard {
        year,
        today,
        cycle,
        rows,
        behind,
        behind_total: behind_ids.len(),
        overdue_milestones: overdue,
        overdue_total,
    })
}

/// The civil date and time (`YYYY-MM-DD`, `HH:MM`) of a Unix-milliseconds instant in Japan.
pub fn jst_date_time(unix_ms: i64) -> (String, String) {
    let at = hoshin_domain::day::jst(unix_ms);
    (Day::of_unix_ms_jst(unix_ms).iso(), format!("{:02}:{:02}", at.hour(), at.minute()))
}

/// A date as [`Day::label`] shows it (「令和7年（2025年）4月1日」); text that is not a date
/// (「6月中旬」) is returned unchanged.
pub fn wareki_date(text: &str) -> String {
    Day::parse(text).map_or_else(|_| text.to_string(), Day::label)
}

/// A Unix-milliseconds instant as a date and time in Japan: 「令和7年（2025年）4月1日 09:30」.
pub fn wareki_time(unix_ms: i64) -> String {
    let (_, t) = jst_date_time(unix_ms);
    format!("{} {t}", Day::of_unix_ms_jst(unix_ms).label())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_is_overdue_only_after_the_deadline_and_before_submission() {
        let d = |s: &str| Day::parse(s).ok();
        let today = Day::parse("2025-05-10").unwrap();
        assert!(policy_overdue(d("2025-05-09"), today, None));
        assert!(policy_overdue(d("2025-05-09"), today, Some(RevisionState::Draft)));
        assert!(policy_overdue(d("2025-05-09"), today, Some(RevisionState::Returned)));
        assert!(!policy_overdue(d("2025-05-10"), today, Some(RevisionState::Draft)), "due today is not late");
        assert!(!policy_overdue(d("2025-05-09"), today, Some(RevisionState::Submitted)));
        assert!(!policy_overdue(d("2025-05-09"), today, Some(RevisionState::Published)));
        assert!(!policy_overdue(None, today, None), "no deadline, never late");
    }

    #[test]
    fn milestones_are_overdue_until_finished() {
        assert!(milestone_overdue(Some("2025-03-31"), Day::parse("2025-04-01").unwrap(), None));
        assert!(milestone_overdue(Some("2025-03-31"), Day::parse("2025-04-01").unwrap(), Some(80)));
        assert!(!milestone_overdue(Some("2025-03-31"), Day::parse("2025-04-01").unwrap(), Some(100)));
        assert!(!milestone_overdue(Some("2025-04-02"), Day::parse("2025-04-01").unwrap(), None));
        assert!(!milestone_overdue(None, Day::parse("2025-04-01").unwrap(), None));
        assert!(!milestone_overdue(Some("3月中"), Day::parse("2025-04-01").unwrap(), None), "text has no date");
    }

    #[test]
    fn not_submitted_means_still_being_written() {
        assert!(not_submitted(None));
        assert!(not_submitted(Some(RevisionState::Draft)));
        assert!(!not_submitted(Some(RevisionState::Approved)));
    }

    #[test]
    fn jst_dates_cross_midnight() {
        // 2025-03-31T15:00:00Z is 2025-04-01 00:00 in Japan.
        assert_eq!(jst_date_time(1_743_433_200_000), ("2025-04-01".to_string(), "00:00".to_string()));
        assert_eq!(jst_date_time(0), ("1970-01-01".to_string(), "09:00".to_string()));
        assert_eq!(jst_date_time(951_782_400_000).0, "2000-02-29");
    }

    #[test]
    fn dates_in_wareki() {
        assert_eq!(wareki_date("2025-04-01"), "令和7年（2025年）4月1日");
        assert_eq!(wareki_date("2019-05-01"), "令和元年（2019年）5月1日");
        assert_eq!(wareki_date("2019-04-30"), "平成31年（2019年）4月30日");
        assert_eq!(wareki_date("1989-01-07"), "1989年1月7日");
        assert_eq!(wareki_date("近日"), "近日");
        // 2024-03-31T15:30:00Z is 2024-04-01 00:30 in Japan.
        assert_eq!(wareki_time(1_711_899_000_000), "令和6年（2024年）4月1日 00:30");
    }
}
