//! Reads for the public pages of what evaluation sheets carry: a program's facts (number,
//! plan path, judgements, direction, costs by year) and an indicator's kind and yearly values.

use crate::error::Result;
use hoshin_domain::*;

/// The facts of one program (empty when it has none).
pub async fn program_facts(r: &(impl crate::ReadDb + ?Sized), id: InitiativeId) -> Result<ProgramFacts> {
    let r = crate::db::read(r);
    Ok(r.program_facts(&[id]).await?.pop().map(|(_, f)| f).unwrap_or_default())
}

/// The kind and yearly values of one indicator (empty when it has none).
pub async fn indicator_facts(r: &(impl crate::ReadDb + ?Sized), id: IndicatorId) -> Result<IndicatorFacts> {
    let r = crate::db::read(r);
    Ok(r.indicator_facts(&[id]).await?.pop().map(|(_, f)| f).unwrap_or_default())
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
