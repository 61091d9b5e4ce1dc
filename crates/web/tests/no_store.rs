//! The web crate reaches the database only through the app's use cases: it does not depend
//! on `hoshin-store`, and its source names neither the store crate nor the app's store.
//! (Tests may: the store is a dev-dependency, for fixtures and for checking what was written.)

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code

use std::path::{Path, PathBuf};

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn web_source_does_not_name_the_store() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    sources(&root.join("src"), &mut files);
    assert!(files.len() > 50, "found the sources ({})", files.len());
    let forbidden = ["hoshin_store", "hoshin_app::store", "app.store", ".store.", "hoshin_app::Store"];
    let mut found = Vec::new();
    for file in &files {
        let rel = file.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
        let text = std::fs::read_to_string(file).unwrap();
        for (n, line) in text.lines().enumerate() {
            if let Some(word) = forbidden.iter().find(|w| line.contains(*w)) {
                found.push(format!("{rel}:{}: {word}", n + 1));
            }
        }
    }
    assert!(found.is_empty(), "the web crate must go through app use cases:\n{}", found.join("\n"));
}

#[test]
fn web_does_not_depend_on_the_store() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let deps = text.split("[dependencies]").nth(1).unwrap().split("\n[").next().unwrap();
    assert!(deps.contains("hoshin-app"), "read the [dependencies] table");
    assert!(!deps.contains("hoshin-store"), "crates/web/Cargo.toml [dependencies] names hoshin-store");

    // What cargo resolves: the web crate's normal (non-dev) direct dependencies.
    let out = std::process::Command::new(env!("CARGO"))
        .args(["tree", "--offline", "-p", "hoshin-web", "--depth", "1", "-e", "normal", "--prefix", "none"])
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
        .output()
        .expect("run cargo tree");
    assert!(out.status.success(), "cargo tree: {}", String::from_utf8_lossy(&out.stderr));
    let tree = String::from_utf8_lossy(&out.stdout);
    assert!(tree.contains("hoshin-app"), "cargo tree lists the web crate's dependencies:\n{tree}");
    assert!(!tree.contains("hoshin-store"), "hoshin-web depends on hoshin-store directly:\n{tree}");
}
