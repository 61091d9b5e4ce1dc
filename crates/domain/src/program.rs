//! What an evaluation sheet (事務事業評価) says of a program beyond its texts — its number,
//! its place in the plan, its costs by year, the judgements and the direction — and what it
//! says of an indicator beyond baseline, target and actuals: its kind and yearly targets.
//! Kept beside the initiative and the indicator (one record each), so the many records
//! without them stay as they are.

use crate::error::DomainError;
use crate::fiscal_year::FiscalYear;
use crate::ids::NodeId;
use crate::quantity::Quantity;
use serde::{Deserialize, Serialize};

/// Declares a small enum stored as snake_case text, with its Japanese label.
macro_rules! word_enum {
    ($(#[$doc:meta])* $name:ident, $kind:literal, { $($(#[$vdoc:meta])* $variant:ident = $s:literal / $label:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vdoc])* $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $s),+ }
            }

            pub fn parse(s: &str) -> Result<Self, DomainError> {
                Self::ALL
                    .iter()
                    .copied()
                    .find(|k| k.as_str() == s)
                    .ok_or_else(|| DomainError::Unknown { kind: $kind, value: s.to_string() })
            }

            /// Japanese name for the UI.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
        }
    };
}

word_enum!(
    /// What a cost figure is: budgeted, settled, estimated or planned.
    CostBasis, "cost basis", {
        Budget = "budget" / "予算",
        Settlement = "settlement" / "決算",
        Estimate = "estimate" / "見込",
        Plan = "plan" / "計画",
    }
);

word_enum!(
    /// 今後の方向性 of a program.
    ProgramDirection, "program direction", {
        Expand = "expand" / "拡充",
        Continue = "continue" / "継続",
        Improve = "improve" / "改善",
        Reduce = "reduce" / "縮小",
        Suspend = "suspend" / "休止",
        Abolish = "abolish" / "廃止",
        Merge = "merge" / "統合",
        Complete = "complete" / "完了",
    }
);

word_enum!(
    /// An indicator's kind, when the document says.
    IndicatorKind, "indicator kind", {
        /// 活動指標, アウトプット.
        Activity = "activity" / "活動指標",
        /// 成果指標, アウトカム.
        Outcome = "outcome" / "成果指標",
    }
);

word_enum!(
    /// A yearly value of an indicator other than its actual.
    YearValueKind, "yearly value kind", {
        Target = "target" / "目標",
        Plan = "plan" / "計画",
        Forecast = "forecast" / "見込",
    }
);

/// The cost items every sheet names the same way; other rows keep their own name.
pub const COST_ITEMS: [(&str, &str); 4] =
    [("total", "事業費"), ("general_fund", "一般財源"), ("personnel", "人件費"), ("total_cost", "トータルコスト")];

/// Japanese name of a cost item: 「total」 → 事業費; a row's own name stays as it is.
pub fn cost_item_label(item: &str) -> &str {
    COST_ITEMS.iter().find(|(k, _)| *k == item).map_or(item, |(_, l)| l)
}

/// A program's cost of one fiscal year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cost {
    pub fiscal_year: FiscalYear,
    pub basis: CostBasis,
    /// total, general_fund, personnel, total_cost or the row's own name (委託料 …).
    pub item: String,
    /// Yen (a 千円 table's 「1,130」 is 1,130,000); `None` when the figure is not a number.
    pub amount: Option<i64>,
    /// As written in the document.
    pub written: String,
}

impl Cost {
    /// The natural key: one figure per year, basis and item.
    pub fn key(&self) -> (FiscalYear, CostBasis, &str) {
        (self.fiscal_year, self.basis, self.item.as_str())
    }
}

/// An evaluation judgement as written: the axis (総合評価, 有効性 …) and its value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Judgement {
    pub axis: String,
    pub value: String,
}

/// One level of a program's place in the plan (政策 → 施策 → 基本事業), with the plan node it
/// resolved to when the organization's plan has one of that code or title.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanStep {
    pub level: String,
    pub code: Option<String>,
    pub title: String,
    pub node_id: Option<NodeId>,
}

impl PlanStep {
    /// 「1-2 子育て支援の充実」.
    pub fn display(&self) -> String {
        match &self.code {
            Some(c) => format!("{c} {}", self.title),
            None => self.title.clone(),
        }
    }
}

/// What an evaluation sheet says of a program beyond its texts. Empty for most initiatives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ProgramFacts {
    /// 事業番号 as written.
    pub code: Option<String>,
    /// Top level first.
    pub plan_path: Vec<PlanStep>,
    pub judgements: Vec<Judgement>,
    pub direction: Option<ProgramDirection>,
    /// Ordered by year, basis, then as the document listed them.
    pub costs: Vec<Cost>,
}

impl ProgramFacts {
    pub fn is_empty(&self) -> bool {
        self.code.is_none()
            && self.plan_path.is_empty()
            && self.judgements.is_empty()
            && self.direction.is_none()
            && self.costs.is_empty()
    }

    /// Fiscal years with costs, oldest first.
    pub fn cost_years(&self) -> Vec<FiscalYear> {
        let mut years: Vec<FiscalYear> = self.costs.iter().map(|c| c.fiscal_year).collect();
        years.sort();
        years.dedup();
        years
    }
}

/// An indicator's value for one year that is not an actual (a yearly target, plan, forecast).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct YearValue {
    pub fiscal_year: FiscalYear,
    pub kind: YearValueKind,
    pub value: Quantity,
}

/// What a document says of an indicator beyond baseline, target and actuals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct IndicatorFacts {
    pub kind: Option<IndicatorKind>,
    /// Ordered by year, then kind.
    pub yearly: Vec<YearValue>,
}

impl IndicatorFacts {
    pub fn is_empty(&self) -> bool {
        self.kind.is_none() && self.yearly.is_empty()
    }

    /// The yearly targets with a number, by year (what `Indicator::status_with_targets` takes).
    pub fn targets(&self) -> Vec<(FiscalYear, f64)> {
        self.yearly
            .iter()
            .filter(|v| v.kind == YearValueKind::Target)
            .filter_map(|v| v.value.value.map(|n| (v.fiscal_year, n)))
            .collect()
    }
}

/// Amount in yen shown in thousands (千円), rounded, with digit grouping: 1,130,000 → 「1,130」.
pub fn format_thousand_yen(yen: i64) -> String {
    let k = (yen as f64 / 1000.0).round() as i64;
    let digits = k.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    if k < 0 {
        format!("▲{out}")
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_round_trip() {
        for d in ProgramDirection::ALL {
            assert_eq!(ProgramDirection::parse(d.as_str()).unwrap(), *d);
        }
        assert_eq!(CostBasis::parse("settlement").unwrap().label(), "決算");
        assert!(IndicatorKind::parse("target").is_err());
        assert_eq!(YearValueKind::parse("forecast").unwrap().label(), "見込");
    }

    #[test]
    fn cost_items_and_thousands() {
        assert_eq!(cost_item_label("general_fund"), "一般財源");
        assert_eq!(cost_item_label("委託料"), "委託料");
        assert_eq!(format_thousand_yen(1_130_000), "1,130");
        assert_eq!(format_thousand_yen(12_345_678_000), "12,345,678");
        assert_eq!(format_thousand_yen(-2_500), "▲3");
        assert_eq!(format_thousand_yen(0), "0");
    }
}
