//! Drafts → what evaluation sheets carry beyond names: a program's facts (number, plan path,
//! judgements, direction, costs by year) and an indicator's kind and yearly values. Words the
//! domain does not know become warnings, never silent guesses.

use hoshin_domain::*;
use hoshin_importer::draft::{IndicatorDraft, InitiativeDraft};

/// A program's facts as drafted; plan steps are not yet resolved to nodes.
pub(crate) fn program_facts(d: &InitiativeDraft, warnings: &mut Vec<String>) -> ProgramFacts {
    let direction = d.direction.as_deref().and_then(|s| match ProgramDirection::parse(s) {
        Ok(v) => Some(v),
        Err(_) => {
            warnings.push(format!("line {}: direction {s:?} of {:?} not understood; not stored", d.line, d.name));
            None
        }
    });
    let mut costs = Vec::new();
    for c in &d.costs {
        let basis = match CostBasis::parse(&c.basis) {
            Ok(b) => b,
            Err(_) => {
                warnings.push(format!(
                    "line {}: cost basis {:?} of {:?} not understood; not stored",
                    d.line, c.basis, d.name
                ));
                continue;
            }
        };
        let Ok(fiscal_year) = FiscalYear::new(i64::from(c.fiscal_year)) else {
            warnings
                .push(format!("line {}: cost year {} of {:?} out of range; not stored", d.line, c.fiscal_year, d.name));
            continue;
        };
        costs.push(Cost { fiscal_year, basis, item: c.item.clone(), amount: c.amount, written: c.written.clone() });
    }
    // One figure per year, basis and item: a later one of the same key replaces it in place.
    let mut unique: Vec<Cost> = Vec::with_capacity(costs.len());
    for c in costs {
        match unique.iter_mut().find(|u| u.key() == c.key()) {
            Some(u) => *u = c,
            None => unique.push(c),
        }
    }
    unique.sort_by_key(|c| c.fiscal_year);
    ProgramFacts {
        code: d.code.clone().filter(|c| !c.trim().is_empty()),
        plan_path: d
            .plan_path
            .iter()
            .map(|s| PlanStep { level: s.level.clone(), code: s.code.clone(), title: s.title.clone(), node_id: None })
            .collect(),
        judgements: d.judgements.iter().map(|j| Judgement { axis: j.axis.clone(), value: j.value.clone() }).collect(),
        direction,
        costs: unique,
    }
}

/// An indicator's kind and yearly values as drafted.
pub(crate) fn indicator_facts(d: &IndicatorDraft, warnings: &mut Vec<String>) -> IndicatorFacts {
    let kind = d.kind.as_deref().and_then(|k| match IndicatorKind::parse(k) {
        Ok(v) => Some(v),
        Err(_) => {
            warnings.push(format!("line {}: indicator kind {k:?} of {:?} not understood; not stored", d.line, d.name));
            None
        }
    });
    let mut yearly: Vec<YearValue> = Vec::new();
    for v in &d.yearly {
        let (Ok(kind), Ok(fiscal_year)) = (YearValueKind::parse(&v.kind), FiscalYear::new(i64::from(v.fiscal_year)))
        else {
            warnings.push(format!(
                "line {}: yearly value {:?} {} of {:?} not understood; not stored",
                d.line, v.kind, v.fiscal_year, d.name
            ));
            continue;
        };
        let value = YearValue { fiscal_year, kind, value: Quantity::parse(&v.value) };
        match yearly.iter_mut().find(|y| y.fiscal_year == fiscal_year && y.kind == kind) {
            Some(y) => *y = value,
            None => yearly.push(value),
        }
    }
    yearly.sort_by_key(|v| (v.fiscal_year, v.kind));
    IndicatorFacts { kind, yearly }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hoshin_importer::draft::{CostDraft, YearValueDraft};

    #[test]
    fn costs_keep_one_figure_per_key_and_refuse_unknown_words() {
        let cost = |y, basis: &str, item: &str, amount| CostDraft {
            fiscal_year: y,
            basis: basis.into(),
            item: item.into(),
            amount,
            written: "x".into(),
        };
        let d = InitiativeDraft {
            name: "事業".into(),
            direction: Some("sideways".into()),
            costs: vec![
                cost(2024, "budget", "total", Some(2)),
                cost(2023, "settlement", "total", Some(1)),
                cost(2024, "budget", "total", Some(3)),
                cost(2024, "guess", "total", Some(4)),
            ],
            ..InitiativeDraft::default()
        };
        let mut w = Vec::new();
        let f = program_facts(&d, &mut w);
        assert_eq!(f.costs.iter().map(|c| c.amount).collect::<Vec<_>>(), [Some(1), Some(3)]);
        assert_eq!(f.direction, None);
        assert_eq!(w.len(), 2, "{w:?}");
    }

    #[test]
    fn indicator_kinds_and_yearly_values() {
        let d = IndicatorDraft {
            name: "参加者数".into(),
            kind: Some("activity".into()),
            yearly: vec![
                YearValueDraft { fiscal_year: 2025, kind: "target".into(), value: "120人".into() },
                YearValueDraft { fiscal_year: 2024, kind: "plan".into(), value: "100人".into() },
                YearValueDraft { fiscal_year: 2024, kind: "hope".into(), value: "1".into() },
            ],
            ..IndicatorDraft::default()
        };
        let mut w = Vec::new();
        let f = indicator_facts(&d, &mut w);
        assert_eq!(f.kind, Some(IndicatorKind::Activity));
        assert_eq!(f.yearly.iter().map(|v| v.fiscal_year.year()).collect::<Vec<_>>(), [2024, 2025]);
        assert_eq!(w.len(), 1);
    }
}
