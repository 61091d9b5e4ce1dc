//! Issue 11 (Excel out): the xlsx downloads of the public pages (「Excelで開く」) through the
//! router on SQLite and PostgreSQL — a department's 部局運営方針, the organization-year
//! workbook, the indicators with actuals by year and one 事務事業評価シート per initiative —
//! each read back by an independent reader (Python's openpyxl): type and file names, the
//! expected cells, A4 and orientation, fit to the page width, the repeated header row, the
//! form's merged label and value cells; raw HTML and `=formula` text stay text; 404 for a
//! draft, an unknown or foreign id and a year without anything published; drafts in no
//! workbook; the page cache keeps them like the CSVs.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code

mod common;

use axum::body::Body;
use axum::http::{header, HeaderMap, Request, StatusCode};
use common::staff::{Who, World};
use hoshin_app::import::{import_extraction, ImportOptions};
use hoshin_app::importer::draft::*;
use hoshin_app::importer::{Extraction, Genre};
use hoshin_app::App;
use hoshin_domain::*;
use hoshin_store::{NewGoalReview, Page};
use hoshin_testkit::{fixtures, TestDb};
use serde_json::Value;
use std::io::Read as _;
use std::path::Path;
use std::process::Command;
use tower::ServiceExt;

macro_rules! both_backends {
    ($case:ident, $sqlite:ident, $postgres:ident) => {
        #[tokio::test]
        async fn $sqlite() {
            $case(TestDb::sqlite().await.unwrap()).await;
        }

        #[tokio::test]
        async fn $postgres() {
            $case(TestDb::postgres().await.unwrap()).await;
        }
    };
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

struct Got {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

async fn fetch(app: &App, uri: &str, cookie: Option<&str>) -> Got {
    let mut req = Request::get(uri);
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    let res = hoshin_web::router(app.clone()).oneshot(req.body(Body::empty()).unwrap()).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let body = axum::body::to_bytes(res.into_body(), 50 << 20).await.unwrap().to_vec();
    Got { status, headers, body }
}

fn head(g: &Got, name: header::HeaderName) -> &str {
    g.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
}

/// Debian's interpreter (where `python3-openpyxl` installs; `DEB_PYTHON` as in
/// scripts/test.sh), else the `python3` on the PATH.
fn python() -> String {
    match std::env::var("DEB_PYTHON") {
        Ok(p) if !p.is_empty() => p,
        _ if Path::new("/usr/bin/python3").exists() => "/usr/bin/python3".into(),
        _ => "python3".into(),
    }
}

/// The workbook as openpyxl reads it: per sheet its print setup, merged ranges and every
/// cell's value and type (`s` text, `n` number, `f` formula).
const READ_XLSX: &str = r#"
import json, sys
try:
    import openpyxl
except ImportError:
    sys.exit("openpyxl is missing: apt-get install python3-openpyxl (scripts/test.sh --setup-only installs it)")
wb = openpyxl.load_workbook(sys.argv[1])
out = []
for ws in wb.worksheets:
    out.append({
        "name": ws.title,
        "paper": ws.page_setup.paperSize,
        "orientation": ws.page_setup.orientation,
        "fit_to_page": bool(ws.sheet_properties.pageSetUpPr and ws.sheet_properties.pageSetUpPr.fitToPage),
        # An absent fitToWidth / fitToHeight is 1 (ECMA-376's default).
        "fit_width": 1 if ws.page_setup.fitToWidth is None else ws.page_setup.fitToWidth,
        "fit_height": 1 if ws.page_setup.fitToHeight is None else ws.page_setup.fitToHeight,
        "title_rows": ws.print_title_rows,
        "merged": sorted(str(r) for r in ws.merged_cells.ranges),
        "rows": [[c.value for c in r] for r in ws.iter_rows()],
        "types": [[c.data_type for c in r] for r in ws.iter_rows()],
    })
print(json.dumps(out, ensure_ascii=False, default=str))
"#;

fn read_xlsx(bytes: &[u8]) -> Vec<Value> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.xlsx");
    std::fs::write(&path, bytes).unwrap();
    let o = Command::new(python()).arg("-c").arg(READ_XLSX).arg(&path).output().expect("python3 runs");
    assert!(o.status.success(), "openpyxl could not read the workbook: {}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice::<Value>(&o.stdout).unwrap().as_array().unwrap().clone()
}

fn rows(sheet: &Value) -> Vec<Vec<Value>> {
    sheet["rows"].as_array().unwrap().iter().map(|r| r.as_array().unwrap().clone()).collect()
}

/// The (0-based) index of the first row holding `cell`.
fn row_index(sheet: &Value, cell: &str) -> usize {
    rows(sheet)
        .iter()
        .position(|r| r.iter().any(|c| c == cell))
        .unwrap_or_else(|| panic!("no row with {cell} in {}", sheet["name"]))
}

fn row_with(sheet: &Value, cell: &str) -> Vec<Value> {
    rows(sheet)[row_index(sheet, cell)].clone()
}

/// Every text of a workbook as its shared strings hold them (for what must not be there).
fn strings(bytes: &[u8]) -> String {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut out = String::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        if f.name().unwrap().ends_with(".xml") {
            f.read_to_string(&mut out).unwrap();
        }
    }
    out
}

/// A download answer: 200, the xlsx type and both file names.
fn assert_download(g: &Got, url: &str, ascii: &str, japanese: &str) {
    assert_eq!(g.status, StatusCode::OK, "{url}");
    assert_eq!(head(g, header::CONTENT_TYPE), XLSX, "{url}");
    let cd = head(g, header::CONTENT_DISPOSITION);
    assert!(cd.starts_with(&format!("attachment; filename=\"{ascii}\"")), "{url}: {cd}");
    assert!(cd.contains(&format!("filename*=UTF-8''{}", hoshin_web::urls::encode(japanese))), "{url}: {cd}");
    assert!(g.body.starts_with(b"PK"), "{url}: an xlsx is a zip");
}

/// Printed on A4 in `orientation`, fitted to one page wide.
fn assert_print(sheet: &Value, orientation: &str) {
    assert_eq!(sheet["paper"], 9, "{}: A4", sheet["name"]);
    assert_eq!(sheet["orientation"], orientation, "{}", sheet["name"]);
    assert_eq!(sheet["fit_to_page"], true, "{}", sheet["name"]);
    assert_eq!(sheet["fit_width"], 1, "{}: one page wide", sheet["name"]);
    assert_eq!(sheet["fit_height"], 0, "{}: as many pages down as it takes", sheet["name"]);
}

/// The header row (the one holding `title`) is repeated on every printed page.
fn assert_repeated_header(sheet: &Value, title: &str) {
    let n = row_index(sheet, title) + 1;
    assert_eq!(sheet["title_rows"], format!("${n}:${n}"), "{}", sheet["name"]);
}

async fn policy_workbooks(db: TestDb) {
    let report = hoshin_app::demo::seed_demo(db.store.as_ref()).await.unwrap();
    let store = db.store.clone();
    let org = report.org_id;
    let depts = store.list_departments(org).await.unwrap();
    let dept = depts.iter().find(|d| d.name == "こども未来部").unwrap();
    // A published initiative holding raw HTML and formulas.
    let tx = store.begin().await.unwrap();
    let mut new = fixtures::initiative(org, Some(dept.id), 2024, "=HYPERLINK(\"http://example.com\",\"押して\")");
    new.summary = Some("<script>alert(1)</script><b>太字</b>\n+1+1".into());
    tx.insert_initiative(&new).await.unwrap();
    tx.commit().await.unwrap();
    let app = App::new(store.clone());
    let o = org.0;

    // The department: its page links to it; one sheet, A4 landscape, header row repeated.
    let url = format!("/orgs/{o}/years/2024/departments/{}/policy.xlsx", dept.id.0);
    let page = common::page(&app, &format!("/orgs/{o}/years/2024/departments/{}", dept.id.0), &["Excelで開く"]).await;
    assert!(page.contains(&format!("href=\"{url}\"")), "{page}");
    let g = fetch(&app, &url, None).await;
    assert_download(
        &g,
        &url,
        &format!("999997_2024_department{}_policy.xlsx", dept.id.0),
        "サンプル市_令和6年度_こども未来部_部局運営方針.xlsx",
    );
    let book = read_xlsx(&g.body);
    assert_eq!(book.len(), 1);
    let sheet = &book[0];
    assert_eq!(sheet["name"], "こども未来部");
    assert_print(sheet, "landscape");
    assert_repeated_header(sheet, "取組名");
    assert_eq!(rows(sheet)[0][0], "こども未来部 部局運営方針 令和6年度（2024年度）（サンプル市）");
    let stance = store.get_department_policy(dept.id, FiscalYear::new(2024).unwrap()).await.unwrap().unwrap().stance;
    assert_eq!(row_with(sheet, "基本的考え方")[1], stance.as_str());
    assert_eq!(row_with(sheet, "取組名")[..3], ["重点項目", "取組名", "担当"].map(Value::from));
    let item = row_with(sheet, "子育て世代包括支援センターの機能強化");
    assert_eq!(item[0], "子育て世代に選ばれるまち");
    // Text stays text: the formula is a string cell, HTML as stored.
    let i = row_index(sheet, "=HYPERLINK(\"http://example.com\",\"押して\")");
    let cells = &rows(sheet)[i];
    let types = sheet["types"][i].as_array().unwrap();
    assert_eq!(types[1], "s", "a text cell, not a formula: {cells:?}");
    assert_eq!(cells[3], "<script>alert(1)</script><b>太字</b>\n+1+1");
    assert!(types.iter().all(|t| t != "f"), "no formula anywhere: {types:?}");

    // The organization-year: every department's sheet then 指標, from the year page.
    let url = format!("/orgs/{o}/years/2024/workbook.xlsx");
    let page = common::page(&app, &format!("/orgs/{o}/years/2024"), &["Excelで開く"]).await;
    assert!(page.contains(&format!("href=\"{url}\"")), "{page}");
    let g = fetch(&app, &url, None).await;
    assert_download(&g, &url, "999997_2024_policy.xlsx", "サンプル市_令和6年度_部局運営方針.xlsx");
    let book = read_xlsx(&g.body);
    let names: Vec<&str> = book.iter().map(|s| s["name"].as_str().unwrap()).collect();
    let (tops, _) =
        hoshin_app::years::year_departments(store.as_ref(), org, FiscalYear::new(2024).unwrap()).await.unwrap();
    let mut expected: Vec<&str> = tops.iter().map(|d| d.name.as_str()).collect();
    expected.push("指標");
    assert_eq!(names, expected);
    for s in &book {
        assert_print(s, "landscape");
    }
    let kodomo = book.iter().find(|s| s["name"] == "こども未来部").unwrap();
    assert_eq!(rows(kodomo), rows(sheet), "the department's sheet is the same in both");

    // The indicators: every published one with the actual of each year up to 2024.
    let url = format!("/orgs/{o}/years/2024/indicators.xlsx");
    let page = common::page(&app, &format!("/orgs/{o}/years/2024/indicators"), &["Excelで開く"]).await;
    assert!(page.contains(&format!("href=\"{url}\"")), "{page}");
    let g = fetch(&app, &url, None).await;
    assert_download(&g, &url, "999997_2024_indicators.xlsx", "サンプル市_令和6年度_指標.xlsx");
    let book = read_xlsx(&g.body);
    assert_eq!(book.len(), 1);
    let kpi = &book[0];
    assert_eq!(kpi["name"], "指標");
    assert_print(kpi, "landscape");
    assert_repeated_header(kpi, "基準値");
    let all = hoshin_app::public::all_indicators(store.as_ref(), org).await.unwrap();
    let header_at = row_index(kpi, "基準値");
    assert_eq!(rows(kpi).len() - header_at - 1, all.len(), "one row per published indicator");
    let header = row_with(kpi, "基準値");
    let waiting = all.iter().find(|i| i.name == "保育所等の待機児童数").unwrap();
    let row = row_with(kpi, &waiting.name);
    let mut years = 0;
    for a in waiting.actuals.iter().filter(|a| a.fiscal_year.year() <= 2024) {
        let col = header
            .iter()
            .position(|h| h == &format!("実績 {}", a.fiscal_year.label()))
            .unwrap_or_else(|| panic!("no column for {}: {header:?}", a.fiscal_year.label()));
        assert_eq!(row[col], a.value.text.as_str(), "{}", a.fiscal_year.label());
        years += 1;
    }
    assert!(years >= 2, "actuals of several years: {years}");
    assert!(!header.iter().any(|h| h.as_str().is_some_and(|h| h.contains("2025年度"))), "no year after 2024");
    assert_eq!(row[header.len() - 1], waiting.status_in(FiscalYear::new(2024).unwrap()).label());

    // Unknown organization, department, a department of another organization, a year with
    // nothing published: 404; an unreadable year: 400.
    let tx = store.begin().await.unwrap();
    let other = tx.insert_organization(&fixtures::org("別市")).await.unwrap();
    let foreign = tx.insert_department(&fixtures::department(other, "総務部", 1)).await.unwrap();
    tx.commit().await.unwrap();
    for (u, status) in [
        ("/orgs/99999/years/2024/workbook.xlsx".to_string(), StatusCode::NOT_FOUND),
        ("/orgs/99999/years/2024/indicators.xlsx".to_string(), StatusCode::NOT_FOUND),
        (format!("/orgs/{o}/years/2030/workbook.xlsx"), StatusCode::NOT_FOUND),
        (format!("/orgs/{o}/years/2024/departments/99999/policy.xlsx"), StatusCode::NOT_FOUND),
        (format!("/orgs/{o}/years/2024/departments/{}/policy.xlsx", foreign.0), StatusCode::NOT_FOUND),
        (format!("/orgs/{o}/years/x/workbook.xlsx"), StatusCode::BAD_REQUEST),
        ("/initiatives/999999/sheet.xlsx".to_string(), StatusCode::NOT_FOUND),
    ] {
        assert_eq!(fetch(&app, &u, None).await.status, status, "{u}");
    }
    // The year page of a year without published initiatives offers no workbook.
    let (_, page) = common::get(&app, &format!("/orgs/{o}/years/2030")).await;
    assert!(!page.contains("workbook.xlsx"), "{page}");
}
both_backends!(policy_workbooks, policy_workbooks_sqlite, policy_workbooks_postgres);

fn evaluation_sheets() -> Extraction {
    let mut ex = Extraction::empty(Genre::EvaluationSheet);
    ex.organization = Some("架空市".into());
    ex.fiscal_year = Some(2025);
    ex.initiatives = vec![InitiativeDraft {
        name: "=SUM(A1:A9)放課後児童クラブ<script>alert(1)</script>運営事業".into(),
        kind: "program".into(),
        department: Some("こども育成課".into()),
        code: Some("0412".into()),
        summary: Some("共働き家庭の小学生が放課後を安全に過ごせる場を設ける。".into()),
        plan_path: vec![PlanStepDraft {
            level: "施策".into(),
            code: Some("2-1".into()),
            title: "子育て支援の充実".into(),
        }],
        costs: vec![
            CostDraft {
                fiscal_year: 2024,
                basis: "settlement".into(),
                item: "total".into(),
                amount: Some(48_500_000),
                written: "48,500".into(),
            },
            CostDraft {
                fiscal_year: 2025,
                basis: "budget".into(),
                item: "total".into(),
                amount: Some(51_000_000),
                written: "51,000".into(),
            },
        ],
        judgements: vec![JudgementDraft { axis: "有効性".into(), value: "高い".into() }],
        direction: Some("expand".into()),
        ..InitiativeDraft::default()
    }];
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
        ..IndicatorDraft::default()
    }];
    ex
}

