//! The sheet-quality check of a revision through `app::quality::of_revision`, on SQLite and
//! PostgreSQL: what an editor writes (an initiative without a summary, a KPI without a
//! target, a review whose judgement the KPI figures contradict, a result without numbers)
//! shows as findings on that initiative, and goes once it is fixed.
#![allow(clippy::unwrap_used)]

use hoshin_app::access::Actor;
use hoshin_app::accounts::{create_user, UserInput};
use hoshin_app::cycle::{open_year, OpenYear};
use hoshin_app::editing::{self, IndicatorInput, InitiativeInput, ReviewInput};
use hoshin_app::quality::of_revision;
use hoshin_domain::quality::{Field, Severity};
use hoshin_domain::*;
use hoshin_store::{Backend, Store};
use hoshin_testkit::TestDb;

const TODAY: &str = "2026-04-01";

async fn actor(store: &dyn Store, org: OrgId, login: &str, role: Role, depts: Vec<DepartmentId>) -> Actor {
    let input = UserInput {
        org_id: org,
        login: login.into(),
        display_name: login.into(),
        password: "試験用のパスワード123".into(),
        role,
        departments: depts,
    };
    let id = create_user(store, &Actor::System, &input).await.unwrap();
    Actor::User(store.get_user(id).await.unwrap())
}

async fn findings_on(store: &dyn Store, rev: RevisionId, id: InitiativeId, today: &str) -> Vec<(Severity, Field)> {
    of_revision(store, rev, Day::parse(today).unwrap())
        .await
        .unwrap()
        .into_iter()
        .filter(|f| f.initiative == Some(id))
        .map(|f| (f.severity, f.field))
        .collect()
}

async fn check(backend: Backend) {
    let db = TestDb::new(backend).await.unwrap();
    let store = db.store.as_ref();
    let org = hoshin_app::demo::seed_demo(store).await.unwrap().org_id;
    let dept = store.list_departments(org).await.unwrap().into_iter().find(|d| d.name == "こども未来部").unwrap();
    let planner = actor(store, org, "kikaku", Role::Planning, vec![]).await;
    let editor = actor(store, org, "kodomo", Role::Editor, vec![dept.id]).await;
    let y26 = FiscalYear::new(2026).unwrap();
    let input = OpenYear { themes: vec!["重点".into()], copy_forward: true, ..OpenYear::default() };
    open_year(store, &planner, org, y26, &input, hoshin_domain::Day::parse(TODAY).unwrap()).await.unwrap();
    let rev = store.revisions_of(dept.id, y26).await.unwrap().pop().unwrap();

    let bare = InitiativeInput { name: "点検される取組".into(), ..InitiativeInput::default() };
    let id = editing::add_initiative(store, &editor, rev.id, &bare).await.unwrap();
    let kpi = IndicatorInput {
        name: "相談件数".into(),
        unit: Some("件".into()),
        direction: Direction::Up,
        cumulative: false,
        baseline: Some("100件".into()),
        baseline_year: Some(FiscalYear::new(2025).unwrap()),
        target: None,
        target_year: Some(y26),
        yearly_targets: None,
    };
    let k = editing::add_indicator(store, &editor, rev.id, id, &kpi).await.unwrap();
    assert_eq!(
        findings_on(store, rev.id, id, TODAY).await,
        [
            (Severity::Missing, Field::Summary),
            (Severity::Missing, Field::Schedule),
            (Severity::Missing, Field::IndicatorTarget)
        ]
    );
    // At the year's end the review is due as well.
    let late = findings_on(store, rev.id, id, "2027-04-01").await;
    assert!(
        late.contains(&(Severity::Missing, Field::Result)) && late.contains(&(Severity::Missing, Field::Judgement))
    );

    // Fixed: summary, a milestone, a target; then a review that claims S on a KPI at 20 %.
    let row = store.get_initiative(id).await.unwrap();
    let full = InitiativeInput {
        summary: Some("相談窓口を増やす".into()),
        milestones: vec![Milestone { text: "窓口を開設".into(), due: Some("2026-07-01".into()), done: false }],
        ..bare.clone()
    };
    editing::update_initiative(store, &editor, rev.id, id, row.meta.version, &full).await.unwrap();
    let ind = store.get_indicator(k).await.unwrap();
    let with_target = IndicatorInput { target: Some("200件".into()), ..kpi.clone() };
    editing::update_indicator(store, &editor, rev.id, k, ind.meta.version, &with_target).await.unwrap();
    assert_eq!(findings_on(store, rev.id, id, TODAY).await, []);
    let ind = store.get_indicator(k).await.unwrap();
    let entry = editing::ActualEntry { indicator: k, version: ind.meta.version, text: "120件".into() };
    editing::set_actuals(store, &editor, rev.id, y26, &[entry]).await.unwrap();
    let claim = ReviewInput {
        result: Some("窓口の周知を進めた".into()),
        issues_next: Some("夜間の相談に対応する".into()),
        progress: Some(90),
        judgement: Some("S".into()),
    };
    editing::save_review(store, &editor, rev.id, id, None, &claim).await.unwrap();
    let f = of_revision(store, rev.id, Day::parse(TODAY).unwrap()).await.unwrap();
    let mine: Vec<_> = f.iter().filter(|f| f.initiative == Some(id)).collect();
    assert_eq!(
        mine.iter().map(|f| (f.severity, f.field)).collect::<Vec<_>>(),
        [(Severity::Doubt, Field::Result), (Severity::Doubt, Field::Judgement)],
        "{mine:?}"
    );
    assert!(mine.iter().all(|f| f.message.starts_with("「点検される取組」")));

    // A figure in the result and a judgement the KPI supports: nothing left on it.
    let review = store.get_goal_review(id, y26).await.unwrap().unwrap();
    let honest = ReviewInput { result: Some("相談120件に対応".into()), judgement: Some("C".into()), ..claim };
    editing::save_review(store, &editor, rev.id, id, Some(review.meta.version), &honest).await.unwrap();
    assert_eq!(findings_on(store, rev.id, id, TODAY).await, []);
}

#[tokio::test]
async fn quality_sqlite() {
    check(Backend::Sqlite).await;
}

#[tokio::test]
async fn quality_postgres() {
    check(Backend::Postgres).await;
}
