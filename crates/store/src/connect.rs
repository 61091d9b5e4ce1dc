//! Opening a database from a URL: `sqlite://PATH` or a bare path (the file is created when
//! missing; WAL journal, foreign keys on, a busy timeout) or `postgres://…`. Both run on
//! sqlx's `Any` driver, so every query is written once with `$N` placeholders (SQLite
//! accepts them as numbered parameters); what differs per backend is here and in the
//! migrations directories.

use crate::error::{Result, StoreError};
use crate::exec::query_scalar;
use crate::lite::LitePool;
use crate::pgread::PgReadPool;
use crate::records::{Backend, MigrationStatus, PoolState};
use crate::traits::{Store, Tx};
use crate::tx::{Conn, ConnGuard, Reader, SqlTx};
use async_trait::async_trait;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, ConnectOptions, Executor};
use std::path::PathBuf;
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Where a URL points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    Sqlite(PathBuf),
    Postgres(String),
}

impl Location {
    /// `sqlite://PATH`, `sqlite:PATH`, a bare path, or `postgres://…` / `postgresql://…`.
    pub fn parse(url: &str) -> Result<Self> {
        let url = url.trim();
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(Location::Postgres(url.to_string()));
        }
        let path = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")).unwrap_or(url);
        let path = path.split('?').next().unwrap_or(path);
        if path.is_empty() || path.contains("://") || path == ":memory:" {
            return Err(StoreError::Url(url.to_string()));
        }
        Ok(Location::Sqlite(PathBuf::from(path)))
    }
}

/// Opens (creating an SQLite file when missing) and migrates.
pub async fn open(url: &str) -> Result<Arc<dyn Store>> {
    let store = SqlStore::connect(url).await?;
    store.migrate().await?;
    Ok(Arc::new(store))
}

/// Opens, applies pending migrations and closes.
pub async fn migrate(url: &str) -> Result<()> {
    let store = SqlStore::connect(url).await?;
    let result = store.migrate().await;
    store.close().await;
    result
}

/// PostgreSQL connections for reads outside a transaction, besides the sqlx pool's eight for
/// writes and transactions. Each is shared by every request at once (`pgread.rs`), so they
/// need not be many: twice the cores, at least four, at most sixteen.
fn pg_read_connections() -> usize {
    std::thread::available_parallelism().map_or(4, |n| (2 * n.get()).clamp(4, crate::pgread::MAX_CONNECTIONS))
}

/// The one [`Store`] implementation, for both backends.
#[derive(Debug, Clone)]
pub struct SqlStore {
    pool: AnyPool,
    location: Location,
    /// Transactions committed through this store (see [`Store::commits`]).
    commits: Arc<AtomicU64>,
    /// Reads run on a pooled connection outside a transaction (see [`Store::reads`]).
    reads: Arc<AtomicU64>,
    /// SQLite only: the connections readers step directly outside a transaction (`lite.rs`).
    lite: Option<Arc<LitePool>>,
    /// PostgreSQL only: the connections readers use outside a transaction (`pgread.rs`).
    pg: Option<Arc<PgReadPool>>,
}

