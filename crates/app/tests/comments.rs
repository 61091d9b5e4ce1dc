//! Comment threads on a policy revision (issue 15, staged review), on SQLite and PostgreSQL:
//! who may post where, what a post refuses, the return comment as the first entry of the
//! policy thread that survives resubmission, and a removed initiative's comments kept; and
//! 「差戻し後の変更」: what the department changed since the latest return, from the audit log.
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

    // Published, then a later revision of the year (mid-year figures): the threads stay, the
    // first initiative's on the row that continues it; the old returns are in the policy's
    // thread but are not the new revision's return.
    for (who, step) in [(&editor, Transition::Submit), (&planner, Transition::Approve)] {
        let v = store.get_revision(rev.id).await.unwrap().meta.version;
        transition(store, who, rev.id, v, step, None).await.unwrap();
    }
    let v = store.get_revision(rev.id).await.unwrap().meta.version;
    let publish = hoshin_app::year_publishing::BulkStep::Publish;
    hoshin_app::year_publishing::run(store, &planner, org, y26, publish, &[(rev.id, v)], today).await.unwrap();
    let rev2 = editing::open_revision(store, &editor, kodomo.id, y26).await.unwrap();
    let live_first = store.get_initiative(first.id).await.unwrap().draft.unwrap().live_id.unwrap();
    let next_first = store
        .revision_initiatives(rev2)
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.draft.unwrap().live_id == Some(live_first))
        .unwrap();
    let c5 = post_comment(store, &editor, rev2, Some(next_first.id), "中間の数値を入れました").await.unwrap();
    let t = threads(store, &viewer, org, rev2).await.unwrap();
    assert_eq!(ids(t.of(next_first.id)), vec![c1, c2, c5]);
    assert!(t.policy.iter().any(|p| p.comment.id == c3) && t.policy.iter().any(|p| p.comment.id == c4));
    assert_eq!(t.policy.iter().filter(|p| p.comment.kind == CommentKind::Return).count(), 3);
    assert!(t.latest_return().is_none(), "rev2 was never returned");
}

