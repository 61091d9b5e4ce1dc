//! Issue 11 (CSV and open data): the CSV downloads of the public table pages and the
//! open-data bundle, through the router on SQLite and PostgreSQL — UTF-8 with BOM, Shift_JIS
//! that decodes back to the same text, RFC 4180 quoting of raw HTML, inert formulas, the
//! headers (type, Japanese file name), the bundle's CSVs consistent with its
//! `datapackage.json` and every row's 全国地方公共団体コード valid; the catalogue; and drafts
//! (unpublished rows and themes) absent from every download.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code

mod common;

use axum::body::Body;
use axum::http::{header, HeaderMap, Request, StatusCode};
use common::staff::{Who, World};
use hoshin_app::App;
use hoshin_domain::*;
use hoshin_testkit::{fixtures, TestDb};
use std::io::Read as _;
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

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The UTF-8 text after the BOM (which must be there).
fn utf8_csv(g: &Got) -> String {
    assert!(g.body.starts_with(BOM), "a BOM first");
    String::from_utf8(g.body[3..].to_vec()).unwrap()
}

/// Rows as parsed by an RFC 4180 reader.
fn rows(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

async fn csv_downloads(db: TestDb) {
    let report = hoshin_app::demo::seed_demo(db.store.as_ref()).await.unwrap();
    let store = db.store.clone();
    let org = report.org_id;
    let depts = store.list_departments(org).await.unwrap();
    let dept = depts.iter().find(|d| d.name == "こども未来部").unwrap();

    // A published initiative holding raw HTML, quotes, a comma, a line break, and a formula.
    let tx = store.begin().await.unwrap();
    let mut new = fixtures::initiative(org, Some(dept.id), 2024, "=HYPERLINK(\"http://example.com\",\"押して\")");
    new.summary = Some("<script>alert(1)</script><b>太字</b>, \"引用\"\n二行目".into());
    tx.insert_initiative(&new).await.unwrap();
    // Characters Shift_JIS spells differently (〜) or cannot hold (😀, 𠮷).
    let mut odd = fixtures::initiative(org, Some(dept.id), 2024, "4月〜6月に実施😀");
    odd.summary = Some("𠮷野家の−5％".into());
    tx.insert_initiative(&odd).await.unwrap();
    let mut plus = fixtures::initiative(org, Some(dept.id), 2024, "+1+1");
    plus.summary = Some("@SUM(A1:A9)".into());
    tx.insert_initiative(&plus).await.unwrap();
    tx.commit().await.unwrap();

    let app = App::new(store.clone());
    let o = org.0;
    let url = format!("/orgs/{o}/years/2024/departments/{}/initiatives.csv", dept.id.0);

    // The page links to its download.
    let (status, page) = common::get(&app, &format!("/orgs/{o}/years/2024/departments/{}", dept.id.0)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(&format!("href=\"{url}\"")) && page.contains("CSVでダウンロード"), "{page}");

    let g = fetch(&app, &url, None).await;
    assert_eq!(g.status, StatusCode::OK);
    assert_eq!(head(&g, header::CONTENT_TYPE), "text/csv; charset=utf-8; header=present");
    let cd = head(&g, header::CONTENT_DISPOSITION);
    assert!(cd.starts_with("attachment; filename=\"999997_2024_department"), "{cd}");
    // サンプル市_令和6年度_こども未来部_取組.csv, percent-encoded.
    assert!(
        cd.contains(&format!(
            "filename*=UTF-8''{}",
            hoshin_web::urls::encode("サンプル市_令和6年度_こども未来部_取組.csv")
        )),
        "{cd}"
    );
    let text = utf8_csv(&g);
    assert!(text.contains("\r\n"), "CRLF line ends");
    let table = rows(&text);
    assert_eq!(table[0][..5], ["取組ID", "担当", "重点項目", "区分", "取組名"]);
    let names: Vec<&str> = table.iter().map(|r| r[4].as_str()).collect();
    assert!(names.contains(&"子育て世代包括支援センターの機能強化"), "{names:?}");
    // Raw HTML stays raw (CSV is not HTML), quoted as RFC 4180 wants; formulas are inert.
    let row = table.iter().find(|r| r[4].contains("HYPERLINK")).unwrap();
    assert_eq!(row[4], "'=HYPERLINK(\"http://example.com\",\"押して\")");
    assert_eq!(row[5], "<script>alert(1)</script><b>太字</b>, \"引用\"\n二行目");
    assert!(text.contains("\"<script>alert(1)</script><b>太字</b>, \"\"引用\"\"\n二行目\""), "{text}");
    assert!(!text.contains("&lt;"), "not HTML-escaped");
    let row = table.iter().find(|r| r[4].contains("+1+1")).unwrap();
    assert_eq!((row[4].as_str(), row[5].as_str()), ("'+1+1", "'@SUM(A1:A9)"));
    for r in &table[1..] {
        for cell in r {
            assert!(!cell.starts_with(['=', '+', '-', '@']), "live formula in {r:?}");
        }
    }

    // Shift_JIS: no BOM, decodes without error to the same text.
    let s = fetch(&app, &format!("{url}?encoding=sjis"), None).await;
    assert_eq!(s.status, StatusCode::OK);
    assert_eq!(head(&s, header::CONTENT_TYPE), "text/csv; charset=Shift_JIS; header=present");
    assert!(head(&s, header::CONTENT_DISPOSITION).contains("_sjis.csv"));
    assert!(!s.body.starts_with(BOM));
    let (decoded, _, had_errors) = encoding_rs::SHIFT_JIS.decode(&s.body);
    assert!(!had_errors);
    // The same text, but for the documented replacements: CP932 forms, then 〓.
    let expected = text.replace('〜', "～").replace('−', "－").replace(['😀', '𠮷'], "〓");
    assert_ne!(expected, text, "the test data holds characters to replace");
    assert_eq!(decoded, expected, "Shift_JIS decodes back to the same text");
    assert!(decoded.contains("4月～6月に実施〓") && decoded.contains("〓野家の－5％"), "{decoded}");
    let bad = fetch(&app, &format!("{url}?encoding=latin1"), None).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);

    // The year's departments and the indicators with the year's actuals.
    let g = fetch(&app, &format!("/orgs/{o}/years/2024/departments.csv"), None).await;
    assert_eq!(g.status, StatusCode::OK);
    let t = rows(&utf8_csv(&g));
    assert_eq!(t[0], ["部局ID", "部局", "取組数", "基本的考え方", "基本的考え方（部）"]);
    let kodomo = t.iter().find(|r| r[1] == "こども未来部").unwrap();
    let counts = store.initiative_counts_by_department(org, FiscalYear::new(2024).unwrap()).await.unwrap();
    let fam = hoshin_app::public::family(&depts, dept.id);
    let expected: i64 = counts.iter().filter(|(d, _)| d.is_some_and(|d| fam.contains(&d))).map(|(_, n)| n).sum();
    assert_eq!(kodomo[2], expected.to_string());
    let stance = store.get_department_policy(dept.id, FiscalYear::new(2024).unwrap()).await.unwrap().unwrap().stance;
    assert_eq!((kodomo[3].as_str(), kodomo[4].as_str()), ("あり", stance.as_str()));

    let g = fetch(&app, &format!("/orgs/{o}/years/2024/indicators.csv"), None).await;
    assert_eq!(g.status, StatusCode::OK);
    let t = rows(&utf8_csv(&g));
    assert_eq!(t[0][9], "実績（令和6年度）");
    let all = hoshin_app::public::all_indicators(store.as_ref(), org).await.unwrap();
    assert_eq!(t.len() - 1, all.len(), "every published indicator, not one page");
    let waiting = all.iter().find(|i| i.name == "保育所等の待機児童数").unwrap();
    let row = t.iter().find(|r| r[1] == waiting.name).unwrap();
    let y2024 = waiting.actuals.iter().find(|a| a.fiscal_year.year() == 2024).map(|a| a.value.text.clone());
    assert_eq!(row[9], y2024.unwrap_or_default());
    assert_eq!(row[10], waiting.status_in(FiscalYear::new(2024).unwrap()).label());
    let s = fetch(&app, &format!("/orgs/{o}/years/2024/indicators.csv?encoding=sjis"), None).await;
    let (decoded, _, had_errors) = encoding_rs::SHIFT_JIS.decode(&s.body);
    assert!(!had_errors);
    assert_eq!(decoded, utf8_csv(&g));

    // One indicator's values, from its page.
    let (_, page) = common::get(&app, &format!("/indicators/{}", waiting.id.0)).await;
    let url = format!("/indicators/{}/values.csv", waiting.id.0);
    assert!(page.contains(&format!("href=\"{url}\"")), "{page}");
    let g = fetch(&app, &url, None).await;
    assert_eq!(g.status, StatusCode::OK);
    let t = rows(&utf8_csv(&g));
    assert_eq!(t[0], ["区分", "年度", "値", "数値", "単位"]);
    assert_eq!(t.len() - 1, waiting.actuals.len() + 2, "baseline, every actual, target");
    assert_eq!(t[1][..3], ["基準値".to_string(), "令和2年度（2020年度）".into(), "18人".into()]);
    assert_eq!(
        t.last().unwrap()[..4],
        ["目標値".to_string(), "令和7年度（2025年度）".into(), "0人".into(), "0".into()]
    );

    // Unknown organization or department: 404, unreadable year: 400.
    assert_eq!(fetch(&app, "/orgs/99999/years/2024/departments.csv", None).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        fetch(&app, &format!("/orgs/{o}/years/2024/departments/99999/initiatives.csv"), None).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(fetch(&app, &format!("/orgs/{o}/years/x/indicators.csv"), None).await.status, StatusCode::BAD_REQUEST);
}
both_backends!(csv_downloads, csv_downloads_sqlite, csv_downloads_postgres);

/// Reads every entry of a zip.
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut b = Vec::new();
            f.read_to_end(&mut b).unwrap();
            (f.name().unwrap().to_string(), b)
        })
        .collect()
}

