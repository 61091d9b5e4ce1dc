//! Indicator tables laid out by year: a row of fiscal years as column headers, then rows
//! labelled 目標 / 実績 holding one value per year; the indicator's name (and unit) on a row
//! labelled 成果指標 / 活動指標 / 指標名.
//!
//! ```text
//! 成果指標   花壇の数   単位   か所
//!            令和3年度  令和4年度  令和5年度
//! 目標値     10         12         14
//! 実績値     9          12
//! ```
//!
//! Sheets that write one indicator as label rows are read too: 単位, 基準値（令和3年度） and
//! 目標値（令和8年度） with one value each, and a 実績値 row of years with the values on the row
//! below it.

use crate::draft::{ActualDraft, IndicatorDraft};
use crate::genre::plan_chapter::org::first_fiscal_year;
use crate::genre::plan_chapter::tables::TableRow;
use crate::genre::plan_chapter::text::key;
use hoshin_domain::FiscalYear;

/// The fiscal year a header cell names on its own (「令和3年度」「R3」「2021年度」「R3実績」).
fn year_cell(c: &str) -> Option<u16> {
    let k = key(c);
    if k.is_empty() || k.chars().count() > 12 {
        return None;
    }
    if let Some(f) = first_fiscal_year(&k) {
        return Some(f.year());
    }
    let core = k.trim_end_matches("実績").trim_end_matches("目標").trim_end_matches("見込");
    FiscalYear::parse(core).ok().map(|f| f.year())
}

fn is_indicator_label(c: &str) -> bool {
    let k = key(c);
    ["成果指標", "活動指標", "指標名", "指標"].iter().any(|w| k == *w || (k.starts_with(w) && k.chars().count() <= 8))
}

/// Reads the indicators of year-column tables.
/// What a label row with one value gives: 基準値 / 現状値 or 目標値, with the year the label names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Single {
    Baseline,
    Target,
}

fn single_label(label: &str) -> Option<Single> {
    let k = key(label);
    if ["基準値", "現状値", "当初値", "策定時"].iter().any(|w| k.starts_with(w)) {
        Some(Single::Baseline)
    } else if k.starts_with("目標値") || k.starts_with("目標") && k.chars().count() <= 14 {
        Some(Single::Target)
    } else {
        None
    }
}

