//! A wide-table workbook as evaluation systems export it (issue 10): 400 programs, one per
//! row, 130 columns — a hidden helper row above a header over two rows, three repeating
//! indicator groups, costs by year in 千円, formulas — read end to end by `extract`. The
//! time is printed (speed is measured by the benchmark, not asserted here).

use rust_xlsxwriter::{Formula, Workbook};
use std::time::Instant;

const PROGRAMS: u32 = 400;

fn workbook() -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("事業一覧").expect("name");
    ws.write(0, 0, "※集計用の行です。削除しないでください").expect("write");
    ws.set_row_hidden(0).expect("hide");
    let mut top: Vec<&str> =
        vec!["No", "事務事業名", "所管部", "所管課", "政策", "施策", "基本事業", "事業の目的", "事業内容"];
    let mut second: Vec<String> = vec![String::new(); top.len()];
    for g in ["成果指標ア", "成果指標イ", "活動指標ウ"] {
        top.push(g);
        second.push("指標名".into());
        for h in ["単位", "令和4年度実績", "令和5年度実績", "令和6年度実績", "目標値（令和9年度）"]
        {
            top.push("");
            second.push(h.into());
        }
    }
    for item in ["事業費（千円）", "一般財源（千円）", "人件費（千円）", "トータルコスト（千円）"]
    {
        top.push(item);
        second.push("令和4年度決算".into());
        for h in ["令和5年度決算", "令和6年度予算"] {
            top.push("");
            second.push(h.into());
        }
    }
    top.extend(["総合評価", "今後の方向性", "改善の内容"]);
    second.extend([String::new(), String::new(), String::new()]);
    // Filler columns a system adds (更新日, 入力者 …) up to 130 columns.
    let fillers: Vec<String> = (top.len()..130).map(|i| format!("予備{i}")).collect();
    for f in &fillers {
        top.push(f);
        second.push(String::new());
    }
    for (c, t) in top.iter().enumerate() {
        ws.write(1, c as u16, *t).expect("write");
        ws.write(2, c as u16, second[c].as_str()).expect("write");
    }
    let depts = [("みどり部", "公園課"), ("みどり部", "道路課"), ("くらし部", "市民課"), ("こども部", "保育課")];
    for p in 0..PROGRAMS {
        let r = 3 + p;
        let (bu, se) = depts[(p % 4) as usize];
        let row: Vec<String> = vec![
            (p + 1).to_string(),
            format!("架空事業{:03}号", p + 1),
            bu.into(),
            se.into(),
            format!("{} 政策{}", p % 5 + 1, p % 5 + 1),
            format!("{}-{} 施策{}", p % 5 + 1, p % 7 + 1, p % 7 + 1),
            format!("{}-{}-{} 基本事業", p % 5 + 1, p % 7 + 1, p % 3 + 1),
            "市民の暮らしをよくする。".into(),
            "講座を開き、補助金を出す。".into(),
        ];
        for (c, t) in row.iter().enumerate() {
            ws.write(r, c as u16, t.as_str()).expect("write");
        }
        let mut c = row.len() as u16;
        for g in 0..3u32 {
            ws.write(r, c, format!("指標{g}の{}", p + 1)).expect("write");
            ws.write(r, c + 1, "件").expect("write");
            for y in 0..3u16 {
                ws.write(r, c + 2 + y, (p + g + u32::from(y)) as f64).expect("write");
            }
            ws.write(r, c + 5, (p + 100) as f64).expect("write");
            c += 6;
        }
        for item in 0..4u16 {
            for y in 0..3u16 {
                if item == 3 {
                    // トータルコスト = 事業費 + 人件費, as a formula with its cached result.
                    let total = f64::from(1000 + p) + f64::from(300 + p);
                    let f = Formula::new(format!("=SUM({}{},{}{})", col(c - 9), r + 1, col(c - 3), r + 1))
                        .set_result(total.to_string());
                    ws.write_formula(r, c, f).expect("formula");
                } else {
                    ws.write(r, c, f64::from(1000 + p + u32::from(item) * 100 + u32::from(y))).expect("write");
                }
                c += 1;
            }
        }
        ws.write(r, c, "B").expect("write");
        ws.write(r, c + 1, if p % 2 == 0 { "継続" } else { "拡充" }).expect("write");
        ws.write(r, c + 2, "申込みを電子化する。").expect("write");
    }
    let notes = wb.add_worksheet();
    notes.set_name("記入要領").expect("name");
    notes.write(0, 0, "このシートは記入の説明です。").expect("write");
    wb.save_to_buffer().expect("xlsx")
}

/// Column letters of a 0-based index.
fn col(c: u16) -> String {
    let mut n = u32::from(c) + 1;
    let mut s = String::new();
    while n > 0 {
        let r = (n - 1) % 26;
        s.insert(0, char::from(b'A' + r as u8));
        n = (n - 1) / 26;
    }
    s
}

#[test]
fn four_hundred_programs_from_a_wide_table() {
    let bytes = workbook();
    let started = Instant::now();
    let ex = hoshin_importer::extract("事業一覧.xlsx", &bytes).expect("extracts");
    println!(
        "extracted {} programs from a {}-byte workbook in {:?}",
        ex.initiatives.len(),
        bytes.len(),
        started.elapsed()
    );
    assert_eq!(ex.genre, hoshin_importer::Genre::EvaluationSheet);
    assert_eq!(ex.initiatives.len(), PROGRAMS as usize);
    let p = &ex.initiatives[5];
    assert_eq!(p.name, "架空事業006号");
    assert_eq!((p.department.as_deref(), p.parent_department.as_deref()), (Some("道路課"), Some("みどり部")));
    let path: Vec<Option<&str>> = p.plan_path.iter().map(|s| s.code.as_deref()).collect();
    assert_eq!(path, [Some("1"), Some("1-6"), Some("1-6-3")]);
    assert_eq!(p.direction.as_deref(), Some("expand"));
    assert!(ex.initiatives.iter().all(|i| i.department.is_some() && i.plan_path.len() == 3));
    assert_eq!(ex.departments.len(), 4);
    assert_eq!(ex.indicators.len(), 3 * PROGRAMS as usize);
    let i = ex.indicators.iter().find(|i| i.name == "指標1の6").expect("indicator");
    assert_eq!((i.baseline.as_deref(), i.target.as_deref(), i.target_year), (Some("8"), Some("105"), Some(2027)));
    assert_eq!(i.actuals.len(), 3);
    // Costs in yen; the トータルコスト formula by its cached value.
    let total = p.costs.iter().find(|c| c.item == "total" && c.fiscal_year == 2022).expect("cost");
    assert_eq!(total.amount, Some(1_005_000));
    let tc = p.costs.iter().find(|c| c.item == "total_cost" && c.fiscal_year == 2024).expect("total cost");
    assert_eq!(tc.amount, Some(1_310_000));
}
