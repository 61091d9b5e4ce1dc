//! Reporting periods (issue 15), on SQLite and PostgreSQL: a revision's 中間 KPI values and
//! reviews are saved in one audited transaction per form, a stale version is a conflict, only
//! the department's editors and planning may save, bad input saves nothing; publishing the
//! revision copies them onto the published rows beside the year-end values (which they never
//! overwrite), and a new revision copies them into its drafts.
#![allow(clippy::unwrap_used)]

use hoshin_app::access::Actor;
use hoshin_app::accounts::{create_user, UserInput};
use hoshin_app::editing::{self, ActualEntry, ReviewInput};
use hoshin_app::periods::{
    period_record, period_text, periods, save_period, save_periods, InterimReviewEntry, InterimValueEntry,
};
use hoshin_app::workflow::transition;
use hoshin_app::AppError;
use hoshin_domain::period::{MIDYEAR, YEAR_END};
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

async fn actions(store: &dyn Store, table: &str, id: i64) -> Vec<String> {
    store.audit_trail(table, id, Page::first(100)).await.unwrap().into_iter().map(|e| e.action).collect()
}

fn value(k: IndicatorId, version: Option<i64>, text: &str) -> InterimValueEntry {
    InterimValueEntry { indicator: k, version, text: text.into() }
}

fn review(i: InitiativeId, version: Option<i64>, result: &str, progress: Option<u8>) -> InterimReviewEntry {
    InterimReviewEntry {
        initiative: i,
        version,
        input: ReviewInput { result: Some(result.into()), progress, ..ReviewInput::default() },
    }
}

