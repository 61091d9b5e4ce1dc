//! Interpreter for the plan_chapter genre (stub until its interpreter lands).

use crate::draft::{Extraction, Genre};
use crate::raw::RawDoc;

/// Reads a plan_chapter document.
pub fn interpret(doc: &RawDoc) -> Extraction {
    let genre = Genre::PlanChapter;
    let mut ex = Extraction::empty(genre);
    ex.warn(doc.blocks.first().map_or(1, |b| b.line()), format!("the {} interpreter is not written yet", genre.as_str()));
    ex
}
