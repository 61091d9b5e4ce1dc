//! The index on disk: open (or refuse, so the caller rebuilds), build from scratch, apply
//! changes, search. The commit payload records the change-log position the index reflects,
//! so a restarted server continues where it stopped.

use crate::cache::{AnswerCache, DEFAULT_BUDGET};
use crate::collect::{ColumnCache, HitsAndFacets};
use crate::dictionary::segmenter;
use crate::doc::{IndexDoc, Kind};
use crate::error::{Result, SearchError};
use crate::highlight::Highlighter;
use crate::query::{
    analyzed_words, combine, facet_filter, hidden, one_word, split_words, term, text_query, word_terms,
};
use crate::results::{Hit, Marked, Results};
use crate::schema::{self, Facet, Fields};
use crate::tokenizer::{self, analyze, JaTokenizer};
use lindera::segmenter::Segmenter;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tantivy::collector::TopDocs;
use tantivy::query::{AllQuery, BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{
    DocAddress, DocId, DocSet, Index, IndexReader, IndexWriter, ReloadPolicy, Searcher, TantivyDocument, Term,
};

/// A term of the text counts for similarity only if at least this many documents hold it.
const SIMILAR_MIN_DOC_FREQ: u64 = 2;
/// The most telling terms of the text that the similarity query ORs.
const SIMILAR_TERMS: usize = 16;
/// A term in more than this share of the documents says nothing of what a text is about
/// (「により」, 「図り」, 「推進」); it is left out of the similarity query, whose cost grows with
/// the documents its terms are in (as Solr's `mlt.maxdfpct`).
const SIMILAR_MAX_DOC_SHARE: f64 = 0.1;
/// … but a term in this many documents or fewer always counts (in a small index a tenth of
/// the documents is a handful).
const SIMILAR_MAX_DOC_FLOOR: u64 = 100;
/// How many candidates `similar` reads at most to settle a tie at the last place (more only
/// when too few pass the filters). National dataset, initiative pages not in the answer cache:
/// with 4,096, 15–190 ms a page (its texts are copied across thousands of cities, so ties are
/// huge); with 256, 6–54 ms. The first read asks for that many at once: a second, larger
/// read after a first tied one cost 20.7 ms a page on average, one read 12.1 ms (40 random
/// initiatives, `examples/time_similar.rs`).
const SIMILAR_TIE_CANDIDATES: usize = 256;
/// A search whose words are in at most this many documents counts as quick
/// ([`SearchIndex::is_quick`]). National dataset: 防災訓練 (7 hits, 0.4 ms a search with its
/// facets) is quick; 子育て支援 (191,488 hits, 4.6 ms) is not.
pub const QUICK_SEARCH_DOCS: u64 = 20_000;
/// Memory for the writer that follows changes (one thread).
const FOLLOW_WRITER_BYTES: usize = 20_000_000;
/// Memory for a full build.
const BUILD_WRITER_BYTES: usize = 300_000_000;
/// Characters of body text around the matches.
const SNIPPET_CHARS: usize = 120;

/// What to search (also the key of the answer cache: identical requests get the same answer
/// until the index changes).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Request {
    pub text: String,
    pub filters: Vec<(Facet, String)>,
    /// Staff of this organization also see its drafts.
    pub drafts_of: Option<i64>,
    pub offset: usize,
    pub limit: usize,
    /// Count facets (the search page does; the CLI and "similar" do not need to).
    pub facets: bool,
    /// Values kept per facet, the most frequent first (ties by value); 0 keeps them all. The
    /// page shows a dozen: the others need not be named (see `collect::count_values`).
    pub facet_values: usize,
}

/// An open index.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    seg: Arc<Segmenter>,
    writer: Mutex<Option<IndexWriter>>,
    path: PathBuf,
    /// Changed by every [`SearchIndex::apply`]: answers cached with an older one are stale.
    /// Unique in the process (see [`next_generation`]).
    generation: AtomicU64,
    answers: AnswerCache,
    /// Fast-field columns opened per segment, reused across searches.
    columns: Arc<ColumnCache>,
}

/// Generations are drawn from one process-wide counter, so an index reopened after a rebuild
/// never repeats a generation the previous one used (a cache keyed by generation alone stays
/// correct across the swap).
fn next_generation() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::AcqRel)
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex").field("path", &self.path).finish_non_exhaustive()
    }
}

