//! SQLite: `VACUUM INTO` writes a consistent, compacted copy while the server keeps reading
//! and writing (WAL); the copy is checked (`integrity_check`) and digested from the copy
//! itself. A restore copies the file in beside the target, checks it the same way, and only
//! then gives it the target's name.

use super::digest::{digest_all, TableDigest};
use super::{io, newest_migration, partial, sync};
use crate::error::{Result, StoreError};
use crate::records::Backend;
use sqlx::{AnyConnection, Connection};
use std::path::Path;

fn utf8(path: &Path) -> Result<&str> {
    path.to_str().ok_or_else(|| StoreError::Invalid(format!("{} is not a UTF-8 path", path.display())))
}

async fn connect(path: &Path, mode: &str) -> Result<AnyConnection> {
    sqlx::any::install_default_drivers();
    Ok(AnyConnection::connect(&format!("sqlite://{}?mode={mode}", utf8(path)?)).await?)
}

/// Integrity check, digests and newest migration of a database file nobody else uses.
async fn inspect(path: &Path) -> Result<(Vec<TableDigest>, Option<i64>)> {
    let mut c = connect(path, "ro").await?;
    let check: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(&mut c).await?;
    if check != "ok" {
        return Err(StoreError::Invalid(format!("{} fails the integrity check: {check}", path.display())));
    }
    let digests = digest_all(&mut c, Backend::Sqlite).await?;
    let migration = newest_migration(&mut c).await?;
    c.close().await?;
    Ok((digests, migration))
}

pub(super) async fn backup(db: &Path, out: &Path) -> Result<(Vec<TableDigest>, Option<i64>)> {
    if !db.exists() {
        return Err(StoreError::Invalid(format!("{} does not exist", db.display())));
    }
    let mut c = connect(db, "rw").await?;
    // Wait for a writer's commit rather than fail while the server is busy.
    sqlx::query("PRAGMA busy_timeout = 30000").execute(&mut c).await?;
    sqlx::query("VACUUM INTO $1").bind(utf8(out)?).execute(&mut c).await?;
    c.close().await?;
    inspect(out).await
}

pub(super) async fn restore(file: &Path, target: &Path, expected: &[TableDigest]) -> Result<Vec<TableDigest>> {
    for p in [target.to_path_buf(), suffixed(target, "-wal"), suffixed(target, "-shm")] {
        if p.exists() {
            return Err(StoreError::Invalid(format!(
                "{} exists: a restore goes into a new, empty database only",
                p.display()
            )));
        }
    }
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| io("creating", dir, e))?;
    }
    let tmp = partial(target);
    let _ = std::fs::remove_file(&tmp);
    std::fs::copy(file, &tmp).map_err(|e| io("copying to", &tmp, e))?;
    sync(&tmp)?;
    let (digests, _) = match inspect(&tmp).await {
        Ok(d) => d,
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
    };
    if digests != expected {
        let _ = std::fs::remove_file(&tmp);
        return Ok(digests);
    }
    std::fs::rename(&tmp, target).map_err(|e| io("naming", target, e))?;
    sync(target)?;
    Ok(digests)
}

fn suffixed(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    p.into()
}
