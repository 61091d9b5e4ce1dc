//! Issue 10, storing: what evaluation sheets carry (program number, plan path linked to plan
//! nodes, costs by year, judgements, direction, indicator kinds and yearly targets) is stored,
//! a re-import of the same document changes nothing, a corrected copy changes what changed,
//! and the dry run (preview) stores nothing and shows the difference. SQLite and PostgreSQL.
#![allow(clippy::unwrap_used)] // test code

use hoshin_app::access::Actor;
use hoshin_app::import::diff::ChangeKind;
use hoshin_app::import::preview::{check_fresh, preview};
use hoshin_app::import::{import_extraction, import_read, ImportOptions, ReadDocument};
use hoshin_app::importer::draft::*;
use hoshin_app::importer::{Extraction, Genre};
use hoshin_app::AppError;
use hoshin_domain::*;
use hoshin_store::{Backend, Page, TableCount};
use hoshin_testkit::TestDb;

fn cost(y: u16, basis: &str, item: &str, amount: Option<i64>, written: &str) -> CostDraft {
    CostDraft { fiscal_year: y, basis: basis.into(), item: item.into(), amount, written: written.into() }
}

/// An invented evaluation sheet of 架空市, as the importer drafts it.
fn sheet() -> Extraction {
    let mut ex = Extraction::empty(Genre::EvaluationSheet);
    ex.organization = Some("架空市".into());
    ex.fiscal_year = Some(2024);
    ex.title = Some("事務事業評価シート（放課後児童クラブ）".into());
    ex.departments = vec!["こども育成課".into()];
    ex.initiatives = vec![InitiativeDraft {
        name: "放課後児童クラブ運営事業".into(),
        summary: Some("共働き家庭の児童に放課後の居場所を提供する。".into()),
        department: Some("こども育成課".into()),
        parent_department: Some("こども未来部".into()),
        kind: "program".into(),
        code: Some("0412".into()),
        plan_path: vec![
            PlanStepDraft { level: "政策".into(), code: Some("2".into()), title: "子育て".into() },
            PlanStepDraft {
                level: "施策".into(), code: Some("2-1".into()), title: "子育て支援の充実".into()
            },
            PlanStepDraft {
                level: "基本事業".into(), code: Some("2-1-3".into()), title: "放課後の居場所".into()
            },
        ],
        costs: vec![
            cost(2023, "settlement", "total", Some(48_300_000), "48,300"),
            cost(2023, "settlement", "general_fund", Some(16_100_000), "16,100"),
            cost(2024, "budget", "total", Some(51_000_000), "51,000"),
            cost(2024, "budget", "personnel", None, "―"),
        ],
        judgements: vec![JudgementDraft { axis: "総合評価".into(), value: "A".into() }],
        direction: Some("expand".into()),
        line: 3,
        ..InitiativeDraft::default()
    }];
    ex.indicators = vec![IndicatorDraft {
        name: "クラブの利用児童数".into(),
        initiative: Some("放課後児童クラブ運営事業".into()),
        baseline: Some("410人".into()),
        target: Some("520人".into()),
        unit: Some("人".into()),
        kind: Some("activity".into()),
        actuals: vec![ActualDraft { fiscal_year: 2023, value: "430人".into() }],
        yearly: vec![
            YearValueDraft { fiscal_year: 2024, kind: "target".into(), value: "460人".into() },
            YearValueDraft { fiscal_year: 2025, kind: "target".into(), value: "490人".into() },
        ],
        line: 20,
        ..IndicatorDraft::default()
    }];
    ex
}

fn rows(stats: &[TableCount], table: &str) -> i64 {
    stats.iter().find(|t| t.table == table).map(|t| t.rows).unwrap_or(-1)
}

/// Every table as before but the audit log, which has `audit` more rows.
fn same_but_audit(before: &[TableCount], after: &[TableCount], audit: i64) {
    for (b, a) in before.iter().zip(after) {
        let grew = if b.table == "audit_log" { audit } else { 0 };
        assert_eq!(a.rows, b.rows + grew, "{}", b.table);
    }
}

fn doc(ex: &Extraction, hash: &str) -> ReadDocument {
    ReadDocument {
        file_name: "sheet.json".into(),
        content_hash: hash.into(),
        extraction: ex.clone(),
        decoded: None,
        period: None,
    }
}

