//! What evaluation sheets carry: a program's facts with costs and an indicator's kind with
//! yearly values round-trip, are replaced as a whole, and go with their owner; uploads expire.

use anyhow::Result;
use hoshin_domain::*;
use hoshin_store::NewUpload;
use hoshin_testkit::{fixtures::*, TestDb};

fn cost(year: i64, basis: CostBasis, item: &str, amount: Option<i64>, written: &str) -> Cost {
    Cost { fiscal_year: fy(year), basis, item: item.into(), amount, written: written.into() }
}

pub async fn program_and_indicator_facts(db: TestDb) -> Result<()> {
    let s = &db.store;
    let tx = s.begin().await?;
    let org = tx.insert_organization(&org("かえで市")).await?;
    let p = tx.insert_plan(&plan(org, PlanKind::Basic, "基本計画")).await?;
    let n = tx.insert_node(&node(p, None, "1-2", "子育て支援", 1)).await?;
    let ini = tx.insert_initiative(&initiative(org, None, 2024, "放課後児童クラブ運営")).await?;
    let other = tx.insert_initiative(&initiative(org, None, 2024, "読書推進")).await?;
    let facts = ProgramFacts {
        code: Some("0123".into()),
        plan_path: vec![
            PlanStep { level: "政策".into(), code: Some("1".into()), title: "子育て".into(), node_id: None },
            PlanStep {
                level: "施策".into(), code: Some("1-2".into()), title: "子育て支援".into(), node_id: Some(n)
            },
        ],
        judgements: vec![Judgement { axis: "総合評価".into(), value: "A".into() }],
        direction: Some(ProgramDirection::Expand),
        costs: vec![
            cost(2023, CostBasis::Settlement, "total", Some(1_130_000), "1,130"),
            cost(2023, CostBasis::Settlement, "general_fund", Some(530_000), "530"),
            cost(2024, CostBasis::Budget, "委託料", None, "―"),
        ],
    };
    tx.set_program_facts(ini, &facts).await?;
    let k = tx.insert_indicator(&indicator(org, Some(IndicatorOwner::Initiative(ini)), "利用児童数")).await?;
    let ifacts = IndicatorFacts {
        kind: Some(IndicatorKind::Outcome),
        yearly: vec![
            YearValue { fiscal_year: fy(2024), kind: YearValueKind::Target, value: Quantity::parse("120人") },
            YearValue { fiscal_year: fy(2025), kind: YearValueKind::Plan, value: Quantity::parse("約130人") },
        ],
    };
    tx.set_indicator_facts(k, &ifacts).await?;
    tx.commit().await?;

    let got = s.program_facts(&[ini, other]).await?;
    assert_eq!(got, vec![(ini, facts.clone())]);
    assert_eq!(s.indicator_facts(&[k]).await?, vec![(k, ifacts)]);
    assert_eq!(facts.cost_years(), vec![fy(2023), fy(2024)]);

    // Replaced as a whole; empty facts remove the row and its costs.
    let tx = s.begin().await?;
    let fewer = ProgramFacts { costs: facts.costs[..1].to_vec(), judgements: Vec::new(), ..facts.clone() };
    tx.set_program_facts(ini, &fewer).await?;
    tx.set_indicator_facts(k, &IndicatorFacts::default()).await?;
    tx.commit().await?;
    assert_eq!(s.program_facts(&[ini]).await?, vec![(ini, fewer)]);
    assert!(s.indicator_facts(&[k]).await?.is_empty());
    let tx = s.begin().await?;
    tx.set_program_facts(ini, &ProgramFacts::default()).await?;
    tx.set_program_facts(other, &facts).await?;
    let version = tx.get_initiative(other).await?.meta.version;
    tx.delete_initiative(other, version).await?;
    tx.commit().await?;
    assert!(s.program_facts(&[ini, other]).await?.is_empty());
    let rows = |t: &str, stats: &[hoshin_store::TableCount]| stats.iter().find(|c| c.table == t).map(|c| c.rows);
    let stats = s.stats().await?;
    assert_eq!((rows("program_facts", &stats), rows("initiative_costs", &stats)), (Some(0), Some(0)));
    Ok(())
}

pub async fn uploads_by_batch_expire(db: TestDb) -> Result<()> {
    let s = &db.store;
    let tx = s.begin().await?;
    let org = tx.insert_organization(&org("かえで市")).await?;
    let user = tx
        .insert_user(&NewUser {
            org_id: org,
            login: "kikaku".into(),
            display_name: "企画".into(),
            role: Role::Planning,
            departments: Vec::new(),
            password_hash: "x".into(),
        })
        .await?;
    let up = |position: i64, bytes: &[u8], expires_at: i64| NewUpload {
        batch: "b1".into(),
        org_id: org,
        user_id: user,
        position,
        file_name: format!("f{position}.csv"),
        content_hash: "h".into(),
        bytes: bytes.to_vec(),
        expires_at,
    };
    let bytes: Vec<u8> = (0..=255u8).collect();
    let b = tx.insert_upload(&up(1, &bytes, 2_000)).await?;
    tx.insert_upload(&up(0, b"\x00\xffabc", 1_000)).await?;
    tx.commit().await?;
    let got = s.batch_uploads("b1", 500).await?;
    assert_eq!(got.iter().map(|u| u.position).collect::<Vec<_>>(), [0, 1]);
    assert_eq!(got[1].bytes, bytes, "bytes round-trip exactly");
    assert_eq!(s.batch_uploads("b1", 1_500).await?.len(), 1, "expired ones are not read");
    assert!(s.batch_uploads("other", 0).await?.is_empty());
    let tx = s.begin().await?;
    assert_eq!(tx.purge_uploads(1_500).await?, 1);
    tx.delete_upload(b).await?;
    tx.commit().await?;
    assert!(s.batch_uploads("b1", 0).await?.is_empty());
    Ok(())
}
