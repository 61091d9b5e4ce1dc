//! Initiatives: every field round-trips; lookups by organization, department and year,
//! by plan node, by predecessor; updates replace links.

use anyhow::Result;
use hoshin_domain::*;
use hoshin_store::{InitiativeBrief, Page};
use hoshin_testkit::{fixtures::*, TestDb};

pub async fn initiative_round_trip_and_lookups(db: TestDb) -> Result<()> {
    let s = &db.store;
    let tx = s.begin().await?;
    let org = tx.insert_organization(&org("もみじ市")).await?;
    let dept = tx.insert_department(&department(org, "環境部", 1)).await?;
    let dept2 = tx.insert_department(&department(org, "教育部", 2)).await?;
    let p = tx.insert_plan(&plan(org, PlanKind::BasicPolicy, "市長の基本政策")).await?;
    let n1 = tx.insert_node(&node(p, None, "1", "ごみを減らす", 1)).await?;
    let n2 = tx.insert_node(&node(p, None, "2", "緑を増やす", 2)).await?;
    let theme = tx.insert_theme(&theme(org, 2024, "脱炭素の推進")).await?;
    let prev = tx.insert_initiative(&initiative(org, Some(dept), 2023, "資源回収の拡充")).await?;
    let full = NewInitiative {
        department_id: Some(dept),
        fiscal_year: Some(fy(2024)),
        period_end: Some(fy(2026)),
        kind: InitiativeKind::MidTerm,
        theme_id: Some(theme),
        summary: Some("回収拠点を増やす".into()),
        reform_perspectives: vec![ReformPerspective::parse("②参加と協働"), ReformPerspective::parse("財政運営")],
        reform_text: Some("民間事業者と連携する".into()),
        sdg_goals: vec![SdgGoal::new(12)?, SdgGoal::new(13)?],
        milestones: vec![
            Milestone { text: "6月 拠点の選定".into(), due: Some("2024-06-30".into()), done: false },
            Milestone { text: "下半期 運用開始".into(), due: None, done: false },
        ],
        sections: vec![TextSection { label: "事業の対象".into(), body: "市内の全世帯".into() }],
        predecessor_id: Some(prev),
        node_ids: vec![n2, n1, n2],
        sort_order: 3,
        ..NewInitiative::named(org, InitiativeKind::MidTerm, "資源回収の拡充")
    };
    let id = tx.insert_initiative(&full).await?;
    let other = tx.insert_initiative(&initiative(org, Some(dept), 2024, "落ち葉の堆肥化")).await?;
    tx.insert_initiative(&initiative(org, Some(dept2), 2024, "環境学習")).await?;
    tx.commit().await?;

    let got = s.get_initiative(id).await?;
    assert_eq!(got.name, full.name);
    assert_eq!(got.kind, InitiativeKind::MidTerm);
    assert_eq!(got.fiscal_year, full.fiscal_year);
    assert_eq!(got.period_end, full.period_end);
    assert_eq!(got.theme_id, Some(theme));
    assert_eq!(got.reform_perspectives, full.reform_perspectives);
    assert_eq!(got.reform_text, full.reform_text);
    assert_eq!(got.sdg_goals, full.sdg_goals);
    assert_eq!(got.milestones, full.milestones);
    assert_eq!(got.sections, full.sections);
    assert_eq!(got.predecessor_id, Some(prev));
    assert_eq!(got.node_ids, vec![n2, n1], "links keep their order, without repeats");
    assert_eq!(got.sort_order, 3);

    let names = |v: Vec<Initiative>| v.into_iter().map(|i| i.name).collect::<Vec<_>>();
    assert_eq!(
        names(s.department_initiatives(dept, fy(2024), Page::default()).await?),
        ["落ち葉の堆肥化", "資源回収の拡充"]
    );
    assert_eq!(names(s.department_initiatives(dept, fy(2023), Page::default()).await?), ["資源回収の拡充"]);
    assert_eq!(s.list_initiatives(org, Some(fy(2024)), Page::default()).await?.len(), 3);
    assert_eq!(s.list_initiatives(org, None, Page::default()).await?.len(), 4);
    assert_eq!(s.list_initiatives(org, None, Page { limit: 3, offset: 3 }).await?.len(), 1);
    // The list reads bring each row's links in the same query (issue 14), in their order.
    let links = |v: Vec<Initiative>, id: InitiativeId| v.into_iter().find(|i| i.id == id).map(|i| i.node_ids);
    assert_eq!(links(s.list_initiatives(org, Some(fy(2024)), Page::default()).await?, id), Some(vec![n2, n1]));
    assert_eq!(links(s.list_initiatives(org, Some(fy(2024)), Page::default()).await?, other), Some(vec![]));
    assert_eq!(links(s.list_initiatives(org, None, Page::default()).await?, id), Some(vec![n2, n1]));
    assert_eq!(links(s.department_initiatives(dept, fy(2024), Page::default()).await?, id), Some(vec![n2, n1]));
    // The comparison's narrow read: the same rows, in the same order, as the full list.
    let full = s.list_initiatives(org, Some(fy(2024)), Page::default()).await?;
    let briefs = s.initiative_briefs(org, fy(2024), Page::default()).await?;
    assert_eq!(briefs, full.iter().map(InitiativeBrief::from).collect::<Vec<_>>());
    assert!(briefs.iter().any(|b| b.id == id && b.predecessor_id == Some(prev) && b.summary.is_some()));
    assert_eq!(s.count_initiatives(org, Some(fy(2024))).await?, 3);
    assert_eq!(s.count_initiatives(org, None).await?, 4);
    // Links are queryable from the node's side.
    let by_node = s.node_initiatives(n1, Page::default()).await?;
    assert_eq!(by_node.iter().map(|i| i.id).collect::<Vec<_>>(), vec![id]);
    assert_eq!(by_node[0].node_ids, vec![n2, n1]);
    // Both sides of the continuity chain in one read.
    let ids = |v: &[Initiative]| v.iter().map(|i| i.id).collect::<Vec<_>>();
    assert!(s.initiative_neighbours(other, None).await?.1.is_empty());
    let (before, after) = s.initiative_neighbours(id, Some(prev)).await?;
    assert_eq!(before.as_ref(), Some(&s.get_initiative(prev).await?));
    assert!(after.is_empty(), "{after:?}");
    let (before, after) = s.initiative_neighbours(prev, None).await?;
    assert_eq!((before, ids(&after)), (None, vec![id]));
    assert_eq!(after[0], s.get_initiative(id).await?, "with its links, as read alone");
    // A loop in the chain: the predecessor is a successor too.
    let (before, after) = s.initiative_neighbours(prev, Some(id)).await?;
    assert_eq!((before.map(|i| i.id), ids(&after)), (Some(id), vec![id]));

    // Deleting the predecessor clears the reference; the theme likewise.
    let tx = s.begin().await?;
    tx.delete_initiative(prev, 1).await?;
    tx.delete_theme(theme, 1).await?;
    tx.commit().await?;
    let got = s.get_initiative(id).await?;
    assert_eq!((got.predecessor_id, got.theme_id), (None, None));
    Ok(())
}

