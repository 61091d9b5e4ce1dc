//! Login hardening (issue 12, items 3 and 4), through the router with the client's socket
//! address as a real server records it: `next` stays a path of this site whatever it holds
//! (CR/LF answered 500 after writing the session; a tab made an open redirect);
//! `X-Forwarded-For` counts only from configured proxies; a successful login does not wipe
//! an address's failures; a locked account answers exactly like an unknown one, in the same
//! time.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code

mod common;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Request, StatusCode};
use common::staff::{scrape_csrf, Resp};
use hoshin_app::access::Actor;
use hoshin_app::accounts::{create_user, Guard, UserInput};
use hoshin_app::auth::throttle::Throttle;
use hoshin_app::net::IpRange;
use hoshin_app::App;
use hoshin_domain::*;
use hoshin_testkit::TestDb;
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tower::ServiceExt;

const PASSWORD: &str = "login-hardening-2026";

async fn app() -> (TestDb, App) {
    let db = TestDb::sqlite().await.unwrap();
    let tx = db.store.begin().await.unwrap();
    let org = tx.insert_organization(&hoshin_testkit::fixtures::org("試験市")).await.unwrap();
    tx.commit().await.unwrap();
    for login in ["kikaku", "sonota"] {
        let input = UserInput {
            org_id: org,
            login: login.into(),
            display_name: format!("{login} さん"),
            password: PASSWORD.into(),
            role: Role::Planning,
            departments: vec![],
        };
        create_user(db.store.as_ref(), &Actor::System, &input).await.unwrap();
    }
    let app = App::new(db.store.clone());
    (db, app)
}

/// A request from `peer` (as `into_make_service_with_connect_info` records it).
async fn send(app: &App, peer: &str, mut req: Request<Body>) -> Resp {
    let addr: SocketAddr = format!("{peer}:40000").parse().unwrap();
    req.extensions_mut().insert(ConnectInfo(addr));
    let res = hoshin_web::router(app.clone()).oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = axum::body::to_bytes(res.into_body(), 1 << 20).await.unwrap();
    Resp { status, headers, body: String::from_utf8(bytes.to_vec()).unwrap() }
}

/// GET /login (with `query`), then POST the form from `peer`, optionally with an
/// `X-Forwarded-For`, a `next` field overriding the form's, and the given credentials.
async fn attempt(
    app: &App,
    peer: &str,
    xff: Option<&str>,
    query: &str,
    next: Option<&str>,
    login: &str,
    password: &str,
) -> Resp {
    let form = send(app, peer, Request::get(format!("/login{query}")).body(Body::empty()).unwrap()).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let cookie = form.set_cookie("hoshin_login").unwrap();
    let csrf = scrape_csrf(&form.body).unwrap();
    let form_next = common::staff::scrape_input(&form.body, "next").unwrap();
    let next = next.map(str::to_string).unwrap_or(form_next);
    let body = serde_urlencoded::to_string([
        ("_csrf", csrf.as_str()),
        ("login", login),
        ("password", password),
        ("next", &next),
    ])
    .unwrap();
    let mut req = Request::post("/login")
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(x) = xff {
        req = req.header("x-forwarded-for", x);
    }
    send(app, peer, req.body(Body::from(body)).unwrap()).await
}

#[tokio::test]
async fn next_is_always_a_path_of_this_site() {
    let (_db, app) = app().await;
    // `next` as the form posts it.
    for next in
        ["/\r\nX: y", "/\t/evil.example/", "//evil.example/", "/\\evil.example", "https://evil.example/", "/\n/x"]
    {
        let r = attempt(&app, "192.0.2.1", None, "", Some(next), "kikaku", PASSWORD).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "next={next:?}: {}", r.body);
        assert_eq!(r.location(), Some("/manage"), "next={next:?}");
        assert!(r.headers.get("x").is_none(), "no header injected");
        assert!(r.set_cookie("hoshin_session").is_some(), "signed in");
    }
    // `next` as a link carries it: `%09` is a tab a browser drops (`/\t/evil` → `//evil`).
    for query in ["?next=/%09/evil.example/", "?next=/%0D%0AX:%20y", "?next=%2F%2Fevil.example"] {
        let form = send(&app, "192.0.2.1", Request::get(format!("/login{query}")).body(Body::empty()).unwrap()).await;
        assert_eq!(common::staff::scrape_input(&form.body, "next").as_deref(), Some("/manage"), "{query}");
        let r = attempt(&app, "192.0.2.1", None, query, None, "kikaku", PASSWORD).await;
        assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, Some("/manage")), "{query}");
    }
    // A path of this site is kept.
    let r = attempt(&app, "192.0.2.1", None, "?next=/manage/2026%3Fa%3D1", None, "kikaku", PASSWORD).await;
    assert_eq!(r.location(), Some("/manage/2026?a=1"));
}