async fn evaluation_sheet(db: TestDb) {
    let store = db.store.clone();
    import_extraction(store.as_ref(), &evaluation_sheets(), "sheets.json", "h", &ImportOptions::default())
        .await
        .unwrap();
    let org = store.find_organization_by_name("架空市").await.unwrap().unwrap().id;
    let club = store.list_initiatives(org, None, Page::first(10)).await.unwrap().remove(0);
    let tx = store.begin().await.unwrap();
    tx.insert_goal_review(&NewGoalReview {
        result: Some("3か所で開設<b>した</b>".into()),
        issues_next: Some("対象を広げる".into()),
        judgement: Some("順調".into()),
        ..fixtures::review(club.id, 2025, 80)
    })
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let app = App::new(store.clone());

    let url = format!("/initiatives/{}/sheet.xlsx", club.id.0);
    for from in [format!("/initiatives/{}", club.id.0), format!("/initiatives/{}/sheet", club.id.0)] {
        let page = common::page(&app, &from, &["Excelで開く"]).await;
        assert!(page.contains(&format!("href=\"{url}\"")), "{from}: {page}");
    }
    let g = fetch(&app, &url, None).await;
    assert_download(
        &g,
        &url,
        &format!("initiative{}_sheet.xlsx", club.id.0),
        "架空市_令和7年度_事務事業評価シート_=SUM(A1_A9)放課後児童クラブ_script_alert(1)__script_運営事業.xlsx",
    );
    let book = read_xlsx(&g.body);
    assert_eq!(book.len(), 1);
    let s = &book[0];
    assert_eq!(s["name"], "事務事業評価シート");
    assert_print(s, "portrait");
    let all = rows(s);
    assert_eq!(all[0][0], "事務事業評価シート　架空市　令和7年度（2025年度）");
    // The name as stored: HTML as text, the formula as a string cell.
    assert_eq!(all[1][0], club.name.as_str());
    assert_eq!(s["types"][1][0], "s");
    assert!(s["types"].as_array().unwrap().iter().flat_map(|r| r.as_array().unwrap()).all(|t| t != "f"));

    // Label cells left (A:B merged), values right (C:J merged).
    let merged: Vec<&str> = s["merged"].as_array().unwrap().iter().map(|m| m.as_str().unwrap()).collect();
    let field = |label: &str| {
        let i = row_index(s, label);
        let n = i + 1;
        assert_eq!(all[i][0], label);
        assert!(merged.contains(&format!("A{n}:B{n}").as_str()), "{label}: label merged: {merged:?}");
        assert!(merged.contains(&format!("C{n}:J{n}").as_str()), "{label}: value merged: {merged:?}");
        all[i][2].clone()
    };
    assert_eq!(field("事業名"), club.name.as_str());
    assert_eq!(field("事業番号"), "0412");
    assert_eq!(field("担当"), "こども育成課");
    assert_eq!(field("施策体系"), "施策 2-1 子育て支援の充実");
    assert_eq!(field("概要"), "共働き家庭の小学生が放課後を安全に過ごせる場を設ける。");
    assert_eq!(field("実績（令和7年度（2025年度））"), "3か所で開設<b>した</b>");
    assert_eq!(field("進捗率（%）"), 80);
    assert_eq!(field("判定"), "順調");
    assert_eq!(field("課題・今後の方向性"), "対象を広げる");
    assert_eq!(field("有効性"), "高い");
    assert_eq!(field("今後の方向性"), "拡充");
    // Sections in order.
    let order: Vec<usize> = ["事業の概要", "事業の目的・内容", "指標", "事業費（単位：千円）", "評価"]
        .iter()
        .map(|t| row_index(s, t))
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");

    // The indicators: baseline, the latest five years of actuals up to 2025 (2020–2024, not
    // 2019), target.
    let header = row_with(s, "基準値");
    let texts: Vec<&str> = header.iter().filter_map(Value::as_str).collect();
    assert_eq!(texts.first(), Some(&"指標"));
    assert_eq!(texts.last(), Some(&"目標値"));
    let years: Vec<&str> = texts.iter().filter(|t| t.starts_with("実績")).copied().collect();
    assert_eq!(years.len(), 5, "{texts:?}");
    assert_eq!(years[0], "実績\n令和2年度（2020年度）");
    assert_eq!(years[4], "実績\n令和6年度（2024年度）");
    let kpi = row_with(s, "利用児童数（成果指標）［人］");
    let at = |h: &str| header.iter().position(|x| x == h).unwrap();
    assert_eq!(kpi[at("基準値")], "410人\n（令和3年度（2021年度））");
    assert_eq!(kpi[at("実績\n令和2年度（2020年度）")], "350人");
    assert_eq!(kpi[at("実績\n令和6年度（2024年度）")], "470人");
    assert_eq!(kpi[at("目標値")], "520人\n（令和9年度（2027年度））");
    assert!(!all.iter().flatten().any(|c| c == "300人"), "2019 is not shown");

    // Costs by year: numbers (千円), typed.
    let header = row_with(s, "令和7年度（2025年度）\n予算");
    assert_eq!(header[0], "区分");
    let i = row_index(s, "事業費");
    let settled = header.iter().position(|h| h == "令和6年度（2024年度）\n決算").unwrap();
    let budget = header.iter().position(|h| h == "令和7年度（2025年度）\n予算").unwrap();
    assert_eq!(all[i][settled].as_f64(), Some(48_500.0));
    assert_eq!(all[i][budget].as_f64(), Some(51_000.0));
    assert_eq!(s["types"][i][budget], "n");

    // A program without facts, indicators or a review still has every section it can.
    let tx = store.begin().await.unwrap();
    let bare = tx.insert_initiative(&fixtures::initiative(org, None, 2025, "事実のない事業")).await.unwrap();
    tx.commit().await.unwrap();
    let book = read_xlsx(&fetch(&app, &format!("/initiatives/{}/sheet.xlsx", bare.0), None).await.body);
    let s = &book[0];
    row_index(s, "指標は登録されていません。");
    row_index(s, "評価は登録されていません。");
    assert!(!rows(s).iter().flatten().any(|c| c == "事業費（単位：千円）"), "no cost section without costs");
}
both_backends!(evaluation_sheet, evaluation_sheet_sqlite, evaluation_sheet_postgres);