impl SqlStore {
    /// Connects without migrating.
    pub async fn connect(url: &str) -> Result<Self> {
        sqlx::any::install_default_drivers();
        let location = Location::parse(url)?;
        let pool = match &location {
            Location::Sqlite(path) => {
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir)
                        .map_err(|e| StoreError::Invalid(format!("cannot create {}: {e}", dir.display())))?;
                }
                let opts = any_options(&format!("sqlite://{}?mode=rwc", path.display()))?;
                AnyPoolOptions::new()
                    .max_connections(4)
                    // A local file: no connection goes stale, so no ping before every read
                    // (sqlx's default doubles the round trips of a page; issue 14).
                    .test_before_acquire(false)
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            for pragma in SQLITE_PRAGMAS {
                                conn.execute(*pragma).await?;
                            }
                            Ok(())
                        })
                    })
                    .connect_with(opts)
                    .await?
            }
            Location::Postgres(url) => {
                AnyPoolOptions::new()
                    .max_connections(8)
                    // No `SELECT 1` before every read: it doubled the round trips of a page
                    // (issue 14). A connection the server dropped fails one read and is
                    // replaced; idle ones are closed after sqlx's idle timeout anyway.
                    .test_before_acquire(false)
                    .acquire_timeout(Duration::from_secs(30))
                    .connect_with(any_options(url)?)
                    .await?
            }
        };
        let lite = match &location {
            // The file as SQLite opened it: sqlx decodes `%XX` in the URL's path, so the path
            // as written may name another file.
            Location::Sqlite(_) => {
                let file: String = sqlx::query_scalar("SELECT file FROM pragma_database_list WHERE name = 'main'")
                    .fetch_one(&pool)
                    .await?;
                Some(Arc::new(LitePool::new(PathBuf::from(file))))
            }
            Location::Postgres(_) => None,
        };
        let pg = match &location {
            Location::Postgres(url) => {
                let pg = Arc::new(PgReadPool::new(url, pg_read_connections())?);
                pg.check().await?;
                Some(pg)
            }
            Location::Sqlite(_) => None,
        };
        Ok(Self { pool, location, commits: Arc::new(AtomicU64::new(0)), reads: Arc::new(AtomicU64::new(0)), lite, pg })
    }

    pub fn location(&self) -> &Location {
        &self.location
    }

    /// Where a read outside a transaction runs (see [`Conn::reader`]), not counted in `reads`.
    async fn uncounted_reader(&self) -> Result<Reader<'_>> {
        Ok(match (&self.lite, &self.pg) {
            (Some(lite), _) => Reader::Lite(lite.get()?),
            (None, Some(pg)) => Reader::Pg(pg.get().await?),
            (None, None) => Reader::Sqlx(Box::new(self.pool.acquire().await?)),
        })
    }
}

/// Per-connection SQLite settings. journal_mode=WAL persists in the file.
const SQLITE_PRAGMAS: &[&str] = &[
    "PRAGMA journal_mode = WAL",
    // FULL: a commit is on disk before it is acknowledged, power loss included (issue 12).
    "PRAGMA synchronous = FULL",
    "PRAGMA foreign_keys = ON",
    "PRAGMA busy_timeout = 10000",
    // 16 MiB per connection (4 in the pool). Each connection holds its own copy of the pages it
    // read, so at national scale 64 MiB each held ~20 MB more resident for no measurable gain on
    // a cold page (the file's pages stay in the OS cache; issue 14).
    "PRAGMA cache_size = -16384",
    "PRAGMA temp_store = MEMORY",
];

fn any_options(url: &str) -> Result<AnyConnectOptions> {
    let opts = AnyConnectOptions::from_str(url).map_err(|_| StoreError::Url(url.to_string()))?;
    Ok(opts.disable_statement_logging())
}

#[async_trait]
impl Conn for SqlStore {
    fn is_postgres(&self) -> bool {
        matches!(self.location, Location::Postgres(_))
    }

    async fn conn(&self) -> Result<ConnGuard<'_>> {
        self.reads.fetch_add(1, Ordering::Relaxed);
        Ok(Box::new(self.pool.acquire().await?))
    }

    async fn reader(&self) -> Result<Reader<'_>> {
        self.reads.fetch_add(1, Ordering::Relaxed);
        self.uncounted_reader().await
    }
}

#[async_trait]
impl Store for SqlStore {
    fn backend(&self) -> Backend {
        match self.location {
            Location::Sqlite(_) => Backend::Sqlite,
            Location::Postgres(_) => Backend::Postgres,
        }
    }

    async fn begin(&self) -> Result<Box<dyn Tx>> {
        let tx = match self.location {
            // Take the write lock up front: a deferred transaction that later writes can fail
            // with SQLITE_BUSY instead of waiting.
            Location::Sqlite(_) => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Location::Postgres(_) => self.pool.begin().await?,
        };
        Ok(Box::new(SqlTx::new(tx, self.backend(), Arc::clone(&self.commits))))
    }

    async fn migrate(&self) -> Result<()> {
        // A current database is left alone: an application role without DDL rights (see
        // `grant_app_role`) opens it without touching the migrations table.
        if self.migration_status().await?.current() {
            return Ok(());
        }
        crate::migrations::migrator(self.backend()).run(&self.pool).await?;
        Ok(())
    }

    async fn migration_status(&self) -> Result<MigrationStatus> {
        crate::migrations::status(&self.pool, self.backend()).await
    }

