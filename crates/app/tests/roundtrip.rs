//! The Excel round trip of a department's draft (issue 11, item 3), on SQLite and PostgreSQL:
//! a workbook downloaded and uploaded unedited changes nothing; edits show in the preview and
//! are applied on confirm with audit rows; a workbook made before the draft changed is a
//! conflict at preview and at apply; bad cells are all named by sheet and cell; another
//! department's workbook, a file that is not one and a wrong format version are refused;
//! only the department's editors, planning and admin may use it. Nothing refused is stored.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use hoshin_app::access::Actor;
use hoshin_app::accounts::{create_user, UserInput};
use hoshin_app::editing;
use hoshin_app::roundtrip::layout::{address, *};
use hoshin_app::roundtrip::snapshot::Snapshot;
use hoshin_app::roundtrip::{self, ChangeKind, Outcome, Refusal};
use hoshin_app::{App, AppError};
use hoshin_domain::*;
use hoshin_store::{Backend, Page, Store};
use hoshin_testkit::{xlsx, TestDb};

struct World {
    db: TestDb,
    app: App,
    dept: Department,
    rev: RevisionId,
    editor: Actor,
    other_editor: Actor,
    viewer: Actor,
    planner: Actor,
    users: Vec<UserId>,
}

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

async fn world(backend: Backend) -> World {
    let db = TestDb::new(backend).await.unwrap();
    let store = db.store.as_ref();
    let demo = hoshin_app::demo::seed_demo(store).await.unwrap();
    let depts = store.list_departments(demo.org_id).await.unwrap();
    let dept = depts.iter().find(|d| d.name == "こども未来部").unwrap().clone();
    let other = depts.iter().find(|d| d.name == "環境部").unwrap().clone();
    let editor = user(store, demo.org_id, "kodomo", Role::Editor, vec![dept.id]).await;
    let other_editor = user(store, demo.org_id, "kankyo", Role::Editor, vec![other.id]).await;
    let viewer = user(store, demo.org_id, "etsuran", Role::Viewer, vec![]).await;
    let planner = user(store, demo.org_id, "kikaku", Role::Planning, vec![]).await;
    let users = [&editor, &other_editor, &viewer, &planner].iter().map(|a| a.user_id().unwrap()).collect();
    let rev = editing::open_revision(store, &editor, dept.id, FiscalYear::new(2025).unwrap()).await.unwrap();
    // The demo's KPIs hang on the plan: give the draft's initiatives some of their own, and a
    // third initiative.
    let third = editing::InitiativeInput { name: "三つ目の取組".into(), ..Default::default() };
    editing::add_initiative(store, &editor, rev, &third).await.unwrap();
    let items = store.revision_initiatives(rev).await.unwrap();
    for (n, i) in items.iter().take(2).enumerate() {
        let kpi = editing::IndicatorInput {
            name: format!("指標{n}"),
            unit: Some("人".into()),
            direction: Direction::Up,
            cumulative: n == 1,
            baseline: Some("1,000人".into()),
            baseline_year: FiscalYear::new(2023).ok(),
            target: Some("2,000人".into()),
            target_year: FiscalYear::new(2027).ok(),
            yearly_targets: None,
        };
        editing::add_indicator(store, &editor, rev, i.id, &kpi).await.unwrap();
    }
    // A second department's draft, for the wrong-workbook case.
    editing::open_revision(store, &other_editor, other.id, FiscalYear::new(2025).unwrap()).await.unwrap();
    let app = App::new(db.store.clone());
    World { db, app, dept, rev, editor, other_editor, viewer, planner, users }
}

impl World {
    fn store(&self) -> &dyn Store {
        self.db.store.as_ref()
    }

    /// Everything the draft holds, and how many audit rows the test's users wrote.
    async fn state(&self) -> (String, usize) {
        let rev = self.store().get_revision(self.rev).await.unwrap();
        let s = Snapshot::load(self.store(), &rev, &self.dept).await.unwrap();
        let audit = self.store().recent_audit(&self.users, Page::first(100_000)).await.unwrap().len();
        (format!("{:?}{:?}", s.revision, s.items), audit)
    }

