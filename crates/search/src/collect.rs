//! One pass over the matching documents: the top `n` by (score, then newer year) and the
//! facet counts, read from the fast fields' term ordinals (no stored field is touched).
//!
//! Facet counts are exact for the first [`EXACT_FACETS`] hits of a search. Past that, a
//! deterministic pseudo-random one in [`SAMPLE_EVERY`] of the hits is counted and weighted by
//! that factor, and past [`DENSE_SAMPLE_UNTIL`] hits only one in [`SPARSE_EVERY`]; the answer
//! then says the counts are estimates (the page shows 「約」). Reading nine facet columns is
//! what a hit costs most (about 2 µs), so the counted hits are kept to a few thousand whatever
//! the hit count. The total and the ranking always cover every hit.

use crate::schema::{Facet, YEAR_N};
use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering as AtomicOrdering};
use std::sync::{Arc, Mutex};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::index::SegmentId;
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

/// A ranked hit: score, then year (newer first), then index order.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ranked {
    pub score: Score,
    pub year: u64,
    pub doc: DocAddress,
}

impl Ranked {
    fn key(&self) -> (Score, u64, Reverse<(u32, u32)>) {
        (self.score, self.year, Reverse((self.doc.segment_ord, self.doc.doc_id)))
    }
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Ranked {}
impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> Ordering {
        let (a, b) = (self.key(), other.key());
        a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2))
    }
}

/// Hits whose facet values are all counted.
pub const EXACT_FACETS: u64 = 2_000;
/// Past [`EXACT_FACETS`], one hit in this many is counted (weighted by it).
pub const SAMPLE_EVERY: u32 = 16;
/// Past this many hits, the sample thins to one in [`SPARSE_EVERY`].
pub const DENSE_SAMPLE_UNTIL: u64 = 32_000;
/// One hit in this many is counted past [`DENSE_SAMPLE_UNTIL`] (weighted by it).
pub const SPARSE_EVERY: u32 = 256;

/// The weight a hit's facet values are counted with (0: not counted), `nth` being how many hits
/// the search saw before it. The sample is a hash of the document id, so it does not follow the
/// order documents were added in (organization by organization, year by year); the sparse
/// sample is part of the dense one.
fn weight(nth: u64, doc: DocId) -> u32 {
    let h = doc.wrapping_mul(0x9E37_79B1);
    if nth < EXACT_FACETS {
        1
    } else if nth < DENSE_SAMPLE_UNTIL {
        if h >> 28 == 0 {
            SAMPLE_EVERY
        } else {
            0
        }
    } else if h >> 24 == 0 {
        SPARSE_EVERY
    } else {
        0
    }
}

/// The fast-field columns of one segment: its year and every facet (in [`Facet::ALL`] order).
pub(crate) struct SegmentColumns {
    year: Option<Column<u64>>,
    facets: Vec<Option<StrColumn>>,
}

impl SegmentColumns {
    /// A document's fiscal year, 0 when it has none.
    pub(crate) fn year(&self, doc: DocId) -> u64 {
        self.year.as_ref().and_then(|c| c.first(doc)).unwrap_or(0)
    }
}

/// Opened columns by segment, kept while the segment lives. Opening a string column reads its
/// dictionary's index; for facets of tens of thousands of values (departments, themes), nine
/// of them in every segment cost more than the whole search of a rare word (measured on the
/// national index: 1.8 ms → 0.5 ms for a 7-hit search with facets).
#[derive(Default)]
pub(crate) struct ColumnCache {
    segments: Mutex<HashMap<SegmentId, Arc<SegmentColumns>>>,
}

impl std::fmt::Debug for ColumnCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ColumnCache")
    }
}

impl ColumnCache {
    pub(crate) fn columns(&self, reader: &SegmentReader) -> tantivy::Result<Arc<SegmentColumns>> {
        let id = reader.segment_id();
        if let Some(c) = self.segments.lock().unwrap_or_else(|e| e.into_inner()).get(&id) {
            return Ok(Arc::clone(c));
        }
        let ff = reader.fast_fields();
        let mut facets = Vec::with_capacity(Facet::ALL.len());
        for f in Facet::ALL {
            facets.push(ff.str(f.key())?);
        }
        let cols = Arc::new(SegmentColumns { year: ff.u64(YEAR_N).ok(), facets });
        self.segments.lock().unwrap_or_else(|e| e.into_inner()).insert(id, Arc::clone(&cols));
        Ok(cols)
    }

    /// Forgets segments no longer in `live` (merged away).
    pub fn keep_only(&self, live: &[SegmentId]) {
        let mut m = self.segments.lock().unwrap_or_else(|e| e.into_inner());
        if m.len() > live.len() {
            m.retain(|id, _| live.contains(id));
        }
    }
}

/// Collects hits and facet counts.
#[derive(Debug)]
pub(crate) struct HitsAndFacets {
    pub top_n: usize,
    pub facets: Vec<Facet>,
    /// Hits of the segments collected so far (for the exact part of the facet counts).
    seen: Arc<AtomicU64>,
    columns: Arc<ColumnCache>,
}

impl HitsAndFacets {
    pub fn new(top_n: usize, facets: Vec<Facet>, columns: Arc<ColumnCache>) -> Self {
        Self { top_n, facets, seen: Arc::default(), columns }
    }
}

/// What a search found.
#[derive(Debug, Default)]
pub(crate) struct Found {
    pub total: u64,
    /// Best first.
    pub top: Vec<Ranked>,
    /// Per facet (in the collector's order): value → count.
    pub counts: Vec<HashMap<String, u32>>,
    /// The facet counts are estimates from a sample.
    pub estimated: bool,
}

