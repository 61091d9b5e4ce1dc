//! `/search` through the router on an indexed demo city (issue 13): ranked hits with
//! highlighted snippets, variant spellings, facet counts whose links filter (and stay in the
//! URL), paging, drafts shown to their organization's staff only, escaping, the notice while
//! the index is built, and "similar initiatives in other cities" on an initiative page.
#![allow(clippy::unwrap_used)]

mod common;

use axum::http::StatusCode;
use common::staff::{get_as, Who, World};
use common::{get, page, with_index};
use hoshin_app::App;
use hoshin_domain::*;
use hoshin_testkit::TestDb;
use hoshin_web::urls::encode;

fn q(text: &str) -> String {
    format!("/search?q={}", encode(text))
}

/// The hrefs of the result list (in order).
fn hit_links(body: &str) -> Vec<String> {
    let Some(list) = body.split("<ol class=\"hits\"").nth(1) else { return Vec::new() };
    let list = list.split("</ol>").next().unwrap_or("");
    list.split("<li><a href=\"").skip(1).filter_map(|s| s.split('"').next()).map(str::to_string).collect()
}

#[tokio::test]
async fn ranked_highlighted_faceted_and_shareable() {
    let db = TestDb::sqlite().await.unwrap();
    let demo = hoshin_app::demo::seed_demo(db.store.as_ref()).await.unwrap();
    let (app, _dir) = with_index(App::new(db.store.clone())).await;

    // Variant spellings find the same records; the match is highlighted.
    let a = page(&app, &q("子供 家庭センター"), &["<mark>こども家庭センター</mark>による一体的な相談支援", "件（1〜"])
        .await;
    let b = page(&app, &q("こども 家庭センター"), &[]).await;
    assert_eq!(hit_links(&a), hit_links(&b));
    assert!(!hit_links(&a).is_empty());
    // Plan nodes and KPIs are found too, and link to their pages.
    let n = page(&app, &q("待機児童数"), &["指標"]).await;
    assert!(hit_links(&n).iter().any(|l| l.starts_with("/indicators/")), "{:?}", hit_links(&n));
    let n = page(&app, &q("産み育てられる"), &[]).await;
    assert!(hit_links(&n).iter().any(|l| l.starts_with("/nodes/")), "{:?}", hit_links(&n));

    // Facets: counts with links that add a filter, which stays in the URL and can be removed.
    let body = page(&app, &q("子育て"), &["絞り込み", "年度", "種類", "自治体"]).await;
    let year_link = format!("/search?q={}&amp;year=2025", encode("子育て"));
    assert!(body.contains(&year_link), "no year facet link {year_link}");
    let filtered = page(&app, &format!("/search?q={}&year=2025", encode("子育て")), &["選択中の条件", "解除"]).await;
    assert!(!hit_links(&filtered).is_empty());
    assert!(hit_links(&filtered).len() <= hit_links(&body).len());
    assert!(filtered.contains("令和7年度（2025年度）"));
    assert!(!filtered.contains("・令和6年度（2024年度）"), "only 2025 records");
    let org_filter = format!("/search?q={}&org={}", encode("子育て"), demo.org_id.0);
    page(&app, &org_filter, &["自治体：サンプル市"]).await;
    // A filter without words lists that theme's records (the landing page links themes so).
    let themes = page(&app, "/search", &["よく使われている重点項目"]).await;
    let theme_link =
        themes.split("href=\"/search?q=&amp;theme=").nth(1).unwrap().split('"').next().unwrap().to_string();
    let listed = page(&app, &format!("/search?q=&theme={theme_link}"), &["重点項目："]).await;
    assert!(!hit_links(&listed).is_empty());

    // Paging: 20 a page, the next page continues.
    let p1 = page(&app, &q("推進"), &[]).await;
    if p1.contains("rel=\"next\"") {
        let p2 = page(&app, &format!("{}&page=2", q("推進")), &["rel=\"prev\"", "件（21〜"]).await;
        assert!(hit_links(&p1).iter().all(|l| !hit_links(&p2).contains(l)));
    }
    page(&app, &q("存在しないことばです"), &["見つかりませんでした"]).await;
}

#[tokio::test]
async fn escapes_what_it_shows() {
    let db = TestDb::sqlite().await.unwrap();
    let demo = hoshin_app::demo::seed_demo(db.store.as_ref()).await.unwrap();
    let tx = db.store.begin().await.unwrap();
    let mut i = NewInitiative::named(demo.org_id, InitiativeKind::Annual, "<script>alert(1)</script>防災の&取組");
    i.summary = Some("<img src=x onerror=alert(2)>防災の説明".into());
    i.fiscal_year = Some(FiscalYear::new(2024).unwrap());
    tx.insert_initiative(&i).await.unwrap();
    tx.commit().await.unwrap();
    let (app, _dir) = with_index(App::new(db.store.clone())).await;
    let body = page(&app, &q("防災"), &["&lt;script&gt;", "&lt;img"]).await;
    assert!(!body.contains("<script>") && !body.contains("<img"), "{body}");
    let body = page(&app, &q("<script>"), &[]).await;
    assert!(!body.contains("<script>"));
}

#[tokio::test]
async fn building_index_answers_with_a_notice_and_the_simple_scan() {
    let db = TestDb::sqlite().await.unwrap();
    hoshin_app::demo::seed_demo(db.store.as_ref()).await.unwrap();
    let app = App::new(db.store.clone());
    page(&app, &q("保健師による全数面談"), &["検索索引を準備しています", "子育て世代包括支援センターの機能強化"]).await;
    let (status, _) = get(&app, "/search?q=&theme=x").await;
    assert_eq!(status, StatusCode::OK);
}