    async fn snapshot(&self) -> Snapshot {
        let rev = self.store().get_revision(self.rev).await.unwrap();
        Snapshot::load(self.store(), &rev, &self.dept).await.unwrap()
    }

    async fn download(&self) -> Vec<u8> {
        roundtrip::download(&self.app, &self.editor, self.rev).await.unwrap().bytes
    }
}

/// The A1 address of column `col` on the initiatives sheet's `n`th row (0-based).
fn irow(n: u32, col: u16) -> String {
    address(INITIATIVE_HEAD + 1 + n, col)
}

fn krow(n: u32, col: u16) -> String {
    address(KPI_HEAD + 1 + n, col)
}

async fn unedited_changes_nothing(backend: Backend) {
    let w = world(backend).await;
    let bytes = w.download().await;
    let sheets = xlsx::sheets(&bytes).unwrap();
    assert_eq!(sheets[0].0, "こども未来部");
    assert_eq!(sheets[1].0, KPI_SHEET);
    assert_eq!((sheets[2].0.as_str(), sheets[2].1), (META_SHEET, calamine::SheetVisible::VeryHidden));
    let s = w.snapshot().await;
    assert!(s.items.len() >= 2 && s.items.iter().any(|i| !i.kpis.is_empty()));
    assert_eq!(xlsx::value(&bytes, "こども未来部", &irow(0, I_NAME)).unwrap(), s.items[0].initiative.name);
    let before = w.state().await;

    let Outcome::Done(p) = roundtrip::preview(&w.app, &w.editor, w.rev, &bytes).await.unwrap() else { panic!() };
    assert_eq!(p.changes, vec![], "the workbook as downloaded says what the draft says");
    // Through Excel's hands (cells rewritten, no edit): still nothing.
    let rewritten = xlsx::edit(&bytes, &[]).unwrap();
    let Outcome::Done(p) = roundtrip::preview(&w.app, &w.editor, w.rev, &rewritten).await.unwrap() else { panic!() };
    assert_eq!(p.changes, vec![]);
    let Outcome::Done(p) = roundtrip::apply(&w.app, &w.editor, w.rev, &rewritten).await.unwrap() else { panic!() };
    assert!(p.changes.is_empty());
    assert_eq!(w.state().await, before, "no row and no audit row changed");
}

