//! Browser and accessibility tests: seeds the demo city (and the seed documents from
//! ../shared when present) into a temp SQLite database, serves it in-process on
//! 127.0.0.1:0 and runs `node tests/browser/run.mjs <base-url> <screenshot-dir>`, which drives
//! Debian's chromium through every page type with axe-core (WCAG 2.1 A/AA) injected.
//! Screenshots land in `<target>/screenshots`. Missing node, chromium or node_modules fail the
//! test with what to install — never a silent skip.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code

mod common;

use common::browser::{check_prerequisites, repo_root, run_script};

use hoshin_app::import::{import_file, ImportOptions};
use hoshin_app::App;
use hoshin_testkit::TestDb;
use std::path::{Path, PathBuf};

/// Imports ../shared/seeds/*.txt and ../shared/samples/*.txt when that directory exists.
async fn import_shared(db: &TestDb, root: &Path) -> usize {
    let mut n = 0;
    for dir in ["seeds", "samples"] {
        let Ok(entries) = std::fs::read_dir(root.join("../shared").join(dir)) else { continue };
        let mut files: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        files.sort();
        for f in files.iter().filter(|f| f.extension().is_some_and(|e| e == "txt")) {
            let bytes = std::fs::read(f).unwrap();
            let name = f.file_name().unwrap().to_string_lossy().to_string();
            let first = import_file(db.store.as_ref(), &name, &bytes, &ImportOptions::default()).await;
            // A document that does not name its city (a goal review sheet) gets a placeholder,
            // as `hoshin import --org` would give it.
            let result = match first {
                Ok(r) => Ok(r),
                Err(_) => {
                    let opts = ImportOptions {
                        organization: Some(format!("（{name}の自治体）")),
                        fiscal_year: None,
                        ..Default::default()
                    };
                    import_file(db.store.as_ref(), &name, &bytes, &opts).await
                }
            };
            match result {
                Ok(_) => n += 1,
                Err(e) => eprintln!("note: {name} was not imported: {e}"),
            }
        }
    }
    n
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_type_passes_axe_in_chromium() {
    let root = repo_root();
    check_prerequisites(&root);
    let db = TestDb::sqlite().await.unwrap();
    hoshin_app::demo::seed_demo(db.store.as_ref()).await.unwrap();
    let imported = import_shared(&db, &root).await;
    eprintln!("imported {imported} shared documents");

    let (app, _index) = common::with_index(App::new(db.store.clone())).await;
    run_script(app, "run.mjs", &[]).await;
}
