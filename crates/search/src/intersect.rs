//! Several words, each one term (or the pair term of a word the analyzer splits in two), no
//! filters: the hits are the documents that hold every term, found here by reading the terms'
//! posting lists as blocks of document ids, and then scored by the query's own scorer, sought to
//! each hit.
//!
//! tantivy intersects term scorers by leapfrog: the shortest list advances one document at a
//! time and the others seek to it, a call chain per document of the shortest list. Three common
//! words of the national index (「子育て支援 情報発信 オンライン」: 191,488, 193,029 and 695,206
//! documents, 4,520 hits) spent 2.6 ms there. Here the shortest list is decoded into a vector;
//! each further list either marks the candidates in a bit set and is read block by block against
//! it (when the candidates are many), or is sought to each candidate through its skip list (when
//! they are few). The candidates left are exactly the documents the required part of the query
//! matches, in order; the query's scorer (required words, title bonuses, drafts excluded) is
//! sought to each, so every score, and so the top, the total and the facets, are the full
//! search's (test `a_search_of_several_words_answers_as_the_full_one`).

use crate::collect::{Found, HitsAndFacets};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::{EnableScoring, Query};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Searcher, SegmentReader, Term, TERMINATED};

/// A further list is sought to each candidate when it holds more than this many times as many
/// documents as there are candidates; otherwise it is read whole against a bit set.
const SEEK_RATIO: usize = 8;

/// Searches `query`, whose required part is every one of `terms`, with `collector`.
pub(crate) fn search(
    searcher: &Searcher,
    terms: &[Term],
    query: &dyn Query,
    collector: &HitsAndFacets,
) -> tantivy::Result<Found> {
    let weight = query.weight(EnableScoring::enabled_from_searcher(searcher))?;
    let mut fruits = Vec::with_capacity(searcher.segment_readers().len());
    let mut bits = Vec::new();
    for (ord, reader) in searcher.segment_readers().iter().enumerate() {
        let ord = u32::try_from(ord).map_err(|_| tantivy::TantivyError::InvalidArgument("segments".into()))?;
        let mut hits = collector.for_segment(ord, reader)?;
        let candidates = holding_all(reader, terms, &mut bits)?;
        if !candidates.is_empty() {
            let alive = reader.alive_bitset();
            let mut scorer = weight.scorer(reader, 1.0)?;
            for doc in candidates {
                if alive.is_some_and(|a| a.is_deleted(doc)) {
                    continue;
                }
                let at = if scorer.doc() < doc { scorer.seek(doc) } else { scorer.doc() };
                if at == TERMINATED {
                    break;
                }
                if at == doc {
                    hits.collect(doc, scorer.score());
                }
            }
        }
        fruits.push(hits.harvest());
    }
    collector.merge_fruits(fruits)
}

/// The documents of `reader`'s segment that hold every one of `terms`, in order (deleted ones
/// included). `bits` is a buffer for the bit set, kept across segments.
fn holding_all(reader: &SegmentReader, terms: &[Term], bits: &mut Vec<u64>) -> tantivy::Result<Vec<DocId>> {
    let mut lists = Vec::with_capacity(terms.len());
    for t in terms {
        let inverted = reader.inverted_index(t.field())?;
        match inverted.get_term_info(t)? {
            Some(info) => lists.push((inverted, info)),
            None => return Ok(Vec::new()),
        }
    }
    lists.sort_by_key(|(_, info)| info.doc_freq);
    let Some(((first_index, first), rest)) = lists.split_first() else { return Ok(Vec::new()) };
    let mut candidates = Vec::with_capacity(first.doc_freq as usize);
    let mut block = first_index.read_block_postings_from_terminfo(first, IndexRecordOption::Basic)?;
    while !block.docs().is_empty() {
        candidates.extend_from_slice(block.docs());
        block.advance();
    }
    for (index, info) in rest {
        if candidates.is_empty() {
            break;
        }
        let mut block = index.read_block_postings_from_terminfo(info, IndexRecordOption::Basic)?;
        if candidates.len().saturating_mul(SEEK_RATIO) < info.doc_freq as usize {
            // Few candidates: each sought in the list (blocks skipped through its skip list).
            candidates.retain(|&doc| {
                let i = block.seek(doc);
                i < block.block_len() && block.doc(i) == doc
            });
        } else {
            // Many: the candidates marked, the list read whole against the marks.
            let words = (reader.max_doc() as usize).div_ceil(64);
            bits.clear();
            bits.resize(words, 0);
            for &doc in &candidates {
                bits[doc as usize / 64] |= 1 << (doc % 64);
            }
            candidates.clear();
            while !block.docs().is_empty() {
                for &doc in block.docs() {
                    if (bits[doc as usize / 64] >> (doc % 64)) & 1 == 1 {
                        candidates.push(doc);
                    }
                }
                block.advance();
            }
        }
    }
    Ok(candidates)
}
