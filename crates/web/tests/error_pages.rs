//! Issue 12, item 6: every 4xx and 5xx is the Japanese HTML error page — extractor
//! rejections (numbers too large, fractions, full-width digits, negative pages, bytes that are
//! not UTF-8), unknown methods, wrong content types, oversized bodies, addresses and headers —
//! through the router, and through a real server for what the HTTP parser refuses before a
//! request exists. HSTS is sent exactly when cookies are secure.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, HeaderMap, Request, StatusCode};
use hoshin_app::net::IpRange;
use hoshin_app::App;
use hoshin_testkit::TestDb;
use std::net::SocketAddr;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tower::ServiceExt;

async fn app() -> (TestDb, App) {
    let db = TestDb::sqlite().await.unwrap();
    hoshin_app::demo::seed_demo(db.store.as_ref()).await.unwrap();
    let app = App::new(db.store.clone());
    (db, app)
}

async fn send(app: &App, req: Request<Body>) -> (StatusCode, HeaderMap, String) {
    let res = hoshin_web::router(app.clone()).oneshot(req).await.unwrap();
    let (status, headers) = (res.status(), res.headers().clone());
    let bytes = axum::body::to_bytes(res.into_body(), 1 << 22).await.unwrap();
    (status, headers, String::from_utf8_lossy(&bytes).into_owned())
}

/// The answer is our page: HTML, Japanese, one h1, none of axum's English.
fn assert_page(what: &str, status: StatusCode, headers: &HeaderMap, body: &str) {
    assert!(status.is_client_error() || status.is_server_error(), "{what}: {status}");
    let ct = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    assert!(ct.starts_with("text/html"), "{what}: content-type {ct:?}");
    assert!(body.contains("<html lang=\"ja\">"), "{what}: {body}");
    assert_eq!(body.matches("<h1").count(), 1, "{what}: {body}");
    for english in ["Cannot parse", "Failed to", "Invalid", "Expected", "invalid digit", "Method Not Allowed"] {
        assert!(!body.contains(english), "{what} shows {english:?}: {body}");
    }
    assert!(headers.contains_key(header::CONTENT_SECURITY_POLICY), "{what}: security headers");
}

#[tokio::test]
async fn extractor_rejections_are_japanese_pages() {
    let (_db, app) = app().await;
    let org = 1;
    let gets = [
        "/initiatives/99999999999999999999".to_string(),
        "/initiatives/1.5".to_string(),
        "/initiatives/%EF%BC%91".to_string(), // １
        "/initiatives/-".to_string(),
        "/?page=-1".to_string(),
        "/?page=abc".to_string(),
        "/orgs/%FF".to_string(),
        format!("/orgs/{org}/years/2024/indicators?page=-3"),
        format!("/orgs/{org}/years/%FF"),
        "/indicators/1?year=%FF".to_string(),
        "/search?page=99999999999".to_string(),
        "/search?after=x&in=text&q=a".to_string(),
        "/plans/1e3".to_string(),
        "/nodes/0x10".to_string(),
    ];
    for uri in &gets {
        let (status, headers, body) = send(&app, Request::get(uri.as_str()).body(Body::empty()).unwrap()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}: {body}");
        assert_page(uri, status, &headers, &body);
        assert!(body.contains("リクエストが正しくありません"), "{uri}: {body}");
    }

    // A method the route does not take: 405, with Allow kept.
    let options = Request::builder().method("OPTIONS").uri("/").body(Body::empty()).unwrap();
    let (status, headers, body) = send(&app, options).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_page("OPTIONS /", status, &headers, &body);
    assert!(headers.contains_key(header::ALLOW));

    // The login form posted as something else than a form, past the CSRF check: 415.
    let token = "t".repeat(43);
    let req = Request::post("/login")
        .header(header::COOKIE, format!("hoshin_login={token}"))
        .header("x-csrf-token", &token)
        .header(header::CONTENT_TYPE, "text/plain")
        .body(Body::from("login=a&password=b"))
        .unwrap();
    let (status, headers, body) = send(&app, req).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{body}");
    assert_page("text/plain login", status, &headers, &body);
    // A form missing its fields: 422.
    let req = Request::post("/login")
        .header(header::COOKIE, format!("hoshin_login={token}"))
        .header("x-csrf-token", &token)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("nothing=here"))
        .unwrap();
    let (status, headers, body) = send(&app, req).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_page("empty login form", status, &headers, &body);

    // Too big: a 3 MB form, a 9 KB address, a 40 KB header block, 150 headers.
    let req = Request::post("/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!("x={}", "a".repeat(3 << 20))))
        .unwrap();
    let (status, headers, body) = send(&app, req).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_page("3 MB form", status, &headers, &body);
    let long = format!("/search?q={}", "a".repeat(9 * 1024));
    let (status, headers, body) = send(&app, Request::get(long.as_str()).body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::URI_TOO_LONG);
    assert_page("9 KB address", status, &headers, &body);
    let big = Request::get("/").header("x-big", "b".repeat(40 * 1024)).body(Body::empty()).unwrap();
    let (status, headers, body) = send(&app, big).await;
    assert_eq!(status, StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE);
    assert_page("40 KB header", status, &headers, &body);
    let mut many = Request::get("/");
    for n in 0..150 {
        many = many.header(format!("x-h{n}"), "v");
    }
    let (status, headers, body) = send(&app, many.body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE);
    assert_page("150 headers", status, &headers, &body);

    // The JSON API gives the same refusals in its own format, as its document says.
    let long = format!("/api/v1/plans?org={}", "1".repeat(9 * 1024));
    let (status, headers, body) = send(&app, Request::get(long.as_str()).body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::URI_TOO_LONG);
    assert_eq!(headers[header::CONTENT_TYPE], "application/problem+json", "{body}");
    assert!(body.contains("\"status\":414"), "{body}");
    let big = Request::get("/api/v1/plans").header("x-big", "b".repeat(40 * 1024)).body(Body::empty()).unwrap();
    let (status, headers, body) = send(&app, big).await;
    assert_eq!(status, StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE);
    assert_eq!(headers[header::CONTENT_TYPE], "application/problem+json", "{body}");
    let doc: serde_json::Value = serde_json::from_str(&hoshin_web::api::openapi::document().to_string()).unwrap();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            for code in ["414", "431"] {
                assert!(op["responses"].get(code).is_some(), "{method} {path} does not document {code}");
            }
        }
    }

    // The errors the application itself answers stay as they were (with their own words).
    let (status, headers, body) = send(&app, Request::get("/initiatives/999999").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_page("missing initiative", status, &headers, &body);
    assert!(body.contains("お探しのページは見つかりませんでした"));
    // /healthz stays machine-readable.
    let (status, headers, _) = send(&app, Request::get("/healthz").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers.get(header::CONTENT_TYPE).unwrap().to_str().unwrap().starts_with("application/json"));
}

