//! Issue 11 item 5 (read-only part): the public JSON API under `/api/v1`, on SQLite and
//! PostgreSQL — every endpoint answers the published record the store holds (checked against
//! the store and `hoshin_app::public`), drafts and unpublished themes stay out, cursor windows
//! visit every record exactly once, filters narrow, bad parameters are 400 and missing records
//! 404 as `application/problem+json`, other methods 405, `If-None-Match` gets 304, and the
//! OpenAPI document lists every route (the write endpoint too: see api_write.rs) and
//! describes every demo answer.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code

mod common;

use axum::body::Body;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use common::staff::World;
use common::{api_url, ApiIds};
use hoshin_app::App;
use hoshin_domain::*;
use hoshin_store::{Page, Store};
use hoshin_testkit::TestDb;
use serde_json::Value;
use std::collections::BTreeSet;
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
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    fn head(&self, name: header::HeaderName) -> &str {
        self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
    }
}

async fn send(app: &App, method: Method, uri: &str, etag: Option<&str>) -> Got {
    let mut req = Request::builder().method(method).uri(uri);
    if let Some(t) = etag {
        req = req.header(header::IF_NONE_MATCH, t);
    }
    let res = hoshin_web::router(app.clone()).oneshot(req.body(Body::empty()).unwrap()).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let body = axum::body::to_bytes(res.into_body(), 50 << 20).await.unwrap().to_vec();
    Got { status, headers, body }
}

/// A 200 JSON answer, checked against the OpenAPI schema of its route.
async fn ok(app: &App, uri: &str) -> Value {
    let g = send(app, Method::GET, uri, None).await;
    assert_eq!(g.status, StatusCode::OK, "{uri}: {}", String::from_utf8_lossy(&g.body));
    assert_eq!(g.head(header::CONTENT_TYPE), "application/json", "{uri}");
    assert_eq!(g.head(header::ACCESS_CONTROL_ALLOW_ORIGIN), "*", "{uri}");
    let v = g.json();
    let doc = hoshin_web::api::openapi::document();
    let path = uri.split('?').next().unwrap();
    let endpoint = hoshin_web::api::ENDPOINTS
        .iter()
        .find(|e| matches_pattern(e.path, path))
        .unwrap_or_else(|| panic!("{uri}: no endpoint"));
    validate(&doc, &serde_json::json!({ "$ref": format!("#/components/schemas/{}", endpoint.response) }), &v, uri);
    v
}

fn matches_pattern(pattern: &str, path: &str) -> bool {
    let (a, b): (Vec<&str>, Vec<&str>) = (pattern.split('/').collect(), path.split('/').collect());
    a.len() == b.len() && a.iter().zip(&b).all(|(p, s)| p.starts_with('{') || p == s)
}

/// A small structural JSON Schema check: `$ref`, `oneOf`, `type` (one or several),
/// `properties` / `required` / `additionalProperties: false`, `items`, `enum`, `pattern` (digits only).
fn validate(doc: &Value, schema: &Value, v: &Value, at: &str) {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = r.rsplit('/').next().unwrap();
        let s = &doc["components"]["schemas"][name];
        assert!(s.is_object(), "{at}: unknown schema {name}");
        return validate(doc, s, v, at);
    }
    if let Some(alts) = schema.get("oneOf").and_then(Value::as_array) {
        let fits = alts.iter().filter(|a| std::panic::catch_unwind(|| validate(doc, a, v, at)).is_ok()).count();
        assert_eq!(fits, 1, "{at}: {v} fits {fits} of oneOf");
        return;
    }
    if let Some(t) = schema.get("type") {
        let types: Vec<&str> = match t {
            Value::String(s) => vec![s.as_str()],
            Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
            _ => panic!("bad type"),
        };
        let fits = types.iter().any(|t| match *t {
            "null" => v.is_null(),
            "string" => v.is_string(),
            "integer" => v.is_i64() || v.is_u64(),
            "number" => v.is_number(),
            "boolean" => v.is_boolean(),
            "array" => v.is_array(),
            "object" => v.is_object(),
            _ => false,
        });
        assert!(fits, "{at}: {v} is not {types:?}");
    }
    if let (Some(e), false) = (schema.get("enum").and_then(Value::as_array), v.is_null()) {
        assert!(e.contains(v), "{at}: {v} not in {e:?}");
    }
    if let (Some(_), Some(s)) = (schema.get("pattern"), v.as_str()) {
        assert!(s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit()), "{at}: {s} does not match the pattern");
    }
    if let Some(o) = v.as_object() {
        let props = schema.get("properties").and_then(Value::as_object);
        if let Some(req) = schema.get("required").and_then(Value::as_array) {
            for r in req {
                assert!(o.contains_key(r.as_str().unwrap()), "{at}: missing {r} in {v}");
            }
        }
        for (k, x) in o {
            match props.and_then(|p| p.get(k)) {
                Some(s) => validate(doc, s, x, &format!("{at}.{k}")),
                None => assert!(
                    schema.get("additionalProperties") != Some(&Value::Bool(false)),
                    "{at}: undocumented field {k}"
                ),
            }
        }
    }
    if let (Some(items), Some(a)) = (schema.get("items"), v.as_array()) {
        for (i, x) in a.iter().enumerate() {
            validate(doc, items, x, &format!("{at}[{i}]"));
        }
    }
}

