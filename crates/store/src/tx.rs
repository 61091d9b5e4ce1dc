//! The transaction type behind [`crate::Tx`], and [`Conn`]: how the shared readers get a
//! connection (from the pool for a store, the open transaction for a `Tx`).

use crate::error::{Result, StoreError};
use crate::exec::Db;
use crate::records::Backend;
use async_trait::async_trait;
use sqlx::{Any, AnyConnection, Transaction};
use std::ops::DerefMut;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use tokio::sync::{Mutex, MutexGuard};

/// A connection borrowed for one call.
pub(crate) type ConnGuard<'a> = Box<dyn DerefMut<Target = AnyConnection> + Send + 'a>;

/// Anything the readers can run queries on.
#[async_trait]
pub(crate) trait Conn: Send + Sync {
    /// An sqlx connection: the transaction's, or one from the pool (for writes outside a
    /// transaction).
    async fn conn(&self) -> Result<ConnGuard<'_>>;

    /// Whether the database is PostgreSQL: a read that would wait for another's row can then
    /// choose by a subquery instead, and start beside it (one round trip saved); SQLite, in
    /// process, has no round trip to save.
    fn is_postgres(&self) -> bool;

    /// Where a reader runs: [`Conn::conn`], unless the store reads SQLite directly.
    async fn reader(&self) -> Result<Reader<'_>> {
        Ok(Reader::Sqlx(self.conn().await?))
    }
}

/// A connection held for one reader call.
pub(crate) enum Reader<'a> {
    Sqlx(ConnGuard<'a>),
    Lite(crate::lite::LiteGuard<'a>),
    Pg(crate::pgread::PgLease),
}

impl Reader<'_> {
    pub(crate) fn db(&mut self) -> Db<'_> {
        match self {
            Reader::Sqlx(c) => Db::Sqlx(c),
            Reader::Lite(c) => Db::Lite(c.conn()),
            Reader::Pg(c) => Db::Pg(c),
        }
    }
}

/// A unit of work on either backend. Dropping it rolls back (sqlx does on drop).
#[derive(Debug)]
pub struct SqlTx {
    inner: Mutex<Option<Transaction<'static, Any>>>,
    backend: Backend,
    /// The store's count of committed transactions, bumped after this one commits.
    commits: Arc<AtomicU64>,
}

impl SqlTx {
    pub(crate) fn new(tx: Transaction<'static, Any>, backend: Backend, commits: Arc<AtomicU64>) -> Self {
        Self { inner: Mutex::new(Some(tx)), backend, commits }
    }

    /// Counts a successful commit (after it is durable, so whoever sees the new count and then
    /// reads the database sees the commit).
    pub(crate) fn committed(&self) {
        self.commits.fetch_add(1, Ordering::SeqCst);
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub(crate) async fn take(&self) -> Result<Transaction<'static, Any>> {
        self.inner.lock().await.take().ok_or_else(finished)
    }
}

fn finished() -> StoreError {
    StoreError::Invalid("the transaction has already finished".into())
}

#[async_trait]
impl Conn for SqlTx {
    fn is_postgres(&self) -> bool {
        self.backend == Backend::Postgres
    }

    async fn conn(&self) -> Result<ConnGuard<'_>> {
        let guard = self.inner.lock().await;
        let mapped = MutexGuard::try_map(guard, |o| o.as_deref_mut()).map_err(|_| finished())?;
        Ok(Box::new(mapped))
    }
}
