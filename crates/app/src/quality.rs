//! The sheet-quality check of a policy revision (issue 15): gathers the revision's stance,
//! initiatives, their KPIs and reviews of the year, the organization's judgement scales and
//! the year's deadlines, and runs [`hoshin_domain::quality::check`] over them. Shown to the
//! editor on the revision's page before submitting, and to the planning office beside it.

use crate::error::Result;
use hoshin_domain::quality::{check, Context, Finding, Sheet};
use hoshin_domain::*;
use std::collections::HashMap;

/// The findings for a revision, in page order: the stance first, then each initiative.
/// `today` decides whether the year's review is due: from the mid-year deadline
/// on (the year-end one when the year has no mid-year deadline), or once the fiscal year has
/// ended; before that a review is checked only when someone has started writing it.
pub async fn of_revision(r: &(impl crate::ReadDb + ?Sized), rev: RevisionId, today: Day) -> Result<Vec<Finding>> {
    let r = crate::db::read(r);
    let rev = r.get_revision(rev).await?;
    let dept = r.get_department(rev.department_id).await?;
    let items = r.revision_initiatives(rev.id).await?;
    let mut kpis: HashMap<InitiativeId, Vec<Indicator>> = HashMap::new();
    for k in r.revision_indicators(rev.id).await? {
        if let Some(IndicatorOwner::Initiative(i)) = k.owner {
            kpis.entry(i).or_default().push(k);
        }
    }
    let ids: Vec<InitiativeId> = items.iter().map(|i| i.id).collect();
    let reviews: HashMap<InitiativeId, GoalReview> = r
        .reviews_of(&ids)
        .await?
        .into_iter()
        .filter(|g| g.fiscal_year == rev.fiscal_year)
        .map(|g| (g.initiative_id, g))
        .collect();
    let scales: Vec<JudgementScale> = r.judgement_scales(dept.org_id).await?.into_iter().map(|s| s.scale).collect();
    let cycle = r.get_cycle(dept.org_id, rev.fiscal_year).await?;
    let cx = Context {
        year: rev.fiscal_year,
        scales: &scales,
        review_due: review_due(cycle.as_ref(), rev.fiscal_year, today),
    };
    let none: Vec<Indicator> = Vec::new();
    let sheets: Vec<Sheet<'_>> = items
        .iter()
        .map(|i| Sheet { initiative: i, indicators: kpis.get(&i.id).unwrap_or(&none), review: reviews.get(&i.id) })
        .collect();
    Ok(check(Some(&rev.stance), &sheets, &cx))
}

/// Whether the review of `year` is due on `today`: from its first review deadline, or once
/// the year has ended.
pub fn review_due(cycle: Option<&FiscalCycle>, year: FiscalYear, today: Day) -> bool {
    let due = cycle.and_then(|c| c.midyear_due.or(c.yearend_due));
    let ended = today.fiscal_year().is_some_and(|y| y > year);
    due.is_some_and(|d| today >= d) || ended
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Day {
        Day::parse(s).unwrap()
    }

    fn cycle(mid: Option<&str>, end: Option<&str>) -> FiscalCycle {
        FiscalCycle {
            id: CycleId(1),
            org_id: OrgId(1),
            fiscal_year: FiscalYear::new(2026).unwrap(),
            policy_due: Day::from_ymd(2026, 5, 31),
            midyear_due: mid.map(day),
            yearend_due: end.map(day),
            opened_by: None,
            published_by: None,
            published_at: None,
            published_on: None,
            meta: Meta::default(),
        }
    }

    #[test]
    fn review_is_due_from_the_first_review_deadline_or_the_years_end() {
        let y = FiscalYear::new(2026).unwrap();
        let both = cycle(Some("2026-10-31"), Some("2027-04-30"));
        assert!(!review_due(Some(&both), y, day("2026-10-30")));
        assert!(review_due(Some(&both), y, day("2026-10-31")));
        let end_only = cycle(None, Some("2027-04-30"));
        assert!(!review_due(Some(&end_only), y, day("2027-03-31")));
        assert!(review_due(Some(&end_only), y, day("2027-04-01")), "the year has ended");
        assert!(!review_due(None, y, day("2026-12-01")));
        assert!(review_due(None, y, day("2027-04-01")));
    }
}
