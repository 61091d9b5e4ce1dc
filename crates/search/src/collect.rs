//! One pass over the matching documents: the top `n` by (score, then newer year) and the
//! facet counts, read from the fast fields' term ordinals (no stored field is touched).
//!
//! Facet counts are exact when a search has at most [`FACET_SAMPLE`] hits. Past that they are
//! estimated from a uniform sample of the hits: a hit is in the sample of level `k` when the
//! top `k` bits of a hash of its document id (mixed with a seed of its segment) are zero (one
//! hit in 2^k), and the level is the
//! least whose sample holds at most [`FACET_SAMPLE`] hits, so between half that and that many
//! hits are read whatever the total. Each sampled hit counts 2^k; the answer then says the
//! counts are estimates (the page shows 「約」). Reading nine facet columns is what a hit costs
//! most (0.3–0.9 µs at national scale, more where the hits are far apart), so the sample, not
//! the hit count, sets the facets' cost. The total and the ranking always cover every hit.
//!
//! Each segment keeps its own sample while it is read, raising its level whenever the sample
//! outgrows [`FACET_SAMPLE`]; the segments' samples are then cut to one common level and their
//! facet values read once, when the fruits are merged. The sample of a level is part of the
//! sample of every lower level, so the sample is the same whatever order the hits are read in
//! (the pruned one-word search and the full one agree to the count).

use crate::schema::{Facet, YEAR_N};
use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, HashMap};
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

/// At most this many hits have their facet values read: all of them when a search has no more
/// hits, else a uniform sample of between half that and that many.
pub const FACET_SAMPLE: usize = 2_048;

/// The deepest sample level: one key in 2^32 (a level past it would sample nothing more).
const MAX_LEVEL: u32 = 32;

/// Whether `key` (a document id mixed with its segment's seed) is in the facet sample of
/// `level` (one key in 2^level). A multiplicative hash, so the sample does not follow the
/// order documents were added in (organization by organization, year by year); each level's
/// sample is part of the one below.
#[inline]
fn sampled(key: u32, level: u32) -> bool {
    level == 0 || u64::from(key.wrapping_mul(0x9E37_79B1)) >> (32 - level.min(MAX_LEVEL)) == 0
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
    /// Values wanted per facet, the most frequent first (0: all).
    values: usize,
    columns: Arc<ColumnCache>,
}

