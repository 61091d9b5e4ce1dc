//! Issue 12, items 1 and 2, through the router on SQLite and PostgreSQL: a past year cannot
//! be opened from the cycle page (and nothing changes when it is tried); the department page
//! lists, before approval and publication, exactly what publishing will take off the public
//! pages; themes typed when a year is opened appear neither on the public year page nor in
//! the cross-city search until the year's first publication.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code

mod common;

use axum::http::StatusCode;
use common::staff::{fingerprint, get_as, post, year_step, Who, World};
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

/// The World's new theme of 2026 (typed when the year was opened).
const NEW_THEME: &str = "試験用の重点項目";

async fn past_years_and_removals(db: TestDb) {
    let w = World::new(db).await;
    let f = w.fork().await;
    let app = f.app.clone().with_today(hoshin_domain::Day::parse("2026-12-04").unwrap());
    let store = f.store();
    let planning = w.session(Who::Planning);

    // Opening a past year (the reported 2024, 和暦 and full-width spellings too) is refused.
    let before = fingerprint(store, &w).await;
    for year in ["2024", "平成31年度", "２０２４", "1868", "2028"] {
        let res = post(&app, planning, "/manage/cycle", &[("year", year), ("themes", "過去の重点項目")]).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{year}: {}", res.body);
        assert!(res.body.contains("開始できません"), "{year}: {}", res.body);
    }
    assert!(fingerprint(store, &w).await.diff(&before).is_empty(), "a refused opening changes nothing");
    let page = get_as(&app, planning, "/manage/cycle").await;
    assert!(page.body.contains("開始できるのは今年度（令和8年度（2026年度））と翌年度（令和9年度（2027年度））です"));

    // Revising the published 2025 policy and removing one initiative: the page says, before
    // approval and publication, that exactly that one will leave the public pages.
    let (d, y) = (w.a.dept.id, w.prev.year());
    let editor = w.session(Who::EditorA);
    let page_url = format!("/manage/{y}/departments/{d}");
    assert_eq!(post(&app, editor, &format!("{page_url}/revise"), &[]).await.status, StatusCode::SEE_OTHER);
    let rev = store.revisions_of(d, w.prev).await.unwrap().into_iter().find(|r| r.state != RevisionState::Published);
    let rev = rev.expect("a revision of 2025");
    let page = get_as(&app, editor, &page_url).await;
    assert!(page.body.contains("公開中の取組・指標は削除されません"), "{}", page.body);
    let rows = store.revision_initiatives(rev.id).await.unwrap();
    let (gone, kept) = (&rows[0], &rows[1]);
    let url = format!("/manage/revisions/{}/initiatives/{}/delete", rev.id, gone.id);
    let res = post(&app, editor, &url, &[("version", &gone.meta.version.to_string())]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    for who in [Who::EditorA, Who::Planning] {
        let page = get_as(&app, w.session(who), &page_url).await;
        let section = &page.body[page.body.find("公開すると削除されるもの").expect("the section")..];
        let section = &section[..section.find("</section>").unwrap()];
        assert!(section.contains("次の1件が公開ページから削除されます"), "{section}");
        assert!(section.contains(&gone.name), "{section}");
        assert!(!section.contains(&kept.name), "{section}");
    }
}
both_backends!(past_years_and_removals, past_years_and_removals_sqlite, past_years_and_removals_postgres);

async fn opened_themes_stay_internal(db: TestDb) {
    let w = World::new(db).await;
    let f = w.fork().await;
    let app = &f.app;
    let year_page = format!("/orgs/{}/years/{}", w.org, w.year.year());
    let search_pages = ["/search".to_string(), format!("/search?q={}", hoshin_web::urls::encode(NEW_THEME))];

    let res = get_as(app, None, &year_page).await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(!res.body.contains(NEW_THEME), "the public year page shows an unpublished theme");
    for p in &search_pages {
        let res = get_as(app, None, p).await;
        assert!(!res.body.contains(&format!(">{NEW_THEME}<")), "{p} lists an unpublished theme");
    }
    // Staff see it where they edit.
    let page =
        get_as(app, w.session(Who::EditorA), &format!("/manage/{}/departments/{}", w.year.year(), w.a.dept.id)).await;
    assert!(page.body.contains(NEW_THEME));

    // Department A's 2026 policy is published: the year's themes become public.
    let rev = &w.a.rev;
    for (who, step) in [(Who::EditorA, "submit"), (Who::Planning, "approve")] {
        let v = f.store().get_revision(rev.id).await.unwrap().meta.version.to_string();
        let res = post(
            app,
            w.session(who),
            &format!("/manage/revisions/{}/transition", rev.id),
            &[("version", &v), ("step", step)],
        )
        .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{step}: {}", res.body);
    }
    let (_, res) = year_step(app, w.session(Who::Planning), w.year.year(), "publish", &[rev.id]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "publish: {}", res.body);
    let res = get_as(app, None, &year_page).await;
    assert!(res.body.contains(NEW_THEME), "published with the year's first policy");
    let res = get_as(app, None, "/search").await;
    assert!(res.body.contains(NEW_THEME));
}
both_backends!(opened_themes_stay_internal, opened_themes_stay_internal_sqlite, opened_themes_stay_internal_postgres);
