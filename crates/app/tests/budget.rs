//! Issue 15: 予算細事業 codes on initiatives and the 財務会計 CSV import, through the use cases
//! on SQLite and PostgreSQL. Codes typed on a draft reach the published row on publish (and a
//! new draft copies them); planning imports a CSV — preview first, then one transaction,
//! audited; a malformed file changes nothing, re-importing the same file changes nothing, and
//! other roles are refused; the sheet and the public page show the imported figures (summed
//! over the initiative's codes) in place of the evaluation sheet's costs of those years.
#![allow(clippy::unwrap_used)]

use hoshin_app::access::Actor;
use hoshin_app::accounts::{create_user, UserInput};
use hoshin_app::budget::{self, LineChange};
use hoshin_app::editing::{self, InitiativeInput};
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

/// A sample export (not real city data): two codes of one initiative, one code of none.
const CSV: &str = "\u{feff}細事業コード,細事業名,年度,当初予算額,決算額,一般財源,人件費,トータルコスト\n\
                   T-0101,相談事業,2025,\"1,200,000\",\"1,100,000\",600000,\"2,000,000\",3100000\n\
                   T-0102,相談事業（啓発）,令和7年度,300000,250000,,,\n\
                   T-0101,相談事業,2024,1000000,980000,,,\n\
                   Z-9999,どこにもない事業,2025,5000,,,,\n";

