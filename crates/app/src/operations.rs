//! Operating a database: backups, restores and the PostgreSQL application role. Thin: the
//! work is the store's ([`hoshin_store::backup`], [`hoshin_store::Store::grant_app_role`]);
//! front-ends call these.

use crate::error::Result;
use hoshin_store::backup::{Manifest, RestoreReport};
use std::path::Path;

/// A consistent copy of the database at `url` in `file` (new), with `FILE.manifest.json`;
/// safe while the server runs.
pub async fn backup(url: &str, file: &Path) -> Result<Manifest> {
    Ok(hoshin_store::backup::backup(url, file).await?)
}

/// Restores `file` into the new, empty database at `url` and verifies every table against
/// the backup's manifest.
pub async fn restore(file: &Path, url: &str) -> Result<RestoreReport> {
    Ok(hoshin_store::backup::restore(file, url).await?)
}

/// Grants a PostgreSQL role what `hoshin serve` needs, and no rights over audit rows or the
/// migrations. Run as the tables' owner.
pub async fn grant_app_role(url: &str, role: &str) -> Result<()> {
    let store = hoshin_store::SqlStore::connect(url).await?;
    let result = hoshin_store::Store::grant_app_role(&store, role).await;
    hoshin_store::Store::close(&store).await;
    Ok(result?)
}

/// What `/healthz` reports: whether the database answers, and (when it does) the state of
/// its migrations (`None`: unreadable).
#[derive(Debug)]
pub struct Health {
    pub database: Result<()>,
    pub migrations: Option<hoshin_store::MigrationStatus>,
}

/// Checks the database: a round trip, then the migrations it holds.
pub async fn health(app: &crate::App) -> Health {
    let database = app.store.ping().await.map_err(crate::AppError::from);
    let migrations = match &database {
        Ok(()) => app.store.migration_status().await.ok(),
        Err(_) => None,
    };
    Health { database, migrations }
}

/// The database pool's connections now (for `/metrics`).
pub fn pool_state(app: &crate::App) -> hoshin_store::PoolState {
    app.store.pool_state()
}

/// How many reads the store has run outside a transaction since the process started (one
/// round trip each): `/metrics`' query counter, and what the page-speed tests count per page.
pub fn store_reads(app: &crate::App) -> u64 {
    app.store.reads()
}
