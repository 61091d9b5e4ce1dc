//! Costs from the city's 財務会計 system (issue 15): the import of its CSV export (one line per
//! 予算細事業 and year) — a preview that writes nothing, then an apply in one transaction,
//! audited line by line, by planning only — and the figures an initiative keyed to 予算細事業
//! codes shows: the sum over its codes per year, in place of an evaluation sheet's costs of
//! those years ([`with_budget`]).
//!
//! Lines are stored by code (`budget_costs`), not by initiative: several initiatives may share a
//! code, and a line imported before any initiative carries its code shows once one does. A
//! figure whose column the file lacks keeps its stored value (a budget-only export does not
//! erase last settlement); an empty cell of a column the file has clears it.

use crate::access::{require_planning, Actor};
use crate::audit;
use crate::error::{AppError, Result};
use hoshin_domain::*;
use hoshin_importer::budget::{parse, BudgetFile};
use hoshin_store::StoredBudgetLine;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Largest 財務会計 CSV accepted (bytes).
pub const MAX_BYTES: usize = 8 * 1024 * 1024;

/// Whether the actor may import 財務会計 CSVs for the organization (planning, admin).
pub fn may_import(actor: &Actor, org: OrgId) -> Result<()> {
    require_planning(actor, org)
}

/// A file name as stored and shown: its last path component, at most 200 characters,
/// 「budget.csv」 when empty.
pub fn file_label(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default().trim();
    let base: String = base.chars().filter(|c| !c.is_control()).take(200).collect();
    if base.is_empty() {
        "budget.csv".to_string()
    } else {
        base
    }
}

/// What an import does to one stored line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineChange {
    New,
    Changed,
    Unchanged,
}

impl LineChange {
    pub fn label(self) -> &'static str {
        match self {
            LineChange::New => "新規",
            LineChange::Changed => "更新",
            LineChange::Unchanged => "変更なし",
        }
    }
}

/// One line of the file as the preview shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviewLine {
    pub line: usize,
    pub name: Option<String>,
    pub figures: BudgetLine,
    pub change: LineChange,
    /// The published initiatives keyed to the code: (id, name).
    pub initiatives: Vec<(InitiativeId, String)>,
}

/// What importing a file would do. `errors` non-empty: the file cannot be applied.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BudgetPreview {
    pub file: String,
    pub encoding: String,
    pub columns: Vec<String>,
    pub lines: Vec<PreviewLine>,
    /// Codes of the file no published initiative carries (stored all the same).
    pub unmatched: Vec<String>,
    /// 「budget.csv 12行目: 予算額が数値ではありません」.
    pub errors: Vec<String>,
}

impl BudgetPreview {
    pub fn count(&self, change: LineChange) -> usize {
        self.lines.iter().filter(|l| l.change == change).count()
    }
}

/// What an apply wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BudgetApplied {
    pub inserted: usize,
    pub updated: usize,
    pub unchanged: usize,
}

fn codes_of(f: &BudgetFile) -> Vec<String> {
    f.rows.iter().map(|r| r.figures.code.clone()).collect::<BTreeSet<_>>().into_iter().collect()
}

/// The line as it will be stored: figures the file has no column for stay as stored.
fn merged(f: &BudgetFile, line: &BudgetLine, stored: Option<&StoredBudgetLine>) -> BudgetLine {
    match stored {
        Some(s) => f.present.fill_absent(line, &s.line),
        None => line.clone(),
    }
}

fn change_of(stored: Option<&StoredBudgetLine>, line: &BudgetLine) -> LineChange {
    match stored {
        None => LineChange::New,
        Some(s) if s.line == *line => LineChange::Unchanged,
        Some(_) => LineChange::Changed,
    }
}

async fn existing(
    r: &dyn hoshin_store::Read,
    org: OrgId,
    codes: &[String],
) -> Result<HashMap<(String, FiscalYear), StoredBudgetLine>> {
    Ok(r.budget_lines(org, codes).await?.into_iter().map(|s| ((s.line.code.clone(), s.line.fiscal_year), s)).collect())
}

