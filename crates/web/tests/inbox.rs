//! `/manage/inbox` (issue 15) through the router on SQLite and PostgreSQL: a workflow step
//! fills the right inbox, the staff navigation counts unread notifications, marking read needs
//! the CSRF token and the ownership of the notification (someone else's answers 404 and
//! changes nothing), the e-mail address is checked, and planning sees 「未更新の部局」 with
//! days left.
#![allow(clippy::unwrap_used)]

mod common;

use axum::http::StatusCode;
use common::staff::{get_as, post, post_raw, Who, World};
use hoshin_app::access::Actor;
use hoshin_domain::*;
use hoshin_store::{NewNotification, Page};
use hoshin_testkit::TestDb;

/// The part of `body` from `from` up to `to` (or the end).
fn between<'a>(body: &'a str, from: &str, to: &str) -> &'a str {
    let start = body.find(from).unwrap_or_else(|| panic!("no {from} in {body}"));
    let rest = &body[start..];
    rest.find(to).map_or(rest, |end| &rest[..end])
}

async fn inbox(db: TestDb) {
    let w = World::new(db).await;
    let fork = w.fork().await;
    let app = fork.app.clone().with_today(hoshin_domain::Day::parse("2026-05-20").unwrap());
    let s = fork.store();
    let (planning, editor_a, editor_b) = (w.session(Who::Planning), w.session(Who::EditorA), w.session(Who::EditorB));

    // Department A submits: planning and the administrator hear of it.
    let v = s.get_revision(w.a.rev.id).await.unwrap().meta.version;
    let a_editor = Actor::User(w.user(Who::EditorA).clone());
    hoshin_app::workflow::transition(s, &a_editor, w.a.rev.id, v, Transition::Submit, None).await.unwrap();
    let dash = get_as(&app, planning, "/manage").await;
    assert!(dash.body.contains("お知らせ<span class=\"count\">（未読1件）</span>"), "{}", dash.body);
    let none = get_as(&app, editor_a, "/manage").await;
    assert!(none.body.contains(">お知らせ</a>") && !none.body.contains("未読"), "the actor is not told");

    let page = get_as(&app, planning, "/manage/inbox").await;
    assert_eq!(page.status, StatusCode::OK);
    let received = between(&page.body, "受信したお知らせ", "通知メール");
    let subject = format!("【提出】{}の令和8年度（2026年度）部局運営方針", w.a.dept.name);
    assert!(received.contains(&subject), "{received}");
    assert!(received.contains("未読"));
    assert!(received.contains(&format!("href=\"/manage/2026/departments/{}\"", w.a.dept.id)));
    // 未更新の部局: the policy deadline (2026-05-29) is 9 days away; A submitted, B did not.
    let behind = between(&page.body, "未更新の部局", "受信したお知らせ");
    assert!(behind.contains(&w.b.dept.name) && behind.contains("あと9日"), "{behind}");
    assert!(!behind.contains(&format!(">{}<", w.a.dept.name)), "{behind}");
    assert!(!get_as(&app, editor_a, "/manage/inbox").await.body.contains("未更新の部局"), "planning only");

    // Marking read: only with the token, only one's own.
    let planner = w.user(Who::Planning).id;
    let id = s.notifications_of(planner, Page::first(10)).await.unwrap()[0].id;
    let path = format!("/manage/inbox/{id}/read");
    let theirs = post(&app, editor_b, &path, &[]).await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND, "{}", theirs.body);
    let no_token = post_raw(&app, Some(&planning.unwrap().cookie), &path, &[]).await;
    assert_eq!(no_token.status, StatusCode::FORBIDDEN);
    assert_eq!(s.unread_notifications(planner).await.unwrap(), 1, "neither changed anything");
    let ok = post(&app, planning, &path, &[]).await;
    assert_eq!((ok.status, ok.location()), (StatusCode::SEE_OTHER, Some("/manage/inbox")));
    assert_eq!(s.unread_notifications(planner).await.unwrap(), 0);
    let page = get_as(&app, planning, "/manage/inbox").await;
    assert!(!between(&page.body, "受信したお知らせ", "通知メール").contains("未読</span>"));
    assert!(!page.body.contains("（未読"), "the count is gone");

    // What a notification holds is escaped like everything else.
    let tx = s.begin().await.unwrap();
    let new = NewNotification {
        user_id: w.user(Who::EditorB).id,
        kind: "return".into(),
        subject: "<script>alert(1)</script>".into(),
        body: "<b>太字</b>".into(),
        link: Some("javascript:alert(1)".into()),
        dedupe_key: None,
    };
    tx.insert_notification(&new).await.unwrap();
    tx.commit().await.unwrap();
    let page = get_as(&app, editor_b, "/manage/inbox").await;
    assert!(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !page.body.contains("<script>"));
    assert!(page.body.contains("&lt;b&gt;太字&lt;/b&gt;") && !page.body.contains("javascript:"));
    let all = post(&app, editor_b, "/manage/inbox/read-all", &[]).await;
    assert_eq!(all.status, StatusCode::SEE_OTHER);
    assert_eq!(s.unread_notifications(w.user(Who::EditorB).id).await.unwrap(), 0);

    // The e-mail address: checked, audited.
    let bad = post(&app, editor_b, "/manage/inbox/email", &[("email", "hoka@")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("メールアドレスの形式が正しくありません"));
    let good = post(&app, editor_b, "/manage/inbox/email", &[("email", "hoka@city.example.lg.jp")]).await;
    assert_eq!(good.status, StatusCode::SEE_OTHER);
    let page = get_as(&app, editor_b, "/manage/inbox").await;
    assert!(page.body.contains("value=\"hoka@city.example.lg.jp\""));
    let trail = s.audit_trail("users", w.user(Who::EditorB).id.0, Page::first(5)).await.unwrap();
    assert_eq!(trail[0].action, "email");

    // The public is sent to sign in.
    let anon = get_as(&app, None, "/manage/inbox").await;
    assert!(anon.status == StatusCode::SEE_OTHER && anon.location().unwrap().starts_with("/login"));
}

#[tokio::test]
async fn inbox_sqlite() {
    inbox(TestDb::sqlite().await.unwrap()).await;
}

#[tokio::test]
async fn inbox_postgres() {
    inbox(TestDb::postgres().await.unwrap()).await;
}
