//! Comment threads on a policy revision (issue 15, staged review), on SQLite and PostgreSQL:
//! who may post where, what a post refuses, the return comment as the first entry of the
//! policy thread that survives resubmission, and a removed initiative's comments kept.
#![allow(clippy::unwrap_used)]

use hoshin_app::access::Actor;
use hoshin_app::accounts::{create_user, UserInput};
use hoshin_app::comments::{post_comment, threads, MAX_COMMENT_CHARS};
use hoshin_app::cycle::{open_year, OpenYear};
use hoshin_app::editing;
use hoshin_app::records::CommentKind;
use hoshin_app::workflow::transition;
use hoshin_app::AppError;
use hoshin_domain::*;
use hoshin_store::{Backend, Page, Store};
use hoshin_testkit::TestDb;

async fn user(store: &dyn Store, org: OrgId, login: &str, role: Role, depts: Vec<DepartmentId>) -> Actor {
    let input = UserInput {
        org_id: org,
        login: login.into(),
        display_name: format!("{login}さん"),
        password: "試験用のパスワード123".into(),
        role,
        departments: depts,
    };
    let id = create_user(store, &Actor::System, &input).await.unwrap();
    Actor::User(store.get_user(id).await.unwrap())
}

async fn threads_and_returns(backend: Backend) {
    let db = TestDb::new(backend).await.unwrap();
    let store = db.store.as_ref();
    let org = hoshin_app::demo::seed_demo(store).await.unwrap().org_id;
    let depts = store.list_departments(org).await.unwrap();
    let kodomo = depts.iter().find(|d| d.name == "こども未来部").unwrap().clone();
    let other = depts.iter().find(|d| d.parent_id.is_none() && d.id != kodomo.id).unwrap().clone();
    let planner = user(store, org, "kikaku", Role::Planning, vec![]).await;
    let editor = user(store, org, "kodomo", Role::Editor, vec![kodomo.id]).await;
    let stranger = user(store, org, "kankyo", Role::Editor, vec![other.id]).await;
    let viewer = user(store, org, "etsuran", Role::Viewer, vec![]).await;
    let y26 = FiscalYear::new(2026).unwrap();
    let today = Day::parse("2026-04-01").unwrap();
    open_year(store, &planner, org, y26, &OpenYear { copy_forward: true, ..OpenYear::default() }, today).await.unwrap();
    let rev = store.revisions_of(kodomo.id, y26).await.unwrap().pop().unwrap();
    let other_rev = store.revisions_of(other.id, y26).await.unwrap().pop().unwrap();
    let items = store.revision_initiatives(rev.id).await.unwrap();
    let (first, second) = (&items[0], &items[1]);
    let audit_rows =
        || async { store.stats().await.unwrap().into_iter().find(|c| c.table == "audit_log").unwrap().rows };

    // Who may post: the department's editor and planning; not another department's editor,
    // not a viewer. A refused post writes nothing.
    let before = audit_rows().await;
    for who in [&stranger, &viewer] {
        let err = post_comment(store, who, rev.id, None, "読みました").await;
        assert!(matches!(err, Err(AppError::Forbidden(_))), "{err:?}");
        let err = post_comment(store, who, rev.id, Some(first.id), "読みました").await;
        assert!(matches!(err, Err(AppError::Forbidden(_))), "{err:?}");
    }
    assert_eq!(audit_rows().await, before);
    assert!(threads(store, &viewer, org, rev.id).await.unwrap().policy.is_empty());

    // What a post refuses: blank, too long, an initiative of another revision.
    for blank in ["", "  \n　"] {
        let err = post_comment(store, &editor, rev.id, None, blank).await;
        assert!(matches!(err, Err(AppError::Invalid { ref field, .. }) if field == "body"), "{err:?}");
    }
    let long = "あ".repeat(MAX_COMMENT_CHARS + 1);
    assert!(matches!(post_comment(store, &editor, rev.id, None, &long).await, Err(AppError::Invalid { .. })));
    let foreign = store.revision_initiatives(other_rev.id).await.unwrap()[0].id;
    let err = post_comment(store, &planner, rev.id, Some(foreign), "別の部局の取組").await;
    assert!(matches!(err, Err(AppError::NotFound { .. })), "{err:?}");
    assert_eq!(audit_rows().await, before, "refused posts write nothing");

    // Posts land in their threads, oldest first, each with an audit row.
    let c1 = post_comment(store, &editor, rev.id, Some(first.id), "  目標値の根拠を追記しました  ").await.unwrap();
    let c2 = post_comment(store, &planner, rev.id, Some(first.id), "確認しました").await.unwrap();
    let c3 = post_comment(store, &planner, rev.id, None, "全体として<b>良い</b>方向です").await.unwrap();
    let c4 = post_comment(store, &editor, rev.id, Some(second.id), "来週までに見直します").await.unwrap();
    let t = threads(store, &viewer, org, rev.id).await.unwrap();
    let ids = |v: &[hoshin_app::comments::Posted]| v.iter().map(|p| p.comment.id).collect::<Vec<_>>();
    assert_eq!(ids(t.of(first.id)), vec![c1, c2]);
    assert_eq!(ids(t.of(second.id)), vec![c4]);
    assert_eq!(ids(&t.policy), vec![c3]);
    assert_eq!(t.of(first.id)[0].comment.body, "目標値の根拠を追記しました", "trimmed");
    assert_eq!(t.of(first.id)[0].author, "kodomoさん");
    assert_eq!(t.of(first.id)[1].author, "kikakuさん");
    assert_eq!(t.policy[0].comment.body, "全体として<b>良い</b>方向です", "stored as written");
    assert!(t.latest_return().is_none());
    for id in [c1, c2, c3, c4] {
        let trail = store.audit_trail("review_comments", id, Page::first(10)).await.unwrap();
        assert_eq!(trail.len(), 1);
        assert_eq!(trail[0].action, "comment");
    }
    assert_eq!(audit_rows().await, before + 4);
    // Another organization's staff do not read the threads.
    assert!(threads(store, &editor, OrgId(org.0 + 1000), rev.id).await.is_err());

    // Submit, return: the return comment joins the policy thread; after the resubmission it is
    // still there (and the revision's own field is not the only place it lives).
    let v = store.get_revision(rev.id).await.unwrap().meta.version;
    transition(store, &editor, rev.id, v, Transition::Submit, None).await.unwrap();
    let v = store.get_revision(rev.id).await.unwrap().meta.version;
    transition(store, &planner, rev.id, v, Transition::Return, Some("  指標の目標年度を確認してください "))
        .await
        .unwrap();
    let v = store.get_revision(rev.id).await.unwrap().meta.version;
    transition(store, &editor, rev.id, v, Transition::Submit, None).await.unwrap();
    let v = store.get_revision(rev.id).await.unwrap().meta.version;
    transition(store, &planner, rev.id, v, Transition::Return, Some("二度目の差戻し")).await.unwrap();
    let v = store.get_revision(rev.id).await.unwrap().meta.version;
    transition(store, &editor, rev.id, v, Transition::Submit, None).await.unwrap();
    assert_eq!(store.get_revision(rev.id).await.unwrap().state, RevisionState::Submitted);
    let t = threads(store, &editor, org, rev.id).await.unwrap();
    let returns: Vec<&str> =
        t.policy.iter().filter(|p| p.comment.kind == CommentKind::Return).map(|p| p.comment.body.as_str()).collect();
    assert_eq!(returns, vec!["指標の目標年度を確認してください", "二度目の差戻し"]);
    assert_eq!(t.latest_return().map(|p| p.comment.body.as_str()), Some("二度目の差戻し"));
    assert_eq!(t.latest_return().map(|p| p.author.as_str()), Some("kikakuさん"));
    let return_id = t.latest_return().unwrap().comment.id;
    assert_eq!(store.audit_trail("review_comments", return_id, Page::first(10)).await.unwrap()[0].action, "return");

    // A removed initiative's comments stay, in the policy thread, under the name it had.
    let v = store.get_revision(rev.id).await.unwrap().meta.version;
    transition(store, &planner, rev.id, v, Transition::Return, Some("取組を整理してください")).await.unwrap();
    let row = store.get_initiative(second.id).await.unwrap();
    editing::remove_initiative(store, &editor, rev.id, second.id, row.meta.version).await.unwrap();
    let t = threads(store, &editor, org, rev.id).await.unwrap();
    assert!(t.of(second.id).is_empty());
    let kept = t.policy.iter().find(|p| p.comment.id == c4).expect("kept in the policy thread");
    assert_eq!(kept.comment.initiative_name.as_deref(), Some(second.name.as_str()));
    assert_eq!(ids(t.of(first.id)), vec![c1, c2], "the other threads are untouched");
}

#[tokio::test]
async fn threads_and_returns_sqlite() {
    threads_and_returns(Backend::Sqlite).await;
}

#[tokio::test]
async fn threads_and_returns_postgres() {
    threads_and_returns(Backend::Postgres).await;
}