pub(crate) fn read(rows: &[TableRow]) -> Vec<IndicatorDraft> {
    let mut out: Vec<IndicatorDraft> = Vec::new();
    let mut columns: Vec<(usize, u16)> = Vec::new();
    let mut targets: Vec<(u16, String)> = Vec::new();
    // The label of the last row of years (「実績値 | 令和4年度 | …」): its values are on the next row.
    let mut years_label = String::new();
    let finish = |ind: &mut IndicatorDraft, targets: &mut Vec<(u16, String)>| {
        // A 基準値 given on its own row stays; otherwise the latest result is the current value.
        if ind.baseline.is_none() {
            if let Some(a) = ind.actuals.last() {
                ind.baseline = Some(a.value.clone());
                ind.baseline_year = Some(a.fiscal_year);
            }
        }
        if let Some((y, v)) = targets.last() {
            ind.target = Some(v.clone());
            ind.target_year = Some(*y);
        }
        targets.clear();
    };
    for row in rows {
        let cells: Vec<&str> = (0..row.cells.len()).map(|i| row.cell(i)).collect();
        let first = cells.iter().position(|c| !c.is_empty());
        let one_value = first.and_then(|f| {
            let rest: Vec<&&str> = cells[f + 1..].iter().filter(|c| !c.is_empty()).collect();
            (rest.len() == 1).then(|| (cells[f], rest[0].to_string()))
        });
        if let (Some((label, value)), Some(ind)) = (one_value.as_ref(), out.last_mut()) {
            if key(label) == "単位" {
                ind.unit = Some(value.clone());
                continue;
            }
            if year_cell(value).is_none() {
                let year = first_fiscal_year(&key(label)).map(|f| f.year());
                match single_label(label) {
                    Some(Single::Baseline) => {
                        ind.baseline = Some(value.clone());
                        ind.baseline_year = year;
                        continue;
                    }
                    Some(Single::Target) if year.is_some() || columns.is_empty() => {
                        targets.clear();
                        ind.target = Some(value.clone());
                        ind.target_year = year;
                        continue;
                    }
                    _ => {}
                }
            }
        }
        if let Some(p) = cells.iter().position(|c| is_indicator_label(c)) {
            if let Some(prev) = out.last_mut() {
                finish(prev, &mut targets);
            }
            let name = cells[p + 1..].iter().find(|c| !c.is_empty()).map(|c| c.to_string()).unwrap_or_default();
            let unit =
                cells.iter().position(|c| key(c) == "単位").and_then(|u| cells.get(u + 1)).map(|c| c.to_string());
            out.push(IndicatorDraft { name, unit, line: row.line, ..Default::default() });
            continue;
        }
        let years: Vec<(usize, u16)> =
            cells.iter().enumerate().filter_map(|(i, c)| year_cell(c).map(|y| (i, y))).collect();
        if years.len() >= 2 {
            years_label = first.filter(|&f| year_cell(cells[f]).is_none()).map(|f| key(cells[f])).unwrap_or_default();
            columns = years;
            continue;
        }
        // A row of values under a labelled row of years takes that row's label.
        let label = match first {
            Some(f) if f > 0 && year_cell(cells[f]).is_none() && !years_label.is_empty() => years_label.clone(),
            _ => cells.iter().find(|c| !c.is_empty()).map(|c| key(c)).unwrap_or_default(),
        };
        let Some(ind) = out.last_mut() else { continue };
        let values = columns.iter().filter_map(|&(i, y)| {
            cells.get(i).filter(|v| !v.is_empty() && **v != "-" && **v != "―").map(|v| (y, v.to_string()))
        });
        if label.contains("実績") {
            ind.actuals.extend(values.map(|(fiscal_year, value)| ActualDraft { fiscal_year, value }));
        } else if label.contains("目標") {
            targets.extend(values);
        }
    }
    if let Some(prev) = out.last_mut() {
        finish(prev, &mut targets);
    }
    out.retain(|i| !i.name.is_empty() && (i.baseline.is_some() || i.target.is_some()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::genre::plan_chapter::tables::row_cells;

    #[test]
    fn reads_rows_of_targets_and_actuals_by_year() {
        let text =
            "成果指標\t花壇の数\t単位\tか所\n\t令和3年度\t令和4年度\t令和5年度\n目標値\t10\t12\t14\n実績値\t9\t12\t-";
        let rows: Vec<TableRow> = text
            .lines()
            .enumerate()
            .map(|(i, l)| TableRow { line: i + 1, cells: row_cells(l).unwrap_or_default() })
            .collect();
        let got = read(&rows);
        assert_eq!(got.len(), 1);
        let i = &got[0];
        assert_eq!((i.name.as_str(), i.unit.as_deref()), ("花壇の数", Some("か所")));
        assert_eq!((i.baseline.as_deref(), i.baseline_year), (Some("12"), Some(2022)));
        assert_eq!((i.target.as_deref(), i.target_year), (Some("14"), Some(2023)));
        assert_eq!(i.actuals.len(), 2);
    }

    #[test]
    fn reads_an_indicator_written_as_label_rows() {
        let text = "成果指標\t花壇の数\n単位\tか所\n基準値（令和3年度）\t９\n実績値\t令和4年度\t令和5年度\n\t１０\t１２\n目標値（令和8年度）\t２０";
        let rows: Vec<TableRow> = text
            .lines()
            .enumerate()
            .map(|(i, l)| TableRow { line: i + 1, cells: row_cells(l).unwrap_or_default() })
            .collect();
        let got = read(&rows);
        assert_eq!(got.len(), 1, "{got:?}");
        let i = &got[0];
        assert_eq!((i.name.as_str(), i.unit.as_deref()), ("花壇の数", Some("か所")));
        assert_eq!((i.baseline.as_deref(), i.baseline_year), (Some("９"), Some(2021)));
        assert_eq!((i.target.as_deref(), i.target_year), (Some("２０"), Some(2026)));
        let actuals: Vec<(u16, &str)> = i.actuals.iter().map(|a| (a.fiscal_year, a.value.as_str())).collect();
        assert_eq!(actuals, vec![(2022, "１０"), (2023, "１２")]);
    }
}
