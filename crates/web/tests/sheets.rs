//! The printable 事務事業評価シート (issue 15), on SQLite and PostgreSQL: one program's sheet
//! with its number, plan path, purpose, indicators (baseline, actuals by year, target), costs
//! and review; a year's sheets for every department or for one (with its sections); bad or
//! foreign department ids refused; every value escaped.
#![allow(clippy::unwrap_used)] // test code

mod common;

use axum::http::StatusCode;
use common::{get, page};
use hoshin_app::import::{import_extraction, ImportOptions};
use hoshin_app::importer::draft::*;
use hoshin_app::importer::{Extraction, Genre};
use hoshin_app::App;
use hoshin_store::NewGoalReview;
use hoshin_store::Page;
use hoshin_testkit::TestDb;

fn sheets() -> Extraction {
    let mut ex = Extraction::empty(Genre::EvaluationSheet);
    ex.organization = Some("架空市".into());
    ex.fiscal_year = Some(2025);
    ex.initiatives = vec![
        InitiativeDraft {
            name: "放課後児童クラブ<script>alert(1)</script>運営事業".into(),
            kind: "program".into(),
            department: Some("こども育成課".into()),
            code: Some("0412".into()),
            summary: Some("共働き家庭の小学生が放課後を安全に過ごせる場を設ける。".into()),
            plan_path: vec![PlanStepDraft {
                level: "施策".into(),
                code: Some("2-1".into()),
                title: "子育て支援の充実".into(),
            }],
            costs: vec![CostDraft {
                fiscal_year: 2025,
                basis: "budget".into(),
                item: "total".into(),
                amount: Some(51_000_000),
                written: "51,000".into(),
            }],
            judgements: vec![JudgementDraft { axis: "有効性".into(), value: "高い".into() }],
            direction: Some("expand".into()),
            ..InitiativeDraft::default()
        },
        InitiativeDraft {
            name: "道路照明のLED化事業".into(),
            kind: "program".into(),
            department: Some("道路維持課".into()),
            ..InitiativeDraft::default()
        },
    ];
    ex.indicators = vec![IndicatorDraft {
        name: "利用児童数".into(),
        initiative: Some(ex.initiatives[0].name.clone()),
        baseline: Some("410人".into()),
        baseline_year: Some(2021),
        target: Some("520人".into()),
        target_year: Some(2027),
        kind: Some("outcome".into()),
        actuals: [(2019, "300人"), (2020, "350人"), (2021, "410人"), (2022, "430人"), (2023, "455人"), (2024, "470人")]
            .iter()
            .map(|(y, v)| ActualDraft { fiscal_year: *y, value: (*v).into() })
            .collect(),
        yearly: vec![YearValueDraft { fiscal_year: 2023, kind: "target".into(), value: "460人".into() }],
        ..IndicatorDraft::default()
    }];
    ex
}

async fn sheet_pages(db: TestDb) {
    let store = db.store.clone();
    import_extraction(store.as_ref(), &sheets(), "sheets.json", "h", &ImportOptions::default()).await.unwrap();
    let org = store.find_organization_by_name("架空市").await.unwrap().unwrap().id;
    let items = store.list_initiatives(org, None, Page::first(10)).await.unwrap();
    let club = items.iter().find(|i| i.name.starts_with("放課後")).unwrap();
    let lights = items.iter().find(|i| i.name.starts_with("道路照明")).unwrap();
    let tx = store.begin().await.unwrap();
    tx.insert_goal_review(&NewGoalReview {
        result: Some("3か所で開設<b>した</b>".into()),
        ..hoshin_testkit::fixtures::review(club.id, 2025, 80)
    })
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let app = App::new(store.clone());

    // One program.
    let one = page(
        &app,
        &format!("/initiatives/{}/sheet", club.id),
        &[
            "事務事業評価シート",
            "架空市",
            "令和7年度（2025年度）",
            "0412",
            "2-1 子育て支援の充実",
            "共働き家庭の小学生",
            "利用児童数",
            "成果指標",
            "410人",
            "520人",
            "単位：千円",
            "51,000",
            "有効性",
            "拡充",
            "80%",
            "対象を広げる",
        ],
    )
    .await;
    // The latest five years of actuals up to the sheet's year: 2020–2024, not 2019.
    assert!(one.contains("350人") && one.contains("470人") && !one.contains("300人"), "{one}");
    // Under the year's actual, that year's own target (年度別目標).
    assert!(one.contains("455人<br><span class=\"muted\">目標 460人</span>"), "{one}");
    assert!(one.contains("令和2年度") && !one.contains("令和元年度"), "{one}");
    assert!(!one.contains("<script>alert") && one.contains("&lt;script&gt;"), "escaped");
    assert!(!one.contains("<b>した</b>") && one.contains("&lt;b&gt;した"), "escaped");
    assert_eq!(one.matches("<article class=\"sheet\"").count(), 1);
    // Linked from the initiative's page.
    page(&app, &format!("/initiatives/{}", club.id), &[&format!("/initiatives/{}/sheet", club.id)]).await;

    // A year: every program, one article each; a department: only its own.
    let year = format!("/orgs/{org}/years/2025/sheets");
    let all = page(&app, &year, &["すべての部局", "こども育成課", "道路維持課"]).await;
    assert_eq!(all.matches("<article class=\"sheet\"").count(), 2, "{all}");
    let dept = club.department_id.unwrap();
    let only = page(&app, &format!("{year}?dept={dept}"), &["放課後児童クラブ"]).await;
    assert_eq!(only.matches("<article class=\"sheet\"").count(), 1, "{only}");
    assert!(!only.contains("道路照明のLED化事業"), "{only}");
    page(&app, &format!("{year}?dept="), &["道路照明のLED化事業", "放課後児童クラブ"]).await;
    page(&app, &format!("/orgs/{org}/years/2025/departments/{dept}"), &[&format!("sheets?dept={dept}")]).await;
    // A year with nothing published.
    page(&app, &format!("/orgs/{org}/years/2019/sheets"), &["公開された事業はありません"]).await;

    // Refused: a department id that is not a number, one of another organization, an unknown program.
    assert_eq!(get(&app, &format!("{year}?dept=abc")).await.0, StatusCode::BAD_REQUEST);
    let tx = store.begin().await.unwrap();
    let other = tx.insert_organization(&hoshin_testkit::fixtures::org("別市")).await.unwrap();
    let foreign = tx.insert_department(&hoshin_testkit::fixtures::department(other, "総務部", 1)).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(get(&app, &format!("{year}?dept={foreign}")).await.0, StatusCode::NOT_FOUND);
    assert_eq!(get(&app, &format!("/initiatives/{}/sheet", lights.id.0 + 1000)).await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn sheet_pages_on_sqlite() {
    sheet_pages(TestDb::sqlite().await.unwrap()).await;
}

#[tokio::test]
async fn sheet_pages_on_postgres() {
    sheet_pages(TestDb::postgres().await.unwrap()).await;
}