impl HitsAndFacets {
    pub fn new(top_n: usize, facets: Vec<Facet>, values: usize, columns: Arc<ColumnCache>) -> Self {
        Self { top_n, facets, values, columns }
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

/// What one segment found: its hits counted and ranked, and its facet sample, whose values are
/// read when the segments are merged (see the module's documentation).
pub(crate) struct SegmentFound {
    total: u64,
    top: Vec<Ranked>,
    sample: Sample,
    columns: Vec<Option<StrColumn>>,
}

/// A segment's hits in the facet sample of `level`, in document order. Document ids start at 0
/// in every segment: each segment mixes its own seed into them, so that many small segments
/// do not all sample the same ids.
#[derive(Default)]
struct Sample {
    seed: u32,
    level: u32,
    docs: Vec<DocId>,
}

impl Sample {
    fn of_segment(segment: SegmentOrdinal) -> Self {
        Self { seed: segment.wrapping_mul(0x85EB_CA6B), ..Self::default() }
    }

    #[inline]
    fn takes(&self, doc: DocId, level: u32) -> bool {
        sampled(doc ^ self.seed, level)
    }

    #[inline]
    fn offer(&mut self, doc: DocId) {
        if !self.takes(doc, self.level) {
            return;
        }
        self.docs.push(doc);
        while self.docs.len() > FACET_SAMPLE && self.level < MAX_LEVEL {
            self.thin_to(self.level + 1);
        }
    }

    /// The hits of the sample at `level` or deeper.
    fn at(&self, level: u32) -> usize {
        self.docs.iter().filter(|&&d| self.takes(d, level)).count()
    }

    fn thin_to(&mut self, level: u32) {
        if level > self.level {
            self.level = level;
            let seed = self.seed;
            self.docs.retain(|&d| sampled(d ^ seed, level));
        }
    }
}

pub(crate) struct SegmentHits {
    segment: SegmentOrdinal,
    top_n: usize,
    year: Option<Column<u64>>,
    columns: Vec<Option<StrColumn>>,
    sample: Sample,
    heap: BinaryHeap<Reverse<Ranked>>,
    total: u64,
}

impl Collector for HitsAndFacets {
    type Fruit = Found;
    type Child = SegmentHits;

    fn for_segment(&self, segment: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<SegmentHits> {
        let cols = self.columns.columns(reader)?;
        let columns = self
            .facets
            .iter()
            .map(|f| Facet::ALL.iter().position(|g| g == f).and_then(|i| cols.facets[i].clone()))
            .collect();
        Ok(SegmentHits {
            segment,
            top_n: self.top_n,
            year: cols.year.clone(),
            columns,
            sample: Sample::of_segment(segment),
            heap: BinaryHeap::with_capacity(self.top_n + 1),
            total: 0,
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<SegmentFound>) -> tantivy::Result<Found> {
        let mut out = Found { counts: vec![HashMap::new(); self.facets.len()], ..Found::default() };
        // The least level at which the segments' samples together hold at most FACET_SAMPLE
        // hits (each segment's sample is already at most that).
        let mut level = fruits.iter().map(|f| f.sample.level).max().unwrap_or(0);
        while level < MAX_LEVEL && fruits.iter().map(|f| f.sample.at(level)).sum::<usize>() > FACET_SAMPLE {
            level += 1;
        }
        out.estimated = level > 0;
        let weight = 1u32 << level.min(31);
        // Values are named in each segment's own dictionary, and merged across segments by
        // name; when one segment holds the whole sample, its most frequent values are the
        // answer's and only those are named.
        let sampled_segments = fruits.iter().filter(|f| f.sample.at(level) > 0).count();
        let values = if sampled_segments == 1 { self.values } else { 0 };
        for mut f in fruits {
            out.total += f.total;
            out.top.extend(f.top);
            f.sample.thin_to(level);
            if f.sample.docs.is_empty() {
                continue;
            }
            for (col, acc) in f.columns.iter().zip(out.counts.iter_mut()) {
                if let Some(col) = col {
                    count_values(col, &f.sample.docs, weight, values, acc);
                }
            }
        }
        out.top.sort_by(|a, b| b.cmp(a));
        out.top.truncate(self.top_n);
        Ok(out)
    }
}

/// Adds `weight` for each value of `col` that each of `docs` holds to `acc`, by value; with
/// `most` > 0, only for the `most` values counted most (ties by value), which are then the
/// top of `acc` if `acc` holds nothing else.
fn count_values(col: &StrColumn, docs: &[DocId], weight: u32, most: usize, acc: &mut HashMap<String, u32>) {
    // The sample's values sorted and counted in runs: a vector by ordinal would be as long as
    // the column's dictionary (tens of thousands of departments and themes per segment), and
    // clearing and scanning it cost more than reading the sample.
    let mut ords: Vec<u64> = docs.iter().flat_map(|&doc| col.term_ords(doc)).collect();
    ords.sort_unstable();
    let mut found: Vec<(u64, u32)> = Vec::new();
    for ord in ords {
        match found.last_mut() {
            Some((o, n)) if *o == ord => *n += weight,
            _ => found.push((ord, weight)),
        }
    }
    if most > 0 && found.len() > most {
        // A dictionary is ordered by the values' bytes, as the answer orders equal counts
        // (`String`'s order), so the ordinal settles a tie as the value would. Naming a value
        // costs more than counting it (a string, a hash entry, a place in the final sort):
        // a common word's sample holds a thousand organizations and departments, of which the
        // page shows twelve.
        found.select_nth_unstable_by(most - 1, |a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        found.truncate(most);
        found.sort_unstable_by_key(|(ord, _)| *ord);
    }
    // One pass through the dictionary for all counted values, in ordinal order: looking each
    // value up alone (`ord_to_str`) cost about 2 µs a value, most of a search whose hits span
    // a few thousand departments and themes.
    let mut counts = found.iter().map(|(_, n)| *n);
    let named = col.dictionary().sorted_ords_to_term_cb(found.iter().map(|(o, _)| *o), |bytes| {
        if let Some(n) = counts.next() {
            *acc.entry(String::from_utf8_lossy(bytes).into_owned()).or_insert(0) += n;
        }
        Ok(())
    });
    if let Err(e) = named {
        tracing::warn!(error = %e, "reading a facet dictionary");
    }
}

impl SegmentHits {
    /// Counts a hit: the total, and the facet sample when it takes the hit.
    #[inline]
    pub(crate) fn count(&mut self, doc: DocId) {
        self.total += 1;
        if !self.columns.is_empty() {
            self.sample.offer(doc);
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
    type Fruit = SegmentFound;

    fn collect(&mut self, doc: DocId, score: Score) {
        self.count(doc);
        self.offer(doc, score);
    }

    fn harvest(self) -> SegmentFound {
        SegmentFound {
            total: self.total,
            top: self.heap.into_iter().map(|Reverse(r)| r).collect(),
            sample: self.sample,
            columns: self.columns,
        }
    }
}
