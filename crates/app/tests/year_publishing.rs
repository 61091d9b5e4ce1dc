//! Year publishing (issue 15), on SQLite and PostgreSQL: a year opened in hoshin stays off the
//! public read layer until the planning office publishes it; the year page's bulk approve and
//! bulk publish run every chosen revision through the workflow's own step in one transaction
//! (audit rows and notifications per revision); a batch confirmed before a revision changed is
//! refused whole; only planning may do it; a later round publishes only what changed.
#![allow(clippy::unwrap_used)]

use hoshin_app::access::Actor;
use hoshin_app::accounts::{create_user, UserInput};
use hoshin_app::cycle::{open_year, OpenYear};
use hoshin_app::editing::{self, InitiativeInput};
use hoshin_app::public;
use hoshin_app::workflow::transition;
use hoshin_app::year_publishing::{confirm, run, year_publication, BulkStep, ChangeKind, YearStatus};
use hoshin_app::AppError;
use hoshin_domain::*;
use hoshin_store::{Backend, Page, Store};
use hoshin_testkit::TestDb;

const TODAY: &str = "2026-04-01";
const NEW_ITEM: &str = "年度公開で加わる取組";
const THEME: &str = "年度公開の重点項目";

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

fn today() -> Day {
    Day::parse(TODAY).unwrap()
}

async fn latest(store: &dyn Store, dept: DepartmentId, year: FiscalYear) -> PolicyRevision {
    store.revisions_of(dept, year).await.unwrap().into_iter().max_by_key(|r| r.number).unwrap()
}

async fn actions(store: &dyn Store, table: &str, id: i64) -> Vec<String> {
    store.audit_trail(table, id, Page::first(100)).await.unwrap().into_iter().map(|e| e.action).collect()
}

struct Year {
    org: OrgId,
    y26: FiscalYear,
    tops: Vec<Department>,
    kodomo: Department,
    planner: Actor,
    editor: Actor,
}

/// The demo city with 2026 opened (copied forward, one new theme) and every department's
/// draft submitted; こども未来部 adds an initiative first.
async fn submitted_year(store: &dyn Store) -> Year {
    let org = hoshin_app::demo::seed_demo(store).await.unwrap().org_id;
    let depts = store.list_departments(org).await.unwrap();
    let tops: Vec<Department> = depts.iter().filter(|d| d.parent_id.is_none()).cloned().collect();
    let kodomo = depts.iter().find(|d| d.name == "こども未来部").unwrap().clone();
    let planner = user(store, org, "kikaku", Role::Planning, vec![]).await;
    let editor = user(store, org, "kodomo", Role::Editor, vec![kodomo.id]).await;
    let y26 = FiscalYear::new(2026).unwrap();
    let input = OpenYear { themes: vec![THEME.into()], copy_forward: true, ..OpenYear::default() };
    open_year(store, &planner, org, y26, &input, today()).await.unwrap();
    let rev = latest(store, kodomo.id, y26).await;
    let item = InitiativeInput { name: NEW_ITEM.into(), ..InitiativeInput::default() };
    editing::add_initiative(store, &editor, rev.id, &item).await.unwrap();
    for d in &tops {
        let r = latest(store, d.id, y26).await;
        let v = if r.stance.trim().is_empty() {
            editing::save_stance(store, &planner, r.id, r.meta.version, "今年度の基本的考え方", None).await.unwrap()
        } else {
            r.meta.version
        };
        let who = if d.id == kodomo.id { &editor } else { &planner };
        transition(store, who, r.id, v, Transition::Submit, None).await.unwrap();
    }
    Year { org, y26, tops, kodomo, planner, editor }
}

/// The revisions of `depts` as (id, version) now, for a batch.
async fn batch(store: &dyn Store, depts: &[Department], year: FiscalYear) -> Vec<(RevisionId, i64)> {
    let mut out = Vec::new();
    for d in depts {
        let r = latest(store, d.id, year).await;
        out.push((r.id, r.meta.version));
    }
    out
}

