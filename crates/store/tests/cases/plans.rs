//! Plans and their trees: roots, children, whole-plan listing, subtree deletion.

use anyhow::Result;
use hoshin_domain::*;
use hoshin_store::{Page, StoreError};
use hoshin_testkit::{fixtures::*, TestDb};

pub async fn plan_tree_queries(db: TestDb) -> Result<()> {
    let s = &db.store;
    let tx = s.begin().await?;
    let org = tx.insert_organization(&org("ひばり市")).await?;
    let top = tx.insert_plan(&plan(org, PlanKind::Comprehensive, "第6次ひばり市総合計画")).await?;
    let basic =
        tx.insert_plan(&NewPlan { parent_plan_id: Some(top), ..plan(org, PlanKind::Basic, "前期基本計画") }).await?;
    let r2 = tx.insert_node(&node(basic, None, "2", "安心して暮らせるまち", 2)).await?;
    let r1 = tx.insert_node(&node(basic, None, "1", "学びあうまち", 1)).await?;
    let c12 = tx.insert_node(&node(basic, Some(r1), "1-2", "生涯学習", 2)).await?;
    let c11 = tx.insert_node(&node(basic, Some(r1), "1-1", "学校教育", 1)).await?;
    // A node given only its parent takes the parent's plan.
    let leaf = tx
        .insert_node(&NewPlanNode {
            parent_id: Some(c11),
            kind_label: "基本施策".into(),
            code: Some("1-1-①".into()),
            title: "学力の向上".into(),
            vision: Some("子どもが自ら学ぶ".into()),
            current_issues: Some("学習時間が短い".into()),
            sdgs_direction: Some("質の高い教育".into()),
            sdg_goals: vec![SdgGoal::new(4)?, SdgGoal::new(10)?],
            ..NewPlanNode::default()
        })
        .await?;
    tx.commit().await?;

    let plans = s.list_plans(org).await?;
    assert_eq!(plans.len(), 2);
    assert_eq!(s.get_plan(basic).await?.parent_plan_id, Some(top));
    assert_eq!(s.get_plan(top).await?.period_end.map(|y| y.year()), Some(2030));
    let ids = |v: Vec<PlanNode>| v.into_iter().map(|n| n.id).collect::<Vec<_>>();
    assert_eq!(ids(s.root_nodes(basic).await?), vec![r1, r2]);
    assert_eq!(ids(s.child_nodes(r1).await?), vec![c11, c12]);
    assert!(s.child_nodes(r2).await?.is_empty());
    assert!(s.root_nodes(top).await?.is_empty());
    let all = s.plan_nodes(basic).await?;
    assert_eq!(all.len(), 5);
    assert_eq!(all.iter().filter(|n| n.parent_id.is_none()).count(), 2);

    let got = s.get_node(leaf).await?;
    assert_eq!(got.plan_id, basic);
    assert_eq!(got.code.as_deref(), Some("1-1-①"));
    assert_eq!(got.sdg_goals.iter().map(|g| g.number()).collect::<Vec<_>>(), vec![4, 10]);
    assert_eq!(got.vision.as_deref(), Some("子どもが自ら学ぶ"));
    // Its ancestors in one read, the root first; as many as asked for at most.
    assert_eq!(ids(s.node_ancestors(leaf, 16).await?), vec![r1, c11]);
    assert_eq!(s.node_ancestors(leaf, 16).await?[0], s.get_node(r1).await?);
    assert_eq!(ids(s.node_ancestors(leaf, 1).await?), vec![c11]);
    assert!(s.node_ancestors(leaf, 0).await?.is_empty());
    assert!(s.node_ancestors(r1, 16).await?.is_empty());

    // Move the leaf under 1-2 and rename it.
    let tx = s.begin().await?;
    let mut moved = got.clone();
    moved.parent_id = Some(c12);
    moved.title = "学び直しの支援".into();
    assert_eq!(tx.update_node(&moved).await?, 2);
    tx.commit().await?;
    assert_eq!(ids(s.child_nodes(c12).await?), vec![leaf]);
    assert!(s.child_nodes(c11).await?.is_empty());

    // A node must belong to its parent's plan.
    let tx = s.begin().await?;
    let wrong = tx.insert_node(&NewPlanNode { parent_id: Some(r1), ..node(top, None, "x", "x", 0) }).await;
    assert!(matches!(wrong, Err(StoreError::Invalid(_))), "{wrong:?}");
    drop(tx);
    assert_eq!(s.list_initiatives(org, None, Page::default()).await?.len(), 0);
    Ok(())
}

