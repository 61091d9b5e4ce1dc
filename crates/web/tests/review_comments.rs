//! Comment threads on the department's page (issue 15, staged review) through the router on
//! SQLite and PostgreSQL: who sees the forms, a post lands in its thread escaped, refused posts
//! (another department, a viewer, blank, no CSRF token) change nothing, the return's reason is
//! on the editor's dashboard and stays on the page after resubmission, and no public page
//! shows a comment, even once the revision is published.
#![allow(clippy::unwrap_used)]

mod common;

use axum::http::StatusCode;
use common::staff::{get_as, post, post_raw, Who, World};
use hoshin_store::Store;
use hoshin_testkit::TestDb;

async fn comment_count(s: &dyn Store) -> i64 {
    s.stats().await.unwrap().into_iter().find(|c| c.table == "review_comments").unwrap().rows
}

async fn step(app: &hoshin_app::App, w: &World, s: &dyn Store, who: Who, step: &str, comment: &str) {
    let v = s.get_revision(w.a.rev.id).await.unwrap().meta.version.to_string();
    let path = format!("/manage/revisions/{}/transition", w.a.rev.id);
    let res = post(app, w.session(who), &path, &[("version", &v), ("step", step), ("comment", comment)]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{step}: {}", res.body);
}

async fn threads(db: TestDb) {
    let w = World::new(db).await;
    let fork = w.fork().await;
    let (app, s) = (&fork.app, fork.store());
    let page = format!("/manage/{}/departments/{}", w.year.year(), w.a.dept.id);
    let action = format!("/manage/revisions/{}/comments", w.a.rev.id);
    let item = &w.a.initiatives[0];

    // The department's editor and planning get the forms; a viewer and another department's
    // editor read the (empty) threads only.
    for who in [Who::EditorA, Who::Planning] {
        let body = get_as(app, w.session(who), &page).await.body;
        assert!(body.contains(&format!("action=\"{action}\"")), "{who:?}");
        assert!(body.contains("部局運営方針全体へのコメント"), "{who:?}");
        assert!(body.contains(&format!("取組「{}」へのコメント", item.name)), "{who:?}");
    }
    for who in [Who::Viewer, Who::EditorB] {
        let body = get_as(app, w.session(who), &page).await.body;
        assert!(!body.contains("id=\"since-return\""), "never returned: {who:?}");
        assert!(body.contains("コメント（部局運営方針全体）"), "{who:?}");
        assert!(!body.contains(&format!("action=\"{action}\"")), "{who:?}");
    }

    // A post lands in its initiative's thread, escaped, for every staff reader.
    let evil = "<script>alert(1)</script>根拠を追記しました";
    let id = item.id.to_string();
    let res = post(app, w.session(Who::EditorA), &action, &[("initiative", &id), ("body", evil)]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(res.location(), Some(format!("{page}#comments-{id}").as_str()));
    let res = post(app, w.session(Who::Planning), &action, &[("body", "全体として了解です")]).await;
    assert_eq!(res.location(), Some(format!("{page}#comments").as_str()));
    for who in [Who::Viewer, Who::EditorA, Who::EditorB] {
        let body = get_as(app, w.session(who), &page).await.body;
        assert!(body.contains("&lt;script&gt;alert(1)&lt;/script&gt;根拠を追記しました"), "{who:?}");
        assert!(!body.contains("<script>alert(1)"), "{who:?}");
        let thread = &body[body.find(&format!("id=\"comments-{id}\"")).unwrap()..];
        let thread = &thread[..thread.find("</article>").unwrap()];
        assert!(thread.contains("根拠を追記しました") && !thread.contains("全体として了解です"), "{thread}");
        let policy = &body[body.find("id=\"comments\"").unwrap()..];
        let policy = &policy[..policy.find("</section>").unwrap()];
        assert!(policy.contains("全体として了解です") && !policy.contains("根拠を追記しました"), "{policy}");
    }
    assert_eq!(comment_count(s).await, 2);

    // Refused: another department's editor, a viewer, the public, a blank comment, an
    // initiative of another revision, no CSRF token. None of them stores anything.
    for who in [Who::EditorB, Who::Viewer] {
        let res = post(app, w.session(who), &action, &[("body", "読みました")]).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{who:?}");
    }
    let res = post(app, None, &action, &[("body", "読みました")]).await;
    assert!(res.status == StatusCode::FORBIDDEN || res.location().is_some_and(|l| l.starts_with("/login")));
    let res = post(app, w.session(Who::EditorA), &action, &[("body", " \n ")]).await;
    assert!(res.status.is_client_error(), "{:?}", res.status);
    let foreign = w.b.initiatives[0].id.to_string();
    let res = post(app, w.session(Who::Planning), &action, &[("initiative", &foreign), ("body", "別の部局")]).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let res = post(app, w.session(Who::Planning), &action, &[("initiative", "abc"), ("body", "番号でない")]).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    let cookie = w.session(Who::EditorA).map(|x| x.cookie.as_str());
    let res = post_raw(app, cookie, &action, &[("body", "トークンなし")]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(comment_count(s).await, 2, "refused posts store nothing");

    // Returned: the editor's dashboard row shows the reason.
    let reason = "指標の目標年度を確認してください";
    step(app, &w, s, Who::EditorA, "submit", "").await;
    step(app, &w, s, Who::Planning, "return", reason).await;
    let dash = get_as(app, w.session(Who::EditorA), &format!("/manage/{}", w.year.year())).await.body;
    let row = &dash[dash.find(&format!("/departments/{}\"", w.a.dept.id)).unwrap()..];
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(row.contains("差戻しの理由：") && row.contains(reason), "{row}");

    // The editor rewrites the stance, then resubmits.
    let body = get_as(app, w.session(Who::EditorA), &page).await.body;
    assert!(body.contains("id=\"since-return\"") && body.contains("差戻し後、内容は変更されていません。"));
    let v = s.get_revision(w.a.rev.id).await.unwrap().meta.version.to_string();
    let stance_path = format!("/manage/revisions/{}/stance", w.a.rev.id);
    let fields = [("version", v.as_str()), ("stance", "差戻しを受けて<書き直した>考え方"), ("notes", "")];
    let res = post(app, w.session(Who::EditorA), &stance_path, &fields).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);

    // Resubmitted: the reason stays on the page, above and in the policy's thread.
    step(app, &w, s, Who::EditorA, "submit", "").await;
    let dash = get_as(app, w.session(Who::EditorA), &format!("/manage/{}", w.year.year())).await.body;
    assert!(!dash.contains(reason), "no longer returned");
    let body = get_as(app, w.session(Who::EditorA), &page).await.body;
    assert!(body.contains("前回の差戻しの理由"));
    let policy = &body[body.find("id=\"comments\"").unwrap()..];
    let policy = &policy[..policy.find("</section>").unwrap()];
    assert!(policy.contains("差戻し</strong>") && policy.contains(reason), "{policy}");
    // 差戻し後の変更: the stance's change, as the history page's diff (escaped), for planning too.
    for who in [Who::EditorA, Who::Planning] {
        let body = get_as(app, w.session(who), &page).await.body;
        let since = &body[body.find("id=\"since-return\"").expect("差戻し後の変更")..];
        let since = &since[..since.find("</section>").unwrap()];
        assert!(since.contains("基本的考え方・備考") && since.contains("<ins>"), "{since}");
        assert!(since.contains("&lt;書き直した&gt;"), "{since}");
        assert!(since.contains(&format!("/manage/history/policy_revisions/{}", w.a.rev.id)), "{since}");
        assert!(!since.contains("状態"), "workflow fields are not the department's changes: {since}");
    }

    // Published: the staff page keeps every comment (the initiative's under its name); no
    // public page shows one.
    step(app, &w, s, Who::Planning, "approve", "").await;
    // The year is published from the year page (a year opened in hoshin is public as a whole).
    let v = s.get_revision(w.a.rev.id).await.unwrap().meta.version;
    let rev = format!("{}:{v}", w.a.rev.id);
    let path = format!("/manage/{}/publish", w.year.year());
    let res = post(app, w.session(Who::Planning), &path, &[("step", "publish"), ("rev", &rev)]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "year publish: {}", res.body);
    let body = get_as(app, w.session(Who::Viewer), &page).await.body;
    assert!(body.contains("根拠を追記しました") && body.contains(reason) && body.contains("全体として了解です"));
    assert!(body.contains(&format!("（取組「{}」について）", item.name)));
    let public = format!("/orgs/{}/years/{}/departments/{}", w.org, w.year.year(), w.a.dept.id);
    let live = s.get_initiative(item.id).await.unwrap().draft.and_then(|d| d.live_id).expect("published");
    for path in [public.clone(), format!("{public}/review"), format!("/initiatives/{live}")] {
        let res = get_as(app, None, &path).await;
        assert_eq!(res.status, StatusCode::OK, "{path}");
        for text in ["根拠を追記しました", reason, "全体として了解です"] {
            assert!(!res.body.contains(text), "{path} shows {text}");
        }
    }
}

#[tokio::test]
async fn threads_sqlite() {
    threads(TestDb::sqlite().await.unwrap()).await;
}

#[tokio::test]
async fn threads_postgres() {
    threads(TestDb::postgres().await.unwrap()).await;
}
