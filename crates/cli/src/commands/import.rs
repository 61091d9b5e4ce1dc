//! `hoshin import`: documents → store, one transaction per document, then a summary table.
//! `--dry-run` prints what each document would add, change and remove, and stores nothing.

use super::{column_width, pad};
use crate::cli::ImportArgs;
use crate::config::Config;
use anyhow::Result;
use hoshin_app::access::Actor;
use hoshin_app::import::diff::{Change, ChangeKind};
use hoshin_app::import::preview::{preview, DocumentPreview};
use hoshin_app::import::{import_file, read_document, ImportOptions, ImportReport};
use hoshin_store::Store;
use indicatif::{ProgressBar, ProgressStyle};
use std::process::ExitCode;

pub async fn run(args: ImportArgs, config: &Config) -> Result<ExitCode> {
    let opts = ImportOptions {
        organization: args.org.clone(),
        fiscal_year: super::parse_year(args.year.as_deref())?,
        genre: super::reading::genre(&args.reading)?,
        labels: super::reading::labels(&args.reading, config)?,
        departments: Default::default(),
    };
    let store = super::open(config).await?;
    if args.dry_run {
        let failed = dry_run(store.as_ref(), &args, &opts).await;
        store.close().await;
        return Ok(if failed == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE });
    }
    let bar = if args.files.len() > 1 {
        let bar = ProgressBar::new(args.files.len() as u64);
        if let Ok(style) = ProgressStyle::with_template("[{bar:40}] {pos}/{len} {msg}") {
            bar.set_style(style.progress_chars("=> "));
        }
        bar
    } else {
        ProgressBar::hidden()
    };
    let mut rows: Vec<(String, Result<ImportReport, String>)> = Vec::new();
    for path in &args.files {
        let name = path.display().to_string();
        bar.set_message(name.clone());
        let result = match std::fs::read(path) {
            Ok(bytes) => import_file(store.as_ref(), &name, &bytes, &opts).await.map_err(|e| e.to_string()),
            Err(e) => Err(format!("cannot read: {e}")),
        };
        rows.push((name, result));
        bar.inc(1);
    }
    bar.finish_and_clear();
    store.close().await;
    print_summary(&rows);
    let failed = rows.iter().filter(|(_, r)| r.is_err()).count();
    if failed > 0 {
        eprintln!("{failed} of {} files failed; nothing was stored for them", rows.len());
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

fn print_summary(rows: &[(String, Result<ImportReport, String>)]) {
    let w = column_width(rows.iter().map(|(f, _)| f.as_str()).chain(["file"]));
    println!(
        "{}  {:<17} {:>5} {:>5} {:>5} {:>5} {:>5} {:>5}  status",
        pad("file", w),
        "genre",
        "dept",
        "meas",
        "init",
        "kpi",
        "rev",
        "warn"
    );
    for (file, r) in rows {
        match r {
            Ok(rep) => {
                let c = &rep.counts;
                println!(
                    "{}  {:<17} {:>5} {:>5} {:>5} {:>5} {:>5} {:>5}  {} ({}, {})",
                    pad(file, w),
                    rep.genre.as_str(),
                    c.departments,
                    c.measures,
                    c.initiatives,
                    c.indicators,
                    c.reviews,
                    rep.warnings.len(),
                    match (rep.reimport, rep.tally.written(), rep.removed.len()) {
                        (false, _, _) => "imported".to_string(),
                        (true, 0, 0) => "unchanged".to_string(),
                        (true, _, 0) => "updated".to_string(),
                        (true, _, n) => format!("updated, {n} removed"),
                    },
                    rep.organization,
                    rep.fiscal_year.map_or_else(|| "年度不明".to_string(), |y| y.label()),
                );
            }
            Err(e) => println!(
                "{}  {:<17} {:>5} {:>5} {:>5} {:>5} {:>5} {:>5}  error: {e}",
                pad(file, w),
                "-",
                "-",
                "-",
                "-",
                "-",
                "-",
                "-"
            ),
        }
    }
}

/// Prints, per file, what importing it would do; returns how many files failed.
async fn dry_run(store: &dyn Store, args: &ImportArgs, opts: &ImportOptions) -> usize {
    let mut failed = 0;
    for path in &args.files {
        let name = path.display().to_string();
        let result = match std::fs::read(path) {
            Ok(bytes) => match read_document(&name, &bytes, opts) {
                Ok(doc) => preview(store, &Actor::System, &doc, opts).await.map_err(|e| e.to_string()),
                Err(e) => Err(e.to_string()),
            },
            Err(e) => Err(format!("cannot read: {e}")),
        };
        match result {
            Ok(p) => print_preview(&name, &p),
            Err(e) => {
                failed += 1;
                println!("{name}: error: {e}");
            }
        }
    }
    println!("(dry run: nothing was stored)");
    failed
}

fn print_preview(name: &str, p: &DocumentPreview) {
    let c = &p.report.counts;
    println!(
        "{name}: {} {} {} — {}; {} initiatives, {} indicators, {} measures, {} costs",
        p.report.genre.as_str(),
        p.organization,
        p.fiscal_year.map_or_else(|| "年度不明".to_string(), |y| y.label()),
        if p.reimport { "re-import" } else { "new document" },
        c.initiatives,
        c.indicators,
        c.measures,
        c.costs
    );
    for m in &p.departments {
        if let Some(stored) = m.stored_name.as_ref().filter(|s| **s != m.written) {
            println!("  department {} → {stored}", m.written);
        } else if m.stored_name.is_none() {
            println!("  department {} (new)", m.written);
        }
    }
    if p.diff.is_empty() {
        println!("  no change");
        return;
    }
    let (a, ch, r) = p.diff.totals();
    println!("  {a} added, {ch} changed, {r} removed");
    for (what, list) in
        [("initiative", &p.diff.initiatives), ("indicator", &p.diff.indicators), ("cost", &p.diff.costs)]
    {
        for change in list {
            print_change(what, change);
        }
    }
}

fn print_change(what: &str, c: &Change) {
    let mark = match c.kind {
        ChangeKind::Added => "+",
        ChangeKind::Changed => "~",
        ChangeKind::Removed => "-",
    };
    println!("  {mark} {what} {}", c.subject);
    for (field, before, after) in &c.fields {
        println!("      {field}: {before} → {after}");
    }
}
