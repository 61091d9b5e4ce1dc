//! Bulk inserts: counts, ids in input order across chunk boundaries, links and actuals.

use super::count;
use anyhow::Result;
use hoshin_domain::*;
use hoshin_store::{NewGoalReview, Page};
use hoshin_testkit::{fixtures::*, TestDb};

pub async fn bulk_inserts_count_and_keep_order(db: TestDb) -> Result<()> {
    let s = &db.store;
    let tx = s.begin().await?;
    let org = tx.insert_organization(&org("大量データ市")).await?;
    let depts = tx
        .insert_departments_batch(&(0..12).map(|n| department(org, &format!("第{n}部"), n)).collect::<Vec<_>>())
        .await?;
    let p = tx.insert_plan(&plan(org, PlanKind::Basic, "基本計画")).await?;
    let roots = tx
        .insert_nodes_batch(&(0..5).map(|n| node(p, None, &n.to_string(), &format!("政策{n}"), n)).collect::<Vec<_>>())
        .await?;
    let leaves: Vec<NewPlanNode> = (0..40)
        .map(|n| node(p, Some(roots[(n % 5) as usize]), &format!("{}-{n}", n % 5), &format!("施策{n}"), n))
        .collect();
    let leaves = tx.insert_nodes_batch(&leaves).await?;

    // 4,500 initiatives: more than two full chunks of the 17-column statement.
    let rows: Vec<NewInitiative> = (0..4_500)
        .map(|n| NewInitiative {
            node_ids: vec![leaves[n % 40], roots[n % 5]],
            sdg_goals: vec![SdgGoal::new((n % 17 + 1) as i64).unwrap_or_else(|e| panic!("{e}"))],
            ..initiative(org, Some(depts[n % 12]), 2020 + (n % 3) as i64, &format!("取組{n:05}"))
        })
        .collect();
    let ids = tx.insert_initiatives_batch(&rows).await?;
    assert_eq!(ids.len(), rows.len());
    let indicators: Vec<NewIndicator> = ids
        .iter()
        .take(2_000)
        .enumerate()
        .map(|(n, id)| NewIndicator {
            actuals: vec![actual(2021, &format!("{n}件")), actual(2022, "5件"), actual(2023, "約1.2万件")],
            ..indicator(org, Some(IndicatorOwner::Initiative(*id)), &format!("指標{n}"))
        })
        .collect();
    let kpis = tx.insert_indicators_batch(&indicators).await?;
    let reviews: Vec<NewGoalReview> = ids.iter().take(3_000).map(|id| review(*id, 2024, 60)).collect();
    tx.insert_goal_reviews_batch(&reviews).await?;
    tx.insert_department_policies_batch(&depts.iter().map(|d| policy(*d, 2024, "方針")).collect::<Vec<_>>()).await?;
    tx.commit().await?;

    let stats = s.stats().await?;
    assert_eq!(count(&stats, "departments"), 12);
    assert_eq!(count(&stats, "department_names"), 12);
    assert_eq!(count(&stats, "plan_nodes"), 45);
    assert_eq!(count(&stats, "initiatives"), 4_500);
    assert_eq!(count(&stats, "initiative_nodes"), 9_000);
    assert_eq!(count(&stats, "indicators"), 2_000);
    assert_eq!(count(&stats, "indicator_actuals"), 6_000);
    assert_eq!(count(&stats, "goal_reviews"), 3_000);
    assert_eq!(count(&stats, "department_policies"), 12);

    // Ids line up with the input, including after chunk boundaries.
    for n in [0usize, 1, 1_881, 1_882, 1_883, 3_763, 3_764, 4_499] {
        let got = s.get_initiative(ids[n]).await?;
        assert_eq!(got.name, rows[n].name);
        assert_eq!(got.node_ids, rows[n].node_ids);
        assert_eq!(got.department_id, rows[n].department_id);
    }
    for n in [0usize, 1_390, 1_391, 1_999] {
        let got = s.get_indicator(kpis[n]).await?;
        assert_eq!(got.name, indicators[n].name);
        assert_eq!(got.actuals, indicators[n].actuals);
    }
    assert_eq!(s.get_department(depts[11]).await?.name, "第11部");
    assert_eq!(s.child_nodes(roots[0]).await?.len(), 8);
    assert_eq!(s.count_initiatives(org, Some(fy(2021))).await?, 1_500);
    // Department 0 gets every 12th row, all of them in 2020 (12 is a multiple of 3).
    assert_eq!(s.department_initiatives(depts[0], fy(2020), Page::first(1_000)).await?.len(), 375);
    Ok(())
}
