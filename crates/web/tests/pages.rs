//! The pages answer 200 over the demo city and escape whatever the database holds.
#![allow(clippy::unwrap_used)] // helpers shared by the tests below

use axum::body::Body;
use axum::http::{Request, StatusCode};
use hoshin_app::App;
use hoshin_domain::*;
use hoshin_testkit::TestDb;
use tower::ServiceExt;

async fn get(app: &App, uri: &str) -> (StatusCode, String) {
    let res = hoshin_web::router(app.clone()).oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.unwrap();
    let status = res.status();
    let bytes = axum::body::to_bytes(res.into_body(), 10 << 20).await.unwrap();
    (status, String::from_utf8(bytes.to_vec()).unwrap())
}

#[tokio::test]
async fn demo_pages_render() {
    let db = TestDb::sqlite().await.unwrap();
    let report = hoshin_app::demo::seed_demo(db.store.as_ref()).await.unwrap();
    let app = App::new(db.store.clone());

    let (status, body) = get(&app, "/healthz").await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "ok"));

    let (status, body) = get(&app, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("サンプル市"), "{body}");

    let org = format!("/orgs/{}", report.org_id);
    let (status, body) = get(&app, &org).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("市長公室") && body.contains("秘書課"), "{body}");
    assert!(body.contains("令和6年度（2024年度）"), "{body}");
    assert!(body.contains("令和7年度（2025年度）"), "a link to the next year: {body}");

    let (status, body) = get(&app, &format!("{org}?year=令和7年度")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("書かない窓口の全庁展開"), "{body}");

    assert_eq!(get(&app, &format!("{org}?year=abc")).await.0, StatusCode::BAD_REQUEST);
    assert_eq!(get(&app, "/orgs/999999").await.0, StatusCode::NOT_FOUND);
    assert_eq!(get(&app, "/nowhere").await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn stored_markup_is_escaped() {
    let db = TestDb::sqlite().await.unwrap();
    let tx = db.store.begin().await.unwrap();
    let evil = "<script>alert(1)</script>";
    let org = tx
        .insert_organization(&NewOrganization {
            name: evil.into(),
            code: None,
            prefecture: Some("\" onerror=\"x".into()),
        })
        .await
        .unwrap();
    tx.insert_department(&NewDepartment {
        org_id: org,
        parent_id: None,
        name: "<img src=x onerror=alert(2)>".into(),
        sort_order: 0,
    })
    .await
    .unwrap();
    let mut i = NewInitiative::named(org, InitiativeKind::Annual, "<b>太字</b>");
    i.fiscal_year = Some(FiscalYear::new(2024).unwrap());
    i.summary = Some("'><svg onload=alert(3)>".into());
    tx.insert_initiative(&i).await.unwrap();
    tx.commit().await.unwrap();
    let app = App::new(db.store.clone());

    for uri in ["/".to_string(), format!("/orgs/{org}")] {
        let (status, body) = get(&app, &uri).await;
        assert_eq!(status, StatusCode::OK);
        for raw in ["<script>alert", "<img", "<b>", "<svg", "\" onerror"] {
            assert!(!body.contains(raw), "{uri} contains {raw}: {body}");
        }
    }
    let (_, body) = get(&app, &format!("/orgs/{org}")).await;
    assert!(body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(body.contains("&lt;b&gt;太字&lt;/b&gt;"));
}
