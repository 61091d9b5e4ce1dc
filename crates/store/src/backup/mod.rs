//! Backup and restore. `backup` writes a consistent copy of the database while it is in use
//! — SQLite by `VACUUM INTO` (an online snapshot; writers carry on), PostgreSQL by `pg_dump`
//! inside a snapshot the digests are read from too — and beside it a manifest
//! (`FILE.manifest.json`): the file's SHA-256 and every table's row count and content digest
//! ([`digest`]). `restore` takes a backup into an empty database only, checks the file
//! against its manifest first and every restored table against it after, and fails loudly
//! on any difference. One backend to the same backend.

mod digest;
mod postgres;
mod sqlite;

pub use digest::TableDigest;

use crate::connect::Location;
use crate::error::{Result, StoreError};
use crate::records::MigrationStatus;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io::Read as _;
use std::path::{Path, PathBuf};

/// The manifest format written by this version.
pub const FORMAT: &str = "hoshin-backup/1";

/// What a backup holds, written beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    /// `sqlite` or `postgres`.
    pub backend: String,
    /// Unix milliseconds.
    pub created_at: i64,
    pub hoshin_version: String,
    /// The newest migration applied in the backed-up database.
    pub migration: Option<i64>,
    pub file_bytes: u64,
    pub file_sha256: String,
    pub tables: Vec<TableDigest>,
}

/// One table after a restore.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableCheck {
    pub table: String,
    pub expected_rows: u64,
    /// `None`: the table is missing.
    pub restored_rows: Option<u64>,
    /// Rows and content digest equal the manifest's.
    pub ok: bool,
}

/// What a restore did.
#[derive(Debug, Clone)]
pub struct RestoreReport {
    pub manifest: Manifest,
    pub checks: Vec<TableCheck>,
    pub migrations: MigrationStatus,
}

/// `FILE.manifest.json`.
pub fn manifest_path(file: &Path) -> PathBuf {
    let mut p = file.as_os_str().to_owned();
    p.push(".manifest.json");
    PathBuf::from(p)
}

fn io(what: &str, path: &Path, e: std::io::Error) -> StoreError {
    StoreError::Invalid(format!("{what} {}: {e}", path.display()))
}

/// SHA-256 and size of a file.
fn file_digest(path: &Path) -> Result<(String, u64)> {
    let mut f = std::fs::File::open(path).map_err(|e| io("reading", path, e))?;
    let mut hash = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut total = 0u64;
    loop {
        let n = f.read(&mut buf).map_err(|e| io("reading", path, e))?;
        if n == 0 {
            break;
        }
        hash.update(&buf[..n]);
        total += n as u64;
    }
    Ok((hex::encode(hash.finalize()), total))
}

/// Makes a finished file durable: its bytes, then its name in the directory.
fn sync(path: &Path) -> Result<()> {
    std::fs::File::open(path).and_then(|f| f.sync_all()).map_err(|e| io("syncing", path, e))?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::File::open(dir).and_then(|f| f.sync_all()).map_err(|e| io("syncing", dir, e))?;
    }
    Ok(())
}

/// `FILE.partial`, where a file is written before it gets its name.
fn partial(file: &Path) -> PathBuf {
    let mut p = file.as_os_str().to_owned();
    p.push(".partial");
    PathBuf::from(p)
}

fn now_ms() -> i64 {
    crate::conv::now_ms()
}

/// The newest migration applied, read on the snapshot's connection.
async fn newest_migration(c: &mut sqlx::AnyConnection) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success").fetch_one(&mut *c).await?)
}

