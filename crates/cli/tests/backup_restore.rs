//! `hoshin backup` and `hoshin restore` end to end (issue 12), on SQLite and PostgreSQL: the
//! demo city (with accounts and an audit trail) backed up and restored into a new database
//! equals the original in every table, row for row; a restore refuses a database that is
//! not empty, a damaged or replaced file, and the other backend; a backup taken while
//! writes go on restores to exactly what its manifest describes.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code

use hoshin_store::Backend;
use hoshin_testkit::TestDb;
use sqlx::{AnyConnection, Connection, Row};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};

fn hoshin(dir: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_hoshin"));
    cmd.current_dir(dir).args(args).env("HOSHIN_LOG", "warn");
    for (k, _) in std::env::vars() {
        if k.starts_with("HOSHIN_") && k != "HOSHIN_LOG" && k != "HOSHIN_PG_BIN" {
            cmd.env_remove(k);
        }
    }
    cmd.output().unwrap()
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

/// Every row of every table as text, by table, rows sorted: read straight from the catalog,
/// independently of the code under test.
async fn everything(url: &str) -> BTreeMap<String, Vec<String>> {
    sqlx::any::install_default_drivers();
    let mut c = AnyConnection::connect(url).await.unwrap();
    let pg = url.starts_with("postgres");
    let tables: Vec<String> = if pg {
        sqlx::query_scalar("SELECT tablename::text FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
    } else {
        sqlx::query_scalar(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1",
        )
    }
    .fetch_all(&mut c)
    .await
    .unwrap();
    let mut out = BTreeMap::new();
    for t in tables {
        let sql = if pg {
            format!("SELECT row_to_json(x)::text FROM \"{t}\" x")
        } else {
            let cols: Vec<String> = sqlx::query_scalar("SELECT name FROM pragma_table_info($1) ORDER BY cid")
                .bind(&t)
                .fetch_all(&mut c)
                .await
                .unwrap();
            let parts: Vec<String> = cols.iter().map(|c| format!("quote(\"{c}\")")).collect();
            format!("SELECT {} FROM \"{t}\"", parts.join(" || '|' || "))
        };
        let mut rows: Vec<String> =
            sqlx::query(&sql).fetch_all(&mut c).await.unwrap().iter().map(|r| r.get::<String, _>(0)).collect();
        rows.sort();
        out.insert(t, rows);
    }
    c.close().await.unwrap();
    out
}

/// A database URL of the backend for a new, empty database.
async fn empty(backend: Backend, dir: &Path, name: &str) -> String {
    match backend {
        Backend::Sqlite => format!("sqlite://{}", dir.join(name).display()),
        Backend::Postgres => hoshin_testkit::pg_cluster::fresh_database().await.unwrap(),
    }
}

async fn round_trip(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let source = empty(backend, d, "source.db").await;
    let o = hoshin(d, &["demo", "--db", &source, "--no-serve"]);
    assert!(o.status.success(), "{}", text(&o));
    let o = hoshin(
        d,
        &[
            "user",
            "add",
            "--db",
            &source,
            "--org",
            "サンプル市",
            "--login",
            "kanri",
            "--name",
            "管理 太郎",
            "--role",
            "admin",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let before = everything(&source).await;
    assert!(before.len() >= 20, "{:?}", before.keys());
    assert!(before["audit_log"].len() >= 2 && !before["users"].is_empty() && !before["initiatives"].is_empty());

    let file = d.join("backup.hoshin");
    let o = hoshin(d, &["backup", "--db", &source, file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(d.join("backup.hoshin.manifest.json").exists());
    // Never over an existing backup.
    assert!(!hoshin(d, &["backup", "--db", &source, file.to_str().unwrap()]).status.success());

    let target = empty(backend, d, "restored.db").await;
    let o = hoshin(d, &["restore", "--db", &target, file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("every table equals the backup"), "{}", text(&o));
    assert_eq!(everything(&target).await, before, "every table, row for row");
    // The restored database serves as it is (no migration pending).
    let store = hoshin_store::open(&target).await.unwrap();
    assert!(store.migration_status().await.unwrap().current());
    store.close().await;

    // Refused: a database that is not empty (and it stays as it was) …
    let o = hoshin(d, &["restore", "--db", &target, file.to_str().unwrap()]);
    assert!(!o.status.success() && text(&o).contains("empty"), "{}", text(&o));
    assert_eq!(everything(&target).await, before);
    // … a damaged file …
    let damaged = d.join("damaged.hoshin");
    let mut bytes = std::fs::read(&file).unwrap();
    let at = bytes.len() / 2;
    bytes[at] ^= 0x55;
    std::fs::write(&damaged, bytes).unwrap();
    std::fs::copy(d.join("backup.hoshin.manifest.json"), d.join("damaged.hoshin.manifest.json")).unwrap();
    let elsewhere = empty(backend, d, "other.db").await;
    let o = hoshin(d, &["restore", "--db", &elsewhere, damaged.to_str().unwrap()]);
    assert!(!o.status.success() && text(&o).contains("does not match its manifest"), "{}", text(&o));
    // … and the other backend.
    let other = match backend {
        Backend::Sqlite => hoshin_testkit::pg_cluster::fresh_database().await.unwrap(),
        Backend::Postgres => format!("sqlite://{}", d.join("cross.db").display()),
    };
    let o = hoshin(d, &["restore", "--db", &other, file.to_str().unwrap()]);
    assert!(!o.status.success() && text(&o).contains("cannot be restored into"), "{}", text(&o));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_round_trips_sqlite() {
    round_trip(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_round_trips_postgres() {
    round_trip(Backend::Postgres).await;
}

/// A backup taken while another connection keeps writing restores to its own snapshot.
async fn while_writing(backend: Backend) {
    let db = TestDb::new(backend).await.unwrap();
    hoshin_app::demo::seed_demo(db.store.as_ref()).await.unwrap();
    let store = db.store.clone();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = stop.clone();
    let writer = tokio::spawn(async move {
        let mut n = 0u32;
        while !flag.load(std::sync::atomic::Ordering::Relaxed) {
            let tx = store.begin().await.unwrap();
            let org = hoshin_testkit::fixtures::org(&format!("書込中市{n}"));
            tx.insert_organization(&org).await.unwrap();
            tx.commit().await.unwrap();
            n += 1;
        }
        n
    });
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_path_buf();
    let file = d.join("live.hoshin");
    let (url, f) = (db.url.clone(), file.clone());
    let o =
        tokio::task::spawn_blocking(move || hoshin(&d, &["backup", "--db", &url, f.to_str().unwrap()])).await.unwrap();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let written = writer.await.unwrap();
    assert!(o.status.success(), "{}", text(&o));
    assert!(written > 0, "the writer ran during the backup");
    let target = empty(backend, dir.path(), "live-restored.db").await;
    let o = hoshin(dir.path(), &["restore", "--db", &target, file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_while_writing_restores_its_snapshot_sqlite() {
    while_writing(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_while_writing_restores_its_snapshot_postgres() {
    while_writing(Backend::Postgres).await;
}
