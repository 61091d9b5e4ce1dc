//! Seeding the demo city twice gives the same database, on SQLite and on PostgreSQL.
#![allow(clippy::unwrap_used)] // helpers shared by the tests below

use hoshin_app::demo::seed_demo;
use hoshin_domain::*;
use hoshin_store::{Backend, Page};
use hoshin_testkit::TestDb;

async fn seed_twice(backend: Backend) {
    let db = TestDb::new(backend).await.unwrap();
    let store = db.store.as_ref();
    let first = seed_demo(store).await.unwrap();
    assert!(first.tally.inserted > 100, "{:?}", first.tally);
    let counts = store.stats().await.unwrap();

    let second = seed_demo(store).await.unwrap();
    assert_eq!(second.org_id, first.org_id);
    assert_eq!((second.tally.inserted, second.tally.updated), (0, 0), "{:?}", second.tally);
    assert_eq!(store.stats().await.unwrap(), counts, "row counts changed on the second run");

    // What the demo promises: departments with sections, two years, continuity, KPIs, reviews.
    let org = first.org_id;
    let depts = store.list_departments(org).await.unwrap();
    assert!(depts.iter().filter(|d| d.parent_id.is_none()).count() >= 10);
    assert!(depts.iter().any(|d| d.parent_id.is_some()));
    let y2024 = FiscalYear::new(2024).unwrap();
    let y2025 = FiscalYear::new(2025).unwrap();
    let later = store.list_initiatives(org, Some(y2025), Page::first(500)).await.unwrap();
    let earlier = store.list_initiatives(org, Some(y2024), Page::first(500)).await.unwrap();
    assert!(!earlier.is_empty() && !later.is_empty());
    let continued: Vec<&Initiative> = later.iter().filter(|i| i.predecessor_id.is_some()).collect();
    assert!(continued.len() < later.len(), "a new initiative in 2025");
    let renamed = continued.iter().any(|i| {
        let prev = earlier.iter().find(|e| Some(e.id) == i.predecessor_id).unwrap();
        prev.name != i.name
    });
    assert!(renamed, "a renamed initiative");
    let dropped = earlier.iter().any(|e| !later.iter().any(|l| l.predecessor_id == Some(e.id)));
    assert!(dropped, "a dropped initiative");
    let reviewed = store.goal_reviews(earlier[0].id).await.unwrap();
    assert_eq!(reviewed.len(), 1);
    let indicators = store.list_indicators(org, Page::first(500)).await.unwrap();
    assert!(indicators.iter().any(|i| i.direction == Direction::Down));
    assert!(indicators.iter().any(|i| i.cumulative));
    assert!(indicators.iter().all(|i| i.owner.is_some()));
    assert!(indicators.iter().any(|i| i.achievement_in(y2024).is_some()));
    let plans = store.list_plans(org).await.unwrap();
    assert!(plans.iter().any(|p| p.kind == PlanKind::BasicPolicy));
    let basic = plans.iter().find(|p| p.kind == PlanKind::Basic).unwrap();
    let nodes = store.plan_nodes(basic.id).await.unwrap();
    assert!(nodes.iter().any(|n| n.code.as_deref() == Some("1-1-1")));
    assert!(nodes.iter().any(|n| n.vision.is_some() && n.current_issues.is_some()));
}

#[tokio::test]
async fn demo_is_idempotent_on_sqlite() {
    seed_twice(Backend::Sqlite).await;
}

#[tokio::test]
async fn demo_is_idempotent_on_postgres() {
    seed_twice(Backend::Postgres).await;
}
