//! Tables found by their header band: consecutive lines of header cells (years, kinds of
//! value, 単位, the name column). The lowest header cell of each column makes a leaf; header
//! cells above it (a year over 決算 and 予算, 目標値 over several years) are stacked onto the
//! leaves they stand over or next to. Rows below are cut into the leaves by position; a name
//! column starts a new table, so two tables side by side on one page are read apart.

use super::grid::{Frag, Grid};
use super::header::{token, Kind, Role, Token};
use crate::vocab::{Field, Vocabulary};

/// A column of a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Leaf {
    pub x0: usize,
    pub x1: usize,
    /// Header texts from the top of the band down.
    pub chain: Vec<String>,
    pub year: Option<u16>,
    /// The kind named lowest in the chain (「実績」 under 「目標値」 is an actual).
    pub kind: Option<Kind>,
    /// A kind named higher up (「目標値」 over the year columns).
    pub group: Option<Kind>,
    pub role: Role,
}

/// A row: its name (the text in or left of the name column) and its cells by leaf.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TableRow {
    pub line: usize,
    /// The texts of the name columns (and left of the values) joined.
    pub name: String,
    /// Those texts by the column they stand in (`None` left of every column).
    pub names: Vec<(Option<usize>, String)>,
    pub cells: Vec<(usize, String)>,
}

impl GridTable {
    /// Columns that say what their values are (a kind, or years that differ), and rows whose
    /// values are mostly short: not paragraphs that happen to stand under a year.
    fn is_plausible(&self) -> bool {
        let values: Vec<usize> = (0..self.leaves.len()).filter(|&k| self.leaves[k].role == Role::Value).collect();
        let kinds = values.iter().any(|&k| self.leaves[k].kind.is_some());
        let mut years: Vec<u16> = values.iter().filter_map(|&k| self.leaves[k].year).collect();
        years.dedup();
        let cells: Vec<&str> = self
            .rows
            .iter()
            .flat_map(|r| &r.cells)
            .filter(|(k, _)| values.contains(k))
            .map(|(_, t)| t.as_str())
            .collect();
        let short = cells.iter().filter(|t| t.chars().count() <= 20).count();
        (kinds || years.len() >= 2) && !cells.is_empty() && short * 3 >= cells.len() * 2
    }
}

impl TableRow {
    pub fn cell(&self, leaf: usize) -> Option<&str> {
        self.cells.iter().find(|(i, _)| *i == leaf).map(|(_, t)| t.as_str())
    }
}

/// A table read from the grid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct GridTable {
    /// Source line of the first header line.
    pub line: usize,
    /// Source line of the last header line.
    pub header_end: usize,
    pub leaves: Vec<Leaf>,
    pub rows: Vec<TableRow>,
}

/// How far (columns) a header cell may stand from a leaf and still name it.
const REACH: usize = 8;

/// Every table of the grid.
pub(crate) fn tables(grid: &Grid, v: &Vocabulary) -> Vec<GridTable> {
    let toks: Vec<Vec<Token>> =
        grid.lines.iter().map(|l| l.frags.iter().map(|f| token(v, &f.text)).collect()).collect();
    let header_line: Vec<bool> = toks
        .iter()
        .map(|t| {
            let n = t.iter().filter(|t| t.is_header()).count();
            n >= 1 && n * 2 >= t.len() && (n >= 2 || t.len() == 1)
        })
        .collect();
    let is_header_line = |i: usize| header_line[i];
    let mut out = Vec::new();
    let mut i = 0;
    while i < grid.lines.len() {
        if grid.lines[i].frags.is_empty() || !is_header_line(i) {
            i += 1;
            continue;
        }
        // The band: header lines, blank lines allowed between them.
        let mut band = vec![i];
        let mut j = i + 1;
        while j < grid.lines.len() {
            if grid.lines[j].frags.is_empty() {
                j += 1;
                continue;
            }
            // A band is made of one kind of line (cells, or text in columns).
            if !is_header_line(j) || grid.lines[j].cells != grid.lines[i].cells {
                break;
            }
            band.push(j);
            j += 1;
        }
        let has_values = band.iter().flat_map(|&b| &toks[b]).any(|t| t.year.is_some() || t.kind.is_some());
        let cells = band.iter().flat_map(|&b| &toks[b]).filter(|t| t.is_header()).count();
        if has_values && cells >= 2 {
            let groups = split_tables(leaves(grid, &band, &toks));
            for (g, group) in groups.iter().enumerate() {
                // Side by side, a table reaches no further than its neighbours' columns.
                let (x0, x1) = (group.first().map_or(0, |l| l.x0), group.last().map_or(0, |l| l.x1));
                let mut left = x0.saturating_sub(REACH);
                if let Some(prev) = g.checked_sub(1).and_then(|p| groups[p].last()) {
                    left = left.max((prev.x1 + x0) / 2);
                }
                let mut right = x1 + REACH;
                if let Some(next) = groups.get(g + 1).and_then(|n| n.first()) {
                    right = right.min((x1 + next.x0) / 2);
                }
                let rows = rows(grid, band.last().map_or(i, |b| b + 1), group, (left, right), &header_line, v);
                let header_end = band.last().map_or(grid.lines[i].no, |&b| grid.lines[b].no);
                let table = GridTable { line: grid.lines[i].no, header_end, leaves: group.clone(), rows };
                if table.is_plausible() {
                    out.push(table);
                }
            }
        }
        i = j.max(i + 1);
    }
    out
}