pub async fn deleting_a_node_removes_its_subtree(db: TestDb) -> Result<()> {
    let s = &db.store;
    let tx = s.begin().await?;
    let org = tx.insert_organization(&org("つばめ村")).await?;
    let p = tx.insert_plan(&plan(org, PlanKind::Basic, "基本計画")).await?;
    let a = tx.insert_node(&node(p, None, "1", "政策1", 1)).await?;
    let b = tx.insert_node(&node(p, Some(a), "1-1", "施策1-1", 1)).await?;
    let c = tx.insert_node(&node(p, Some(b), "1-1-1", "取組1-1-1", 1)).await?;
    let keep = tx.insert_node(&node(p, None, "2", "政策2", 2)).await?;
    let ini = tx
        .insert_initiative(&NewInitiative { node_ids: vec![c, keep], ..initiative(org, None, 2024, "取組A") })
        .await?;
    tx.commit().await?;

    let tx = s.begin().await?;
    tx.delete_node(a, 1).await?;
    tx.commit().await?;
    for gone in [a, b, c] {
        assert!(matches!(s.get_node(gone).await, Err(StoreError::NotFound { .. })));
    }
    assert_eq!(s.plan_nodes(p).await?.len(), 1);
    assert_eq!(s.get_initiative(ini).await?.node_ids, vec![keep], "links to deleted nodes go too");

    let tx = s.begin().await?;
    tx.delete_plan(p, 1).await?;
    tx.commit().await?;
    assert!(matches!(s.get_node(keep).await, Err(StoreError::NotFound { .. })));
    Ok(())
}

/// What `plan_progress` must hold: the join it is kept for (migration 0015), computed afresh.
const PROGRESS_JOIN: &str = "SELECT n.plan_id, l.node_id, i.id, r.fiscal_year, r.progress \
     FROM initiatives i JOIN initiative_nodes l ON l.initiative_id = i.id \
     JOIN plan_nodes n ON n.id = l.node_id JOIN goal_reviews r ON r.initiative_id = i.id \
     WHERE i.revision_id IS NULL AND r.progress IS NOT NULL \
     AND (i.fiscal_year IS NULL OR i.fiscal_year = r.fiscal_year) ORDER BY 1, 2, 3, 4";
const PROGRESS_ROWS: &str = "SELECT plan_id, node_id, initiative_id, fiscal_year, progress FROM plan_progress \
     ORDER BY 1, 2, 3, 4";

type ProgressRow = (i64, i64, i64, i64, i64);

async fn progress_rows(c: &mut sqlx::AnyConnection, sql: &str) -> Result<Vec<ProgressRow>> {
    use sqlx::Row;
    let rows = sqlx::query(sql).fetch_all(&mut *c).await?;
    rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?, r.try_get(4)?))).collect()
}

