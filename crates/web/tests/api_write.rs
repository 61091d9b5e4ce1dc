//! Issue 11 item 5 (write part): personal access tokens and `POST /api/v1/actuals`, on SQLite
//! and PostgreSQL. Tokens are made, listed and revoked through `/manage/account` (CSRF on each
//! form), shown once and stored only as their SHA-256; a token writes KPI actuals with its
//! owner's rights at the time of use, all items in one transaction with the staff pages' audit
//! rows; any refused item (another department's KPI, a bad value, a stale `expected`) writes
//! nothing and is named by JSON pointer; a missing, garbage, revoked or expired token, a
//! disabled owner and a session cookie without a token are 401; the OpenAPI document lists the
//! operation with its bearer security scheme.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code

mod common;

use axum::body::Body;
use axum::http::{header, HeaderMap, Request, StatusCode};
use common::staff::{fingerprint, get_as, post, post_raw, scrape_input, Fork, Who, World};
use hoshin_app::access::Actor;
use hoshin_app::auth::token::token_hash;
use hoshin_app::tokens::create_token;
use hoshin_app::App;
use hoshin_domain::*;
use hoshin_store::{NewApiToken, Page};
use hoshin_testkit::TestDb;
use serde_json::{json, Value};
use tower::ServiceExt;

struct Got {
    status: StatusCode,
    headers: HeaderMap,
    body: Value,
}

/// `POST /api/v1/actuals` with `body`, a bearer token and/or a cookie.
async fn write(app: &App, token: Option<&str>, cookie: Option<(&str, &str)>, body: &Value) -> Got {
    let mut req = Request::post("/api/v1/actuals").header(header::CONTENT_TYPE, "application/json");
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    if let Some((c, csrf)) = cookie {
        req = req.header(header::COOKIE, c).header("x-csrf-token", csrf);
    }
    let res = hoshin_web::router(app.clone()).oneshot(req.body(Body::from(body.to_string())).unwrap()).await.unwrap();
    let (status, headers) = (res.status(), res.headers().clone());
    let bytes = axum::body::to_bytes(res.into_body(), 10 << 20).await.unwrap();
    let body = serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("not JSON ({e}): {bytes:?}"));
    Got { status, headers, body }
}

/// A refusal as problem+json, with the pointers of its errors.
fn pointers(g: &Got, status: StatusCode) -> Vec<String> {
    assert_eq!(g.status, status, "{}", g.body);
    assert_eq!(g.headers.get(header::CONTENT_TYPE).unwrap(), "application/problem+json");
    assert_eq!(g.body["status"], status.as_u16());
    g.body["errors"]
        .as_array()
        .map_or(vec![], |a| a.iter().map(|e| e["pointer"].as_str().unwrap().to_string()).collect())
}

fn unauthorized(g: &Got) {
    assert_eq!(g.status, StatusCode::UNAUTHORIZED, "{}", g.body);
    assert_eq!(g.headers.get(header::CONTENT_TYPE).unwrap(), "application/problem+json");
    let challenge = g.headers.get(header::WWW_AUTHENTICATE).expect("WWW-Authenticate").to_str().unwrap();
    assert!(challenge.starts_with("Bearer "), "{challenge}");
}

fn item(id: IndicatorId, year: FiscalYear, value: &str) -> Value {
    json!({ "indicator_id": id.0, "year": year.year(), "value": value })
}

fn actual(k: &Indicator, year: FiscalYear) -> Option<String> {
    k.actuals.iter().find(|a| a.fiscal_year == year).map(|a| a.value.text.clone())
}

async fn token_of(f: &Fork, w: &World, who: Who, name: &str) -> String {
    create_token(&f.app, &Actor::User(w.user(who).clone()), name, Some(30)).await.unwrap().token
}

