//! Department policies, goal reviews, priority themes, documents, related plans,
//! judgement scales and the audit log.

use anyhow::Result;
use hoshin_domain::*;
use hoshin_store::{NewAuditEntry, NewDocument, NewPriorityTheme, NewRelatedPlan, Page, StoreError};
use hoshin_testkit::{fixtures::*, TestDb};

pub async fn policies_reviews_themes(db: TestDb) -> Result<()> {
    let s = &db.store;
    let tx = s.begin().await?;
    let org = tx.insert_organization(&org("あじさい市")).await?;
    let d = tx.insert_department(&department(org, "市民部", 1)).await?;
    let p23 = tx.insert_department_policy(&policy(d, 2023, "市民に寄り添う")).await?;
    tx.insert_department_policy(&policy(d, 2024, "窓口を一つにする")).await?;
    let ini = tx.insert_initiative(&initiative(org, Some(d), 2023, "窓口改善")).await?;
    let r = tx.insert_goal_review(&review(ini, 2023, 80)).await?;
    tx.insert_goal_review(&review(ini, 2024, 20)).await?;
    tx.insert_theme(&theme(org, 2023, "デジタル化")).await?;
    tx.insert_theme(&NewPriorityTheme { sort_order: -1, ..theme(org, 2023, "行財政改革") }).await?;
    tx.commit().await?;

    let got = s.get_department_policy(d, fy(2023)).await?.map(|p| p.id);
    assert_eq!(got, Some(p23));
    assert!(s.get_department_policy(d, fy(2022)).await?.is_none());
    let all = s.department_policies(d).await?;
    assert_eq!(all.iter().map(|p| p.stance.as_str()).collect::<Vec<_>>(), ["市民に寄り添う", "窓口を一つにする"]);

    let mut pol = all[1].clone();
    pol.notes = Some("総括: おおむね達成".into());
    let tx = s.begin().await?;
    assert_eq!(tx.update_department_policy(&pol).await?, 2);
    tx.commit().await?;
    assert_eq!(s.get_department_policy(d, fy(2024)).await?.and_then(|p| p.notes), pol.notes);

    let rev = s.get_goal_review(ini, fy(2023)).await?;
    assert_eq!(rev.as_ref().map(|r| (r.id, r.progress, r.judgement.as_deref())), Some((r, Some(80), Some("順調"))));
    let mut rev = rev.ok_or_else(|| anyhow::anyhow!("review missing"))?;
    rev.progress = Some(100);
    rev.judgement = Some("S".into());
    let tx = s.begin().await?;
    tx.update_goal_review(&rev).await?;
    tx.commit().await?;
    let years: Vec<_> = s.goal_reviews(ini).await?.iter().map(|r| (r.fiscal_year.year(), r.progress)).collect();
    assert_eq!(years, vec![(2023, Some(100)), (2024, Some(20))]);

    let themes = s.list_themes(org, fy(2023)).await?;
    assert_eq!(themes.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(), ["行財政改革", "デジタル化"]);
    assert!(s.list_themes(org, fy(2025)).await?.is_empty());
    assert_eq!(s.get_theme(themes[0].id).await?.sort_order, -1);
    Ok(())
}

