//! A crafted document carrying `<script>` and `onerror=` goes through the real importer and
//! store; no page shows either as markup (issue 4: "an imported `<script>` or `onerror=`
//! never reaches the page"). Stored rows written directly are escaped the same way.
#![allow(clippy::unwrap_used)] // test code

mod common;

use axum::http::StatusCode;
use common::get;
use hoshin_app::import::{import_file, ImportOptions};
use hoshin_app::App;
use hoshin_domain::*;
use hoshin_store::Page;
use hoshin_testkit::TestDb;

const CRAFTED: &str = "令和9年度部局運営方針

令和9年度 <script>alert('dept')</script>試験部運営方針

部局運営に関する基本的考え方

<script>alert(\"stance\")</script>安全なまちをつくる。<img src=x onerror=alert(1)>

<p>二つ目の段落です。<svg onload=alert(9)></svg></p>

行政改革に係る取組

1 財源の確保

財源の確保に向けた取組について

使用料の見直し<script>alert(2)</script>

<p>近隣市の水準を調べる。<img src=x onerror=\"alert(3)\"></p><p>改定案をまとめる。</p>

2 事務の効率化

事務の効率化に向けた取組について

記録の電子化<img src=y onerror=alert(4)>

点検記録を<b onmouseover=alert(5)>タブレット</b>で入力する。
";

/// No element in `body` carries an event handler attribute, and no script/img/svg element
/// came from data (the layout itself has none of them outside the indicator chart).
fn assert_inert(uri: &str, body: &str) {
    let handler = regex::Regex::new(r"(?i)<[^>]*\son[a-z]+\s*=").unwrap();
    assert!(!handler.is_match(body), "{uri} has an event handler attribute:\n{body}");
    let lower = body.to_lowercase();
    for tag in ["<script", "<img", "<b ", "<iframe"] {
        assert!(!lower.contains(tag), "{uri} contains {tag}:\n{body}");
    }
}

#[tokio::test]
async fn imported_script_and_handlers_never_become_markup() {
    let db = TestDb::sqlite().await.unwrap();
    let opts = ImportOptions { organization: Some("試験市".into()), fiscal_year: None, ..Default::default() };
    let report = import_file(db.store.as_ref(), "試験市_部局運営方針.txt", CRAFTED.as_bytes(), &opts).await.unwrap();
    assert!(report.counts.initiatives >= 2, "{report:?}");
    let store = db.store.as_ref();
    let org = store.find_organization_by_name("試験市").await.unwrap().unwrap();
    let year = FiscalYear::new(2027).unwrap();
    let items = store.list_initiatives(org.id, Some(year), Page::first(100)).await.unwrap();
    assert!(!items.is_empty());
    let depts = store.list_departments(org.id).await.unwrap();
    let app = App::new(db.store.clone());

    let mut uris = vec![
        "/".to_string(),
        format!("/orgs/{}", org.id.0),
        format!("/orgs/{}/years/2027", org.id.0),
        format!("/orgs/{}/years/2027/booklet", org.id.0),
        format!("/orgs/{}/years/2027/sheets", org.id.0),
        format!("/orgs/{}/years/2027/compare", org.id.0),
        "/search?q=%E8%A6%8B%E7%9B%B4%E3%81%97".to_string(),
        "/search?q=script".to_string(),
        "/search".to_string(),
    ];
    for d in &depts {
        uris.push(format!("/orgs/{}/years/2027/departments/{}", org.id.0, d.id.0));
        uris.push(format!("/orgs/{}/years/2027/departments/{}/review", org.id.0, d.id.0));
    }
    uris.extend(items.iter().map(|i| format!("/initiatives/{}", i.id.0)));
    uris.extend(items.iter().map(|i| format!("/initiatives/{}/sheet", i.id.0)));
    uris.extend(items.iter().map(|i| format!("/initiatives/{}/similar", i.id.0)));
    let mut seen_text = false;
    for uri in &uris {
        let (status, body) = get(&app, uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}: {body}");
        assert_inert(uri, &body);
        seen_text |= body.contains("使用料の見直し") && body.contains("近隣市の水準を調べる。");
    }
    assert!(seen_text, "the imported text itself is shown");
    // Text the importer turned into lines (from <p> fragments) is rendered as our own <p>s.
    let (_, booklet) = get(&app, &format!("/orgs/{}/years/2027/booklet", org.id.0)).await;
    assert!(booklet.contains("<p>近隣市の水準を調べる。</p><p>改定案をまとめる。</p>"), "{booklet}");
    assert!(booklet.contains("<p>安全なまちをつくる。</p><p>二つ目の段落です。</p>"), "{booklet}");
}

#[tokio::test]
async fn stored_markup_is_escaped() {
    let db = TestDb::sqlite().await.unwrap();
    let tx = db.store.begin().await.unwrap();
    let evil = "<script>alert(1)</script>";
    let org = tx
        .insert_organization(&NewOrganization {
            name: evil.into(),
            code: None,
            prefecture: Some("\" onerror=\"x".into()),
        })
        .await
        .unwrap();
    let dept = tx
        .insert_department(&NewDepartment {
            org_id: org,
            parent_id: None,
            name: "<img src=x onerror=alert(2)>".into(),
            sort_order: 0,
        })
        .await
        .unwrap();
    let mut i = NewInitiative::named(org, InitiativeKind::Annual, "<b>太字</b>");
    i.fiscal_year = Some(FiscalYear::new(2024).unwrap());
    i.department_id = Some(dept);
    i.summary = Some("'><svg onload=alert(3)>\n二行目".into());
    let id = tx.insert_initiative(&i).await.unwrap();
    tx.commit().await.unwrap();
    let app = App::new(db.store.clone());

    for uri in [
        "/".to_string(),
        format!("/orgs/{}", org.0),
        format!("/orgs/{}/years/2024", org.0),
        format!("/orgs/{}/years/2024/departments/{}", org.0, dept.0),
        format!("/orgs/{}/years/2024/booklet", org.0),
        format!("/orgs/{}/years/2024/sheets?dept={}", org.0, dept.0),
        format!("/initiatives/{}", id.0),
        format!("/initiatives/{}/sheet", id.0),
        format!("/initiatives/{}/similar", id.0),
        "/search?q=%E5%A4%AA%E5%AD%97".to_string(),
    ] {
        let (status, body) = get(&app, &uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        assert_inert(&uri, &body);
        assert!(!body.contains("<svg onload"), "{uri}");
    }
    let (_, body) = get(&app, &format!("/initiatives/{}", id.0)).await;
    assert!(body.contains("&lt;b&gt;太字&lt;/b&gt;"), "{body}");
    assert!(body.contains("<p>'&gt;&lt;svg onload=alert(3)&gt;</p><p>二行目</p>"), "{body}");
}
