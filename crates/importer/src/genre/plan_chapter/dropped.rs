//! Which source lines the raw reader took out as page furniture (page numbers, running
//! headers, repeated pages, table rules), so the interpreters read each line once.
//!
//! A running header that is one of the genre's labels is kept: when a document opens straight
//! into its content, the reader may take a label that recurs on every sheet (「めざすまちの姿」)
//! for a page header, but the interpreter needs it.

use crate::raw::{DropReason, RawDoc};

/// Was source line `no` dropped by the raw reader (and is not a label `is_label` wants)?
pub(crate) fn is_dropped(doc: &RawDoc, no: usize, is_label: &dyn Fn(&str) -> bool) -> bool {
    doc.dropped
        .iter()
        .any(|d| (d.first..=d.last).contains(&no) && !(d.reason == DropReason::RunningHeader && is_label(&d.text)))
}
