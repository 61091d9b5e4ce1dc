//! Issue 14: the public page cache, through the router on SQLite and PostgreSQL. A hit gives
//! the very bytes of the first answer; `If-None-Match` gets a 304; gzip and brotli are
//! negotiated and decode to the same page; writes through every kind of path — a department
//! rename, an import, a publication through the staff pages, another process writing the
//! database — show on the next request; staff requests and staff pages are neither served
//! from nor stored into the cache; the cache stays within its byte bound.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code

mod common;

use axum::body::Body;
use axum::http::{header, HeaderMap, Request, StatusCode};
use axum::Router;
use common::staff::{post, year_step, Who, World};
use hoshin_app::{App, PageCacheConfig};
use hoshin_domain::*;
use hoshin_testkit::TestDb;
use hoshin_web::cache::PageCache;
use std::io::Read;
use std::sync::Arc;
use tower::ServiceExt;

macro_rules! both_backends {
    ($case:ident, $sqlite:ident, $postgres:ident) => {
        #[tokio::test]
        async fn $sqlite() {
            $case(TestDb::sqlite().await.unwrap()).await;
        }

        #[tokio::test]
        async fn $postgres() {
            $case(TestDb::postgres().await.unwrap()).await;
        }
    };
}

struct Got {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Got {
    fn text(&self) -> String {
        String::from_utf8(self.body.clone()).unwrap()
    }
    fn header(&self, name: header::HeaderName) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// One router (so one cache) kept across requests, as a server does.
fn site(app: &App, max_bytes: u64) -> (Router, Arc<PageCache>) {
    let cache = PageCache::new(&PageCacheConfig { enabled: true, max_bytes });
    (hoshin_web::router_with(app.clone(), Arc::clone(&cache)), cache)
}

async fn fetch(router: &Router, uri: &str, headers: &[(header::HeaderName, &str)]) -> Got {
    let mut req = Request::get(uri);
    for (k, v) in headers {
        req = req.header(k, *v);
    }
    let res = router.clone().oneshot(req.body(Body::empty()).unwrap()).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let body = axum::body::to_bytes(res.into_body(), 64 << 20).await.unwrap().to_vec();
    Got { status, headers, body }
}

fn gunzip(b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(b).read_to_end(&mut out).unwrap();
    out
}

fn unbrotli(b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::Decompressor::new(b, 4096).read_to_end(&mut out).unwrap();
    out
}

async fn hits_negotiation_and_staff(db: TestDb) {
    let w = World::new(db).await;
    let f = w.fork().await;
    let (router, cache) = site(&f.app, 64 << 20);
    let page = format!("/orgs/{}/years/2025", w.org);

    // A hit: the same bytes and ETag as the first answer, the security headers kept, no
    // request id (the stack below the cache did not run).
    let first = fetch(&router, &page, &[]).await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(cache.entry_count(), 1);
    let again = fetch(&router, &page, &[]).await;
    assert_eq!(again.body, first.body, "a hit returns identical bytes");
    let etag = first.header(header::ETAG).expect("an ETag").to_string();
    assert_eq!(again.header(header::ETAG), Some(etag.as_str()));
    assert!(again.header(header::CONTENT_SECURITY_POLICY).is_some_and(|v| v.contains("script-src 'none'")));
    assert_eq!(again.header(header::X_FRAME_OPTIONS), Some("DENY"));
    assert_eq!(again.header(header::X_CONTENT_TYPE_OPTIONS), Some("nosniff"));
    assert!(again.header(header::CONTENT_TYPE).is_some_and(|v| v.starts_with("text/html")));
    assert!(again.headers.get("x-request-id").is_none(), "served from the cache");
    assert_eq!(cache.entry_count(), 1);

    // 304 on a matching If-None-Match (also a weak or listed one); 200 on another.
    for inm in [etag.clone(), format!("W/{etag}"), format!("\"nope\", {etag}")] {
        let nm = fetch(&router, &page, &[(header::IF_NONE_MATCH, &inm)]).await;
        assert_eq!(nm.status, StatusCode::NOT_MODIFIED, "{inm}");
        assert!(nm.body.is_empty());
        assert_eq!(nm.header(header::ETAG), Some(etag.as_str()));
        assert!(nm.header(header::CONTENT_SECURITY_POLICY).is_some());
    }
    let other = fetch(&router, &page, &[(header::IF_NONE_MATCH, "\"something-else\"")]).await;
    assert_eq!(other.status, StatusCode::OK);

    // gzip and brotli, negotiated; each decodes to the identity body.
    let gz = fetch(&router, &page, &[(header::ACCEPT_ENCODING, "gzip")]).await;
    assert_eq!(gz.header(header::CONTENT_ENCODING), Some("gzip"));
    assert_eq!(gz.header(header::VARY), Some("Accept-Encoding"));
    assert!(gz.body.len() < first.body.len());
    assert_eq!(gunzip(&gz.body), first.body);
    assert_ne!(gz.header(header::ETAG), Some(etag.as_str()), "each encoding has its own ETag");
    let br = fetch(&router, &page, &[(header::ACCEPT_ENCODING, "gzip, deflate, br")]).await;
    assert_eq!(br.header(header::CONTENT_ENCODING), Some("br"));
    assert_eq!(unbrotli(&br.body), first.body);
    let none = fetch(&router, &page, &[(header::ACCEPT_ENCODING, "br;q=0, gzip;q=0")]).await;
    assert_eq!(none.header(header::CONTENT_ENCODING), None);
    assert_eq!(none.body, first.body);
    // A compressed variant's ETag revalidates too.
    let gz_etag = gz.header(header::ETAG).unwrap().to_string();
    let nm = fetch(&router, &page, &[(header::ACCEPT_ENCODING, "gzip"), (header::IF_NONE_MATCH, &gz_etag)]).await;
    assert_eq!(nm.status, StatusCode::NOT_MODIFIED);

    // Signed in: a public page is rendered for the request (it has a request id) and not stored.
    let cookie = w.session(Who::Planning).unwrap().cookie.clone();
    let staff = fetch(&router, &page, &[(header::COOKIE, &cookie)]).await;
    assert_eq!(staff.status, StatusCode::OK);
    assert!(staff.headers.get("x-request-id").is_some(), "not served from the cache");
    assert!(staff.header(header::ETAG).is_none());
    let uncached = format!("/orgs/{}/years/2024", w.org);
    fetch(&router, &uncached, &[(header::COOKIE, &cookie)]).await;
    assert_eq!(cache.entry_count(), 1, "a signed-in request stores nothing");
    // Staff pages, the login page and health: never stored, never given an ETag.
    for staff_page in ["/manage", "/manage/cycle", "/login", "/healthz"] {
        let g = fetch(&router, staff_page, &[(header::COOKIE, &cookie)]).await;
        assert!(g.header(header::ETAG).is_none(), "{staff_page}");
        let g = fetch(&router, staff_page, &[]).await;
        assert!(g.header(header::ETAG).is_none(), "{staff_page}");
    }
    // Staff search (it finds their own drafts) is neither served from nor stored into the cache.
    let staff_search = fetch(&router, "/search?q=子育て", &[(header::COOKIE, &cookie)]).await;
    assert_eq!(staff_search.status, StatusCode::OK);
    assert!(staff_search.header(header::ETAG).is_none());
    assert_eq!(cache.entry_count(), 1);
    // A query string is part of the key.
    let p2 = fetch(&router, "/?page=2", &[]).await;
    let p1 = fetch(&router, "/", &[]).await;
    assert_eq!(p2.status, StatusCode::OK);
    assert_eq!(cache.entry_count(), 3);
    assert!(p1.header(header::ETAG).is_some());
}
both_backends!(hits_negotiation_and_staff, hits_negotiation_and_staff_sqlite, hits_negotiation_and_staff_postgres);

async fn writes_invalidate(db: TestDb) {
    let w = World::new(db).await;
    let f = w.fork().await;
    let store = f.store();
    let (router, _cache) = site(&f.app, 64 << 20);
    let (o, d) = (w.org, w.a.dept.id);
    let dept_page = format!("/orgs/{o}/years/2025/departments/{d}");

    // A department rename (the store's own transaction, as `hoshin department` and the
    // department page do): the next request shows the new name.
    let before = fetch(&router, &dept_page, &[]).await.text();
    assert_eq!(fetch(&router, &dept_page, &[]).await.text(), before, "cached");
    let dept = store.get_department(d).await.unwrap();
    let tx = store.begin().await.unwrap();
    tx.rename_department(d, dept.meta.version, "改名後テスト部", None).await.unwrap();
    tx.commit().await.unwrap();
    let after = fetch(&router, &dept_page, &[]).await.text();
    assert!(after.contains("改名後テスト部"), "the rename shows at once:\n{after}");

    // An import (in this process, through the app's use case).
    let years: Vec<String> = (2024..=2026).map(|y| format!("/orgs/{o}/years/{y}")).collect();
    for y in &years {
        assert!(!fetch(&router, y, &[]).await.text().contains("水辺環境部"));
    }
    let opts = hoshin_app::import::ImportOptions {
        organization: Some("サンプル市".into()),
        // A year's page lists the departments of that year only.
        fiscal_year: Some(hoshin_domain::FiscalYear::new(2025).unwrap()),
        ..Default::default()
    };
    hoshin_app::import::import_file(store, "review.txt", IMPORT_DOC.as_bytes(), &opts).await.unwrap();
    let mut shown = false;
    for y in &years {
        shown |= fetch(&router, y, &[]).await.text().contains("水辺環境部");
    }
    assert!(shown, "an imported department shows at once");

    // Publication through the staff pages: the public page of 2026 appears.
    let public_2026 = format!("/orgs/{o}/years/2026/departments/{d}");
    let before = fetch(&router, &public_2026, &[]).await;
    let transition = format!("/manage/revisions/{}/transition", w.a.rev.id);
    for (who, step) in [(Who::EditorA, "submit"), (Who::Planning, "approve")] {
        let v = store.get_revision(w.a.rev.id).await.unwrap().meta.version.to_string();
        let res = post(&f.app, w.session(who), &transition, &[("version", &v), ("step", step)]).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{step}: {}", res.body);
    }
    // 2026 was opened in hoshin: the year page publishes it.
    let (_, res) = year_step(&f.app, w.session(Who::Planning), 2026, "publish", &[w.a.rev.id]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "publish: {}", res.body);
    assert_eq!(store.get_revision(w.a.rev.id).await.unwrap().state, RevisionState::Published);
    let after = fetch(&router, &public_2026, &[]).await;
    assert_ne!(after.body, before.body, "publication shows at once");
    assert_eq!(after.status, StatusCode::OK);
    let name = &w.a.initiatives[0].name;
    assert!(after.text().contains(name.as_str()), "{name}");
}
both_backends!(writes_invalidate, writes_invalidate_sqlite, writes_invalidate_postgres);

/// Another process writing (a second connection pool on the same database, as `hoshin
/// import` beside a running server): seen within the recheck interval.
async fn other_process_writes_show(db: TestDb) {
    let org = hoshin_app::demo::seed_demo(db.store.as_ref()).await.unwrap().org_id;
    let app = App::new(db.store.clone());
    let (router, _cache) = site(&app, 64 << 20);
    let year_page = format!("/orgs/{org}/years/2025");
    let cached = fetch(&router, &year_page, &[]).await.text();
    let other = db.reopen().await.unwrap();
    let mut o = other.get_organization(org).await.unwrap();
    o.name = "別プロセス市".into();
    let tx = other.begin().await.unwrap();
    tx.update_organization(&o).await.unwrap();
    tx.commit().await.unwrap();
    tokio::time::sleep(hoshin_app::freshness::RECHECK * 2).await;
    let now = fetch(&router, &year_page, &[]).await.text();
    assert_ne!(now, cached);
    assert!(now.contains("別プロセス市"), "{now}");
}
both_backends!(other_process_writes_show, other_process_writes_show_sqlite, other_process_writes_show_postgres);

#[tokio::test]
async fn memory_bound_is_kept() {
    let db = TestDb::sqlite().await.unwrap();
    let report = hoshin_app::demo::seed_demo(db.store.as_ref()).await.unwrap();
    let app = App::new(db.store.clone());
    let max = 96 * 1024;
    let (router, cache) = site(&app, max);
    let o = report.org_id;
    let items = db.store.list_initiatives(o, None, hoshin_store::Page::first(200)).await.unwrap();
    assert!(items.len() > 20, "{}", items.len());
    for i in &items {
        assert_eq!(fetch(&router, &format!("/initiatives/{}", i.id), &[]).await.status, StatusCode::OK);
    }
    for y in 2024..=2025 {
        fetch(&router, &format!("/orgs/{o}/years/{y}/booklet"), &[]).await;
    }
    let held = cache.weighted_size();
    assert!(held <= max, "{held} bytes held, bound {max}");
    assert!(cache.entry_count() >= 2, "the cache still holds pages");
    // What was evicted is rendered again, the same.
    let first = format!("/initiatives/{}", items[0].id);
    let a = fetch(&router, &first, &[]).await;
    let b = fetch(&router, &first, &[]).await;
    assert_eq!(a.body, b.body);
}

/// Issue 13: an anonymous search is kept like a page, and a change reaches it once the index
/// has applied it (the index follows the database up to a second behind): the entry holds under
/// the index's generation too, not only the database's.
#[tokio::test]
async fn search_answers_are_kept_until_the_index_changes() {
    let db = TestDb::sqlite().await.unwrap();
    let demo = hoshin_app::demo::seed_demo(db.store.as_ref()).await.unwrap();
    let (app, _dir) = common::with_index(App::new(db.store.clone())).await;
    let (router, cache) = site(&app, 64 << 20);
    let word = "鳥獣被害対策";
    let url = format!("/search?q={}", hoshin_web::urls::encode(word));
    let first = fetch(&router, &url, &[]).await;
    assert_eq!(first.status, StatusCode::OK);
    assert!(first.text().contains("該当するものは見つかりませんでした"), "{}", first.text());
    let again = fetch(&router, &url, &[]).await;
    assert!(again.headers.get("x-request-id").is_none(), "served from the cache");
    assert_eq!(again.body, first.body);
    assert_eq!(cache.entry_count(), 1);

    // A published initiative with the word: the database's generation moves at the commit, the
    // index's when the index has taken it in; the page shows it as soon as the index has it.
    let tx = db.store.begin().await.unwrap();
    let mut new = NewInitiative::named(demo.org_id, InitiativeKind::Annual, format!("{word}の強化"));
    new.fiscal_year = Some(FiscalYear::new(2025).unwrap());
    tx.insert_initiative(&new).await.unwrap();
    tx.commit().await.unwrap();
    let start = std::time::Instant::now();
    loop {
        let now = fetch(&router, &url, &[]).await;
        if now.text().contains("の強化") {
            assert!(now.text().contains("<mark>"), "{}", now.text());
            break;
        }
        assert!(
            start.elapsed() < std::time::Duration::from_secs(10),
            "the search page never showed the new initiative"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    // And it is kept again.
    let kept = fetch(&router, &url, &[]).await;
    assert!(kept.headers.get("x-request-id").is_none(), "served from the cache");
    assert!(kept.text().contains("の強化"));
}

#[tokio::test]
async fn disabled_cache_stores_nothing() {
    let db = TestDb::sqlite().await.unwrap();
    hoshin_app::demo::seed_demo(db.store.as_ref()).await.unwrap();
    let app = App::new(db.store.clone());
    let cache = PageCache::new(&PageCacheConfig { enabled: false, max_bytes: 1 << 20 });
    let router = hoshin_web::router_with(app, Arc::clone(&cache));
    let g = fetch(&router, "/", &[]).await;
    assert_eq!(g.status, StatusCode::OK);
    assert!(g.header(header::ETAG).is_none());
    assert_eq!(cache.entry_count(), 0);
}

/// A goal-review document of a department the demo city does not have.
const IMPORT_DOC: &str = "| 部 局 | 水辺環境部 | 補 職 | 部 長 |
|---|---|---|---|

1. 部局の使命

- (1) 川と池をきれいに保ち、生きものが戻る水辺をつくる

3. 当年度目標と目標設定に対する振り返り等

| No | 当年度目標(当初設定) | 実績 | |
|----|---|---|---|
| | 取組み事項及びその内容・スケジュール | 取組みを行った内容・成果 | 課題・今後の方向性 |
| 1 | <p>ため池の水質改善</p> <p>(1) 三つのため池で水質を毎月測ります。</p> | <p>(1) 毎月の測定を行い、結果を公表しました。</p> | <p>(1) 水質が悪い池の原因を調べます。</p> |
";
