//! Direct SQLite connections for reads outside a transaction (see `exec.rs` for why). A reader
//! takes one for the length of its call and steps its queries on its own thread; nothing in a
//! reader waits on anything else, so a few connections serve every task (one per thread that
//! reads at the same moment). Idle ones are kept up to one per core (at least 4); more are
//! opened when needed and closed when given back.

use crate::error::Result;
use rusqlite::{Connection, OpenFlags};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

/// Idle connections kept open: one per core, at least 4 (as many threads read at once). Each
/// holds its own page cache (see [`PRAGMAS`]).
fn keep_idle() -> usize {
    std::thread::available_parallelism().map_or(4, |n| n.get().max(4))
}

/// Statements each connection keeps prepared; a page's readers use a few dozen.
const STATEMENT_CACHE: usize = 256;

/// Read-only settings: `query_only` makes any write an error. The page cache is 16 MiB as for
/// the pooled connections (`connect.rs`), and a busy wait as long (a reader waits only while
/// the WAL is being recovered).
const PRAGMAS: &str = "PRAGMA query_only = ON; PRAGMA cache_size = -16384; PRAGMA temp_store = MEMORY;";

#[derive(Debug)]
pub(crate) struct LitePool {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
    keep: usize,
    closed: AtomicBool,
}

impl LitePool {
    /// A pool over an existing database file (created and migrated through sqlx first), named
    /// as SQLite itself names it (sqlx decodes `%XX` in a URL's path; see `connect.rs`).
    pub(crate) fn new(path: PathBuf) -> Self {
        Self { path, idle: Mutex::new(Vec::new()), keep: keep_idle(), closed: AtomicBool::new(false) }
    }

    /// A connection, or sqlx's `PoolClosed` after [`LitePool::close`] (as the sqlx pool answers).
    pub(crate) fn get(&self) -> Result<LiteGuard<'_>> {
        if self.closed.load(Ordering::SeqCst) {
            return Err(sqlx::Error::PoolClosed.into());
        }
        let idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner).pop();
        let conn = match idle {
            Some(c) => c,
            None => self.open()?,
        };
        // Closed while this one was being opened: no read after close.
        if self.closed.load(Ordering::SeqCst) {
            return Err(sqlx::Error::PoolClosed.into());
        }
        Ok(LiteGuard { pool: self, conn: Some(conn) })
    }

    fn open(&self) -> Result<Connection> {
        // Read-write without create: a read-only handle cannot rebuild the WAL index when the
        // last other connection has closed; `query_only` keeps it from writing.
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(&self.path, flags)?;
        conn.busy_timeout(Duration::from_secs(10))?;
        conn.execute_batch(PRAGMAS)?;
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        Ok(conn)
    }

    /// Closes the idle connections; connections in use are closed when given back.
    pub(crate) fn close(&self) {
        self.closed.store(true, Ordering::SeqCst);
        self.idle.lock().unwrap_or_else(PoisonError::into_inner).clear();
    }
}

/// A connection lent for one reader call; given back on drop.
pub(crate) struct LiteGuard<'a> {
    pool: &'a LitePool,
    conn: Option<Connection>,
}

impl LiteGuard<'_> {
    pub(crate) fn conn(&mut self) -> &mut Connection {
        self.conn.as_mut().expect("a lent connection is present until the guard drops")
    }
}

impl Drop for LiteGuard<'_> {
    fn drop(&mut self) {
        let Some(conn) = self.conn.take() else { return };
        if self.pool.closed.load(Ordering::SeqCst) {
            return;
        }
        let mut idle = self.pool.idle.lock().unwrap_or_else(PoisonError::into_inner);
        if idle.len() < self.pool.keep {
            idle.push(conn);
        }
    }
}
