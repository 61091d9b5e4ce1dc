//! The embedded migrations per backend and how far a database is with them: which versions
//! this binary knows, which the database applied (and whether their text is unchanged), for
//! `migrate` (which then runs nothing on a current database, so an application role without
//! DDL rights can open it) and `/healthz`.

use crate::error::Result;
use crate::records::{Backend, MigrationStatus};
use sqlx::migrate::{MigrationType, Migrator};
use sqlx::{AnyPool, Row};

pub(crate) static SQLITE: Migrator = sqlx::migrate!("../../migrations/sqlite");
pub(crate) static POSTGRES: Migrator = sqlx::migrate!("../../migrations/postgres");

pub(crate) fn migrator(backend: Backend) -> &'static Migrator {
    match backend {
        Backend::Sqlite => &SQLITE,
        Backend::Postgres => &POSTGRES,
    }
}

/// Compares the database's `_sqlx_migrations` with the embedded migrations.
pub(crate) async fn status(pool: &AnyPool, backend: Backend) -> Result<MigrationStatus> {
    let m = migrator(backend);
    let known: Vec<(i64, Vec<u8>)> = m
        .iter()
        .filter(|x| !matches!(x.migration_type, MigrationType::ReversibleDown))
        .map(|x| (x.version, x.checksum.to_vec()))
        .collect();
    let exists_sql = match backend {
        Backend::Sqlite => "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
        Backend::Postgres => {
            "SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema() \
                              AND tablename = '_sqlx_migrations'"
        }
    };
    let exists: i64 = sqlx::query_scalar(exists_sql).fetch_one(pool).await?;
    let mut applied = Vec::new();
    let mut modified = Vec::new();
    if exists > 0 {
        let rows = sqlx::query("SELECT version, checksum FROM _sqlx_migrations WHERE success ORDER BY version")
            .fetch_all(pool)
            .await?;
        for row in rows {
            let version: i64 = row.try_get("version")?;
            let checksum: Vec<u8> = row.try_get("checksum")?;
            if known.iter().any(|(v, c)| *v == version && *c != checksum) {
                modified.push(version);
            }
            applied.push(version);
        }
    }
    Ok(MigrationStatus { known: known.into_iter().map(|(v, _)| v).collect(), applied, modified })
}