async fn edits_preview_then_apply(backend: Backend) {
    let w = world(backend).await;
    let bytes = w.download().await;
    let s = w.snapshot().await;
    let sheet = "こども未来部";
    let (k_item, kpi) = s.items.iter().find_map(|i| i.kpis.first().map(|k| (i, k))).unwrap();
    let kpi_row = s.items.iter().flat_map(|i| &i.kpis).position(|k| k.id == kpi.id).unwrap() as u32;
    let gone = &s.items[1].initiative;
    let last = s.items.len() as u32;
    // The third initiative's row is deleted from the workbook: that leaves it alone.
    let kept = &s.items[2].initiative;
    let cleared: Vec<String> = (0..INITIATIVE_COLUMNS.len() as u16).map(|c| irow(2, c)).collect();
    let clear: Vec<(&str, &str, &str)> = cleared.iter().map(|a| (sheet, a.as_str(), "")).collect();
    let edited = xlsx::edit(
        &bytes,
        &[
            (sheet, &address(STANCE_ROW, 1), "子育ての孤立を防ぐ。"),
            (sheet, &irow(0, I_NAME), "名前を変えた取組"),
            (sheet, &irow(0, I_PROGRESS), "95"),
            (sheet, &irow(1, I_REMOVE), REMOVE_MARK),
            (sheet, &irow(last, I_NAME), "新しい取組"),
            (sheet, &irow(last, I_SDGS), "3, 4"),
            (KPI_SHEET, &krow(kpi_row, K_TARGET), "9,999人"),
            (KPI_SHEET, &krow(kpi_row, K_ACTUAL), "1,234人"),
        ],
    )
    .unwrap();
    let edited = xlsx::edit(&edited, &clear).unwrap();
    let before = w.state().await;
    let Outcome::Done(p) = roundtrip::preview(&w.app, &w.editor, w.rev, &edited).await.unwrap() else { panic!() };
    assert_eq!(w.state().await, before, "a preview stores nothing");
    let find = |subject: &str| {
        p.changes.iter().find(|c| c.subject.contains(subject)).unwrap_or_else(|| panic!("{subject}: {:?}", p.changes))
    };
    let stance = find("基本的考え方");
    assert_eq!(stance.fields[0].after, "子育ての孤立を防ぐ。");
    let renamed = find(&format!("取組「{}」", s.items[0].initiative.name));
    assert_eq!(renamed.kind, ChangeKind::Changed);
    assert_eq!((renamed.fields[0].label.as_str(), renamed.fields[0].after.as_str()), ("取組名", "名前を変えた取組"));
    assert_eq!(find(&format!("取組「{}」", gone.name)).kind, ChangeKind::Removed);
    let added = find("取組「新しい取組」");
    assert_eq!(added.kind, ChangeKind::Added);
    assert!(added.fields.iter().any(|f| f.label == "SDGs" && f.after == "3, 4"));
    let k = find(&format!("指標「{}」", kpi.name));
    assert!(k.fields.iter().any(|f| f.label == "目標値" && f.after == "9,999人"));
    assert!(k.fields.iter().any(|f| f.label.starts_with("実績") && f.after == "1,234人"));
    assert!(p.changes.iter().any(|c| c.subject.contains("振り返り") && c.fields.iter().any(|f| f.after == "95%")));

    let Outcome::Done(done) = roundtrip::apply(&w.app, &w.planner, w.rev, &edited).await.unwrap() else { panic!() };
    assert_eq!(done.changes, p.changes);
    let after = w.snapshot().await;
    assert_eq!(after.revision.stance, "子育ての孤立を防ぐ。");
    assert_eq!(after.items[0].initiative.name, "名前を変えた取組");
    let (was, now) = (&s.items[0].initiative, &after.items[0].initiative);
    assert_eq!(
        (&now.theme_id, &now.milestones, &now.node_ids, &now.sdg_goals, &now.summary, now.department_id),
        (&was.theme_id, &was.milestones, &was.node_ids, &was.sdg_goals, &was.summary, was.department_id),
        "the fields the workbook did not change are kept as stored"
    );
    assert_eq!(
        after.item(kept.id).unwrap().initiative.meta.version,
        kept.meta.version,
        "a deleted row removes nothing"
    );
    assert!(!p.changes.iter().any(|c| c.subject.contains(&kept.name)));
    assert_eq!(after.items[0].review.as_ref().unwrap().progress, Some(95));
    assert!(after.item(gone.id).is_none(), "removed");
    let new = after.items.iter().find(|i| i.initiative.name == "新しい取組").unwrap();
    assert_eq!(new.initiative.sdg_goals.iter().map(|g| g.number()).collect::<Vec<_>>(), [3, 4]);
    let (_, k) = after.kpi(kpi.id).unwrap();
    assert_eq!(k.target.as_ref().unwrap().text, "9,999人");
    let y = FiscalYear::new(2025).unwrap();
    assert_eq!(k.actuals.iter().find(|a| a.fiscal_year == y).unwrap().value.text, "1,234人");
    assert!(after.item(k_item.initiative.id).is_some());
    // One audit row per change: stance, initiative, review, removal, insert, KPI target, actual.
    let (_, audit_before) = before;
    let (_, audit_after) = w.state().await;
    assert_eq!(audit_after - audit_before, 7, "{:#?}", done.changes);
    let removals = w.store().revision_removals(w.rev).await.unwrap();
    assert!(removals.iter().any(|r| r.name == gone.name), "the removal is recorded for publishing");

    // A fresh download reads back as no difference, and the old one is now stale.
    let again = w.download().await;
    let Outcome::Done(p) = roundtrip::preview(&w.app, &w.editor, w.rev, &again).await.unwrap() else { panic!() };
    assert_eq!(p.changes, vec![]);
    let r = roundtrip::preview(&w.app, &w.editor, w.rev, &edited).await.unwrap();
    assert!(matches!(r, Outcome::Refused(Refusal::Conflict(_))));
}