async fn interim_periods(backend: Backend) {
    let db = TestDb::new(backend).await.unwrap();
    let store = db.store.as_ref();
    let org = hoshin_app::demo::seed_demo(store).await.unwrap().org_id;
    let depts = store.list_departments(org).await.unwrap();
    let kodomo = depts.iter().find(|d| d.name == "こども未来部").unwrap().clone();
    let other = depts.iter().find(|d| d.parent_id.is_none() && d.id != kodomo.id).unwrap().clone();
    let planner = user(store, org, "kikaku", Role::Planning, vec![]).await;
    let editor = user(store, org, "kodomo", Role::Editor, vec![kodomo.id]).await;
    let stranger = user(store, org, "kankyo", Role::Editor, vec![other.id]).await;
    let y25 = FiscalYear::new(2025).unwrap();

    // The defaults: 中間 (9/30) then 年度末 (3/31).
    let ps = periods(store, org).await.unwrap();
    assert_eq!(
        ps.iter().map(|p| (p.key.as_str(), p.label.as_str())).collect::<Vec<_>>(),
        [(MIDYEAR, "中間"), (YEAR_END, "年度末")]
    );
    assert_eq!(ps[0].end_in(y25), Some(Day::from_ymd(2025, 9, 30).unwrap()));

    let rev = editing::open_revision(store, &editor, kodomo.id, y25).await.unwrap();
    let items = store.revision_initiatives(rev).await.unwrap();
    let item = &items[0];
    let input = editing::IndicatorInput {
        name: "説明会の参加者数".into(),
        unit: Some("件".into()),
        direction: Direction::Up,
        cumulative: false,
        baseline: Some("1,000件".into()),
        baseline_year: Some(FiscalYear::new(2020).unwrap()),
        target: Some("2,000件".into()),
        target_year: Some(FiscalYear::new(2030).unwrap()),
        yearly_targets: None,
    };
    let kpi_id = editing::add_indicator(store, &editor, rev, item.id, &input).await.unwrap();
    let kpi = &store.get_indicator(kpi_id).await.unwrap();
    let audit_rows =
        || async { store.stats().await.unwrap().into_iter().find(|c| c.table == "audit_log").unwrap().rows };

    // Refused: another department's editor, an unknown period, the year-end key, a bad value,
    // a progress over 100. Nothing is written.
    let before = audit_rows().await;
    let ok_values = [value(kpi.id, None, "1,200件")];
    let err = save_period(store, &stranger, rev, MIDYEAR, &ok_values, &[]).await;
    assert!(matches!(err, Err(AppError::Forbidden(_))), "{err:?}");
    for key in ["q9", YEAR_END] {
        let err = save_period(store, &editor, rev, key, &ok_values, &[]).await;
        assert!(matches!(err, Err(AppError::NotFound { .. })), "{key}: {err:?}");
    }
    let err = save_period(store, &editor, rev, MIDYEAR, &[value(kpi.id, None, "たくさん")], &[]).await;
    assert!(matches!(err, Err(AppError::Invalid { .. })), "{err:?}");
    let err = save_period(store, &editor, rev, MIDYEAR, &ok_values, &[review(item.id, None, "x", Some(120))]).await;
    assert!(matches!(err, Err(AppError::Invalid { .. })), "{err:?}");
    assert_eq!(audit_rows().await, before);
    let none = period_record(store, &[item.id], &[kpi.id], y25, MIDYEAR).await.unwrap();
    assert!(none.values.is_empty() && none.reviews.is_empty());

    // Saved: one value and one review, each audited.
    let n = save_period(
        store,
        &editor,
        rev,
        MIDYEAR,
        &ok_values,
        &[review(item.id, None, "上半期に説明会を3回開いた", Some(40))],
    )
    .await
    .unwrap();
    assert_eq!(n, 2);
    let rec = period_record(store, &[item.id], &[kpi.id], y25, MIDYEAR).await.unwrap();
    let v = rec.values[&kpi.id].clone();
    let r = rec.reviews[&item.id].clone();
    assert_eq!((v.value.text.as_str(), v.value.value), ("1,200件", Some(1200.0)));
    assert_eq!((r.result.as_deref(), r.progress), (Some("上半期に説明会を3回開いた"), Some(40)));
    assert_eq!(actions(store, "interim_actuals", v.id).await, ["insert"]);
    assert_eq!(actions(store, "interim_reviews", r.id).await, ["insert"]);
    // Saving the same again changes nothing.
    let n = save_period(store, &editor, rev, MIDYEAR, &[value(kpi.id, Some(v.meta.version), "1,200件")], &[])
        .await
        .unwrap();
    assert_eq!(n, 0);

    // Planning edits; then the editor's form, drawn before, is stale: a conflict, nothing saved.
    save_period(store, &planner, rev, MIDYEAR, &[value(kpi.id, Some(v.meta.version), "1,300件")], &[]).await.unwrap();
    let before = audit_rows().await;
    let err = save_period(store, &editor, rev, MIDYEAR, &[value(kpi.id, Some(v.meta.version), "1,250件")], &[]).await;
    assert!(matches!(err, Err(AppError::Conflict { .. })), "{err:?}");
    let err = save_period(store, &editor, rev, MIDYEAR, &[], &[review(item.id, None, "別の内容", None)]).await;
    assert!(matches!(err, Err(AppError::Conflict { .. })), "{err:?}");
    assert_eq!(audit_rows().await, before);
    let rec = period_record(store, &[item.id], &[kpi.id], y25, MIDYEAR).await.unwrap();
    assert_eq!(rec.values[&kpi.id].value.text, "1,300件");
    assert_eq!(actions(store, "interim_actuals", v.id).await, ["update", "insert"]); // newest first

    // The year-end value is the yearly record, entered apart; the interim one stays.
    let k = store.get_indicator(kpi.id).await.unwrap();
    let entry = ActualEntry { indicator: kpi.id, version: k.meta.version, text: "2,000件".into() };
    editing::set_actuals(store, &editor, rev, y25, &[entry]).await.unwrap();
    let rec = period_record(store, &[item.id], &[kpi.id], y25, MIDYEAR).await.unwrap();
    assert_eq!(rec.values[&kpi.id].value.text, "1,300件");

    // Not public before publishing.
    let live_item = InitiativeId(item.draft.unwrap().live_id.unwrap());
    assert!(period_record(store, &[live_item], &[], y25, MIDYEAR).await.unwrap().reviews.is_empty());

    // Published with the revision: both values kept on the published row, audited `publish`.
    for (who, step) in [(&editor, Transition::Submit), (&planner, Transition::Approve), (&planner, Transition::Publish)]
    {
        let v = store.get_revision(rev).await.unwrap().meta.version;
        transition(store, who, rev, v, step, None).await.unwrap();
    }
    let live_kpi = IndicatorId(store.get_indicator(kpi.id).await.unwrap().draft.unwrap().live_id.unwrap());
    let live = period_record(store, &[live_item], &[live_kpi], y25, MIDYEAR).await.unwrap();
    assert_eq!(live.values[&live_kpi].value.text, "1,300件");
    assert_eq!(live.reviews[&live_item].progress, Some(40));
    assert_eq!(actions(store, "interim_actuals", live.values[&live_kpi].id).await, ["publish"]);
    let year_end = store.get_indicator(live_kpi).await.unwrap();
    assert_eq!(year_end.actuals.iter().find(|a| a.fiscal_year == y25).unwrap().value.text, "2,000件");

    // A new revision copies them into its drafts; editing there leaves the published one alone.
    let rev2 = editing::open_revision(store, &editor, kodomo.id, y25).await.unwrap();
    let kpis2 = store.revision_indicators(rev2).await.unwrap();
    let items2 = store.revision_initiatives(rev2).await.unwrap();
    let k2 = kpis2.iter().find(|k| k.draft.unwrap().live_id == Some(live_kpi.0)).unwrap();
    let i2 = items2.iter().find(|i| i.draft.unwrap().live_id == Some(live_item.0)).unwrap();
    let copy = period_record(store, &[i2.id], &[k2.id], y25, MIDYEAR).await.unwrap();
    assert_eq!(copy.values[&k2.id].value.text, "1,300件");
    assert_eq!(copy.reviews[&i2.id].result.as_deref(), Some("上半期に説明会を3回開いた"));
    let ver = copy.values[&k2.id].meta.version;
    save_period(store, &editor, rev2, MIDYEAR, &[value(k2.id, Some(ver), "")], &[]).await.unwrap();
    assert!(period_record(store, &[i2.id], &[k2.id], y25, MIDYEAR).await.unwrap().values.is_empty());
    let live = period_record(store, &[live_item], &[live_kpi], y25, MIDYEAR).await.unwrap();
    assert_eq!(live.values[&live_kpi].value.text, "1,300件");
}