pub(crate) struct SegmentHits {
    segment: SegmentOrdinal,
    top_n: usize,
    year: Option<Column<u64>>,
    columns: Vec<Option<StrColumn>>,
    counts: Vec<Vec<u32>>,
    heap: BinaryHeap<Reverse<Ranked>>,
    total: u64,
    /// Hits of the segments collected before this one.
    before: u64,
    seen: Arc<AtomicU64>,
    estimated: bool,
}

impl Collector for HitsAndFacets {
    type Fruit = Found;
    type Child = SegmentHits;

    fn for_segment(&self, segment: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<SegmentHits> {
        let cols = self.columns.columns(reader)?;
        let year = cols.year.clone();
        let mut columns = Vec::with_capacity(self.facets.len());
        let mut counts = Vec::with_capacity(self.facets.len());
        for f in &self.facets {
            let col = Facet::ALL.iter().position(|g| g == f).and_then(|i| cols.facets[i].clone());
            counts.push(vec![0u32; col.as_ref().map(|c| c.num_terms()).unwrap_or(0)]);
            columns.push(col);
        }
        Ok(SegmentHits {
            segment,
            top_n: self.top_n,
            year,
            columns,
            counts,
            heap: BinaryHeap::with_capacity(self.top_n + 1),
            total: 0,
            before: self.seen.load(AtomicOrdering::Acquire),
            seen: Arc::clone(&self.seen),
            estimated: false,
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Found>) -> tantivy::Result<Found> {
        let mut out = Found { counts: vec![HashMap::new(); self.facets.len()], ..Found::default() };
        for f in fruits {
            out.total += f.total;
            out.estimated |= f.estimated;
            out.top.extend(f.top);
            for (acc, part) in out.counts.iter_mut().zip(f.counts) {
                for (k, v) in part {
                    *acc.entry(k).or_insert(0) += v;
                }
            }
        }
        out.top.sort_by(|a, b| b.cmp(a));
        out.top.truncate(self.top_n);
        Ok(out)
    }
}

impl SegmentHits {
    /// Counts a hit: the total, and its facet values when the sample takes it.
    pub(crate) fn count(&mut self, doc: DocId) {
        let weight = if self.columns.is_empty() { 0 } else { weight(self.before + self.total, doc) };
        self.total += 1;
        if weight > 0 {
            self.estimated |= weight > 1;
            for (col, counts) in self.columns.iter().zip(self.counts.iter_mut()) {
                if let Some(col) = col {
                    for ord in col.term_ords(doc) {
                        if let Some(c) = counts.get_mut(ord as usize) {
                            *c += weight;
                        }
                    }
                }
            }
        } else if !self.columns.is_empty() {
            self.estimated = true;
        }
    }

    /// Offers a counted hit with its score to the top `n`.
    pub(crate) fn offer(&mut self, doc: DocId, score: Score) {
        if self.top_n == 0 {
            return;
        }
        // The score ranks first: a hit scoring under the full heap's least cannot enter it,
        // whatever its year, so its year is not read (most hits of a common word).
        if self.floor().is_some_and(|least| score < least) {
            return;
        }
        let year = self.year.as_ref().and_then(|c| c.first(doc)).unwrap_or(0);
        let r = Ranked { score, year, doc: DocAddress::new(self.segment, doc) };
        if self.heap.len() < self.top_n {
            self.heap.push(Reverse(r));
        } else if self.heap.peek().is_some_and(|Reverse(min)| r > *min) {
            self.heap.pop();
            self.heap.push(Reverse(r));
        }
    }

    /// The least score a hit needs to enter the top `n` (a hit scoring exactly this may still
    /// enter by its year), once the top is full; `None` before.
    pub(crate) fn floor(&self) -> Option<Score> {
        if self.top_n == 0 || self.heap.len() < self.top_n {
            return None;
        }
        self.heap.peek().map(|Reverse(min)| min.score)
    }

    /// Whether offering hits can change the answer (a top is asked for).
    pub(crate) fn ranks(&self) -> bool {
        self.top_n > 0
    }
}

impl SegmentCollector for SegmentHits {
    type Fruit = Found;

    fn collect(&mut self, doc: DocId, score: Score) {
        self.count(doc);
        self.offer(doc, score);
    }

    fn harvest(self) -> Found {
        let mut counts = Vec::with_capacity(self.columns.len());
        for (col, per_ord) in self.columns.iter().zip(self.counts) {
            let mut map = HashMap::new();
            if let Some(col) = col {
                // One pass through the dictionary for all counted values, in ordinal order:
                // looking each value up alone (`ord_to_str`) cost about 2 µs a value, most of
                // a search whose hits span a few thousand departments and themes.
                let found: Vec<(u64, u32)> =
                    per_ord.into_iter().enumerate().filter(|(_, n)| *n > 0).map(|(o, n)| (o as u64, n)).collect();
                let mut counts = found.iter().map(|(_, n)| *n);
                let named = col.dictionary().sorted_ords_to_term_cb(found.iter().map(|(o, _)| *o), |bytes| {
                    if let Some(n) = counts.next() {
                        map.insert(String::from_utf8_lossy(bytes).into_owned(), n);
                    }
                    Ok(())
                });
                if let Err(e) = named {
                    tracing::warn!(error = %e, "reading a facet dictionary");
                }
            }
            counts.push(map);
        }
        self.seen.fetch_add(self.total, AtomicOrdering::AcqRel);
        Found {
            total: self.total,
            top: self.heap.into_iter().map(|Reverse(r)| r).collect(),
            counts,
            estimated: self.estimated,
        }
    }
}