/// Leaves from the band, bottom line first.
fn leaves(grid: &Grid, band: &[usize], toks: &[Vec<Token>]) -> Vec<Leaf> {
    let mut leaves: Vec<(Leaf, Vec<Token>)> = Vec::new();
    for &b in band.iter().rev() {
        // Cells of one line stack only onto leaves made by lower lines.
        let below = leaves.len();
        for (f, t) in grid.lines[b].frags.iter().zip(&toks[b]) {
            let overlapping: Vec<usize> = (0..below).filter(|&k| overlaps(f, leaves[k].0.x0, leaves[k].0.x1)).collect();
            let targets = if !overlapping.is_empty() {
                overlapping
            } else if t.name || t.unit || t.year.is_none() && t.kind.is_none() {
                Vec::new()
            } else {
                // A year or kind over several columns names those near it.
                (0..below).filter(|&k| distance(f, leaves[k].0.x0, leaves[k].0.x1) <= REACH).collect()
            };
            if targets.is_empty() {
                let leaf = Leaf {
                    x0: f.x0,
                    x1: f.x1,
                    chain: vec![f.text.clone()],
                    year: None,
                    kind: None,
                    group: None,
                    role: Role::Other,
                };
                leaves.push((leaf, vec![*t]));
                continue;
            }
            for k in targets {
                leaves[k].0.chain.insert(0, f.text.clone());
                leaves[k].1.insert(0, *t);
            }
        }
    }
    let mut out: Vec<Leaf> = leaves
        .into_iter()
        .map(|(mut leaf, toks)| {
            leaf.year = toks.iter().rev().find_map(|t| t.year);
            let kinds: Vec<Kind> = toks.iter().filter_map(|t| t.kind).collect();
            leaf.kind = kinds.last().copied();
            leaf.group = (kinds.len() >= 2).then(|| kinds[0]);
            leaf.role = if toks.iter().any(|t| t.unit) {
                Role::Unit
            } else if leaf.year.is_some() || leaf.kind.is_some() {
                Role::Value
            } else if toks.iter().any(|t| t.name) {
                Role::Name
            } else {
                Role::Other
            };
            leaf
        })
        .collect();
    out.sort_by_key(|l| l.x0);
    out
}

/// A name column starts a new table; leaves left of the first name column belong to it.
fn split_tables(leaves: Vec<Leaf>) -> Vec<Vec<Leaf>> {
    let mut out: Vec<Vec<Leaf>> = Vec::new();
    for leaf in leaves {
        match out.last_mut() {
            Some(cur) if !(leaf.role == Role::Name && cur.iter().any(|l| l.role == Role::Value)) => cur.push(leaf),
            _ => out.push(vec![leaf]),
        }
    }
    out.into_iter().filter(|t| t.iter().any(|l| l.role == Role::Value)).collect()
}

/// Half-open extents `[x0, x1)` overlap.
fn overlaps(f: &Frag, x0: usize, x1: usize) -> bool {
    f.x0 < x1 && x0 < f.x1
}

fn distance(f: &Frag, x0: usize, x1: usize) -> usize {
    if overlaps(f, x0, x1) {
        0
    } else if f.x1 <= x0 {
        x0 - f.x1
    } else {
        f.x0 - x1
    }
}

/// Fields whose labels name rows of indicator and cost tables (「事業費」「一般財源」「実績」).
fn is_row_name(f: Field) -> bool {
    use Field::*;
    matches!(
        f,
        Cost | Budget
            | Settlement
            | GeneralFund
            | Personnel
            | TotalCost
            | Actual
            | Plan
            | Forecast
            | TargetValue
            | Baseline
            | Indicator
            | ActivityIndicator
            | OutcomeIndicator
            | Unit
    )
}

/// A line of the table before rows are put together.
struct Piece {
    line: usize,
    names: Vec<(Option<usize>, String)>,
    cells: Vec<(usize, String)>,
    /// Follows the previous piece without a blank line.
    tight: bool,
}