async fn round(backend: Backend) {
    let db = TestDb::new(backend).await.unwrap();
    let store = db.store.as_ref();
    let Year { org, y26, tops, kodomo, planner, editor } = submitted_year(store).await;
    let viewer = user(store, org, "etsuran", Role::Viewer, vec![]).await;

    // The year page: every top-level department, all submitted.
    let page = year_publication(store, &planner, org, y26).await.unwrap();
    assert_eq!(page.departments.len(), tops.len());
    assert_eq!(page.in_state(RevisionState::Submitted).count(), tops.len());
    assert!(!page.cycle.as_ref().unwrap().is_published());

    // The confirmation lists what will change publicly: こども未来部's new initiative.
    let ids: Vec<RevisionId> = page.in_state(RevisionState::Submitted).map(|(_, r)| r.id).collect();
    let planned = confirm(store, &planner, org, y26, BulkStep::Approve, &ids).await.unwrap();
    assert_eq!(planned.len(), tops.len());
    let mine = planned.iter().find(|p| p.department.id == kodomo.id).unwrap();
    assert!(
        mine.changes.initiatives.iter().any(|c| c.kind == ChangeKind::Added && c.name == NEW_ITEM),
        "{:?}",
        mine.changes
    );
    assert!(mine.changes.stance_changed, "2026 has no published stance yet");

    // Bulk approve: one transaction, one audit row per revision.
    let all = batch(store, &tops, y26).await;
    let done = run(store, &planner, org, y26, BulkStep::Approve, &all, today()).await.unwrap();
    assert_eq!(done.departments.len(), tops.len());
    assert!(!done.year_published);
    for (id, _) in &all {
        assert_eq!(store.get_revision(*id).await.unwrap().state, RevisionState::Approved);
        assert_eq!(actions(store, "policy_revisions", id.0).await.first().map(String::as_str), Some("approve"));
    }

    // Approved, but the year is not published: one department cannot be published alone,
    // and the public read layer shows nothing of the year.
    let r = latest(store, kodomo.id, y26).await;
    let refused = transition(store, &planner, r.id, r.meta.version, Transition::Publish, None).await;
    assert!(matches!(&refused, Err(AppError::State(m)) if m.contains("/manage/2026/publish")), "{refused:?}");
    let dy = public::department_year(store, org, y26, kodomo.id).await.unwrap();
    assert!(dy.items.is_empty() && dy.policy.is_none() && dy.published.is_none() && dy.themes.is_empty());
    assert!(public::year_initiatives(store, org, y26, 100).await.unwrap().0.is_empty());
    let oy = public::org_year(store, org, y26).await.unwrap();
    assert_eq!(oy.status, Some(YearStatus::Unpublished));
    assert!(oy.themes.is_empty());

    // Only planning publishes; a refused batch changes nothing.
    let all = batch(store, &tops, y26).await;
    for who in [&editor, &viewer] {
        let r = run(store, who, org, y26, BulkStep::Publish, &all, today()).await;
        assert!(matches!(r, Err(AppError::Forbidden(_))), "{r:?}");
        let ids: Vec<RevisionId> = all.iter().map(|(id, _)| *id).collect();
        assert!(matches!(confirm(store, who, org, y26, BulkStep::Publish, &ids).await, Err(AppError::Forbidden(_))));
    }
    assert_eq!(batch(store, &tops, y26).await, all, "no revision touched");
    let before_inbox = store.notifications_of(editor.user_id().unwrap(), Page::first(100)).await.unwrap().len();

    // Bulk publish: the year becomes public with every department at once.
    let done = run(store, &planner, org, y26, BulkStep::Publish, &all, today()).await.unwrap();
    assert!(done.year_published);
    let cycle = store.get_cycle(org, y26).await.unwrap().unwrap();
    assert_eq!(cycle.published_on, Some(today()));
    assert_eq!(cycle.published_by, planner.user_id());
    assert_eq!(actions(store, "fiscal_cycles", cycle.id.0).await.first().map(String::as_str), Some("publish"));
    for (id, _) in &all {
        assert_eq!(store.get_revision(*id).await.unwrap().state, RevisionState::Published);
        assert_eq!(actions(store, "policy_revisions", id.0).await.first().map(String::as_str), Some("publish"));
    }
    let inbox = store.notifications_of(editor.user_id().unwrap(), Page::first(100)).await.unwrap();
    assert_eq!(inbox.len(), before_inbox + 1, "the department's editor hears of the publication");
    assert_eq!(inbox[0].kind, "publish");
    let dy = public::department_year(store, org, y26, kodomo.id).await.unwrap();
    assert!(dy.items.iter().any(|i| i.name == NEW_ITEM));
    assert!(dy.themes.iter().any(|t| t.name == THEME), "the year's themes are public");
    let oy = public::org_year(store, org, y26).await.unwrap();
    assert_eq!(oy.status, Some(YearStatus::Published(Some(today()))));
    assert_eq!(oy.status.unwrap().label(), "公開済み（令和8年4月1日）");

    // A second round: only こども未来部 revises (its stance); only it is published again.
    let rev2 = editing::open_revision(store, &editor, kodomo.id, y26).await.unwrap();
    let r2 = store.get_revision(rev2).await.unwrap();
    let v = editing::save_stance(store, &editor, rev2, r2.meta.version, "二巡目の基本的考え方", None).await.unwrap();
    // … and its 中間 review of one initiative: listed as a review change.
    let item = store.revision_initiatives(rev2).await.unwrap().remove(0);
    let mid = hoshin_app::periods::InterimReviewEntry {
        initiative: item.id,
        version: None,
        input: editing::ReviewInput { progress: Some(30), judgement: None, ..Default::default() },
    };
    hoshin_app::periods::save_period(store, &editor, rev2, "midyear", &[], &[mid]).await.unwrap();
    transition(store, &editor, rev2, v, Transition::Submit, None).await.unwrap();
    let page = year_publication(store, &planner, org, y26).await.unwrap();
    let waiting: Vec<_> = page.in_state(RevisionState::Submitted).map(|(d, _)| d.id).collect();
    assert_eq!(waiting, vec![kodomo.id]);
    assert_eq!(page.in_state(RevisionState::Published).count(), tops.len() - 1);
    let one = batch(store, std::slice::from_ref(&kodomo), y26).await;
    run(store, &planner, org, y26, BulkStep::Approve, &one, today()).await.unwrap();
    let planned = confirm(store, &planner, org, y26, BulkStep::Publish, &[rev2]).await.unwrap();
    assert!(planned[0].changes.stance_changed);
    assert!(planned[0].changes.initiatives.is_empty() && planned[0].changes.indicators.is_empty(), "{planned:?}");
    let reviews: Vec<_> = planned[0].changes.reviews.iter().map(|c| (c.kind, c.name.as_str())).collect();
    assert_eq!(reviews, [(ChangeKind::Added, item.name.as_str())], "{planned:?}");
    let others_before = batch(store, &tops, y26).await;
    let one = batch(store, std::slice::from_ref(&kodomo), y26).await;
    let later = Day::parse("2026-06-01").unwrap();
    let done = run(store, &planner, org, y26, BulkStep::Publish, &one, later).await.unwrap();
    assert!(!done.year_published, "the year was published before");
    assert_eq!(store.get_cycle(org, y26).await.unwrap().unwrap().published_on, Some(today()), "first day kept");
    assert_eq!(store.get_revision(rev2).await.unwrap().state, RevisionState::Published);
    let others_after = batch(store, &tops, y26).await;
    for ((d, b), a) in tops.iter().zip(&others_before).zip(&others_after) {
        if d.id != kodomo.id {
            assert_eq!(b, a, "{} untouched", d.name);
        }
    }
    assert_eq!(store.get_department_policy(kodomo.id, y26).await.unwrap().unwrap().stance, "二巡目の基本的考え方");

    // Once the year is public, a department can also be published on its own again.
    let rev3 = editing::open_revision(store, &editor, kodomo.id, y26).await.unwrap();
    let v = store.get_revision(rev3).await.unwrap().meta.version;
    let v = editing::save_stance(store, &editor, rev3, v, "三巡目", None).await.unwrap();
    transition(store, &editor, rev3, v, Transition::Submit, None).await.unwrap();
    let v = store.get_revision(rev3).await.unwrap().meta.version;
    transition(store, &planner, rev3, v, Transition::Approve, None).await.unwrap();
    let v = store.get_revision(rev3).await.unwrap().meta.version;
    transition(store, &planner, rev3, v, Transition::Publish, None).await.unwrap();
    assert_eq!(store.get_department_policy(kodomo.id, y26).await.unwrap().unwrap().stance, "三巡目");
}

