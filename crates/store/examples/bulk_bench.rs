//! Times the bulk path: `cargo run -p hoshin-store --example bulk_bench -- URL ORGS`.
//! Each organization gets 10 departments, a 50-node plan, 1,150 initiatives (2 node links
//! each), 575 indicators with 3 actuals each: the per-municipality load of `hoshin gen`.

use hoshin_domain::*;
use std::time::Instant;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let url = args.get(1).cloned().unwrap_or_else(|| "sqlite:///tmp/hoshin-bench.db".into());
    let orgs: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(20);
    let store = hoshin_store::open(&url).await?;
    let fy = |y: i64| FiscalYear::new(y);
    let started = Instant::now();
    let (mut t_ini, mut t_kpi, mut t_commit) = (0.0, 0.0, 0.0);
    for o in 0..orgs {
        let tx = store.begin().await?;
        let org = tx
            .insert_organization(&NewOrganization { name: format!("架空市{o}"), code: None, prefecture: None })
            .await?;
        let depts = tx
            .insert_departments_batch(
                &(0..10)
                    .map(|d| NewDepartment { org_id: org, parent_id: None, name: format!("第{d}部"), sort_order: d })
                    .collect::<Vec<_>>(),
            )
            .await?;
        let plan = tx
            .insert_plan(&NewPlan {
                org_id: org,
                kind: PlanKind::Basic,
                title: "基本計画".into(),
                parent_plan_id: None,
                period_start: Some(fy(2021)?),
                period_end: Some(fy(2030)?),
            })
            .await?;
        let nodes = tx
            .insert_nodes_batch(
                &(0..50)
                    .map(|n| NewPlanNode {
                        plan_id: Some(plan),
                        kind_label: "施策".into(),
                        code: Some(format!("{n}")),
                        title: format!("施策{n}"),
                        sort_order: n,
                        ..NewPlanNode::default()
                    })
                    .collect::<Vec<_>>(),
            )
            .await?;
        let mut rows = Vec::with_capacity(1_150);
        for n in 0..1_150usize {
            rows.push(NewInitiative {
                department_id: Some(depts[n % 10]),
                fiscal_year: Some(fy(2021 + (n % 10) as i64)?),
                summary: Some(format!("取組{n}の概要。市民サービスの向上を図る。")),
                sdg_goals: vec![SdgGoal::new((n % 17 + 1) as i64)?],
                milestones: vec![Milestone { text: "上半期 実施".into(), due: None, done: false }],
                node_ids: vec![nodes[n % 50], nodes[(n + 7) % 50]],
                ..NewInitiative::named(org, InitiativeKind::Annual, format!("取組{n}"))
            });
        }
        let t0 = Instant::now();
        let ids = tx.insert_initiatives_batch(&rows).await?;
        t_ini += t0.elapsed().as_secs_f64();
        let mut kpis = Vec::with_capacity(575);
        for (n, id) in ids.iter().step_by(2).enumerate() {
            kpis.push(NewIndicator {
                org_id: org,
                owner: Some(IndicatorOwner::Initiative(*id)),
                name: format!("指標{n}"),
                unit: Some("件".into()),
                direction: Direction::Up,
                cumulative: false,
                baseline: Some(Quantity::parse("100件")),
                baseline_year: Some(fy(2020)?),
                baseline_note: None,
                target: Some(Quantity::parse("150件")),
                target_year: Some(fy(2030)?),
                actuals: (0..3)
                    .map(|y| {
                        Ok(Actual { fiscal_year: fy(2021 + y)?, value: Quantity::parse(&format!("{}件", 100 + y)) })
                    })
                    .collect::<Result<Vec<_>, DomainError>>()?,
                sort_order: 0,
            });
        }
        let t0 = Instant::now();
        tx.insert_indicators_batch(&kpis).await?;
        t_kpi += t0.elapsed().as_secs_f64();
        let t0 = Instant::now();
        tx.commit().await?;
        t_commit += t0.elapsed().as_secs_f64();
    }
    let secs = started.elapsed().as_secs_f64();
    println!("initiatives {t_ini:.1} s, indicators {t_kpi:.1} s, commits {t_commit:.1} s");
    for t in store.stats().await? {
        println!("{:>20} {:>10}", t.table, t.rows);
    }
    println!(
        "{orgs} organizations in {secs:.1} s ({:.2} s each); {} bytes",
        secs / orgs as f64,
        store.size_bytes().await?
    );
    Ok(())
}
