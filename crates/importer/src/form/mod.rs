//! Reading forms and tables by position: a label found by the vocabulary takes the value
//! written beside it, under it or in the lines next to it ([`fields`]); a header band of year
//! and kind labels gives the columns of an indicator or cost table ([`table`]). Shared by the
//! genres that read program sheets and by the generic reader.

pub(crate) mod fields;
pub(crate) mod grid;
pub(crate) mod header;
pub(crate) mod table;

use crate::raw::Line;
use crate::vocab::Vocabulary;
use std::fmt::Write;

/// A readable account of what the positional readers find in `text` (labelled values and
/// tables with their columns), for `extract --layout` when a new layout is examined.
pub fn outline(text: &str) -> String {
    let lines: Vec<Line> = text.lines().enumerate().map(|(i, s)| Line { no: i + 1, text: s.to_string() }).collect();
    let grid = grid::Grid::new(&lines);
    let v = Vocabulary::builtin();
    let mut out = String::new();
    for f in fields::read(&grid, &v, &|_| true) {
        let _ = writeln!(out, "{:>5} {:<20} {:?} {}", f.line, f.field.as_str(), f.how, f.value);
    }
    for t in table::tables(&grid, &v) {
        let _ = writeln!(out, "== table at line {}", t.line);
        for l in &t.leaves {
            let _ = writeln!(
                out,
                "  column {}..{} {:?} year={:?} kind={:?} group={:?} {:?}",
                l.x0, l.x1, l.role, l.year, l.kind, l.group, l.chain
            );
        }
        for r in &t.rows {
            let _ = writeln!(out, "  {:>5} {:?} {:?}", r.line, r.name, r.cells);
        }
    }
    out
}