async fn stale_workbook_is_a_conflict(backend: Backend) {
    let w = world(backend).await;
    let bytes = w.download().await;
    let s = w.snapshot().await;
    let edited = xlsx::edit(&bytes, &[("こども未来部", &irow(0, I_NAME), "上書きしようとした名前")]).unwrap();
    // Preview first (fine), then someone saves the same initiative: apply is refused.
    assert!(matches!(roundtrip::preview(&w.app, &w.editor, w.rev, &edited).await.unwrap(), Outcome::Done(_)));
    let i = &s.items[0].initiative;
    let mut input = hoshin_app::roundtrip::diff::initiative_as_input(i);
    input.name = "ほかの人が直した名前".into();
    editing::update_initiative(w.store(), &w.planner, w.rev, i.id, i.meta.version, &input).await.unwrap();
    let before = w.state().await;
    for r in [
        roundtrip::apply(&w.app, &w.editor, w.rev, &edited).await.unwrap(),
        roundtrip::preview(&w.app, &w.editor, w.rev, &edited).await.unwrap(),
    ] {
        let Outcome::Refused(Refusal::Conflict(stale)) = r else { panic!("{r:?}") };
        assert_eq!(stale.len(), 1, "{stale:?}");
        assert_eq!(stale[0].what, "取組「ほかの人が直した名前」");
        assert_eq!(stale[0].how, "変更");
        assert_eq!(stale[0].last.as_ref().unwrap().who, "kikakuさん");
    }
    assert_eq!(w.state().await, before, "nothing overwritten");
    assert_eq!(w.snapshot().await.items[0].initiative.name, "ほかの人が直した名前");
    // A KPI added meanwhile is a change too.
    let fresh = w.download().await;
    let add = editing::IndicatorInput {
        name: "新しい指標".into(),
        unit: None,
        direction: Direction::Up,
        cumulative: false,
        baseline: None,
        baseline_year: None,
        target: None,
        target_year: None,
        yearly_targets: None,
    };
    editing::add_indicator(w.store(), &w.editor, w.rev, i.id, &add).await.unwrap();
    let Outcome::Refused(Refusal::Conflict(stale)) = roundtrip::apply(&w.app, &w.editor, w.rev, &fresh).await.unwrap()
    else {
        panic!()
    };
    assert_eq!((stale[0].what.as_str(), stale[0].how), ("指標「新しい指標」", "追加"));
}

async fn bad_cells_are_named(backend: Backend) {
    let w = world(backend).await;
    let bytes = w.download().await;
    let sheet = "こども未来部";
    let edited = xlsx::edit(
        &bytes,
        &[
            (sheet, &irow(0, I_PROGRESS), "150"),
            (sheet, &irow(1, I_THEME), "存在しない重点項目"),
            (sheet, &irow(1, I_SDGS), "18"),
            (sheet, &irow(2, I_NAME), ""),
            (sheet, &irow(0, I_JUDGEMENT), "Z"),
            (KPI_SHEET, &krow(0, K_TARGET), "たくさん"),
            (KPI_SHEET, &krow(0, K_BASELINE_YEAR), "来年"),
        ],
    )
    .unwrap();
    let before = w.state().await;
    for r in [
        roundtrip::preview(&w.app, &w.editor, w.rev, &edited).await.unwrap(),
        roundtrip::apply(&w.app, &w.editor, w.rev, &edited).await.unwrap(),
    ] {
        let Outcome::Refused(Refusal::Cells(errors)) = r else { panic!("{r:?}") };
        let texts: Vec<String> = errors.iter().map(ToString::to_string).collect();
        let has = |prefix: String| assert!(texts.iter().any(|t| t.starts_with(&prefix)), "{prefix} in {texts:#?}");
        has(format!("こども未来部!{}: 進捗率は0〜100", irow(0, I_PROGRESS)));
        has(format!("こども未来部!{}: 重点項目「存在しない重点項目」はこの年度にありません", irow(1, I_THEME)));
        has(format!("こども未来部!{}: SDGsは1〜17", irow(1, I_SDGS)));
        has(format!("こども未来部!{}: 取組名を入力してください", irow(2, I_NAME)));
        has(format!("こども未来部!{}: 判定「Z」は選べません", irow(0, I_JUDGEMENT)));
        has(format!("指標!{}: 目標値が数値ではありません（「たくさん」", krow(0, K_TARGET)));
        has(format!("指標!{}: 基準年度を年度として読めません", krow(0, K_BASELINE_YEAR)));
        assert_eq!(texts.len(), 7, "{texts:#?}");
    }
    assert_eq!(w.state().await, before);
}

