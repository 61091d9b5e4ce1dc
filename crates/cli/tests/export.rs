//! Issue 11: `hoshin export` end to end on the demo city, SQLite and PostgreSQL — the workbook
//! read back by an independent reader (Python's openpyxl: sheets, cells, print setup), the
//! data package zip, the CSV directory and a department's Shift_JIS file; unknown
//! organizations and years fail with a message, a non-zero exit and nothing written.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code

use std::io::Read as _;
use std::path::Path;
use std::process::{Command, Output};

fn hoshin(dir: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_hoshin"));
    cmd.current_dir(dir).args(args).env("HOSHIN_LOG", "warn");
    for (k, _) in std::env::vars() {
        if k.starts_with("HOSHIN_") && k != "HOSHIN_LOG" {
            cmd.env_remove(k);
        }
    }
    cmd.output().unwrap()
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

/// Debian's interpreter (where `python3-openpyxl` installs; `DEB_PYTHON` as in
/// scripts/test.sh), else the `python3` on the PATH.
fn python() -> String {
    match std::env::var("DEB_PYTHON") {
        Ok(p) if !p.is_empty() => p,
        _ if Path::new("/usr/bin/python3").exists() => "/usr/bin/python3".into(),
        _ => "python3".into(),
    }
}

/// The workbook as openpyxl reads it: per sheet its print setup and every row's values.
const READ_XLSX: &str = r#"
import json, sys
try:
    import openpyxl
except ImportError:
    sys.exit("openpyxl is missing: apt-get install python3-openpyxl (scripts/test.sh --setup-only installs it)")
wb = openpyxl.load_workbook(sys.argv[1])
out = []
for ws in wb.worksheets:
    out.append({
        "name": ws.title,
        "paper": ws.page_setup.paperSize,
        "orientation": ws.page_setup.orientation,
        "title_rows": ws.print_title_rows,
        "widths": {k: v.width for k, v in ws.column_dimensions.items()},
        "rows": [[None if c is None else str(c) for c in r] for r in ws.iter_rows(values_only=True)],
    })
print(json.dumps(out, ensure_ascii=False))
"#;

fn read_xlsx(path: &Path) -> serde_json::Value {
    let o = Command::new(python()).arg("-c").arg(READ_XLSX).arg(path).output().expect("python3 runs");
    assert!(o.status.success(), "openpyxl could not read {}: {}", path.display(), text(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

fn row_with<'a>(rows: &'a [serde_json::Value], cell: &str) -> &'a [serde_json::Value] {
    rows.iter()
        .find(|r| r.as_array().unwrap().iter().any(|c| c == cell))
        .unwrap_or_else(|| panic!("no row with {cell}"))
        .as_array()
        .unwrap()
}

fn exports(db: &str) {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let o = hoshin(d, &["demo", "--db", db, "--no-serve"]);
    assert!(o.status.success(), "{}", text(&o));

    // xlsx: a sheet per department with its policy, then the KPI sheet; A4 landscape, the
    // header row repeated on every printed page.
    let o = hoshin(
        d,
        &[
            "export",
            "--db",
            db,
            "--org",
            "サンプル市",
            "--year",
            "令和6年度",
            "--format",
            "xlsx",
            "--out",
            "policy.xlsx",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let wb = read_xlsx(&d.join("policy.xlsx"));
    let sheets = wb.as_array().unwrap();
    let names: Vec<&str> = sheets.iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(names.first(), Some(&"市長公室"), "{names:?}");
    assert_eq!(names.last(), Some(&"指標"));
    assert!(names.contains(&"こども未来部"));
    let kodomo = sheets.iter().find(|s| s["name"] == "こども未来部").unwrap();
    assert_eq!(kodomo["paper"], 9, "A4");
    assert_eq!(kodomo["orientation"], "landscape");
    let rows = kodomo["rows"].as_array().unwrap();
    assert_eq!(rows[0][0], "こども未来部 部局運営方針 令和6年度（2024年度）（サンプル市）");
    assert_eq!(row_with(rows, "基本的考え方")[0], "基本的考え方");
    let header = row_with(rows, "取組名");
    let header_row = rows.iter().position(|r| r.as_array().unwrap() == header).unwrap() + 1;
    assert_eq!(kodomo["title_rows"], format!("${header_row}:${header_row}"), "header row repeated when printed");
    assert_eq!(header[..3], ["重点項目", "取組名", "担当"].map(serde_json::Value::from));
    let item = row_with(rows, "子育て世代包括支援センターの機能強化");
    assert_eq!(item[0], "子育て世代に選ばれるまち");
    assert!(item[6].as_str().is_some_and(|s| !s.is_empty()), "the year's result: {item:?}");
    let widths = kodomo["widths"].as_object().unwrap();
    assert!(
        widths["B"].as_f64().unwrap() > widths["A"].as_f64().unwrap() / 2.0 && widths["B"].as_f64().unwrap() <= 50.0
    );
    let kpi = sheets.last().unwrap();
    let rows = kpi["rows"].as_array().unwrap();
    let header = row_with(rows, "基準値");
    assert!(header.contains(&"実績 令和6年度（2024年度）".into()), "{header:?}");
    assert!(!header.iter().any(|h| h.as_str().is_some_and(|s| s.contains("令和7年度"))), "no actuals after the year");
    let waiting = row_with(rows, "保育所等の待機児童数");
    let col = header.iter().position(|h| h == "実績 令和6年度（2024年度）").unwrap();
    assert_eq!(
        (waiting[3].as_str(), waiting[4].as_str(), waiting[col].as_str()),
        (Some("18人"), Some("令和2年度（2020年度）"), Some("0人"))
    );

    // datapackage: the zip with its descriptor.
    let o = hoshin(
        d,
        &["export", "--db", db, "--org", "999997", "--year", "2024", "--format", "datapackage", "--out", "open.zip"],
    );
    assert!(o.status.success(), "{}", text(&o));
    let mut z = zip::ZipArchive::new(std::fs::File::open(d.join("open.zip")).unwrap()).unwrap();
    let mut json = String::new();
    z.by_name("datapackage.json").unwrap().read_to_string(&mut json).unwrap();
    let desc: serde_json::Value = serde_json::from_str(&json).unwrap();
    let paths: Vec<String> =
        desc["resources"].as_array().unwrap().iter().map(|r| r["path"].as_str().unwrap().to_string()).collect();
    for p in &paths {
        assert!(z.by_name(p).is_ok(), "{p} in the zip");
    }

    // csv: a directory of the same tables; with --department one Shift_JIS file.
    let o =
        hoshin(d, &["export", "--db", db, "--org", "サンプル市", "--year", "R6", "--format", "csv", "--out", "tables"]);
    assert!(o.status.success(), "{}", text(&o));
    for p in &paths {
        let bytes = std::fs::read(d.join("tables").join(p)).unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBForg_code,"), "{p}");
        let mut in_zip = Vec::new();
        z.by_name(p).unwrap().read_to_end(&mut in_zip).unwrap();
        assert_eq!(bytes, in_zip, "{p}: the directory holds the bundle's files");
    }
    let o = hoshin(
        d,
        &[
            "export",
            "--db",
            db,
            "--org",
            "サンプル市",
            "--year",
            "2024",
            "--format",
            "csv",
            "--department",
            "こども未来部",
            "--encoding",
            "sjis",
            "--out",
            "kodomo.csv",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let bytes = std::fs::read(d.join("kodomo.csv")).unwrap();
    let (decoded, _, bad) = encoding_rs::SHIFT_JIS.decode(&bytes);
    assert!(!bad);
    assert!(
        decoded.starts_with("取組ID,担当,重点項目") && decoded.contains("子育て世代包括支援センターの機能強化"),
        "{decoded}"
    );

    // Errors: a message, a non-zero exit, nothing written.
    for (args, says) in [
        (vec!["--org", "どこにもない市", "--year", "2024", "--format", "xlsx"], "no organization"),
        (
            vec!["--org", "サンプル市", "--year", "2030", "--format", "datapackage"],
            "no published initiatives in 令和12年度",
        ),
        (vec!["--org", "サンプル市", "--year", "二千年", "--format", "csv"], "--year"),
        (vec!["--org", "サンプル市", "--year", "2024", "--format", "csv", "--department", "ない部"], "no department"),
    ] {
        let mut all = vec!["export", "--db", db, "--out", "nothing"];
        all.extend(args);
        let o = hoshin(d, &all);
        assert!(!o.status.success(), "{all:?} succeeded");
        assert!(text(&o).contains(says), "{all:?}: {}", text(&o));
        assert!(!d.join("nothing").exists(), "{all:?} wrote something");
    }
    let o = hoshin(
        d,
        &["export", "--db", db, "--org", "サンプル市", "--year", "2024", "--format", "xlsx", "--out", "policy.xlsx"],
    );
    assert!(!o.status.success() && text(&o).contains("exists already"), "{}", text(&o));

    // A code is set (or corrected) later with `hoshin org set-code`, checked, and every row follows.
    let o = hoshin(d, &["org", "set-code", "サンプル市", "142353", "--db", db]);
    assert!(!o.status.success(), "a wrong check digit is refused: {}", text(&o));
    let o = hoshin(d, &["org", "set-code", "999997", "142352", "--db", db]);
    assert!(o.status.success(), "{}", text(&o));
    let o = hoshin(
        d,
        &["export", "--db", db, "--org", "142352", "--year", "2024", "--format", "datapackage", "--out", "new.zip"],
    );
    assert!(o.status.success(), "{}", text(&o));
    let mut z = zip::ZipArchive::new(std::fs::File::open(d.join("new.zip")).unwrap()).unwrap();
    let mut org_csv = String::new();
    z.by_name("organization.csv").unwrap().read_to_string(&mut org_csv).unwrap();
    assert!(org_csv.contains("\r\n142352,"), "{org_csv}");

    let leftovers: Vec<_> = std::fs::read_dir(d)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".partial-"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn export_writes_every_format_sqlite() {
    exports("demo.db");
}

#[tokio::test(flavor = "multi_thread")]
async fn export_writes_every_format_postgres() {
    let url = hoshin_testkit::pg_cluster::fresh_database().await.unwrap();
    tokio::task::spawn_blocking(move || exports(&url)).await.unwrap();
}
