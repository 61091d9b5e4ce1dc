//! Operations (issue 12): `/healthz` says whether the database answers and holds exactly the
//! migrations this binary expects; `/metrics` gives Prometheus text (requests by route and
//! status, latency histograms, the pool, logins, imports) to loopback only and never through
//! a proxy; every answer carries a request id, which a 500 page quotes.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, HeaderMap, Request, StatusCode};
use hoshin_app::net::IpRange;
use hoshin_app::App;
use hoshin_testkit::TestDb;
use std::net::SocketAddr;
use tower::ServiceExt;

async fn send(app: &App, peer: Option<&str>, req: Request<Body>) -> (StatusCode, HeaderMap, String) {
    let mut req = req;
    if let Some(p) = peer {
        let addr: SocketAddr = format!("{p}:40000").parse().unwrap();
        req.extensions_mut().insert(ConnectInfo(addr));
    }
    let res = hoshin_web::router(app.clone()).oneshot(req).await.unwrap();
    let (status, headers) = (res.status(), res.headers().clone());
    let bytes = axum::body::to_bytes(res.into_body(), 1 << 22).await.unwrap();
    (status, headers, String::from_utf8_lossy(&bytes).into_owned())
}

fn get(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).unwrap()
}

#[tokio::test]
async fn healthz_checks_the_database_and_its_migrations() {
    for db in [TestDb::sqlite().await.unwrap(), TestDb::postgres().await.unwrap()] {
        let app = App::new(db.store.clone());
        let (status, headers, body) = send(&app, None, get("/healthz")).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert!(headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("application/json"));
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!((v["status"].as_str(), v["migrations"].as_str()), (Some("ok"), Some("current")), "{body}");

        // A migration this binary does not know (a newer binary migrated the database): 503.
        let mut c = <sqlx::AnyConnection as sqlx::Connection>::connect(&db.url).await.unwrap();
        sqlx::query(
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
             VALUES (99999, 'from the future', TRUE, X'00', 0)",
        )
        .execute(&mut c)
        .await
        .or(sqlx::query(
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
             VALUES (99999, 'from the future', TRUE, '\\x00', 0)",
        )
        .execute(&mut c)
        .await)
        .unwrap();
        let (status, _, body) = send(&app, None, get("/healthz")).await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(v["migrations"], "not current");
        assert_eq!(v["unknown"], serde_json::json!([99999]));

        // The database gone: 503, saying only that.
        db.store.close().await;
        let (status, _, body) = send(&app, None, get("/healthz")).await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(serde_json::from_str::<serde_json::Value>(&body).unwrap()["database"], "unreachable");
    }
}

#[tokio::test]
async fn metrics_for_loopback_only_in_prometheus_text() {
    let db = TestDb::sqlite().await.unwrap();
    let org = hoshin_app::demo::seed_demo(db.store.as_ref()).await.unwrap().org_id;
    let app = App::new(db.store.clone()).with_trusted_proxies(IpRange::parse_list("10.0.0.1").unwrap());
    // Some traffic: a page, a 404, a refused login, an import.
    assert_eq!(send(&app, Some("192.0.2.9"), get(&format!("/orgs/{org}"))).await.0, StatusCode::OK);
    assert_eq!(send(&app, Some("192.0.2.9"), get("/no/such/page")).await.0, StatusCode::NOT_FOUND);
    hoshin_app::accounts::login(&app, &hoshin_app::accounts::Guard::default(), "nobody", "x", "k").await.unwrap_err();
    let doc = "| 部 局 | 監視部 | 補 職 | 部 長 |\n|---|---|---|---|\n\n1. 部局の使命\n\n- (1) 見守る\n";
    let _ = hoshin_app::import::import_file(&app, "監視.txt", doc.as_bytes(), &Default::default()).await;

    let (status, headers, body) = send(&app, Some("127.0.0.1"), get("/metrics")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/plain; version=0.0.4"));
    for expect in [
        "# TYPE hoshin_http_requests_total counter",
        "hoshin_http_requests_total{route=\"/orgs/{org}\",method=\"GET\",status=\"200\"}",
        "hoshin_http_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"}",
        "# TYPE hoshin_http_request_duration_seconds histogram",
        "hoshin_http_request_duration_seconds_bucket{route=\"/orgs/{org}\",method=\"GET\",le=\"0.005\"}",
        "hoshin_db_pool_connections{state=\"idle\"}",
        "hoshin_db_pool_max_connections",
        "hoshin_logins_total{result=\"refused\"}",
        "hoshin_imports_total{result=",
    ] {
        assert!(body.contains(expect), "lacks {expect}:\n{body}");
    }
    // Nobody else: another address, a proxied request (even from loopback), no address at all.
    for (peer, xff) in [(Some("192.0.2.9"), None), (Some("127.0.0.1"), Some("198.51.100.1")), (None, None)] {
        let mut req = Request::get("/metrics");
        if let Some(x) = xff {
            req = req.header("x-forwarded-for", x);
        }
        let (status, _, body) = send(&app, peer, req.body(Body::empty()).unwrap()).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{peer:?} {xff:?}");
        assert!(!body.contains("hoshin_http"), "{body}");
    }
}

#[tokio::test]
async fn every_answer_has_a_request_id_and_a_500_quotes_it() {
    let db = TestDb::sqlite().await.unwrap();
    let app = App::new(db.store.clone()).with_trusted_proxies(IpRange::parse_list("10.0.0.1").unwrap());
    let (_, headers, _) = send(&app, Some("192.0.2.1"), get("/")).await;
    let id = headers["x-request-id"].to_str().unwrap().to_string();
    assert_eq!(id.len(), 16);
    // A trusted proxy's id is kept (one id through both logs); anyone else's is not.
    let from_proxy = Request::get("/").header("x-request-id", "proxy-abc.123").body(Body::empty()).unwrap();
    assert_eq!(send(&app, Some("10.0.0.1"), from_proxy).await.1["x-request-id"], "proxy-abc.123");
    let forged = Request::get("/").header("x-request-id", "forged-id").body(Body::empty()).unwrap();
    assert_ne!(send(&app, Some("192.0.2.1"), forged).await.1["x-request-id"], "forged-id");

    db.store.close().await;
    let (status, headers, body) = send(&app, Some("192.0.2.1"), get("/")).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    let id = headers["x-request-id"].to_str().unwrap();
    assert!(body.contains(&format!("問い合わせ番号：{id}")), "{id}: {body}");
}
