//! A one-word search without scoring every hit: the commonest query, and the costliest when
//! the word is common (「子育て支援」: 191,488 hits of the national index, each scored with BM25
//! and its title bonus only for twenty of them to be shown).
//!
//! Per segment:
//! 1. the best title bonus of the segment is found from the title term's stored block maxima
//!    (the blocks that cannot beat the best so far are not read);
//! 2. the postings of the word's term are read once, block by block. Every hit (alive, not
//!    hidden from the asker) is counted, with its facet values when the sample takes it: the
//!    total and the facets are those of [`HitsAndFacets`] over the whole query. A block whose
//!    stored best score of the word, plus the best title bonus, cannot reach the least score
//!    of a full top is not scored (as tantivy's block-max pruning of a term, which skips such
//!    a block; here it is read anyway, for the count). The hits of the other blocks are scored
//!    exactly as [`crate::bonus::WithBonus`] scores them (the word's BM25 score with the
//!    searcher's statistics, plus the title's where the title holds the word too) and ranked
//!    by the same order (score, newer year, index order), so the top is the same.
//!    (Before the sixth session of 7 December 2026 the count and the top were two passes over the postings, the
//!    second through tantivy's `for_each_pruning`: every block was decoded twice.)
//!
//! The block maximum the index stores is the best (field length, term frequency) pair of the
//! block under the segment's own average field length, while a search scores with the average
//! of the whole index; the best pair under one average need not be the best under another
//! (tantivy's documentation calls the difference "extremely rare" and ignores it). It is bounded
//! though: BM25's length normalisation `1 − b + b·dl/avg` changes by at most the ratio of the two
//! averages, so the true maximum of a block is at most that ratio times the stored one (see
//! [`widening`]). Every bound here is widened by it, per segment and field — so the top is
//! exactly the full search's — and the threshold stays under the least score, so that a hit
//! scoring exactly the least still comes through and its year decides.

use crate::collect::{Found, HitsAndFacets};
use crate::query::OneWord;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::fastfield::AliveBitSet;
use tantivy::fieldnorm::FieldNormReader;
use tantivy::query::{Bm25StatisticsProvider, Bm25Weight, EnableScoring, Query, Scorer, Weight};
use tantivy::schema::Field;
use tantivy::schema::IndexRecordOption;
use tantivy::SegmentReader;
use tantivy::{DocId, Searcher};

/// Relative slack for rounding in the bounds (scores are `f32` sums).
const SLACK: f32 = 1e-4;

/// Searches `word` (minus what `hidden` matches) with `collector`'s top and facets.
pub(crate) fn search(
    searcher: &Searcher,
    word: &OneWord,
    hidden: &dyn Query,
    collector: &HitsAndFacets,
) -> tantivy::Result<Found> {
    let scoring = EnableScoring::enabled_from_searcher(searcher);
    let unscored = EnableScoring::disabled_from_searcher(searcher);
    let word_term = word.required.term();
    // The word's score, as its term query scores it (`TermWeight`: BM25 with the searcher's
    // statistics, unboosted), so the scores are the full search's to the bit.
    let bm25 = Bm25Weight::for_terms(searcher, std::slice::from_ref(word_term))?;
    let title = word.bonus().weight(scoring)?;
    // The same term unboosted: a boosted weight scores every posting where a term's weight
    // passes over the blocks it need not read.
    let title_term = word.title.weight(scoring)?;
    let hidden = hidden.weight(unscored)?;
    let (word_field, title_field) = (word_term.field(), word.title.term().field());
    let (word_avg, title_avg) = (average_length(searcher, word_field)?, average_length(searcher, title_field)?);
    let mut fruits = Vec::with_capacity(searcher.segment_readers().len());
    for (ord, reader) in searcher.segment_readers().iter().enumerate() {
        let ord = u32::try_from(ord).map_err(|_| tantivy::TantivyError::InvalidArgument("segments".into()))?;
        let mut hits = collector.for_segment(ord, reader)?;
        let inverted = reader.inverted_index(word_field)?;
        let Some(info) = inverted.get_term_info(word_term)? else {
            fruits.push(hits.harvest());
            continue;
        };
        let ranks = hits.ranks();
        let mut postings = inverted.read_block_postings_from_terminfo(
            &info,
            if ranks { IndexRecordOption::WithFreqs } else { IndexRecordOption::Basic },
        )?;
        let mut shown = Shown::new(reader, hidden.as_ref())?;
        if !ranks {
            // No top asked for: every hit counted, nothing scored.
            while !postings.docs().is_empty() {
                for &doc in postings.docs() {
                    if shown.at(doc) {
                        hits.count(doc);
                    }
                }
                postings.advance();
            }
            fruits.push(hits.harvest());
            continue;
        }

        // 1. The best title bonus of the segment: the title term's blocks whose stored maximum
        //    cannot beat the best found so far are passed over unread.
        let mut title_best: f32 = 0.0;
        title_term.for_each_pruning(f32::MIN, reader, &mut |_, score| {
            title_best = title_best.max(score);
            title_best * (1.0 + f32::EPSILON)
        })?;
        let title_bound = title_best * OneWord::TITLE_BOOST * widening(title_avg, reader, title_field)?;
        let word_widening = widening(word_avg, reader, word_field)?;

        // 2. One pass over the word's postings, block by block: every hit counted; the hits of
        //    a block whose stored best score of the word can reach the threshold are scored,
        //    and those whose word alone passes it are offered to the top.
        let fieldnorms = match reader.fieldnorms_readers().get_field(word_field)? {
            Some(norms) => norms,
            None => FieldNormReader::constant(reader.max_doc(), 1),
        };
        let mut bonus = Cursor::new(title.scorer(reader, 1.0)?);
        let mut least = threshold(hits.floor(), title_bound, word_widening);
        while !postings.docs().is_empty() {
            let scores = postings.block_max_score(&fieldnorms, &bm25) > least;
            for (i, &doc) in postings.docs().iter().enumerate() {
                if !shown.at(doc) {
                    continue;
                }
                hits.count(doc);
                if !scores {
                    continue;
                }
                let word = bm25.score(fieldnorms.fieldnorm_id(doc), postings.freq(i));
                if word > least {
                    // As `WithBonus` adds them: the word's score, then the title's.
                    let score = if bonus.holds(doc) { word + bonus.set.score() } else { word };
                    hits.offer(doc, score);
                    least = threshold(hits.floor(), title_bound, word_widening);
                }
            }
            postings.advance();
        }
        fruits.push(hits.harvest());
    }
    collector.merge_fruits(fruits)
}