async fn evaluation_facts(backend: Backend) {
    let db = TestDb::new(backend).await.unwrap();
    let store = db.store.as_ref();
    // The organization's plan already has 施策 2-1: the program's path links to it.
    let tx = store.begin().await.unwrap();
    let org =
        tx.insert_organization(&NewOrganization { name: "架空市".into(), code: None, prefecture: None }).await.unwrap();
    let plan = tx
        .insert_plan(&NewPlan {
            org_id: org,
            kind: PlanKind::Basic,
            title: "基本計画".into(),
            parent_plan_id: None,
            period_start: None,
            period_end: None,
        })
        .await
        .unwrap();
    let node = tx
        .insert_node(&NewPlanNode {
            plan_id: Some(plan),
            kind_label: "施策".into(),
            code: Some("2-1".into()),
            title: "子育て支援の充実".into(),
            ..NewPlanNode::default()
        })
        .await
        .unwrap();
    // Another 政策 numbered 2 with a different title: a code alone does not link.
    tx.insert_node(&NewPlanNode {
        plan_id: Some(plan),
        kind_label: "政策".into(),
        code: Some("2".into()),
        title: "みどりと環境".into(),
        ..NewPlanNode::default()
    })
    .await
    .unwrap();
    tx.commit().await.unwrap();

    let opts = ImportOptions::default();
    let ex = sheet();
    let first = import_extraction(store, &ex, "sheet.json", "h1", &opts).await.unwrap();
    assert_eq!(first.counts.costs, 4);
    let list = store.list_initiatives(org, Some(FiscalYear::new(2024).unwrap()), Page::first(10)).await.unwrap();
    assert_eq!(list.len(), 1);
    let program = &list[0];
    assert_eq!(program.node_ids, [node], "the deepest plan step found links the program to its node");
    let dept = store.get_department(program.department_id.unwrap()).await.unwrap();
    let parent = store.get_department(dept.parent_id.unwrap()).await.unwrap();
    assert_eq!((dept.name.as_str(), parent.name.as_str()), ("こども育成課", "こども未来部"));

    let facts = hoshin_app::program::program_facts(store, program.id).await.unwrap();
    assert_eq!(facts.code.as_deref(), Some("0412"));
    assert_eq!(facts.direction, Some(ProgramDirection::Expand));
    assert_eq!(facts.judgements, [Judgement { axis: "総合評価".into(), value: "A".into() }]);
    let steps: Vec<(&str, Option<NodeId>)> = facts.plan_path.iter().map(|s| (s.title.as_str(), s.node_id)).collect();
    assert_eq!(steps, [("子育て", None), ("子育て支援の充実", Some(node)), ("放課後の居場所", None)]);
    assert_eq!(facts.costs.len(), 4);
    let settled = facts.costs.iter().find(|c| c.basis == CostBasis::Settlement && c.item == "total").unwrap();
    assert_eq!(
        (settled.fiscal_year.year(), settled.amount, settled.written.as_str()),
        (2023, Some(48_300_000), "48,300")
    );
    assert!(facts.costs.iter().any(|c| c.item == "personnel" && c.amount.is_none() && c.written == "―"));

    let kpi = &store.indicators_of(IndicatorOwner::Initiative(program.id)).await.unwrap()[0];
    let kf = hoshin_app::program::indicator_facts(store, kpi.id).await.unwrap();
    assert_eq!(kf.kind, Some(IndicatorKind::Activity));
    let yearly: Vec<(u16, &str)> = kf.yearly.iter().map(|v| (v.fiscal_year.year(), v.value.text.as_str())).collect();
    assert_eq!(yearly, [(2024, "460人"), (2025, "490人")]);
    assert_eq!(kpi.actuals.len(), 1, "actuals stay beside the yearly targets");

    // The same document again changes nothing but the audit row.
    let before = store.stats().await.unwrap();
    let again = import_extraction(store, &ex, "sheet.json", "h1", &opts).await.unwrap();
    assert_eq!((again.reimport, again.tally.written()), (true, 0), "{:?}", again.tally);
    same_but_audit(&before, &store.stats().await.unwrap(), 1);

    // A corrected copy: the dry run shows what changes and stores nothing.
    let mut fixed = ex.clone();
    fixed.initiatives[0].costs[2] = cost(2024, "budget", "total", Some(52_000_000), "52,000");
    fixed.initiatives[0].costs.pop();
    fixed.initiatives[0].direction = Some("improve".into());
    fixed.indicators[0].yearly.pop();
    let before = store.stats().await.unwrap();
    let p = preview(store, &Actor::System, &doc(&fixed, "h2"), &opts).await.unwrap();
    same_but_audit(&before, &store.stats().await.unwrap(), 0);
    assert!(p.reimport);
    let kinds = |l: &[hoshin_app::import::diff::Change]| l.iter().map(|c| c.kind.clone()).collect::<Vec<_>>();
    assert_eq!(kinds(&p.diff.initiatives), [ChangeKind::Changed], "{:?}", p.diff);
    assert!(p.diff.initiatives[0].fields.iter().any(|(f, b, a)| f == "今後の方向性" && b == "拡充" && a == "改善"));
    assert_eq!(kinds(&p.diff.costs), [ChangeKind::Changed, ChangeKind::Removed], "{:?}", p.diff.costs);
    assert_eq!(kinds(&p.diff.indicators), [ChangeKind::Changed]);

    // Stale: the stored data changes after the preview, so its fingerprint no longer holds.
    import_read(store, &Actor::System, &doc(&fixed, "h2"), &opts).await.unwrap();
    let err = check_fresh(store, &Actor::System, &doc(&fixed, "h2"), &opts, &p.fingerprint).await.unwrap_err();
    assert!(matches!(err, AppError::Stale(_)), "{err:?}");
    let facts = hoshin_app::program::program_facts(store, program.id).await.unwrap();
    assert_eq!((facts.costs.len(), facts.direction), (3, Some(ProgramDirection::Improve)));
    assert_eq!(rows(&store.stats().await.unwrap(), "indicator_yearly"), 1);
}

#[tokio::test]
async fn evaluation_facts_on_sqlite() {
    evaluation_facts(Backend::Sqlite).await;
}

#[tokio::test]
async fn evaluation_facts_on_postgres() {
    evaluation_facts(Backend::Postgres).await;
}
