//! Issue 14, the cold path: how many store reads (round trips) each public page type costs
//! when it is rendered, counted with the store's query counter (`hoshin_db_reads_total` on
//! `/metrics`) on the demo city, SQLite and PostgreSQL. Each page reads a bounded number of
//! times whatever the size of the city (no read per row); a page that starts reading per row
//! or per year fails here.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code

mod common;

use axum::http::StatusCode;
use common::{demo_ids, get};
use hoshin_app::App;
use hoshin_testkit::TestDb;

/// Reads of one request for `uri` (it must answer 200).
async fn reads(app: &App, uri: &str) -> u64 {
    let before = hoshin_app::operations::store_reads(app);
    let (status, body) = get(app, uri).await;
    assert_eq!(status, StatusCode::OK, "{uri}: {body}");
    hoshin_app::operations::store_reads(app) - before
}

async fn bounded_reads(db: TestDb) {
    let report = hoshin_app::demo::seed_demo(db.store.as_ref()).await.unwrap();
    let app = App::new(db.store.clone());
    let ids = demo_ids(db.store.as_ref(), report.org_id).await;
    let (o, d) = (ids.org.0, ids.dept.0);
    // The deepest node of the plan: its ancestors are one read, whatever the depth.
    let nodes = db.store.plan_nodes(ids.basic_plan).await.unwrap();
    let parent = |id: hoshin_domain::NodeId| nodes.iter().find(|m| m.id == id).and_then(|m| m.parent_id);
    let depth = |id| std::iter::successors(parent(id), |&p| parent(p)).count();
    let deepest = nodes.iter().map(|n| n.id).max_by_key(|&id| depth(id)).unwrap();
    assert!(depth(deepest) >= 2, "the demo plan has nodes two levels down");
    // The most reads each page may take: what it takes on the demo city (issue 14; lower is
    // welcome). The year page took 21 before issue 14, one per department's rename history,
    // the plan page up to 18, one per year looked back; the node page one per level above the
    // node until 7 December 2026. The review page reads the interim (中間) reviews and the
    // initiative page the KPIs' yearly targets too (issue 15): one read each.
    let pages = [
        ("/".to_string(), 3),
        (format!("/orgs/{o}"), 3),
        (format!("/orgs/{o}/years/2024"), 10),
        (format!("/orgs/{o}/years/2024/departments/{d}"), 9),
        (format!("/orgs/{o}/years/2024/booklet"), 7),
        (format!("/orgs/{o}/years/2024/departments/{d}/review"), 14),
        (format!("/orgs/{o}/years/2024/compare"), 5),
        (format!("/orgs/{o}/years/2024/departments/{d}/compare"), 5),
        (format!("/orgs/{o}/years/2024/indicators"), 4),
        (format!("/indicators/{}", ids.indicator.0), 6),
        (format!("/plans/{}", ids.basic_plan.0), 7),
        (format!("/plans/{}?year=2024", ids.basic_plan.0), 7),
        (format!("/nodes/{}", ids.node.0), 11),
        (format!("/nodes/{}", deepest.0), 9),
        (format!("/initiatives/{}", ids.initiative.0), 13),
    ];
    let mut over = Vec::new();
    for (uri, max) in &pages {
        let n = reads(&app, uri).await;
        eprintln!("{uri}: {n} reads");
        if n > *max {
            over.push(format!("{uri}: {n} reads (at most {max})"));
        }
    }
    assert!(over.is_empty(), "{over:#?}");
}

#[tokio::test]
async fn every_public_page_reads_a_bounded_number_of_times_sqlite() {
    bounded_reads(TestDb::sqlite().await.unwrap()).await;
}

#[tokio::test]
async fn every_public_page_reads_a_bounded_number_of_times_postgres() {
    bounded_reads(TestDb::postgres().await.unwrap()).await;
}

/// The plan page's roll-up, without a year, finds the latest measured year and its figures in
/// the one read it takes with a year (it took up to ten more, one per year looked back, then
/// one more for the year's figures).
#[tokio::test]
async fn the_plan_roll_up_does_not_read_per_year() {
    let db = TestDb::sqlite().await.unwrap();
    let report = hoshin_app::demo::seed_demo(db.store.as_ref()).await.unwrap();
    let app = App::new(db.store.clone());
    let ids = demo_ids(db.store.as_ref(), report.org_id).await;
    let without = reads(&app, &format!("/plans/{}", ids.basic_plan.0)).await;
    let with = reads(&app, &format!("/plans/{}?year=2024", ids.basic_plan.0)).await;
    assert!(without <= with, "without a year {without} reads, with one {with}");
}
