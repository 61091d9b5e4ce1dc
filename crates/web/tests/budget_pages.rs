//! Issue 15 through the router, on SQLite and PostgreSQL: an editor types 予算細事業コード on
//! the initiative form; once published, planning uploads a 財務会計 CSV on `/manage/budget`
//! (a file with errors is answered 422 naming its lines and stores nothing; a good one is
//! previewed, then applied), and the public initiative page and its 評価シート show the codes
//! and the imported figures. Other roles are refused the page.
#![allow(clippy::unwrap_used)]

mod common;

use axum::http::StatusCode;
use common::staff::{get_as, post, post_multipart, scrape_input, Who, World};
use hoshin_domain::*;
use hoshin_store::Backend;
use hoshin_testkit::TestDb;

/// Invented figures: two codes of the edited initiative (2026), one code of none.
const CSV: &str = "細事業コード,細事業名,年度,予算額（千円）,決算額（千円）,人件費（千円）\n\
                   B-100,試験事業,令和8年度,\"1,200\",,300\n\
                   B-200,試験事業（その2）,2026,400,,\n\
                   Z-000,対応なし,2026,50,,\n";

async fn budget_pages(backend: Backend) {
    let w = World::new(TestDb::new(backend).await.unwrap()).await;
    let fork = w.fork().await;
    let (app, store) = (&fork.app, fork.store());
    let editor = w.session(Who::EditorA);
    let planner = w.session(Who::Planning);
    let rev = w.a.rev.id;
    let item = w.a.initiatives[0].clone();

    // The editor's form has the field; codes typed full-width are stored normalized.
    let edit = format!("/manage/revisions/{rev}/initiatives/{}", item.id);
    let page = get_as(app, editor, &edit).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("予算細事業コード"), "{}", page.body);
    let v = store.get_initiative(item.id).await.unwrap().meta.version.to_string();
    let r =
        post(app, editor, &edit, &[("version", &v), ("name", &item.name), ("budget_codes", "Ｂ－１００、B-200")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = get_as(app, editor, &edit).await;
    assert_eq!(scrape_input(&page.body, "budget_codes").as_deref(), Some("B-100、B-200"));

    let transition = format!("/manage/revisions/{rev}/transition");
    for (who, step) in [(editor, "submit"), (planner, "approve")] {
        let v = store.get_revision(rev).await.unwrap().meta.version.to_string();
        let r = post(app, who, &transition, &[("version", &v), ("step", step)]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{step}: {}", r.body);
    }
    // A year opened in hoshin is published from its year page.
    let year = store.get_revision(rev).await.unwrap().fiscal_year.year();
    let v = store.get_revision(rev).await.unwrap().meta.version;
    let one = format!("{rev}:{v}");
    let r = post(app, planner, &format!("/manage/{year}/publish"), &[("step", "publish"), ("rev", &one)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "year publish: {}", r.body);
    let live = InitiativeId(store.get_initiative(item.id).await.unwrap().draft.unwrap().live_id.unwrap());

    // Only planning and admins see the import page.
    assert_eq!(get_as(app, editor, "/manage/budget").await.status, StatusCode::FORBIDDEN);
    let page = get_as(app, planner, "/manage/budget").await;
    assert_eq!(page.status, StatusCode::OK);
    let (cookie, csrf) = (planner.map(|s| s.cookie.as_str()), planner.map(|s| s.csrf.as_str()));

    // A file with errors: 422, every error by line, no button, nothing stored.
    let bad = format!("{CSV}B-300,壊れた行,2026,たくさん,,\nB-400,,来年度,1,,\n");
    let r = post_multipart(app, cookie, csrf, "/manage/budget", "file", &[("budget.csv", bad.as_bytes())]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("budget.csv 5行目: 予算額が数値ではありません"), "{}", r.body);
    assert!(r.body.contains("budget.csv 6行目: 年度が読めません"), "{}", r.body);
    assert!(!r.body.contains("取り込む</button>"));

    // The preview: the initiative the codes belong to, the code of none; nothing stored yet.
    let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(CSV);
    let r = post_multipart(app, cookie, csrf, "/manage/budget", "file", &[("予算.csv", &sjis)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("Shift_JIS"), "{}", r.body);
    assert!(r.body.contains(&format!("href=\"/initiatives/{}\"", live.0)), "{}", r.body);
    assert!(r.body.contains("Z-000"));
    assert!(r.body.contains("取り込む</button>"));
    let codes = ["B-100".to_string(), "B-200".into(), "Z-000".into()];
    assert!(store.budget_lines(w.org, &codes).await.unwrap().is_empty());

    // Applied from the preview's form: the counts on the page it returns to.
    let file = scrape_input(&r.body, "file").unwrap();
    let name = scrape_input(&r.body, "name").unwrap();
    assert_eq!(name, "予算.csv");
    let done = post(app, planner, "/manage/budget/apply", &[("name", &name), ("file", &file)]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert!(done.set_cookie("hoshin_flash").is_none(), "the page says what was imported itself, once");
    let back = get_as(app, planner, done.location().unwrap()).await;
    assert!(back.body.contains("新規3件、更新0件、変更なし0件"), "{}", back.body);
    let again = post(app, planner, "/manage/budget/apply", &[("name", &name), ("file", &file)]).await;
    let back = get_as(app, planner, again.location().unwrap()).await;
    assert!(back.body.contains("新規0件、更新0件、変更なし3件"), "{}", back.body);
    assert_eq!(store.budget_lines(w.org, &codes).await.unwrap().len(), 3);

    // The public page and the sheet: the codes, and 1,200 + 400 千円 budgeted in 2026.
    for path in [format!("/initiatives/{}", live.0), format!("/initiatives/{}/sheet", live.0)] {
        let page = get_as(app, None, &path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert!(page.body.contains("予算細事業コード") && page.body.contains("B-100、B-200"), "{path}: {}", page.body);
        assert!(page.body.contains("1,600"), "{path}: {}", page.body);
        assert!(page.body.contains("令和8年度（2026年度）"), "{path}");
    }
}

#[tokio::test]
async fn budget_pages_sqlite() {
    budget_pages(Backend::Sqlite).await;
}

#[tokio::test]
async fn budget_pages_postgres() {
    budget_pages(Backend::Postgres).await;
}