async fn budget_cycle(backend: Backend) {
    let db = TestDb::new(backend).await.unwrap();
    let store = db.store.as_ref();
    let demo = hoshin_app::demo::seed_demo(store).await.unwrap();
    let org = demo.org_id;
    let depts = store.list_departments(org).await.unwrap();
    let kodomo = depts.iter().find(|d| d.name == "こども未来部").unwrap().clone();
    let planner = user(store, org, "kikaku", Role::Planning, vec![]).await;
    let editor = user(store, org, "kodomo", Role::Editor, vec![kodomo.id]).await;
    let viewer = user(store, org, "etsuran", Role::Viewer, vec![]).await;
    let y24 = FiscalYear::new(2024).unwrap();
    let y25 = FiscalYear::new(2025).unwrap();

    // Codes typed on a draft: normalized, stored with an audit row, published with the draft.
    let rev = editing::open_revision(store, &editor, kodomo.id, y25).await.unwrap();
    let draft = store.revision_initiatives(rev).await.unwrap().remove(0);
    let live = InitiativeId(draft.draft.unwrap().live_id.unwrap());
    let input = InitiativeInput {
        budget_codes: Some(parse_budget_codes("Ｔ－０１０１、T-0102")),
        ..hoshin_app::roundtrip::diff::initiative_as_input(&draft)
    };
    assert_eq!(input.budget_codes.as_deref().unwrap(), ["T-0101", "T-0102"]);
    editing::update_initiative(store, &editor, rev, draft.id, draft.meta.version, &input).await.unwrap();
    assert_eq!(budget::codes(store, draft.id).await.unwrap(), ["T-0101", "T-0102"]);
    assert!(budget::codes(store, live).await.unwrap().is_empty(), "the published row waits for publishing");
    let trail = store.audit_trail("initiative_budget_codes", draft.id.0, Page::first(10)).await.unwrap();
    assert_eq!(trail.len(), 1);
    // Saving again with the same codes writes no second audit row; `None` keeps them.
    let v = store.get_initiative(draft.id).await.unwrap().meta.version;
    let v = editing::update_initiative(store, &editor, rev, draft.id, v, &input).await.unwrap();
    let keep = InitiativeInput { budget_codes: None, ..input.clone() };
    editing::update_initiative(store, &editor, rev, draft.id, v, &keep).await.unwrap();
    assert_eq!(store.audit_trail("initiative_budget_codes", draft.id.0, Page::first(10)).await.unwrap().len(), 1);
    let too_many = InitiativeInput { budget_codes: Some((0..21).map(|i| format!("C{i}")).collect()), ..input };
    let v = store.get_initiative(draft.id).await.unwrap().meta.version;
    let err = editing::update_initiative(store, &editor, rev, draft.id, v, &too_many).await;
    assert!(matches!(err, Err(AppError::Invalid { ref field, .. }) if field == "budget_codes"), "{err:?}");

    let r = store.get_revision(rev).await.unwrap();
    transition(store, &editor, rev, r.meta.version, Transition::Submit, None).await.unwrap();
    let r = store.get_revision(rev).await.unwrap();
    transition(store, &planner, rev, r.meta.version, Transition::Approve, None).await.unwrap();
    let r = store.get_revision(rev).await.unwrap();
    transition(store, &planner, rev, r.meta.version, Transition::Publish, None).await.unwrap();
    assert_eq!(budget::codes(store, live).await.unwrap(), ["T-0101", "T-0102"], "published with the draft");
    let trail = store.audit_trail("initiative_budget_codes", live.0, Page::first(10)).await.unwrap();
    assert_eq!(trail.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(), ["publish"]);
    // The next revision's draft copies them.
    let rev2 = editing::open_revision(store, &editor, kodomo.id, y25).await.unwrap();
    let copy = store
        .revision_initiatives(rev2)
        .await
        .unwrap()
        .into_iter()
        .find(|d| d.draft.and_then(|m| m.live_id) == Some(live.0));
    assert_eq!(budget::codes(store, copy.unwrap().id).await.unwrap(), ["T-0101", "T-0102"]);

    // Only planning (and admin) may preview or apply; a refusal stores nothing.
    for who in [&editor, &viewer] {
        let err = budget::preview(store, who, org, "budget.csv", CSV.as_bytes()).await;
        assert!(matches!(err, Err(AppError::Forbidden(_))), "{err:?}");
        let err = budget::apply(store, who, org, "budget.csv", CSV.as_bytes()).await;
        assert!(matches!(err, Err(AppError::Forbidden(_))), "{err:?}");
    }
    let codes = ["T-0101".to_string(), "T-0102".into(), "Z-9999".into()];
    assert!(store.budget_lines(org, &codes).await.unwrap().is_empty());

    // The preview: who gets what, which code matches nothing; nothing stored.
    let p = budget::preview(store, &planner, org, "budget.csv", CSV.as_bytes()).await.unwrap();
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    assert_eq!(p.lines.len(), 4);
    assert_eq!(p.count(LineChange::New), 4);
    assert_eq!(p.unmatched, ["Z-9999"]);
    assert_eq!(p.lines[0].initiatives.iter().map(|(id, _)| *id).collect::<Vec<_>>(), [live]);
    assert!(store.budget_lines(org, &codes).await.unwrap().is_empty(), "a preview stores nothing");

    // A malformed file changes nothing, and says which line is wrong.
    let bad = format!("{CSV}T-0103,壊れた行,2025,abc,,,,\n");
    let p = budget::preview(store, &planner, org, "budget.csv", bad.as_bytes()).await.unwrap();
    assert_eq!(p.errors, ["budget.csv 6行目: 予算額が数値ではありません"]);
    let err = budget::apply(store, &planner, org, "budget.csv", bad.as_bytes()).await;
    assert!(matches!(err, Err(AppError::Invalid { ref message, .. }) if message.contains("6行目")), "{err:?}");
    assert!(store.budget_lines(org, &codes).await.unwrap().is_empty(), "nothing of a malformed file");

    // Applied: one audit row per line; the same file again changes nothing.
    let done = budget::apply(store, &planner, org, "budget.csv", CSV.as_bytes()).await.unwrap();
    assert_eq!((done.inserted, done.updated, done.unchanged), (4, 0, 0));
    let stored = store.budget_lines(org, &codes).await.unwrap();
    assert_eq!(stored.len(), 4);
    for s in &stored {
        let trail = store.audit_trail("budget_costs", s.id, Page::first(10)).await.unwrap();
        assert_eq!(trail.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(), ["import"]);
    }
    let again = budget::apply(store, &planner, org, "budget.csv", CSV.as_bytes()).await.unwrap();
    assert_eq!((again.inserted, again.updated, again.unchanged), (0, 0, 4));
    assert_eq!(store.budget_lines(org, &codes).await.unwrap(), stored, "re-importing changes nothing");
    let p = budget::preview(store, &planner, org, "budget.csv", CSV.as_bytes()).await.unwrap();
    assert_eq!(p.count(LineChange::Unchanged), 4);

    // A Shift_JIS file in 千円 changes one line: one more audit row, on that line only. It has
    // no settlement column: the stored settlement stays.
    let sjis = "（単位：千円）\r\n細事業番号,年度,予算現額\r\nT-0102,R7,400\r\n";
    let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(sjis);
    let done = budget::apply(store, &planner, org, "決算.csv", &bytes).await.unwrap();
    assert_eq!((done.inserted, done.updated, done.unchanged), (0, 1, 0));
    let changed = store.budget_lines(org, &["T-0102".to_string()]).await.unwrap().remove(0);
    assert_eq!(
        (changed.line.budget, changed.line.settlement, changed.source.as_str()),
        (Some(400_000), Some(250_000), "決算.csv")
    );
    assert_eq!(store.audit_trail("budget_costs", changed.id, Page::first(10)).await.unwrap().len(), 2);

    // What the sheet and the public page show: the sum over the codes, per year.
    let item = store.get_initiative(live).await.unwrap();
    let sheet = hoshin_app::program::sheet_facts(store, std::slice::from_ref(&item)).await.unwrap();
    assert_eq!(sheet.budget_codes(live), ["T-0101", "T-0102"]);
    let costs = &sheet.facts(live).costs;
    let find = |y, basis, item: &str| {
        costs.iter().find(|c| c.fiscal_year == y && c.basis == basis && c.item == item).and_then(|c| c.amount)
    };
    assert_eq!(find(y25, CostBasis::Budget, "total"), Some(1_200_000 + 400_000));
    assert_eq!(find(y25, CostBasis::Settlement, "total"), Some(1_100_000 + 250_000));
    assert_eq!(find(y25, CostBasis::Settlement, "general_fund"), Some(600_000));
    assert_eq!(find(y25, CostBasis::Settlement, "total_cost"), Some(3_100_000));
    assert_eq!(find(y24, CostBasis::Budget, "total"), Some(1_000_000));
    assert_eq!(hoshin_app::program::program_facts(store, live).await.unwrap().costs, *costs);
}

#[tokio::test]
async fn budget_cycle_sqlite() {
    budget_cycle(Backend::Sqlite).await;
}

#[tokio::test]
async fn budget_cycle_postgres() {
    budget_cycle(Backend::Postgres).await;
}