/// Every record of a list, following `next`; each window has at most `limit` items.
async fn walk(app: &App, first: &str, limit: usize) -> Vec<Value> {
    let mut all = Vec::new();
    let mut url = Some(first.to_string());
    let mut windows = 0;
    while let Some(u) = url {
        let v = ok(app, &u).await;
        let items = v["items"].as_array().unwrap();
        assert!(items.len() <= limit, "{u}: {} items, limit {limit}", items.len());
        all.extend(items.iter().cloned());
        url = v["next"].as_str().map(str::to_string);
        windows += 1;
        assert!(windows < 10_000, "no end");
    }
    all
}

fn ids(items: &[Value]) -> Vec<i64> {
    items.iter().map(|v| v["id"].as_i64().unwrap()).collect()
}

/// Ids in ascending order, each once.
fn assert_walk(got: &[i64], want: impl IntoIterator<Item = i64>, what: &str) {
    let want: BTreeSet<i64> = want.into_iter().collect();
    let mut sorted = got.to_vec();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), got.len(), "{what}: a record twice");
    assert_eq!(sorted, got, "{what}: not ordered by id");
    assert_eq!(got.iter().copied().collect::<BTreeSet<_>>(), want, "{what}: not the store's records");
}

async fn demo_api_ids(store: &dyn Store, org: OrgId) -> ApiIds {
    let d = common::demo_ids(store, org).await;
    let indicator = hoshin_app::public::all_indicators(store, org).await.unwrap()[0].id;
    ApiIds {
        org,
        year: FiscalYear::new(2024).unwrap(),
        initiative: d.initiative,
        indicator,
        plan: d.basic_plan,
        node: d.node,
    }
}

