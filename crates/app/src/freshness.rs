//! Whether what the public pages show may have changed: the generation of public output
//! (`page_generation`, bumped by database triggers in every transaction that writes a table a
//! public page shows, migration 0007), tracked cheaply for the page cache of each server.
//!
//! Reading the database on every request would cost what the cache saves, so [`Freshness`]
//! re-reads the generation only when (a) this process committed a transaction since the last
//! read (exact: a write through this server is seen by the very next request), or (b)
//! [`RECHECK`] has passed (writes by another process — `hoshin import` beside a running
//! server, a second server — are seen within that time).

use crate::Result;
use hoshin_store::Store;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How long a generation read from the database is trusted when this process wrote nothing.
pub const RECHECK: Duration = Duration::from_millis(100);

/// The current generation of public output, as far as this process knows.
#[derive(Debug)]
pub struct Freshness {
    store: Arc<dyn Store>,
    started: Instant,
    /// The store's commit count when `generation` was last read (`u64::MAX`: never read).
    seen_commits: AtomicU64,
    /// The last generation read (generations only grow).
    generation: AtomicI64,
    /// Milliseconds after `started` of the last read.
    read_at_ms: AtomicU64,
}

impl Freshness {
    pub fn new(store: Arc<dyn Store>) -> Self {
        Self {
            store,
            started: Instant::now(),
            seen_commits: AtomicU64::new(u64::MAX),
            generation: AtomicI64::new(i64::MIN),
            read_at_ms: AtomicU64::new(0),
        }
    }

    fn now_ms(&self) -> u64 {
        u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    /// The generation to render and serve under. A cached page rendered under an older
    /// generation must not be served.
    pub async fn current(&self) -> Result<i64> {
        let commits = self.store.commits();
        let now = self.now_ms();
        let read_at = self.read_at_ms.load(Ordering::Acquire);
        let stale_local = self.seen_commits.load(Ordering::Acquire) != commits;
        let due = now.saturating_sub(read_at) >= RECHECK.as_millis() as u64;
        // Only one request re-reads for a due timer; the others go on with the value they have
        // (at most RECHECK old, and only for writes by other processes).
        let claim = due
            && !stale_local
            && self.read_at_ms.compare_exchange(read_at, now, Ordering::AcqRel, Ordering::Acquire).is_ok();
        if stale_local || claim {
            // The commit count is taken before the read: a commit after it changes the count
            // again, so the next request reads once more.
            let g = self.store.page_generation().await?;
            self.generation.fetch_max(g, Ordering::AcqRel);
            self.read_at_ms.store(now, Ordering::Release);
            self.seen_commits.store(commits, Ordering::Release);
        }
        Ok(self.generation.load(Ordering::Acquire))
    }
}