/// A set of documents asked about growing documents only: moved (a virtual call) only past the
/// document it is at.
struct Cursor {
    set: Box<dyn Scorer>,
    at: DocId,
}

impl Cursor {
    fn new(set: Box<dyn Scorer>) -> Self {
        Self { at: set.doc(), set }
    }

    /// Whether the set holds `doc`.
    #[inline]
    fn holds(&mut self, doc: DocId) -> bool {
        if self.at < doc {
            self.at = self.set.seek(doc);
        }
        self.at == doc
    }
}

/// Which documents of a segment the asker sees: alive, and not hidden (drafts).
struct Shown<'a> {
    alive: Option<&'a AliveBitSet>,
    hidden: Cursor,
}

impl<'a> Shown<'a> {
    fn new(reader: &'a SegmentReader, hidden: &dyn Weight) -> tantivy::Result<Self> {
        Ok(Self { alive: reader.alive_bitset(), hidden: Cursor::new(hidden.scorer(reader, 1.0)?) })
    }

    /// Asked with growing documents only.
    #[inline]
    fn at(&mut self, doc: DocId) -> bool {
        !self.hidden.holds(doc) && self.alive.is_none_or(|a| a.is_alive(doc))
    }
}

/// The threshold of the word's own score for the pruning: hits whose word scores above it are
/// offered, and blocks whose stored maximum is under it are skipped. Under what a hit needs to
/// enter a full top by its word alone (the least score, which a hit may tie and still enter by
/// its year, minus the best title bonus), divided by the word field's [`widening`]; nothing is
/// pruned while the top is not full.
fn threshold(least: Option<f32>, title_bound: f32, word_widening: f32) -> f32 {
    match least {
        Some(least) if least - title_bound > 0.0 => (least - title_bound) / word_widening * (1.0 - SLACK),
        _ => f32::MIN,
    }
}

/// The average length of `field` a search scores with (as tantivy's BM25 weight computes it).
fn average_length(searcher: &Searcher, field: Field) -> tantivy::Result<f32> {
    Ok(searcher.total_num_tokens(field)? as f32 / searcher.total_num_docs()? as f32)
}

/// How much the true best score of a block of `field`'s postings in `reader`'s segment can
/// exceed the block maximum the segment stores: r, the ratio of the segment's average field
/// length A (what the stored best posting was chosen with) to `global`, A', the searcher's
/// (what a search scores with), whichever way round, plus [`SLACK`].
///
/// BM25's term factor is `tf / (tf + k1·(1 − b + b·dl/avg))`. Moving `avg` from A to A' scales
/// every posting's normalisation by a factor between 1 and r, all in the same direction, so
/// every posting's score moves by a factor between 1 and r, all up or all down. If they rise,
/// the stored posting p scores under A' at least what it scored under A, which is at least any
/// posting's score under A, which is at least 1/r of that posting's score under A'. If they
/// fall, p scores under A' at least 1/r of its score under A, which is at least 1/r of any
/// posting's score under A, which is at least that posting's score under A'. Either way no
/// posting of the block scores more than r times p, the stored maximum. Infinite (no pruning)
/// when an average is not a positive number.
fn widening(global: f32, reader: &SegmentReader, field: Field) -> tantivy::Result<f32> {
    let own = reader.inverted_index(field)?.total_num_tokens() as f32 / reader.max_doc() as f32;
    if !(global > 0.0 && own > 0.0 && global.is_finite() && own.is_finite()) {
        return Ok(f32::INFINITY);
    }
    Ok((global / own).max(own / global) * (1.0 + SLACK))
}
