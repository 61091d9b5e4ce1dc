//! The planning dashboard's report flags on the demo city: before the mid-year deadline nothing
//! is missing; after it, initiatives without a progress % count as 中間報告未記入; after the
//! year-end deadline, those without a result (実績) count instead. Entering the missing piece
//! takes an initiative off the count.
#![allow(clippy::unwrap_used)] // test code

use hoshin_app::access::Actor;
use hoshin_app::cycle::{open_year, OpenYear};
use hoshin_app::dashboard::{dashboard, Dashboard};
use hoshin_domain::*;
use hoshin_store::{NewGoalReview, Page};
use hoshin_testkit::TestDb;
use std::collections::HashMap;

fn counts(d: &Dashboard) -> (HashMap<DepartmentId, usize>, HashMap<DepartmentId, usize>) {
    let mid = d.rows.iter().map(|r| (r.department.id, r.midyear_missing)).collect();
    let end = d.rows.iter().map(|r| (r.department.id, r.yearend_missing)).collect();
    (mid, end)
}

fn total(m: &HashMap<DepartmentId, usize>) -> usize {
    m.values().sum()
}

#[tokio::test]
async fn report_flags_follow_the_deadlines() {
    let db = TestDb::sqlite().await.unwrap();
    let store = db.store.as_ref();
    let org = hoshin_app::demo::seed_demo(store).await.unwrap().org_id;
    let year = FiscalYear::new(2025).unwrap();
    let input = OpenYear {
        themes: Vec::new(),
        policy_due: Some(hoshin_domain::Day::parse("2025-05-31").unwrap()),
        midyear_due: Some(hoshin_domain::Day::parse("2025-10-31").unwrap()),
        yearend_due: Some(hoshin_domain::Day::parse("2026-04-30").unwrap()),
        copy_forward: true,
    };
    open_year(store, &Actor::System, org, year, &input, hoshin_domain::Day::parse("2025-04-01").unwrap())
        .await
        .unwrap();
    let at =
        |today: &'static str| dashboard(store, &Actor::System, org, year, hoshin_domain::Day::parse(today).unwrap());

    let (mid, end) = counts(&at("2025-09-01").await.unwrap());
    assert_eq!((total(&mid), total(&end)), (0, 0), "nothing is due before the mid-year deadline");

    // The published initiatives of 2025 and what their reviews hold, by top-level department.
    let depts = store.list_departments(org).await.unwrap();
    let top: HashMap<DepartmentId, DepartmentId> = depts.iter().map(|d| (d.id, d.parent_id.unwrap_or(d.id))).collect();
    let items = store.list_initiatives(org, Some(year), Page::first(1000)).await.unwrap();
    let mut no_progress = Vec::new();
    let mut no_result: HashMap<DepartmentId, usize> = HashMap::new();
    for i in &items {
        let r = store.get_goal_review(i.id, year).await.unwrap();
        if r.as_ref().and_then(|r| r.progress).is_none() {
            no_progress.push(i.clone());
        }
        if r.as_ref().and_then(|r| r.result.clone()).is_none_or(|t| t.trim().is_empty()) {
            *no_result.entry(top[&i.department_id.unwrap()]).or_default() += 1;
        }
    }
    assert!(!no_progress.is_empty(), "the demo has initiatives without a progress %");
    assert!(no_progress.len() < items.len(), "and some with one");

    let (mid, end) = counts(&at("2025-12-01").await.unwrap());
    assert_eq!(total(&mid), no_progress.len());
    assert_eq!(total(&end), 0, "the year-end report is not due yet");

    // Entering the progress of one takes it off its department's count.
    let first = &no_progress[0];
    let dept = top[&first.department_id.unwrap()];
    let tx = store.begin().await.unwrap();
    let review = NewGoalReview {
        initiative_id: first.id,
        fiscal_year: year,
        result: None,
        issues_next: None,
        progress: Some(40),
        judgement: None,
    };
    match tx.get_goal_review(first.id, year).await.unwrap() {
        Some(mut r) => {
            r.progress = Some(40);
            tx.update_goal_review(&r).await.unwrap();
        }
        None => {
            tx.insert_goal_review(&review).await.unwrap();
        }
    }
    tx.commit().await.unwrap();
    let (mid_after, _) = counts(&at("2025-12-01").await.unwrap());
    assert_eq!(mid_after[&dept], mid[&dept] - 1);

    // So does a review of the 中間 period (entered on the interim page, issue 15) with a progress.
    {
        let second = &no_progress[1];
        let dept = top[&second.department_id.unwrap()];
        let tx = store.begin().await.unwrap();
        let interim = InterimReview {
            id: 0,
            initiative_id: second.id,
            fiscal_year: year,
            period: hoshin_domain::period::MIDYEAR.into(),
            result: None,
            issues_next: None,
            progress: Some(50),
            judgement: None,
            meta: Meta::default(),
        };
        tx.insert_interim_review(&interim).await.unwrap();
        tx.commit().await.unwrap();
        let (again, _) = counts(&at("2025-12-01").await.unwrap());
        assert_eq!(again[&dept], mid_after[&dept] - 1);
    }

    // After the year-end deadline the result is what counts, and the mid-year flag is gone.
    let (mid, end) = counts(&at("2026-05-01").await.unwrap());
    assert_eq!(total(&mid), 0);
    assert_eq!(
        end,
        depts
            .iter()
            .filter(|d| d.parent_id.is_none())
            .map(|d| (d.id, no_result.get(&d.id).copied().unwrap_or(0)))
            .collect::<HashMap<_, _>>()
    );
    assert!(total(&end) > 0, "the demo has initiatives without a result");
}

/// A milestone marked 済 is never overdue; one past its date and not done is listed.
#[tokio::test]
async fn finished_milestones_are_not_overdue() {
    let db = TestDb::sqlite().await.unwrap();
    let store = db.store.as_ref();
    let org = hoshin_app::demo::seed_demo(store).await.unwrap().org_id;
    let year = FiscalYear::new(2025).unwrap();
    let items = store.list_initiatives(org, Some(year), Page::first(1000)).await.unwrap();
    let mut i = items.into_iter().find(|i| i.draft.is_none()).unwrap();
    let milestone = |text: &str, done| Milestone { text: text.into(), due: Some("2025-06-30".into()), done };
    i.milestones = vec![milestone("説明会を開く（済）", true), milestone("委託先を決める（未了）", false)];
    let tx = store.begin().await.unwrap();
    tx.update_initiative(&i).await.unwrap();
    tx.commit().await.unwrap();
    let d =
        dashboard(store, &Actor::System, org, year, hoshin_domain::Day::parse("2025-12-01").unwrap()).await.unwrap();
    let ours: Vec<&str> =
        d.overdue_milestones.iter().filter(|m| m.initiative == i.id).map(|m| m.text.as_str()).collect();
    assert_eq!(ours, ["委託先を決める（未了）"]);
    // Read back: the flag is stored.
    let back = store.get_initiative(i.id).await.unwrap();
    assert_eq!(back.milestones.iter().map(|m| m.done).collect::<Vec<_>>(), [true, false]);
}
