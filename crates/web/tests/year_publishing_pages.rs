//! Year publishing (issue 15) through the router, on SQLite and PostgreSQL: the year page
//! lists every department's state; bulk approve and bulk publish go through a confirmation
//! that names what changes publicly; until the year is published, a department cannot be
//! published on its own and the public year page says 「未公開」; a batch confirmed before a
//! revision changed answers a 409 naming it and changes nothing; only planning gets the page.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code

mod common;

use axum::http::StatusCode;
use common::staff::{fingerprint, get_as, post, scrape_all, year_step, Who, World};
use hoshin_domain::*;
use hoshin_testkit::TestDb;

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

async fn year_page(db: TestDb) {
    let w = World::new(db).await;
    let f = w.fork().await;
    let app = &f.app.clone().with_today(Day::parse("2026-04-01").unwrap());
    let store = f.store();
    let planning = w.session(Who::Planning);
    let (ra, rb) = (w.a.rev.id, w.b.rev.id);
    let added = "年度公開の画面で加える取組";

    // Department A adds an initiative; both departments submit.
    let res =
        post(app, w.session(Who::EditorA), &format!("/manage/revisions/{ra}/initiatives"), &[("name", added)]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    for (who, rev) in [(Who::EditorA, ra), (Who::EditorB, rb)] {
        let r = store.get_revision(rev).await.unwrap();
        if r.stance.trim().is_empty() {
            let res = post(
                app,
                w.session(who),
                &format!("/manage/revisions/{rev}/stance"),
                &[("version", &r.meta.version.to_string()), ("stance", "今年度の基本的考え方"), ("notes", "")],
            )
            .await;
            assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        }
        let v = store.get_revision(rev).await.unwrap().meta.version.to_string();
        let res = post(
            app,
            w.session(who),
            &format!("/manage/revisions/{rev}/transition"),
            &[("version", &v), ("step", "submit")],
        )
        .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    }

    // The dashboard links the year page and says the year is not public.
    let dash = get_as(app, planning, "/manage/2026").await;
    assert!(dash.body.contains("未公開") && dash.body.contains("href=\"/manage/2026/publish\""), "{}", dash.body);
    let page = get_as(app, planning, "/manage/2026/publish").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("未公開") && page.body.contains(&w.a.dept.name) && page.body.contains(&w.b.dept.name));
    assert_eq!(scrape_all(&page.body, "rev"), vec![ra.to_string(), rb.to_string()], "both offered for approval");
    for who in [Who::EditorA, Who::Viewer] {
        assert_eq!(get_as(app, w.session(who), "/manage/2026/publish").await.status, StatusCode::FORBIDDEN);
        let confirm = format!("/manage/2026/publish/confirm?step=approve&rev={ra}");
        assert_eq!(get_as(app, w.session(who), &confirm).await.status, StatusCode::FORBIDDEN);
    }

    // Bulk approve: the confirmation lists A's new initiative as an addition.
    let (shown, res) = year_step(app, planning, 2026, "approve", &[ra, rb]).await;
    assert!(shown.body.contains(added) && shown.body.contains("追加"), "{}", shown.body);
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(res.location(), Some("/manage/2026/publish?done=approve&n=2"));
    for rev in [ra, rb] {
        assert_eq!(store.get_revision(rev).await.unwrap().state, RevisionState::Approved);
    }
    assert!(get_as(app, planning, res.location().unwrap()).await.body.contains("2部局の部局運営方針を承認しました"));

    // Not yet public: per-department publishing points to the year page; the public sees nothing.
    let dept_page = get_as(app, planning, &format!("/manage/2026/departments/{}", w.a.dept.id)).await;
    assert!(dept_page.body.contains("年度の公開ページ") && !dept_page.body.contains("公開する</button>"));
    let v = store.get_revision(ra).await.unwrap().meta.version.to_string();
    let res =
        post(app, planning, &format!("/manage/revisions/{ra}/transition"), &[("version", &v), ("step", "publish")])
            .await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
    assert!(res.body.contains("/manage/2026/publish"), "{}", res.body);
    let public_year = format!("/orgs/{}/years/2026", w.org);
    let public_dept = format!("/orgs/{}/years/2026/departments/{}", w.org, w.a.dept.id);
    assert!(get_as(app, None, &public_year).await.body.contains("未公開"));
    assert!(!get_as(app, None, &public_dept).await.body.contains(added));

    // A stale batch: B is returned after the confirmation was shown; the whole batch is refused.
    let shown = get_as(app, planning, &format!("/manage/2026/publish/confirm?step=publish&rev={ra}&rev={rb}")).await;
    assert!(shown.body.contains("この公開で令和8年度（2026年度）が公開されます"), "{}", shown.body);
    let confirmed = scrape_all(&shown.body, "rev");
    let vb = store.get_revision(rb).await.unwrap().meta.version.to_string();
    let returned = post(
        app,
        planning,
        &format!("/manage/revisions/{rb}/transition"),
        &[("version", &vb), ("step", "return"), ("comment", "数値を確認してください")],
    )
    .await;
    assert_eq!(returned.status, StatusCode::SEE_OTHER);
    let before = fingerprint(store, &w).await;
    let mut fields = vec![("step", "publish")];
    fields.extend(confirmed.iter().map(|v| ("rev", v.as_str())));
    let res = post(app, planning, "/manage/2026/publish", &fields).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
    assert!(res.body.contains(&w.b.dept.name) && res.body.contains("どの部局も公開していません"), "{}", res.body);
    assert!(fingerprint(store, &w).await.diff(&before).is_empty(), "a stale batch changes nothing");

    // Publishing A alone publishes the year.
    let (_, res) = year_step(app, planning, 2026, "publish", &[ra]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(store.get_revision(ra).await.unwrap().state, RevisionState::Published);
    let status = "公開済み（令和8年4月1日）";
    assert!(get_as(app, None, &public_year).await.body.contains(status));
    assert!(get_as(app, None, &public_dept).await.body.contains(added));
    assert!(get_as(app, planning, "/manage/2026").await.body.contains(status));
    assert!(get_as(app, planning, "/manage/2026/publish").await.body.contains(status));
}
both_backends!(year_page, year_page_sqlite, year_page_postgres);