fn register(index: &Index) -> Result<()> {
    index.tokenizers().register(tokenizer::NAME, TextAnalyzer::from(JaTokenizer::new()?));
    index.tokenizers().register(tokenizer::PAIRS, TextAnalyzer::from(JaTokenizer::pairs()?));
    Ok(())
}

impl SearchIndex {
    /// Opens an existing index; any problem (missing, unreadable, other schema) is an error the
    /// caller answers by rebuilding.
    pub fn open(path: &Path) -> Result<Self> {
        let open_err = |source| SearchError::Open { path: path.display().to_string(), source };
        let index = Index::open_in_dir(path).map_err(open_err)?;
        let fields = schema::fields_of(&index.schema()).map_err(open_err)?;
        if index.schema() != schema::build().0 {
            return Err(SearchError::Open {
                path: path.display().to_string(),
                source: tantivy::TantivyError::SchemaError("the index was built by another version".into()),
            });
        }
        register(&index)?;
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into().map_err(open_err)?;
        // Touch the segments now so a corrupt file fails here, not on the first search.
        let searcher: Searcher = reader.searcher();
        for s in searcher.segment_readers() {
            s.get_store_reader(1).map_err(|e| open_err(e.into()))?;
        }
        Ok(Self {
            index,
            reader,
            fields,
            seg: segmenter()?,
            writer: Mutex::new(None),
            path: path.to_path_buf(),
            generation: AtomicU64::new(next_generation()),
            answers: AnswerCache::new(DEFAULT_BUDGET),
            columns: Arc::default(),
        })
    }

