//! Staged evaluations and the review lock (issue 15, parts 3 and 4) through the router on
//! SQLite and PostgreSQL: the forms each person gets on the department's page, a stage written
//! in order and shown (escaped) there and on the public review page, the stage list page, and
//! a locked year refusing evaluations and comments with a clear message until unlocked.
#![allow(clippy::unwrap_used)]

mod common;

use axum::http::StatusCode;
use common::staff::{get_as, post, Who, World};
use hoshin_app::stages::DEFAULT_STAGES;
use hoshin_testkit::TestDb;

async fn send(
    app: &hoshin_app::App,
    w: &World,
    action: &str,
    who: Who,
    f: Vec<(String, String)>,
) -> common::staff::Resp {
    let fields: Vec<(&str, &str)> = f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    post(app, w.session(who), action, &fields).await
}

async fn staged(db: TestDb) {
    let w = World::new(db).await;
    let fork = w.fork().await;
    let (app, s) = (&fork.app, fork.store());
    let prev = w.prev.year();
    let page = format!("/manage/{prev}/departments/{}", w.a.dept.id);
    let live = w.a.initiatives.iter().find_map(|i| i.predecessor_id).unwrap();
    let action = format!("/manage/initiatives/{live}/evaluations");
    let label = s.judgement_scales(w.org).await.unwrap()[0].scale.bands()[0].label.clone();
    let [s1, s2, s3, ..] = DEFAULT_STAGES.map(|d| d.0);
    let public = format!("/orgs/{}/years/{prev}/departments/{}/review", w.org, w.a.dept.id);
    let form = |pos: &str, name: &str, comment: &str| {
        vec![
            ("year".to_string(), prev.to_string()),
            ("position".to_string(), pos.to_string()),
            ("stage_name".to_string(), name.to_string()),
            ("version".to_string(), String::new()),
            ("judgement".to_string(), label.clone()),
            ("comment".to_string(), comment.to_string()),
            ("back".to_string(), page.clone()),
        ]
    };

    // Before anything is written: every stage listed; the editor may write the first only.
    let body = get_as(app, w.session(Who::EditorA), &page).await.body;
    for name in DEFAULT_STAGES.map(|d| d.0) {
        assert!(body.contains(name), "{name}");
    }
    assert!(body.contains(&format!("「{s1}」を記入する")));
    assert!(!body.contains(&format!("「{s2}」を記入する")) && !body.contains(&format!("「{s3}」を記入する")));
    let viewer = get_as(app, w.session(Who::Viewer), &page).await.body;
    assert!(viewer.contains(s1) && !viewer.contains("を記入する"));
    assert!(!get_as(app, None, &public).await.body.contains("段階評価"));

    // Written in order, shown escaped on the staff page and the public review page.
    let res = send(app, &w, &action, Who::EditorA, form("3", s3, "順番を飛ばす")).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "the department does not write 二次評価");
    let res = send(app, &w, &action, Who::Planning, form("3", s3, "順番を飛ばす")).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert!(res.body.contains(&format!("「{s1}」が記入されてから")), "{}", res.body);
    let res = send(app, &w, &action, Who::EditorA, form("1", s1, "<b>計画どおり</b>進んでいる")).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(res.location(), Some(format!("{page}#eval-{live}").as_str()));
    let body = get_as(app, w.session(Who::EditorA), &page).await.body;
    assert!(body.contains("&lt;b&gt;計画どおり&lt;/b&gt;進んでいる") && !body.contains("<b>計画どおり"));
    assert!(body.contains(&format!("「{s1}」を修正する")) && body.contains(&format!("「{s2}」を記入する")));
    let res = send(app, &w, &action, Who::EditorA, form("2", s2, "部長として了承")).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let planner = get_as(app, w.session(Who::Planning), &page).await.body;
    assert!(planner.contains(&format!("「{s3}」を記入する")));
    let shown = get_as(app, None, &public).await.body;
    assert!(shown.contains("段階評価") && shown.contains("&lt;b&gt;計画どおり&lt;/b&gt;進んでいる"), "{shown}");
    assert!(shown.contains("部長として了承") && !shown.contains("editor_a"), "no staff names in public");

    // The stage list: planning edits it, others read it.
    let list = get_as(app, w.session(Who::Viewer), "/manage/review-stages").await.body;
    assert!(list.contains(s1) && !list.contains("評価の段階を保存する"));
    let list = get_as(app, w.session(Who::Planning), "/manage/review-stages").await.body;
    assert!(list.contains("評価の段階を保存する"));
    let drawn = hoshin_app::stages::list_text(&hoshin_app::stages::stages(s, w.org).await.unwrap());
    let edited = format!("{drawn}\n議会への報告 | 企画");
    let res =
        post(app, w.session(Who::Planning), "/manage/review-stages", &[("drawn", &drawn), ("stages", &edited)]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let res =
        post(app, w.session(Who::Planning), "/manage/review-stages", &[("drawn", &drawn), ("stages", &edited)]).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "drawn from a list changed since");
    assert!(get_as(app, w.session(Who::Viewer), "/manage/review-stages").await.body.contains("議会への報告"));

    // The lock: planning locks the year; writes are refused with the reason; unlocking allows them.
    let lock = format!("/manage/{prev}/review-lock");
    let res = post(app, w.session(Who::EditorA), &lock, &[("action", "lock")]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let res = post(app, w.session(Who::Planning), &lock, &[("action", "lock")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let dash = get_as(app, w.session(Who::EditorA), &format!("/manage/{prev}")).await.body;
    assert!(dash.contains("の評価はロックされています"), "{dash}");
    assert!(!dash.contains("ロックを解除する"), "editors get no button");
    let body = get_as(app, w.session(Who::EditorA), &page).await.body;
    assert!(body.contains("の評価はロックされています") && !body.contains("を修正する"));
    let res = send(app, &w, &action, Who::Planning, form("3", s3, "ロック中")).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert!(res.body.contains("ロックされているため"), "{}", res.body);
    // A comment of a locked year too (2026 here).
    let res =
        post(app, w.session(Who::Planning), &format!("/manage/{}/review-lock", w.year.year()), &[("action", "lock")])
            .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let comments = format!("/manage/revisions/{}/comments", w.a.rev.id);
    let res = post(app, w.session(Who::EditorA), &comments, &[("body", "ロック中のコメント")]).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert!(res.body.contains("ロックされているため"));
    let res = post(app, w.session(Who::Planning), &lock, &[("action", "unlock")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(get_as(app, w.session(Who::Planning), &format!("/manage/{prev}"))
        .await
        .body
        .contains("この年度の評価をロックする"));
    let res = send(app, &w, &action, Who::Planning, form("3", s3, "企画として了承")).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert!(get_as(app, None, &public).await.body.contains("企画として了承"));
}

#[tokio::test]
async fn staged_sqlite() {
    staged(TestDb::sqlite().await.unwrap()).await;
}

#[tokio::test]
async fn staged_postgres() {
    staged(TestDb::postgres().await.unwrap()).await;
}
