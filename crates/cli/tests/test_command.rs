//! The README's test command (issue 12, item 8): on a fresh machine `cargo test` failed for
//! want of Chromium, a Japanese font and `npm ci`, leaving the setting up to the reader. The
//! command is now `scripts/test.sh`, which installs what is missing and then runs the tests;
//! its dry run shows the plan on a machine where everything is missing and on this one.
#![allow(clippy::unwrap_used)] // test code

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

fn dry_run(env: &[(&str, &str)]) -> String {
    let mut cmd = Command::new(root().join("scripts/test.sh"));
    cmd.arg("--dry-run").envs(env.iter().copied());
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_readme_test_command_sets_up_what_is_missing() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    assert!(readme.contains("\nscripts/test.sh "), "the README's test command is scripts/test.sh");
    let ci = std::fs::read_to_string(root().join(".ci/run")).unwrap();
    assert!(
        ci.lines().any(|l| {
            let l = l.trim_start().trim_start_matches("exec ");
            l == "scripts/test.sh" || l.starts_with("scripts/test.sh ")
        }),
        "CI runs the README's test command"
    );

    // A machine with none of it.
    let empty = tempfile::tempdir().unwrap();
    let none = "/nonexistent/x";
    let plan = dry_run(&[
        ("CHROMIUM", none),
        ("NODE_BIN", none),
        ("NPM_BIN", none),
        ("FC_LIST", none),
        ("CC_BIN", none),
        ("HOSHIN_PG_BIN", "/nonexistent"),
        ("BROWSER_DIR", empty.path().to_str().unwrap()),
        ("PDFTOTEXT_BIN", none),
        ("POPPLER_DATA", "/nonexistent"),
        ("HOSHIN_IPADIC_DIR", "/nonexistent"),
        ("DEB_PYTHON", none),
    ]);
    for package in [
        "postgresql",
        "gcc",
        "nodejs",
        "npm",
        "chromium",
        "fonts-ipafont-gothic",
        "poppler-utils",
        "poppler-data",
        "mecab-ipadic",
        "python3-openpyxl",
    ] {
        assert!(plan.contains(package), "{package} not installed by: {plan}");
    }
    assert!(plan.contains(&format!("would run: npm ci --prefix {}", empty.path().display())), "{plan}");
    assert!(plan.trim_end().ends_with("would run: cargo test --workspace"), "{plan}");

    // Where the browser drivers are in place, they are not fetched again.
    let drivers = tempfile::tempdir().unwrap();
    for m in ["playwright-core", "axe-core"] {
        std::fs::create_dir_all(drivers.path().join("node_modules").join(m)).unwrap();
    }
    let plan = dry_run(&[("BROWSER_DIR", drivers.path().to_str().unwrap())]);
    assert!(!plan.contains("npm ci"), "{plan}");
}
