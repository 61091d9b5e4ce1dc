//! Interpreter for the department_policy genre (being written).

use crate::draft::{Extraction, Genre};
use crate::raw::RawDoc;

/// Reads a department_policy document.
pub fn interpret(doc: &RawDoc) -> Extraction {
    let genre = Genre::DepartmentPolicy;
    let mut ex = Extraction::empty(genre);
    ex.warn(
        doc.blocks.first().map_or(1, |b| b.line()),
        format!("the {} interpreter is not written yet", genre.as_str()),
    );
    ex
}