    async fn page_generation(&self) -> Result<i64> {
        // Read on every public request, so not counted in `reads` (as before).
        let mut r = self.uncounted_reader().await?;
        query_scalar("SELECT generation FROM page_generation WHERE id = 1").fetch_one(&mut r.db()).await
    }

    fn commits(&self) -> u64 {
        self.commits.load(Ordering::SeqCst)
    }

    fn reads(&self) -> u64 {
        self.reads.load(Ordering::Relaxed)
    }

    async fn ping(&self) -> Result<()> {
        sqlx::query_scalar::<_, i64>("SELECT 1").fetch_one(&self.pool).await?;
        // And the connections public pages read on (PostgreSQL: `pgread.rs`).
        let mut r = self.uncounted_reader().await?;
        query_scalar::<i64>("SELECT 1").fetch_one(&mut r.db()).await?;
        Ok(())
    }

    fn pool_state(&self) -> PoolState {
        PoolState {
            size: self.pool.size(),
            idle: u32::try_from(self.pool.num_idle()).unwrap_or(u32::MAX),
            max: self.pool.options().get_max_connections(),
        }
    }

    async fn grant_app_role(&self, role: &str) -> Result<()> {
        if self.backend() != Backend::Postgres {
            return Err(StoreError::Invalid("application roles exist on PostgreSQL only".into()));
        }
        crate::grants::grant_app_role(&self.pool, role).await
    }

    async fn size_bytes(&self) -> Result<u64> {
        match &self.location {
            Location::Sqlite(path) => {
                let mut total = 0;
                for suffix in ["", "-wal", "-shm"] {
                    let mut p = path.clone().into_os_string();
                    p.push(suffix);
                    total += std::fs::metadata(&p).map(|m| m.len()).unwrap_or(0);
                }
                Ok(total)
            }
            Location::Postgres(_) => {
                let n: i64 =
                    sqlx::query_scalar("SELECT pg_database_size(current_database())").fetch_one(&self.pool).await?;
                Ok(u64::try_from(n).unwrap_or(0))
            }
        }
    }

    async fn optimize(&self) -> Result<()> {
        match self.location {
            Location::Sqlite(_) => {
                sqlx::query("ANALYZE").execute(&self.pool).await?;
                sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&self.pool).await?;
            }
            Location::Postgres(_) => {
                sqlx::query("ANALYZE").execute(&self.pool).await?;
            }
        }
        Ok(())
    }

    async fn backup_to(&self, path: &std::path::Path) -> Result<()> {
        match self.location {
            Location::Sqlite(_) => {
                if path.exists() {
                    return Err(StoreError::Invalid(format!("{} already exists", path.display())));
                }
                let target = path.to_str().ok_or_else(|| StoreError::Invalid("the path is not UTF-8".into()))?;
                sqlx::query("VACUUM INTO $1").bind(target).execute(&self.pool).await?;
                Ok(())
            }
            Location::Postgres(_) => Err(StoreError::Invalid("back up a PostgreSQL database with pg_dump".into())),
        }
    }

    async fn close(&self) {
        if let Some(lite) = &self.lite {
            lite.close();
        }
        if let Some(pg) = &self.pg {
            pg.close().await;
        }
        self.pool.close().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert_eq!(Location::parse("sqlite://data/h.db").unwrap(), Location::Sqlite("data/h.db".into()));
        assert_eq!(Location::parse("sqlite:///tmp/h.db?mode=rwc").unwrap(), Location::Sqlite("/tmp/h.db".into()));
        assert_eq!(Location::parse("sqlite:h.db").unwrap(), Location::Sqlite("h.db".into()));
        assert_eq!(Location::parse(" ./h.db ").unwrap(), Location::Sqlite("./h.db".into()));
        let pg = "postgres://u:p@127.0.0.1:5432/hoshin";
        assert_eq!(Location::parse(pg).unwrap(), Location::Postgres(pg.into()));
        assert!(matches!(Location::parse("postgresql://x/y").unwrap(), Location::Postgres(_)));
        for bad in ["", "mysql://x/y", "sqlite::memory:", "sqlite://"] {
            assert!(matches!(Location::parse(bad), Err(StoreError::Url(_))), "{bad}");
        }
    }
}
