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
