//! Issue 12, items 1 and 2, on SQLite and PostgreSQL: the cycle never destroys what is
//! published. A year opens only as the current or the next fiscal year; a department whose
//! policy of the year is already published gets a draft that starts from it; publishing
//! removes a published initiative or KPI only when an editor removed it in the revision
//! (and the approval page's list says so beforehand); a published row the revision does not
//! hold stays. Themes typed when a year is opened stay off the public reads until the
//! year's first publication.
#![allow(clippy::unwrap_used)]

use hoshin_app::access::Actor;
use hoshin_app::accounts::{create_user, UserInput};
use hoshin_app::cycle::{open_year, OpenYear};
use hoshin_app::editing;
use hoshin_app::workflow::{pending_removals, transition};
use hoshin_app::year_publishing::{self, BulkStep};
use hoshin_app::AppError;
use hoshin_domain::*;
use hoshin_store::{Backend, Page, RemovalKind, Store};
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

fn fy(y: i64) -> FiscalYear {
    FiscalYear::new(y).unwrap()
}

/// Submit, approve, publish (through the year page while the year is not published yet).
async fn publish(store: &dyn Store, editor: &Actor, planner: &Actor, rev: RevisionId) {
    for (who, step) in [(editor, Transition::Submit), (planner, Transition::Approve)] {
        let v = store.get_revision(rev).await.unwrap().meta.version;
        transition(store, who, rev, v, step, None).await.unwrap();
    }
    let r = store.get_revision(rev).await.unwrap();
    let dept = store.get_department(r.department_id).await.unwrap();
    match store.get_cycle(dept.org_id, r.fiscal_year).await.unwrap() {
        Some(c) if !c.is_published() => {
            let today = hoshin_domain::Day::parse("2026-12-04").unwrap();
            let batch = [(rev, r.meta.version)];
            year_publishing::run(store, planner, dept.org_id, r.fiscal_year, BulkStep::Publish, &batch, today)
                .await
                .unwrap();
        }
        _ => {
            transition(store, planner, rev, r.meta.version, Transition::Publish, None).await.unwrap();
        }
    }
}

/// (id, name) of the published initiatives of a department's family in a year.
async fn published(store: &dyn Store, dept: &Department, year: FiscalYear) -> Vec<(InitiativeId, String)> {
    let fam = editing::family(store, dept).await.unwrap();
    let list = store.departments_initiatives(&fam, year, Page::first(500)).await.unwrap();
    list.into_iter().map(|i| (i.id, i.name)).collect()
}

