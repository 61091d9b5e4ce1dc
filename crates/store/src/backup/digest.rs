//! What a backup is checked against: every table of the database with its row count and a
//! SHA-256 over all its rows (each value as the database quotes it, rows in column order),
//! read in one consistent snapshot. Equal digests mean equal tables.

use crate::error::Result;
use crate::records::Backend;
use futures_util::TryStreamExt;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sqlx::{AnyConnection, Row};

/// One table of a backup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableDigest {
    pub table: String,
    pub rows: u64,
    /// Hex SHA-256 over the rows.
    pub sha256: String,
}

/// `"name"`, for names read from the database's own catalog.
fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

async fn tables(c: &mut AnyConnection, backend: Backend) -> Result<Vec<String>> {
    let sql = match backend {
        Backend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        }
        Backend::Postgres => {
            "SELECT tablename::text AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1"
        }
    };
    Ok(sqlx::query_scalar(sql).fetch_all(&mut *c).await?)
}

async fn columns(c: &mut AnyConnection, backend: Backend, table: &str) -> Result<Vec<String>> {
    let sql = match backend {
        Backend::Sqlite => "SELECT name FROM pragma_table_info($1) ORDER BY cid",
        Backend::Postgres => {
            "SELECT column_name::text FROM information_schema.columns \
                              WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position"
        }
    };
    Ok(sqlx::query_scalar(sql).bind(table).fetch_all(&mut *c).await?)
}

/// Digests of every table, read on `c` (which should hold one snapshot: a read transaction,
/// or a database nobody writes to).
pub(crate) async fn digest_all(c: &mut AnyConnection, backend: Backend) -> Result<Vec<TableDigest>> {
    let mut out = Vec::new();
    for table in tables(c, backend).await? {
        let cols = columns(c, backend, &table).await?;
        let shown: Vec<String> = cols
            .iter()
            .map(|col| match backend {
                Backend::Sqlite => format!("quote({})", ident(col)),
                Backend::Postgres => format!("quote_nullable({}::text)", ident(col)),
            })
            .collect();
        let order: Vec<String> = cols.iter().map(|col| ident(col)).collect();
        // Names come from the catalog above and are quoted; there is no input here.
        let sql = format!("SELECT {} FROM {} ORDER BY {}", shown.join(", "), ident(&table), order.join(", "));
        let mut rows = sqlx::query(&sql).fetch(&mut *c);
        let mut hash = Sha256::new();
        let mut n = 0u64;
        while let Some(row) = rows.try_next().await? {
            for i in 0..cols.len() {
                let v: String = row.try_get(i)?;
                hash.update((v.len() as u64).to_le_bytes());
                hash.update(v.as_bytes());
            }
            n += 1;
        }
        drop(rows);
        out.push(TableDigest { table, rows: n, sha256: hex::encode(hash.finalize()) });
    }
    Ok(out)
}