/// Reads a file and says what applying it would do; writes nothing. Planning only.
pub async fn preview(
    db: &(impl crate::ReadDb + ?Sized),
    actor: &Actor,
    org: OrgId,
    file: &str,
    bytes: &[u8],
) -> Result<BudgetPreview> {
    require_planning(actor, org)?;
    let r = crate::db::read(db);
    let parsed = parse(&file_label(file), bytes);
    let codes = codes_of(&parsed);
    let stored = existing(r, org, &codes).await?;
    let mut by_code: BTreeMap<String, Vec<(InitiativeId, String)>> = BTreeMap::new();
    for (code, id) in r.published_by_budget_code(org, &codes).await? {
        let name = r.get_initiative(id).await?.name;
        by_code.entry(code).or_default().push((id, name));
    }
    let lines = parsed
        .rows
        .iter()
        .map(|row| {
            let before = stored.get(&(row.figures.code.clone(), row.figures.fiscal_year));
            let figures = merged(&parsed, &row.figures, before);
            PreviewLine {
                line: row.line,
                name: row.name.clone(),
                change: change_of(before, &figures),
                initiatives: by_code.get(&row.figures.code).cloned().unwrap_or_default(),
                figures,
            }
        })
        .collect();
    Ok(BudgetPreview {
        file: parsed.file.clone(),
        encoding: parsed.encoding.clone(),
        columns: parsed.columns.clone(),
        lines,
        unmatched: codes.into_iter().filter(|c| !by_code.contains_key(c)).collect(),
        errors: parsed.errors.iter().map(ToString::to_string).collect(),
    })
}

/// Stores every line of the file in one transaction, one audit row per line inserted or
/// changed; an unchanged line is not written. A file with any error changes nothing.
pub async fn apply(
    db: &(impl crate::Db + ?Sized),
    actor: &Actor,
    org: OrgId,
    file: &str,
    bytes: &[u8],
) -> Result<BudgetApplied> {
    require_planning(actor, org)?;
    let file = &file_label(file);
    let parsed = parse(file, bytes);
    if !parsed.errors.is_empty() {
        let shown: Vec<String> = parsed.errors.iter().take(5).map(ToString::to_string).collect();
        let more = parsed.errors.len().saturating_sub(shown.len());
        let tail = if more > 0 { format!("（ほか{more}件）") } else { String::new() };
        return Err(AppError::invalid("file", format!("{}{tail}", shown.join(" / "))));
    }
    let store = crate::db::store(db);
    let tx = store.begin().await?;
    let stored = existing(tx.as_ref(), org, &codes_of(&parsed)).await?;
    let mut out = BudgetApplied::default();
    for row in &parsed.rows {
        let before = stored.get(&(row.figures.code.clone(), row.figures.fiscal_year));
        let figures = merged(&parsed, &row.figures, before);
        let change = change_of(before, &figures);
        if change == LineChange::Unchanged {
            out.unchanged += 1;
            continue;
        }
        let id = tx.put_budget_line(org, &figures, file).await?;
        let after = StoredBudgetLine {
            id,
            line: figures,
            source: file.to_string(),
            version: before.map_or(1, |b| b.version + 1),
        };
        let action = if change == LineChange::New { "import" } else { "reimport" };
        audit::record(tx.as_ref(), actor, "budget_costs", id, action, before, Some(&after)).await?;
        match change {
            LineChange::New => out.inserted += 1,
            _ => out.updated += 1,
        }
    }
    tx.commit().await?;
    Ok(out)
}

