//! Stage 2: one interpreter per genre, turning the raw document into drafts. Detection
//! ([`crate::detect`]) picks the genre; [`interpret`] dispatches. What every genre shares
//! (organization, fiscal year, title) is filled afterwards by [`crate::meta::fill_common`].

pub mod department_policy;
pub mod evaluation_sheet;
pub mod generic;
pub mod goal_review;
pub mod measure_sheet;
pub(crate) mod org_unit;
pub mod plan_chapter;

use crate::draft::{Extraction, Genre};
use crate::raw::RawDoc;
use crate::vocab::Vocabulary;

/// Runs the interpreter of `genre` over the document.
pub fn interpret(genre: Genre, doc: &RawDoc, vocab: &Vocabulary) -> Extraction {
    let mut ex = match genre {
        Genre::DepartmentPolicy => department_policy::interpret(doc),
        Genre::GoalReview => goal_review::interpret(doc),
        Genre::PlanChapter => plan_chapter::interpret(doc),
        Genre::MeasureSheet => measure_sheet::interpret(doc),
        Genre::EvaluationSheet => evaluation_sheet::interpret(doc, vocab),
    };
    ex.genre = genre;
    ex
}