/// Tokens through the pages: CSRF, shown once, listed, only the hash stored, revoked, audited.
async fn tokens_through_the_pages(db: TestDb) {
    let w = World::new(db).await;
    let f = w.fork().await;
    let s = w.session(Who::EditorA).unwrap();
    let me = w.user(Who::EditorA).id;
    let page = get_as(&f.app, Some(s), "/manage/account").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("個人用アクセストークン") && page.body.contains("発行したトークンはありません"));
    assert!(page.body.contains(r#"action="/manage/account/tokens""#));

    // Without the form's CSRF token: refused, nothing made.
    let forged = post_raw(&f.app, Some(&s.cookie), "/manage/account/tokens", &[("name", "x"), ("expires", "30")]).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert!(f.store().user_api_tokens(me).await.unwrap().is_empty());
    // A blank name: a Japanese error, nothing made.
    let blank = post(&f.app, Some(s), "/manage/account/tokens", &[("name", " "), ("expires", "30")]).await;
    assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", blank.body);
    assert!(blank.body.contains("名前"));
    assert!(f.store().user_api_tokens(me).await.unwrap().is_empty());

    let made =
        post(&f.app, Some(s), "/manage/account/tokens", &[("name", "実績取込<script>"), ("expires", "90")]).await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.body);
    assert!(made.body.contains("二度と表示できません"));
    assert!(made.body.contains("実績取込&lt;script&gt;") && !made.body.contains("実績取込<script>"), "escaped");
    let token = scrape_input(&made.body, "token").expect("the token is on the page");
    assert!(token.starts_with("hoshin_pat_") && token.len() == 11 + 43, "{token}");
    let rows = f.store().user_api_tokens(me).await.unwrap();
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(row.name, "実績取込<script>");
    assert!(row.expires_at.is_some_and(|e| e > row.created_at + 89 * 86_400_000));
    assert_eq!(f.store().find_api_token(&token_hash(&token)).await.unwrap().map(|t| t.id), Some(row.id));
    assert!(token.starts_with(&row.prefix) && row.prefix.len() == 15);
    let audit = f.store().audit_trail("api_tokens", row.id, Page::first(10)).await.unwrap();
    assert_eq!(audit.iter().map(|a| a.action.as_str()).collect::<Vec<_>>(), ["create"]);
    assert_eq!(audit[0].actor_id, Some(me.0));
    assert!(!audit[0].after.as_ref().unwrap().to_string().contains(&token[11..]), "no secret in the audit log");

    // Listed, never shown again.
    let list = get_as(&f.app, Some(s), "/manage/account").await;
    assert!(list.body.contains("実績取込&lt;script&gt;") && list.body.contains("有効") && list.body.contains("未使用"));
    assert!(!list.body.contains(&token[11..]), "the list does not show the token");
    // Used: the list says when.
    let kpi = w.a.indicators[0].id;
    let g = write(&f.app, Some(&token), None, &json!({ "items": [item(kpi, w.year, "5")] })).await;
    assert_eq!(g.status, StatusCode::OK, "{}", g.body);
    assert!(f.store().user_api_tokens(me).await.unwrap()[0].last_used_at.is_some());

    // Another user cannot revoke it; a stale version is a conflict; the owner can.
    let version = row.version.to_string();
    let path = format!("/manage/account/tokens/{}/revoke", row.id);
    let other = post(&f.app, w.session(Who::EditorB), &path, &[("version", &version)]).await;
    assert_eq!(other.status, StatusCode::FORBIDDEN);
    let no_csrf = post_raw(&f.app, Some(&s.cookie), &path, &[("version", &version)]).await;
    assert_eq!(no_csrf.status, StatusCode::FORBIDDEN);
    let stale = post(&f.app, Some(s), &path, &[("version", "99")]).await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);
    assert!(f.store().user_api_tokens(me).await.unwrap()[0].revoked_at.is_none());
    let revoked = post(&f.app, Some(s), &path, &[("version", &version)]).await;
    assert_eq!(revoked.status, StatusCode::SEE_OTHER, "{}", revoked.body);
    let row = &f.store().user_api_tokens(me).await.unwrap()[0];
    assert!(row.revoked_at.is_some());
    let audit = f.store().audit_trail("api_tokens", row.id, Page::first(10)).await.unwrap();
    let mut actions: Vec<&str> = audit.iter().map(|a| a.action.as_str()).collect();
    actions.sort_unstable();
    assert_eq!(actions, ["create", "revoke"]);
    let list = get_as(&f.app, Some(s), "/manage/account?revoked=1").await;
    assert!(list.body.contains("トークンを無効にしました") && list.body.contains("無効（"));
    unauthorized(&write(&f.app, Some(&token), None, &json!({ "items": [item(kpi, w.year, "6")] })).await);
}

