//! The Excel round trip in chromium (`tests/browser/roundtrip.mjs`, issue 11 item 3): the
//! department's editor downloads the draft, uploads a workbook with bad cells (errors by
//! sheet and cell), an edited one (the preview, then confirm) and a stale one (the conflict
//! page). The edited workbooks are made here from the app's own download, as Excel would
//! save them (`hoshin_testkit::xlsx`). Afterwards the database is checked. Same prerequisites
//! as `browser.rs` (node, chromium, a Japanese font, `npm ci --prefix tests/browser`).
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code

mod common;

use common::browser::run_script;
use hoshin_app::access::Actor;
use hoshin_app::accounts::{create_user, UserInput};
use hoshin_app::editing::{self, IndicatorInput};
use hoshin_app::roundtrip::layout::*;
use hoshin_app::App;
use hoshin_domain::*;
use hoshin_store::Page;
use hoshin_testkit::{xlsx, TestDb};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn round_trip_in_chromium() {
    let db = TestDb::sqlite().await.unwrap();
    let store = db.store.as_ref();
    let org = hoshin_app::demo::seed_demo(store).await.unwrap().org_id;
    let dept = store.list_departments(org).await.unwrap().into_iter().find(|d| d.name == "こども未来部").unwrap();
    let password = hoshin_app::auth::token::random_token();
    let input = UserInput {
        org_id: org,
        login: "kodomo".into(),
        display_name: "こども 担当".into(),
        password: password.clone(),
        role: Role::Editor,
        departments: vec![dept.id],
    };
    let id = create_user(store, &Actor::System, &input).await.unwrap();
    let editor = Actor::User(store.get_user(id).await.unwrap());
    let year = FiscalYear::new(2025).unwrap();
    let rev = editing::open_revision(store, &editor, dept.id, year).await.unwrap();
    let first = store.revision_initiatives(rev).await.unwrap()[0].clone();
    let kpi = IndicatorInput {
        name: "相談件数".into(),
        unit: Some("件".into()),
        direction: Direction::Up,
        cumulative: false,
        baseline: Some("1,200件".into()),
        baseline_year: FiscalYear::new(2023).ok(),
        target: Some("1,500件".into()),
        target_year: FiscalYear::new(2027).ok(),
        yearly_targets: None,
    };
    let kpi = editing::add_indicator(store, &editor, rev, first.id, &kpi).await.unwrap();

    let app = App::new(db.store.clone());
    let downloaded = hoshin_app::roundtrip::download(&app, &editor, rev).await.unwrap().bytes;
    let sheet = sheet_name(&dept.name);
    let name_cell = address(INITIATIVE_HEAD + 1, I_NAME);
    let target_cell = address(KPI_HEAD + 1, K_TARGET);
    let progress_cell = address(INITIATIVE_HEAD + 1, I_PROGRESS);
    let new_name = "相談窓口をこども家庭センターへ一本化";
    let edited =
        xlsx::edit(&downloaded, &[(&sheet, &name_cell, new_name), (KPI_SHEET, &target_cell, "5,000件")]).unwrap();
    let bad =
        xlsx::edit(&downloaded, &[(KPI_SHEET, &target_cell, "たくさん"), (&sheet, &progress_cell, "150")]).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = |n: &str, bytes: &[u8]| {
        let p = dir.path().join(n);
        std::fs::write(&p, bytes).unwrap();
        p
    };
    let cfg = serde_json::json!({
        "year": 2025, "dept": dept.id.0, "deptName": dept.name,
        "user": { "login": "kodomo", "password": password },
        "oldName": first.name, "newName": new_name, "newTarget": "5,000件",
        "edited": path("edited.xlsx", &edited),
        "bad": path("bad.xlsx", &bad),
        // Made before the edit above is confirmed: stale by then.
        "stale": path("stale.xlsx", &edited),
        "errors": [
            format!("{KPI_SHEET}!{target_cell}: 目標値が数値ではありません（「たくさん」"),
            format!("{sheet}!{progress_cell}: 進捗率は0〜100の整数で入力してください（「150」）"),
        ],
    });
    run_script(app, "roundtrip.mjs", &[("HOSHIN_ROUNDTRIP", cfg.to_string())]).await;

    // What the browser confirmed is what the database holds, with its audit rows.
    assert_eq!(store.get_initiative(first.id).await.unwrap().name, new_name);
    assert_eq!(store.get_indicator(kpi).await.unwrap().target.unwrap().text, "5,000件");
    let trail = store.audit_trail("initiatives", first.id.0, Page::first(10)).await.unwrap();
    assert_eq!((trail[0].action.as_str(), trail[0].actor_id), ("update", Some(id.0)));
    let trail = store.audit_trail("indicators", kpi.0, Page::first(10)).await.unwrap();
    assert_eq!(trail.len(), 2, "added, then its target changed once (the stale upload changed nothing)");
}