    /// The same index with an answer cache of about `bytes` (0: no cache).
    pub fn with_cache(mut self, bytes: usize) -> Self {
        self.answers = AnswerCache::new(bytes);
        self
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The change-log position the index reflects (from the last commit).
    pub fn cursor(&self) -> Option<i64> {
        self.index.load_metas().ok()?.payload?.parse().ok()
    }

    /// Documents (public and drafts).
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Makes the writer [`SearchIndex::apply`] uses (once), so the first change does not wait
    /// for it.
    pub fn prepare_writer(&self) -> Result<()> {
        let mut guard = self.writer.lock().map_err(|_| SearchError::Query("index writer poisoned".into()))?;
        if guard.is_none() {
            *guard = Some(self.index.writer_with_num_threads(1, FOLLOW_WRITER_BYTES)?);
        }
        Ok(())
    }

    /// Replaces the documents named by `keys` with `docs` (a key without a doc is deleted),
    /// commits with the new cursor, and makes the result visible.
    pub fn apply(&self, keys: &[String], docs: &[IndexDoc], cursor: i64) -> Result<()> {
        let mut guard = self.writer.lock().map_err(|_| SearchError::Query("index writer poisoned".into()))?;
        if guard.is_none() {
            *guard = Some(self.index.writer_with_num_threads(1, FOLLOW_WRITER_BYTES)?);
        }
        let Some(w) = guard.as_mut() else { return Err(SearchError::Query("no index writer".into())) };
        for k in keys {
            w.delete_term(Term::from_field_text(self.fields.key, k));
        }
        for d in docs {
            w.delete_term(Term::from_field_text(self.fields.key, &d.key));
            w.add_document(d.to_tantivy(&self.fields))?;
        }
        let mut commit = w.prepare_commit()?;
        commit.set_payload(&cursor.to_string());
        commit.commit()?;
        self.reader.reload()?;
        // After the reload: an answer computed with the new generation saw the new documents.
        self.generation.store(next_generation(), Ordering::Release);
        Ok(())
    }

    /// Changes with every applied batch; never repeats within the process, even across indexes.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// Answers kept in the cache now.
    pub fn cached_answers(&self) -> usize {
        self.answers.len()
    }

    /// The kept answer to `req`, if any: what [`Self::search`] would answer without searching.
    pub fn cached(&self, req: &Request) -> Option<Arc<Results>> {
        self.answers.get(self.generation(), req)
    }

    /// About how many documents a search of `req`'s text can match: a word counts as many
    /// documents as its rarest token is in (title and body), and the text as its rarest word,
    /// since a hit holds every word. `None` without words. An estimate of what the search will
    /// read: a variant spelling it also searches may be in more documents.
    pub fn word_docs(&self, req: &Request) -> Option<u64> {
        let f = &self.fields;
        let searcher = self.reader.searcher();
        let docs_of = |token: &str| {
            [f.title, f.body]
                .into_iter()
                .map(|field| searcher.doc_freq(&Term::from_field_text(field, token)).unwrap_or(u64::MAX))
                .fold(0u64, u64::saturating_add)
        };
        split_words(&req.text)
            .iter()
            .filter_map(|word| analyze(&self.seg, word).iter().map(|t| docs_of(&t.text)).min())
            .min()
    }

    /// Whether searching `req` is quick: its words are in at most [`QUICK_SEARCH_DOCS`]
    /// documents ([`Self::word_docs`]). A caller can run a quick search where it is and send a
    /// long one to a thread of its own.
    pub fn is_quick(&self, req: &Request) -> bool {
        self.word_docs(req).is_some_and(|docs| docs <= QUICK_SEARCH_DOCS)
    }

    /// Searches (see [`Request`]). Identical requests are answered from a cache until the index
    /// changes ([`SearchIndex::apply`]).
    pub fn search(&self, req: &Request) -> Result<Arc<Results>> {
        // Read before the searcher: an answer racing with an update is kept under the older
        // generation, and so never served once the update is visible.
        let generation = self.generation();
        if let Some(hit) = self.answers.get(generation, req) {
            return Ok(hit);
        }
        let results = Arc::new(self.search_uncached(req)?);
        self.answers.put(generation, req, &results);
        Ok(results)
    }

    /// The segments a search reads now (for tests and diagnostics).
    #[doc(hidden)]
    pub fn segment_count(&self) -> usize {
        self.reader.searcher().segment_readers().len()
    }

    /// Searches the index itself, without the cache.
    pub fn search_uncached(&self, req: &Request) -> Result<Results> {
        self.search_index(req, true)
    }

    /// [`Self::search_uncached`] scoring every hit, for tests and benchmarks: the answer is the
    /// same (the top, the total and the facets), only slower for a common word.
    #[doc(hidden)]
    pub fn search_unpruned(&self, req: &Request) -> Result<Results> {
        self.search_index(req, false)
    }

    fn search_index(&self, req: &Request, prune: bool) -> Result<Results> {
        let f = &self.fields;
        let searcher = self.reader.searcher();
        let facets: Vec<Facet> = if req.facets { Facet::ALL.to_vec() } else { Vec::new() };
        self.columns.keep_only(&searcher.segment_readers().iter().map(|s| s.segment_id()).collect::<Vec<_>>());
        let collector =
            HitsAndFacets::new(req.offset + req.limit, facets.clone(), req.facet_values, Arc::clone(&self.columns));
        let words = analyzed_words(&self.seg, &req.text);
        // One word without filters: the same answer without scoring every hit (see `prune`).
        let word = if prune && req.filters.is_empty() { one_word(f, &words) } else { None };
        let found = match word {
            Some(word) => crate::prune::search(&searcher, &word, &*hidden(f, req.drafts_of), &collector)?,
            None => {
                // Without words, facet filters alone list their records (newest first).
                let text: Box<dyn Query> = match text_query(f, &words) {
                    Some(q) => q,
                    None if !req.filters.is_empty() => Box::new(AllQuery),
                    None => return Ok(Results::default()),
                };
                let query = combine(text, facet_filter(f, &req.filters), hidden(f, req.drafts_of));
                // Several words of one or two terms, no filters: the same answer, the hits found
                // by reading the words' lists as blocks (see `intersect`).
                let terms = if prune && req.filters.is_empty() { word_terms(f, &words) } else { None };
                match terms {
                    Some(terms) => crate::intersect::search(&searcher, &terms, &*query, &collector)?,
                    None => searcher.search(&*query, &collector)?,
                }
            }
        };
        let marks = Highlighter::new(words.into_iter().flatten());
        let mut hits = Vec::with_capacity(req.limit);
        for r in found.top.iter().skip(req.offset) {
            let doc: TantivyDocument = searcher.doc(r.doc)?;
            let mut hit = self.hit(&doc, r.score);
            hit.title.marks = marks.marks(&hit.title.text);
            hit.snippet = marks.snippet(text_of(&doc, f.body), SNIPPET_CHARS);
            hits.push(hit);
        }
        let mut facet_counts = Vec::new();
        for (facet, counts) in facets.into_iter().zip(found.counts) {
            let mut list: Vec<(String, u32)> = counts.into_iter().collect();
            list.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            if req.facet_values > 0 {
                list.truncate(req.facet_values);
            }
            facet_counts.push((facet, list));
        }
        Ok(Results { total: found.total, hits, facets: facet_counts, facets_estimated: found.estimated })
    }

    /// Published initiatives like the given text (more-like-this over name and summary), from
    /// organizations other than `org`, most similar first.
    ///
    /// The more-like-this query alone is a disjunction of term queries, which tantivy answers
    /// with block-max WAND (`TopDocs`): only documents that can still enter the top are scored
    /// (with tantivy's block bounds, which are exact within a segment and can be slightly off
    /// across segments of very different average lengths — acceptable for a list of
    /// suggestions, unlike the search's own top, see `prune.rs`).
    /// Wrapped in the filters (published, an initiative or program, another organization) it
    /// was scored for every document that shares a term with the text — at national scale
    /// 90–200 ms for each initiative page not yet in the answer cache (issue 13). So the top
    /// candidates come from the bare query and the filters are checked on them afterwards; the
    /// filters do not score, so the first `limit` candidates that pass are exactly the
    /// filtered query's top. When too few pass, more candidates are taken, up to all of them.
    pub fn similar(&self, title: &str, body: &str, org: i64, limit: usize) -> Result<Vec<Hit>> {
        let searcher = self.reader.searcher();
        let (like, filter) = self.similar_parts(title, body, org, &searcher)?;
        let filter = filter.weight(tantivy::query::EnableScoring::disabled_from_searcher(&searcher))?;
        let all = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX).max(1);
        let mut wanted = limit.saturating_mul(2).saturating_add(16).max(SIMILAR_TIE_CANDIDATES).min(all);
        let mut passed = loop {
            let top = searcher.search(&like, &TopDocs::with_limit(wanted).order_by_score())?;
            let exhausted = top.len() < wanted || wanted >= all;
            let passed = passing(&searcher, filter.as_ref(), top)?;
            // Enough when a candidate past the `limit`th scores less than it: then every
            // candidate tied with it (which the year decides between) is among those read. A
            // tie of thousands (one text copied across a country) is cut at
            // [`SIMILAR_TIE_CANDIDATES`]: the year then decides among those read.
            let settled = limit == 0
                || passed.get(limit).is_some_and(|next| next.0 < passed[limit - 1].0)
                || (passed.len() >= limit && wanted >= SIMILAR_TIE_CANDIDATES);
            if settled || exhausted {
                break passed;
            }
            wanted = wanted.saturating_mul(4).min(all);
        };
        // As the search ranks: by score, then the newer year (the same initiative carried over
        // year after year scores the same; its latest year is the one to show).
        let years = years_of(&searcher, &self.columns, &passed)?;
        passed.sort_by(|a, b| {
            b.0.total_cmp(&a.0).then_with(|| years[&b.1].cmp(&years[&a.1])).then_with(|| a.1.cmp(&b.1))
        });
        self.stored_hits(&searcher, passed.into_iter().take(limit))
    }

