//! Genre `plan_chapter`: a 総合計画 chapter. Plan nodes come from numbered headings
//! (「33 …」, 「施策1 …」), their texts from labelled sections (目指す姿, 現況と課題), actions
//! from numbered items (「(1) 名前」 with 「①…」 details), and indicators, related plans,
//! themes and SDG goals from tables recognised by their header vocabulary.
//!
//! Its readers of the pieces plan documents share — `text` (paragraphs, markers, joining
//! broken lines), `org` (municipality and fiscal year), `tables` (tab, Markdown and
//! space-aligned rows; indicator, plan, theme and action tables) — are used by the
//! `measure_sheet` and `evaluation_sheet` interpreters too.

mod actions;
pub(crate) mod aligned;
pub(crate) mod dropped;
pub(crate) mod fields;
mod indicator_lines;
pub(crate) mod lines;
pub(crate) mod org;
mod records;
mod sdgs;
pub(crate) mod stacked;
pub(crate) mod tables;
pub(crate) mod text;
mod walker;

use crate::draft::{Extraction, Genre};
use crate::raw::RawDoc;

/// Interprets a plan chapter.
pub fn interpret(doc: &RawDoc) -> Extraction {
    let lines = text::kept_lines(doc, &|t| matches!(lines::classify(t), lines::LineKind::Label(..)));
    let lines = stacked::join(&aligned::retable(&lines));
    let mut ex = Extraction::empty(Genre::PlanChapter);
    // The municipality by the rule every genre shares; when none is named, the common fill
    // tries the file name and warns.
    ex.organization = org::organization(&lines);
    ex.fiscal_year = org::title_fiscal_year(&lines).map(|f| f.year());
    walker::walk(&lines, &mut ex);
    ex
}

#[cfg(test)]
mod tests;
