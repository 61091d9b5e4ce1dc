//! Runs the importer over files until the CLI's `hoshin extract` exists:
//! `cargo run -p hoshin-importer --example extract -- [--out DIR] [--raw] [--org NAME] [--year YYYY] FILE...`
//! writes DIR/<stem>.json (or prints the JSON); `--raw` prints the raw blocks instead, `--layout` the labelled values and tables found by position;
//! `--org` / `--year` give what the document does not say; `--genre` skips detection.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut out: Option<PathBuf> = None;
    let mut raw = false;
    let mut layout = false;
    let mut options = hoshin_importer::ExtractOptions::default();
    let mut files = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--out" => out = args.next().map(PathBuf::from),
            "--raw" => raw = true,
            "--layout" => layout = true,
            "--genre" => match args.next().and_then(|g| hoshin_importer::Genre::parse(&g)) {
                Some(g) => options.genre = Some(g),
                None => {
                    eprintln!("--genre needs one of department_policy, plan_chapter, measure_sheet, goal_review, evaluation_sheet");
                    return ExitCode::FAILURE;
                }
            },
            "--org" => options.organization = args.next(),
            "--year" => match args.next().and_then(|y| y.parse().ok()) {
                Some(y) => options.fiscal_year = Some(y),
                None => {
                    eprintln!("--year needs a year such as 2024");
                    return ExitCode::FAILURE;
                }
            },
            _ => files.push(PathBuf::from(a)),
        }
    }
    let mut failed = false;
    for f in &files {
        let name = f.display().to_string();
        let bytes = match std::fs::read(f) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{name}: {e}");
                failed = true;
                continue;
            }
        };
        if layout {
            print!("{}", hoshin_importer::layout_outline(&String::from_utf8_lossy(&bytes)));
            continue;
        }
        if raw {
            let text = String::from_utf8_lossy(&bytes);
            let doc = hoshin_importer::raw::read(&text);
            print!("{}", doc.outline());
            for s in hoshin_importer::detect::detect(&doc).scores {
                println!("{:?} {} {:?}", s.genre, s.score, s.found);
            }
            continue;
        }
        match hoshin_importer::extract_with(&name, &bytes, &options) {
            Ok(ex) => {
                let json = serde_json::to_string_pretty(&ex).unwrap_or_default();
                match &out {
                    Some(dir) => {
                        let stem =
                            Path::new(f).file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
                        if let Err(e) = std::fs::create_dir_all(dir)
                            .and_then(|_| std::fs::write(dir.join(format!("{stem}.json")), json))
                        {
                            eprintln!("{name}: {e}");
                            failed = true;
                        }
                    }
                    None => println!("{json}"),
                }
            }
            Err(e) => {
                eprintln!("{e}");
                failed = true;
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