/// The demo city with 隣の市, whose one initiative is like the demo's 「保育の受け皿の確保」;
/// returns the demo's.
async fn with_a_twin_in_another_city(db: &TestDb) -> Initiative {
    let demo = hoshin_app::demo::seed_demo(db.store.as_ref()).await.unwrap();
    let store = db.store.as_ref();
    let tx = store.begin().await.unwrap();
    let other = tx.insert_organization(&hoshin_testkit::fixtures::org("隣の市")).await.unwrap();
    let mut twin = NewInitiative::named(other, InitiativeKind::Annual, "保育の受け皿の拡大");
    twin.summary = Some("小規模保育事業所を誘致し、保育士の宿舎借り上げを支援します。".into());
    twin.fiscal_year = Some(FiscalYear::new(2024).unwrap());
    tx.insert_initiative(&twin).await.unwrap();
    tx.commit().await.unwrap();
    let y = FiscalYear::new(2024).unwrap();
    let items = store.list_initiatives(demo.org_id, Some(y), hoshin_store::Page::first(500)).await.unwrap();
    items.into_iter().find(|i| i.name == "保育の受け皿の確保").unwrap()
}

#[tokio::test]
async fn similar_initiatives_of_other_cities_on_the_initiative_page() {
    let db = TestDb::sqlite().await.unwrap();
    let mine = with_a_twin_in_another_city(&db).await;
    let (app, _dir) = with_index(App::new(db.store.clone())).await;
    // Read in time, however slow the test build (a wait missed is the next test's case).
    app.search.set_similar_wait(std::time::Duration::from_secs(30));
    page(&app, &format!("/initiatives/{}", mine.id.0), &["他の自治体の似た取組", "保育の受け皿の拡大", "隣の市"]).await;
}

/// An initiative page does not wait long for its similar initiatives: when they are not read
/// in time it links to a page that waits for them, and is kept by neither the page cache nor
/// the browser; the read goes on, and the next request shows them. (A wait of zero makes
/// "not in time" certain for an initiative never asked for.)
#[tokio::test]
async fn similar_initiatives_not_read_in_time_are_linked_and_the_page_not_kept() {
    use axum::body::Body;
    use axum::http::{header, Request};
    use tower::ServiceExt;
    let db = TestDb::sqlite().await.unwrap();
    let mine = with_a_twin_in_another_city(&db).await;
    let (app, _dir) = with_index(App::new(db.store.clone())).await;
    app.search.set_similar_wait(std::time::Duration::ZERO);
    // One router: one page cache across the requests.
    let router = hoshin_web::router(app.clone());
    let fetch = |uri: String| {
        let router = router.clone();
        async move {
            let res = router.oneshot(Request::get(&uri).body(Body::empty()).unwrap()).await.unwrap();
            let status = res.status();
            let cache = res.headers().get(header::CACHE_CONTROL).map(|v| v.to_str().unwrap().to_string());
            let bytes = axum::body::to_bytes(res.into_body(), 1 << 22).await.unwrap();
            (status, cache, String::from_utf8(bytes.to_vec()).unwrap())
        }
    };
    let url = format!("/initiatives/{}", mine.id.0);
    let similar_url = format!("{url}/similar");
    let (status, cache, body) = fetch(url.clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("他の自治体の似た取組"), "{body}");
    assert!(body.contains(&format!("href=\"{similar_url}\"")), "links to the page that waits: {body}");
    assert!(!body.contains("隣の市"));
    assert_eq!(cache.as_deref(), Some("no-store"));

    // The read the first page started goes on without it, and its answer is kept: the
    // initiative page shows them at once (the page with only the link was not kept).
    let start = std::time::Instant::now();
    let body = loop {
        let (_, cache, body) = fetch(url.clone()).await;
        if body.contains("隣の市") {
            assert_ne!(cache.as_deref(), Some("no-store"));
            break body;
        }
        assert!(start.elapsed() < std::time::Duration::from_secs(30), "never shown: {body}");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    };
    assert!(body.contains("保育の受け皿の拡大"), "{body}");
    assert!(!body.contains(&format!("href=\"{similar_url}\"")));
    assert_eq!(app.search.similar_reads(), 1, "one read, started by the first page");
    // The page that waits shows them too, and can be kept.
    let (status, cache, body) = fetch(similar_url.clone()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains("保育の受け皿の拡大") && body.contains("隣の市"), "{body}");
    assert_eq!(body.matches("<h1").count(), 1);
    assert_ne!(cache.as_deref(), Some("no-store"));
    assert_eq!(app.search.similar_reads(), 1);

    // An unpublished or unknown initiative has no such page.
    let (status, _, _) = fetch("/initiatives/999999/similar".to_string()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

async fn drafts_for_their_staff_only(db: TestDb) {
    let w = World::new(db).await;
    let fork = w.fork().await;
    let (app, _dir) = with_index(fork.app.clone()).await;
    // Every drafted row of department A's 2026 revision: its name is found by its staff only.
    let draft = w.side(true).initiatives.first().unwrap();
    let url = q(&draft.name);
    let anon = get_as(&app, None, &url).await;
    assert_eq!(anon.status, StatusCode::OK);
    assert!(!anon.body.contains("/manage/revisions/"), "the public never sees drafts");
    let staff = get_as(&app, w.session(Who::Viewer), &url).await;
    assert!(staff.body.contains(&format!("/manage/revisions/{}/initiatives/", w.a.rev.id.0)), "{}", staff.body);
    assert!(staff.body.contains("下書き（職員のみ）"));
}

#[tokio::test]
async fn drafts_for_their_staff_only_sqlite() {
    drafts_for_their_staff_only(TestDb::sqlite().await.unwrap()).await;
}

#[tokio::test]
async fn drafts_for_their_staff_only_postgres() {
    drafts_for_their_staff_only(TestDb::postgres().await.unwrap()).await;
}