/// Migration 0015: the progress rows a plan tree reads follow every write to the four tables
/// they are derived from, whoever writes (the store, or plain SQL as an import or an
/// administrator would), and `plan_progress_figures` reads them by node, initiative and year.
pub async fn progress_rows_follow_every_write(db: TestDb) -> Result<()> {
    use sqlx::Connection;
    let s = &db.store;
    let tx = s.begin().await?;
    let org = tx.insert_organization(&org("すずらん市")).await?;
    let dept = tx.insert_department(&department(org, "企画部", 1)).await?;
    let p1 = tx.insert_plan(&plan(org, PlanKind::Basic, "基本計画")).await?;
    let p2 = tx.insert_plan(&plan(org, PlanKind::Basic, "実施計画")).await?;
    let a = tx.insert_node(&node(p1, None, "1", "安全", 1)).await?;
    let b = tx.insert_node(&node(p1, Some(a), "1-1", "防災", 1)).await?;
    let c = tx.insert_node(&node(p2, None, "1", "健康", 1)).await?;
    let yearly = tx
        .insert_initiative(&NewInitiative { node_ids: vec![a, b], ..initiative(org, Some(dept), 2024, "避難訓練") })
        .await?;
    let whole = tx
        .insert_initiative(&NewInitiative {
            fiscal_year: None,
            node_ids: vec![b],
            ..initiative(org, Some(dept), 2024, "計画期間の取組")
        })
        .await?;
    for (i, y, p) in [(yearly, 2024, 40), (yearly, 2025, 70), (whole, 2023, 10), (whole, 2024, 30)] {
        tx.insert_goal_review(&review(i, y, p)).await?;
    }
    tx.commit().await?;

    let mut sql = sqlx::AnyConnection::connect(&db.url).await?;
    let expected = progress_rows(&mut sql, PROGRESS_JOIN).await?;
    // The review of `yearly` in 2025 is not of its year; `whole` counts in every year.
    assert_eq!(expected.len(), 1 + 1 + 2, "{expected:?}");
    assert_eq!(progress_rows(&mut sql, PROGRESS_ROWS).await?, expected);
    let figures = s.plan_progress_figures(p1, fy(2020), fy(2030)).await?;
    let shown: Vec<(NodeId, u16, u8)> = figures.iter().map(|(n, y, p)| (*n, y.year(), *p)).collect();
    assert!(yearly.0 < whole.0);
    assert_eq!(shown, vec![(a, 2024, 40), (b, 2024, 40), (b, 2023, 10), (b, 2024, 30)]);
    assert_eq!(s.plan_progress_figures(p1, fy(2024), fy(2024)).await?.len(), 3);

    let revision: i64 = sqlx::query_scalar(
        "INSERT INTO policy_revisions (department_id, fiscal_year, number, state, created_at, updated_at) \
         VALUES ($1, 2024, 1, 'draft', 0, 0) RETURNING id",
    )
    .bind(dept.0)
    .fetch_one(&mut sql)
    .await?;
    let writes = [
        format!("UPDATE goal_reviews SET progress = 55 WHERE initiative_id = {} AND fiscal_year = 2024", yearly.0),
        format!("UPDATE goal_reviews SET progress = NULL WHERE initiative_id = {} AND fiscal_year = 2023", whole.0),
        format!("UPDATE initiatives SET fiscal_year = 2025 WHERE id = {}", yearly.0),
        format!("INSERT INTO initiative_nodes (initiative_id, node_id, position, created_at, updated_at) VALUES ({}, {}, 1, 0, 0)", whole.0, c.0),
        format!("UPDATE initiative_nodes SET node_id = {} WHERE initiative_id = {} AND node_id = {}", a.0, whole.0, b.0),
        format!("UPDATE plan_nodes SET plan_id = {} WHERE id = {}", p2.0, a.0),
        format!("UPDATE initiatives SET revision_id = {revision} WHERE id = {}", whole.0),
        format!("UPDATE initiatives SET revision_id = NULL WHERE id = {}", whole.0),
        format!("UPDATE goal_reviews SET fiscal_year = 2022 WHERE initiative_id = {} AND fiscal_year = 2024", whole.0),
        format!("DELETE FROM goal_reviews WHERE initiative_id = {} AND fiscal_year = 2025", yearly.0),
        format!("INSERT INTO goal_reviews (initiative_id, fiscal_year, progress, created_at, updated_at) VALUES ({}, 2025, 90, 0, 0)", yearly.0),
        format!("DELETE FROM initiative_nodes WHERE initiative_id = {} AND node_id = {}", yearly.0, b.0),
        format!("DELETE FROM plan_nodes WHERE id = {}", c.0),
        format!("DELETE FROM initiatives WHERE id = {}", yearly.0),
        format!("DELETE FROM plans WHERE id = {}", p1.0),
    ];
    let mut seen = vec![expected];
    for write in &writes {
        sqlx::query(write).execute(&mut sql).await?;
        let expected = progress_rows(&mut sql, PROGRESS_JOIN).await?;
        assert_eq!(progress_rows(&mut sql, PROGRESS_ROWS).await?, expected, "after {write}");
        seen.push(expected);
    }
    // The writes did change the figures, and not only by removing them.
    assert!(seen.windows(2).filter(|w| w[0] != w[1]).count() >= 10, "{seen:?}");
    assert!(seen.windows(2).any(|w| w[1].len() > w[0].len()), "{seen:?}");
    if db.backend() == hoshin_store::Backend::Postgres {
        sqlx::query("TRUNCATE goal_reviews").execute(&mut sql).await?;
        assert!(progress_rows(&mut sql, PROGRESS_ROWS).await?.is_empty());
    }
    Ok(())
}
