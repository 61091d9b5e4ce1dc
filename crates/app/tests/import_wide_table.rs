//! Issue 10: a wide-table workbook of 400 programs (one per row, 100+ columns, a hidden helper
//! row, a header over two rows, costs in 千円 with a formula) imported end to end — read and
//! stored in one transaction — with every program, its department (課 under its 部) and its
//! plan path stored, the path linked to the plan's nodes where their codes exist. The time is
//! printed, not asserted (measure with `cargo test --release -p hoshin-app --test
//! import_wide_table -- --nocapture`; the goal is under 5 s). SQLite and PostgreSQL.
#![allow(clippy::unwrap_used)] // test code

use hoshin_app::import::{import_file, read_document, ImportOptions};
use hoshin_domain::*;
use hoshin_store::{Backend, Page};
use hoshin_testkit::TestDb;
use rust_xlsxwriter::{Formula, Workbook};
use std::time::Instant;

const PROGRAMS: u32 = 400;
const DEPARTMENTS: [(&str, &str); 5] = [
    ("環境みらい部", "緑地課"),
    ("環境みらい部", "清掃課"),
    ("市民生活部", "窓口課"),
    ("健康福祉部", "高齢課"),
    ("健康福祉部", "障がい課"),
];

/// Column letters of a 0-based index.
fn col(c: u16) -> String {
    let mut n = u32::from(c) + 1;
    let mut s = String::new();
    while n > 0 {
        s.insert(0, char::from(b'A' + ((n - 1) % 26) as u8));
        n = (n - 1) / 26;
    }
    s
}

/// 架空野市's program list as its evaluation system exports it.
fn workbook() -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("評価一覧").unwrap();
    ws.write(0, 0, "架空野市 事務事業評価一覧（集計用・非表示）").unwrap();
    ws.set_row_hidden(0).unwrap();
    let mut top: Vec<String> =
        ["No", "事務事業名", "所管部", "所管課", "政策", "施策", "基本事業", "事業の目的", "事業内容"]
            .map(String::from)
            .to_vec();
    let mut second: Vec<String> = vec![String::new(); top.len()];
    for g in ["成果指標ア", "活動指標イ"] {
        top.push(g.into());
        second.push("指標名".into());
        for h in ["単位", "令和5年度実績", "令和6年度実績", "目標値（令和9年度）"] {
            top.push(String::new());
            second.push(h.into());
        }
    }
    for item in ["事業費（千円）", "一般財源（千円）", "人件費（千円）", "トータルコスト（千円）"]
    {
        top.push(item.into());
        second.push("令和5年度決算".into());
        top.push(String::new());
        second.push("令和6年度予算".into());
    }
    top.extend(["総合評価", "今後の方向性"].map(String::from));
    second.extend([String::new(), String::new()]);
    while top.len() < 110 {
        top.push(format!("システム項目{}", top.len()));
        second.push(String::new());
    }
    for (c, t) in top.iter().enumerate() {
        ws.write(1, c as u16, t.as_str()).unwrap();
        ws.write(2, c as u16, second[c].as_str()).unwrap();
    }
    for p in 0..PROGRAMS {
        let r = 3 + p;
        let (bu, ka) = DEPARTMENTS[(p % 5) as usize];
        let (a, b, c3) = (p % 4 + 1, p % 6 + 1, p % 2 + 1);
        let cells = [
            (p + 1).to_string(),
            format!("架空野事業{:03}", p + 1),
            bu.into(),
            ka.into(),
            format!("{a} 政策その{a}"),
            format!("{a}-{b} 施策その{b}"),
            format!("{a}-{b}-{c3} 基本事業その{c3}"),
            "市民の生活を支える。".into(),
            "相談を受け、支援する。".into(),
        ];
        for (c, t) in cells.iter().enumerate() {
            ws.write(r, c as u16, t.as_str()).unwrap();
        }
        let mut c = cells.len() as u16;
        for g in 0..2u32 {
            ws.write(r, c, format!("指標{g}（事業{}）", p + 1)).unwrap();
            ws.write(r, c + 1, "人").unwrap();
            ws.write(r, c + 2, f64::from(p + g)).unwrap();
            ws.write(r, c + 3, f64::from(p + g + 1)).unwrap();
            ws.write(r, c + 4, f64::from(p + 50)).unwrap();
            c += 5;
        }
        for item in 0..4u16 {
            for y in 0..2u16 {
                if item == 3 {
                    let total = f64::from(2000 + p) + f64::from(500 + p);
                    let f = Formula::new(format!("=SUM({}{},{}{})", col(c - 6), r + 1, col(c - 2), r + 1))
                        .set_result(total.to_string());
                    ws.write_formula(r, c, f).unwrap();
                } else {
                    ws.write(r, c, f64::from(2000 + p + u32::from(item) * 100 + u32::from(y))).unwrap();
                }
                c += 1;
            }
        }
        ws.write(r, c, "A").unwrap();
        ws.write(r, c + 1, if p % 3 == 0 { "縮小" } else { "継続" }).unwrap();
    }
    wb.save_to_buffer().unwrap()
}

