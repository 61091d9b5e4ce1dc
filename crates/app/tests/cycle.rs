//! A year of the PDCA cycle through the use cases, on SQLite and PostgreSQL: planning opens
//! the year (copying last year's policies forward), a department drafts, submits, is
//! returned and fixes, planning approves and publishes; a later revision leaves the
//! published record untouched until it is published in turn. Rights and states are
//! enforced by the use cases themselves, and every change leaves an audit row.
#![allow(clippy::unwrap_used)]

use hoshin_app::access::Actor;
use hoshin_app::accounts::{create_user, UserInput};
use hoshin_app::cycle::{open_year, OpenYear};
use hoshin_app::editing::{self, InitiativeInput, ReviewInput};
use hoshin_app::workflow::transition;
use hoshin_app::year_publishing::{self, BulkStep};
use hoshin_app::AppError;
use hoshin_domain::*;
use hoshin_store::{Backend, Page, Store};
use hoshin_testkit::TestDb;

/// A day of fiscal year 2026, when 2026 and 2027 can be opened.
const TODAY: &str = "2026-04-01";

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

async fn audit_count(store: &dyn Store, table: &str, id: i64) -> usize {
    store.audit_trail(table, id, Page::first(1000)).await.unwrap().len()
}

async fn whole_year(backend: Backend) {
    let db = TestDb::new(backend).await.unwrap();
    let store = db.store.as_ref();
    let demo = hoshin_app::demo::seed_demo(store).await.unwrap();
    let org = demo.org_id;
    let depts = store.list_departments(org).await.unwrap();
    let top: Vec<&Department> = depts.iter().filter(|d| d.parent_id.is_none()).collect();
    let kodomo = depts.iter().find(|d| d.name == "こども未来部").unwrap().clone();
    let other = top.iter().find(|d| d.id != kodomo.id).unwrap();
    let planner = user(store, org, "kikaku", Role::Planning, vec![]).await;
    let editor = user(store, org, "kodomo", Role::Editor, vec![kodomo.id]).await;
    let viewer = user(store, org, "etsuran", Role::Viewer, vec![]).await;
    let y25 = FiscalYear::new(2025).unwrap();
    let y26 = FiscalYear::new(2026).unwrap();

    // Only planning opens a year.
    let input = OpenYear { themes: vec!["新しい重点項目".into()], copy_forward: true, ..OpenYear::default() };
    assert!(matches!(
        open_year(store, &editor, org, y26, &input, hoshin_domain::Day::parse(TODAY).unwrap()).await,
        Err(AppError::Forbidden(_))
    ));
    let opened = open_year(store, &planner, org, y26, &input, hoshin_domain::Day::parse(TODAY).unwrap()).await.unwrap();
    assert_eq!(opened.drafts, top.len());
    assert!(opened.copied_initiatives > 0);
    assert!(
        matches!(
            open_year(store, &planner, org, y26, &input, hoshin_domain::Day::parse(TODAY).unwrap()).await,
            Err(AppError::State(_))
        ),
        "once"
    );

    // Drafts are not public: 2026 has no published initiatives yet.
    assert_eq!(store.count_initiatives(org, Some(y26)).await.unwrap(), 0);
    let rev = store.revisions_of(kodomo.id, y26).await.unwrap().pop().unwrap();
    assert_eq!(rev.state, RevisionState::Draft);
    let last_year = store.get_department_policy(kodomo.id, y25).await.unwrap().unwrap();
    assert_eq!(rev.stance, last_year.stance, "stance copied forward");
    let drafts = store.revision_initiatives(rev.id).await.unwrap();
    let fam = editing::family(store, &kodomo).await.unwrap();
    let before = store.departments_initiatives(&fam, y25, Page::first(500)).await.unwrap();
    assert_eq!(drafts.len(), before.len());
    assert!(drafts.iter().all(|d| d.fiscal_year == Some(y26) && d.predecessor_id.is_some()));
    assert!(drafts.iter().all(|d| before.iter().any(|b| Some(b.id) == d.predecessor_id)));

    // The department edits its own draft; not another department's; viewers nothing.
    let other_rev = store.revisions_of(other.id, y26).await.unwrap().pop().unwrap();
    let err = editing::save_stance(store, &editor, other_rev.id, other_rev.meta.version, "他部局", None).await;
    assert!(matches!(err, Err(AppError::Forbidden(_))));
    let err = editing::save_stance(store, &viewer, rev.id, rev.meta.version, "閲覧者", None).await;
    assert!(matches!(err, Err(AppError::Forbidden(_))));
    assert_eq!(store.get_revision(other_rev.id).await.unwrap().stance, other_rev.stance, "denied changes nothing");

    let v = editing::save_stance(store, &editor, rev.id, rev.meta.version, "子育ての伴走を強める一年にする", None)
        .await
        .unwrap();
    // A stale version is a conflict, not an overwrite.
    let stale = editing::save_stance(store, &editor, rev.id, rev.meta.version, "古い版からの保存", None).await;
    assert!(stale.unwrap_err().is_conflict());
    let new_item = InitiativeInput {
        name: "放課後の居場所づくり".into(),
        summary: Some("小学校区ごとに居場所を設ける".into()),
        milestones: vec![Milestone {
            text: "モデル地区で開始".into(), due: Some("2026-09-30".into()), done: false
        }],
        ..InitiativeInput::default()
    };
    let added = editing::add_initiative(store, &editor, rev.id, &new_item).await.unwrap();
    assert_eq!(store.get_initiative(added).await.unwrap().department_id, Some(kodomo.id), "no 担当課: the 部");
    // 担当課: one of the department's own sections, never another department or its sections.
    let section = depts.iter().find(|d| d.parent_id == Some(kodomo.id)).expect("the demo 部 has 課").id;
    let in_section =
        InitiativeInput {
            name: "課が担当する取組".into(), section: Some(section), ..InitiativeInput::default()
        };
    let sec_item = editing::add_initiative(store, &editor, rev.id, &in_section).await.unwrap();
    let row = store.get_initiative(sec_item).await.unwrap();
    assert_eq!(row.department_id, Some(section));
    for foreign in depts.iter().filter(|d| d.id != kodomo.id && d.parent_id != Some(kodomo.id)).map(|d| d.id).take(3) {
        let wrong = InitiativeInput { section: Some(foreign), ..in_section.clone() };
        let err = editing::add_initiative(store, &editor, rev.id, &wrong).await;
        assert!(matches!(err, Err(AppError::Invalid { ref field, .. }) if field == "section"), "{err:?}");
        let err = editing::update_initiative(store, &editor, rev.id, sec_item, row.meta.version, &wrong).await;
        assert!(matches!(err, Err(AppError::Invalid { ref field, .. }) if field == "section"), "{err:?}");
    }
    // Moved back to the 部 itself, then removed again (the rest of the year does not count it).
    let to_dept = InitiativeInput { section: Some(kodomo.id), ..in_section.clone() };
    let sec_v = editing::update_initiative(store, &editor, rev.id, sec_item, row.meta.version, &to_dept).await.unwrap();
    assert_eq!(store.get_initiative(sec_item).await.unwrap().department_id, Some(kodomo.id));
    editing::remove_initiative(store, &editor, rev.id, sec_item, sec_v).await.unwrap();
    let dropped = drafts[0].clone();
    editing::remove_initiative(store, &editor, rev.id, dropped.id, dropped.meta.version).await.unwrap();
    let row = store.get_initiative(added).await.unwrap();
    editing::move_initiative(store, &editor, rev.id, added, row.meta.version, true).await.unwrap();
    let list = store.revision_initiatives(rev.id).await.unwrap();
    assert_eq!(list.iter().rev().nth(1).map(|i| i.id), Some(added), "moved up one place");
    let kpi = editing::add_indicator(
        store,
        &editor,
        rev.id,
        added,
        &editing::IndicatorInput {
            name: "居場所の利用者数".into(),
            unit: Some("人".into()),
            direction: Direction::Up,
            cumulative: false,
            baseline: Some("0人".into()),
            baseline_year: Some(y25),
            target: Some("1,200人".into()),
            target_year: Some(FiscalYear::new(2028).unwrap()),
            yearly_targets: None,
        },
    )
    .await
    .unwrap();

    // Submit; the submitted draft is locked; planning returns it with a comment.
    let rev_now = store.get_revision(rev.id).await.unwrap();
    assert_eq!(rev_now.meta.version, v);
    let err = transition(store, &editor, rev.id, v, Transition::Approve, None).await;
    assert!(matches!(err, Err(AppError::Forbidden(_))), "editors do not approve");
    transition(store, &editor, rev.id, v, Transition::Submit, None).await.unwrap();
    let v = store.get_revision(rev.id).await.unwrap().meta.version;
    assert!(matches!(editing::add_initiative(store, &editor, rev.id, &new_item).await, Err(AppError::State(_))));
    assert!(matches!(
        transition(store, &planner, rev.id, v, Transition::Return, Some(" ")).await,
        Err(AppError::Invalid { .. })
    ));
    transition(store, &planner, rev.id, v, Transition::Return, Some("指標の目標年度を確認してください")).await.unwrap();
    let returned = store.get_revision(rev.id).await.unwrap();
    assert_eq!(
        (returned.state, returned.comment.as_deref()),
        (RevisionState::Returned, Some("指標の目標年度を確認してください"))
    );

    // Fixed and resubmitted; approved; published.
    let k = store.get_indicator(kpi).await.unwrap();
    editing::set_actuals(
        store,
        &editor,
        rev.id,
        y26,
        &[editing::ActualEntry { indicator: kpi, version: k.meta.version, text: "310人".into() }],
    )
    .await
    .unwrap();
    editing::save_review(
        store,
        &editor,
        rev.id,
        added,
        None,
        &ReviewInput { result: Some("3地区で開設".into()), progress: Some(40), ..ReviewInput::default() },
    )
    .await
    .unwrap();
    transition(store, &editor, rev.id, returned.meta.version, Transition::Submit, None).await.unwrap();
    let v = store.get_revision(rev.id).await.unwrap().meta.version;
    assert!(matches!(transition(store, &planner, rev.id, v, Transition::Publish, None).await, Err(AppError::State(_))));
    transition(store, &planner, rev.id, v, Transition::Approve, None).await.unwrap();
    let v = store.get_revision(rev.id).await.unwrap().meta.version;
    assert_eq!(store.count_initiatives(org, Some(y26)).await.unwrap(), 0, "approved is not yet published");
    // A year opened in hoshin is published as a whole first (issue 15): not department by department.
    let refused = transition(store, &planner, rev.id, v, Transition::Publish, None).await;
    assert!(matches!(&refused, Err(AppError::State(m)) if m.contains("/manage/2026/publish")), "{refused:?}");
    let today = hoshin_domain::Day::parse(TODAY).unwrap();
    let done = year_publishing::run(store, &planner, org, y26, BulkStep::Publish, &[(rev.id, v)], today).await.unwrap();
    assert!(done.year_published);

    let published = store.departments_initiatives(&fam, y26, Page::first(500)).await.unwrap();
    assert_eq!(published.len(), drafts.len(), "one added, one removed");
    assert!(published.iter().all(|i| i.draft.is_none()));
    assert!(!published.iter().any(|i| i.predecessor_id == dropped.predecessor_id));
    let live_new = published.iter().find(|i| i.name == "放課後の居場所づくり").unwrap();
    let live_kpi = &store.indicators_of(IndicatorOwner::Initiative(live_new.id)).await.unwrap()[0];
    assert_eq!(live_kpi.actuals.len(), 1);
    assert_eq!(store.get_goal_review(live_new.id, y26).await.unwrap().unwrap().progress, Some(40));
    assert_eq!(
        store.get_department_policy(kodomo.id, y26).await.unwrap().unwrap().stance,
        "子育ての伴走を強める一年にする"
    );
    assert_eq!(store.get_initiative(added).await.unwrap().draft.unwrap().live_id, Some(live_new.id.0), "draft linked");
    assert!(audit_count(store, "initiatives", live_new.id.0).await >= 1);
    assert!(
        audit_count(store, "policy_revisions", rev.id.0).await >= 6,
        "open, update, submit, return, submit, approve, publish"
    );

    // A new revision after publishing: the published version stays until the next publish.
    let rev2 = editing::open_revision(store, &editor, kodomo.id, y26).await.unwrap();
    assert_ne!(rev2, rev.id);
    assert_eq!(editing::open_revision(store, &editor, kodomo.id, y26).await.unwrap(), rev2, "one open revision");
    let copy = store
        .revision_initiatives(rev2)
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.draft.unwrap().live_id == Some(live_new.id.0))
        .unwrap();
    let renamed =
        InitiativeInput { name: "放課後の居場所づくり（全校区へ拡大）".into(), ..new_item.clone() };
    editing::update_initiative(store, &editor, rev2, copy.id, copy.meta.version, &renamed).await.unwrap();
    assert_eq!(store.get_initiative(live_new.id).await.unwrap().name, "放課後の居場所づくり", "published unchanged");
    let r2 = store.get_revision(rev2).await.unwrap();
    transition(store, &editor, rev2, r2.meta.version, Transition::Submit, None).await.unwrap();
    let v = store.get_revision(rev2).await.unwrap().meta.version;
    transition(store, &planner, rev2, v, Transition::Approve, None).await.unwrap();
    let v = store.get_revision(rev2).await.unwrap().meta.version;
    transition(store, &planner, rev2, v, Transition::Publish, None).await.unwrap();
    let after = store.get_initiative(live_new.id).await.unwrap();
    assert_eq!(after.name, "放課後の居場所づくり（全校区へ拡大）", "same id, new content");
    assert_eq!(store.indicators_of(IndicatorOwner::Initiative(live_new.id)).await.unwrap().len(), 1);
    assert_eq!(store.draft_rows_of(live_new.id).await.unwrap().len(), 2, "history follows the item");
}