fn quick_guard() -> Guard {
    Guard {
        by_client: Throttle::new(20, Duration::from_secs(900), Duration::from_secs(900)),
        failure_floor: Duration::ZERO,
    }
}

#[tokio::test]
async fn forwarded_addresses_count_only_from_trusted_proxies() {
    let (_db, app) = app().await;
    let app = app.with_guard(quick_guard()).with_trusted_proxies(IpRange::parse_list("10.0.0.1").unwrap());
    // A client that is no proxy cannot spread its guesses over invented addresses.
    for n in 0..20 {
        let xff = format!("198.51.100.{n}");
        let r = attempt(&app, "203.0.113.7", Some(&xff), "", None, "nobody", "wrong-password-1").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "attempt {n}");
    }
    let r = attempt(&app, "203.0.113.7", Some("198.51.100.200"), "", None, "kikaku", PASSWORD).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "the socket address is throttled: {}", r.body);
    // Through the trusted proxy, each forwarded client is counted on its own.
    for n in 0..20 {
        let xff = format!("1.2.3.4, 198.51.100.{n}");
        let r = attempt(&app, "10.0.0.1", Some(&xff), "", None, "nobody", "wrong-password-1").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "proxied attempt {n}");
    }
    let r = attempt(&app, "10.0.0.1", Some("198.51.100.250"), "", None, "kikaku", PASSWORD).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "another client behind the proxy: {}", r.body);
    // …and the proxy cannot be used to reset the count for one of them: the forged first
    // entry is ignored, the proxy-added one counts.
    for _ in 0..19 {
        attempt(&app, "10.0.0.1", Some("5.5.5.5, 198.51.100.0"), "", None, "nobody", "wrong-password-1").await;
    }
    let r = attempt(&app, "10.0.0.1", Some("6.6.6.6, 198.51.100.0"), "", None, "kikaku", PASSWORD).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn a_successful_login_does_not_clear_the_address_failures() {
    let (_db, app) = app().await;
    let app = app.with_guard(quick_guard());
    for n in 0..19 {
        let login = format!("nobody{n}");
        let r = attempt(&app, "203.0.113.8", None, "", None, &login, "wrong-password-1").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    // The attacker owns one valid account and signs in with it…
    let ok = attempt(&app, "203.0.113.8", None, "", None, "sonota", PASSWORD).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    // …which does not buy another 20 guesses: the 20th failure locks the address.
    attempt(&app, "203.0.113.8", None, "", None, "nobody-else", "wrong-password-1").await;
    let r = attempt(&app, "203.0.113.8", None, "", None, "kikaku", PASSWORD).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
}

/// The refusal message of a login answer.
fn alert(body: &str) -> String {
    let start = body.find("role=\"alert\"").expect("an alert");
    let rest = &body[start..];
    rest[rest.find('>').unwrap() + 1..rest.find("</p>").unwrap()].to_string()
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

#[tokio::test]
async fn a_locked_account_answers_like_an_unknown_one_in_the_same_time() {
    let (_db, app) = app().await;
    // Lock the account: five wrong passwords (from different addresses: no address throttle).
    for n in 0..5 {
        let r = attempt(&app, &format!("192.0.2.{}", 10 + n), None, "", None, "kikaku", "wrong-password-1").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let (mut locked, mut unknown) = (Vec::new(), Vec::new());
    let (mut locked_answer, mut unknown_answer) = (None, None);
    for n in 0..5 {
        let peer = format!("192.0.2.{}", 50 + n);
        // Even the right password is refused while locked, and says no more than for nobody.
        let t = Instant::now();
        let r = attempt(&app, &peer, None, "", None, "kikaku", PASSWORD).await;
        locked.push(t.elapsed());
        locked_answer = Some((r.status, alert(&r.body)));
        let t = Instant::now();
        let r = attempt(&app, &peer, None, "", None, "no-such-account", PASSWORD).await;
        unknown.push(t.elapsed());
        unknown_answer = Some((r.status, alert(&r.body)));
    }
    assert_eq!(locked_answer, unknown_answer, "same status and words");
    assert_eq!(locked_answer.unwrap().0, StatusCode::UNAUTHORIZED);
    let (l, u) = (median(locked), median(unknown));
    let ratio = l.as_secs_f64().max(u.as_secs_f64()) / l.as_secs_f64().min(u.as_secs_f64());
    assert!(ratio < 1.3, "locked {l:?} vs unknown {u:?}");
    assert!(l >= hoshin_app::accounts::FAILURE_FLOOR && u >= hoshin_app::accounts::FAILURE_FLOOR);
}