pub async fn updating_an_initiative_replaces_its_links(db: TestDb) -> Result<()> {
    let s = &db.store;
    let tx = s.begin().await?;
    let org = tx.insert_organization(&org("すずらん町")).await?;
    let p = tx.insert_plan(&plan(org, PlanKind::Implementation, "実施計画")).await?;
    let a = tx.insert_node(&node(p, None, "1", "A", 1)).await?;
    let b = tx.insert_node(&node(p, None, "2", "B", 2)).await?;
    let c = tx.insert_node(&node(p, None, "3", "C", 3)).await?;
    let id =
        tx.insert_initiative(&NewInitiative { node_ids: vec![a, b], ..initiative(org, None, 2025, "事業X") }).await?;
    tx.commit().await?;

    let mut i = s.get_initiative(id).await?;
    i.node_ids = vec![c, a];
    i.name = "事業X（改）".into();
    i.summary = None;
    i.milestones.push(Milestone { text: "年度末 評価".into(), due: None, done: false });
    let tx = s.begin().await?;
    assert_eq!(tx.update_initiative(&i).await?, 2);
    tx.commit().await?;
    let got = s.get_initiative(id).await?;
    assert_eq!(got.node_ids, vec![c, a]);
    assert_eq!((got.name.as_str(), got.summary.clone(), got.milestones.len()), ("事業X（改）", None, 1));
    assert!(s.node_initiatives(b, Page::default()).await?.is_empty());
    assert_eq!(s.node_initiatives(c, Page::default()).await?.len(), 1);
    Ok(())
}