/// Rows of one table from line `from` on, within the columns `[left, right)`.
fn rows(
    grid: &Grid,
    from: usize,
    leaves: &[Leaf],
    (left, right): (usize, usize),
    header_line: &[bool],
    v: &Vocabulary,
) -> Vec<TableRow> {
    let first_value = leaves.iter().position(|l| l.role == Role::Value).unwrap_or(0);
    let mut pieces: Vec<Piece> = Vec::new();
    // Lines in a row without a fragment in the table's columns (blank, or text beside it).
    let mut misses = 0;
    for (n, line) in grid.lines.iter().enumerate().skip(from) {
        // The header of the next table ends this one.
        if header_line[n] && line.frags.iter().filter(|f| (left..right).contains(&((f.x0 + f.x1) / 2))).count() >= 2 {
            break;
        }
        let mine: Vec<&Frag> = line.frags.iter().filter(|f| (left..right).contains(&((f.x0 + f.x1) / 2))).collect();
        if mine.is_empty() {
            misses += 1;
            if misses >= 3 {
                break;
            }
            continue;
        }
        // A label of the sheet ends the table (「成果指標の達成状況」「４ 取組実績」).
        if mine.iter().any(|f| v.label(&f.text).is_some_and(|h| !is_row_name(h.field))) {
            break;
        }
        let mut p = Piece { line: line.no, names: Vec::new(), cells: Vec::new(), tight: misses == 0 };
        misses = 0;
        for f in mine {
            match nearest(f, leaves) {
                Some(k) if leaves[k].role != Role::Name && k >= first_value || leaves[k].role == Role::Unit => {
                    match p.cells.iter_mut().find(|(i, _)| *i == k) {
                        Some((_, t)) => {
                            t.push(' ');
                            t.push_str(&f.text);
                        }
                        None => p.cells.push((k, f.text.clone())),
                    }
                }
                Some(k) => p.names.push((Some(k), f.text.clone())),
                None if f.x0 < leaves[first_value].x0 => p.names.push((None, f.text.clone())),
                None => {}
            }
        }
        // A character alone beside the rows is vertical text (「主」「な」「内」「訳」).
        if p.cells.is_empty() && p.names.iter().all(|(_, n)| n.chars().count() <= 1) {
            continue;
        }
        pieces.push(p);
    }
    assemble(pieces, leaves)
}

/// Rows from pieces: a piece without values is the start of the next row's name when that
/// row has values but no name, else the wrapped end of the previous row's name.
fn assemble(pieces: Vec<Piece>, leaves: &[Leaf]) -> Vec<TableRow> {
    let has_values = |p: &Piece| p.cells.iter().any(|(k, _)| leaves[*k].role == Role::Value);
    let mut out: Vec<TableRow> = Vec::new();
    let mut prefix: Vec<(Option<usize>, String)> = Vec::new();
    for (i, p) in pieces.iter().enumerate() {
        if has_values(p) {
            let mut names = std::mem::take(&mut prefix);
            names.extend(p.names.iter().cloned());
            let name = join_names(&names);
            out.push(TableRow { line: p.line, name, names, cells: p.cells.clone() });
            continue;
        }
        // Values right below with no name of their own: this line names them (a name above
        // its values). Otherwise it is the wrapped end of the name above.
        let names_next = pieces.get(i + 1).is_some_and(|n| n.tight && has_values(n) && n.names.is_empty());
        match out.last_mut() {
            Some(prev) if p.tight && !names_next && prefix.is_empty() => {
                prev.names.extend(p.names.iter().cloned());
                prev.name = join_names(&prev.names);
                for (k, t) in &p.cells {
                    if prev.cell(*k).is_none() {
                        prev.cells.push((*k, t.clone()));
                    }
                }
            }
            _ => prefix.extend(p.names.iter().cloned()),
        }
    }
    out
}

/// Name pieces as one name: Japanese joined without a space (a name wrapped in its cell),
/// pieces of different columns and Latin words with one.
pub(crate) fn join_names(names: &[(Option<usize>, String)]) -> String {
    let mut out = String::new();
    let mut last: Option<Option<usize>> = None;
    for (k, t) in names {
        let t = t.trim();
        if t.is_empty() {
            continue;
        }
        if let Some(prev) = last {
            let latin = out.chars().last().is_some_and(|c| c.is_ascii_alphanumeric())
                && t.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
            if prev != *k || latin {
                out.push(' ');
            }
        }
        out.push_str(t);
        last = Some(*k);
    }
    out
}

/// The leaf a fragment belongs to: the one it overlaps most, else the nearest within reach.
fn nearest(f: &Frag, leaves: &[Leaf]) -> Option<usize> {
    let overlap = |l: &Leaf| f.x1.min(l.x1) as isize - f.x0.max(l.x0) as isize;
    let best = (0..leaves.len()).max_by_key(|&k| overlap(&leaves[k]))?;
    (distance(f, leaves[best].x0, leaves[best].x1) <= 3).then_some(best)
}

#[cfg(test)]
mod tests;