async fn changes_since_return(backend: Backend) {
    use hoshin_app::editing::{IndicatorInput, InitiativeInput, ReviewInput};
    use hoshin_app::since_return::since_return;
    let db = TestDb::new(backend).await.unwrap();
    let store = db.store.as_ref();
    let org = hoshin_app::demo::seed_demo(store).await.unwrap().org_id;
    let depts = store.list_departments(org).await.unwrap();
    let kodomo = depts.iter().find(|d| d.name == "こども未来部").unwrap().clone();
    let other = depts.iter().find(|d| d.parent_id.is_none() && d.id != kodomo.id).unwrap().clone();
    let planner = user(store, org, "kikaku", Role::Planning, vec![]).await;
    let editor = user(store, org, "kodomo", Role::Editor, vec![kodomo.id]).await;
    let neighbour = user(store, org, "kankyo", Role::Editor, vec![other.id]).await;
    let y26 = FiscalYear::new(2026).unwrap();
    let today = Day::parse("2026-04-01").unwrap();
    open_year(store, &planner, org, y26, &OpenYear { copy_forward: true, ..OpenYear::default() }, today).await.unwrap();
    let rev = store.revisions_of(kodomo.id, y26).await.unwrap().pop().unwrap();
    let other_rev = store.revisions_of(other.id, y26).await.unwrap().pop().unwrap();
    let version = |id: RevisionId| async move { store.get_revision(id).await.unwrap().meta.version };

    // Edits before any return are not "since the return": there is none yet.
    let first = store.revision_initiatives(rev.id).await.unwrap()[0].id;
    let kpi_input = IndicatorInput {
        name: "相談件数".into(),
        unit: Some("件".into()),
        direction: Direction::Up,
        cumulative: false,
        baseline: Some("100件".into()),
        baseline_year: Some(FiscalYear::new(2025).unwrap()),
        target: Some("150件".into()),
        target_year: Some(FiscalYear::new(2028).unwrap()),
        yearly_targets: None,
    };
    editing::add_indicator(store, &editor, rev.id, first, &kpi_input).await.unwrap();
    let doomed = InitiativeInput { name: "差戻し後に削る取組".into(), ..InitiativeInput::default() };
    let doomed = editing::add_initiative(store, &editor, rev.id, &doomed).await.unwrap();
    let rev = store.get_revision(rev.id).await.unwrap();
    let v = editing::save_stance(store, &editor, rev.id, rev.meta.version, "返却前の考え方", None).await.unwrap();
    assert_eq!(since_return(store, &editor, org, rev.id).await.unwrap(), None);
    transition(store, &editor, rev.id, v, Transition::Submit, None).await.unwrap();
    transition(store, &planner, rev.id, version(rev.id).await, Transition::Return, Some("直してください"))
        .await
        .unwrap();
    let none = since_return(store, &editor, org, rev.id).await.unwrap().unwrap();
    assert!(none.changes.is_empty(), "{none:?}");
    assert_eq!(none.returned_by, "kikakuさん");

    // After the return: the stance, an initiative renamed, one added, one removed, a KPI's
    // target, a review; one initiative changed and changed back; another department's edit.
    let items = store.revision_initiatives(rev.id).await.unwrap();
    let kpis = store.revision_indicators(rev.id).await.unwrap();
    let kpi = &kpis[0];
    let Some(IndicatorOwner::Initiative(kpi_owner)) = kpi.owner else { panic!("an initiative's KPI") };
    let renamed = items.iter().find(|i| i.id != kpi_owner && i.id != doomed).unwrap();
    let removed = items.iter().find(|i| i.id == doomed).unwrap();
    assert_ne!(renamed.id, removed.id);
    editing::save_stance(store, &editor, rev.id, version(rev.id).await, "返却後の考え方", Some("備考".into()))
        .await
        .unwrap();
    let input = InitiativeInput { name: format!("{}（見直し）", renamed.name), ..InitiativeInput::default() };
    editing::update_initiative(store, &editor, rev.id, renamed.id, renamed.meta.version, &input).await.unwrap();
    let added = InitiativeInput { name: "差戻し後に加えた取組".into(), ..InitiativeInput::default() };
    let added = editing::add_initiative(store, &editor, rev.id, &added).await.unwrap();
    let gone = store.get_initiative(removed.id).await.unwrap();
    editing::remove_initiative(store, &editor, rev.id, removed.id, gone.meta.version).await.unwrap();
    let target = IndicatorInput { target: Some("9,999件".into()), ..kpi_input.clone() };
    editing::update_indicator(store, &planner, rev.id, kpi.id, kpi.meta.version, &target).await.unwrap();
    let review = ReviewInput { result: Some("差戻し後に書いた実績".into()), ..ReviewInput::default() };
    let prior = store.get_goal_review(kpi_owner, y26).await.unwrap().map(|r| r.meta.version);
    editing::save_review(store, &editor, rev.id, kpi_owner, prior, &review).await.unwrap();
    let back = store.get_initiative(added).await.unwrap();
    let as_was = InitiativeInput { name: back.name.clone(), ..InitiativeInput::default() };
    let there = InitiativeInput { name: "一時的な名前".into(), ..as_was.clone() };
    let v1 = editing::update_initiative(store, &editor, rev.id, added, back.meta.version, &there).await.unwrap();
    editing::update_initiative(store, &editor, rev.id, added, v1, &as_was).await.unwrap();
    let ov = store.get_revision(other_rev.id).await.unwrap().meta.version;
    editing::save_stance(store, &neighbour, other_rev.id, ov, "隣の部局の考え方", None).await.unwrap();
    // The 中間 report asked for: a KPI's interim value and an initiative's interim review.
    let mid_value = hoshin_app::periods::InterimValueEntry { indicator: kpi.id, version: None, text: "120件".into() };
    let mid_review = hoshin_app::periods::InterimReviewEntry {
        initiative: kpi_owner,
        version: None,
        input: ReviewInput { progress: Some(40), ..ReviewInput::default() },
    };
    hoshin_app::periods::save_period(store, &editor, rev.id, "midyear", &[mid_value], &[mid_review]).await.unwrap();

    let check = |s: &hoshin_app::since_return::SinceReturn| {
        let find = |table: &str, id: i64| s.changes.iter().find(|c| c.table == table && c.row_id == id);
        let stance = find("policy_revisions", rev.id.0).expect("the stance");
        assert_eq!(stance.before.as_ref().unwrap()["stance"], "返却前の考え方");
        assert_eq!(stance.after.as_ref().unwrap()["stance"], "返却後の考え方");
        assert!(stance.after.as_ref().unwrap().get("state").is_none(), "workflow fields are not shown");
        assert_eq!(stance.by, vec!["kodomoさん".to_string()]);
        let ren = find("initiatives", renamed.id.0).expect("the renamed initiative");
        assert_eq!(ren.before.as_ref().unwrap()["name"], renamed.name.as_str());
        assert_eq!(ren.what, format!("取組「{}（見直し）」", renamed.name));
        let add = find("initiatives", added.0).expect("the added initiative");
        assert!(add.before.is_none() && add.after.is_some());
        let rem = find("initiatives", removed.id.0).expect("the removed initiative");
        assert!(rem.before.is_some() && rem.after.is_none());
        let k = find("indicators", kpi.id.0).expect("the KPI");
        assert_eq!(k.by, vec!["kikakuさん".to_string()]);
        assert!(s.changes.iter().any(|c| c.table == "goal_reviews" && c.what.contains("振り返り")));
        let mid = s.changes.iter().find(|c| c.table == "interim_actuals").expect("the interim value");
        assert_eq!(mid.what, format!("中間の値（指標「{}」）", kpi.name));
        let mid = s.changes.iter().find(|c| c.table == "interim_reviews").expect("the interim review");
        assert!(mid.what.starts_with("中間の振り返り（取組「"), "{}", mid.what);
        assert!(s.changes.iter().all(|c| c.row_id != other_rev.id.0 || c.table != "policy_revisions"));
        assert!(!s.changes.iter().any(|c| format!("{:?}", c.after).contains("隣の部局")), "another department");
        // The add-then-rename-back counts as the addition only; nothing else appears.
        assert_eq!(s.changes.len(), 8, "{:#?}", s.changes.iter().map(|c| &c.what).collect::<Vec<_>>());
        assert!(!s.truncated);
    };
    check(&since_return(store, &editor, org, rev.id).await.unwrap().unwrap());
    // Resubmitted: the same list, for any staff member.
    transition(store, &editor, rev.id, version(rev.id).await, Transition::Submit, None).await.unwrap();
    check(&since_return(store, &neighbour, org, rev.id).await.unwrap().unwrap());
    // Returned again: counted from the new return.
    transition(store, &planner, rev.id, version(rev.id).await, Transition::Return, Some("もう一度")).await.unwrap();
    assert!(since_return(store, &editor, org, rev.id).await.unwrap().unwrap().changes.is_empty());
    assert!(since_return(store, &editor, OrgId(org.0 + 1000), rev.id).await.is_err());
}

#[tokio::test]
async fn changes_since_return_sqlite() {
    changes_since_return(Backend::Sqlite).await;
}

#[tokio::test]
async fn changes_since_return_postgres() {
    changes_since_return(Backend::Postgres).await;
}

#[tokio::test]
async fn threads_and_returns_sqlite() {
    threads_and_returns(Backend::Sqlite).await;
}

#[tokio::test]
async fn threads_and_returns_postgres() {
    threads_and_returns(Backend::Postgres).await;
}
