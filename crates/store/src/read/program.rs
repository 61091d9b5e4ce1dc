//! Reads of what evaluation sheets carry beyond names: a program's facts with its costs, an
//! indicator's kind with its yearly targets, batched by id lists (chunked under the
//! bind-parameter limit).

use crate::conv::{from_json, fy_req, get, placeholders, QuantityCols};
use crate::error::{Result, StoreError};
use crate::exec::{query, Db, Row};
use hoshin_domain::*;
use std::collections::BTreeMap;

const CHUNK: usize = 1000;

/// The sheet's facts of each initiative in `ids` that has any, without costs
/// ([`program_costs`]; the two are read at once and joined by [`with_costs`]).
pub(crate) async fn program_facts(
    c: &mut Db<'_>,
    ids: &[InitiativeId],
) -> Result<BTreeMap<InitiativeId, ProgramFacts>> {
    let mut out: BTreeMap<InitiativeId, ProgramFacts> = BTreeMap::new();
    for chunk in ids.chunks(CHUNK) {
        let sql = format!(
            "SELECT initiative_id, code, direction, judgements, plan_path FROM program_facts \
             WHERE initiative_id IN ({})",
            placeholders(1, chunk.len())
        );
        let mut q = query(&sql);
        for id in chunk {
            q = q.bind(id.0);
        }
        for row in q.fetch_all(&mut *c).await? {
            let id = InitiativeId(get(&row, "initiative_id")?);
            let direction: Option<String> = get(&row, "direction")?;
            let facts = ProgramFacts {
                code: get(&row, "code")?,
                direction: direction.as_deref().map(ProgramDirection::parse).transpose()?,
                judgements: from_json(&get::<String>(&row, "judgements")?)?,
                plan_path: from_json(&get::<String>(&row, "plan_path")?)?,
                costs: Vec::new(),
            };
            out.insert(id, facts);
        }
    }
    Ok(out)
}

/// The costs of each initiative in `ids` that has any, by year.
pub(crate) async fn program_costs(c: &mut Db<'_>, ids: &[InitiativeId]) -> Result<BTreeMap<InitiativeId, Vec<Cost>>> {
    let mut out: BTreeMap<InitiativeId, Vec<Cost>> = BTreeMap::new();
    for chunk in ids.chunks(CHUNK) {
        let sql = format!(
            "SELECT initiative_id, fiscal_year, basis, item, amount, written FROM initiative_costs \
             WHERE initiative_id IN ({}) ORDER BY initiative_id, fiscal_year, position",
            placeholders(1, chunk.len())
        );
        let mut q = query(&sql);
        for id in chunk {
            q = q.bind(id.0);
        }
        for row in q.fetch_all(&mut *c).await? {
            let id = InitiativeId(get(&row, "initiative_id")?);
            let basis: String = get(&row, "basis")?;
            let cost = Cost {
                fiscal_year: fy_req(get(&row, "fiscal_year")?)?,
                basis: CostBasis::parse(&basis)?,
                item: get(&row, "item")?,
                amount: get(&row, "amount")?,
                written: get(&row, "written")?,
            };
            out.entry(id).or_default().push(cost);
        }
    }
    Ok(out)
}

/// Facts with their costs, in id order (an initiative with costs only has default facts).
pub(crate) fn with_costs(
    mut facts: BTreeMap<InitiativeId, ProgramFacts>,
    costs: BTreeMap<InitiativeId, Vec<Cost>>,
) -> Vec<(InitiativeId, ProgramFacts)> {
    for (id, c) in costs {
        facts.entry(id).or_default().costs = c;
    }
    facts.into_iter().collect()
}

/// The kind and yearly values of each indicator in `ids` that has any, in id order.
/// The kind of each indicator in `ids` that has one ([`indicator_yearly`] is read beside it
/// and joined by [`with_yearly`]).
pub(crate) async fn indicator_kinds(
    c: &mut Db<'_>,
    ids: &[IndicatorId],
) -> Result<BTreeMap<IndicatorId, IndicatorKind>> {
    let mut out: BTreeMap<IndicatorId, IndicatorKind> = BTreeMap::new();
    for chunk in ids.chunks(CHUNK) {
        let sql = format!(
            "SELECT id, kind FROM indicators WHERE kind IS NOT NULL AND id IN ({})",
            placeholders(1, chunk.len())
        );
        let mut q = query(&sql);
        for id in chunk {
            q = q.bind(id.0);
        }
        for row in q.fetch_all(&mut *c).await? {
            let kind: String = get(&row, "kind")?;
            out.insert(IndicatorId(get(&row, "id")?), IndicatorKind::parse(&kind)?);
        }
    }
    Ok(out)
}

/// The columns of a yearly value, as [`by_indicator_yearly`] reads them.
pub(crate) const YEARLY: &str = "SELECT indicator_id, fiscal_year, kind, value_text, value_num, value_unit, \
     value_approx, value_qualifier FROM indicator_yearly";

/// The yearly values of each indicator in `ids` that has any, by year and kind.
pub(crate) async fn indicator_yearly(
    c: &mut Db<'_>,
    ids: &[IndicatorId],
) -> Result<BTreeMap<IndicatorId, Vec<YearValue>>> {
    let mut out: BTreeMap<IndicatorId, Vec<YearValue>> = BTreeMap::new();
    for chunk in ids.chunks(CHUNK) {
        let sql = format!("{YEARLY} WHERE indicator_id IN ({})", placeholders(1, chunk.len()));
        let mut q = query(&sql);
        for id in chunk {
            q = q.bind(id.0);
        }
        out.extend(by_indicator_yearly(q.fetch_all(&mut *c).await?)?);
    }
    Ok(out)
}

/// Yearly values' rows by indicator, each indicator's by year and kind (put in order here:
/// the statements leave it to us, as the actuals' do).
pub(crate) fn by_indicator_yearly(rows: Vec<Row>) -> Result<BTreeMap<IndicatorId, Vec<YearValue>>> {
    let mut out: BTreeMap<IndicatorId, Vec<YearValue>> = BTreeMap::new();
    for row in &rows {
        let id = IndicatorId(get(row, "indicator_id")?);
        let kind: String = get(row, "kind")?;
        let q = QuantityCols::read(row, "value_text", "value_num", "value_unit", "value_approx", "value_qualifier")?;
        let value = q.into_quantity().ok_or_else(|| StoreError::Corrupt("yearly value without text".into()))?;
        let v = YearValue { fiscal_year: fy_req(get(row, "fiscal_year")?)?, kind: YearValueKind::parse(&kind)?, value };
        out.entry(id).or_default().push(v);
    }
    for values in out.values_mut() {
        // As `ORDER BY fiscal_year, kind` did: the kind's word, not the enum's order.
        values.sort_by_key(|v| (v.fiscal_year, v.kind.as_str()));
    }
    Ok(out)
}

/// Kinds with yearly values, in id order.
pub(crate) fn with_yearly(
    kinds: BTreeMap<IndicatorId, IndicatorKind>,
    yearly: BTreeMap<IndicatorId, Vec<YearValue>>,
) -> Vec<(IndicatorId, IndicatorFacts)> {
    let mut out: BTreeMap<IndicatorId, IndicatorFacts> = BTreeMap::new();
    for (id, kind) in kinds {
        out.entry(id).or_default().kind = Some(kind);
    }
    for (id, values) in yearly {
        out.entry(id).or_default().yearly = values;
    }
    out.into_iter().collect()
}