/// An organization's years (`org_years`, `year_before`) are kept by triggers on initiatives
/// (migration 0018): they follow inserts one by one and in batches, a year moved, deletes,
/// an initiative without a year and an organization deleted with its initiatives.
pub async fn org_years_follow_every_write(db: TestDb) -> Result<()> {
    let s = &db.store;
    let tx = s.begin().await?;
    let a = tx.insert_organization(&org("ひのき市")).await?;
    let b = tx.insert_organization(&org("さくら町")).await?;
    let first = tx.insert_initiative(&initiative(a, None, 2023, "一つ目")).await?;
    let second = tx.insert_initiative(&initiative(a, None, 2023, "二つ目")).await?;
    let moved = tx.insert_initiative(&initiative(a, None, 2024, "動く取組")).await?;
    tx.insert_initiative(&initiative(b, None, 2025, "町の取組")).await?;
    tx.insert_initiative(&NewInitiative::named(a, InitiativeKind::Annual, "年度のない取組")).await?;
    tx.commit().await?;
    let years = |v: &[(OrgId, i64)]| v.iter().map(|&(o, y)| (o, fy(y))).collect::<Vec<_>>();
    assert_eq!(s.org_years(&[b, a]).await?, years(&[(a, 2023), (a, 2024), (b, 2025)]));

    let tx = s.begin().await?;
    let mut m = tx.get_initiative(moved).await?;
    m.fiscal_year = Some(fy(2022));
    tx.update_initiative(&m).await?;
    tx.commit().await?;
    assert_eq!(s.org_years(&[a]).await?, years(&[(a, 2022), (a, 2023)]), "a year moved");

    let tx = s.begin().await?;
    let one = tx.get_initiative(first).await?;
    tx.delete_initiative(first, one.meta.version).await?;
    tx.commit().await?;
    assert_eq!(s.org_years(&[a]).await?, years(&[(a, 2022), (a, 2023)]), "2023 still has one");
    assert_eq!(s.year_before(a, fy(2024)).await?, Some(fy(2023)));
    let tx = s.begin().await?;
    let two = tx.get_initiative(second).await?;
    tx.delete_initiative(second, two.meta.version).await?;
    tx.commit().await?;
    assert_eq!(s.org_years(&[a]).await?, years(&[(a, 2022)]), "the last of 2023 deleted");
    assert_eq!(s.year_before(a, fy(2024)).await?, Some(fy(2022)));
    assert_eq!(s.year_before(a, fy(2022)).await?, None);

    let tx = s.begin().await?;
    tx.insert_initiatives_batch(&[initiative(b, None, 2026, "一括1"), initiative(b, None, 2026, "一括2")]).await?;
    tx.commit().await?;
    assert_eq!(s.org_years(&[a, b]).await?, years(&[(a, 2022), (b, 2025), (b, 2026)]));

    let tx = s.begin().await?;
    let version = tx.get_organization(a).await?.meta.version;
    tx.delete_organization(a, version).await?;
    tx.commit().await?;
    assert_eq!(s.org_years(&[a, b]).await?, years(&[(b, 2025), (b, 2026)]), "an organization deleted");
    Ok(())
}