async fn case(backend: Backend) {
    let db = TestDb::new(backend).await.unwrap();
    let store = db.store.as_ref();
    let org = hoshin_app::demo::seed_demo(store).await.unwrap().org_id;
    let kodomo = store.list_departments(org).await.unwrap().into_iter().find(|d| d.name == "こども未来部").unwrap();
    let planner = user(store, org, "kikaku", Role::Planning, vec![]).await;
    let editor = user(store, org, "kodomo", Role::Editor, vec![kodomo.id]).await;
    let y24 = fy(2024);
    let public_2024 = published(store, &kodomo, y24).await;
    assert!(public_2024.len() >= 2, "the demo publishes こども未来部's 2024 initiatives");

    // The reported attack: planning opens 2024 in December 2026. Refused, whatever the input.
    let input = OpenYear { themes: vec!["過去の重点項目".into()], copy_forward: true, ..OpenYear::default() };
    for y in [1868, 2019, 2024, 2025, 2028] {
        let refused =
            open_year(store, &planner, org, fy(y), &input, hoshin_domain::Day::parse("2026-12-04").unwrap()).await;
        assert!(matches!(refused, Err(AppError::Invalid { ref field, .. }) if field == "year"), "{y}: {refused:?}");
    }
    assert!(store.list_cycles(org).await.unwrap().is_empty(), "nothing opened");
    assert!(store.list_themes(org, y24).await.unwrap().iter().all(|t| t.name != "過去の重点項目"));

    // Had 2024 been the current year (published by an import before the cycle opened), the
    // draft starts from what is published: publishing it unchanged removes nothing.
    let opened =
        open_year(store, &planner, org, y24, &input, hoshin_domain::Day::parse("2024-06-01").unwrap()).await.unwrap();
    assert!(opened.from_published >= 1);
    let rev = store.revisions_of(kodomo.id, y24).await.unwrap().pop().unwrap();
    let drafts = store.revision_initiatives(rev.id).await.unwrap();
    assert_eq!(drafts.len(), public_2024.len(), "a copy of the published record, not an empty draft");
    assert!(drafts.iter().all(|d| d.draft.unwrap().live_id.is_some()));
    let policy = store.get_department_policy(kodomo.id, y24).await.unwrap().unwrap();
    assert_eq!(rev.stance, policy.stance);
    editing::save_stance(store, &editor, rev.id, rev.meta.version, "方針を見直した", None).await.unwrap();
    assert!(pending_removals(store, rev.id).await.unwrap().is_empty());
    publish(store, &editor, &planner, rev.id).await;
    assert_eq!(published(store, &kodomo, y24).await, public_2024, "every published initiative survives");

    // A revision that explicitly removes one initiative and one KPI of another removes those
    // two, says so before publication, and nothing else — not even a published initiative
    // that appeared after the revision was opened (an import, say).
    // (A published KPI to remove: the demo's こども未来部 initiatives have none of their own.)
    let tx = store.begin().await.unwrap();
    let owner = public_2024[0].0;
    let new_kpi = NewIndicator {
        org_id: org,
        owner: Some(IndicatorOwner::Initiative(owner)),
        name: "相談件数".into(),
        unit: Some("件".into()),
        direction: Direction::Up,
        cumulative: false,
        baseline: None,
        baseline_year: None,
        baseline_note: None,
        target: None,
        target_year: None,
        actuals: Vec::new(),
        sort_order: 0,
    };
    tx.insert_indicator(&new_kpi).await.unwrap();
    tx.commit().await.unwrap();
    let rev2 = editing::open_revision(store, &editor, kodomo.id, y24).await.unwrap();
    let rows = store.revision_initiatives(rev2).await.unwrap();
    let kpis = store.revision_indicators(rev2).await.unwrap();
    let with_kpi = rows.iter().find(|r| kpis.iter().any(|k| k.owner == Some(IndicatorOwner::Initiative(r.id))));
    let with_kpi = with_kpi.expect("a こども未来部 initiative with a KPI").clone();
    let gone = rows.iter().find(|r| r.id != with_kpi.id).unwrap().clone();
    let gone_live = InitiativeId(gone.draft.unwrap().live_id.unwrap());
    let kpi = kpis.iter().find(|k| k.owner == Some(IndicatorOwner::Initiative(with_kpi.id))).unwrap().clone();
    let kpi_live = IndicatorId(kpi.draft.unwrap().live_id.unwrap());
    editing::remove_initiative(store, &editor, rev2, gone.id, gone.meta.version).await.unwrap();
    editing::remove_indicator(store, &editor, rev2, kpi.id, kpi.meta.version).await.unwrap();
    let tx = store.begin().await.unwrap();
    let late = NewInitiative {
        department_id: Some(kodomo.id),
        fiscal_year: Some(y24),
        ..NewInitiative::named(org, InitiativeKind::Annual, "あとから取り込まれた取組")
    };
    let late = tx.insert_initiative(&late).await.unwrap();
    tx.commit().await.unwrap();

    let pending = pending_removals(store, rev2).await.unwrap();
    let listed: Vec<(RemovalKind, i64)> = pending.iter().map(|p| (p.kind, p.live_id)).collect();
    assert_eq!(listed, vec![(RemovalKind::Initiative, gone_live.0), (RemovalKind::Indicator, kpi_live.0)]);
    assert_eq!(pending[0].name, gone.name);
    assert_eq!(pending[1].of_initiative.as_deref(), Some(with_kpi.name.as_str()));
    publish(store, &editor, &planner, rev2).await;
    let after = published(store, &kodomo, y24).await;
    let expected: Vec<InitiativeId> =
        public_2024.iter().map(|(id, _)| *id).filter(|id| *id != gone_live).chain([late]).collect();
    let mut got: Vec<InitiativeId> = after.iter().map(|(id, _)| *id).collect();
    let mut want = expected.clone();
    got.sort_by_key(|i| i.0);
    want.sort_by_key(|i| i.0);
    assert_eq!(got, want, "exactly the removed initiative went; the late one stayed");
    assert!(store.get_indicator(kpi_live).await.is_err(), "the removed KPI went");
    let live_owner = InitiativeId(with_kpi.draft.unwrap().live_id.unwrap());
    assert!(store.get_initiative(live_owner).await.is_ok(), "its initiative stayed");
    let trail = store.audit_trail("initiatives", gone_live.0, Page::first(10)).await.unwrap();
    assert!(trail.iter().any(|e| e.action == "publish" && e.after.is_none()), "the removal is audited");
}

#[tokio::test]
async fn the_cycle_never_destroys_what_is_published_sqlite() {
    case(Backend::Sqlite).await;
}

#[tokio::test]
async fn the_cycle_never_destroys_what_is_published_postgres() {
    case(Backend::Postgres).await;
}

async fn themes_case(backend: Backend) {
    let db = TestDb::new(backend).await.unwrap();
    let store = db.store.as_ref();
    let org = hoshin_app::demo::seed_demo(store).await.unwrap().org_id;
    let planner = user(store, org, "kikaku", Role::Planning, vec![]).await;
    let y26 = fy(2026);
    let name = "まだ公表していない重点項目";
    let input = OpenYear { themes: vec![name.into()], copy_forward: true, ..OpenYear::default() };
    open_year(store, &planner, org, y26, &input, hoshin_domain::Day::parse("2026-12-04").unwrap()).await.unwrap();
    assert!(store.list_themes(org, y26).await.unwrap().iter().any(|t| t.name == name), "staff see it");
    assert!(store.published_themes(org, y26).await.unwrap().is_empty(), "the public does not");
    assert!(store.common_themes(100).await.unwrap().iter().all(|(n, _)| n != name));
    // Imported (published) themes of earlier years stay public.
    assert!(!store.published_themes(org, fy(2025)).await.unwrap().is_empty());

    // The year's first publication makes its themes public.
    let dept = store.list_departments(org).await.unwrap().into_iter().find(|d| d.parent_id.is_none()).unwrap();
    let rev = store.revisions_of(dept.id, y26).await.unwrap().pop().unwrap();
    if rev.stance.trim().is_empty() {
        editing::save_stance(store, &planner, rev.id, rev.meta.version, "基本的考え方", None).await.unwrap();
    }
    publish(store, &planner, &planner, rev.id).await;
    assert!(store.published_themes(org, y26).await.unwrap().iter().any(|t| t.name == name));
    assert!(store.common_themes(100).await.unwrap().iter().any(|(n, _)| n == name));
}

#[tokio::test]
async fn themes_stay_internal_until_the_year_is_published_sqlite() {
    themes_case(Backend::Sqlite).await;
}

#[tokio::test]
async fn themes_stay_internal_until_the_year_is_published_postgres() {
    themes_case(Backend::Postgres).await;
}
