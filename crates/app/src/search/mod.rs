//! Search use cases: the index service each server holds ([`SearchService`]), rebuilding it
//! from the database ([`rebuild`]), following writes ([`follow`]), and the queries pages, the
//! API and the CLI share ([`SearchService::search`], [`SearchService::similar`]).
//!
//! The index is derived data: when it is missing, unreadable, built by another version or
//! behind a pruned change log, it is rebuilt in the background while searches answer
//! [`Availability::Building`]; the database stays the only source of truth.

pub mod docs;
pub mod follow;
pub mod rebuild;

use crate::error::Result;
use hoshin_domain::*;
use hoshin_search::SearchIndex;
use hoshin_store::Store;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::Duration;

pub use hoshin_search::{Facet, Hit, IndexDoc, Kind, Marked, Request, Results, Visibility};
pub use rebuild::{documents, rebuild, RebuildStats};

/// How often a server looks for changes.
pub const FOLLOW_EVERY: Duration = Duration::from_millis(250);
/// Change-log rows older than this are pruned (a server further behind rebuilds).
pub const KEEP_CHANGES: Duration = Duration::from_secs(24 * 3600);

/// Whether searches can be answered now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Availability {
    Ready,
    /// The index is being (re)built; searches work again when it is done.
    Building,
    /// No index is configured (or it could not be built: the reason).
    Off(String),
}

#[derive(Debug)]
enum Slot {
    Ready(Arc<SearchIndex>, String),
    Building,
    Off(String),
}

/// The index a server holds, shared by its handlers.
#[derive(Debug)]
pub struct SearchService {
    path: Option<PathBuf>,
    slot: RwLock<Slot>,
    /// Similar initiatives: the answers kept, those being found, the readers.
    similar: Arc<SimilarState>,
    /// How long an initiative page waits for its similar initiatives (microseconds; see
    /// [`Self::similar_within`]).
    similar_wait_us: AtomicU64,
    /// Bytes of search answers each open index keeps (0: none).
    cache_bytes: usize,
    /// Long searches running at once: one per core (see [`Self::search`]).
    long: tokio::sync::Semaphore,
    /// Searches that found no kept answer and asked the index (diagnostics and tests).
    searches: AtomicU64,
}

/// Initiatives whose similar ones are kept.
const SIMILAR_CACHE: usize = 20_000;

/// Similar-initiatives reads waiting for a reader or running, past which no request starts
/// another (a crawler walking many initiatives at once): it gets [`Similar::Pending`] (see
/// [`SearchService::similar_within`]).
const SIMILAR_PENDING: usize = 64;

/// How long an initiative page waits for its similar initiatives unless told otherwise: the
/// rest of the page takes about a millisecond, a first read of them 10–40 ms at national scale
/// (more while the index is read from disk).
pub const SIMILAR_WAIT: Duration = Duration::from_millis(15);

/// One answer of similar initiatives being found (`None` until it is), shared by the requests
/// waiting for it; an error is kept as its message.
type Finding = tokio::sync::watch::Receiver<Option<std::result::Result<Vec<Hit>, String>>>;

/// What [`SearchService::similar_within`] found in the time it was given.
#[derive(Debug, Clone, PartialEq)]
pub enum Similar {
    Found(Vec<Hit>),
    /// Still being read (or not started: too many reads pending); the answer is kept when
    /// it comes, so a later request gets it.
    Pending,
}

/// An initiative's similar ones as kept: the index generation they were found in, how many
/// were asked for, the hits.
type Kept = (u64, usize, Vec<Hit>);

/// Similar initiatives: answers kept per initiative, reads in flight, the readers.
#[derive(Debug)]
struct SimilarState {
    /// Similar initiatives by initiative id, with the index generation they were found in
    /// and how many were asked for.
    kept: Mutex<HashMap<i64, Kept>>,
    /// Similar initiatives being found, by initiative id and index generation: a request for
    /// one already being found waits for that answer instead of finding it again.
    finding: Mutex<HashMap<(i64, u64, usize), Finding>>,
    /// Similar-initiatives reads of the index so far (not those answered from memory).
    reads: AtomicU64,
    /// Reads run at once: half the cores (at least one), so that a burst of initiatives
    /// nobody asked for before leaves the other half to the pages.
    readers: Arc<tokio::sync::Semaphore>,
}

