//! Every page type over the demo city (SQLite, and a smoke run on PostgreSQL): 200 with the
//! expected visible content, one h1, 404 for unknown ids, 400 for unreadable years.
#![allow(clippy::unwrap_used)] // test code

mod common;

use axum::http::StatusCode;
use common::{demo_ids, get, page, with_index};
use hoshin_app::App;
use hoshin_testkit::TestDb;

#[tokio::test]
async fn demo_pages_render() {
    let db = TestDb::sqlite().await.unwrap();
    let report = hoshin_app::demo::seed_demo(db.store.as_ref()).await.unwrap();
    let app = App::new(db.store.clone());
    let ids = demo_ids(db.store.as_ref(), report.org_id).await;
    let o = ids.org.0;

    let (status, health) = get(&app, "/healthz").await;
    assert_eq!(status, StatusCode::OK);
    assert!(health.contains("\"status\":\"ok\"") && health.contains("\"migrations\":\"current\""), "{health}");
    page(&app, "/", &["サンプル市", "令和6年度（2024年度）", "第6次総合計画 前期基本計画"]).await;
    page(&app, &format!("/orgs/{o}"), &["サンプル市", "令和7年度（2025年度）", "部局運営方針（冊子）"]).await;
    let body = page(
        &app,
        &format!("/orgs/{o}/years/2024"),
        &["サンプル市 令和6年度（2024年度）", "こども未来部", "子育て世代に選ばれるまち", "順調", "遅れ", "実績なし"],
    )
    .await;
    assert!(body.contains("class=\"status on-track\""), "status colour comes with its word");
    // 和暦 in the path works too.
    page(&app, &format!("/orgs/{o}/years/令和6年度"), &["こども未来部"]).await;

    let d = ids.dept.0;
    page(
        &app,
        &format!("/orgs/{o}/years/2024/departments/{d}"),
        &[
            "こども未来部 部局運営方針",
            "部局運営に関する基本的考え方",
            "重点項目：子育て世代に選ばれるまち",
            "子育て世代包括支援センターの機能強化",
            "（子育て相談課）",
            "①市民サービスの向上",
            "目標3",
            "<caption>",
            "scope=\"col\"",
        ],
    )
    .await;
    let booklet =
        page(&app, &format!("/orgs/{o}/years/2025/booklet"), &["目次", "市長公室", "教育部", "こども家庭センター"])
            .await;
    assert!(booklet.matches("class=\"dept\"").count() >= 10, "every department has its section");
    page(
        &app,
        &format!("/orgs/{o}/years/2024/departments/{d}/review"),
        &[
            "部局の目標と振り返り",
            "部局の使命",
            "当年度の目標",
            "スケジュール",
            "母子手帳アプリを10月に導入",
            "判定：A",
            "90%",
            "関連する計画",
        ],
    )
    .await;
    let cmp = page(
        &app,
        &format!("/orgs/{o}/years/2025/departments/{d}/compare"),
        &[
            "令和6年度（2024年度）",
            "令和7年度（2025年度）",
            "継続",
            "子育て世代包括支援センターの機能強化",
            "こども家庭センターによる一体的な相談支援",
        ],
    )
    .await;
    assert!(cmp.contains("<caption>"));
    page(&app, &format!("/orgs/{o}/years/2025/compare"), &["サンプル市 前年度との比較", "新規"]).await;
    page(&app, &format!("/orgs/{o}/years/2025/compare?with=2024"), &["継続"]).await;
    page(&app, &format!("/orgs/{o}/years/2024/indicators"), &["保育所等の待機児童数", "状況"]).await;
    let tree =
        page(&app, &format!("/plans/{}", ids.basic_plan.0), &["第6次総合計画 前期基本計画", "1-1-1", "<details"]).await;
    assert!(tree.contains(&format!("href=\"/nodes/{}\"", ids.node.0)));
    page(&app, &format!("/nodes/{}", ids.node.0), &["目指す姿", "保育所等の待機児童数", "下位の項目"]).await;
    page(
        &app,
        &format!("/initiatives/{}", ids.initiative.0),
        &[
            "子育て世代包括支援センターの機能強化",
            "振り返り",
            "次年度の取組",
            "こども家庭センターによる一体的な相談支援",
        ],
    )
    .await;
    let ind = page(
        &app,
        &format!("/indicators/{}", ids.indicator.0),
        &[
            "保育所等の待機児童数",
            "<svg",
            "role=\"img\"",
            "<title",
            "<desc",
            "令和2",
            "（人）",
            "達成率",
            "100.0%",
            "判定：S",
            "9人",
        ],
    )
    .await;
    assert!(ind.contains("<caption>保育所等の待機児童数の値</caption>"));
    page(&app, "/search", &["よく使われている重点項目", "<label for=\"q\">"]).await;
    {
        let (indexed, _dir) = with_index(app.clone()).await;
        page(
            &indexed,
            "/search?q=%E7%AB%AF%E6%9C%AB",
            &["サンプル市", "一人一台<mark>端末</mark>を活用した授業づくり"],
        )
        .await;
        page(&indexed, "/search?q=%E5%AD%98%E5%9C%A8%E3%81%97%E3%81%AA%E3%81%84", &["見つかりませんでした"]).await;
    }
    // Until the index is ready: names and summaries in bounded windows (a summary phrase finds
    // its initiative).
    page(
        &app,
        &format!("/search?q={}&in=text", hoshin_web::urls::encode("保健師による全数面談")),
        &["サンプル市", "子育て世代包括支援センターの機能強化", "すべての取組を探し終えました"],
    )
    .await;
    let (status, css) = get(&app, "/assets/style.css").await;
    assert_eq!(status, StatusCode::OK);
    assert!(css.contains("@page") && css.contains("size:A4"));

    for uri in [
        "/orgs/999999".to_string(),
        "/orgs/999999/years/2024".to_string(),
        format!("/orgs/{o}/years/2024/departments/999999"),
        "/plans/999999".to_string(),
        "/nodes/999999".to_string(),
        "/initiatives/999999".to_string(),
        "/indicators/999999".to_string(),
        "/nowhere".to_string(),
    ] {
        let (status, body) = get(&app, &uri).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
        assert!(body.contains("ページが見つかりません"), "{uri}: {body}");
    }
    assert_eq!(get(&app, &format!("/orgs/{o}/years/abc")).await.0, StatusCode::BAD_REQUEST);
    assert_eq!(get(&app, &format!("/orgs/{o}/years/2024/compare?with=2030")).await.0, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn department_of_another_organization_is_not_found() {
    let db = TestDb::sqlite().await.unwrap();
    let report = hoshin_app::demo::seed_demo(db.store.as_ref()).await.unwrap();
    let tx = db.store.begin().await.unwrap();
    let other = tx.insert_organization(&hoshin_testkit::fixtures::org("別の市")).await.unwrap();
    tx.commit().await.unwrap();
    let ids = demo_ids(db.store.as_ref(), report.org_id).await;
    let app = App::new(db.store.clone());
    let (status, _) = get(&app, &format!("/orgs/{}/years/2024/departments/{}", other.0, ids.dept.0)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn demo_pages_render_on_postgres() {
    let db = TestDb::postgres().await.unwrap();
    let report = hoshin_app::demo::seed_demo(db.store.as_ref()).await.unwrap();
    let app = App::new(db.store.clone());
    let ids = demo_ids(db.store.as_ref(), report.org_id).await;
    let (o, d) = (ids.org.0, ids.dept.0);
    page(&app, "/", &["サンプル市"]).await;
    page(&app, &format!("/orgs/{o}/years/2024"), &["こども未来部", "順調", "遅れ"]).await;
    page(&app, &format!("/orgs/{o}/years/2024/departments/{d}"), &["子育て世代包括支援センターの機能強化"]).await;
    page(&app, &format!("/orgs/{o}/years/2025/booklet"), &["目次"]).await;
    page(&app, &format!("/orgs/{o}/years/2025/departments/{d}/compare"), &["継続"]).await;
    // The city comparison's brief rows and the plan tree's one roll-up read (issue 14).
    page(&app, &format!("/orgs/{o}/years/2025/compare"), &["サンプル市 前年度との比較", "新規"]).await;
    page(&app, &format!("/orgs/{o}/years/2025/compare?with=2024"), &["継続"]).await;
    page(&app, &format!("/plans/{}", ids.basic_plan.0), &["第6次総合計画 前期基本計画", "1-1-1", "<details"]).await;
    page(&app, &format!("/plans/{}?year=2024", ids.basic_plan.0), &["<details"]).await;
    page(&app, &format!("/indicators/{}", ids.indicator.0), &["<svg", "判定：S"]).await;
    let (indexed, _dir) = with_index(app.clone()).await;
    page(&indexed, "/search?q=%E7%AB%AF%E6%9C%AB", &["一人一台<mark>端末</mark>を活用した授業づくり"]).await;
    page(&app, "/search", &["行政のデジタル化"]).await;
    page(
        &app,
        &format!("/search?q={}&in=text", hoshin_web::urls::encode("保健師による全数面談")),
        &["子育て世代包括支援センターの機能強化"],
    )
    .await;
}

/// The org/year summary folds actuals in SQL; its statuses must equal `Indicator::status_in`
/// on the fully loaded indicators, for every year and indicator of the demo (with extra
/// cumulative and value-less cases), on both backends.
#[tokio::test]
async fn folded_standings_match_status_in_sqlite() {
    folded_standings_match_status_in(TestDb::sqlite().await.unwrap()).await;
}

#[tokio::test]
async fn folded_standings_match_status_in_postgres() {
    folded_standings_match_status_in(TestDb::postgres().await.unwrap()).await;
}

async fn folded_standings_match_status_in(db: TestDb) {
    use hoshin_domain::*;
    use hoshin_store::Page;
    let report = hoshin_app::demo::seed_demo(db.store.as_ref()).await.unwrap();
    let org = report.org_id;
    let tx = db.store.begin().await.unwrap();
    let fy = |y| FiscalYear::new(y).unwrap();
    let q = Quantity::parse;
    let mut cum = hoshin_testkit::fixtures::indicator(org, None, "累計の件数");
    cum.cumulative = true;
    cum.baseline = Some(q("10件"));
    cum.baseline_year = Some(fy(2020));
    cum.target = Some(q("100件"));
    cum.target_year = Some(fy(2026));
    cum.actuals = vec![
        Actual { fiscal_year: fy(2022), value: q("20件") },
        Actual { fiscal_year: fy(2023), value: q("未集計") },
        Actual { fiscal_year: fy(2024), value: q("25件") },
    ];
    tx.insert_indicator(&cum).await.unwrap();
    let mut text_only = hoshin_testkit::fixtures::indicator(org, None, "数値のない実績");
    text_only.target = Some(q("90%"));
    text_only.actuals = vec![Actual { fiscal_year: fy(2024), value: q("―") }];
    tx.insert_indicator(&text_only).await.unwrap();
    tx.commit().await.unwrap();

    let full = db.store.list_indicators(org, Page::first(1000)).await.unwrap();
    assert!(full.len() > 10);
    for year in 2020..=2026 {
        let y = fy(year);
        let standings = db.store.indicator_standings(org, y).await.unwrap();
        assert_eq!(standings.len(), full.len());
        for s in &standings {
            let ind = full.iter().find(|i| i.id == s.id).unwrap();
            assert_eq!(
                hoshin_web::views::status::standing_status(s, y),
                ind.status_in(y),
                "{} in {year}: {s:?}",
                ind.name
            );
        }
    }
}

#[tokio::test]
async fn storage_failures_are_a_generic_500_with_a_request_id() {
    let db = TestDb::sqlite().await.unwrap();
    let app = App::new(db.store.clone());
    db.store.close().await;
    let (status, body) = get(&app, "/").await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(body.contains("エラーが発生しました") && body.contains("問い合わせ番号"), "{body}");
    assert!(!body.to_lowercase().contains("pool"), "no internal detail on the page: {body}");
}

/// The indicator list judges each KPI against its yearly target of the year measured when it
/// has one (read by the page's selection, beside the rows), else against the straight path.
#[tokio::test]
async fn the_indicator_list_judges_kpis_against_their_yearly_targets() {
    use hoshin_domain::*;
    let db = TestDb::sqlite().await.unwrap();
    let fy = |y| FiscalYear::new(y).unwrap();
    let tx = db.store.begin().await.unwrap();
    let org = tx.insert_organization(&hoshin_testkit::fixtures::org("目標市")).await.unwrap();
    let mut kpi = hoshin_testkit::fixtures::indicator(org, None, "相談窓口の利用件数");
    kpi.baseline = Some(Quantity::parse("10件"));
    kpi.baseline_year = Some(fy(2020));
    kpi.target = Some(Quantity::parse("100件"));
    kpi.target_year = Some(fy(2030));
    // On the straight path 2024 should be at 46: 20 is behind.
    kpi.actuals = vec![Actual { fiscal_year: fy(2024), value: Quantity::parse("20件") }];
    let id = tx.insert_indicator(&kpi).await.unwrap();
    tx.commit().await.unwrap();
    let app = App::new(db.store.clone());
    let uri = format!("/orgs/{}/years/2024/indicators", org.0);
    let row = |body: &str| {
        let at = body.find("相談窓口の利用件数").unwrap();
        body[at..body[at..].find("</tr>").map_or(body.len(), |end| at + end)].to_string()
    };
    let body = page(&app, &uri, &["相談窓口の利用件数"]).await;
    assert!(row(&body).contains("遅れ"), "{}", row(&body));

    // The year's own target is 15: 20 meets it.
    let tx = db.store.begin().await.unwrap();
    let target = YearValue { fiscal_year: fy(2024), kind: YearValueKind::Target, value: Quantity::parse("15件") };
    tx.set_indicator_facts(id, &IndicatorFacts { kind: None, yearly: vec![target] }).await.unwrap();
    tx.commit().await.unwrap();
    let body = page(&app, &uri, &["相談窓口の利用件数"]).await;
    assert!(row(&body).contains("順調"), "{}", row(&body));
}
