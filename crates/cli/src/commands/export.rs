//! `hoshin export --org ORG --year FY --format xlsx|csv|datapackage --out PATH`: an
//! organization's published year, written through the same `app` reads as the web pages and
//! downloads. Everything is built in memory first, then written under a temporary name and
//! renamed, so an error (unknown organization, department or year, an existing PATH) leaves
//! nothing behind.
//!
//! - `xlsx`: one workbook (`app::export::workbook`).
//! - `datapackage`: the open-data zip (`app::export::opendata`).
//! - `csv`: a new directory holding the open-data tables (`organization.csv`,
//!   `initiatives.csv`, … with machine column names, as in the zip); with `--department`, one
//!   file: that department's initiatives as its page's download gives them (Japanese column
//!   titles). `--encoding sjis` writes Shift_JIS instead of UTF-8 with BOM.

use super::user::{find_departments, find_org};
use crate::cli::{ExportArgs, ExportFormat};
use crate::config::Config;
use anyhow::{anyhow, bail, Context, Result};
use hoshin_app::export::exchange::csv::{self, Charset, Header};
use hoshin_app::export::{opendata, tables, workbook};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// What is written: one file, or a directory of files.
enum Output {
    File(Vec<u8>),
    Dir(Vec<(String, Vec<u8>)>),
}

pub async fn run(args: ExportArgs, config: &Config) -> Result<ExitCode> {
    let charset =
        Charset::parse(&args.encoding).ok_or_else(|| anyhow!("--encoding {:?}: use utf-8 or sjis", args.encoding))?;
    if args.out.exists() {
        bail!("{} exists already; nothing written (export writes a new file or directory)", args.out.display());
    }
    if args.department.is_some() && args.format != ExportFormat::Csv {
        bail!("--department goes with --format csv only");
    }
    let store = super::open(config).await?;
    let store = store.as_ref();
    let org = find_org(store, &args.org).await?;
    let year = hoshin_domain::FiscalYear::parse(&args.year).with_context(|| format!("--year {:?}", args.year))?;
    let years = hoshin_app::years::published_years(store, org.id).await?;
    if !years.contains(&year) {
        let list: Vec<String> = years.iter().map(|y| y.label()).collect();
        bail!(
            "{} has no published initiatives in {}; nothing written (years with data: {})",
            org.name,
            year.label(),
            if list.is_empty() { "none".to_string() } else { list.join(", ") }
        );
    }
    let output = match (args.format, &args.department) {
        (ExportFormat::Xlsx, _) => Output::File(workbook::workbook(store, org.id, year).await?),
        (ExportFormat::Datapackage, _) => Output::File(opendata::bundle(store, org.id, year).await?),
        (ExportFormat::Csv, Some(dept)) => {
            let ids = find_departments(store, org.id, std::slice::from_ref(dept)).await?;
            let named = tables::department_initiatives(store, org.id, year, ids[0]).await?;
            Output::File(csv::write(&named.table, Header::Titles, charset).map_err(hoshin_app::AppError::from)?)
        }
        (ExportFormat::Csv, None) => {
            let mut files = Vec::new();
            for named in opendata::csv_files(store, org.id, year).await? {
                let bytes = csv::write(&named.table, Header::Names, charset).map_err(hoshin_app::AppError::from)?;
                files.push((named.file_name, bytes));
            }
            Output::Dir(files)
        }
    };
    let written = write(&args.out, output).with_context(|| format!("writing {}", args.out.display()))?;
    println!("{} {}: wrote {} ({})", org.name, year.label(), args.out.display(), written);
    Ok(ExitCode::SUCCESS)
}

/// Writes under a temporary sibling name, then renames: PATH appears whole or not at all.
fn write(out: &Path, output: Output) -> Result<String> {
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = out.file_name().ok_or_else(|| anyhow!("{} names no file", out.display()))?;
    let tmp: PathBuf = parent.join(format!(".{}.partial-{}", name.to_string_lossy(), std::process::id()));
    let result = (|| -> Result<String> {
        match output {
            Output::File(bytes) => {
                std::fs::write(&tmp, &bytes)?;
                std::fs::rename(&tmp, out)?;
                Ok(super::size(bytes.len() as u64))
            }
            Output::Dir(files) => {
                std::fs::create_dir(&tmp)?;
                let mut total = 0u64;
                for (file, bytes) in &files {
                    std::fs::write(tmp.join(file), bytes)?;
                    total += bytes.len() as u64;
                }
                std::fs::rename(&tmp, out)?;
                Ok(format!("{} files, {}", files.len(), super::size(total)))
            }
        }
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
        let _ = std::fs::remove_dir_all(&tmp);
    }
    result
}