impl Default for SimilarState {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
        Self {
            kept: Mutex::default(),
            finding: Mutex::default(),
            reads: AtomicU64::new(0),
            readers: Arc::new(tokio::sync::Semaphore::new((cores / 2).max(1))),
        }
    }
}

impl SimilarState {
    fn kept(&self, id: i64, generation: u64, limit: usize) -> Option<Vec<Hit>> {
        let kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
        kept.get(&id).filter(|(g, l, _)| *g == generation && *l == limit).map(|(_, _, hits)| hits.clone())
    }

    fn keep(&self, id: i64, generation: u64, limit: usize, hits: Vec<Hit>) {
        let mut kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
        if kept.len() >= SIMILAR_CACHE {
            kept.clear();
        }
        kept.insert(id, (generation, limit, hits));
    }
}

/// Removes a read's entry from those being found when the read ends, however it ends (its
/// task dropped unfinished at shutdown included), unless another has taken its place.
struct Forget {
    state: Arc<SimilarState>,
    key: (i64, u64, usize),
    rx: Finding,
}

impl Drop for Forget {
    fn drop(&mut self) {
        let mut running = self.state.finding.lock().unwrap_or_else(PoisonError::into_inner);
        if running.get(&self.key).is_some_and(|f| f.same_channel(&self.rx)) {
            running.remove(&self.key);
        }
    }
}

/// Runs an index read without holding up the async runtime: a search or a similar-initiatives
/// read not yet answered takes from a fraction of a millisecond to tens of milliseconds of CPU,
/// and on a worker it would hold up every request queued behind it there. On the
/// multi-threaded runtime (`hoshin serve`) the worker hands its queue to another thread and
/// runs the read in place (`block_in_place`: no hop to another thread, which cost a rare word's
/// search a tenth of its throughput with `spawn_blocking`; the handoff still cost it a fifth,
/// so quick searches skip this); on a single-threaded one (some tests) it just runs. Similar
/// initiatives are read on the blocking pool instead ([`SearchService::similar_within`]).
fn off_runtime<T>(f: impl FnOnce() -> Result<T>) -> Result<T> {
    match tokio::runtime::Handle::try_current().map(|h| h.runtime_flavor()) {
        Ok(tokio::runtime::RuntimeFlavor::MultiThread) => tokio::task::block_in_place(f),
        _ => f(),
    }
}

/// One long search at a time per core (see [`SearchService::search`]).
fn long_searches() -> tokio::sync::Semaphore {
    tokio::sync::Semaphore::new(std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get))
}

fn build_id(dir: &Path) -> String {
    std::fs::read_to_string(dir.join(rebuild::BUILD_ID_FILE)).unwrap_or_default()
}

impl SearchService {
    /// A service without an index: searches answer [`Availability::Off`].
    pub fn off() -> Arc<Self> {
        Arc::new(Self {
            path: None,
            slot: RwLock::new(Slot::Off("検索索引が設定されていません。".into())),
            similar: Arc::default(),
            similar_wait_us: AtomicU64::new(SIMILAR_WAIT.as_micros() as u64),
            cache_bytes: 0,
            long: long_searches(),
            searches: AtomicU64::new(0),
        })
    }

    /// Opens the index at `dir` when it is usable, otherwise rebuilds it in the background;
    /// then follows the change log until the process ends.
    pub async fn start(store: Arc<dyn Store>, dir: PathBuf) -> Arc<Self> {
        Self::start_with_cache(store, dir, hoshin_search::cache::DEFAULT_BUDGET).await
    }

