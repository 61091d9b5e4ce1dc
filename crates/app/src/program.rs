//! Reads for the public pages of what evaluation sheets carry: a program's facts (number,
//! plan path, judgements, direction, costs by year) and an indicator's kind and yearly values;
//! and what a 事務事業評価シート shows ([`sheet_facts`]), shared by the printable HTML sheets and
//! the xlsx sheet ([`crate::export::sheet`]).

use crate::error::Result;
use hoshin_domain::*;
use std::collections::{BTreeSet, HashMap};

/// Ids per batched read (well under either backend's bind limit).
const CHUNK: usize = 500;

/// Years of actuals a sheet shows at most (the latest ones up to the sheet's year).
pub const SHEET_YEARS: usize = 5;

/// The facts of one program (empty when it has none), with the figures imported from the
/// 財務会計 CSV for its 予算細事業 codes in place of the sheet's costs of those years.
pub async fn program_facts(r: &(impl crate::ReadDb + ?Sized), id: InitiativeId) -> Result<ProgramFacts> {
    let i = crate::db::read(r).get_initiative(id).await?;
    Ok(codes_and_program_facts(r, &i).await?.1)
}

/// An initiative's budget codes ([`crate::budget::codes`]) and its [`program_facts`]: its page
/// shows both. The codes and the sheet's facts are read at once (on PostgreSQL they leave
/// together); the budget lines, which need the codes, after.
pub async fn codes_and_program_facts(
    r: &(impl crate::ReadDb + ?Sized),
    i: &Initiative,
) -> Result<(Vec<String>, ProgramFacts)> {
    let r = crate::db::read(r);
    let (codes, facts) = tokio::try_join!(crate::budget::codes(r, i.id), async {
        Ok(r.program_facts(&[i.id]).await?.pop().map(|(_, f)| f).unwrap_or_default())
    })?;
    if codes.is_empty() {
        return Ok((codes, facts));
    }
    let by_initiative: Vec<(InitiativeId, Vec<String>)> = vec![(i.id, codes.clone())];
    let lines = crate::budget::initiative_lines(r, i.org_id, &by_initiative).await?;
    let facts = crate::budget::with_budget(facts, lines.get(&i.id).map_or(&[], Vec::as_slice));
    Ok((codes, facts))
}

/// The kind and yearly values of one indicator (empty when it has none).
pub async fn indicator_facts(r: &(impl crate::ReadDb + ?Sized), id: IndicatorId) -> Result<IndicatorFacts> {
    let r = crate::db::read(r);
    Ok(r.indicator_facts(&[id]).await?.pop().map(|(_, f)| f).unwrap_or_default())
}

/// What the 事務事業評価シート of each of a batch of (published) initiatives shows beyond the
/// initiative itself: its program facts, its published indicators with their facts, its
/// reviews (oldest first).
#[derive(Debug, Clone, Default)]
pub struct SheetFacts {
    facts: HashMap<InitiativeId, ProgramFacts>,
    indicators: HashMap<InitiativeId, Vec<(Indicator, Option<IndicatorFacts>)>>,
    reviews: HashMap<InitiativeId, Vec<GoalReview>>,
    budget_codes: HashMap<InitiativeId, Vec<String>>,
    none: ProgramFacts,
}

impl SheetFacts {
    /// The program's facts (empty when it has none).
    pub fn facts(&self, id: InitiativeId) -> &ProgramFacts {
        self.facts.get(&id).unwrap_or(&self.none)
    }

    /// Its indicators in their order, each with its kind and yearly values when it has them.
    pub fn indicators(&self, id: InitiativeId) -> &[(Indicator, Option<IndicatorFacts>)] {
        self.indicators.get(&id).map_or(&[], Vec::as_slice)
    }

    /// Its 予算細事業 codes, in the order typed.
    pub fn budget_codes(&self, id: InitiativeId) -> &[String] {
        self.budget_codes.get(&id).map_or(&[], Vec::as_slice)
    }

    /// Its reviews, oldest year first.
    pub fn reviews(&self, id: InitiativeId) -> &[GoalReview] {
        self.reviews.get(&id).map_or(&[], Vec::as_slice)
    }
}

