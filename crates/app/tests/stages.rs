//! Staged evaluations and the review lock (issue 15, parts 3 and 4) through the use cases, on
//! SQLite and PostgreSQL: the default stages, who writes which stage, the order, the judgement
//! scale, optimistic versions, editing the stage list, and a locked year refusing evaluations
//! and comments until planning unlocks it — every write audited.
#![allow(clippy::unwrap_used)]

use hoshin_app::access::Actor;
use hoshin_app::accounts::{create_user, UserInput};
use hoshin_app::cycle::{open_year, OpenYear};
use hoshin_app::stages::{
    list_text, save_stages, set_lock, stages, write_evaluation, year_evaluations, EvaluationInput, DEFAULT_STAGES,
};
use hoshin_app::AppError;
use hoshin_domain::*;
use hoshin_store::{Backend, Page, StageWriter, Store};
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

fn input(position: i64, name: &str, version: Option<i64>, judgement: Option<&str>, comment: &str) -> EvaluationInput {
    EvaluationInput {
        position,
        stage_name: name.into(),
        version,
        judgement: judgement.map(str::to_string),
        comment: Some(comment.into()),
    }
}

async fn staged(backend: Backend) {
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
    let y25 = FiscalYear::new(2025).unwrap();
    let fam = hoshin_app::editing::family(store, &kodomo).await.unwrap();
    let item = store.departments_initiatives(&fam, y25, Page::first(10)).await.unwrap().remove(0);
    let label = store.judgement_scales(org).await.unwrap()[0].scale.bands()[0].label.clone();
    let audits = || async { store.stats().await.unwrap().into_iter().find(|c| c.table == "audit_log").unwrap().rows };

    // The defaults, shown without being stored.
    let shown = stages(store, org).await.unwrap();
    assert_eq!(shown.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), DEFAULT_STAGES.map(|d| d.0).to_vec());
    assert!(shown.iter().all(|s| s.id.is_none()));
    let [s1, s2, s3, ..] = DEFAULT_STAGES.map(|d| d.0);

    // Who writes which stage; refused writes store nothing.
    let before = audits().await;
    for (who, pos, name) in [(&stranger, 1, s1), (&viewer, 1, s1), (&editor, 3, s3)] {
        let err = write_evaluation(store, who, item.id, y25, &input(pos, name, None, Some(&label), "評価")).await;
        assert!(matches!(err, Err(AppError::Forbidden(_))), "{err:?}");
    }
    // In order: the 二次評価 waits for 自己評価 and 一次評価.
    let err = write_evaluation(store, &planner, item.id, y25, &input(3, s3, None, Some(&label), "先に")).await;
    assert!(matches!(err, Err(AppError::State(ref m)) if m.contains(s1)), "{err:?}");
    // A judgement off the scale, an empty form, a stage renamed under the form.
    let err = write_evaluation(store, &editor, item.id, y25, &input(1, s1, None, Some("ZZ"), "")).await;
    assert!(matches!(err, Err(AppError::Invalid { ref field, .. }) if field == "judgement"), "{err:?}");
    let empty = EvaluationInput { position: 1, stage_name: s1.into(), ..EvaluationInput::default() };
    assert!(matches!(write_evaluation(store, &editor, item.id, y25, &empty).await, Err(AppError::Invalid { .. })));
    let err = write_evaluation(store, &editor, item.id, y25, &input(1, "別の名前", None, None, "x")).await;
    assert!(matches!(err, Err(AppError::State(_))), "{err:?}");
    assert_eq!(audits().await, before, "refused writes store nothing");
    assert!(store.review_stages(org).await.unwrap().is_empty());

    let e1 = write_evaluation(store, &editor, item.id, y25, &input(1, s1, None, Some(&label), "順調")).await.unwrap();
    assert_eq!(store.review_stages(org).await.unwrap().len(), 5, "the defaults stored with the first write");
    write_evaluation(store, &editor, item.id, y25, &input(2, s2, None, None, "部長として了承")).await.unwrap();
    write_evaluation(store, &planner, item.id, y25, &input(3, s3, None, Some(&label), "企画も了承")).await.unwrap();
    // A second insert of the same stage, or a stale version, is a conflict; the right version saves.
    let err = write_evaluation(store, &editor, item.id, y25, &input(1, s1, None, Some(&label), "二重")).await;
    assert!(err.unwrap_err().is_conflict());
    let err = write_evaluation(store, &editor, item.id, y25, &input(1, s1, Some(7), Some(&label), "古い")).await;
    assert!(err.unwrap_err().is_conflict());
    write_evaluation(store, &editor, item.id, y25, &input(1, s1, Some(1), Some(&label), "順調（修正）")).await.unwrap();
    let year = year_evaluations(store, org, y25).await.unwrap();
    let written = &year.by_initiative[&item.id];
    assert_eq!(written.len(), 3);
    assert_eq!(written[0].comment.as_deref(), Some("順調（修正）"));
    assert_eq!(written[0].meta.version, 2);
    assert!(year.earlier_done(item.id, 4) && !year.earlier_done(item.id, 5));
    let trail = store.audit_trail("stage_evaluations", e1, Page::first(10)).await.unwrap();
    assert_eq!(trail.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(), vec!["update", "insert"]);
    // A draft row is not evaluated.
    let y26 = FiscalYear::new(2026).unwrap();
    let today = Day::parse("2026-04-01").unwrap();
    open_year(store, &planner, org, y26, &OpenYear { copy_forward: true, ..OpenYear::default() }, today).await.unwrap();
    let rev = store.revisions_of(kodomo.id, y26).await.unwrap().pop().unwrap();
    let draft = store.revision_initiatives(rev.id).await.unwrap()[0].id;
    let err = write_evaluation(store, &editor, draft, y26, &input(1, s1, None, None, "下書き")).await;
    assert!(matches!(err, Err(AppError::NotFound { .. })), "{err:?}");

    // The stage list: planning only, from the list the form showed; a stage with evaluations
    // stays; ids follow names, so evaluations keep their stage.
    let drawn = list_text(&stages(store, org).await.unwrap());
    let edited = format!("{s1} | 部局\n{s2} | 部局\n{s3} | 企画\n議会への報告 | 企画\n最終 | 企画");
    assert!(matches!(save_stages(store, &editor, org, &drawn, &edited).await, Err(AppError::Forbidden(_))));
    assert!(matches!(save_stages(store, &planner, org, "古い一覧 | 企画", &edited).await, Err(AppError::State(_))));
    let bad = format!("{s1} | 部局\n{s1} | 企画");
    assert!(matches!(save_stages(store, &planner, org, &drawn, &bad).await, Err(AppError::Invalid { .. })));
    let err = save_stages(store, &planner, org, &drawn, &format!("{s2} | 部局\n{s3} | 企画")).await;
    assert!(matches!(err, Err(AppError::Invalid { ref message, .. }) if message.contains(s1)), "{err:?}");
    // A new stage before a written one would stand empty between written stages: refused.
    let early = format!("{s1} | 部局\n外部の意見 | 企画\n{s2} | 部局\n{s3} | 企画\n最終 | 企画");
    let err = save_stages(store, &planner, org, &drawn, &early).await;
    assert!(matches!(err, Err(AppError::Invalid { ref message, .. }) if message.contains("外部の意見")), "{err:?}");
    save_stages(store, &planner, org, &drawn, &edited).await.unwrap();
    let now = stages(store, org).await.unwrap();
    assert_eq!(now.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), vec![s1, s2, s3, "議会への報告", "最終"]);
    assert_eq!(now[3].writer, StageWriter::Planning);
    assert_eq!(year_evaluations(store, org, y25).await.unwrap().by_initiative[&item.id].len(), 3, "kept");

    // The lock: planning only; while it holds, no evaluation and no comment of the year.
    assert!(matches!(set_lock(store, &editor, org, y25, true).await, Err(AppError::Forbidden(_))));
    assert!(set_lock(store, &planner, org, y25, true).await.unwrap());
    assert!(!set_lock(store, &planner, org, y25, true).await.unwrap(), "once");
    let err = write_evaluation(store, &planner, item.id, y25, &input(4, "議会への報告", None, None, "報告")).await;
    assert!(matches!(err, Err(AppError::State(ref m)) if m.contains("ロック")), "{err:?}");
    assert!(set_lock(store, &planner, org, y26, true).await.unwrap());
    let err = hoshin_app::comments::post_comment(store, &editor, rev.id, None, "ロック中のコメント").await;
    assert!(matches!(err, Err(AppError::State(ref m)) if m.contains("ロック")), "{err:?}");
    // The period is closed: the year's results — the review, interim reviews, KPI values — too.
    let closed =
        |err: hoshin_app::Result<_>| matches!(err, Err(AppError::State(ref m)) if m.contains("実績値と振り返り"));
    let review = hoshin_app::editing::ReviewInput { progress: Some(90), ..Default::default() };
    assert!(closed(hoshin_app::editing::save_review(store, &editor, rev.id, draft, None, &review).await.map(|_| 0)));
    let mid = hoshin_app::periods::InterimReviewEntry { initiative: draft, version: None, input: review.clone() };
    assert!(closed(hoshin_app::periods::save_period(store, &editor, rev.id, "midyear", &[], &[mid]).await));
    assert!(closed(hoshin_app::editing::set_actuals(store, &editor, rev.id, y26, &[]).await));
    assert!(set_lock(store, &planner, org, y26, false).await.unwrap());
    hoshin_app::editing::save_review(store, &editor, rev.id, draft, None, &review).await.unwrap();
    hoshin_app::comments::post_comment(store, &editor, rev.id, None, "解除後のコメント").await.unwrap();
    let lock = store.review_lock(org, y25).await.unwrap().unwrap();
    assert!(set_lock(store, &planner, org, y25, false).await.unwrap());
    write_evaluation(store, &planner, item.id, y25, &input(4, "議会への報告", None, None, "報告")).await.unwrap();
    let trail = store.audit_trail("review_locks", lock.id, Page::first(10)).await.unwrap();
    assert_eq!(trail.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(), vec!["unlock", "lock"]);
}

#[tokio::test]
async fn staged_sqlite() {
    staged(Backend::Sqlite).await;
}

#[tokio::test]
async fn staged_postgres() {
    staged(Backend::Postgres).await;
}
