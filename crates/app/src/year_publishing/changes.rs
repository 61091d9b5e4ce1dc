//! What publishing a revision changes on the public side, read from its draft rows against
//! the published record with the same rules publishing applies (`workflow::*_as_published`,
//! `workflow::live_target`, `workflow::pending_removals`): the year page's confirmation lists
//! it per department before anything is approved or published.

use crate::editing::{family, MAX_INITIATIVES};
use crate::error::Result;
use crate::workflow::{
    indicator_as_published, initiative_as_published, live_target, pending_removals, policy_as_published,
};
use hoshin_domain::*;
use hoshin_store::{Page, RemovalKind};
use std::collections::HashMap;

/// Added, changed or removed on the public pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    Added,
    Changed,
    Removed,
}

impl ChangeKind {
    pub fn label(self) -> &'static str {
        match self {
            ChangeKind::Added => "追加",
            ChangeKind::Changed => "変更",
            ChangeKind::Removed => "削除",
        }
    }
}

/// One initiative or KPI that publishing adds, changes or removes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub kind: ChangeKind,
    pub name: String,
    /// For a KPI: the initiative it belongs to.
    pub of_initiative: Option<String>,
}

/// Everything publishing one revision changes on the public side.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PublicChanges {
    /// The stance (基本的考え方) or the notes differ from the published ones.
    pub stance_changed: bool,
    pub initiatives: Vec<Change>,
    pub indicators: Vec<Change>,
    /// Initiatives whose review of the year — the year-end one or an interim period's (中間 …) —
    /// is added or changed: 実績, 課題, 進捗率, 判定.
    pub reviews: Vec<Change>,
}

impl PublicChanges {
    /// Publishing would leave the public pages as they are.
    pub fn is_empty(&self) -> bool {
        !self.stance_changed && self.initiatives.is_empty() && self.indicators.is_empty() && self.reviews.is_empty()
    }

    /// How many initiatives or KPIs (`kpis`) change in the given way.
    pub fn count(&self, kpis: bool, kind: ChangeKind) -> usize {
        let list = if kpis { &self.indicators } else { &self.initiatives };
        list.iter().filter(|c| c.kind == kind).count()
    }
}

/// What publishing `rev` (a revision of `dept`, a 部) would change now.
pub async fn public_changes(
    db: &(impl crate::ReadDb + ?Sized),
    rev: &PolicyRevision,
    dept: &Department,
) -> Result<PublicChanges> {
    let r = crate::db::read(db);
    let year = rev.fiscal_year;
    let fam = family(r, dept).await?;
    let live: HashMap<InitiativeId, Initiative> = r
        .departments_initiatives(&fam, year, Page::first(MAX_INITIATIVES))
        .await?
        .into_iter()
        .map(|i| (i.id, i))
        .collect();
    let mut out = PublicChanges {
        stance_changed: match r.get_department_policy(dept.id, year).await? {
            Some(before) => policy_as_published(rev, &before) != before,
            None => !rev.stance.trim().is_empty() || rev.notes.as_deref().is_some_and(|n| !n.trim().is_empty()),
        },
        ..PublicChanges::default()
    };
    let items = r.revision_initiatives(rev.id).await?;
    let reviews = ReviewsOf::read(r, &items, &live, year).await?;
    for d in items {
        if let Some(kind) = reviews.change(&d, &live) {
            out.reviews.push(Change { kind, name: d.name.clone(), of_initiative: None });
        }
        let drafts = r.indicators_of(IndicatorOwner::Initiative(d.id)).await?;
        let Some(l) = live_target(d.draft, &live, InitiativeId) else {
            out.initiatives.push(Change { kind: ChangeKind::Added, name: d.name.clone(), of_initiative: None });
            out.indicators.extend(drafts.iter().map(|k| Change {
                kind: ChangeKind::Added,
                name: k.name.clone(),
                of_initiative: Some(d.name.clone()),
            }));
            continue;
        };
        let before = &live[&l];
        if initiative_as_published(&d, before) != *before {
            out.initiatives.push(Change { kind: ChangeKind::Changed, name: d.name.clone(), of_initiative: None });
        }
        let current: HashMap<IndicatorId, Indicator> =
            r.indicators_of(IndicatorOwner::Initiative(l)).await?.into_iter().map(|k| (k.id, k)).collect();
        for k in &drafts {
            let kind = match live_target(k.draft, &current, IndicatorId) {
                None => ChangeKind::Added,
                Some(t) if indicator_as_published(k, &current[&t]) != current[&t] => ChangeKind::Changed,
                Some(_) => continue,
            };
            out.indicators.push(Change { kind, name: k.name.clone(), of_initiative: Some(d.name.clone()) });
        }
    }
    for gone in pending_removals(r, rev.id).await? {
        let change = Change { kind: ChangeKind::Removed, name: gone.name, of_initiative: gone.of_initiative };
        match gone.kind {
            RemovalKind::Initiative => out.initiatives.push(change),
            RemovalKind::Indicator => out.indicators.push(change),
        }
    }
    Ok(out)
}

/// What a review says, as publishing copies it (year-end: period `None`).
type ReviewText = (Option<String>, Option<String>, Option<String>, Option<u8>, Option<String>);

/// The reviews of the year of the revision's draft initiatives and of the published ones they
/// continue, year-end and interim, read in two batches.
struct ReviewsOf {
    by_initiative: HashMap<InitiativeId, Vec<ReviewText>>,
}

impl ReviewsOf {
    async fn read(
        r: &dyn hoshin_store::Read,
        items: &[Initiative],
        live: &HashMap<InitiativeId, Initiative>,
        year: FiscalYear,
    ) -> Result<Self> {
        let mut ids: Vec<InitiativeId> = items.iter().map(|i| i.id).collect();
        ids.extend(items.iter().filter_map(|d| live_target(d.draft, live, InitiativeId)));
        let mut by_initiative: HashMap<InitiativeId, Vec<ReviewText>> = HashMap::new();
        if ids.is_empty() {
            return Ok(Self { by_initiative });
        }
        for g in r.reviews_of(&ids).await?.into_iter().filter(|g| g.fiscal_year == year) {
            let text = (None, g.result, g.issues_next, g.progress, g.judgement);
            by_initiative.entry(g.initiative_id).or_default().push(text);
        }
        for g in r.interim_reviews(&ids).await?.into_iter().filter(|g| g.fiscal_year == year) {
            let text = (Some(g.period), g.result, g.issues_next, g.progress, g.judgement);
            by_initiative.entry(g.initiative_id).or_default().push(text);
        }
        for list in by_initiative.values_mut() {
            list.sort();
        }
        Ok(Self { by_initiative })
    }

    /// Whether publishing adds or changes the draft's reviews on the public side.
    fn change(&self, d: &Initiative, live: &HashMap<InitiativeId, Initiative>) -> Option<ChangeKind> {
        let empty = Vec::new();
        let want = self.by_initiative.get(&d.id).unwrap_or(&empty);
        if want.is_empty() {
            return None;
        }
        match live_target(d.draft, live, InitiativeId).map(|l| self.by_initiative.get(&l).unwrap_or(&empty)) {
            None => Some(ChangeKind::Added),
            Some(have) if have.is_empty() => Some(ChangeKind::Added),
            // Publishing writes the draft's reviews over the published ones (it removes none).
            Some(have) if want.iter().any(|w| !have.contains(w)) => Some(ChangeKind::Changed),
            Some(_) => None,
        }
    }
}
