//! Which source lines the raw reader took out as page furniture (page numbers, running
//! headers, repeated pages, table rules), so the interpreters read each line once.
//!
//! A short "running header" is kept: when a document opens straight into its content, the
//! reader takes a label that recurs on every sheet (「目指す姿」) for a page header, but the
//! interpreters need it.

use crate::raw::{DropReason, RawDoc};

/// Longest running header (characters) that is still read as a label.
const LABEL_MAX: usize = 12;

/// Was source line `no` dropped by the raw reader?
pub(crate) fn is_dropped(doc: &RawDoc, no: usize) -> bool {
    doc.dropped.iter().any(|d| {
        (d.first..=d.last).contains(&no)
            && !(d.reason == DropReason::RunningHeader && d.text.trim().chars().count() <= LABEL_MAX)
    })
}
