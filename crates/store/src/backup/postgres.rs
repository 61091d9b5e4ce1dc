//! PostgreSQL: the digests are read in a repeatable-read snapshot that `pg_dump` is told to
//! use (`--snapshot`), so the dump and its manifest describe the same instant while the
//! server keeps writing. The dump is PostgreSQL's custom format (`pg_restore` reads it, with
//! or without hoshin); owners and privileges are left out (a restore belongs to the role
//! that restores it; run `hoshin grant-app-role` again). Passwords go to the tools through
//! `PGPASSWORD`, never on their command line.

use super::digest::{digest_all, TableDigest};
use super::newest_migration;
use crate::error::{Result, StoreError};
use crate::records::Backend;
use sqlx::{AnyConnection, Connection};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Where `pg_dump` and `pg_restore` are: `$HOSHIN_PG_BIN`, else the newest
/// `/usr/lib/postgresql/<version>/bin` (Debian), else the `PATH`.
fn tool(name: &str) -> PathBuf {
    if let Some(dir) = std::env::var_os("HOSHIN_PG_BIN") {
        return Path::new(&dir).join(name);
    }
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let v: u32 = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin").join(name);
            bin.exists().then_some((v, bin))
        })
        .collect();
    found.sort();
    found.pop().map_or_else(|| PathBuf::from(name), |(_, p)| p)
}

/// The URL without its password, and the password.
fn split_password(url: &str) -> (String, Option<String>) {
    let Some(scheme_end) = url.find("://") else { return (url.to_string(), None) };
    let rest = &url[scheme_end + 3..];
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    match (authority.rfind('@'), authority.find(':')) {
        (Some(at), Some(colon)) if colon < at => (
            format!("{}{}{}", &url[..scheme_end + 3], &authority[..colon], &rest[at..]),
            Some(percent_decode(&authority[colon + 1..at])),
        ),
        _ => (url.to_string(), None),
    }
}

/// `%40` → `@` (a URL's password is percent-encoded; the tools want it as typed).
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(h), Some(l)) => {
                out.push(u8::try_from(h * 16 + l).unwrap_or(b'?'));
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Runs a PostgreSQL tool; its error output becomes the error.
async fn run(name: &'static str, args: Vec<String>, url: &str) -> Result<()> {
    let (_, password) = split_password(url);
    let program = tool(name);
    let out = tokio::task::spawn_blocking(move || {
        let mut cmd = Command::new(&program);
        cmd.args(&args).env_remove("PGPASSWORD");
        if let Some(p) = password {
            cmd.env("PGPASSWORD", p);
        }
        cmd.output().map_err(|e| StoreError::Invalid(format!("running {}: {e}", program.display())))
    })
    .await
    .map_err(|e| StoreError::Invalid(format!("{name}: {e}")))??;
    if !out.status.success() {
        return Err(StoreError::Invalid(format!(
            "{name} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    Ok(())
}

fn path_arg(p: &Path) -> Result<String> {
    p.to_str().map(str::to_string).ok_or_else(|| StoreError::Invalid(format!("{} is not a UTF-8 path", p.display())))
}

pub(super) async fn backup(url: &str, out: &Path) -> Result<(Vec<TableDigest>, Option<i64>)> {
    sqlx::any::install_default_drivers();
    let mut c = AnyConnection::connect(url).await?;
    sqlx::query("BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").execute(&mut c).await?;
    let snapshot: String = sqlx::query_scalar("SELECT pg_export_snapshot()").fetch_one(&mut c).await?;
    let digests = digest_all(&mut c, Backend::Postgres).await?;
    let migration = newest_migration(&mut c).await?;
    let (plain, _) = split_password(url);
    let args = vec![
        "--format=custom".to_string(),
        "--no-owner".to_string(),
        "--no-privileges".to_string(),
        format!("--snapshot={snapshot}"),
        format!("--file={}", path_arg(out)?),
        format!("--dbname={plain}"),
    ];
    let dumped = run("pg_dump", args, url).await;
    sqlx::query("COMMIT").execute(&mut c).await?;
    c.close().await?;
    dumped?;
    // The dump reads back as a dump.
    run("pg_restore", vec!["--list".to_string(), path_arg(out)?], url).await?;
    Ok((digests, migration))
}

pub(super) async fn restore(file: &Path, url: &str) -> Result<Vec<TableDigest>> {
    sqlx::any::install_default_drivers();
    let mut c = AnyConnection::connect(url).await?;
    let tables: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema()")
        .fetch_one(&mut c)
        .await?;
    if tables > 0 {
        return Err(StoreError::Invalid(format!(
            "the target database has {tables} tables: a restore goes into a new, empty database only"
        )));
    }
    let (plain, _) = split_password(url);
    let args = vec![
        "--exit-on-error".to_string(),
        "--single-transaction".to_string(),
        "--no-owner".to_string(),
        "--no-privileges".to_string(),
        format!("--dbname={plain}"),
        path_arg(file)?,
    ];
    run("pg_restore", args, url).await?;
    sqlx::query("BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").execute(&mut c).await?;
    let digests = digest_all(&mut c, Backend::Postgres).await?;
    sqlx::query("COMMIT").execute(&mut c).await?;
    c.close().await?;
    Ok(digests)
}

#[cfg(test)]
mod tests {
    use super::split_password;

    #[test]
    fn passwords_leave_the_url() {
        let (url, pw) = split_password("postgres://hoshin:s3cr:et@db.example:5432/hoshin?sslmode=require");
        assert_eq!(url, "postgres://hoshin@db.example:5432/hoshin?sslmode=require");
        assert_eq!(pw.as_deref(), Some("s3cr:et"));
        assert_eq!(split_password("postgres://postgres@127.0.0.1/x"), ("postgres://postgres@127.0.0.1/x".into(), None));
        assert_eq!(split_password("postgres://u:p%40ss%2F1@h/d").1.as_deref(), Some("p@ss/1"));
    }
}
