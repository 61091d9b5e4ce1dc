//! `hoshin import`: documents → store, one transaction per document, then a summary table.

use super::{column_width, pad};
use crate::cli::ImportArgs;
use crate::config::Config;
use anyhow::Result;
use hoshin_app::import::{import_file, ImportOptions, ImportReport};
use indicatif::{ProgressBar, ProgressStyle};
use std::process::ExitCode;

pub async fn run(args: ImportArgs, config: &Config) -> Result<ExitCode> {
    let opts = ImportOptions { organization: args.org.clone(), fiscal_year: super::parse_year(args.year.as_deref())? };
    let store = super::open(config).await?;
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
