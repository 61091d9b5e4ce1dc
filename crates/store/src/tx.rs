//! The transaction type behind [`crate::Tx`], and [`Conn`]: how the shared readers get a
//! connection (from the pool for a store, the open transaction for a `Tx`).

use crate::error::{Result, StoreError};
use crate::records::Backend;
use async_trait::async_trait;
use sqlx::{Any, AnyConnection, Transaction};
use std::ops::DerefMut;
use tokio::sync::{Mutex, MutexGuard};

/// A connection borrowed for one call.
pub(crate) type ConnGuard<'a> = Box<dyn DerefMut<Target = AnyConnection> + Send + 'a>;

/// Anything the readers can run queries on.
#[async_trait]
pub(crate) trait Conn: Send + Sync {
    async fn conn(&self) -> Result<ConnGuard<'_>>;
}

/// A unit of work on either backend. Dropping it rolls back (sqlx does on drop).
#[derive(Debug)]
pub struct SqlTx {
    inner: Mutex<Option<Transaction<'static, Any>>>,
    backend: Backend,
}

impl SqlTx {
    pub(crate) fn new(tx: Transaction<'static, Any>, backend: Backend) -> Self {
        Self { inner: Mutex::new(Some(tx)), backend }
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
    async fn conn(&self) -> Result<ConnGuard<'_>> {
        let guard = self.inner.lock().await;
        let mapped = MutexGuard::try_map(guard, |o| o.as_deref_mut()).map_err(|_| finished())?;
        Ok(Box::new(mapped))
    }
}
