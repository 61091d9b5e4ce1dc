//! Table rows: Markdown (`| a | b |`, rule rows `|---|`) and tab-separated lines, split into
//! cells whose HTML is turned into paragraphs and list items.

use super::{collapse_spaced, html_parts, Cell, Part, Row};

/// True for a Markdown table line.
pub(super) fn is_markdown_row(text: &str) -> bool {
    text.trim_start().starts_with('|')
}

/// True for a tab-separated line.
pub(super) fn is_tab_row(text: &str) -> bool {
    text.trim_end_matches([' ', '\u{3000}']).contains('\t')
}

fn rule_cell(c: &str) -> bool {
    let c = c.trim();
    c.is_empty() || c.chars().all(|ch| matches!(ch, '-' | ':' | '—' | '─' | '―' | '='))
}

/// Cells of a Markdown row, as written.
pub(super) fn markdown_cells(text: &str) -> Vec<&str> {
    let t = text.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = t.strip_suffix('|').unwrap_or(t);
    t.split('|').collect()
}

/// Cells of a tab-separated row, as written (empty cells kept).
pub(super) fn tab_cells(text: &str) -> Vec<&str> {
    text.split('\t').collect()
}

/// Cells of a line whose columns are aligned with spaces: split at runs of two or more spaces
/// (a single space, half or full width, stays inside a cell: 「産業振興部　農政課」).
pub(super) fn spaced_cells(text: &str) -> Vec<&str> {
    let t = text.trim();
    let mut cells = Vec::new();
    let mut start = 0;
    let mut run_start: Option<usize> = None;
    let mut run_len = 0;
    for (i, c) in t.char_indices() {
        if c == ' ' || c == '\u{3000}' {
            if run_start.is_none() {
                run_start = Some(i);
                run_len = 0;
            }
            run_len += 1;
            continue;
        }
        if let Some(rs) = run_start.take() {
            if run_len >= 2 {
                cells.push(&t[start..rs]);
                start = i;
            }
        }
    }
    cells.push(&t[start..]);
    cells
}

/// A rule row: every cell dashes (at least one dash somewhere).
pub(super) fn is_rule(cells: &[&str]) -> bool {
    cells.iter().all(|c| rule_cell(c)) && cells.iter().any(|c| c.contains('-') || c.contains('─'))
}

/// One cell: HTML turned into parts, spaced-out words collapsed.
pub(super) fn cell(text: &str) -> Cell {
    let parts = html_parts(text).into_iter().map(|p| Part { kind: p.kind, text: collapse_spaced(&p.text) }).collect();
    Cell { parts }
}

pub(super) fn row(no: usize, cells: &[&str]) -> Row {
    Row { line: no, cells: cells.iter().map(|c| cell(c)).collect() }
}
