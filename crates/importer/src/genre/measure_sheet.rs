//! Interpreter for the measure_sheet genre (stub until its interpreter lands).

use crate::draft::{Extraction, Genre};
use crate::raw::RawDoc;

/// Reads a measure_sheet document.
pub fn interpret(doc: &RawDoc) -> Extraction {
    let genre = Genre::MeasureSheet;
    let mut ex = Extraction::empty(genre);
    ex.warn(
        doc.blocks.first().map_or(1, |b| b.line()),
        format!("the {} interpreter is not written yet", genre.as_str()),
    );
    ex
}