async fn published_records(db: TestDb) {
    let report = hoshin_app::demo::seed_demo(db.store.as_ref()).await.unwrap();
    let store = db.store.clone();
    let s = store.as_ref();
    let app = App::new(store.clone());
    let org = report.org_id;
    let o = org.0;
    let d = common::demo_ids(s, org).await;
    let y = FiscalYear::new(2024).unwrap();

    // Organizations, with the 団体コード.
    let orgs = walk(&app, "/api/v1/organizations?limit=1", 1).await;
    let stored = s.list_organizations(Page::first(100)).await.unwrap();
    assert_walk(&ids(&orgs), stored.iter().map(|x| x.id.0), "organizations");
    let one = ok(&app, &format!("/api/v1/organizations/{o}")).await;
    let org_rec = s.get_organization(org).await.unwrap();
    assert_eq!(one["name"], org_rec.name.as_str());
    assert_eq!(one["code"].as_str(), org_rec.code.as_ref().map(|c| c.as_str()));
    assert!(one["code"].is_string(), "the demo city has a code");

    // Years, departments with their stance, published themes.
    let years = ok(&app, &format!("/api/v1/organizations/{o}/years")).await;
    let want: Vec<u16> = s.org_years(&[org]).await.unwrap().into_iter().map(|(_, y)| y.year()).collect();
    let got: Vec<u16> = years["items"].as_array().unwrap().iter().map(|v| v["year"].as_u64().unwrap() as u16).collect();
    assert_eq!(got, want);
    assert!(got.contains(&2024));
    // 和暦 in the path reads the same year.
    let depts = ok(&app, &format!("/api/v1/organizations/{o}/years/2024/departments")).await;
    assert_eq!(
        depts,
        ok(&app, &format!("/api/v1/organizations/{o}/years/{}/departments", hoshin_web::urls::encode("令和6年度")))
            .await
    );
    let policies = s.year_policies(org, y).await.unwrap();
    let items = depts["items"].as_array().unwrap();
    assert_eq!(items.len(), s.list_departments(org).await.unwrap().len());
    assert!(!policies.is_empty());
    for p in &policies {
        let row = items.iter().find(|v| v["id"] == p.department_id.0).unwrap();
        assert_eq!(row["stance"], p.stance.as_str());
    }
    let themes = ok(&app, &format!("/api/v1/organizations/{o}/years/2024/themes")).await;
    assert_walk(
        &ids(themes["items"].as_array().unwrap()),
        s.published_themes(org, y).await.unwrap().iter().map(|t| t.id.0),
        "themes",
    );

    // Initiatives: every one of the year exactly once, windows of 7.
    let year_items = hoshin_app::public::year_initiatives(s, org, y, 100_000).await.unwrap().0;
    assert!(year_items.len() > 7, "more than one window");
    let got = walk(&app, &format!("/api/v1/initiatives?org={o}&year=2024&limit=7&unknown=ignored"), 7).await;
    assert_walk(&ids(&got), year_items.iter().map(|i| i.id.0), "initiatives of 2024");
    // All years, no filter at all.
    let all_years = s.list_initiatives(org, None, Page::first(5000)).await.unwrap();
    let got = walk(&app, "/api/v1/initiatives?limit=1000", 1000).await;
    assert_walk(&ids(&got), all_years.iter().map(|i| i.id.0), "all initiatives");
    // A department (with its 課) as its page lists it.
    let page = hoshin_app::public::department_year(s, org, y, d.dept).await.unwrap();
    let got = walk(&app, &format!("/api/v1/initiatives?org={o}&year=2024&department={}", d.dept.0), 100).await;
    assert_walk(&ids(&got), page.items.iter().map(|i| i.id.0), "a department's initiatives");
    // A plan node.
    let linked = year_items.iter().find_map(|i| i.node_ids.first().copied()).expect("an initiative linked to a node");
    let on_node = s.node_initiatives(linked, Page::first(5000)).await.unwrap();
    assert!(!on_node.is_empty());
    let got = walk(&app, &format!("/api/v1/initiatives?node={}", linked.0), 100).await;
    assert_walk(&ids(&got), on_node.iter().map(|i| i.id.0), "a node's initiatives");

    // One initiative with its indicators and reviews.
    let one = ok(&app, &format!("/api/v1/initiatives/{}", d.initiative.0)).await;
    let rec = s.get_initiative(d.initiative).await.unwrap();
    assert_eq!(one["initiative"]["name"], rec.name.as_str());
    let kpis = s.indicators_of(IndicatorOwner::Initiative(rec.id)).await.unwrap();
    assert_walk(&ids(one["indicators"].as_array().unwrap()), kpis.iter().map(|k| k.id.0), "its indicators");
    let reviews = s.goal_reviews(rec.id).await.unwrap();
    assert_walk(&ids(one["reviews"].as_array().unwrap()), reviews.iter().map(|r| r.id.0), "its reviews");

    // Indicators with actuals, windows of 13; filters by initiative and node.
    let all_kpis = hoshin_app::public::all_indicators(s, org).await.unwrap();
    assert!(all_kpis.len() > 13);
    let got = walk(&app, &format!("/api/v1/indicators?org={o}&limit=13"), 13).await;
    assert_walk(&ids(&got), all_kpis.iter().map(|k| k.id.0), "indicators");
    let got = walk(&app, &format!("/api/v1/indicators?initiative={}", d.initiative.0), 100).await;
    assert_walk(&ids(&got), kpis.iter().map(|k| k.id.0), "an initiative's indicators");
    let node_kpis = s.indicators_of(IndicatorOwner::Node(d.node)).await.unwrap();
    let got = walk(&app, &format!("/api/v1/indicators?node={}", d.node.0), 100).await;
    assert_walk(&ids(&got), node_kpis.iter().map(|k| k.id.0), "a node's indicators");
    let one = ok(&app, &format!("/api/v1/indicators/{}", d.indicator.0)).await;
    let rec = s.get_indicator(d.indicator).await.unwrap();
    assert_eq!(one["name"], rec.name.as_str());
    let actuals: Vec<(u64, String)> = one["actuals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["fiscal_year"].as_u64().unwrap(), a["value"]["text"].as_str().unwrap().to_string()))
        .collect();
    let want: Vec<(u64, String)> =
        rec.actuals.iter().map(|a| (u64::from(a.fiscal_year.year()), a.value.text.clone())).collect();
    assert_eq!(actuals, want);
    assert!(!want.is_empty(), "the demo KPI has actuals");
    // Year filter: every indicator answered belongs to the year as documented.
    let of_year = walk(&app, &format!("/api/v1/indicators?org={o}&year=2024"), 100).await;
    assert!(!of_year.is_empty() && of_year.len() < all_kpis.len(), "the year narrows");

    // Plans, a plan's tree, a node.
    let plans = walk(&app, &format!("/api/v1/plans?org={o}&limit=2"), 2).await;
    assert_walk(&ids(&plans), s.list_plans(org).await.unwrap().iter().map(|p| p.id.0), "plans");
    let plan = ok(&app, &format!("/api/v1/plans/{}", d.basic_plan.0)).await;
    assert_walk(
        &ids(plan["nodes"].as_array().unwrap()).into_iter().collect::<BTreeSet<_>>().into_iter().collect::<Vec<_>>(),
        s.plan_nodes(d.basic_plan).await.unwrap().iter().map(|n| n.id.0),
        "a plan's nodes",
    );
    let node = ok(&app, &format!("/api/v1/nodes/{}", d.node.0)).await;
    assert_eq!(node["code"], "1-1");

    // Reviews of the year.
    let ids_2024: Vec<InitiativeId> = year_items.iter().map(|i| i.id).collect();
    let want: Vec<i64> =
        s.reviews_of(&ids_2024).await.unwrap().into_iter().filter(|r| r.fiscal_year == y).map(|r| r.id.0).collect();
    assert!(!want.is_empty());
    let got = walk(&app, &format!("/api/v1/reviews?org={o}&year=2024&limit=5"), 5).await;
    assert_walk(&ids(&got), want, "reviews of 2024");

    // Every documented endpoint answers its example shape on the demo.
    let api_ids = demo_api_ids(s, org).await;
    for e in hoshin_web::api::ENDPOINTS {
        ok(&app, &api_url(e.path, api_ids)).await;
    }
    // The docs page has a working example for every endpoint, on the demo's records.
    let docs = common::page(&app, "/api", &["公開API"]).await;
    let re = regex::Regex::new(r#"href="(/api/v1[^"]*)""#).unwrap();
    let examples: Vec<String> = re.captures_iter(&docs).map(|c| c[1].replace("&amp;", "&")).collect();
    assert_eq!(examples.len(), hoshin_web::api::ENDPOINTS.len(), "{examples:?}");
    for u in &examples {
        let v = ok(&app, u).await;
        assert!(v.get("items").is_none_or(|i| !i.as_array().unwrap().is_empty()), "{u}: an empty example");
    }
}
both_backends!(published_records, published_records_sqlite, published_records_postgres);

/// A revision's draft rows, draft KPIs and a theme not yet published appear in no answer.
async fn drafts_stay_out(db: TestDb) {
    let w = World::new(db).await;
    let f = w.fork().await;
    let store = f.store();
    let tx = store.begin().await.unwrap();
    let mut draft = w.a.initiatives[0].clone();
    draft.name = "下書きだけの取組".into();
    tx.update_initiative(&draft).await.unwrap();
    let mut kpi = w.a.indicators[0].clone();
    kpi.name = "下書きだけの指標".into();
    tx.update_indicator(&kpi).await.unwrap();
    tx.commit().await.unwrap();
    let o = w.org.0;
    let secrets = ["下書きだけの取組", "下書きだけの指標", "試験用の重点項目"];
    let mut urls = vec![
        format!("/api/v1/initiatives?org={o}&limit=1000"),
        format!("/api/v1/indicators?org={o}&limit=1000"),
        format!("/api/v1/reviews?org={o}&limit=1000"),
    ];
    for y in [w.prev.year(), w.year.year()] {
        urls.push(format!("/api/v1/organizations/{o}/years/{y}/themes"));
        urls.push(format!("/api/v1/organizations/{o}/years/{y}/departments"));
        urls.push(format!("/api/v1/initiatives?org={o}&year={y}&limit=1000"));
        urls.push(format!("/api/v1/initiatives?department={}&year={y}&limit=1000", w.a.dept.id.0));
    }
    // Published themes of every year the organization has; the rest are unpublished.
    let mut years: Vec<FiscalYear> = store.org_years(&[w.org]).await.unwrap().into_iter().map(|(_, y)| y).collect();
    years.extend([w.prev, w.year]);
    let (mut published, mut all_themes) = (BTreeSet::new(), BTreeSet::new());
    for y in years {
        published.extend(store.published_themes(w.org, y).await.unwrap().into_iter().map(|t| t.id.0));
        all_themes.extend(store.list_themes(w.org, y).await.unwrap().into_iter().map(|t| t.id.0));
    }
    let hidden = *all_themes.difference(&published).next().expect("the world has an unpublished theme");
    // A published initiative that points at the unpublished theme shows no theme.
    let mut live =
        hoshin_app::public::department_year(store, w.org, w.prev, w.a.dept.id).await.unwrap().items.remove(0);
    live.theme_id = Some(ThemeId(hidden));
    let tx = store.begin().await.unwrap();
    tx.update_initiative(&live).await.unwrap();
    tx.commit().await.unwrap();
    let one = send(&f.app, Method::GET, &format!("/api/v1/initiatives/{}", live.id.0), None).await.json();
    assert!(one["initiative"]["theme_id"].is_null() && one["theme"].is_null(), "{one}");
    // Nor does its public page (or its printed sheet).
    let hidden_name = store.get_theme(ThemeId(hidden)).await.unwrap().name;
    for page in [format!("/initiatives/{}", live.id.0), format!("/initiatives/{}/sheet", live.id.0)] {
        let g = send(&f.app, Method::GET, &page, None).await;
        assert_eq!(g.status, StatusCode::OK, "{page}");
        assert!(!String::from_utf8_lossy(&g.body).contains(&hidden_name), "{page} shows the unpublished theme");
    }
    let mut lists_with_live = 0;
    for u in &urls {
        let g = send(&f.app, Method::GET, u, None).await;
        assert_eq!(g.status, StatusCode::OK, "{u}");
        let text = String::from_utf8_lossy(&g.body);
        for s in secrets {
            assert!(!text.contains(s), "{u} shows the draft {s}");
        }
        if u.contains("initiatives") {
            for i in g.json()["items"].as_array().unwrap() {
                lists_with_live += usize::from(i["id"] == live.id.0);
                if let Some(t) = i["theme_id"].as_i64() {
                    assert!(published.contains(&t), "{u}: unpublished theme {t} of {}", i["id"]);
                }
            }
        }
    }
    // The keyset lists (organization; organization and year) and the department's list.
    assert_eq!(lists_with_live, 3, "the initiative with the hidden theme is in three lists");
    for u in [format!("/api/v1/initiatives/{}", draft.id.0), format!("/api/v1/indicators/{}", kpi.id.0)] {
        let g = send(&f.app, Method::GET, &u, None).await;
        assert_eq!(g.status, StatusCode::NOT_FOUND, "{u}: a draft row");
        assert_eq!(g.head(header::CONTENT_TYPE), "application/problem+json");
    }
    let g = send(&f.app, Method::GET, &format!("/api/v1/indicators?initiative={}", draft.id.0), None).await;
    assert_eq!(g.status, StatusCode::NOT_FOUND, "a filter naming a draft row");
}
both_backends!(drafts_stay_out, drafts_stay_out_sqlite, drafts_stay_out_postgres);

/// Errors are problem details with the right status, type and a Japanese title.
async fn problems(db: TestDb) {
    let report = hoshin_app::demo::seed_demo(db.store.as_ref()).await.unwrap();
    let app = App::new(db.store.clone());
    let o = report.org_id.0;
    let cases: Vec<(Method, String, StatusCode)> = vec![
        (Method::GET, "/api/v1/initiatives?org=abc".into(), StatusCode::BAD_REQUEST),
        (Method::GET, "/api/v1/initiatives?year=西暦".into(), StatusCode::BAD_REQUEST),
        (Method::GET, "/api/v1/initiatives?limit=0".into(), StatusCode::BAD_REQUEST),
        (Method::GET, "/api/v1/initiatives?limit=1001".into(), StatusCode::BAD_REQUEST),
        (Method::GET, "/api/v1/indicators?cursor=%%%".into(), StatusCode::BAD_REQUEST),
        (Method::GET, "/api/v1/reviews?cursor=bm90LWFuLWlk".into(), StatusCode::BAD_REQUEST),
        (Method::GET, format!("/api/v1/organizations/{o}/years/abc/themes"), StatusCode::BAD_REQUEST),
        (Method::GET, "/api/v1/initiatives/not-a-number".into(), StatusCode::NOT_FOUND),
        (Method::GET, "/api/v1/organizations/None/years".into(), StatusCode::NOT_FOUND),
        (Method::GET, "/api/v1/initiatives/999999".into(), StatusCode::NOT_FOUND),
        (Method::GET, "/api/v1/organizations/999999".into(), StatusCode::NOT_FOUND),
        (Method::GET, "/api/v1/initiatives?org=999999".into(), StatusCode::NOT_FOUND),
        (Method::GET, "/api/v1/no-such-thing".into(), StatusCode::NOT_FOUND),
        (Method::POST, "/api/v1/organizations".into(), StatusCode::METHOD_NOT_ALLOWED),
        (Method::DELETE, "/api/v1/initiatives/1".into(), StatusCode::METHOD_NOT_ALLOWED),
    ];
    for (m, u, status) in cases {
        let g = send(&app, m.clone(), &u, None).await;
        assert_eq!(g.status, status, "{m} {u}: {}", String::from_utf8_lossy(&g.body));
        assert_eq!(g.head(header::CONTENT_TYPE), "application/problem+json", "{m} {u}");
        let v = g.json();
        assert_eq!(v["status"], status.as_u16(), "{u}");
        assert_eq!(v["type"], format!("/api#error-{}", status.as_u16()));
        let title = v["title"].as_str().unwrap();
        assert!(title.chars().any(|c| c > '\u{3000}'), "{u}: a Japanese title: {title}");
        assert!(v["detail"].as_str().is_some_and(|d| !d.is_empty()));
        if status == StatusCode::METHOD_NOT_ALLOWED {
            assert!(g.head(header::ALLOW).contains("GET"), "{u}: Allow");
        }
    }
    // The pages keep their HTML error page.
    let g = send(&app, Method::GET, "/initiatives/999999", None).await;
    assert!(g.head(header::CONTENT_TYPE).starts_with("text/html"));
}
both_backends!(problems, problems_sqlite, problems_postgres);

/// Answers go through the page cache: an ETag, 304 on `If-None-Match`, a new ETag after a write.
#[tokio::test]
async fn etags_and_304() {
    let db = TestDb::sqlite().await.unwrap();
    let report = hoshin_app::demo::seed_demo(db.store.as_ref()).await.unwrap();
    let app = App::new(db.store.clone());
    let u = format!("/api/v1/organizations/{}", report.org_id.0);
    let first = send(&app, Method::GET, &u, None).await;
    let etag = first.head(header::ETAG).to_string();
    assert!(etag.starts_with('"'), "an ETag: {etag:?}");
    assert_eq!(first.head(header::CACHE_CONTROL), "no-cache");
    let again = send(&app, Method::GET, &u, Some(&etag)).await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.body.is_empty());
    assert_eq!(again.head(header::ACCESS_CONTROL_ALLOW_ORIGIN), "*");
    // Another origin's script asks before sending If-None-Match.
    let pre = send(&app, Method::OPTIONS, &u, None).await;
    assert_eq!(pre.status, StatusCode::NO_CONTENT);
    assert_eq!(pre.head(header::ACCESS_CONTROL_ALLOW_ORIGIN), "*");
    assert!(pre.head(header::ACCESS_CONTROL_ALLOW_HEADERS).contains("If-None-Match"));
    assert_eq!(first.head(header::ACCESS_CONTROL_EXPOSE_HEADERS), "ETag");
    // A write that the public sees moves the ETag.
    let mut o = db.store.get_organization(report.org_id).await.unwrap();
    o.prefecture = Some("改名県".into());
    let tx = db.store.begin().await.unwrap();
    tx.update_organization(&o).await.unwrap();
    tx.commit().await.unwrap();
    let after = send(&app, Method::GET, &u, Some(&etag)).await;
    assert_eq!(after.status, StatusCode::OK, "changed data is not 304");
    assert!(String::from_utf8_lossy(&after.body).contains("改名県"));
}

/// The OpenAPI document parses, is 3.1, and lists exactly the routes the API serves; every
/// `/api/v1` route literal in the router's sources is one of them.
#[tokio::test]
async fn openapi_lists_every_route() {
    let db = TestDb::sqlite().await.unwrap();
    let app = App::new(db.store.clone());
    let g = send(&app, Method::GET, "/api/openapi.json", None).await;
    assert_eq!(g.status, StatusCode::OK);
    let doc = g.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1."), "{}", doc["openapi"]);
    let paths: BTreeSet<String> = doc["paths"].as_object().unwrap().keys().cloned().collect();
    let served: BTreeSet<String> = hoshin_web::api::ENDPOINTS
        .iter()
        .map(|e| e.path.to_string())
        .chain(hoshin_web::api::WRITES.iter().map(|e| e.path.to_string()))
        .collect();
    assert_eq!(paths, served);
    // Every schema a path names exists (reads: GET; writes: POST with a request body).
    for (p, item) in doc["paths"].as_object().unwrap() {
        let op = item.get("get").or_else(|| item.get("post")).unwrap_or_else(|| panic!("{p}: no operation"));
        let mut refs = vec![op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].as_str().unwrap()];
        if let Some(r) = op["requestBody"]["content"]["application/json"]["schema"]["$ref"].as_str() {
            refs.push(r);
        }
        for r in refs {
            let name = r.rsplit('/').next().unwrap();
            assert!(doc["components"]["schemas"][name].is_object(), "{p}: {name}");
        }
    }
    // Routes are registered only from the endpoint table: any other `/api/v1` route literal in
    // the sources that build the router must be documented.
    let sources = [include_str!("../src/router.rs"), include_str!("../src/api/mod.rs")];
    let re = regex::Regex::new(r#"\.route\(\s*"(/api/v1[^"]*)""#).unwrap();
    for src in sources {
        for c in re.captures_iter(src) {
            assert!(paths.contains(&c[1]), "route {} is served but not in the OpenAPI document", &c[1]);
        }
        for line in src.lines().filter(|l| l.trim_start().starts_with("path: \"/api/v1")) {
            let p = line.split('"').nth(1).unwrap();
            assert!(paths.contains(p), "{p}");
        }
    }
    // The docs page lists every endpoint and parameter (that each documented path is served is
    // checked on the demo by `published_records`).
    let docs = common::page(&app, "/api", &["公開API", "/api/openapi.json"]).await;
    for e in hoshin_web::api::ENDPOINTS {
        assert!(docs.contains(e.path), "the docs page lists {}", e.path);
        for p in e.params {
            assert!(docs.contains(p.name));
        }
    }
    for e in hoshin_web::api::WRITES {
        assert!(docs.contains(&format!("POST {}", e.path)), "the docs page lists {}", e.path);
    }
    assert!(!docs.contains("<script"), "no scripts on the docs page");
}
