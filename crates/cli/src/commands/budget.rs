//! `hoshin budget import FILE --org ORG [--dry-run]`: the 財務会計 CSV import of `/manage/budget`
//! from the command line, through the same use cases (`hoshin_app::budget::preview`, `apply`) as
//! the system actor. Prints the preview (counts, codes matching no initiative, errors by line);
//! a file with errors stores nothing and exits 1.

use super::user::{explain, find_org};
use crate::cli::BudgetCommand;
use crate::config::Config;
use anyhow::{Context, Result};
use hoshin_app::access::Actor;
use hoshin_app::budget::{apply, preview, LineChange, MAX_BYTES};
use std::process::ExitCode;

pub async fn run(cmd: BudgetCommand, config: &Config) -> Result<ExitCode> {
    let BudgetCommand::Import(a) = cmd;
    let bytes = std::fs::read(&a.file).with_context(|| format!("reading {}", a.file.display()))?;
    if bytes.len() > MAX_BYTES {
        anyhow::bail!("{}: larger than {MAX_BYTES} bytes", a.file.display());
    }
    let name = a.file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let store = super::open(config).await?;
    let s = store.as_ref();
    let org = find_org(s, &a.org).await?;
    let p = preview(s, &Actor::System, org.id, &name, &bytes).await.map_err(explain)?;
    for e in &p.errors {
        eprintln!("{e}");
    }
    if !p.errors.is_empty() {
        eprintln!("{} error(s); nothing stored", p.errors.len());
        return Ok(ExitCode::FAILURE);
    }
    println!(
        "{} ({}): {} line(s): {} new, {} changed, {} unchanged",
        p.file,
        p.encoding,
        p.lines.len(),
        p.count(LineChange::New),
        p.count(LineChange::Changed),
        p.count(LineChange::Unchanged)
    );
    for l in p.lines.iter().filter(|l| !l.initiatives.is_empty()) {
        let names: Vec<&str> = l.initiatives.iter().map(|(_, n)| n.as_str()).collect();
        println!("  {} {} → {}", l.figures.code, l.figures.fiscal_year.label(), names.join(", "));
    }
    if !p.unmatched.is_empty() {
        println!("codes no initiative carries: {}", p.unmatched.join(", "));
    }
    if a.dry_run {
        println!("dry run: nothing stored");
        return Ok(ExitCode::SUCCESS);
    }
    let done = apply(s, &Actor::System, org.id, &name, &bytes).await.map_err(explain)?;
    println!("stored: {} new, {} updated, {} unchanged", done.inserted, done.updated, done.unchanged);
    Ok(ExitCode::SUCCESS)
}