    /// [`SearchIndex::similar`] the slow way: the filters applied while scoring every match (they
    /// add nothing to a score). For tests that check the fast way against it.
    #[doc(hidden)]
    pub fn similar_unpruned(&self, title: &str, body: &str, org: i64, limit: usize) -> Result<Vec<Hit>> {
        let searcher = self.reader.searcher();
        let (like, filter) = self.similar_parts(title, body, org, &searcher)?;
        let query = BooleanQuery::new(vec![
            (Occur::Must, Box::new(like) as Box<dyn Query>),
            (Occur::Must, Box::new(tantivy::query::ConstScoreQuery::new(Box::new(filter), 0.0))),
        ]);
        let top = searcher.search(&query, &TopDocs::with_limit(limit.max(1)).order_by_score())?;
        self.stored_hits(&searcher, top.into_iter().take(limit))
    }

    /// The hits of `found` (score and address), read from the stored documents.
    fn stored_hits(&self, searcher: &Searcher, found: impl Iterator<Item = (f32, DocAddress)>) -> Result<Vec<Hit>> {
        let mut out = Vec::new();
        for (score, address) in found {
            let doc: TantivyDocument = searcher.doc(address)?;
            out.push(self.hit(&doc, score));
        }
        Ok(out)
    }

    /// The more-like-this query of a text, and what a similar initiative must be: published,
    /// an initiative or program, of another organization than `org`.
    ///
    /// The query is built here rather than with tantivy's `MoreLikeThisQuery`, which asks for
    /// its terms without frequencies and so can never be answered by block-max WAND (tantivy
    /// prunes only unions of term scorers that read frequencies). The terms are chosen as it
    /// chooses them: each term of the title and the summary (as the index analyzes them) in
    /// at least two documents, scored by its count in the text times its idf; the 16 best
    /// (ties by the term, so the choice does not depend on hashing order) are OR-ed, each
    /// scored by BM25. Unlike tantivy, terms in more than a tenth of the documents are left
    /// out ([`SIMILAR_MAX_DOC_SHARE`]), unless the text has no other.
    fn similar_parts(
        &self,
        title: &str,
        body: &str,
        org: i64,
        searcher: &Searcher,
    ) -> Result<(BooleanQuery, BooleanQuery)> {
        let f = &self.fields;
        let mut counts: std::collections::HashMap<Term, u32> = std::collections::HashMap::new();
        for (field, text) in [(f.title, title), (f.body, body)] {
            for t in analyze(&self.seg, text) {
                *counts.entry(Term::from_field_text(field, &t.text)).or_default() += 1;
            }
        }
        let docs = searcher.num_docs();
        let common = ((docs as f64 * SIMILAR_MAX_DOC_SHARE) as u64).max(SIMILAR_MAX_DOC_FLOOR);
        let mut scored = Vec::with_capacity(counts.len());
        let mut rarest: Option<(u64, Term)> = None;
        for (term, count) in counts {
            let df = searcher.doc_freq(&term)?;
            if df < SIMILAR_MIN_DOC_FREQ {
                continue;
            }
            if df > common {
                if rarest.as_ref().is_none_or(|(d, t)| (df, &term) < (*d, t)) {
                    rarest = Some((df, term));
                }
                continue;
            }
            let idf = (1.0 + (docs as f64 - df as f64 + 0.5) / (df as f64 + 0.5)).ln() as f32;
            scored.push((count as f32 * idf, term));
        }
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        scored.truncate(SIMILAR_TERMS);
        if scored.is_empty() {
            // Nothing but common words: the least common of them.
            scored.extend(rarest.map(|(_, t)| (1.0, t)));
        }
        // Each term boosted by its share of the best term's score, as tantivy's default does
        // (a boost keeps block-max WAND: tantivy hands it to the term scorer).
        let best = scored.first().map_or(1.0, |(score, _)| *score).max(f32::MIN_POSITIVE);
        let like = BooleanQuery::new(
            scored
                .into_iter()
                .map(|(score, term)| {
                    let q = Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs));
                    (Occur::Should, Box::new(BoostQuery::new(q, score / best)) as Box<dyn Query>)
                })
                .collect(),
        );
        let kinds: Vec<(Occur, Box<dyn Query>)> = [Kind::Initiative, Kind::Program]
            .into_iter()
            .map(|k| (Occur::Should, term(f.facet(Facet::Kind), k.as_str())))
            .collect();
        let filter = BooleanQuery::new(vec![
            (Occur::Must, Box::new(BooleanQuery::new(kinds)) as Box<dyn Query>),
            (Occur::MustNot, hidden(f, None)),
            (Occur::MustNot, term(f.facet(Facet::Org), &org.to_string())),
        ]);
        Ok((like, filter))
    }

    fn hit(&self, doc: &TantivyDocument, score: f32) -> Hit {
        let f = &self.fields;
        let get = |field| doc.get_first(field).and_then(|v| v.as_str()).map(str::to_string);
        let facet = |x: Facet| get(f.facet(x));
        Hit {
            key: get(f.key).unwrap_or_default(),
            kind: facet(Facet::Kind).as_deref().and_then(Kind::parse).unwrap_or(Kind::Initiative),
            title: Marked { text: get(f.title).unwrap_or_default(), marks: Vec::new() },
            snippet: Marked::default(),
            url: get(f.url).unwrap_or_default(),
            org_id: facet(Facet::Org).and_then(|s| s.parse().ok()).unwrap_or(0),
            org_name: get(f.org_name).unwrap_or_default(),
            prefecture: facet(Facet::Prefecture),
            year: facet(Facet::Year).and_then(|s| s.parse().ok()),
            department: facet(Facet::Department),
            theme: facet(Facet::Theme),
            score,
        }
    }
}

