//! Labelled values by position. A label (found by the vocabulary) takes, in this order of
//! preference: the value written after it in its own cell; the next cell to its right on its
//! line; the first cell to its right on a line next to it (a label centred beside a value of
//! several lines); the cell under it (a header over a row of values). A cell already taken by
//! one label is not given to another.

use super::grid::{Frag, Grid};
use crate::vocab::{Field, LabelHit, Vocabulary};

/// How a value was found beside its label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum How {
    Inline,
    Right,
    Beside,
    Below,
}

/// A labelled value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    pub field: Field,
    /// The label as written.
    pub label: String,
    pub value: String,
    /// Source line of the label.
    pub line: usize,
    /// Start column of the label and of the value.
    pub label_x: usize,
    pub value_x: usize,
    pub how: How,
}

/// Lines a label may stand from its value (above or below).
const NEAR: usize = 2;
/// Widest gap (columns) between pieces of one value on a line.
const GAP: usize = 4;

/// Every labelled value of the grid for the fields `wanted` accepts.
pub(crate) fn read(grid: &Grid, v: &Vocabulary, wanted: &dyn Fn(Field) -> bool) -> Vec<Found> {
    let hits: Vec<Vec<Option<LabelHit>>> =
        grid.lines.iter().map(|l| l.frags.iter().map(|f| v.label(&f.text)).collect()).collect();
    let mut taken: Vec<Vec<bool>> = grid.lines.iter().map(|l| vec![false; l.frags.len()]).collect();
    let mut out: Vec<Found> = Vec::new();
    let mut open: Vec<(usize, usize)> = Vec::new();
    for (i, row) in hits.iter().enumerate() {
        for (j, h) in row.iter().enumerate() {
            let Some(h) = h.as_ref().filter(|h| wanted(h.field)) else { continue };
            taken[i][j] = true;
            let f = &grid.lines[i].frags[j];
            if h.rest.is_empty() {
                open.push((i, j));
            } else {
                out.push(found(h.field, f, f, h.rest.clone(), How::Inline));
            }
        }
    }
    // Any label (wanted or not) stops a value: a value is never itself a label.
    let is_label = |i: usize, j: usize| hits[i][j].is_some();
    for how in [How::Right, How::Beside, How::Below] {
        open.retain(|&(i, j)| {
            let field = hits[i][j].as_ref().map(|h| h.field);
            let Some(field) = field else { return false };
            let label = &grid.lines[i].frags[j];
            let pick = match how {
                How::Right => right(grid, i, j, &is_label, &taken),
                How::Beside => beside(grid, i, j, &is_label, &taken),
                _ => below(grid, i, j, &is_label, &taken),
            };
            let Some((vi, vj)) = pick else { return true };
            let mut parts = vec![(vi, vj)];
            // Pieces of one value set apart by a few spaces (「令和  5  年度  ～  令和  9  年度」).
            let line = &grid.lines[vi];
            let mut k = vj + 1;
            while k < line.frags.len()
                && !is_label(vi, k)
                && !taken[vi][k]
                && line.frags[k].x0 <= line.frags[k - 1].x1 + GAP
            {
                parts.push((vi, k));
                k += 1;
            }
            if !field.is_one_line() {
                parts.extend(continuation(grid, (i, j), (vi, vj), &is_label, &taken));
            }
            for &(a, b) in &parts {
                taken[a][b] = true;
            }
            let value = join_pieces(grid, &parts);
            out.push(found(field, label, &grid.lines[vi].frags[vj], value, how));
            false
        });
    }
    out.sort_by_key(|f| (f.line, f.label_x));
    out
}

fn found(field: Field, label: &Frag, value: &Frag, text: String, how: How) -> Found {
    Found { field, label: label.text.clone(), value: text, line: label.line, label_x: label.x0, value_x: value.x0, how }
}