async fn wrong_files_and_rights(backend: Backend) {
    let w = world(backend).await;
    let bytes = w.download().await;
    let before = w.state().await;
    for who in [&w.other_editor, &w.viewer] {
        assert!(matches!(roundtrip::download(&w.app, who, w.rev).await, Err(AppError::Forbidden(_))));
        assert!(matches!(roundtrip::preview(&w.app, who, w.rev, &bytes).await, Err(AppError::Forbidden(_))));
        assert!(matches!(roundtrip::apply(&w.app, who, w.rev, &bytes).await, Err(AppError::Forbidden(_))));
    }
    // Another department's workbook on this draft.
    let env =
        w.store().list_departments(w.dept.org_id).await.unwrap().into_iter().find(|d| d.name == "環境部").unwrap();
    let env_rev = w.store().revisions_of(env.id, FiscalYear::new(2025).unwrap()).await.unwrap()[0].id;
    let theirs = roundtrip::download(&w.app, &w.other_editor, env_rev).await.unwrap().bytes;
    let Outcome::Refused(Refusal::OtherDraft(m)) = roundtrip::preview(&w.app, &w.editor, w.rev, &theirs).await.unwrap()
    else {
        panic!()
    };
    assert!(m.contains("「環境部」令和7年度（2025年度）"), "{m}");
    let unreadable = |r: Outcome<roundtrip::Preview>| match r {
        Outcome::Refused(Refusal::Unreadable(m)) => m,
        other => panic!("{other:?}"),
    };
    let m = unreadable(roundtrip::apply(&w.app, &w.editor, w.rev, b"name,value\n").await.unwrap());
    assert!(m.contains("Excel（.xlsx）として読み取れませんでした"), "{m}");
    let mut plain = rust_xlsxwriter::Workbook::new();
    plain.add_worksheet().write_string(0, 0, "取組").unwrap();
    let m = unreadable(roundtrip::preview(&w.app, &w.editor, w.rev, &plain.save_to_buffer().unwrap()).await.unwrap());
    assert!(m.contains("隠しシート（_hoshin）がありません"), "{m}");
    let future = xlsx::edit(&bytes, &[(META_SHEET, "B1", "99")]).unwrap();
    let m = unreadable(roundtrip::preview(&w.app, &w.editor, w.rev, &future).await.unwrap());
    assert!(m.contains("形式（第99版）"), "{m}");
    assert_eq!(w.state().await, before);
    // A submitted draft cannot take a workbook.
    let rev = w.store().get_revision(w.rev).await.unwrap();
    hoshin_app::workflow::transition(w.store(), &w.editor, w.rev, rev.meta.version, Transition::Submit, None)
        .await
        .unwrap();
    let fresh = w.download().await;
    assert!(matches!(roundtrip::preview(&w.app, &w.editor, w.rev, &fresh).await, Err(AppError::State(_))));
    assert!(matches!(roundtrip::apply(&w.app, &w.editor, w.rev, &fresh).await, Err(AppError::State(_))));
}

macro_rules! both {
    ($($name:ident),*) => {
        mod sqlite {
            $(#[tokio::test] async fn $name() { super::$name(hoshin_store::Backend::Sqlite).await })*
        }
        mod postgres {
            $(#[tokio::test] async fn $name() { super::$name(hoshin_store::Backend::Postgres).await })*
        }
    };
}

both!(
    unedited_changes_nothing,
    edits_preview_then_apply,
    stale_workbook_is_a_conflict,
    bad_cells_are_named,
    wrong_files_and_rights
);
