//! Answers kept per identical request until the index changes. The index changes only when a
//! batch of writes is applied, so between batches the same request (a shared link, a facet
//! page, the landing page's theme links) is answered from memory. Entries are tagged with the
//! index generation they were computed at; a newer generation empties the cache. Bounded by an
//! estimate of the bytes held, least recently used out first.

use crate::index::Request;
use crate::results::Results;
use lru::LruCache;
use std::sync::{Arc, Mutex};

/// Estimated bytes of answers kept per open index.
pub const DEFAULT_BUDGET: usize = 32 * 1024 * 1024;

#[derive(Debug)]
struct Inner {
    generation: u64,
    bytes: usize,
    map: LruCache<Request, (Arc<Results>, usize)>,
}

/// The cache (one per open index).
#[derive(Debug)]
pub struct AnswerCache {
    budget: usize,
    inner: Mutex<Inner>,
}

impl AnswerCache {
    /// A cache holding at most about `budget` bytes of answers (0: keeps nothing).
    pub fn new(budget: usize) -> Self {
        Self { budget, inner: Mutex::new(Inner { generation: 0, bytes: 0, map: LruCache::unbounded() }) }
    }

    /// The answer computed at `generation` for this request, if kept.
    pub fn get(&self, generation: u64, req: &Request) -> Option<Arc<Results>> {
        let mut g = self.inner.lock().ok()?;
        if g.generation != generation {
            return None;
        }
        g.map.get(req).map(|(r, _)| Arc::clone(r))
    }

    /// Keeps an answer computed at `generation` (read before the search started, so an answer
    /// racing with an index change is tagged with the older generation and never served after it).
    pub fn put(&self, generation: u64, req: &Request, results: &Arc<Results>) {
        let size = weight(req, results);
        if size > self.budget / 4 {
            return;
        }
        let Ok(mut g) = self.inner.lock() else { return };
        if generation < g.generation {
            return;
        }
        if generation > g.generation {
            g.map.clear();
            g.bytes = 0;
            g.generation = generation;
        }
        if let Some((_, old)) = g.map.put(req.clone(), (Arc::clone(results), size)) {
            g.bytes -= old;
        }
        g.bytes += size;
        while g.bytes > self.budget {
            match g.map.pop_lru() {
                Some((_, (_, n))) => g.bytes -= n,
                None => break,
            }
        }
    }

    /// Answers kept now (for tests and diagnostics).
    pub fn len(&self) -> usize {
        self.inner.lock().map(|g| g.map.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Rough bytes an answer holds: its strings plus per-item overhead.
fn weight(req: &Request, r: &Results) -> usize {
    let hits: usize = r
        .hits
        .iter()
        .map(|h| {
            256 + h.key.len()
                + h.title.text.len()
                + h.snippet.text.len()
                + 16 * (h.title.marks.len() + h.snippet.marks.len())
                + h.url.len()
                + h.org_name.len()
                + h.prefecture.as_ref().map_or(0, String::len)
                + h.department.as_ref().map_or(0, String::len)
                + h.theme.as_ref().map_or(0, String::len)
        })
        .sum();
    let facets: usize = r.facets.iter().flat_map(|(_, v)| v).map(|(s, _)| 40 + s.len()).sum();
    let key = 128 + req.text.len() + req.filters.iter().map(|(_, v)| 32 + v.len()).sum::<usize>();
    256 + hits + facets + key
}