/// Drafts (a revision's rows, a theme typed when a year was opened) appear in no workbook,
/// for the public nor for signed-in staff; a draft initiative has no sheet.
async fn drafts_stay_out(db: TestDb) {
    let w = World::new(db).await;
    let f = w.fork().await;
    let store = f.store();
    let tx = store.begin().await.unwrap();
    let mut draft = w.a.initiatives[0].clone();
    draft.name = "下書きだけの取組".into();
    tx.update_initiative(&draft).await.unwrap();
    let mut kpi = w.a.indicators[0].clone();
    kpi.name = "下書きだけの指標".into();
    tx.update_indicator(&kpi).await.unwrap();
    tx.commit().await.unwrap();

    assert_eq!(
        fetch(&f.app, &format!("/initiatives/{}/sheet.xlsx", draft.id.0), None).await.status,
        StatusCode::NOT_FOUND
    );
    let (o, d) = (w.org.0, w.a.dept.id.0);
    let published = hoshin_app::public::department_initiatives(
        store,
        &hoshin_app::public::family(&store.list_departments(w.org).await.unwrap(), w.a.dept.id),
        w.prev,
    )
    .await
    .unwrap()
    .0;
    let mut urls = vec![format!("/initiatives/{}/sheet.xlsx", published[0].id.0)];
    for y in [w.prev.year(), w.year.year()] {
        urls.push(format!("/orgs/{o}/years/{y}/departments/{d}/policy.xlsx"));
        urls.push(format!("/orgs/{o}/years/{y}/indicators.xlsx"));
    }
    urls.push(format!("/orgs/{o}/years/{}/workbook.xlsx", w.prev.year()));
    for who in [None, Some(Who::Planning), Some(Who::EditorA)] {
        let cookie = who.and_then(|w2| w.session(w2)).map(|s| s.cookie.as_str());
        for u in &urls {
            let g = fetch(&f.app, u, cookie).await;
            assert_eq!(g.status, StatusCode::OK, "{u}");
            let text = strings(&g.body);
            for secret in ["下書きだけの取組", "下書きだけの指標", "試験用の重点項目"] {
                assert!(!text.contains(secret), "{u} ({who:?}) shows the draft {secret}");
            }
        }
    }
    // Nothing of 2026 is published: no workbook of the year, and the department's sheet has
    // its header and no rows.
    assert_eq!(
        fetch(&f.app, &format!("/orgs/{o}/years/{}/workbook.xlsx", w.year.year()), None).await.status,
        StatusCode::NOT_FOUND
    );
    let g = fetch(&f.app, &urls[3], None).await;
    let book = read_xlsx(&g.body);
    let s = &book[0];
    assert_eq!(rows(s).len(), row_index(s, "取組名") + 1, "a header row only");
}
both_backends!(drafts_stay_out, drafts_stay_out_sqlite, drafts_stay_out_postgres);

