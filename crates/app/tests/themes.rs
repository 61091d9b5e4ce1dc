//! A year's priority themes after it is opened (issue 15: "themes editable until the policy
//! deadline"), through `app::cycle::set_themes` on SQLite and PostgreSQL: planning renames,
//! reorders, removes and adds them in one transaction, audited; a draft initiative under a
//! removed theme loses it (audited too); a duplicate, an empty name, a stale form, another role,
//! a public theme and a date after the policy deadline are refused with nothing changed.
#![allow(clippy::unwrap_used)]

use hoshin_app::access::Actor;
use hoshin_app::accounts::{create_user, UserInput};
use hoshin_app::cycle::{open_year, set_themes, OpenYear, ThemeEdit, ThemesInput};
use hoshin_app::editing::{self, InitiativeInput};
use hoshin_app::AppError;
use hoshin_domain::*;
use hoshin_store::{Backend, NewPriorityTheme, Page, Store};
use hoshin_testkit::TestDb;

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

fn day(s: &str) -> Day {
    Day::parse(s).unwrap()
}

fn edit(t: &PriorityTheme, name: &str, order: Option<i32>, remove: bool) -> ThemeEdit {
    ThemeEdit { id: t.id, version: t.meta.version, name: name.into(), order, remove }
}

async fn check(backend: Backend) {
    let db = TestDb::new(backend).await.unwrap();
    let store = db.store.as_ref();
    let org = hoshin_app::demo::seed_demo(store).await.unwrap().org_id;
    let dept = store.list_departments(org).await.unwrap().into_iter().find(|d| d.name == "こども未来部").unwrap();
    let planner = actor(store, org, "kikaku", Role::Planning, vec![]).await;
    let editor = actor(store, org, "kodomo", Role::Editor, vec![dept.id]).await;
    let y = FiscalYear::new(2026).unwrap();
    let input = OpenYear {
        themes: vec!["子育ての安心".into(), "行政のデジタル化".into(), "公共施設の見直し".into()],
        policy_due: Some(day("2026-05-29")),
        ..OpenYear::default()
    };
    open_year(store, &planner, org, y, &input, day("2026-04-01")).await.unwrap();
    let themes = store.list_themes(org, y).await.unwrap();
    let [a, b, c] = [&themes[0], &themes[1], &themes[2]];
    let rev = store.revisions_of(dept.id, y).await.unwrap().pop().unwrap();
    let under_c =
        InitiativeInput { name: "施設の集約".into(), theme_id: Some(c.id), ..InitiativeInput::default() };
    let item = editing::add_initiative(store, &editor, rev.id, &under_c).await.unwrap();
    let state = || async { (store.list_themes(org, y).await.unwrap(), store.get_initiative(item).await.unwrap()) };
    let before = state().await;

    // Refused, nothing changed: another role, a duplicate, an empty name, after the deadline.
    let rename_b = ThemesInput { edits: vec![edit(b, "スマート自治体の推進", None, false)], added: vec![] };
    let refused = [
        set_themes(store, &editor, org, y, &rename_b, day("2026-05-01")).await,
        set_themes(
            store,
            &planner,
            org,
            y,
            &ThemesInput { edits: vec![edit(b, &a.name, None, false)], added: vec![] },
            day("2026-05-01"),
        )
        .await,
        set_themes(
            store,
            &planner,
            org,
            y,
            &ThemesInput { edits: vec![edit(b, " ", None, false)], added: vec![] },
            day("2026-05-01"),
        )
        .await,
        set_themes(
            store,
            &planner,
            org,
            y,
            &ThemesInput { edits: vec![], added: vec![c.name.clone()] },
            day("2026-05-01"),
        )
        .await,
        set_themes(store, &planner, org, y, &rename_b, day("2026-05-30")).await,
    ];
    assert!(matches!(refused[0], Err(AppError::Forbidden(_))), "{:?}", refused[0]);
    for r in &refused[1..4] {
        assert!(matches!(r, Err(AppError::Invalid { .. })), "{r:?}");
    }
    assert!(matches!(&refused[4], Err(AppError::State(m)) if m.contains("期限")), "{:?}", refused[4]);
    assert_eq!(state().await, before);

    // On the deadline itself: rename b, move a last, remove c, add one.
    let input = ThemesInput {
        edits: vec![
            edit(a, &a.name, Some(9), false),
            edit(b, "スマート自治体の推進", None, false),
            edit(c, &c.name, None, true),
        ],
        added: vec!["".into(), "財務体質の強化".into()],
    };
    let done = set_themes(store, &planner, org, y, &input, day("2026-05-29")).await.unwrap();
    assert_eq!((done.changed, done.removed, done.added), (2, 1, 1));
    let mut now = store.list_themes(org, y).await.unwrap();
    now.sort_by_key(|t| (t.sort_order, t.id.0));
    let names: Vec<&str> = now.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["スマート自治体の推進", "子育ての安心", "財務体質の強化"]);
    let lost = store.get_initiative(item).await.unwrap();
    assert_eq!(lost.theme_id, None, "the draft under the removed theme has none");
    let trail = store.audit_trail("initiatives", item.0, Page::first(5)).await.unwrap();
    assert_eq!(trail[0].action, "update", "its change is audited");
    // (SQLite may give the removed theme's id to the one added after it.)
    let removed = store.audit_trail("priority_themes", c.id.0, Page::first(5)).await.unwrap();
    assert!(removed.iter().any(|e| e.action == "delete"), "{removed:?}");

    // A form drawn before that change is stale: refused whole.
    let stale = ThemesInput { edits: vec![edit(b, "別の名前", None, false)], added: vec!["もう一つ".into()] };
    let err = set_themes(store, &planner, org, y, &stale, day("2026-05-02")).await;
    assert!(matches!(err, Err(AppError::Conflict { .. })), "{err:?}");
    assert_eq!(store.list_themes(org, y).await.unwrap().len(), 3);

    // A public theme (an imported one) keeps its name.
    let tx = store.begin().await.unwrap();
    let public = tx
        .insert_theme(&NewPriorityTheme {
            org_id: org,
            fiscal_year: y,
            name: "公表済みの重点".into(),
            sort_order: 20,
            published: true,
        })
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let p = store.get_theme(public).await.unwrap();
    let err = set_themes(
        store,
        &planner,
        org,
        y,
        &ThemesInput { edits: vec![edit(&p, "改名", None, false)], added: vec![] },
        day("2026-05-02"),
    )
    .await;
    assert!(matches!(&err, Err(AppError::Invalid { message, .. }) if message.contains("公開済み")), "{err:?}");
}

#[tokio::test]
async fn themes_sqlite() {
    check(Backend::Sqlite).await;
}

#[tokio::test]
async fn themes_postgres() {
    check(Backend::Postgres).await;
}
