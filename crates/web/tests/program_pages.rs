//! Public pages of what evaluation sheets carry (issue 10), on SQLite and PostgreSQL: the
//! initiative page's 事務事業評価 (number, plan path, judgements, direction, costs by year in
//! 千円 with 和暦（西暦） and the basis) and the indicator page's kind and yearly targets —
//! server-rendered, every value escaped.
#![allow(clippy::unwrap_used)] // test code

mod common;

use common::page;
use hoshin_app::import::{import_extraction, ImportOptions};
use hoshin_app::importer::draft::*;
use hoshin_app::importer::{Extraction, Genre};
use hoshin_app::App;
use hoshin_domain::*;
use hoshin_store::Page;
use hoshin_testkit::TestDb;

fn sheet() -> Extraction {
    let cost = |y, basis: &str, item: &str, amount, written: &str| CostDraft {
        fiscal_year: y,
        basis: basis.into(),
        item: item.into(),
        amount,
        written: written.into(),
    };
    let mut ex = Extraction::empty(Genre::EvaluationSheet);
    ex.organization = Some("架空市".into());
    ex.fiscal_year = Some(2024);
    ex.initiatives = vec![InitiativeDraft {
        name: "放課後児童クラブ<script>alert(1)</script>運営事業".into(),
        kind: "program".into(),
        department: Some("こども育成課".into()),
        code: Some("0412".into()),
        plan_path: vec![PlanStepDraft {
            level: "施策".into(),
            code: Some("2-1".into()),
            title: "子育て支援の充実".into(),
        }],
        costs: vec![
            cost(2023, "settlement", "total", Some(48_300_000), "48,300"),
            cost(2023, "settlement", "general_fund", Some(16_100_000), "16,100"),
            cost(2024, "budget", "total", Some(51_000_000), "51,000"),
            cost(2024, "budget", "委託料<b>", None, "―"),
        ],
        judgements: vec![JudgementDraft { axis: "総合評価".into(), value: "A<img src=x onerror=alert(1)>".into() }],
        direction: Some("expand".into()),
        ..InitiativeDraft::default()
    }];
    ex.indicators = vec![IndicatorDraft {
        name: "利用児童数".into(),
        initiative: Some(ex.initiatives[0].name.clone()),
        baseline: Some("410人".into()),
        target: Some("520人".into()),
        kind: Some("outcome".into()),
        yearly: vec![YearValueDraft { fiscal_year: 2025, kind: "target".into(), value: "490人".into() }],
        ..IndicatorDraft::default()
    }];
    ex
}

async fn program_pages(db: TestDb) {
    let store = db.store.clone();
    import_extraction(store.as_ref(), &sheet(), "sheet.json", "h", &ImportOptions::default()).await.unwrap();
    let org = store.find_organization_by_name("架空市").await.unwrap().unwrap().id;
    let program = &store.list_initiatives(org, None, Page::first(10)).await.unwrap()[0];
    let app = App::new(store.clone());
    let body = page(
        &app,
        &format!("/initiatives/{}", program.id),
        &[
            "事務事業評価",
            "0412",
            "2-1 子育て支援の充実",
            "拡充",
            "総合評価",
            "単位：千円",
            "令和5年度（2023年度）",
            "令和6年度（2024年度）",
            "決算",
            "予算",
            "事業費",
            "一般財源",
            "48,300",
            "51,000",
            "―",
        ],
    )
    .await;
    assert!(!body.contains("<script>alert") && !body.contains("<img src=x") && !body.contains("委託料<b>"), "escaped");
    assert!(body.contains("&lt;img src=x") && body.contains("委託料&lt;b&gt;"));
    let kpi = &store.indicators_of(IndicatorOwner::Initiative(program.id)).await.unwrap()[0];
    page(&app, &format!("/indicators/{}", kpi.id), &["成果指標", "令和7年度（2025年度）", "目標", "490人"]).await;
}

#[tokio::test]
async fn program_pages_on_sqlite() {
    program_pages(TestDb::sqlite().await.unwrap()).await;
}

#[tokio::test]
async fn program_pages_on_postgres() {
    program_pages(TestDb::postgres().await.unwrap()).await;
}
