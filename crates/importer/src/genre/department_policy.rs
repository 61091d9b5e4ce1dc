//! Genre `department_policy` (部局運営方針): per department a heading or 部局名 cell, a stance
//! (部局運営に関する基本的考え方), then sections (行政改革に係る取組 …) of themes (重点項目),
//! each with initiatives: a short name followed by its summary. The same content comes as
//! tables, tab rows, HTML cells or plain lines; everything is read as one stream of text
//! units so the layout does not matter. Theme labels mangled by the PDF tool are mapped to
//! one name per theme slot ([`themes`]).

mod classify;
mod state;
mod themes;

use crate::draft::{Extraction, Genre};
use crate::raw::{Block, RawDoc};
use state::State;

/// Reads a department policy document.
pub fn interpret(doc: &RawDoc) -> Extraction {
    let mut ex = Extraction::empty(Genre::DepartmentPolicy);
    let mut st = State::default();
    for b in &doc.blocks {
        match b {
            Block::Text(t) => {
                for l in &t.lines {
                    st.line(l.no, &l.text, &mut ex);
                }
            }
            Block::Table(t) => {
                for r in &t.rows {
                    let cells: Vec<String> = r.cells.iter().map(|c| c.text()).collect();
                    let parts: Vec<Vec<String>> =
                        r.cells.iter().map(|c| c.parts.iter().map(|p| p.text.clone()).collect()).collect();
                    st.row(r.line, &cells, &parts, &mut ex);
                }
            }
        }
    }
    st.end(&mut ex);
    themes::resolve(&st.slots, &mut ex);
    if ex.themes.is_empty() && !ex.initiatives.is_empty() {
        // A layout without themes: one note instead of one per initiative.
        ex.warnings.retain(|w| !w.message.starts_with(state::OUTSIDE_THEME));
        ex.warn(ex.initiatives[0].line, "no themes (重点項目) in this document: initiatives are not grouped");
    }
    ex
}