/// Writes with a token: recorded with audit rows; refusals write nothing; 401s.
async fn writes(db: TestDb) {
    let w = World::new(db).await;
    let f = w.fork().await;
    let store = f.store();
    let editor = w.user(Who::EditorA).clone();
    let token = token_of(&f, &w, Who::EditorA, "スクリプト").await;
    let y = w.year;
    // A second KPI in A's revision (on its last initiative), added as the editor would.
    let k1 = w.a.indicators[0].id;
    let input = hoshin_app::editing::IndicatorInput {
        name: "相談件数".into(),
        unit: Some("件".into()),
        direction: Direction::Up,
        cumulative: false,
        baseline: None,
        baseline_year: None,
        target: Some("500件".into()),
        target_year: Some(y),
        yearly_targets: None,
    };
    let owner = w.a.initiatives.last().unwrap().id;
    let k2 = hoshin_app::editing::add_indicator(store, &Actor::User(editor.clone()), w.a.rev.id, owner, &input)
        .await
        .unwrap();

    // Two items in the department's open revision.
    let body = json!({ "items": [item(k1, y, "412件"), { "indicator_id": k2.0, "year": y.year(), "value": 38.5 }] });
    let g = write(&f.app, Some(&token), None, &body).await;
    assert_eq!(g.status, StatusCode::OK, "{}", g.body);
    assert_eq!(g.headers.get(header::CONTENT_TYPE).unwrap(), "application/json");
    assert_eq!(g.body["items"].as_array().unwrap().len(), 2);
    assert_eq!(g.body["items"][0]["value"]["value"], 412.0);
    assert_eq!(g.body["items"][0]["written_id"], k1.0);
    let k1_now = store.get_indicator(k1).await.unwrap();
    assert_eq!(actual(&k1_now, y).as_deref(), Some("412件"));
    assert_eq!(actual(&store.get_indicator(k2).await.unwrap(), y).as_deref(), Some("38.5"));
    assert_eq!(g.body["changed"], 2);
    let audit = store.audit_trail("indicators", k1.0, Page::first(10)).await.unwrap();
    let a = audit.iter().find(|a| a.action == "actual").expect("an audit row like the staff page's");
    assert_eq!(a.actor_id, Some(editor.id.0));
    assert!(a.after.as_ref().unwrap().to_string().contains("412件"));
    // The answer fits the OpenAPI schema's fields.
    let doc = hoshin_web::api::openapi::document();
    let fields = |name: &str| -> Vec<String> {
        let mut v: Vec<String> =
            doc["components"]["schemas"][name]["properties"].as_object().unwrap().keys().cloned().collect();
        v.sort();
        v
    };
    let mut got: Vec<String> = g.body.as_object().unwrap().keys().cloned().collect();
    got.sort();
    assert_eq!(got, fields("ActualsResult"));
    let mut got: Vec<String> = g.body["items"][0].as_object().unwrap().keys().cloned().collect();
    got.sort();
    assert_eq!(got, fields("ActualResult"));

    // Refusals change nothing at all (audit log included).
    let before = fingerprint(store, &w).await;
    let b_kpi = w.b.indicators[0].id;
    let g = write(&f.app, Some(&token), None, &json!({ "items": [item(k1, y, "1"), item(b_kpi, y, "2")] })).await;
    assert_eq!(pointers(&g, StatusCode::FORBIDDEN), ["/items/1/indicator_id"]);
    let g = write(&f.app, Some(&token), None, &json!({ "items": [item(k1, y, "1"), item(k2, y, "たくさん")] })).await;
    assert_eq!(pointers(&g, StatusCode::BAD_REQUEST), ["/items/1/value"]);
    // A dash is "no figure"; a word after it is not.
    let g = write(&f.app, Some(&token), None, &json!({ "items": [item(k1, y, "1"), item(k2, y, "-x")] })).await;
    assert_eq!(pointers(&g, StatusCode::BAD_REQUEST), ["/items/1/value"]);
    let stale = json!({ "items": [item(k2, y, "3"), { "indicator_id": k1.0, "year": y.year(), "value": "9", "expected": "411件" }] });
    let g = write(&f.app, Some(&token), None, &stale).await;
    assert_eq!(pointers(&g, StatusCode::CONFLICT), ["/items/1/expected"]);
    let g = write(&f.app, Some(&token), None, &json!({ "items": [item(k1, y, "1"), item(k1, y, "2")] })).await;
    assert_eq!(pointers(&g, StatusCode::CONFLICT), ["/items/1/year"]);
    let g =
        write(&f.app, Some(&token), None, &json!({ "items": [item(k1, y, "1"), item(IndicatorId(999_999), y, "2")] }))
            .await;
    assert_eq!(pointers(&g, StatusCode::NOT_FOUND), ["/items/1/indicator_id"]);
    // A plan KPI is the planning office's.
    let plan_kpi = store
        .list_indicators(w.org, Page::first(5000))
        .await
        .unwrap()
        .into_iter()
        .find(|k| matches!(k.owner, Some(IndicatorOwner::Node(_))) && k.draft.is_none())
        .unwrap();
    let g = write(&f.app, Some(&token), None, &json!({ "items": [item(plan_kpi.id, y, "7")] })).await;
    assert_eq!(pointers(&g, StatusCode::FORBIDDEN), ["/items/0/indicator_id"]);
    let too_many: Vec<Value> = (0..1001).map(|_| item(k1, y, "1")).collect();
    let g = write(&f.app, Some(&token), None, &json!({ "items": too_many })).await;
    assert_eq!(pointers(&g, StatusCode::BAD_REQUEST), ["/items"]);
    let g = write(
        &f.app,
        Some(&token),
        None,
        &json!({ "items": [{ "indicator_id": k1.0, "year": "令和8年度", "value": "1" }] }),
    )
    .await;
    assert_eq!(pointers(&g, StatusCode::BAD_REQUEST), ["/items/0/year"]);
    assert!(before.diff(&fingerprint(store, &w).await).is_empty(), "a refused write changed something");

    // `expected` that matches, and a matching "no value" (null).
    let y2 = FiscalYear::new(2030).unwrap();
    let ok = json!({ "items": [
        { "indicator_id": k1.0, "year": y.year(), "value": "413件", "expected": "412件" },
        { "indicator_id": k1.0, "year": y2.year(), "value": "－", "expected": null },
    ] });
    let g = write(&f.app, Some(&token), None, &ok).await;
    assert_eq!(g.status, StatusCode::OK, "{}", g.body);
    let k1_now = store.get_indicator(k1).await.unwrap();
    assert_eq!(actual(&k1_now, y).as_deref(), Some("413件"));
    assert_eq!(actual(&k1_now, y2).as_deref(), Some("－"));

    // Planning writes a plan KPI.
    let planning = token_of(&f, &w, Who::Planning, "企画").await;
    let g = write(&f.app, Some(&planning), None, &json!({ "items": [item(plan_kpi.id, y, "77")] })).await;
    assert_eq!(g.status, StatusCode::OK, "{}", g.body);
    assert_eq!(actual(&store.get_indicator(plan_kpi.id).await.unwrap(), y).as_deref(), Some("77"));

    // A published department KPI goes to its copy in the department's open revision.
    let rev =
        hoshin_app::editing::open_revision(store, &Actor::User(editor.clone()), w.a.dept.id, w.prev).await.unwrap();
    let copy = store
        .revision_indicators(rev)
        .await
        .unwrap()
        .into_iter()
        .find(|k| k.draft.is_some_and(|d| d.live_id.is_some()))
        .unwrap();
    let live = IndicatorId(copy.draft.unwrap().live_id.unwrap());
    let live_before = store.get_indicator(live).await.unwrap();
    let g = write(&f.app, Some(&token), None, &json!({ "items": [item(live, w.prev, "88人")] })).await;
    assert_eq!(g.status, StatusCode::OK, "{}", g.body);
    assert_eq!(g.body["items"][0]["written_id"], copy.id.0);
    assert_eq!(actual(&store.get_indicator(copy.id).await.unwrap(), w.prev).as_deref(), Some("88人"));
    assert_eq!(store.get_indicator(live).await.unwrap(), live_before, "the published row waits for publication");

    // 401: no token, garbage, a session cookie alone, an expired token, a disabled owner.
    let body = json!({ "items": [item(k1, y, "1")] });
    let expired = "hoshin_pat_expiredexpiredexpiredexpiredexpiredexp";
    let tx = store.begin().await.unwrap();
    tx.insert_api_token(&NewApiToken {
        user_id: editor.id,
        name: "期限切れ".into(),
        token_hash: token_hash(expired),
        prefix: expired[..15].into(),
        expires_at: Some(1),
    })
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let before = fingerprint(store, &w).await;
    unauthorized(&write(&f.app, None, None, &body).await);
    unauthorized(&write(&f.app, Some("garbage"), None, &body).await);
    unauthorized(&write(&f.app, Some("hoshin_pat_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"), None, &body).await);
    let s = w.session(Who::EditorA).unwrap();
    unauthorized(&write(&f.app, None, Some((&s.cookie, &s.csrf)), &body).await);
    unauthorized(&write(&f.app, Some(expired), None, &body).await);
    assert!(before.diff(&fingerprint(store, &w).await).is_empty(), "a 401 changed something");
    // Wrong media type with a good token.
    let res = hoshin_web::router(f.app.clone())
        .oneshot(
            Request::post("/api/v1/actuals")
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .header(header::CONTENT_TYPE, "text/plain")
                .body(Body::from(body.to_string()))
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    // The owner's rights as they are now: disabled, the token stops.
    let mut off = store.get_user(editor.id).await.unwrap();
    off.disabled = true;
    hoshin_app::accounts::update_user(store, &Actor::System, &off).await.unwrap();
    unauthorized(&write(&f.app, Some(&token), None, &body).await);
    // Moved to department B: A's KPI is refused, B's accepted.
    let mut moved = store.get_user(editor.id).await.unwrap();
    moved.disabled = false;
    moved.departments = vec![w.b.dept.id];
    hoshin_app::accounts::update_user(store, &Actor::System, &moved).await.unwrap();
    let g = write(&f.app, Some(&token), None, &body).await;
    assert_eq!(pointers(&g, StatusCode::FORBIDDEN), ["/items/0/indicator_id"]);
    let g = write(&f.app, Some(&token), None, &json!({ "items": [item(w.b.indicators[0].id, y, "3")] })).await;
    assert_eq!(g.status, StatusCode::OK, "{}", g.body);
}

/// Only the hash is stored: no column of the table holds the token or its secret part.
async fn stored_hashed(db: TestDb) {
    let store = db.store.clone();
    let org = hoshin_app::demo::seed_demo(store.as_ref()).await.unwrap().org_id;
    let input = hoshin_app::accounts::UserInput {
        org_id: org,
        login: "token_owner".into(),
        display_name: "発行 する人".into(),
        password: common::staff::PASSWORD.into(),
        role: Role::Viewer,
        departments: vec![],
    };
    let id = hoshin_app::accounts::create_user(store.as_ref(), &Actor::System, &input).await.unwrap();
    let user = store.get_user(id).await.unwrap();
    let app = App::new(store.clone());
    let made = create_token(&app, &Actor::User(user.clone()), "確認", None).await.unwrap();
    let other = create_token(&app, &Actor::User(user), "二つ目", None).await.unwrap();
    assert_ne!(made.token, other.token);
    use sqlx::{Connection, Row};
    let mut c = sqlx::AnyConnection::connect(&db.url).await.unwrap();
    let rows =
        sqlx::query("SELECT name, token_hash, prefix FROM api_tokens ORDER BY id").fetch_all(&mut c).await.unwrap();
    assert_eq!(rows.len(), 2);
    let stored: String = rows[0].try_get("token_hash").unwrap();
    assert_eq!(stored, token_hash(&made.token));
    assert_eq!(stored.len(), 64);
    for r in &rows {
        for col in ["name", "token_hash", "prefix"] {
            let v: String = r.try_get(col).unwrap();
            assert!(!v.contains(&made.token[11..]) && !v.contains(&made.token[15..40]), "{col} holds the token");
        }
    }
}

/// The OpenAPI document lists the write operation with its bearer scheme; the docs page says
/// how to get a token.
#[tokio::test]
async fn openapi_describes_the_write() {
    let doc = hoshin_web::api::openapi::document();
    let op = &doc["paths"]["/api/v1/actuals"]["post"];
    assert_eq!(op["operationId"], "recordActuals");
    assert_eq!(op["security"], json!([{ "bearerAuth": [] }]));
    assert_eq!(
        op["requestBody"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/ActualsRequest"
    );
    for s in ["200", "400", "401", "403", "404", "409", "415"] {
        assert!(op["responses"][s].is_object(), "{s}");
    }
    let scheme = &doc["components"]["securitySchemes"]["bearerAuth"];
    assert_eq!((scheme["type"].as_str(), scheme["scheme"].as_str()), (Some("http"), Some("bearer")));
    assert_eq!(
        doc["components"]["schemas"]["ActualsRequest"]["properties"]["items"]["maxItems"],
        hoshin_app::bulk_actuals::MAX_ITEMS
    );
    // No GET operation carries the security requirement.
    for (p, item) in doc["paths"].as_object().unwrap() {
        if let Some(get) = item.get("get") {
            assert!(get.get("security").is_none(), "{p}");
        }
    }
    let db = TestDb::sqlite().await.unwrap();
    let app = App::new(db.store.clone());
    common::page(&app, "/api", &["POST /api/v1/actuals", "/manage/account", "Authorization: Bearer", "/items/3/value"])
        .await;
}

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

both_backends!(tokens_through_the_pages, tokens_through_the_pages_sqlite, tokens_through_the_pages_postgres);
both_backends!(writes, writes_sqlite, writes_postgres);
both_backends!(stored_hashed, stored_hashed_sqlite, stored_hashed_postgres);