/// Backs the database at `url` up to `file` (which must not exist) and writes its manifest.
pub async fn backup(url: &str, file: &Path) -> Result<Manifest> {
    if file.exists() || manifest_path(file).exists() {
        return Err(StoreError::Invalid(format!("{} (or its manifest) already exists", file.display())));
    }
    let tmp = partial(file);
    let _ = std::fs::remove_file(&tmp);
    let (backend, (tables, migration)) = match Location::parse(url)? {
        Location::Sqlite(db) => ("sqlite", sqlite::backup(&db, &tmp).await?),
        Location::Postgres(pg) => ("postgres", postgres::backup(&pg, &tmp).await?),
    };
    sync(&tmp)?;
    let (file_sha256, file_bytes) = file_digest(&tmp)?;
    std::fs::rename(&tmp, file).map_err(|e| io("naming", file, e))?;
    sync(file)?;
    let manifest = Manifest {
        format: FORMAT.to_string(),
        backend: backend.to_string(),
        created_at: now_ms(),
        hoshin_version: env!("CARGO_PKG_VERSION").to_string(),
        migration,
        file_bytes,
        file_sha256,
        tables,
    };
    let path = manifest_path(file);
    let text = serde_json::to_string_pretty(&manifest)?;
    std::fs::write(&path, text).map_err(|e| io("writing", &path, e))?;
    sync(&path)?;
    Ok(manifest)
}

/// Reads and checks a backup's manifest, and the file against it.
pub fn read_manifest(file: &Path) -> Result<Manifest> {
    let path = manifest_path(file);
    let text = std::fs::read_to_string(&path).map_err(|e| io("reading the manifest", &path, e))?;
    let manifest: Manifest = serde_json::from_str(&text)?;
    if manifest.format != FORMAT {
        return Err(StoreError::Invalid(format!("unknown backup format {:?} (expected {FORMAT})", manifest.format)));
    }
    let (sha, bytes) = file_digest(file)?;
    if sha != manifest.file_sha256 || bytes != manifest.file_bytes {
        return Err(StoreError::Invalid(format!(
            "{} does not match its manifest (damaged or replaced): {bytes} bytes, sha256 {sha}",
            file.display()
        )));
    }
    Ok(manifest)
}

/// Compares restored digests with the manifest's, table by table (both ways).
fn compare(manifest: &Manifest, restored: &[TableDigest]) -> Vec<TableCheck> {
    let mut checks: Vec<TableCheck> = manifest
        .tables
        .iter()
        .map(|t| {
            let got = restored.iter().find(|r| r.table == t.table);
            TableCheck {
                table: t.table.clone(),
                expected_rows: t.rows,
                restored_rows: got.map(|g| g.rows),
                ok: got.is_some_and(|g| g == t),
            }
        })
        .collect();
    for r in restored.iter().filter(|r| !manifest.tables.iter().any(|t| t.table == r.table)) {
        checks.push(TableCheck { table: r.table.clone(), expected_rows: 0, restored_rows: Some(r.rows), ok: false });
    }
    checks
}

/// Restores `file` into the empty database at `url`, then verifies every table.
pub async fn restore(file: &Path, url: &str) -> Result<RestoreReport> {
    let manifest = read_manifest(file)?;
    let location = Location::parse(url)?;
    let backend = match location {
        Location::Sqlite(_) => "sqlite",
        Location::Postgres(_) => "postgres",
    };
    if manifest.backend != backend {
        return Err(StoreError::Invalid(format!(
            "a {} backup cannot be restored into {backend}: restore into the same kind of database",
            manifest.backend
        )));
    }
    let restored = match &location {
        Location::Sqlite(db) => sqlite::restore(file, db, &manifest.tables).await?,
        Location::Postgres(pg) => postgres::restore(file, pg).await?,
    };
    let checks = compare(&manifest, &restored);
    if let Some(bad) = checks.iter().find(|c| !c.ok) {
        return Err(StoreError::Invalid(format!(
            "the restored table {} differs from the backup ({} rows expected, {:?} restored)",
            bad.table, bad.expected_rows, bad.restored_rows
        )));
    }
    let store = crate::connect::SqlStore::connect(url).await?;
    let migrations = crate::traits::Store::migration_status(&store).await;
    crate::traits::Store::close(&store).await;
    Ok(RestoreReport { manifest, checks, migrations: migrations? })
}
