//! Test helpers: a fresh database per test on either backend ([`TestDb::sqlite`],
//! [`TestDb::postgres`]) and small fixture builders. Dev-dependency only.
//!
//! PostgreSQL: one throwaway cluster per test process, started on first use under
//! `target/pg-test/<pid>` (see [`pg_cluster`]); every test gets its own database in it.
//! Without PostgreSQL installed the tests fail with a message saying how to install it.

pub mod fixtures;
pub mod pg_cluster;
pub mod smtp_sink;
pub mod xlsx;

use anyhow::{Context, Result};
use hoshin_store::{Backend, Store};
use std::sync::Arc;

/// A fresh, migrated database for one test.
pub struct TestDb {
    pub url: String,
    pub store: Arc<dyn Store>,
    backend: Backend,
    _dir: Option<tempfile::TempDir>,
}

impl std::fmt::Debug for TestDb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestDb").field("url", &self.url).field("backend", &self.backend).finish()
    }
}

impl TestDb {
    /// A new SQLite file in a temporary directory (removed when dropped).
    pub async fn sqlite() -> Result<Self> {
        let dir = tempfile::Builder::new().prefix("hoshin-test-").tempdir().context("creating a temp dir")?;
        let url = format!("sqlite://{}", dir.path().join("test.db").display());
        let store = hoshin_store::open(&url).await.with_context(|| format!("opening {url}"))?;
        Ok(Self { url, store, backend: Backend::Sqlite, _dir: Some(dir) })
    }

    /// A new database in the test process's PostgreSQL cluster (started on first use).
    pub async fn postgres() -> Result<Self> {
        let url = pg_cluster::fresh_database().await?;
        let store = hoshin_store::open(&url).await.with_context(|| format!("opening {url}"))?;
        Ok(Self { url, store, backend: Backend::Postgres, _dir: None })
    }

    /// The given backend.
    pub async fn new(backend: Backend) -> Result<Self> {
        match backend {
            Backend::Sqlite => Self::sqlite().await,
            Backend::Postgres => Self::postgres().await,
        }
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Opens the same database again through a new pool (as a restarted process would).
    pub async fn reopen(&self) -> Result<Arc<dyn Store>> {
        Ok(hoshin_store::open(&self.url).await?)
    }
}