#[tokio::test]
async fn interim_periods_sqlite() {
    interim_periods(Backend::Sqlite).await;
}

#[tokio::test]
async fn interim_periods_postgres() {
    interim_periods(Backend::Postgres).await;
}

/// Planning sets the organization's periods: a quarter added, 中間 renamed (its key, and with
/// it the values entered for it, kept), a period with values not removable, a form drawn
/// before another save refused, bad lists refused with the line, editors refused; every
/// refusal changes nothing and every change is audited.
async fn configured_periods(backend: Backend) {
    let db = TestDb::new(backend).await.unwrap();
    let store = db.store.as_ref();
    let org = hoshin_app::demo::seed_demo(store).await.unwrap().org_id;
    let kodomo = store.list_departments(org).await.unwrap().into_iter().find(|d| d.name == "こども未来部").unwrap();
    let planner = user(store, org, "kikaku", Role::Planning, vec![]).await;
    let editor = user(store, org, "kodomo", Role::Editor, vec![kodomo.id]).await;
    let y25 = FiscalYear::new(2025).unwrap();
    let audit_rows =
        || async { store.stats().await.unwrap().into_iter().find(|c| c.table == "audit_log").unwrap().rows };
    let shown = |ps: &[ReportingPeriod]| {
        ps.iter().map(|p| format!("{}:{}:{}", p.key, p.label, p.end_label())).collect::<Vec<_>>().join(" ")
    };

    let drawn = period_text(&periods(store, org).await.unwrap());
    assert_eq!(drawn, "中間 | 9/30\n年度末 | 3/31");
    let before = audit_rows().await;
    for (text, why) in [
        ("中間 | 9/30", "最後の報告期間は年度末"),
        ("中間 | 9/30\n年度末 | 3/30", "最後の報告期間は年度末"),
        ("中間 | 10/1\n第1四半期 | 6/30\n年度末 | 3/31", "期末日の順"),
        ("中間 | 9/30\n年度末 | 3/32", "2行目"),
        ("中間 9/30\n年度末 | 3/31", "1行目"),
        ("中間 | 9/30\n中間 | 12/31\n年度末 | 3/31", "重複"),
    ] {
        let err = save_periods(store, &planner, org, &drawn, text).await;
        match &err {
            Err(AppError::Invalid { message, .. }) if message.contains(why) => {}
            other => panic!("{text:?}: expected {why}, got {other:?}"),
        }
    }
    let err = save_periods(store, &editor, org, &drawn, "第1四半期 | 6/30\n中間 | 9/30\n年度末 | 3/31").await;
    assert!(matches!(err, Err(AppError::Forbidden(_))), "{err:?}");
    assert_eq!(audit_rows().await, before);

    // Quarterly: a first quarter before 中間, written 和 style and with full-width digits.
    let saved =
        save_periods(store, &planner, org, &drawn, "第１四半期 | ６月30日\n中間 | 9/30\n年度末 | 3/31").await.unwrap();
    assert_eq!(shown(&saved), "p1:第１四半期:6月30日 midyear:中間:9月30日 year_end:年度末:3月31日");
    assert_eq!(audit_rows().await, before + 3, "the defaults stored, one audit row each");

    // A value entered for 中間, then 中間 renamed 上半期 in place: same key, value kept.
    let rev = editing::open_revision(store, &editor, kodomo.id, y25).await.unwrap();
    let item = store.revision_initiatives(rev).await.unwrap().remove(0);
    save_period(store, &editor, rev, MIDYEAR, &[], &[review(item.id, None, "上半期の実績", Some(50))]).await.unwrap();
    let drawn = period_text(&saved);
    // A form drawn before this save is refused.
    let err = save_periods(store, &planner, org, "中間 | 9/30\n年度末 | 3/31", "年度末 | 3/31").await;
    assert!(matches!(err, Err(AppError::State(_))), "{err:?}");
    let saved =
        save_periods(store, &planner, org, &drawn, "第１四半期 | 6/30\n上半期 | 9/30\n年度末 | 3/31").await.unwrap();
    assert_eq!(shown(&saved), "p1:第１四半期:6月30日 midyear:上半期:9月30日 year_end:年度末:3月31日");
    let rec = period_record(store, &[item.id], &[], y25, MIDYEAR).await.unwrap();
    assert_eq!(rec.reviews[&item.id].result.as_deref(), Some("上半期の実績"));
    let mid = saved.iter().find(|p| p.key == MIDYEAR).unwrap();
    assert_eq!(actions(store, "reporting_periods", mid.id).await, ["update", "insert"]);

    // 上半期 has a review: it cannot be removed; the unused quarter can.
    let drawn = period_text(&saved);
    let before = audit_rows().await;
    let err = save_periods(store, &planner, org, &drawn, "第１四半期 | 6/30\n年度末 | 3/31").await;
    match &err {
        Err(AppError::Invalid { message, .. }) if message.contains("上半期") => {}
        other => panic!("{other:?}"),
    }
    assert_eq!(audit_rows().await, before);
    let saved = save_periods(store, &planner, org, &drawn, "上半期 | 9/30\n年度末 | 3/31").await.unwrap();
    assert_eq!(shown(&saved), "midyear:上半期:9月30日 year_end:年度末:3月31日");
    assert_eq!(periods(store, org).await.unwrap(), saved);
}

#[tokio::test]
async fn configured_periods_sqlite() {
    configured_periods(Backend::Sqlite).await;
}

#[tokio::test]
async fn configured_periods_postgres() {
    configured_periods(Backend::Postgres).await;
}
