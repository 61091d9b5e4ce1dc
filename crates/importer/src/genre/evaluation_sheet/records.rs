//! Programs listed one per row of a wide table (評価一覧, the export of an evaluation system):
//! a header row of field labels — perhaps over two rows, perhaps below helper rows — gives
//! each column its field; an indicator-name column starts a group of unit and value columns
//! (指標ア / イ / ウ repeat), columns of money by year give costs. Each row with a program
//! name is a program, built like a sheet's.

use super::layout::{costs, indicators};
use super::program::{self, Labelled};
use crate::draft::{IndicatorDraft, InitiativeDraft};
use crate::form::header::{token, Kind, Role};
use crate::form::table::{GridTable, Leaf, TableRow};
use crate::genre::plan_chapter::tables::row_cells;
use crate::genre::plan_chapter::text::clean;
use crate::raw::Line;
use crate::vocab::{Field, Vocabulary};

/// A program read from a row, with its indicators.
pub(crate) type Program = (InitiativeDraft, Vec<IndicatorDraft>);

/// What a column of the table holds.
#[derive(Debug, Clone, PartialEq)]
enum Column {
    /// A field of the program (name, department, 施策 …).
    Field(Field),
    /// A column of indicator group `usize`: its leaf.
    Indicator(usize, Leaf),
    /// A money column: its item (total, general_fund …) and leaf.
    Money(String, Leaf),
    Other,
}

/// Programs of every wide table in the lines.
pub(crate) fn read(lines: &[Line], v: &Vocabulary) -> Vec<Program> {
    let rows: Vec<(usize, Vec<String>)> = lines
        .iter()
        .filter_map(|l| row_cells(&l.text).map(|c| (l.no, c.into_iter().map(|t| clean(&t).to_string()).collect())))
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        let Some((columns, body_from)) = header_at(&rows, i, v) else {
            i += 1;
            continue;
        };
        let name_col = columns.iter().position(|c| *c == Column::Field(Field::Name));
        let mut j = body_from;
        while j < rows.len() {
            let (line, cells) = &rows[j];
            // A line number gap of more than one blank line, or another header, ends the table.
            if j > body_from && line - rows[j - 1].0 > 2 || header_at(&rows, j, v).is_some() {
                break;
            }
            if let Some(p) = name_col.and_then(|n| program_of(&columns, *line, cells, n, v, lines)) {
                out.push(p);
            }
            j += 1;
        }
        i = j.max(i + 1);
    }
    out
}

/// The header starting at row `i` (one row, or two when the next one names the columns
/// further), with the index of the first body row.
fn header_at(rows: &[(usize, Vec<String>)], i: usize, v: &Vocabulary) -> Option<(Vec<Column>, usize)> {
    let (_, top) = &rows[i];
    let fields: Vec<Option<Field>> = top.iter().map(|c| v.field_of(c)).collect();
    let distinct = {
        let mut f: Vec<Field> = fields.iter().flatten().copied().collect();
        f.sort();
        f.dedup();
        f.len()
    };
    if !fields.contains(&Some(Field::Name)) || distinct < 3 {
        return None;
    }
    // A second header row: its name cell empty, and headers (years, kinds, labels) in it.
    let name_col = fields.iter().position(|f| *f == Some(Field::Name))?;
    let second = rows.get(i + 1).filter(|(line, r)| {
        *line == rows[i].0 + 1
            && r.get(name_col).is_none_or(|c| c.is_empty())
            && r.iter().filter(|c| !c.is_empty() && (v.field_of(c).is_some() || token(v, c).is_header())).count() >= 2
    });
    let width = top.len().max(second.map_or(0, |(_, r)| r.len()));
    let mut texts: Vec<Vec<String>> = Vec::with_capacity(width);
    let mut carried = String::new();
    for c in 0..width {
        let upper = top.get(c).cloned().unwrap_or_default();
        let lower = second.and_then(|(_, r)| r.get(c).cloned()).unwrap_or_default();
        // A merged upper cell over several lower ones holds its text in its first column.
        if !upper.is_empty() {
            carried = upper.clone();
        } else if lower.is_empty() {
            carried.clear();
        }
        let mut t = Vec::new();
        let up = if upper.is_empty() && !lower.is_empty() { carried.clone() } else { upper };
        if !up.is_empty() {
            t.push(up);
        }
        if !lower.is_empty() {
            t.push(lower);
        }
        texts.push(t);
    }
    Some((classify(&texts, v), i + 1 + usize::from(second.is_some())))
}

