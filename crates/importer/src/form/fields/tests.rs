//! Labelled values by position, on invented forms laid out the way PDF-to-text tools do.

use super::*;
use crate::raw::Line;

fn at(parts: &[(usize, &str)]) -> String {
    let mut s = String::new();
    for (col, t) in parts {
        let n = s.chars().count();
        s.push_str(&" ".repeat(col.saturating_sub(n).max(if n == 0 { 0 } else { 2 })));
        s.push_str(t);
    }
    s
}

fn fields(lines: &[String]) -> Vec<(Field, String)> {
    let lines: Vec<Line> = lines.iter().enumerate().map(|(i, s)| Line { no: i + 1, text: s.clone() }).collect();
    read(&Grid::new(&lines), &Vocabulary::builtin(), &|_| true).into_iter().map(|f| (f.field, f.value)).collect()
}

#[test]
fn labels_take_the_cell_to_their_right() {
    let got = fields(&[
        at(&[(4, "担当部署名"), (30, "みどり課"), (60, "事務事業名"), (90, "花壇づくり事業")]),
        at(&[(10, "施策名称"), (30, "①花のあるまち")]),
    ]);
    assert_eq!(
        got,
        [
            (Field::Department, "みどり課".into()),
            (Field::Name, "花壇づくり事業".into()),
            (Field::Measure, "①花のあるまち".into())
        ]
    );
}

#[test]
fn a_label_beside_a_value_of_several_lines() {
    let got = fields(&[
        at(&[(20, "市民と自治会、")]),
        at(&[(2, "事業の対象"), (20, "花壇ボランティア")]),
        at(&[(2, "（誰を、何を）"), (20, "の団体")]),
        String::new(),
        at(&[(2, "事業の手段・方法")]),
        at(&[(20, "花の苗を配る。")]),
    ]);
    assert_eq!(got[0], (Field::Target, "花壇ボランティアの団体".into()));
    assert_eq!(got[1], (Field::Method, "花の苗を配る。".into()));
}

#[test]
fn values_in_the_same_cell_and_under_header_labels() {
    let got = fields(&[
        "所管局：みどり局".to_string(),
        at(&[(0, "事業名"), (20, "担当課")]),
        at(&[(0, "花壇づくり"), (20, "公園課")]),
    ]);
    assert_eq!(got[0], (Field::Department, "みどり局".into()));
    assert!(got.contains(&(Field::Name, "花壇づくり".into())), "{got:?}");
    assert!(got.contains(&(Field::Section, "公園課".into())), "{got:?}");
}

#[test]
fn a_label_never_becomes_a_value() {
    let got = fields(&[at(&[(0, "事業名"), (20, "担当課"), (40, "公園課")])]);
    assert_eq!(got, [(Field::Section, "公園課".into())]);
}