/// The candidates (in their order) that `filter` matches: each segment's candidates are
/// sought in document order on the filter's own scorer (a skip through its postings).
/// Each candidate's fiscal year (0 when it has none), from the columns kept per segment.
fn years_of(
    searcher: &Searcher,
    columns: &ColumnCache,
    candidates: &[(f32, DocAddress)],
) -> Result<std::collections::HashMap<DocAddress, u64>> {
    let mut segments = std::collections::HashMap::new();
    let mut out = std::collections::HashMap::with_capacity(candidates.len());
    for (_, a) in candidates {
        let cols = match segments.entry(a.segment_ord) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(columns.columns(searcher.segment_reader(a.segment_ord))?)
            }
        };
        out.insert(*a, cols.year(a.doc_id));
    }
    Ok(out)
}

fn passing(
    searcher: &Searcher,
    filter: &dyn tantivy::query::Weight,
    candidates: Vec<(f32, DocAddress)>,
) -> Result<Vec<(f32, DocAddress)>> {
    let mut by_segment: Vec<Vec<DocId>> = vec![Vec::new(); searcher.segment_readers().len()];
    for (_, a) in &candidates {
        by_segment[a.segment_ord as usize].push(a.doc_id);
    }
    let mut kept = std::collections::HashSet::new();
    for (ord, mut docs) in by_segment.into_iter().enumerate() {
        if docs.is_empty() {
            continue;
        }
        docs.sort_unstable();
        let mut scorer = filter.scorer(searcher.segment_reader(ord as u32), 1.0)?;
        for doc in docs {
            if scorer.doc() < doc {
                scorer.seek(doc);
            }
            if scorer.doc() == doc {
                kept.insert(DocAddress::new(ord as u32, doc));
            }
        }
    }
    Ok(candidates.into_iter().filter(|(_, a)| kept.contains(a)).collect())
}

