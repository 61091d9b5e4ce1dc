//! The staff import page in chromium (`tests/browser/import.mjs`, issue 10): planning uploads a
//! file that cannot be read (a clear message, nothing kept), then an invented xlsx wide table
//! and a Shift_JIS CSV together, checks the preview (drafts beside their cells, the department
//! mapping), corrects the CSV's fiscal year, commits both, sees the program on its public page;
//! then a PDF the script prints from an invented sheet. axe-core on every page. Afterwards the
//! database is checked. Same prerequisites as `browser.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code

mod common;

use common::browser::run_script;
use hoshin_app::access::Actor;
use hoshin_app::accounts::{create_user, UserInput};
use hoshin_app::App;
use hoshin_domain::*;
use hoshin_store::Page;
use hoshin_testkit::TestDb;
use rust_xlsxwriter::Workbook;
use std::path::PathBuf;

/// Three programs of サンプル市's こども未来部 as an evaluation system exports them.
fn workbook() -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("評価一覧").unwrap();
    let head = ["No", "事務事業名", "所管部", "所管課", "政策", "施策", "基本事業", "事業の目的", "今後の方向性"];
    for (c, h) in head.iter().enumerate() {
        ws.write(0, c as u16, *h).unwrap();
    }
    let rows = [
        [
            "1",
            "放課後こども教室事業",
            "こども未来部",
            "子育て支援課",
            "1 子育て",
            "1-1 居場所",
            "1-1-1 放課後",
            "放課後の居場所をつくる。",
            "拡充",
        ],
        [
            "2",
            "子育て相談窓口事業",
            "こども未来部",
            "子育て支援課",
            "1 子育て",
            "1-2 相談",
            "1-2-1 窓口",
            "相談をひとつの窓口で受ける。",
            "継続",
        ],
        [
            "3",
            "絵本の読み聞かせ事業",
            "こども未来部",
            "保育課",
            "1 子育て",
            "1-3 学び",
            "1-3-1 読書",
            "乳幼児に絵本を届ける。",
            "改善",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write(r as u32 + 1, c as u16, *v).unwrap();
        }
    }
    wb.save_to_buffer().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn import_page_in_chromium() {
    let db = TestDb::sqlite().await.unwrap();
    let store = db.store.as_ref();
    let org = hoshin_app::demo::seed_demo(store).await.unwrap().org_id;
    let password = hoshin_app::auth::token::random_token();
    let input = UserInput {
        org_id: org,
        login: "torikomi".into(),
        display_name: "取込 担当".into(),
        password: password.clone(),
        role: Role::Planning,
        departments: Vec::new(),
    };
    create_user(store, &Actor::System, &input).await.unwrap();

    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("評価一覧.xlsx");
    std::fs::write(&xlsx, workbook()).unwrap();
    let png = dir.path().join("scan.png");
    std::fs::write(&png, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89").unwrap();
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
    let cfg = serde_json::json!({
        "org": org.0,
        "user": { "login": "torikomi", "password": password },
        "xlsx": xlsx, "csv": fixtures.join("programs.csv"), "png": png,
        "sheetHtml": fixtures.join("sheet.html"), "pdf": dir.path().join("親子ひろば.pdf"),
    });
    run_script(App::new(db.store.clone()), "import.mjs", &[("HOSHIN_IMPORT", cfg.to_string())]).await;

    // What the browser committed is what the database holds.
    let all = store.list_initiatives(org, None, Page::first(5000)).await.unwrap();
    let named = |n: &str| all.iter().find(|i| i.name == n).unwrap_or_else(|| panic!("{n} not stored"));
    let p = named("放課後こども教室事業");
    let dept = store.get_department(p.department_id.unwrap()).await.unwrap();
    assert_eq!(dept.name, "子育て支援課");
    let facts = hoshin_app::program::program_facts(store, p.id).await.unwrap();
    assert_eq!((facts.plan_path.len(), facts.direction), (3, Some(ProgramDirection::Expand)));
    let csv = named("街路樹剪定事業");
    assert_eq!(csv.fiscal_year.map(FiscalYear::year), Some(2024), "the year chosen in the preview");
    named("親子ひろば運営事業");
    assert!(store.stats().await.unwrap().iter().any(|t| t.table == "import_uploads" && t.rows == 0));
    let docs = store.list_documents(org, Page::first(20)).await.unwrap();
    assert_eq!(docs.len(), 3, "{docs:?}");
}