async fn wide_table(backend: Backend) {
    let db = TestDb::new(backend).await.unwrap();
    let store = db.store.as_ref();
    // The plan has the four 政策 already: each program's path links to its 政策's node.
    let tx = store.begin().await.unwrap();
    let org = tx
        .insert_organization(&NewOrganization { name: "架空野市".into(), code: None, prefecture: None })
        .await
        .unwrap();
    let new_plan = NewPlan {
        org_id: org,
        kind: PlanKind::Basic,
        title: "基本計画".into(),
        parent_plan_id: None,
        period_start: None,
        period_end: None,
    };
    let plan = tx.insert_plan(&new_plan).await.unwrap();
    let mut policy_nodes = Vec::new();
    for a in 1..=4 {
        let n = NewPlanNode {
            plan_id: Some(plan),
            kind_label: "政策".into(),
            code: Some(a.to_string()),
            title: format!("政策その{a}"),
            sort_order: a,
            ..NewPlanNode::default()
        };
        policy_nodes.push(tx.insert_node(&n).await.unwrap());
    }
    tx.commit().await.unwrap();

    let bytes = workbook();
    let opts = ImportOptions { fiscal_year: Some(FiscalYear::new(2024).unwrap()), ..ImportOptions::default() };
    let started = Instant::now();
    read_document("評価一覧.xlsx", &bytes, &opts).unwrap();
    let reading = started.elapsed();
    let started = Instant::now();
    let report = import_file(store, "評価一覧.xlsx", &bytes, &opts).await.unwrap();
    let took = started.elapsed();
    println!(
        "{backend:?}: imported {} programs, {} indicators, {} costs from a {}-byte workbook in {took:?} \
         (reading alone {reading:?})",
        report.counts.initiatives,
        report.counts.indicators,
        report.counts.costs,
        bytes.len()
    );
    assert_eq!(
        report.counts.initiatives,
        PROGRAMS as usize,
        "{:?}",
        report.warnings.iter().take(5).collect::<Vec<_>>()
    );

    let programs: Vec<Initiative> = store.list_initiatives(org, None, Page::first(5000)).await.unwrap();
    assert_eq!(programs.len(), PROGRAMS as usize);
    let departments = store.list_departments(org).await.unwrap();
    assert_eq!(departments.len(), 8, "3 部 and 5 課");
    let ids: Vec<InitiativeId> = programs.iter().map(|i| i.id).collect();
    let facts: std::collections::HashMap<InitiativeId, ProgramFacts> =
        store.program_facts(&ids).await.unwrap().into_iter().collect();
    for (n, p) in programs.iter().enumerate() {
        let dept = departments
            .iter()
            .find(|d| Some(d.id) == p.department_id)
            .unwrap_or_else(|| panic!("{}: no department", p.name));
        let parent = departments
            .iter()
            .find(|d| Some(d.id) == dept.parent_id)
            .unwrap_or_else(|| panic!("{}: 課 without 部", p.name));
        assert!(
            DEPARTMENTS.contains(&(parent.name.as_str(), dept.name.as_str())),
            "{}: {} / {}",
            p.name,
            parent.name,
            dept.name
        );
        let f = facts.get(&p.id).unwrap_or_else(|| panic!("{}: no facts", p.name));
        assert_eq!(f.plan_path.len(), 3, "{}: {:?}", p.name, f.plan_path);
        let top = f.plan_path[0].node_id.unwrap_or_else(|| panic!("{}: 政策 not linked", p.name));
        assert!(policy_nodes.contains(&top) && p.node_ids.contains(&top), "{n}");
        assert!(!f.costs.is_empty() && f.direction.is_some(), "{}: {f:?}", p.name);
    }
    let one = programs.iter().find(|p| p.name == "架空野事業007").unwrap();
    let f = &facts[&one.id];
    let codes: Vec<Option<&str>> = f.plan_path.iter().map(|s| s.code.as_deref()).collect();
    assert_eq!(codes, [Some("3"), Some("3-1"), Some("3-1-1")]);
    assert_eq!(f.direction, Some(ProgramDirection::Reduce), "program 7 of every third is 縮小");

    // Imported again: nothing changes.
    let started = Instant::now();
    let again = import_file(store, "評価一覧.xlsx", &bytes, &opts).await.unwrap();
    println!("{backend:?}: re-imported unchanged in {:?}", started.elapsed());
    assert_eq!(again.tally.written(), 0, "{:?}", again.tally);
}

#[tokio::test]
async fn wide_table_of_400_programs_on_sqlite() {
    wide_table(Backend::Sqlite).await;
}

#[tokio::test]
async fn wide_table_of_400_programs_on_postgres() {
    wide_table(Backend::Postgres).await;
}