    /// [`Self::start`] with an answer cache of about `cache_bytes` per open index (0: every
    /// search reads the index).
    pub async fn start_with_cache(store: Arc<dyn Store>, dir: PathBuf, cache_bytes: usize) -> Arc<Self> {
        let svc = Arc::new(Self {
            path: Some(dir.clone()),
            slot: RwLock::new(Slot::Building),
            similar: Arc::default(),
            similar_wait_us: AtomicU64::new(SIMILAR_WAIT.as_micros() as u64),
            cache_bytes,
            long: long_searches(),
            searches: AtomicU64::new(0),
        });
        match open_current(store.as_ref(), &dir).await {
            Ok(index) => svc.set(Slot::Ready(Arc::new(index.with_cache(cache_bytes)), build_id(&dir))),
            Err(why) => {
                tracing::warn!(index = %dir.display(), %why, "search index unusable; rebuilding from the database");
            }
        }
        let s = Arc::clone(&svc);
        tokio::spawn(async move { s.run(store).await });
        svc
    }

    fn set(&self, slot: Slot) {
        // The writer that follows changes is made now, not on the first change.
        if let Slot::Ready(index, _) = &slot {
            if let Err(e) = index.prepare_writer() {
                tracing::warn!(error = %e, "search index writer");
            }
        }
        if let Ok(mut g) = self.slot.write() {
            *g = slot;
        }
    }

    fn index(&self) -> Option<Arc<SearchIndex>> {
        match &*self.slot.read().ok()? {
            Slot::Ready(i, _) => Some(Arc::clone(i)),
            _ => None,
        }
    }

    pub fn availability(&self) -> Availability {
        match self.slot.read().as_deref() {
            Ok(Slot::Ready(..)) => Availability::Ready,
            Ok(Slot::Building) => Availability::Building,
            Ok(Slot::Off(why)) => Availability::Off(why.clone()),
            Err(_) => Availability::Off("検索索引を利用できません。".into()),
        }
    }

    /// The open index's generation (see [`SearchIndex::generation`]), 0 while none is open.
    /// Whatever a page shows from the index (search results, similar initiatives) holds only
    /// as long as this does: the page cache keys its entries on it beside the database's
    /// generation of public output.
    pub fn generation(&self) -> u64 {
        self.index().map_or(0, |i| i.generation())
    }

    /// Searches; `None` when the index is not available (see [`Self::availability`]). Identical
    /// requests share one answer until the index changes (see [`SearchIndex::search`]). One not
    /// kept is searched where it is when it is quick ([`SearchIndex::is_quick`]: a handoff
    /// would cost more than it), else without holding up the runtime (see [`off_runtime`]),
    /// one per core at a time, the others waiting their turn in order (and taking the answer
    /// of an identical request that ran meanwhile). Run all at once, sixteen long searches on
    /// two cores were time-sliced by the kernel and crowded each other's caches: on the
    /// national index a three-word search read p99 59–63 ms under 16 connections, one word
    /// 39–42 ms; taking turns, 32–35 ms and 19–23 ms, for the same throughput.
    pub async fn search(&self, req: &Request) -> Result<Option<Arc<Results>>> {
        let Some(index) = self.index() else { return Ok(None) };
        if let Some(kept) = index.cached(req) {
            return Ok(Some(kept));
        }
        if index.is_quick(req) {
            self.searches.fetch_add(1, Ordering::Relaxed);
            return Ok(Some(index.search(req)?));
        }
        let _turn = self.long.acquire().await;
        if let Some(kept) = index.cached(req) {
            return Ok(Some(kept));
        }
        self.searches.fetch_add(1, Ordering::Relaxed);
        Ok(Some(off_runtime(|| Ok(index.search(req)?))?))
    }

