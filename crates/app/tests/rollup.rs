//! The plan-tree roll-up through `app::public::rollup::plan_progress`, on SQLite and
//! PostgreSQL, over a small plan built by hand so every figure can be worked out on paper:
//! node KPIs count by their achievement, linked published initiatives by their progress in
//! the year, drafts and other years not at all, and parents take the mean of their parts.
#![allow(clippy::unwrap_used)]

use hoshin_app::access::Actor;
use hoshin_app::accounts::{create_user, UserInput};
use hoshin_app::plan_weights::{set_weights, weights, WeightEntry};
use hoshin_app::public::rollup::plan_progress;
use hoshin_app::AppError;
use hoshin_domain::*;
use hoshin_store::{Backend, Page, Store};
use hoshin_testkit::fixtures::{actual, fy, indicator, initiative, node, org, plan, review};
use hoshin_testkit::TestDb;
use std::collections::HashMap;

async fn run(backend: Backend) {
    let db = TestDb::new(backend).await.unwrap();
    let store: &dyn Store = db.store.as_ref();
    let tx = store.begin().await.unwrap();
    let o = tx.insert_organization(&org("進捗市")).await.unwrap();
    let p = tx.insert_plan(&plan(o, PlanKind::Comprehensive, "総合計画")).await.unwrap();
    // 1 政策 ─┬─ 2 施策: KPI 120→150 with 135 in 2024 (50 %), KPI reached (100 %)
    //         ├─ 3 施策: initiatives of 2024 at 20 % and 60 %; one of 2023 at 100 % (other year)
    //         └─ 4 施策: nothing measured
    let n1 = tx.insert_node(&node(p, None, "1", "安心して暮らせるまち", 0)).await.unwrap();
    let n2 = tx.insert_node(&node(p, Some(n1), "1-1", "地域の見守り", 0)).await.unwrap();
    let n3 = tx.insert_node(&node(p, Some(n1), "1-2", "子育て支援", 1)).await.unwrap();
    let n4 = tx.insert_node(&node(p, Some(n1), "1-3", "防災", 2)).await.unwrap();
    let half = NewIndicator {
        actuals: vec![actual(2024, "135件")],
        ..indicator(o, Some(IndicatorOwner::Node(n2)), "見守り件数")
    };
    let full = NewIndicator {
        actuals: vec![actual(2024, "150件")],
        ..indicator(o, Some(IndicatorOwner::Node(n2)), "協力店数")
    };
    tx.insert_indicator(&half).await.unwrap();
    tx.insert_indicator(&full).await.unwrap();
    for (year, name, progress) in [(2024, "相談窓口", 20), (2024, "一時預かり", 60), (2023, "前年度の取組", 100)]
    {
        let new = NewInitiative { node_ids: vec![n3], ..initiative(o, None, year, name) };
        let id = tx.insert_initiative(&new).await.unwrap();
        tx.insert_goal_review(&review(id, year, progress)).await.unwrap();
    }
    tx.commit().await.unwrap();

    let got = plan_progress(store, p, Some(fy(2024)), fy(2026)).await.unwrap();
    assert_eq!(got.year, Some(fy(2024)));
    let pct = |n: NodeId| got.nodes[&n].percent();
    assert_eq!((pct(n2), got.nodes[&n2].measures), (Some(75), 2), "(50 % + 100 %) / 2");
    assert_eq!((pct(n3), got.nodes[&n3].measures), (Some(40), 2), "(20 % + 60 %) / 2; 2023's is another year");
    assert_eq!((pct(n4), got.nodes[&n4].measures), (None, 0));
    assert_eq!((pct(n1), got.nodes[&n1].measures), (Some(58), 4), "(75 % + 40 %) / 2; 防災 left out");

    // Without a year: the latest measured one up to today's (2024 here, not 2026).
    let latest = plan_progress(store, p, None, fy(2026)).await.unwrap();
    assert_eq!(latest.year, Some(fy(2024)));
    assert_eq!(latest.nodes, got.nodes);
    // A year with nothing but last year's KPI figure: KPIs count as of that year.
    let y23 = plan_progress(store, p, Some(fy(2023)), fy(2026)).await.unwrap();
    assert_eq!(y23.nodes[&n3].percent(), Some(100));
    assert_eq!(y23.nodes[&n2].percent(), None, "no actual up to 2023");

    // Weights: planning makes 地域の見守り count three times; editors may not; a stale form is
    // refused whole; every change is audited.
    let dept = store.begin().await.unwrap();
    let d = dept.insert_department(&hoshin_testkit::fixtures::department(o, "福祉部", 0)).await.unwrap();
    dept.commit().await.unwrap();
    let planner = actor(store, o, "kikaku", Role::Planning, vec![]).await;
    let editor = actor(store, o, "fukushi", Role::Editor, vec![d]).await;
    let heavier = [WeightEntry { node: n2, shown: 1.0, weight: 3.0 }];
    let err = set_weights(store, &editor, p, &heavier).await.unwrap_err();
    assert!(matches!(err, AppError::Forbidden(_)), "{err:?}");
    assert_eq!(set_weights(store, &planner, p, &heavier).await.unwrap(), 1);
    let weighted = plan_progress(store, p, Some(fy(2024)), fy(2026)).await.unwrap();
    assert_eq!(weighted.nodes[&n1].percent(), Some(66), "(3 × 75 % + 40 %) / 4 = 66.25 %");
    let stale = [WeightEntry { node: n3, shown: 1.0, weight: 0.0 }, WeightEntry { node: n2, shown: 1.0, weight: 2.0 }];
    let err = set_weights(store, &planner, p, &stale).await.unwrap_err();
    assert!(matches!(err, AppError::Stale(_)), "{err:?}");
    assert_eq!(weights(store, p).await.unwrap(), HashMap::from([(n2, 3.0)]), "nothing of the stale form saved");
    // Back to 1: the row goes (the default), and the trail has both changes.
    set_weights(store, &planner, p, &[WeightEntry { node: n2, shown: 3.0, weight: 1.0 }]).await.unwrap();
    assert!(weights(store, p).await.unwrap().is_empty());
    let trail = store.audit_trail("plan_node_weights", n2.0, Page::first(10)).await.unwrap();
    assert_eq!(trail.len(), 2);
    // A node of another plan is not this plan's.
    let other = store.begin().await.unwrap();
    let p2 = other.insert_plan(&plan(o, PlanKind::Comprehensive, "別の計画")).await.unwrap();
    other.commit().await.unwrap();
    let err = set_weights(store, &planner, p2, &[WeightEntry { node: n2, shown: 1.0, weight: 2.0 }]).await.unwrap_err();
    assert!(matches!(err, AppError::Invalid { .. }), "{err:?}");
}

async fn actor(store: &dyn Store, org: OrgId, login: &str, role: Role, depts: Vec<DepartmentId>) -> Actor {
    let input = UserInput {
        org_id: org,
        login: login.into(),
        display_name: login.into(),
        password: "試験用のパスワード123".into(),
        role,
        departments: depts,
    };
    let id = create_user(store, &Actor::System, &input).await.unwrap();
    Actor::User(store.get_user(id).await.unwrap())
}

#[tokio::test]
async fn rollup_sqlite() {
    run(Backend::Sqlite).await;
}

#[tokio::test]
async fn rollup_postgres() {
    run(Backend::Postgres).await;
}
