//! Indicators of an evaluation sheet (成果指標 with yearly 実績, 見込 and 目標値). When the
//! PDF text has flattened the table into one cell per line, the value columns are read from
//! the headers that name a year and a kind (「R５年度 実績」「R９年度 見込」), and each
//! indicator is a name, a unit, then one number per column.

use crate::draft::{ActualDraft, IndicatorDraft};
use crate::genre::plan_chapter::org::first_fiscal_year;
use crate::genre::plan_chapter::text::{clean, join_broken, key, width, Para};

/// What a value column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Actual,
    Forecast,
    Target,
}

/// A value column: fiscal year and kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Column {
    pub year: Option<u16>,
    pub kind: Kind,
}

/// Longest unit (characters).
const UNIT_MAX: usize = 4;

/// 「R５年度 実績」 → a column; headers without a kind (事業費 columns) are not value columns.
pub(crate) fn column(t: &str) -> Option<Column> {
    let k = key(t);
    let kind = if k.contains("実績") {
        Kind::Actual
    } else if k.contains("見込") || k.contains("予定") {
        Kind::Forecast
    } else if k.contains("目標") {
        Kind::Target
    } else {
        return None;
    };
    let year = first_fiscal_year(&k).map(|f| f.year()).or_else(|| short_year(&k));
    (year.is_some() && width(&k) <= 16).then_some(Column { year, kind })
}

/// 「R5実績」: an era letter and a number without 年度.
fn short_year(k: &str) -> Option<u16> {
    let s = k.trim_start_matches(|c: char| !c.is_ascii_alphabetic());
    let digits: String = s.chars().skip(1).take_while(|c| c.is_ascii_digit()).collect();
    if digits.is_empty() {
        return None;
    }
    hoshin_domain::FiscalYear::parse(&format!("{}{}", s.chars().next()?, digits)).ok().map(|f| f.year())
}

fn is_number(t: &str) -> bool {
    let k = key(t);
    let k = k.trim_start_matches(['▲', '△', '-']).trim_end_matches('%');
    !k.is_empty()
        && k.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.')
        && k.chars().any(|c| c.is_ascii_digit())
}

/// Splits the zone into cells: a line of numbers gives one cell per number, and numbers in
/// front of a text (「5,690 出前授業のメニュー数」) are cells of their own.
fn cells(paras: &[Para]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for p in paras {
        for l in &p.lines {
            let mut rest = clean(&l.text);
            loop {
                let (head, tail) = match rest.find([' ', '\u{3000}']) {
                    Some(i) => (&rest[..i], clean(&rest[i..])),
                    None => (rest, ""),
                };
                if is_number(head) && !tail.is_empty() {
                    out.push((l.no, head.to_string()));
                    rest = tail;
                } else {
                    out.push((l.no, rest.to_string()));
                    break;
                }
            }
        }
    }
    out
}

/// A cell that can name an indicator: text, not a money row (…費, …料, …金), not a header.
fn name_cell(t: &str) -> bool {
    let k = key(t);
    !is_number(t)
        && width(&k) >= 2
        && width(&k) <= 60
        && !k.ends_with(['費', '料', '金', '税', '債', 'A', 'B', 'Ａ', 'Ｂ'])
        && !k.contains("年度")
        && !["単位", "区分", "指標", "決算", "予算", "財源", "内訳", "該当", "合計"].iter().any(|w| k.contains(w))
}

fn unit_cell(t: &str) -> bool {
    let k = key(t);
    !is_number(t) && !k.is_empty() && width(&k) <= UNIT_MAX && !k.ends_with(['費', '料', '金', '税', '債'])
}

/// Reads indicators from the paragraphs of a sheet's indicator zone.
pub(crate) fn flattened(paras: &[Para]) -> Vec<IndicatorDraft> {
    let mut columns = Vec::new();
    let mut target_header = false;
    for p in paras {
        let t = join_broken(p.lines.iter().map(|l| l.text.as_str()));
        if let Some(c) = column(&t) {
            columns.push(c);
        } else if key(&t) == "目標値" || key(&t) == "目標" {
            target_header = true;
        }
    }
    if target_header && !columns.iter().any(|c| c.kind == Kind::Target) {
        if let Some(last) = columns.last_mut() {
            last.kind = Kind::Target;
        }
    }
    let n = columns.len().max(2);
    let cs = cells(paras);
    let mut out = Vec::new();
    let mut i = 0;
    while i + 2 < cs.len() {
        let values: Vec<&(usize, String)> = cs[i + 2..].iter().take_while(|(_, v)| is_number(v)).take(n).collect();
        if name_cell(&cs[i].1) && unit_cell(&cs[i + 1].1) && values.len() == n {
            let mut ind = IndicatorDraft {
                name: cs[i].1.clone(),
                unit: Some(cs[i + 1].1.clone()),
                line: cs[i].0,
                ..Default::default()
            };
            for (col, (_, v)) in columns.iter().zip(values.iter()) {
                match col.kind {
                    Kind::Actual => {
                        if let Some(y) = col.year {
                            ind.actuals.push(ActualDraft { fiscal_year: y, value: v.clone() });
                        }
                        ind.baseline = Some(v.clone());
                        ind.baseline_year = col.year;
                    }
                    Kind::Target => {
                        ind.target = Some(v.clone());
                        ind.target_year = col.year;
                    }
                    Kind::Forecast => {}
                }
            }
            if columns.is_empty() {
                ind.baseline = values.first().map(|(_, v)| v.clone());
                ind.target = values.last().map(|(_, v)| v.clone());
            }
            ind.cumulative = key(&ind.name).contains("累計");
            out.push(ind);
            i += 2 + n;
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::raw::Line;

    fn paras(t: &str) -> Vec<Para> {
        let lines: Vec<Line> = t.lines().enumerate().map(|(i, s)| Line { no: i + 1, text: s.into() }).collect();
        crate::genre::plan_chapter::text::paragraphs_of(&lines)
    }

    #[test]
    fn reads_a_flattened_indicator_table() {
        let zone = paras(
            "成果指標\n\n目標値\n\nR4年度\n実 績\n\nR5年度\n見 込\n\nR5年度\n実 績\n\nR8年度\n見 込\n\n\
             事業費 Ａ\n\n1,200\n\n1,300 花壇の数\n\nか所\n\n10\n\n12\n\n11\n\n20\n\n委託料\n\n1,200\n\n1,300",
        );
        let got = flattened(&zone);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].name, "花壇の数");
        assert_eq!(got[0].unit.as_deref(), Some("か所"));
        assert_eq!(got[0].baseline.as_deref(), Some("11"));
        assert_eq!(got[0].baseline_year, Some(2023));
        assert_eq!(got[0].target.as_deref(), Some("20"));
        assert_eq!(got[0].target_year, Some(2026));
        assert_eq!(got[0].actuals.len(), 2);
    }

    #[test]
    fn numbers_on_one_line_are_separate_cells() {
        let zone = paras("R5年度実績\n\nR6年度実績\n\nR9年度目標\n\n利用者数\n\n人\n\n100 120 150");
        let got = flattened(&zone);
        assert_eq!(got[0].baseline.as_deref(), Some("120"));
        assert_eq!(got[0].target.as_deref(), Some("150"));
    }
}