/// Reads [`SheetFacts`] for `items` in a few batched queries per [`CHUNK`] initiatives; costs
/// imported from the 財務会計 CSV replace the sheet's of the same years
/// ([`crate::budget::with_budget`]).
pub async fn sheet_facts(db: &(impl crate::ReadDb + ?Sized), items: &[Initiative]) -> Result<SheetFacts> {
    let r = crate::db::read(db);
    let mut out = SheetFacts::default();
    let mut indicators: Vec<Indicator> = Vec::new();
    for chunk in items.chunks(CHUNK) {
        let ids: Vec<InitiativeId> = chunk.iter().map(|i| i.id).collect();
        out.facts.extend(r.program_facts(&ids).await?);
        let codes = r.budget_codes(&ids).await?;
        let mut by_org: HashMap<OrgId, Vec<(InitiativeId, Vec<String>)>> = HashMap::new();
        for (id, c) in &codes {
            if let Some(i) = chunk.iter().find(|i| i.id == *id) {
                by_org.entry(i.org_id).or_default().push((*id, c.clone()));
            }
        }
        for (org, of_org) in &by_org {
            for (id, lines) in crate::budget::initiative_lines(r, *org, of_org).await? {
                let facts = out.facts.remove(&id).unwrap_or_default();
                out.facts.insert(id, crate::budget::with_budget(facts, &lines));
            }
        }
        out.budget_codes.extend(codes);
        indicators.extend(r.initiative_indicators(&ids).await?);
        for rv in r.reviews_of(&ids).await? {
            out.reviews.entry(rv.initiative_id).or_default().push(rv);
        }
    }
    indicators.retain(|k| k.draft.is_none());
    let mut kpi_facts: HashMap<IndicatorId, IndicatorFacts> = HashMap::new();
    let kpi_ids: Vec<IndicatorId> = indicators.iter().map(|k| k.id).collect();
    for chunk in kpi_ids.chunks(CHUNK) {
        kpi_facts.extend(r.indicator_facts(chunk).await?);
    }
    for k in indicators {
        if let Some(IndicatorOwner::Initiative(i)) = k.owner {
            let f = kpi_facts.remove(&k.id);
            out.indicators.entry(i).or_default().push((k, f));
        }
    }
    Ok(out)
}

/// The years of actuals a sheet shows as columns: every year some indicator has a value for,
/// up to the sheet's year, the latest [`SHEET_YEARS`] of them, oldest first.
pub fn sheet_years<'a>(list: impl IntoIterator<Item = &'a Indicator>, upto: Option<FiscalYear>) -> Vec<FiscalYear> {
    let all: BTreeSet<FiscalYear> = list
        .into_iter()
        .flat_map(|k| k.actuals.iter().map(|a| a.fiscal_year))
        .filter(|y| upto.is_none_or(|u| *y <= u))
        .collect();
    let skip = all.len().saturating_sub(SHEET_YEARS);
    all.into_iter().skip(skip).collect()
}

/// The word a plan-node link is labelled with: 基本政策 for a basic-policy plan's node, else
/// the node's own level word (施策 …), else its plan's kind.
pub fn link_label(node: &PlanNode, plan: Option<PlanKind>) -> String {
    match plan {
        Some(PlanKind::BasicPolicy) => "基本政策".to_string(),
        Some(k) if node.kind_label.is_empty() => k.label().to_string(),
        _ => node.kind_label.clone(),
    }
}

/// One cell of a costs table: yen (`None`: not a number) and the figure as written.
pub type CostCell = Option<(Option<i64>, String)>;

/// A costs table: one column per (year, basis), oldest first; one row per item, the common
/// items first in their usual order. Cells are yen (`None`: not written or not a number,
/// with the text as written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CostTable {
    pub columns: Vec<(FiscalYear, CostBasis)>,
    /// Item name → one cell per column: (yen, as written).
    pub rows: Vec<(String, Vec<CostCell>)>,
}

pub fn cost_table(costs: &[Cost]) -> CostTable {
    let mut columns: Vec<(FiscalYear, CostBasis)> = costs.iter().map(|c| (c.fiscal_year, c.basis)).collect();
    columns.sort();
    columns.dedup();
    let mut items: Vec<String> = Vec::new();
    for (key, _) in COST_ITEMS {
        if costs.iter().any(|c| c.item == key) {
            items.push(key.to_string());
        }
    }
    for c in costs {
        if !items.contains(&c.item) {
            items.push(c.item.clone());
        }
    }
    let rows = items
        .into_iter()
        .map(|item| {
            let cells = columns
                .iter()
                .map(|(y, b)| {
                    costs
                        .iter()
                        .find(|c| c.fiscal_year == *y && c.basis == *b && c.item == item)
                        .map(|c| (c.amount, c.written.clone()))
                })
                .collect();
            (item, cells)
        })
        .collect();
    CostTable { columns, rows }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn costs_by_year_and_item() {
        let fy = |y| FiscalYear::new(y).unwrap();
        let c = |y, b, item: &str, a| Cost {
            fiscal_year: fy(y),
            basis: b,
            item: item.into(),
            amount: a,
            written: "w".into(),
        };
        let t = cost_table(&[
            c(2024, CostBasis::Budget, "委託料", Some(5)),
            c(2023, CostBasis::Settlement, "total", Some(1)),
            c(2024, CostBasis::Budget, "total", Some(2)),
            c(2023, CostBasis::Settlement, "general_fund", None),
        ]);
        assert_eq!(t.columns, [(fy(2023), CostBasis::Settlement), (fy(2024), CostBasis::Budget)]);
        let names: Vec<&str> = t.rows.iter().map(|r| r.0.as_str()).collect();
        assert_eq!(names, ["total", "general_fund", "委託料"]);
        assert_eq!(t.rows[2].1, [None, Some((Some(5), "w".into()))]);
    }
}
