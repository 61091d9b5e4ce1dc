//! Browser and accessibility tests: seeds the demo city (and the seed documents from
//! ../shared when present) into a temp SQLite database, serves it in-process on
//! 127.0.0.1:0 and runs `node tests/browser/run.mjs <base-url> <screenshot-dir>`, which drives
//! Debian's chromium through every page type with axe-core (WCAG 2.1 A/AA) injected.
//! Screenshots land in `<target>/screenshots`. Missing node, chromium or node_modules fail the
//! test with what to install — never a silent skip.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code

use hoshin_app::import::{import_file, ImportOptions};
use hoshin_app::App;
use hoshin_testkit::TestDb;
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

/// Everything the browser run needs, or a panic naming what to install.
fn check_prerequisites(root: &Path) {
    let node = Command::new("node").arg("--version").output();
    assert!(
        node.as_ref().is_ok_and(|o| o.status.success()),
        "node is missing: install Node.js (apt-get install -y nodejs npm), then npm ci --prefix tests/browser"
    );
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    assert!(
        Path::new(&chromium).exists(),
        "chromium is missing at {chromium}: apt-get install -y chromium fonts-ipafont-gothic (or set CHROMIUM)"
    );
    for module in ["playwright-core", "axe-core"] {
        let dir = root.join("tests/browser/node_modules").join(module);
        assert!(dir.exists(), "{} is missing: run npm ci --prefix tests/browser", dir.display());
    }
    let fonts = Command::new("fc-list").arg(":lang=ja").output();
    assert!(
        fonts.as_ref().is_ok_and(|o| !o.stdout.is_empty()),
        "no Japanese font: apt-get install -y fonts-ipafont-gothic (screenshots would show boxes)"
    );
}

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
                    let opts =
                        ImportOptions { organization: Some(format!("（{name}の自治体）")), fiscal_year: None };
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

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = App::new(db.store.clone());
    let server = tokio::spawn(async move { axum::serve(listener, hoshin_web::router(app)).await });

    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).parent().unwrap().join("screenshots");
    let script = root.join("tests/browser/run.mjs");
    let out = tokio::task::spawn_blocking(move || {
        Command::new("node").arg(&script).arg(&base).arg(&shots).output().expect("running node")
    })
    .await
    .unwrap();
    server.abort();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}");
    assert!(out.status.success(), "browser tests failed:\n{stdout}\n{stderr}");
    assert!(stdout.contains("all browser checks passed"), "{stdout}");
}
