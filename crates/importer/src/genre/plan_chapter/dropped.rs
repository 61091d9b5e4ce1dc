//! Which source lines the raw reader took out as page furniture (page numbers, running
//! headers, repeated pages, table rules), so the interpreters read each line once.

use crate::raw::RawDoc;

/// Was source line `no` dropped by the raw reader?
pub(crate) fn is_dropped(doc: &RawDoc, no: usize) -> bool {
    doc.dropped.iter().any(|d| (d.first..=d.last).contains(&no))
}
