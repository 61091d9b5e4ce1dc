//! One module per subcommand; [`dispatch`] picks it.

mod backup;
mod budget;
mod demo;
mod export;
mod extract;
mod gen;
mod import;
mod index;
mod reading;
mod serve;
mod setup;
mod user;

use crate::cli::Command;
use crate::config::Config;
use anyhow::{Context, Result};
use hoshin_store::Store;
use std::process::ExitCode;
use std::sync::Arc;

pub async fn dispatch(command: Command, config: &Config) -> Result<ExitCode> {
    match command {
        Command::Migrate(_) => {
            hoshin_store::migrate(config.db.expose()).await.with_context(|| format!("migrating {}", config.db))?;
            println!("migrated {} ({:?})", config.db, config.db.backend());
            Ok(ExitCode::SUCCESS)
        }
        Command::Demo(args) => demo::run(args, config).await,
        Command::Serve(_) => serve::run(config).await,
        Command::Gen(args) => gen::run(args, config).await,
        Command::Extract(args) => extract::run(args, config),
        Command::Import(args) => import::run(args, config).await,
        Command::Org(cmd) => setup::org(cmd, config).await,
        Command::Department(cmd) => setup::department(cmd, config).await,
        Command::User(cmd) => user::run(cmd, config).await,
        Command::Backup(args) => backup::backup(args, config).await,
        Command::Restore(args) => backup::restore(args, config).await,
        Command::GrantAppRole(args) => backup::grant(args, config).await,
        Command::Search(args) => index::search(args, config).await,
        Command::Index(cmd) => index::run(cmd, config).await,
        Command::Export(args) => export::run(args, config).await,
        Command::Budget(cmd) => budget::run(cmd, config).await,
    }
}

/// Opens (and migrates) the configured database.
pub async fn open(config: &Config) -> Result<Arc<dyn Store>> {
    hoshin_store::open(config.db.expose()).await.with_context(|| format!("opening {}", config.db))
}

/// `--year` as 和暦 or 西暦.
pub fn parse_year(year: Option<&str>) -> Result<Option<hoshin_domain::FiscalYear>> {
    year.map(|y| hoshin_domain::FiscalYear::parse(y).with_context(|| format!("--year {y:?}"))).transpose()
}

/// Human-readable bytes.
pub fn size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KiB", "MiB", "GiB"];
    let mut v = bytes as f64;
    let mut u = 0;
    while v >= 1024.0 && u < UNITS.len() - 1 {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 {
        format!("{bytes} B")
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}

/// `s` padded with spaces to `width` terminal columns (a kanji takes two), for the tables
/// the commands print.
pub fn pad(s: &str, width: usize) -> String {
    let w = unicode_width::UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

/// The widest cell of a column, in terminal columns.
pub fn column_width<'a>(cells: impl IntoIterator<Item = &'a str>) -> usize {
    cells.into_iter().map(unicode_width::UnicodeWidthStr::width).max().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padding_counts_wide_characters_twice() {
        assert_eq!(pad("管理 太郎", 12), "管理 太郎   ");
        assert_eq!(pad("admin", 8), "admin   ");
        assert_eq!(pad("とても長い名前です", 4), "とても長い名前です");
        assert_eq!(column_width(["ab", "管理"]), 4);
    }
}