/// The page cache keeps the workbooks like the CSVs: a second request is a hit with the same
/// bytes and file name (never compressed again: an xlsx is a zip), `If-None-Match` gets 304,
/// a write shows in the next download.
#[tokio::test]
async fn workbooks_go_through_the_page_cache() {
    let db = TestDb::sqlite().await.unwrap();
    let report = hoshin_app::demo::seed_demo(db.store.as_ref()).await.unwrap();
    let app = App::new(db.store.clone());
    let router = hoshin_web::router(app.clone());
    let send = |uri: String, etag: Option<String>| {
        let router = router.clone();
        async move {
            let mut req = Request::get(&uri).header(header::ACCEPT_ENCODING, "gzip, br");
            if let Some(t) = etag {
                req = req.header(header::IF_NONE_MATCH, t);
            }
            let res = router.oneshot(req.body(Body::empty()).unwrap()).await.unwrap();
            let (status, headers) = (res.status(), res.headers().clone());
            Got { status, headers, body: axum::body::to_bytes(res.into_body(), 50 << 20).await.unwrap().to_vec() }
        }
    };
    let o = report.org_id.0;
    let dept =
        db.store.list_departments(report.org_id).await.unwrap().into_iter().find(|d| d.name == "こども未来部").unwrap();
    let item =
        db.store.list_initiatives(report.org_id, Some(FiscalYear::new(2024).unwrap()), Page::first(1)).await.unwrap()
            [0]
        .id;
    let policy = format!("/orgs/{o}/years/2024/departments/{}/policy.xlsx", dept.id.0);
    for url in [
        policy.clone(),
        format!("/orgs/{o}/years/2024/workbook.xlsx"),
        format!("/orgs/{o}/years/2024/indicators.xlsx"),
        format!("/initiatives/{}/sheet.xlsx", item.0),
    ] {
        let first = send(url.clone(), None).await;
        let second = send(url.clone(), None).await;
        assert_eq!(first.status, StatusCode::OK, "{url}");
        assert_eq!(first.body, second.body, "{url}");
        assert_eq!(head(&first, header::CONTENT_DISPOSITION), head(&second, header::CONTENT_DISPOSITION), "{url}");
        assert_eq!(head(&second, header::CONTENT_TYPE), XLSX, "{url}");
        assert!(head(&second, header::CONTENT_ENCODING).is_empty(), "{url}: an xlsx is already compressed");
        let etag = head(&second, header::ETAG).to_string();
        assert!(!etag.is_empty(), "{url}: cached answers carry an ETag");
        assert_eq!(send(url.clone(), Some(etag)).await.status, StatusCode::NOT_MODIFIED, "{url}");
    }
    let tx = db.store.begin().await.unwrap();
    tx.insert_initiative(&fixtures::initiative(report.org_id, Some(dept.id), 2024, "キャッシュ後に追加した取組"))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let after = send(policy, None).await;
    assert!(strings(&after.body).contains("キャッシュ後に追加した取組"), "a write shows at once");
}
