//! `hoshin extract`: documents → JSON, no database. One JSON object per document on stdout,
//! or `DIR/<stem>.json` with `--out`.

use crate::cli::ExtractArgs;
use crate::config::Config;
use anyhow::{Context, Result};
use hoshin_app::importer::{extract_with, ExtractOptions};
use std::process::ExitCode;

pub fn run(args: ExtractArgs, config: &Config) -> Result<ExitCode> {
    let options = ExtractOptions {
        organization: args.org.clone(),
        fiscal_year: super::parse_year(args.year.as_deref())?.map(|y| y.year()),
        genre: super::reading::genre(&args.reading)?,
        labels: super::reading::labels(&args.reading, config)?,
    };
    if let Some(dir) = &args.out {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let mut failed = 0;
    for path in &args.files {
        let name = path.display().to_string();
        let result = std::fs::read(path)
            .with_context(|| format!("reading {name}"))
            .and_then(|bytes| extract_with(&name, &bytes, &options).map_err(anyhow::Error::from))
            .and_then(|ex| serde_json::to_string_pretty(&ex).context("serializing"));
        match result {
            Ok(json) => match &args.out {
                Some(dir) => {
                    let stem = path.file_stem().map_or_else(|| "document".into(), |s| s.to_string_lossy().into_owned());
                    let out = dir.join(format!("{stem}.json"));
                    std::fs::write(&out, json + "\n").with_context(|| format!("writing {}", out.display()))?;
                    eprintln!("{name} → {}", out.display());
                }
                None => println!("{json}"),
            },
            Err(e) => {
                failed += 1;
                eprintln!("error: {e:#}");
            }
        }
    }
    Ok(if failed == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}
