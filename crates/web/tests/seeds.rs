//! The seed documents in ../shared (read at run time, when present): 綾瀬市's 令和3年度 and
//! 令和5年度 department policies imported through the real importer, then compared year over
//! year (issue 4: 「予防保全の徹底」 continues, 「紙文書の削減」→「ペーパーレス化の促進」 is a likely
//! successor shown with its score).
#![allow(clippy::unwrap_used)] // test code

mod common;

use common::page;
use hoshin_app::import::{import_file, ImportOptions};
use hoshin_app::App;
use hoshin_testkit::TestDb;
use std::path::Path;

#[tokio::test]
async fn ayase_years_pair_continued_and_renamed_initiatives() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    let Ok(entries) = std::fs::read_dir(&seeds) else {
        eprintln!("note: {} not present; the seed comparison was not run", seeds.display());
        return;
    };
    let db = TestDb::sqlite().await.unwrap();
    let mut imported = 0;
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        if name.starts_with("000_") || name.starts_with("001_") {
            let bytes = std::fs::read(e.path()).unwrap();
            import_file(db.store.as_ref(), &name, &bytes, &ImportOptions::default()).await.unwrap();
            imported += 1;
        }
    }
    assert_eq!(imported, 2, "seeds 000 and 001 (綾瀬市 令和5年度 and 令和3年度)");
    let org = db.store.find_organization_by_name("綾瀬市").await.unwrap().unwrap();
    let app = App::new(db.store.clone());
    let body = page(
        &app,
        &format!("/orgs/{}/years/令和5年度/compare?with=令和3年度", org.id.0),
        &["令和3年度（2021年度）", "令和5年度（2023年度）"],
    )
    .await;
    let row = |kind: &str, a: &str, b: &str, score: &str| {
        regex::Regex::new(&format!(
            "<th scope=\"row\">{kind}</th><td><a href=\"/initiatives/\\d+\">{a}</a></td>\
             <td><a href=\"/initiatives/\\d+\">{b}</a></td><td class=\"num\">{score}</td>"
        ))
        .unwrap()
    };
    assert!(row("継続", "予防保全の徹底", "予防保全の徹底", "—").is_match(&body), "{body}");
    assert!(
        row("名称変更・後継の可能性", "紙文書の削減", "ペーパーレス化の促進", r"0\.\d\d").is_match(&body),
        "{body}"
    );
    // The city-wide view gives the same pairing (candidates come from the same department).
    let city = page(&app, &format!("/orgs/{}/years/2023/compare", org.id.0), &[]).await;
    assert!(row("名称変更・後継の可能性", "紙文書の削減", "ペーパーレス化の促進", r"0\.\d\d").is_match(&city));
}