/// Sends raw bytes to a real server and reads the whole answer (the server closes after it).
async fn raw(addr: SocketAddr, bytes: &[u8]) -> String {
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    // The server may answer (and close) before it has read everything: ignore write errors.
    let _ = s.write_all(bytes).await;
    let mut out = Vec::new();
    let _ = tokio::time::timeout(std::time::Duration::from_secs(10), s.read_to_end(&mut out)).await;
    String::from_utf8_lossy(&out).into_owned()
}

#[tokio::test]
async fn what_the_http_parser_refuses_gets_the_page_too() {
    let (_db, app) = app().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(hoshin_web::serve::serve_until(app, listener, async {
        let _ = stopped.await;
    }));

    let ok = raw(addr, b"GET /healthz HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n").await;
    assert!(ok.starts_with("HTTP/1.1 200"), "{ok}");
    let cases: [(&str, Vec<u8>, &str); 4] = [
        ("70 KB address", format!("GET /{} HTTP/1.1\r\nhost: x\r\n\r\n", "a".repeat(70_000)).into_bytes(), "414"),
        (
            "2 MB header",
            format!("GET / HTTP/1.1\r\nhost: x\r\nx-big: {}\r\n\r\n", "b".repeat(2_000_000)).into_bytes(),
            "431",
        ),
        ("garbage", b"GARBAGE\r\n\r\n".to_vec(), "400"),
        ("bad header", b"GET / HTTP/1.1\r\nho st: x\r\n\r\n".to_vec(), "400"),
    ];
    for (what, bytes, code) in cases {
        let answer = raw(addr, &bytes).await;
        assert!(answer.starts_with(&format!("HTTP/1.1 {code}")), "{what}: {answer}");
        let (head, body) = answer.split_once("\r\n\r\n").unwrap();
        assert!(head.contains("content-type: text/html; charset=utf-8"), "{what}: {head}");
        assert!(body.contains("<html lang=\"ja\">") && body.matches("<h1").count() == 1, "{what}: {body}");
        let length: usize =
            head.lines().find_map(|l| l.strip_prefix("content-length: ")).and_then(|n| n.trim().parse().ok()).unwrap();
        assert_eq!(length, body.len(), "{what}: the length matches the page");
    }
    // An address between our limit and the parser's is answered by the router's limit.
    let answer =
        raw(addr, format!("GET /{} HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n", "a".repeat(20_000)).as_bytes())
            .await;
    assert!(answer.starts_with("HTTP/1.1 414") && answer.contains("アドレスが長すぎます"), "{answer}");

    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}

#[tokio::test]
async fn hsts_exactly_when_cookies_are_secure() {
    let (_db, app) = app().await;
    let get = |app: App, peer: &str, proto: Option<&str>| {
        let peer: SocketAddr = format!("{peer}:5000").parse().unwrap();
        let proto = proto.map(str::to_string);
        async move {
            let mut req = Request::get("/");
            if let Some(p) = proto {
                req = req.header("x-forwarded-proto", p);
            }
            let mut req = req.body(Body::empty()).unwrap();
            req.extensions_mut().insert(ConnectInfo(peer));
            send(&app, req).await.1
        }
    };
    let hsts = |h: &HeaderMap| h.get(header::STRICT_TRANSPORT_SECURITY).map(|v| v.to_str().unwrap().to_string());
    assert_eq!(hsts(&get(app.clone(), "192.0.2.1", None).await), None, "plain http");
    assert_eq!(hsts(&get(app.clone(), "192.0.2.1", Some("https")).await), None, "a client's own header");
    let secure = app.clone().with_secure_cookies(true);
    assert_eq!(hsts(&get(secure, "192.0.2.1", None).await).as_deref(), Some("max-age=31536000"));
    let proxied = app.clone().with_trusted_proxies(IpRange::parse_list("10.0.0.1").unwrap());
    assert_eq!(hsts(&get(proxied.clone(), "10.0.0.1", Some("https")).await).as_deref(), Some("max-age=31536000"));
    assert_eq!(hsts(&get(proxied, "10.0.0.2", Some("https")).await), None);
}
