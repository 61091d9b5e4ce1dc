//! Helpers shared by the web tests: one request through the router (`oneshot`), and ids
//! looked up in the demo city.
#![allow(clippy::unwrap_used, dead_code)]

use axum::body::Body;
use axum::http::{Request, StatusCode};
use hoshin_app::App;
use hoshin_domain::*;
use hoshin_store::{Page, Store};
use tower::ServiceExt;

pub async fn get(app: &App, uri: &str) -> (StatusCode, String) {
    let res = hoshin_web::router(app.clone()).oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.unwrap();
    let status = res.status();
    let bytes = axum::body::to_bytes(res.into_body(), 20 << 20).await.unwrap();
    (status, String::from_utf8(bytes.to_vec()).unwrap())
}

/// GET that must answer 200 and contain every one of `expect`; also checks the page has
/// exactly one h1. Returns the body.
pub async fn page(app: &App, uri: &str, expect: &[&str]) -> String {
    let (status, body) = get(app, uri).await;
    assert_eq!(status, StatusCode::OK, "{uri}: {body}");
    for e in expect {
        assert!(body.contains(e), "{uri} lacks {e:?}:\n{body}");
    }
    assert_eq!(body.matches("<h1").count(), 1, "{uri}: one h1 per page");
    body
}

/// Ids of the demo city the tests visit.
#[derive(Debug)]
pub struct DemoIds {
    pub org: OrgId,
    pub dept: DepartmentId,
    pub basic_plan: PlanId,
    pub node: NodeId,
    pub initiative: InitiativeId,
    pub indicator: IndicatorId,
}

pub async fn demo_ids(store: &dyn Store, org: OrgId) -> DemoIds {
    let depts = store.list_departments(org).await.unwrap();
    let dept = depts.iter().find(|d| d.name == "こども未来部").unwrap().id;
    let plans = store.list_plans(org).await.unwrap();
    let basic_plan = plans.iter().find(|p| p.kind == PlanKind::Basic).unwrap().id;
    let nodes = store.plan_nodes(basic_plan).await.unwrap();
    let node = nodes.iter().find(|n| n.code.as_deref() == Some("1-1")).unwrap().id;
    let y = FiscalYear::new(2024).unwrap();
    let items = store.list_initiatives(org, Some(y), Page::first(500)).await.unwrap();
    let initiative = items.iter().find(|i| i.name == "子育て世代包括支援センターの機能強化").unwrap().id;
    let inds = store.indicators_of(IndicatorOwner::Node(node)).await.unwrap();
    let indicator = inds.iter().find(|i| i.name == "保育所等の待機児童数").unwrap().id;
    DemoIds { org, dept, basic_plan, node, initiative, indicator }
}
pub mod browser;
pub mod staff;

/// `app` with a search index built from its database (in a temp dir kept by the caller).
pub async fn with_index(app: App) -> (App, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let svc = app.start_search(dir.path().join("index")).await;
    let start = std::time::Instant::now();
    while svc.availability() != hoshin_app::search::Availability::Ready {
        assert!(start.elapsed() < std::time::Duration::from_secs(60), "index: {:?}", svc.availability());
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    (app.with_search(svc), dir)
}

/// Ids to put into the API's route patterns (`hoshin_web::api::ENDPOINTS`).
#[derive(Debug, Clone, Copy)]
pub struct ApiIds {
    pub org: OrgId,
    pub year: FiscalYear,
    pub initiative: InitiativeId,
    pub indicator: IndicatorId,
    pub plan: PlanId,
    pub node: NodeId,
}

/// An address for an API route pattern, with `ids` in its parameters.
pub fn api_url(pattern: &str, ids: ApiIds) -> String {
    let id = if pattern.starts_with("/api/v1/initiatives/") {
        ids.initiative.0
    } else if pattern.starts_with("/api/v1/indicators/") {
        ids.indicator.0
    } else if pattern.starts_with("/api/v1/plans/") {
        ids.plan.0
    } else {
        ids.node.0
    };
    pattern
        .replace("{org}", &ids.org.0.to_string())
        .replace("{year}", &ids.year.year().to_string())
        .replace("{id}", &id.to_string())
}