    /// Published initiatives of other organizations like this one, at most one per
    /// organization (empty while the index is unavailable), waiting for them however long
    /// they take. Answers are kept per initiative until the index changes; they are found on
    /// a blocking thread, once for all the requests that ask while it runs (a page just
    /// linked from elsewhere is asked for by many at once).
    pub async fn similar(&self, i: &Initiative, limit: usize) -> Result<Vec<Hit>> {
        loop {
            if let Similar::Found(hits) = self.similar_within(i, limit, Duration::from_secs(3600)).await? {
                return Ok(hits);
            }
            // Not started ([`SIMILAR_PENDING`] reads pending) or over an hour: ask again.
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// [`Self::similar`], waiting at most `wait`: [`Similar::Pending`] when the answer is not
    /// there by then (`Duration::ZERO`: whenever it is not kept already). The read goes on
    /// without the request and its answer is kept, so the page can be asked for again, or link
    /// to a page that waits. When [`SIMILAR_PENDING`] reads are already pending, a request
    /// for another initiative starts none and gets `Pending` (a crawler asking for initiatives
    /// by the hundred, or for their similar-initiatives pages, costs their links, not their
    /// CPU); reads run on at most half the cores at once.
    pub async fn similar_within(&self, i: &Initiative, limit: usize, wait: Duration) -> Result<Similar> {
        let Some(index) = self.index() else { return Ok(Similar::Found(Vec::new())) };
        let generation = index.generation();
        let state = &self.similar;
        if let Some(hits) = state.kept(i.id.0, generation, limit) {
            return Ok(Similar::Found(hits));
        }
        let key = (i.id.0, generation, limit);
        let mut answer = {
            let mut running = state.finding.lock().unwrap_or_else(PoisonError::into_inner);
            // Again under the lock: a read that ended since the look above kept its answer
            // before it left `running`.
            if let Some(hits) = state.kept(i.id.0, generation, limit) {
                return Ok(Similar::Found(hits));
            }
            match running.get(&key) {
                // A read whose task is gone without an answer is replaced.
                Some(f) if f.has_changed().is_ok() || f.borrow().is_some() => f.clone(),
                _ if running.len() >= SIMILAR_PENDING => return Ok(Similar::Pending),
                _ => {
                    let (tx, rx) = tokio::sync::watch::channel(None);
                    running.insert(key, rx.clone());
                    let forget = Forget { state: Arc::clone(state), key, rx: rx.clone() };
                    let (id, org) = (i.id.0, i.org_id.0);
                    let (name, summary) = (i.name.clone(), i.summary.clone().unwrap_or_default());
                    tokio::spawn(async move {
                        let state = Arc::clone(&forget.state);
                        let found = match Arc::clone(&state.readers).acquire_owned().await {
                            // Queued behind others while the index changed: nobody will ask
                            // for this answer again.
                            Ok(_) if index.generation() != generation => Err("the index changed".to_string()),
                            Ok(permit) => {
                                let reads = Arc::clone(&state);
                                // Tens of milliseconds at national scale: off the runtime's
                                // workers. A panic becomes this answer's error.
                                let read = tokio::task::spawn_blocking(move || {
                                    let _permit = permit;
                                    reads.reads.fetch_add(1, Ordering::Relaxed);
                                    let mut hits = index.similar(&name, &summary, org, limit * 6)?;
                                    let mut orgs = std::collections::HashSet::new();
                                    hits.retain(|h| orgs.insert(h.org_id));
                                    hits.truncate(limit);
                                    Ok::<_, hoshin_search::SearchError>(hits)
                                });
                                match read.await {
                                    Ok(found) => found.map_err(|e| e.to_string()),
                                    Err(e) => Err(e.to_string()),
                                }
                            }
                            Err(e) => Err(e.to_string()),
                        };
                        // Kept before it stops being found (`forget` below): a request in
                        // between finds one or the other, never neither.
                        if let Ok(hits) = &found {
                            state.keep(id, generation, limit, hits.clone());
                        }
                        drop(forget);
                        tx.send_replace(Some(found));
                    });
                    rx
                }
            }
        };
        if wait.is_zero() {
            return Ok(Similar::Pending);
        }
        let outcome = match tokio::time::timeout(wait, answer.wait_for(Option::is_some)).await {
            Err(_) => return Ok(Similar::Pending),
            Ok(Err(_)) => Err("similar initiatives: the read ended without an answer".to_string()),
            Ok(Ok(found)) => found.clone().unwrap_or_else(|| Err("similar initiatives: no answer".into())),
        };
        match outcome {
            Ok(hits) => Ok(Similar::Found(hits)),
            Err(e) => Err(std::io::Error::other(e).into()),
        }
    }

    /// How long an initiative page waits for its similar initiatives ([`SIMILAR_WAIT`] unless
    /// set).
    pub fn similar_wait(&self) -> Duration {
        Duration::from_micros(self.similar_wait_us.load(Ordering::Relaxed))
    }

    /// Sets [`Self::similar_wait`] (`hoshin serve` from its settings; tests).
    pub fn set_similar_wait(&self, wait: Duration) {
        self.similar_wait_us.store(u64::try_from(wait.as_micros()).unwrap_or(u64::MAX), Ordering::Relaxed);
    }

    /// How many searches found no kept answer and asked the index (diagnostics and tests).
    pub fn index_searches(&self) -> u64 {
        self.searches.load(Ordering::Relaxed)
    }

    /// How many times similar initiatives were read from the index (diagnostics and tests).
    pub fn similar_reads(&self) -> u64 {
        self.similar.reads.load(Ordering::Relaxed)
    }

    /// The follower: rebuild when needed, then apply changes every [`FOLLOW_EVERY`]; reopen
    /// when a rebuild elsewhere (`hoshin index rebuild`) swapped the directory.
    async fn run(self: Arc<Self>, store: Arc<dyn Store>) {
        let Some(dir) = self.path.clone() else { return };
        let mut follower = follow::Follower::default();
        let mut rounds: u64 = 0;
        loop {
            if self.index().is_none() {
                self.set(Slot::Building);
                match rebuild(store.as_ref(), &dir, &|_| {}).await.and_then(|_| Ok(SearchIndex::open(&dir)?)) {
                    Ok(index) => {
                        tracing::info!(index = %dir.display(), documents = index.num_docs(), "search index built");
                        self.set(Slot::Ready(Arc::new(index.with_cache(self.cache_bytes)), build_id(&dir)));
                    }
                    Err(e) => {
                        tracing::error!(index = %dir.display(), error = %e, "search index rebuild failed; retrying in a minute");
                        self.set(Slot::Off(format!("検索索引を作成できませんでした（{e}）。")));
                        tokio::time::sleep(Duration::from_secs(60)).await;
                        self.set(Slot::Building);
                        continue;
                    }
                }
            }
            if let Some(index) = self.index() {
                let current = matches!(&*self.slot.read().unwrap_or_else(|p| p.into_inner()), Slot::Ready(_, id) if *id == build_id(&dir));
                if !current {
                    match SearchIndex::open(&dir) {
                        Ok(fresh) => {
                            self.set(Slot::Ready(Arc::new(fresh.with_cache(self.cache_bytes)), build_id(&dir)))
                        }
                        Err(e) => tracing::warn!(error = %e, "reopening the rebuilt search index failed"),
                    }
                    continue;
                }
                match follow::apply_changes(store.as_ref(), &index, &mut follower).await {
                    Ok(a) if a.changes > 0 => {
                        tracing::debug!(
                            changes = a.changes,
                            documents = a.documents,
                            removed = a.removed,
                            "search index updated"
                        );
                        continue;
                    }
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "search index update failed; retrying"),
                }
            }
            rounds += 1;
            if rounds % 2_400 == 1 {
                prune(store.as_ref()).await;
            }
            tokio::time::sleep(FOLLOW_EVERY).await;
        }
    }
}

async fn prune(store: &dyn Store) {
    let cutoff = now_ms() - KEEP_CHANGES.as_millis() as i64;
    let pruned = async {
        let tx = store.begin().await?;
        let n = tx.prune_search_changes(cutoff).await?;
        tx.commit().await?;
        Ok::<u64, hoshin_store::StoreError>(n)
    };
    if let Err(e) = pruned.await {
        tracing::warn!(error = %e, "pruning the search change log failed");
    }
}

fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)
}

/// Opens the index at `dir` if it exists, reads, and is not behind a pruned change log.
pub async fn open_current(store: &(impl crate::Db + ?Sized), dir: &Path) -> std::result::Result<SearchIndex, String> {
    let store = crate::db::store(store);
    let index = SearchIndex::open(dir).map_err(|e| e.to_string())?;
    let cursor = index.cursor().ok_or("the index records no change-log position")?;
    let (lo, hi) = store.search_change_bounds().await.map_err(|e| e.to_string())?;
    if lo.is_some_and(|lo| cursor < lo - 1) {
        return Err(format!("the change log was pruned past the index (index at {cursor}, log from {lo:?})"));
    }
    if hi.is_some_and(|hi| cursor > hi) {
        return Err(format!("the index is ahead of this database's change log ({cursor} > {hi:?}): another database"));
    }
    Ok(index)
}