/// The imported figures of each initiative of `codes` (initiative → its codes), summed over its
/// codes per fiscal year, oldest first. Initiatives without codes or lines are absent.
pub async fn initiative_lines(
    r: &dyn hoshin_store::Read,
    org: OrgId,
    codes: &[(InitiativeId, Vec<String>)],
) -> Result<HashMap<InitiativeId, Vec<BudgetLine>>> {
    let all: Vec<String> =
        codes.iter().flat_map(|(_, c)| c.iter().cloned()).collect::<BTreeSet<_>>().into_iter().collect();
    if all.is_empty() {
        return Ok(HashMap::new());
    }
    let mut by_code: HashMap<String, Vec<BudgetLine>> = HashMap::new();
    for s in r.budget_lines(org, &all).await? {
        by_code.entry(s.line.code.clone()).or_default().push(s.line);
    }
    let mut out = HashMap::new();
    for (id, cs) in codes {
        let mut years: BTreeMap<FiscalYear, BudgetLine> = BTreeMap::new();
        for line in cs.iter().filter_map(|c| by_code.get(c)).flatten() {
            years
                .entry(line.fiscal_year)
                .and_modify(|sum| sum.add(line))
                .or_insert_with(|| BudgetLine { code: cs.join("・"), ..line.clone() });
        }
        if !years.is_empty() {
            out.insert(*id, years.into_values().collect());
        }
    }
    Ok(out)
}

/// The facts with the imported figures in place of the sheet's costs of the same years.
pub fn with_budget(mut facts: ProgramFacts, lines: &[BudgetLine]) -> ProgramFacts {
    let years: BTreeSet<FiscalYear> = lines.iter().map(|l| l.fiscal_year).collect();
    facts.costs.retain(|c| !years.contains(&c.fiscal_year));
    facts.costs.extend(lines.iter().flat_map(BudgetLine::costs));
    facts.costs.sort_by_key(|c| c.fiscal_year);
    facts
}

/// The 予算細事業 codes of one initiative, in the order typed.
pub async fn codes(db: &(impl crate::ReadDb + ?Sized), id: InitiativeId) -> Result<Vec<String>> {
    let r = crate::db::read(db);
    Ok(r.budget_codes(&[id]).await?.pop().map(|(_, c)| c).unwrap_or_default())
}

/// Checks the codes an editor typed: at most [`budget::MAX_BUDGET_CODES`], each at most
/// [`budget::MAX_BUDGET_CODE_LEN`] characters.
pub fn check_codes(codes: &[String]) -> Result<()> {
    if codes.len() > budget::MAX_BUDGET_CODES {
        return Err(AppError::invalid(
            "budget_codes",
            format!("予算細事業コードは{}件までです", budget::MAX_BUDGET_CODES),
        ));
    }
    if let Some(c) = codes.iter().find(|c| c.chars().count() > budget::MAX_BUDGET_CODE_LEN) {
        return Err(AppError::invalid(
            "budget_codes",
            format!("予算細事業コードは{}文字までです（{c}）", budget::MAX_BUDGET_CODE_LEN),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imported_years_replace_the_sheets() {
        let fy = |y| FiscalYear::new(y).unwrap();
        let cost = |y, item: &str| Cost {
            fiscal_year: fy(y),
            basis: CostBasis::Settlement,
            item: item.into(),
            amount: Some(1),
            written: "1".into(),
        };
        let facts = ProgramFacts { costs: vec![cost(2023, "total"), cost(2024, "total")], ..Default::default() };
        let line = BudgetLine {
            code: "A".into(),
            fiscal_year: fy(2024),
            budget: Some(5_000),
            settlement: None,
            general_fund: None,
            personnel: None,
            total_cost: None,
        };
        let out = with_budget(facts, &[line]);
        let got: Vec<(u16, CostBasis, Option<i64>)> =
            out.costs.iter().map(|c| (c.fiscal_year.year(), c.basis, c.amount)).collect();
        assert_eq!(got, [(2023, CostBasis::Settlement, Some(1)), (2024, CostBasis::Budget, Some(5_000))]);
    }
}