async fn open_data_bundle(db: TestDb) {
    let report = hoshin_app::demo::seed_demo(db.store.as_ref()).await.unwrap();
    let app = App::new(db.store.clone());
    let o = report.org_id.0;

    // The catalogue lists every organization-year and is linked from every page's footer.
    let (status, home) = common::get(&app, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(home.contains("href=\"/opendata\""));
    let catalogue = common::page(&app, "/opendata", &["オープンデータ", "999997", "datapackage.json"]).await;
    for y in [2024, 2025] {
        assert!(catalogue.contains(&format!("href=\"/orgs/{o}/years/{y}/opendata.zip\"")), "{catalogue}");
    }
    assert!(catalogue.contains("令和6年度（2024年度）"));

    let g = fetch(&app, &format!("/orgs/{o}/years/2024/opendata.zip"), None).await;
    assert_eq!(g.status, StatusCode::OK);
    assert_eq!(head(&g, header::CONTENT_TYPE), "application/zip");
    let cd = head(&g, header::CONTENT_DISPOSITION);
    assert!(cd.contains("filename=\"999997_2024_opendata.zip\""), "{cd}");
    assert!(cd.contains(&hoshin_web::urls::encode("サンプル市_令和6年度_オープンデータ.zip")), "{cd}");
    let files = unzip(&g.body);
    let (_, json) = files.iter().find(|(n, _)| n == "datapackage.json").expect("datapackage.json");
    let d: serde_json::Value = serde_json::from_slice(json).unwrap();
    assert_eq!(d["profile"], "tabular-data-package");
    assert!(d["name"]
        .as_str()
        .unwrap()
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_.".contains(c)));
    let resources = d["resources"].as_array().unwrap();
    let names: Vec<&str> = resources.iter().map(|r| r["name"].as_str().unwrap()).collect();
    for want in [
        "organization",
        "departments",
        "themes",
        "policies",
        "initiatives",
        "reviews",
        "indicators",
        "indicator_actuals",
        "plan_nodes",
    ] {
        assert!(names.contains(&want), "{want} missing: {names:?}");
    }
    assert_eq!(files.len(), resources.len() + 1, "nothing in the zip that the descriptor does not name");

    // Each resource: its file exists, its header is exactly the fields listed, every row's
    // org_code is the organization's valid code, values fit their types, keys hold.
    let mut keys: std::collections::HashMap<(String, String), std::collections::HashSet<String>> = Default::default();
    let mut tables = Vec::new();
    for r in resources {
        let path = r["path"].as_str().unwrap();
        let (_, bytes) = files.iter().find(|(n, _)| n == path).unwrap_or_else(|| panic!("{path} not in the zip"));
        assert!(bytes.starts_with(BOM));
        let t = rows(std::str::from_utf8(&bytes[3..]).unwrap());
        let fields = r["schema"]["fields"].as_array().unwrap();
        let header: Vec<&str> = fields.iter().map(|f| f["name"].as_str().unwrap()).collect();
        assert_eq!(t[0], header, "{path}: header = fields");
        for f in fields {
            assert!(
                !f["title"].as_str().unwrap().is_empty() && !f["description"].as_str().unwrap().is_empty(),
                "{path}: {f}"
            );
            assert!(["string", "integer", "number", "boolean", "year"].contains(&f["type"].as_str().unwrap()));
        }
        assert_eq!(header[0], "org_code", "{path}: the code on every row");
        for row in &t[1..] {
            assert_eq!(row.len(), header.len(), "{path}: {row:?}");
            assert_eq!(row[0], "999997", "{path}: {row:?}");
            OrgCode::parse(&row[0]).unwrap();
            for (f, v) in fields.iter().zip(row) {
                if v.is_empty() {
                    continue;
                }
                match f["type"].as_str().unwrap() {
                    "integer" | "year" => assert!(v.parse::<i64>().is_ok(), "{path}.{}: {v}", f["name"]),
                    "number" => assert!(v.parse::<f64>().is_ok(), "{path}.{}: {v}", f["name"]),
                    "boolean" => assert!(v == "true" || v == "false"),
                    _ => {}
                }
            }
        }
        if let Some(pk) = r["schema"]["primaryKey"].as_array() {
            let idx: Vec<usize> =
                pk.iter().map(|k| header.iter().position(|h| *h == k.as_str().unwrap()).expect("pk field")).collect();
            let mut seen = std::collections::HashSet::new();
            for row in &t[1..] {
                assert!(seen.insert(idx.iter().map(|i| row[*i].clone()).collect::<Vec<_>>()), "{path}: duplicate key");
            }
            if idx.len() == 1 {
                keys.insert(
                    (r["name"].as_str().unwrap().to_string(), pk[0].as_str().unwrap().to_string()),
                    t[1..].iter().map(|row| row[idx[0]].clone()).collect(),
                );
            }
        }
        tables.push((r.clone(), header.iter().map(|s| s.to_string()).collect::<Vec<_>>(), t));
    }
    for (r, header, t) in &tables {
        for fk in r["schema"]["foreignKeys"].as_array().into_iter().flatten() {
            let field = fk["fields"][0].as_str().unwrap();
            let target = (
                fk["reference"]["resource"].as_str().unwrap().to_string(),
                fk["reference"]["fields"][0].as_str().unwrap().to_string(),
            );
            let i = header.iter().position(|h| h == field).unwrap();
            let known = keys.get(&target).unwrap_or_else(|| panic!("{target:?} is not a key"));
            for row in &t[1..] {
                assert!(
                    row[i].is_empty() || known.contains(&row[i]),
                    "{}.{field} = {} not in {target:?}",
                    r["name"],
                    row[i]
                );
            }
        }
    }
    let initiatives = tables.iter().find(|(r, _, _)| r["name"] == "initiatives").unwrap();
    assert_eq!(
        initiatives.2.len() - 1,
        db.store.count_initiatives(report.org_id, Some(FiscalYear::new(2024).unwrap())).await.unwrap() as usize
    );

    // A year without published initiatives has no bundle.
    assert_eq!(fetch(&app, &format!("/orgs/{o}/years/2030/opendata.zip"), None).await.status, StatusCode::NOT_FOUND);
}
both_backends!(open_data_bundle, open_data_bundle_sqlite, open_data_bundle_postgres);

/// Drafts (a revision's rows, a theme typed when a year was opened) appear in no download,
/// for the public nor for signed-in staff.
async fn drafts_stay_out(db: TestDb) {
    let w = World::new(db).await;
    let f = w.fork().await;
    let store = f.store();
    // Give the draft rows names no published row has.
    let tx = store.begin().await.unwrap();
    let mut draft = w.a.initiatives[0].clone();
    draft.name = "下書きだけの取組".into();
    tx.update_initiative(&draft).await.unwrap();
    let mut kpi = w.a.indicators[0].clone();
    kpi.name = "下書きだけの指標".into();
    tx.update_indicator(&kpi).await.unwrap();
    tx.commit().await.unwrap();

    let (o, d) = (w.org.0, w.a.dept.id.0);
    let urls: Vec<String> = [w.prev.year(), w.year.year()]
        .into_iter()
        .flat_map(|y| {
            [
                format!("/orgs/{o}/years/{y}/departments/{d}/initiatives.csv"),
                format!("/orgs/{o}/years/{y}/departments.csv"),
                format!("/orgs/{o}/years/{y}/indicators.csv"),
                format!("/orgs/{o}/years/{y}/opendata.zip"),
            ]
        })
        .collect();
    // A draft KPI has no page and no download.
    assert_eq!(
        fetch(&f.app, &format!("/indicators/{}/values.csv", kpi.id.0), None).await.status,
        StatusCode::NOT_FOUND
    );
    for who in [None, Some(Who::Planning)] {
        let cookie = who.and_then(|w2| w.session(w2)).map(|s| s.cookie.as_str());
        for u in &urls {
            let g = fetch(&f.app, u, cookie).await;
            let texts: Vec<String> = if u.ends_with(".zip") {
                if g.status == StatusCode::NOT_FOUND {
                    continue;
                }
                unzip(&g.body).into_iter().map(|(_, b)| String::from_utf8_lossy(&b).to_string()).collect()
            } else {
                vec![String::from_utf8_lossy(&g.body).to_string()]
            };
            assert_eq!(g.status, StatusCode::OK, "{u}");
            for t in texts {
                for secret in ["下書きだけの取組", "下書きだけの指標", "試験用の重点項目"] {
                    assert!(!t.contains(secret), "{u} ({who:?}) shows the draft {secret}");
                }
            }
        }
    }
    // The 2026 department CSV has a header and no rows: nothing of 2026 is published.
    let g = fetch(&f.app, &urls[4], None).await;
    assert_eq!(rows(&utf8_csv(&g)).len(), 1);
}
both_backends!(drafts_stay_out, drafts_stay_out_sqlite, drafts_stay_out_postgres);

/// The page cache keeps downloads like pages: a second request is a hit with the same bytes
/// and file name, `If-None-Match` gets 304, and a write shows in the next download.
#[tokio::test]
async fn downloads_go_through_the_page_cache() {
    let db = TestDb::sqlite().await.unwrap();
    let report = hoshin_app::demo::seed_demo(db.store.as_ref()).await.unwrap();
    let app = App::new(db.store.clone());
    let router = hoshin_web::router(app.clone());
    let send = |uri: String, etag: Option<String>| {
        let router = router.clone();
        async move {
            let mut req = Request::get(&uri);
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
    for url in [
        format!("/orgs/{o}/years/2024/departments/{}/initiatives.csv", dept.id.0),
        format!("/orgs/{o}/years/2024/opendata.zip"),
        "/opendata".to_string(),
    ] {
        let first = send(url.clone(), None).await;
        let second = send(url.clone(), None).await;
        assert_eq!(first.status, StatusCode::OK, "{url}");
        assert_eq!(first.body, second.body, "{url}");
        assert_eq!(head(&first, header::CONTENT_DISPOSITION), head(&second, header::CONTENT_DISPOSITION), "{url}");
        assert_eq!(head(&first, header::CONTENT_TYPE), head(&second, header::CONTENT_TYPE), "{url}");
        let etag = head(&second, header::ETAG).to_string();
        assert!(!etag.is_empty(), "{url}: cached answers carry an ETag");
        assert_eq!(send(url.clone(), Some(etag)).await.status, StatusCode::NOT_MODIFIED, "{url}");
    }
    let csv = format!("/orgs/{o}/years/2024/departments/{}/initiatives.csv", dept.id.0);
    let tx = db.store.begin().await.unwrap();
    tx.insert_initiative(&fixtures::initiative(report.org_id, Some(dept.id), 2024, "キャッシュ後に追加した取組"))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let after = send(csv, None).await;
    assert!(String::from_utf8_lossy(&after.body).contains("キャッシュ後に追加した取組"), "a write shows at once");
}