/// The next cell right of the label on its line, unless it is a label.
fn right(
    grid: &Grid,
    i: usize,
    j: usize,
    is_label: &dyn Fn(usize, usize) -> bool,
    taken: &[Vec<bool>],
) -> Option<(usize, usize)> {
    let k = j + 1;
    (k < grid.lines[i].frags.len() && !is_label(i, k) && !taken[i][k]).then_some((i, k))
}

/// The first cell right of the label on a line next to it, before the next label to the
/// label's right, with no label between the label's column and that cell.
fn beside(
    grid: &Grid,
    i: usize,
    j: usize,
    is_label: &dyn Fn(usize, usize) -> bool,
    taken: &[Vec<bool>],
) -> Option<(usize, usize)> {
    let label = &grid.lines[i].frags[j];
    let bound = grid.lines[i].frags.get(j + 1).map_or(usize::MAX, |f| f.x0);
    for d in 1..=NEAR {
        for a in [i.checked_add(d), i.checked_sub(d)].into_iter().flatten() {
            let Some(line) = grid.lines.get(a) else { continue };
            // Positions compare only between lines of one kind (cells, or text columns).
            if line.frags.is_empty() && d == 1 || line.cells != grid.lines[i].cells {
                continue;
            }
            let Some(k) = line.frags.iter().position(|f| f.x0 >= label.x1 && f.x0 < bound) else { continue };
            let blocked = (0..k).any(|m| line.frags[m].x1 > label.x0 && is_label(a, m));
            if !blocked && !is_label(a, k) && !taken[a][k] {
                return Some((a, k));
            }
        }
    }
    None
}

/// The cell under the label (overlapping its columns) within a few lines.
fn below(
    grid: &Grid,
    i: usize,
    j: usize,
    is_label: &dyn Fn(usize, usize) -> bool,
    taken: &[Vec<bool>],
) -> Option<(usize, usize)> {
    let label = &grid.lines[i].frags[j];
    for (a, line) in grid.lines.iter().enumerate().skip(i + 1).take(NEAR + 1) {
        if line.cells != grid.lines[i].cells && !line.frags.is_empty() {
            return None;
        }
        if let Some(k) = line.frags.iter().position(|f| f.x0 < label.x1 && label.x0 < f.x1.max(f.x0 + 1)) {
            return (!is_label(a, k) && !taken[a][k]).then_some((a, k));
        }
    }
    None
}

/// Lines that continue a value of several lines: the next lines with a cell starting in the
/// value's column, up to a blank line or a line whose label column holds a label.
fn continuation(
    grid: &Grid,
    (li, lj): (usize, usize),
    (vi, vj): (usize, usize),
    is_label: &dyn Fn(usize, usize) -> bool,
    taken: &[Vec<bool>],
) -> Vec<(usize, usize)> {
    let label = &grid.lines[li].frags[lj];
    let x = grid.lines[vi].frags[vj].x0;
    let mut out = Vec::new();
    for (a, line) in grid.lines.iter().enumerate().skip(vi + 1) {
        if line.frags.is_empty() {
            break;
        }
        if line.frags.iter().enumerate().any(|(m, f)| is_label(a, m) && f.x0 <= x && f.x1 > label.x0) {
            break;
        }
        match line.frags.iter().position(|f| f.x0.abs_diff(x) <= 2) {
            Some(k) if !is_label(a, k) && !taken[a][k] => out.push((a, k)),
            _ if a > li => break,
            _ => {}
        }
    }
    out
}

/// Pieces of a value: those on one line joined with a space, lines joined as broken text
/// (Japanese without a space, Latin words with one).
fn join_pieces(grid: &Grid, parts: &[(usize, usize)]) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut last = usize::MAX;
    for &(a, b) in parts {
        let t = &grid.lines[a].frags[b].text;
        match lines.last_mut() {
            Some(l) if a == last => {
                l.push(' ');
                l.push_str(t);
            }
            _ => lines.push(t.clone()),
        }
        last = a;
    }
    crate::genre::plan_chapter::text::join_broken(lines.iter().map(String::as_str))
}

#[cfg(test)]
mod tests;