#[tokio::test]
async fn whole_year_sqlite() {
    whole_year(Backend::Sqlite).await;
}

#[tokio::test]
async fn whole_year_postgres() {
    whole_year(Backend::Postgres).await;
}

#[tokio::test]
async fn only_the_operator_registers_organizations_and_only_admins_add_departments() {
    use hoshin_app::setup::{create_department, create_organization};
    let db = TestDb::sqlite().await.unwrap();
    let store = db.store.as_ref();
    let org = create_organization(store, &Actor::System, " 架空市 ", None, Some("架空県")).await.unwrap();
    assert_eq!(store.get_organization(org).await.unwrap().name, "架空市");
    let trail = store.audit_trail("organizations", org.0, hoshin_store::Page::first(5)).await.unwrap();
    assert_eq!(trail.len(), 1);

    let admin = user(store, org, "kanri", Role::Admin, vec![]).await;
    let planner = user(store, org, "kikaku", Role::Planning, vec![]).await;
    let before = store.stats().await.unwrap();
    assert!(matches!(
        create_organization(store, &admin, "別市", None, None).await,
        Err(hoshin_app::AppError::Forbidden(_))
    ));
    assert!(matches!(
        create_department(store, &planner, org, "総務部", None).await,
        Err(hoshin_app::AppError::Forbidden(_))
    ));
    assert_eq!(store.stats().await.unwrap(), before, "a refused setup changes nothing");

    let soumu = create_department(store, &admin, org, "総務部", None).await.unwrap();
    let section = create_department(store, &admin, org, "人事課", Some(soumu)).await.unwrap();
    assert_eq!(store.get_department(section).await.unwrap().parent_id, Some(soumu));
    let trail = store.audit_trail("departments", section.0, hoshin_store::Page::first(5)).await.unwrap();
    assert_eq!((trail.len(), trail[0].actor_id.is_some()), (1, true), "audited as the admin");

    // Another organization's admin cannot add to this one.
    let other = create_organization(store, &Actor::System, "別市", None, None).await.unwrap();
    let stranger = user(store, other, "yoso", Role::Admin, vec![]).await;
    assert!(create_department(store, &stranger, org, "企画部", None).await.is_err());
}