fn text_of(doc: &TantivyDocument, field: tantivy::schema::Field) -> &str {
    doc.get_first(field).and_then(|v| v.as_str()).unwrap_or_default()
}

/// A full build into an empty directory: add every document, then [`Builder::finish`].
pub struct Builder {
    index: Index,
    writer: IndexWriter,
    fields: Fields,
    added: u64,
}

impl std::fmt::Debug for Builder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Builder").field("added", &self.added).finish_non_exhaustive()
    }
}

impl Builder {
    /// Creates a new index in `dir` (created; must be empty).
    pub fn create(dir: &Path, threads: usize) -> Result<Self> {
        std::fs::create_dir_all(dir)?;
        let (schema, fields) = schema::build();
        let index = Index::create_in_dir(dir, schema)?;
        register(&index)?;
        let threads = threads.clamp(1, 8);
        let writer: IndexWriter =
            index.writer_with_num_threads(threads, BUILD_WRITER_BYTES.max(threads * 20_000_000))?;
        // One merge of everything at the end (see `finish`), none on the way.
        writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
        Ok(Self { index, writer, fields, added: 0 })
    }

    pub fn add(&mut self, doc: &IndexDoc) -> Result<()> {
        self.writer.add_document(doc.to_tantivy(&self.fields))?;
        self.added += 1;
        Ok(())
    }

    pub fn added(&self) -> u64 {
        self.added
    }

    /// Commits with the change-log position the build started from, then merges the build's
    /// segments into one.
    ///
    /// A search reads each segment on its own: its own top to fill before anything can be
    /// skipped, its own dictionaries to name facet values in, its own bounds. On the national
    /// index (2.5 million documents, ten segments as the writer's merge policy left them) one
    /// segment made 「子育て支援」 with facets and 20 hits 2.2 → 0.95 ms a search, a rare word
    /// 0.11 → 0.075 ms, for 7 s more of build. (The writer's own merges are off during the
    /// build, so that none is running when this one starts.) Later changes add small segments
    /// beside it, which the merge policy of [`SearchIndex`]'s writer keeps few.
    pub fn finish(mut self, cursor: i64) -> Result<u64> {
        let mut commit = self.writer.prepare_commit()?;
        commit.set_payload(&cursor.to_string());
        commit.commit()?;
        let segments = self.index.searchable_segment_ids()?;
        if segments.len() > 1 {
            self.writer.merge(&segments).wait()?;
        }
        self.writer.wait_merging_threads()?;
        drop(self.index);
        Ok(self.added)
    }
}
