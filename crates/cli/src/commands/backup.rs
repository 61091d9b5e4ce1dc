//! `hoshin backup FILE`, `hoshin restore FILE` and `hoshin grant-app-role ROLE`: operating
//! the database. Neither backup nor restore migrates or creates the database they read.

use super::{column_width, pad, size};
use crate::cli::{BackupArgs, GrantArgs, RestoreArgs};
use crate::config::{Backend, Config};
use anyhow::{bail, Context, Result};
use hoshin_app::operations;
use std::process::ExitCode;
use std::time::Instant;

pub async fn backup(args: BackupArgs, config: &Config) -> Result<ExitCode> {
    let started = Instant::now();
    let manifest = operations::backup(config.db.expose(), &args.file)
        .await
        .with_context(|| format!("backing up {} to {}", config.db, args.file.display()))?;
    let rows: u64 = manifest.tables.iter().map(|t| t.rows).sum();
    println!(
        "backed up {} to {} ({}, {} tables, {rows} rows, migration {}) in {:.1} s",
        config.db,
        args.file.display(),
        size(manifest.file_bytes),
        manifest.tables.len(),
        manifest.migration.map_or_else(|| "none".to_string(), |m| m.to_string()),
        started.elapsed().as_secs_f64()
    );
    println!("manifest: {}", hoshin_store::backup::manifest_path(&args.file).display());
    Ok(ExitCode::SUCCESS)
}

pub async fn restore(args: RestoreArgs, config: &Config) -> Result<ExitCode> {
    let started = Instant::now();
    let report = operations::restore(&args.file, config.db.expose())
        .await
        .with_context(|| format!("restoring {} into {}", args.file.display(), config.db))?;
    let width = column_width(report.checks.iter().map(|c| c.table.as_str())).max(5);
    println!("{}  rows      verified", pad("table", width));
    for c in &report.checks {
        let rows = c.restored_rows.map_or_else(|| "missing".to_string(), |r| r.to_string());
        println!("{}  {rows:<9} {}", pad(&c.table, width), if c.ok { "ok" } else { "DIFFERS" });
    }
    println!(
        "restored {} into {}: every table equals the backup ({:.1} s)",
        args.file.display(),
        config.db,
        started.elapsed().as_secs_f64()
    );
    let pending = report.migrations.pending();
    if !pending.is_empty() {
        println!("the backup predates migrations {pending:?}: run `hoshin migrate` before serving");
    }
    if config.db.backend() == Backend::Postgres {
        println!("privileges are not restored: run `hoshin grant-app-role ROLE` for the role that serves");
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn grant(args: GrantArgs, config: &Config) -> Result<ExitCode> {
    if config.db.backend() != Backend::Postgres {
        bail!("grant-app-role is for PostgreSQL (SQLite has no roles)");
    }
    operations::grant_app_role(config.db.expose(), &args.role)
        .await
        .with_context(|| format!("granting {} on {}", args.role, config.db))?;
    println!(
        "granted {} read and write on {}'s tables, but only SELECT and INSERT on audit_log and SELECT on the migrations",
        args.role, config.db
    );
    Ok(ExitCode::SUCCESS)
}
