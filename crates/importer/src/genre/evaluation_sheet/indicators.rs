//! Indicators of an evaluation sheet (成果指標 with yearly 実績, 見込 and 目標値). When the
//! PDF text has flattened the table into one cell per line, the value columns are read from
//! the headers that name a year and a kind (「R５年度 実績」「R９年度 見込」), and each
//! indicator is a name, a unit, then one number per column.

use crate::draft::{ActualDraft, IndicatorDraft};
use crate::genre::plan_chapter::org::first_fiscal_year;
use crate::genre::plan_chapter::tables;
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

/// A dash standing for a value not (yet) given.
fn is_blank_value(t: &str) -> bool {
    matches!(key(t).as_str(), "-" | "－" | "―" | "—" | "ー" | "‐" | "・")
}

/// A value cell: a number, a number with a short unit (「27種類」「1,200人」), or a dash.
fn is_value(t: &str) -> bool {
    if is_number(t) || is_blank_value(t) {
        return true;
    }
    let q = hoshin_domain::Quantity::parse(t);
    q.value.is_some()
        && q.qualifier.is_none()
        && q.unit.as_deref().is_some_and(|u| width(u) <= UNIT_MAX && !u.contains("年"))
}

/// Splits the zone into cells: a line of numbers gives one cell per number, and numbers in
/// front of a text (「5,690 出前授業のメニュー数」) are cells of their own.
fn cells(paras: &[Para]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for p in paras {
        for l in &p.lines {
            let parts = tables::spaced_cells(&l.text).unwrap_or_else(|| vec![clean(&l.text).to_string()]);
            for part in &parts {
                let mut rest = clean(part);
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
        && !k.contains(['。', '、'])
        && !crate::genre::plan_chapter::text::ends_like_sentence(&k)
        && !k.ends_with("ため")
        && !["目標", "目標値", "実績", "実績値", "見込", "見込み", "予定", "成果指標", "活動指標"].contains(&k.as_str())
        && !["単位", "区分", "指標", "決算", "予算", "財源", "内訳", "該当", "合計"].iter().any(|w| k.contains(w))
}

/// A unit: short (「種類」「か所」「ｔ」), Latin (「kW」「t/年」) or katakana (「ポイント」).
fn unit_cell(t: &str) -> bool {
    let k = key(t);
    let latin = k.chars().all(|c| c.is_ascii() || "%㎡㎞㎏/".contains(c));
    let katakana = k.chars().all(|c| ('ァ'..='ヶ').contains(&c) || c == 'ー');
    let max = if latin || katakana { UNIT_MAX + 2 } else { UNIT_MAX - 1 };
    !k.is_empty()
        && width(&k) <= max
        && !k.chars().any(|c| c.is_ascii_digit())
        && !is_blank_value(t)
        && !k.ends_with(['費', '料', '金', '税', '債'])
}

/// 「実績」「見込」「目標」 alone (not 「目標値」, a header over columns).
fn is_kind_word(t: &str) -> bool {
    ["実績", "見込", "見込み", "予定", "目標"].contains(&key(t).as_str())
}

/// Value columns named by the zone's headers: a paragraph 「R５年度 実績」, or within a
/// paragraph a year line followed by a kind line; 「目標値」 alone makes the last column the target.
fn columns_of(paras: &[Para]) -> Vec<Column> {
    let mut columns = Vec::new();
    let mut target_header = false;
    for p in paras {
        let t = join_broken(p.lines.iter().map(|l| l.text.as_str()));
        if let Some(c) = column(&t) {
            columns.push(c);
            continue;
        }
        let lines: Vec<&str> = p.lines.iter().map(|l| clean(&l.text)).collect();
        let mut i = 0;
        while i < lines.len() {
            let pair = lines.get(i + 1).map(|n| format!("{}{}", lines[i], n));
            if let Some(c) = column(lines[i]) {
                columns.push(c);
            } else if let Some(c) = pair.as_deref().filter(|_| is_kind_word(lines[i + 1])).and_then(column) {
                columns.push(c);
                i += 1;
            } else if key(lines[i]) == "目標値" || key(lines[i]) == "目標" {
                target_header = true;
            }
            i += 1;
        }
    }
    if target_header && !columns.iter().any(|c| c.kind == Kind::Target) {
        if let Some(last) = columns.last_mut() {
            last.kind = Kind::Target;
        }
    }
    columns
}

/// Reads indicators from the paragraphs of a sheet's indicator zone: a name, a unit (or
/// values carrying their unit), then one value per column. When no indicator has exactly one
/// value per column, a name and unit followed by two or more values is taken, its first value
/// as the baseline and its last as the target; the flag says so (the caller warns).
pub(crate) fn flattened(paras: &[Para]) -> (Vec<IndicatorDraft>, bool) {
    let columns = columns_of(paras);
    // Column headers met between a name and its values (「決 算」「R５年度 実 績」) are not cells.
    let v = crate::vocab::Vocabulary::builtin();
    let cs: Vec<(usize, String)> = cells(paras)
        .into_iter()
        .filter(|(_, t)| is_value(t) || !crate::form::header::token(&v, t).is_header())
        .collect();
    let exact = scan(&cs, &columns, true);
    if !exact.is_empty() || columns.is_empty() {
        return (exact, false);
    }
    let loose = scan(&cs, &columns, false);
    let guessed = !loose.is_empty();
    (loose, guessed)
}

fn scan(cs: &[(usize, String)], columns: &[Column], exact: bool) -> Vec<IndicatorDraft> {
    let n = columns.len().max(2);
    let mut out = Vec::new();
    let mut i = 0;
    while i + 2 < cs.len() {
        let unit = unit_cell(&cs[i + 1].1).then(|| cs[i + 1].1.clone());
        let first = i + 1 + usize::from(unit.is_some());
        let limit = if exact { n } else { n + 2 };
        let values: Vec<String> =
            cs[first..].iter().take_while(|(_, v)| is_value(v)).take(limit).map(|(_, v)| v.clone()).collect();
        let units_in_values = values.iter().any(|v| !is_number(v) && !is_blank_value(v));
        let counted = if exact { values.len() == n } else { values.len() >= 2 && unit.is_some() };
        if !name_cell(&cs[i].1) || !counted || (unit.is_none() && !units_in_values) {
            i += 1;
            continue;
        }
        let mut ind = IndicatorDraft { name: cs[i].1.clone(), unit, line: cs[i].0, ..Default::default() };
        if exact && !columns.is_empty() {
            for (col, v) in columns.iter().zip(values.iter()).filter(|(_, v)| !is_blank_value(v)) {
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
        } else {
            let filled: Vec<&String> = values.iter().filter(|v| !is_blank_value(v)).collect();
            ind.baseline = filled.first().map(|v| v.to_string());
            ind.target = filled.last().filter(|_| filled.len() >= 2).map(|v| v.to_string());
        }
        if ind.unit.is_none() {
            ind.unit = values.iter().find_map(|v| hoshin_domain::Quantity::parse(v).unit);
        }
        ind.cumulative = key(&ind.name).contains("累計");
        out.push(ind);
        i = first + values.len();
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
        let (got, guessed) = flattened(&zone);
        assert!(!guessed);
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
    fn reads_headers_and_values_without_blank_lines() {
        let zone = paras("成果指標\nR5年度\n実績\nR6年度\n実績\nR8年度\n目標\n参加者数\n120人\n-\n200人");
        let (got, guessed) = flattened(&zone);
        assert!(!guessed);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!((got[0].baseline.as_deref(), got[0].baseline_year), (Some("120人"), Some(2023)));
        assert_eq!((got[0].target.as_deref(), got[0].unit.as_deref()), (Some("200人"), Some("人")));
    }

    #[test]
    fn values_that_do_not_fit_the_columns_are_guessed_and_flagged() {
        let zone = paras("成果指標\n\nR4年度\n実績\n\nR5年度\n実績\n\nR8年度\n目標\n\n参加者数\n\n人\n\n100\n\n150");
        let (got, guessed) = flattened(&zone);
        assert!(guessed);
        assert_eq!((got[0].baseline.as_deref(), got[0].target.as_deref()), (Some("100"), Some("150")));
    }

    #[test]
    fn numbers_on_one_line_are_separate_cells() {
        let zone = paras("R5年度実績\n\nR6年度実績\n\nR9年度目標\n\n利用者数\n\n人\n\n100 120 150");
        let (got, guessed) = flattened(&zone);
        assert!(!guessed);
        assert_eq!(got[0].baseline.as_deref(), Some("120"));
        assert_eq!(got[0].target.as_deref(), Some("150"));
    }
}