pub async fn documents_by_hash(db: TestDb) -> Result<()> {
    let s = &db.store;
    let doc = |org, hash: &str| NewDocument {
        org_id: org,
        genre: Genre::DepartmentPolicy,
        fiscal_year: Some(fy(2024)),
        title: "令和6年度 部局運営方針".into(),
        file_name: Some("方針.txt".into()),
        content_hash: hash.into(),
    };
    let tx = s.begin().await?;
    let a = tx.insert_organization(&org("くすのき市")).await?;
    let b = tx.insert_organization(&org("けやき市")).await?;
    let first = tx.insert_document(&doc(a, "aa11")).await?;
    tx.insert_document(&doc(b, "aa11")).await?;
    tx.commit().await?;

    let found = s.find_document_by_hash(a, "aa11").await?.ok_or_else(|| anyhow::anyhow!("not found"))?;
    assert_eq!(found.id, first);
    assert_eq!(found.file_name.as_deref(), Some("方針.txt"));
    assert!(s.find_document_by_hash(a, "bb22").await?.is_none());

    let tx = s.begin().await?;
    let dup = tx.insert_document(&doc(a, "aa11")).await;
    assert!(matches!(&dup, Err(e) if e.is_constraint("documents_org_hash")), "{dup:?}");
    drop(tx);

    // Re-import: the same row is updated.
    let mut again = found.clone();
    again.title = "令和6年度 部局運営方針（改訂）".into();
    let tx = s.begin().await?;
    tx.update_document(&again).await?;
    tx.insert_document(&doc(a, "cc33")).await?;
    tx.commit().await?;
    let got = s.get_document(first).await?;
    assert_eq!((got.title.as_str(), got.meta.version), ("令和6年度 部局運営方針（改訂）", 2));
    // A changed file re-imported under the same title takes the new hash.
    let mut changed = got.clone();
    changed.content_hash = "dd44".into();
    let tx = s.begin().await?;
    tx.update_document(&changed).await?;
    tx.commit().await?;
    assert_eq!(s.find_document_by_hash(a, "dd44").await?.map(|d| d.id), Some(first));
    assert!(s.find_document_by_hash(a, "aa11").await?.is_none());
    let mut clash = s.get_document(first).await?;
    clash.content_hash = "cc33".into();
    let tx = s.begin().await?;
    let r = tx.update_document(&clash).await;
    assert!(matches!(&r, Err(e) if e.is_constraint("documents_org_hash")), "{r:?}");
    drop(tx);
    assert!(got.imported_at >= found.imported_at);
    assert_eq!(s.list_documents(a, Page::default()).await?.len(), 2);
    assert_eq!(s.list_documents(a, Page::first(1)).await?.len(), 1);
    Ok(())
}

pub async fn related_plans_scales_and_audit(db: TestDb) -> Result<()> {
    let s = &db.store;
    let tx = s.begin().await?;
    let org = tx.insert_organization(&org("さくら町")).await?;
    let p = tx.insert_plan(&plan(org, PlanKind::Basic, "基本計画")).await?;
    let n1 = tx.insert_node(&node(p, None, "1", "福祉", 1)).await?;
    let n2 = tx.insert_node(&node(p, None, "2", "子育て", 2)).await?;
    let rp = tx
        .insert_related_plan(&NewRelatedPlan {
            org_id: org,
            name: "子ども・子育て支援事業計画".into(),
            description: Some("保育の量の見込み".into()),
            node_ids: vec![n2, n1],
        })
        .await?;
    let scale = JudgementScale::new(
        "4段階",
        vec![
            Band { label: "A".into(), min_rate: 1.0 },
            Band { label: "B".into(), min_rate: 0.6 },
            Band { label: "C".into(), min_rate: 0.3 },
            Band { label: "D".into(), min_rate: f64::MIN },
        ],
    )?;
    let sid = tx.insert_judgement_scale(org, &scale, true).await?;
    tx.insert_judgement_scale(org, &JudgementScale::progress(), false).await?;
    tx.commit().await?;
    let tx = s.begin().await?;
    let dup = tx.insert_judgement_scale(org, &scale, false).await;
    assert!(matches!(&dup, Err(e) if e.is_constraint("judgement_scales_org_name")), "{dup:?}");
    drop(tx);

    assert_eq!(s.list_related_plans(org).await?.len(), 1);
    let got = s.get_related_plan(rp).await?;
    assert_eq!(got.node_ids, vec![n2, n1]);
    assert_eq!(s.node_related_plans(n1).await?.iter().map(|r| r.id).collect::<Vec<_>>(), vec![rp]);
    let mut edited = got.clone();
    edited.node_ids = vec![n1];
    let tx = s.begin().await?;
    tx.update_related_plan(&edited).await?;
    tx.record_audit(&NewAuditEntry {
        actor_id: None,
        table_name: "related_plans".into(),
        row_id: rp.0,
        action: "update".into(),
        before: Some(serde_json::to_value(&got)?),
        after: Some(serde_json::to_value(&edited)?),
    })
    .await?;
    tx.commit().await?;
    assert!(s.node_related_plans(n2).await?.is_empty());

    let scales = s.judgement_scales(org).await?;
    assert_eq!(scales.len(), 2);
    assert_eq!((scales[0].id, scales[0].is_default), (sid, true));
    assert_eq!(scales[0].scale, scale);
    assert_eq!(scales[0].scale.judge(0.7).label, "B");

    let trail = s.audit_trail("related_plans", rp.0, Page::default()).await?;
    assert_eq!(trail.len(), 1);
    assert_eq!(trail[0].after.as_ref().and_then(|v| v["node_ids"].as_array().map(|a| a.len())), Some(1));
    assert!(matches!(s.get_related_plan(RelatedPlanId(rp.0 + 100)).await, Err(StoreError::NotFound { .. })));
    Ok(())
}
