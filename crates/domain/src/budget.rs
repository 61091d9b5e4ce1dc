//! 予算細事業 (the budget line items of a city's 財務会計 system) and their figures per fiscal
//! year: the codes an initiative is keyed to, and what one line of the accounting system's
//! CSV export says, turned into the [`Cost`] rows an evaluation sheet shows.

use crate::fiscal_year::FiscalYear;
use crate::program::{format_thousand_yen, Cost, CostBasis};
use serde::{Deserialize, Serialize};

/// At most this many codes per initiative.
pub const MAX_BUDGET_CODES: usize = 20;
/// At most this many characters per code.
pub const MAX_BUDGET_CODE_LEN: usize = 40;

/// A code as stored and compared: NFKC (full-width digits become ASCII), trimmed; `None` when
/// nothing is left.
pub fn normalize_budget_code(s: &str) -> Option<String> {
    let n = crate::text::nfkc(s).trim().to_string();
    (!n.is_empty()).then_some(n)
}

/// The codes typed in one field: separated by commas (、，,), spaces or line breaks;
/// normalized, duplicates dropped, in the order typed.
pub fn parse_budget_codes(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in text.split(|c: char| matches!(c, ',' | '、' | '，' | ';' | '；') || c.is_whitespace()) {
        if let Some(code) = normalize_budget_code(part) {
            if !out.contains(&code) {
                out.push(code);
            }
        }
    }
    out
}

/// The figures of one 予算細事業 in one fiscal year, in yen; `None`: not given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetLine {
    pub code: String,
    pub fiscal_year: FiscalYear,
    /// 予算額.
    pub budget: Option<i64>,
    /// 決算額.
    pub settlement: Option<i64>,
    /// 一般財源.
    pub general_fund: Option<i64>,
    /// 人件費.
    pub personnel: Option<i64>,
    /// トータルコスト.
    pub total_cost: Option<i64>,
}

impl BudgetLine {
    /// The same line with every figure of `other` (same year) added: an initiative keyed to
    /// several codes costs their sum. A figure given by neither stays `None`.
    pub fn add(&mut self, other: &BudgetLine) {
        let sum = |a: Option<i64>, b: Option<i64>| match (a, b) {
            (None, None) => None,
            (a, b) => Some(a.unwrap_or(0).saturating_add(b.unwrap_or(0))),
        };
        self.budget = sum(self.budget, other.budget);
        self.settlement = sum(self.settlement, other.settlement);
        self.general_fund = sum(self.general_fund, other.general_fund);
        self.personnel = sum(self.personnel, other.personnel);
        self.total_cost = sum(self.total_cost, other.total_cost);
    }

    /// The cost rows of an evaluation sheet: 予算額 as the budget's 事業費, 決算額 as the
    /// settlement's; 一般財源, 人件費 and トータルコスト belong to the settlement when the line
    /// has one (a closed year), else to the budget. `written` is the amount in 千円.
    pub fn costs(&self) -> Vec<Cost> {
        let rest = if self.settlement.is_some() { CostBasis::Settlement } else { CostBasis::Budget };
        let figures = [
            (CostBasis::Budget, "total", self.budget),
            (CostBasis::Settlement, "total", self.settlement),
            (rest, "general_fund", self.general_fund),
            (rest, "personnel", self.personnel),
            (rest, "total_cost", self.total_cost),
        ];
        let mut out: Vec<Cost> = figures
            .into_iter()
            .filter_map(|(basis, item, amount)| {
                amount.map(|yen| Cost {
                    fiscal_year: self.fiscal_year,
                    basis,
                    item: item.to_string(),
                    amount: Some(yen),
                    written: format_thousand_yen(yen),
                })
            })
            .collect();
        out.sort_by_key(|c| c.basis);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(budget: Option<i64>, settlement: Option<i64>, gf: Option<i64>) -> BudgetLine {
        BudgetLine {
            code: "A".into(),
            fiscal_year: FiscalYear::new(2025).unwrap(),
            budget,
            settlement,
            general_fund: gf,
            personnel: None,
            total_cost: None,
        }
    }

    #[test]
    fn codes_are_split_and_normalized() {
        assert_eq!(parse_budget_codes("０１２３、 0456,0123\n  x-1 "), ["0123", "0456", "x-1"]);
        assert!(parse_budget_codes(" 、, ").is_empty());
    }

    #[test]
    fn sums_and_costs() {
        let mut a = line(Some(1_000), None, Some(300));
        a.add(&line(Some(500), None, None));
        assert_eq!((a.budget, a.settlement, a.general_fund), (Some(1_500), None, Some(300)));
        let costs = a.costs();
        assert!(costs.iter().all(|c| c.basis == CostBasis::Budget));
        let closed = line(Some(1_000), Some(900_000), Some(200_000)).costs();
        let gf = closed.iter().find(|c| c.item == "general_fund").unwrap();
        assert_eq!((gf.basis, gf.amount, gf.written.as_str()), (CostBasis::Settlement, Some(200_000), "200"));
        assert_eq!(closed.len(), 3);
    }
}