#[tokio::test]
async fn a_year_is_published_as_a_whole_sqlite() {
    round(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_year_is_published_as_a_whole_postgres() {
    round(Backend::Postgres).await;
}

async fn stale(backend: Backend) {
    let db = TestDb::new(backend).await.unwrap();
    let store = db.store.as_ref();
    let Year { org, y26, tops, kodomo, planner, editor } = submitted_year(store).await;
    let confirmed = batch(store, &tops, y26).await;

    // After the confirmation was shown, こども未来部 is returned and resubmitted: its version moved.
    let r = latest(store, kodomo.id, y26).await;
    transition(store, &planner, r.id, r.meta.version, Transition::Return, Some("数値を確認してください"))
        .await
        .unwrap();
    let v = store.get_revision(r.id).await.unwrap().meta.version;
    transition(store, &editor, r.id, v, Transition::Submit, None).await.unwrap();

    let refused = run(store, &planner, org, y26, BulkStep::Approve, &confirmed, today()).await;
    assert!(matches!(&refused, Err(AppError::Stale(m)) if m.contains("こども未来部")), "{refused:?}");
    for d in &tops {
        assert_eq!(latest(store, d.id, y26).await.state, RevisionState::Submitted, "{}: whole batch refused", d.name);
    }
    // Publishing what is only submitted is refused whole as well, and the year stays unpublished.
    let fresh = batch(store, &tops, y26).await;
    let refused = run(store, &planner, org, y26, BulkStep::Publish, &fresh, today()).await;
    assert!(matches!(refused, Err(AppError::Stale(_))), "{refused:?}");
    assert!(!store.get_cycle(org, y26).await.unwrap().unwrap().is_published());
    // A revision of another year (or organization) is not part of this year's batch.
    let y25_rev = editing::open_revision(store, &planner, kodomo.id, FiscalYear::new(2025).unwrap()).await.unwrap();
    let r = run(store, &planner, org, y26, BulkStep::Approve, &[(y25_rev, 1)], today()).await;
    assert!(matches!(r, Err(AppError::NotFound { .. })), "{r:?}");
    // With the current versions the batch goes through.
    run(store, &planner, org, y26, BulkStep::Approve, &fresh, today()).await.unwrap();
}

#[tokio::test]
async fn a_stale_batch_is_refused_whole_sqlite() {
    stale(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_stale_batch_is_refused_whole_postgres() {
    stale(Backend::Postgres).await;
}

/// Yearly targets (年度別目標) typed on a draft KPI reach the published KPI with the year's
/// publication, come back into the next revision's draft, and are replaced only when the
/// form sends them.
async fn yearly_targets(backend: Backend) {
    let db = TestDb::new(backend).await.unwrap();
    let store = db.store.as_ref();
    let org = hoshin_app::demo::seed_demo(store).await.unwrap().org_id;
    let kodomo = store.list_departments(org).await.unwrap().into_iter().find(|d| d.name == "こども未来部").unwrap();
    let planner = user(store, org, "kikaku", Role::Planning, vec![]).await;
    let editor = user(store, org, "kodomo", Role::Editor, vec![kodomo.id]).await;
    let y26 = FiscalYear::new(2026).unwrap();
    open_year(store, &planner, org, y26, &OpenYear::default(), today()).await.unwrap();
    let rev = latest(store, kodomo.id, y26).await;
    let item = InitiativeInput { name: "年度別目標のある取組".into(), ..InitiativeInput::default() };
    let id = editing::add_initiative(store, &editor, rev.id, &item).await.unwrap();
    let fy = |y: i64| FiscalYear::new(y).unwrap();
    let kpi = editing::IndicatorInput {
        name: "相談件数".into(),
        unit: Some("件".into()),
        direction: Direction::Up,
        cumulative: false,
        baseline: Some("80件".into()),
        baseline_year: Some(fy(2025)),
        target: Some("150件".into()),
        target_year: Some(fy(2027)),
        yearly_targets: Some(vec![(fy(2026), "100件".into()), (fy(2027), "150件".into())]),
    };
    let k = editing::add_indicator(store, &editor, rev.id, id, &kpi).await.unwrap();
    let targets = |f: Option<IndicatorFacts>| -> Vec<(u16, String)> {
        f.unwrap_or_default()
            .yearly
            .into_iter()
            .filter(|v| v.kind == YearValueKind::Target)
            .map(|v| (v.fiscal_year.year(), v.value.text))
            .collect()
    };
    let facts = |i: IndicatorId| async move { store.indicator_facts(&[i]).await.unwrap().pop().map(|(_, f)| f) };
    let want = vec![(2026, "100件".to_string()), (2027, "150件".to_string())];
    assert_eq!(targets(facts(k).await), want);

    let v = editing::save_stance(store, &editor, rev.id, rev.meta.version, "基本的考え方", None).await.unwrap();
    transition(store, &editor, rev.id, v, Transition::Submit, None).await.unwrap();
    let v = store.get_revision(rev.id).await.unwrap().meta.version;
    run(store, &planner, org, y26, BulkStep::Approve, &[(rev.id, v)], today()).await.unwrap();
    let v = store.get_revision(rev.id).await.unwrap().meta.version;
    run(store, &planner, org, y26, BulkStep::Publish, &[(rev.id, v)], today()).await.unwrap();

    let live = store
        .list_initiatives(org, Some(y26), Page::first(1000))
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.name == "年度別目標のある取組" && i.draft.is_none())
        .unwrap();
    let live_kpi = store.indicators_of(IndicatorOwner::Initiative(live.id)).await.unwrap().pop().unwrap();
    assert_eq!(targets(facts(live_kpi.id).await), want, "published with the year");
    assert!(actions(store, "indicator_yearly", live_kpi.id.0).await.contains(&"publish".to_string()));

    // The next revision's draft starts from them; a form without the field keeps them, an
    // empty field removes them.
    let rev2 = editing::open_revision(store, &editor, kodomo.id, y26).await.unwrap();
    let draft_kpi = store.revision_indicators(rev2).await.unwrap().into_iter().find(|x| x.name == "相談件数").unwrap();
    assert_eq!(targets(facts(draft_kpi.id).await), want, "copied into the draft");
    let keep = editing::IndicatorInput { yearly_targets: None, ..kpi.clone() };
    let v = editing::update_indicator(store, &editor, rev2, draft_kpi.id, draft_kpi.meta.version, &keep).await.unwrap();
    assert_eq!(targets(facts(draft_kpi.id).await), want);
    let clear = editing::IndicatorInput { yearly_targets: Some(Vec::new()), ..kpi };
    editing::update_indicator(store, &editor, rev2, draft_kpi.id, v, &clear).await.unwrap();
    assert!(targets(facts(draft_kpi.id).await).is_empty());
    assert!(actions(store, "indicator_yearly", draft_kpi.id.0).await.contains(&"update".to_string()));
    assert_eq!(targets(facts(live_kpi.id).await), want, "the public KPI keeps them until published");
}

#[tokio::test]
async fn yearly_targets_sqlite() {
    yearly_targets(Backend::Sqlite).await;
}

#[tokio::test]
async fn yearly_targets_postgres() {
    yearly_targets(Backend::Postgres).await;
}
