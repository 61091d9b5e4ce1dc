//! PostgreSQL connections for reads outside a transaction.
//!
//! sqlx's pool tests every connection it is given back with a round trip (a `Sync`, answered by
//! `ReadyForQuery`: `return_to_pool` in sqlx-core 0.8), and it cannot be turned off. A reader
//! call takes a connection for one statement or a few, so that test doubled the round trips of
//! every page: the initiative page's 18 statements cost 36, and PostgreSQL woke twice for each
//! (issue 14). This pool gives a connection back untested when the reader call that held it ran
//! to its end, because such a call leaves the connection usable: sqlx reads up to
//! `ReadyForQuery` before it sends the next statement. A connection is closed instead when its
//! call was cut off (the future dropped mid-statement, e.g. a closed HTTP connection) or failed
//! with an I/O or protocol error.
//!
//! Writes and transactions keep the sqlx pool.

use crate::error::{Result, StoreError};
use sqlx::any::AnyConnectOptions;
use sqlx::AnyConnection;
use sqlx::{ConnectOptions, Connection};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;
use tokio::sync::{Semaphore, SemaphorePermit};

/// How long a reader waits for a connection when all of them are in use (as the sqlx pool).
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Debug)]
pub(crate) struct PgReadPool {
    options: AnyConnectOptions,
    idle: Mutex<Vec<AnyConnection>>,
    /// One permit per connection that may be open for reads at once.
    permits: Semaphore,
    closed: AtomicBool,
}

impl PgReadPool {
    /// A pool of at most `max` read connections, opened when first needed.
    pub(crate) fn new(options: AnyConnectOptions, max: usize) -> Self {
        Self { options, idle: Mutex::new(Vec::new()), permits: Semaphore::new(max), closed: AtomicBool::new(false) }
    }

    /// A connection for one reader call, or sqlx's `PoolClosed` / `PoolTimedOut`.
    pub(crate) async fn get(&self) -> Result<PgGuard<'_>> {
        if self.closed.load(Ordering::SeqCst) {
            return Err(sqlx::Error::PoolClosed.into());
        }
        let permit = match tokio::time::timeout(ACQUIRE_TIMEOUT, self.permits.acquire()).await {
            Ok(Ok(p)) => p,
            Ok(Err(_)) => return Err(sqlx::Error::PoolClosed.into()),
            Err(_) => return Err(sqlx::Error::PoolTimedOut.into()),
        };
        let idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner).pop();
        let conn = match idle {
            Some(c) => c,
            None => self.options.connect().await?,
        };
        Ok(PgGuard { pool: self, conn: Some(conn), finished: false, _permit: permit })
    }

    /// Closes the idle connections and refuses new reads; connections in use are closed when
    /// given back.
    pub(crate) async fn close(&self) {
        self.closed.store(true, Ordering::SeqCst);
        self.permits.close();
        let idle = std::mem::take(&mut *self.idle.lock().unwrap_or_else(PoisonError::into_inner));
        for conn in idle {
            let _ = conn.close().await;
        }
    }
}

/// A connection lent for one reader call. Given back on drop if [`PgGuard::finish`] was called
/// with a result that leaves it usable; closed otherwise.
pub(crate) struct PgGuard<'a> {
    pool: &'a PgReadPool,
    conn: Option<AnyConnection>,
    finished: bool,
    _permit: SemaphorePermit<'a>,
}

impl PgGuard<'_> {
    pub(crate) fn conn(&mut self) -> &mut AnyConnection {
        self.conn.as_mut().expect("a lent connection is present until the guard drops")
    }

    /// The reader call ran to its end with `result`.
    pub(crate) fn finish<T>(&mut self, result: &Result<T>) {
        self.finished = match result {
            Ok(_) => true,
            Err(e) => leaves_connection_usable(e),
        };
    }
}

/// False for the errors after which the connection's state is unknown (the socket or the
/// protocol failed) or the server is ending the session (SQLSTATE class 08, connection
/// exception, and 57P, e.g. 57P01 after `pg_terminate_backend`). A statement the server
/// refused (SQL error, constraint) or a row the reader could not decode leaves it usable.
fn leaves_connection_usable(e: &StoreError) -> bool {
    match e {
        StoreError::Database(sqlx::Error::Database(d)) => {
            !d.code().is_some_and(|c| c.starts_with("08") || c.starts_with("57P"))
        }
        StoreError::Database(e) => matches!(
            e,
            sqlx::Error::RowNotFound
                | sqlx::Error::ColumnNotFound(_)
                | sqlx::Error::ColumnIndexOutOfBounds { .. }
                | sqlx::Error::ColumnDecode { .. }
                | sqlx::Error::Decode(_)
                | sqlx::Error::TypeNotFound { .. }
        ),
        _ => true,
    }
}

impl Drop for PgGuard<'_> {
    fn drop(&mut self) {
        let Some(conn) = self.conn.take() else { return };
        if self.finished && !self.pool.closed.load(Ordering::SeqCst) {
            self.pool.idle.lock().unwrap_or_else(PoisonError::into_inner).push(conn);
            return;
        }
        // Its state is unknown, so nothing more is sent on it: dropping it closes the socket,
        // and the server ends the session (quietly, outside a transaction).
        drop(conn);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_and_protocol_errors_retire_the_connection() {
        let io = StoreError::Database(sqlx::Error::Io(std::io::Error::other("reset")));
        let protocol = StoreError::Database(sqlx::Error::Protocol("unexpected message".into()));
        assert!(!leaves_connection_usable(&io));
        assert!(!leaves_connection_usable(&protocol));
        assert!(leaves_connection_usable(&StoreError::not_found("initiatives", 7)));
        assert!(leaves_connection_usable(&StoreError::Database(sqlx::Error::RowNotFound)));
    }
}
