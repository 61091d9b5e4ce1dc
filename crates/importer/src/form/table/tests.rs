//! Tables read by their header band, on invented layouts. Lines are built by placing texts at
//! character columns, the way PDF-to-text tools lay a page out.

use super::*;
use crate::raw::Line;

/// A line with each text starting at its column (counted in characters).
fn at(parts: &[(usize, &str)]) -> String {
    let mut s = String::new();
    for (col, t) in parts {
        let n = s.chars().count();
        s.push_str(&" ".repeat(col.saturating_sub(n).max(if n == 0 { 0 } else { 2 })));
        s.push_str(t);
    }
    s
}

fn read(lines: &[String]) -> Vec<GridTable> {
    let lines: Vec<Line> = lines.iter().enumerate().map(|(i, s)| Line { no: i + 1, text: s.clone() }).collect();
    tables(&Grid::new(&lines), &Vocabulary::builtin())
}

#[test]
fn two_tables_side_by_side_with_stacked_headers() {
    let t = [
        at(&[(16, "Ｒ４年度"), (26, "R５年度"), (43, "R６年度"), (90, "目標値")]),
        at(&[(3, "区    分"), (58, "指標の内容"), (74, "単位")]),
        at(&[(80, "R５年度"), (90, "R６年度"), (100, "R９年度")]),
        at(&[(16, "決 算"), (26, "決 算"), (36, "予 算"), (47, "決 算")]),
        at(&[(80, "実 績"), (90, "実 績"), (100, "見 込")]),
        at(&[
            (3, "事 業 費"),
            (16, "2,100"),
            (26, "2,200"),
            (36, "2,300"),
            (47, "2,250"),
            (58, "花壇の数"),
            (74, "か所"),
            (81, "12"),
            (91, "14"),
            (101, "20"),
        ]),
        at(&[
            (5, "委託料"),
            (17, "900"),
            (27, "950"),
            (36, "1,000"),
            (48, "990"),
            (58, "来場者数"),
            (74, "人"),
            (80, "300"),
            (90, "320"),
            (100, "400"),
        ]),
    ];
    let tabs = read(&t);
    assert_eq!(tabs.len(), 2, "{tabs:#?}");
    let cost = &tabs[0];
    let values: Vec<&Leaf> = cost.leaves.iter().filter(|l| l.role == Role::Value).collect();
    let years: Vec<Option<u16>> = values.iter().map(|l| l.year).collect();
    assert_eq!(years, [Some(2022), Some(2023), Some(2024), Some(2024)]);
    let kinds: Vec<Option<Kind>> = values.iter().map(|l| l.kind).collect();
    assert_eq!(kinds, [Some(Kind::Settlement), Some(Kind::Settlement), Some(Kind::Budget), Some(Kind::Settlement)]);
    assert_eq!(cost.rows[0].name, "事 業 費");
    assert_eq!(cost.rows[1].name, "委託料");
    assert_eq!(cost.rows[1].cells.len(), 4);
    let ind = &tabs[1];
    assert_eq!(ind.rows.len(), 2);
    assert_eq!(ind.rows[0].name, "花壇の数");
    let unit = ind.leaves.iter().position(|l| l.role == Role::Unit).unwrap();
    assert_eq!(ind.rows[1].cell(unit), Some("人"));
    let last = ind.leaves.iter().rposition(|l| l.role == Role::Value).unwrap();
    assert_eq!(ind.leaves[last].year, Some(2027));
    assert_eq!(ind.leaves[last].kind, Some(Kind::Forecast));
    assert_eq!(ind.rows[0].cell(last), Some("20"));
}

#[test]
fn a_row_of_years_with_kinds_in_the_same_cell() {
    let t = [
        at(&[(2, "年度"), (16, "令和５年度予算現額"), (40, "令和５年度決算"), (60, "令和６年度当初予算")]),
        at(&[(0, "経費（一財）"), (18, "3,000(1,500)"), (40, "2,900(1,400)"), (62, "3,100(1,600)")]),
    ];
    let tabs = read(&t);
    assert_eq!(tabs.len(), 1);
    let kinds: Vec<Option<Kind>> = tabs[0].leaves.iter().filter(|l| l.role == Role::Value).map(|l| l.kind).collect();
    assert_eq!(kinds, [Some(Kind::Budget), Some(Kind::Settlement), Some(Kind::Budget)]);
    assert_eq!(tabs[0].rows[0].name, "経費（一財）");
    assert_eq!(tabs[0].rows[0].cells.len(), 3);
}

#[test]
fn tab_rows_and_wrapped_names() {
    let t = "指標名\t単位\t令和4年度実績\t令和5年度実績\t目標値（令和8年度）\n花壇の\t\t\t\t\n数\tか所\t10\t12\t20\n来場者数\t人\t300\t310\t500";
    let t: Vec<String> = t.lines().map(String::from).collect();
    let tabs = read(&t);
    assert_eq!(tabs.len(), 1);
    let names: Vec<&str> = tabs[0].rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["花壇の数", "来場者数"]);
    let target = tabs[0].leaves.iter().position(|l| l.kind == Some(Kind::Target)).unwrap();
    assert_eq!(tabs[0].leaves[target].year, Some(2026));
    assert_eq!(tabs[0].rows[1].cell(target), Some("500"));
}

#[test]
fn a_label_of_the_sheet_ends_the_table() {
    let t = [
        at(&[(1, "指標名"), (14, "単位"), (23, "R5実績"), (33, "R6目標")]),
        at(&[(1, "花壇の数"), (14, "か所"), (23, "12"), (33, "20")]),
        at(&[(1, "成果指標の達成状況"), (33, "順調")]),
    ];
    let tabs = read(&t);
    assert_eq!(tabs[0].rows.len(), 1, "{tabs:#?}");
}