/// Each column's role from its header texts (top to bottom).
fn classify(texts: &[Vec<String>], v: &Vocabulary) -> Vec<Column> {
    let mut out = Vec::with_capacity(texts.len());
    let mut group = 0;
    let mut in_group = false;
    for (c, chain) in texts.iter().enumerate() {
        let fields: Vec<Field> =
            chain.iter().filter_map(|t| v.field_of(t).or_else(|| v.label(t).map(|h| h.field))).collect();
        let toks: Vec<_> = chain.iter().map(|t| token(v, t)).collect();
        let year = toks.iter().rev().find_map(|t| t.year);
        let kinds: Vec<_> = toks.iter().filter_map(|t| t.kind).collect();
        let leaf = |role: Role| Leaf {
            x0: c,
            x1: c + 1,
            chain: chain.clone(),
            year,
            kind: kinds.last().copied(),
            group: (kinds.len() >= 2).then(|| kinds[0]),
            role,
        };
        let lowest = fields.last().copied();
        let money =
            fields.iter().find(|f| matches!(f, Field::Cost | Field::GeneralFund | Field::Personnel | Field::TotalCost));
        let indicator_word =
            fields.iter().any(|f| matches!(f, Field::Indicator | Field::ActivityIndicator | Field::OutcomeIndicator));
        let column = match lowest {
            // 「指標名」, 「成果指標」 over 「名称」: a new indicator.
            Some(Field::Indicator | Field::ActivityIndicator | Field::OutcomeIndicator)
                if year.is_none() && kinds.is_empty() =>
            {
                group += 1;
                in_group = true;
                Column::Indicator(group, leaf(Role::Name))
            }
            // An amount of a year without 予算 or 決算 is taken as spent (決算).
            _ if money.is_some() && year.is_some() => {
                let mut l = leaf(Role::Value);
                l.kind = l.kind.or(Some(Kind::Settlement));
                Column::Money(item(*money.unwrap_or(&Field::Cost)), l)
            }
            Some(Field::Budget | Field::Settlement) if year.is_some() => {
                Column::Money("total".into(), leaf(Role::Value))
            }
            Some(Field::Unit) if in_group => Column::Indicator(group, leaf(Role::Unit)),
            _ if in_group && (year.is_some() || !kinds.is_empty()) => Column::Indicator(group, leaf(Role::Value)),
            _ if indicator_word && (year.is_some() || !kinds.is_empty()) => {
                Column::Indicator(group.max(1), leaf(Role::Value))
            }
            Some(f) if !f.is_table_header() => {
                in_group = false;
                Column::Field(f)
            }
            _ => Column::Other,
        };
        out.push(column);
    }
    out
}

fn item(f: Field) -> String {
    match f {
        Field::GeneralFund => "general_fund",
        Field::Personnel => "personnel",
        Field::TotalCost => "total_cost",
        _ => "total",
    }
    .to_string()
}

/// The program of one body row.
fn program_of(
    columns: &[Column],
    line: usize,
    cells: &[String],
    name_col: usize,
    v: &Vocabulary,
    lines: &[Line],
) -> Option<Program> {
    if cells.get(name_col).is_none_or(|c| c.is_empty()) {
        return None;
    }
    let cell = |c: usize| cells.get(c).map(String::as_str).unwrap_or("");
    let mut fields: Vec<Labelled> = Vec::new();
    for (c, col) in columns.iter().enumerate() {
        if let Column::Field(f) = col {
            if !cell(c).is_empty() {
                fields.push(Labelled { field: *f, value: cell(c).to_string(), line, rank: 0 });
            }
        }
    }
    let mut ini = program::build(&fields, v)?;
    // Indicators: one table per group, with this row as its only row.
    let groups: Vec<usize> = {
        let mut g: Vec<usize> =
            columns.iter().filter_map(|c| if let Column::Indicator(g, _) = c { Some(*g) } else { None }).collect();
        g.dedup();
        g
    };
    let mut found = Vec::new();
    for g in groups {
        let mut leaves = Vec::new();
        let mut row = TableRow { line, name: String::new(), names: Vec::new(), cells: Vec::new() };
        for (c, col) in columns.iter().enumerate() {
            let Column::Indicator(cg, leaf) = col else { continue };
            if *cg != g {
                continue;
            }
            if leaf.role == Role::Name {
                row.name = cell(c).to_string();
            } else if !cell(c).is_empty() {
                row.cells.push((leaves.len(), cell(c).to_string()));
            }
            leaves.push(leaf.clone());
        }
        if row.name.is_empty() {
            continue;
        }
        found.extend(indicators(&GridTable { line, header_end: line, leaves, rows: vec![row] }, v));
    }
    // Costs: one table per item.
    let mut items: Vec<&String> =
        columns.iter().filter_map(|c| if let Column::Money(i, _) = c { Some(i) } else { None }).collect();
    items.dedup();
    for it in items {
        let mut leaves = Vec::new();
        let mut row = TableRow { line, name: item_label(it, v), names: Vec::new(), cells: Vec::new() };
        for (c, col) in columns.iter().enumerate() {
            let Column::Money(ci, leaf) = col else { continue };
            if ci != it {
                continue;
            }
            if !cell(c).is_empty() {
                row.cells.push((leaves.len(), cell(c).to_string()));
            }
            leaves.push(leaf.clone());
        }
        ini.costs.extend(costs(&GridTable { line, header_end: line, leaves, rows: vec![row] }, v, lines));
    }
    for ind in &mut found {
        ind.measure = ini.measure.clone();
        ind.initiative = Some(ini.name.clone());
    }
    Some((ini, found))
}

/// A row name the money reader maps back to the item.
fn item_label(item: &str, _v: &Vocabulary) -> String {
    match item {
        "general_fund" => "一般財源",
        "personnel" => "人件費",
        "total_cost" => "トータルコスト",
        _ => "事業費",
    }
    .to_string()
}

#[cfg(test)]
mod tests;
