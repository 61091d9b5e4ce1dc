//! One sheet laid out in columns (PDF text that kept the layout, spreadsheet rows): fields by
//! position, indicators and costs from the tables under their header bands, and indicators
//! written as text.

use super::inline;
use super::program::Labelled;
use crate::draft::{ActualDraft, CostDraft, IndicatorDraft, YearValueDraft};
use crate::form::fields::{self, Found, How};
use crate::form::grid::Grid;
use crate::form::header::{Kind, Role};
use crate::form::table::{self, GridTable};
use crate::genre::plan_chapter::text::{clean, key};
use crate::raw::Line;
use crate::vocab::{Field, Vocabulary};
use hoshin_domain::Quantity;

/// What a sheet gives besides its program's fields.
#[derive(Debug, Default)]
pub(crate) struct SheetParts {
    pub fields: Vec<Labelled>,
    pub indicators: Vec<IndicatorDraft>,
    pub costs: Vec<CostDraft>,
}

/// Reads a laid-out sheet.
pub(crate) fn read(lines: &[Line], v: &Vocabulary) -> SheetParts {
    let grid = Grid::new(lines);
    let tables = table::tables(&grid, v);
    // Labels inside a table (「指標名」 over the names, 「成果指標」 before a row) are the table's.
    let in_table = |line: usize| {
        tables.iter().any(|t| (t.line..=t.header_end).contains(&line) || t.rows.iter().any(|r| r.line == line))
    };
    let found: Vec<Found> = fields::read(&grid, v, &|f| f != Field::Cost)
        .into_iter()
        .filter(|f| !(f.field.is_table_header() || is_indicator_field(f.field)) || !in_table(f.line))
        .collect();
    let mut parts = SheetParts::default();
    for f in &found {
        if !is_indicator_field(f.field) && !f.field.is_table_header() {
            let rank = match f.how {
                How::Inline | How::Right => 0,
                How::Beside => 1,
                How::Below => 2,
            };
            parts.fields.push(Labelled { field: f.field, value: f.value.clone(), line: f.line, rank });
        }
    }
    let mut written = written_indicators(&grid, &found, v);
    for t in &tables {
        if is_cost_table(t, v) {
            parts.costs.extend(costs(t, v, lines));
        } else if is_kind_rows(t, v) || is_kind_header(t) {
            // 「目標値 | 20 | 22」「実績値 | 19 | 23」 under years: the values of the indicator
            // named just above the table.
            if let Some(ind) = written.iter_mut().rev().find(|i| i.line <= t.line) {
                kind_rows(t, v, ind);
            }
        } else {
            parts.indicators.extend(indicators(t, v));
        }
    }
    for ind in written {
        if !parts.indicators.iter().any(|i| key(&i.name) == key(&ind.name)) {
            parts.indicators.push(ind);
        }
    }
    parts
}

/// A table whose first column header is a kind over columns of years, with rows without
/// names (「実績値 | 令和4年度 | 令和5年度」 then 「| 31 | 38」).
fn is_kind_header(t: &GridTable) -> bool {
    let first = t.leaves.first();
    first.is_some_and(|l| l.kind.is_some() && l.year.is_none())
        && t.leaves[1..].iter().all(|l| l.year.is_some() && l.kind.is_none())
        && t.rows.first().is_some_and(|r| clean(&r.name).is_empty())
}

/// A table whose rows are kinds of values (目標値, 実績値, 計画) under a row of years.
fn is_kind_rows(t: &GridTable, v: &Vocabulary) -> bool {
    !t.rows.is_empty() && t.rows.iter().all(|r| row_kind(v, &r.name).is_some())
}

fn row_kind(v: &Vocabulary, name: &str) -> Option<Kind> {
    match v.field_of(name)? {
        Field::Actual => Some(Kind::Actual),
        Field::TargetValue => Some(Kind::Target),
        Field::Plan => Some(Kind::Plan),
        Field::Forecast => Some(Kind::Forecast),
        Field::Baseline => Some(Kind::Baseline),
        _ => None,
    }
}

/// Fills an indicator from a table of kinds by years: actuals, yearly targets, the latest
/// actual as the current value and the last year's target as the target.
fn kind_rows(t: &GridTable, v: &Vocabulary, ind: &mut IndicatorDraft) {
    // A 基準値 given on its own line stays the current value.
    let explicit_baseline = ind.baseline.clone();
    let header = is_kind_header(t);
    for row in &t.rows {
        // Under a kind header the first column holds the rows' labels (「目標値（令和8年度）」).
        let label = match row.cell(0) {
            Some(c) if header => c.to_string(),
            _ => row.name.clone(),
        };
        let header_kind = t.leaves.first().filter(|_| header && clean(&label).is_empty()).and_then(|l| l.kind);
        let Some(kind) = row_kind(v, &label).or(header_kind) else { continue };
        // 「目標値（令和8年度） | 600」: the year the row's label names.
        let row_year = crate::form::header::year_of(&key(&label));
        for (k, cell) in row.cells.iter().filter(|(k, _)| !header || *k > 0) {
            let (Some(y), false) = (row_year.or(t.leaves[*k].year), is_blank(cell)) else { continue };
            match kind {
                Kind::Actual => {
                    ind.actuals.push(ActualDraft { fiscal_year: y, value: cell.clone() });
                    if explicit_baseline.is_none() && ind.baseline_year.is_none_or(|b| y >= b) {
                        ind.baseline = Some(cell.clone());
                        ind.baseline_year = Some(y);
                    }
                }
                Kind::Target | Kind::Plan | Kind::Forecast => {
                    let name = if kind == Kind::Target { "target" } else { "plan" };
                    ind.yearly.push(YearValueDraft { fiscal_year: y, kind: name.into(), value: cell.clone() });
                    if kind == Kind::Target && ind.target_year.is_none_or(|b| y >= b) {
                        ind.target = Some(cell.clone());
                        ind.target_year = Some(y);
                    }
                }
                _ => {}
            }
        }
    }
}

/// Indicators of every table that is not about money, for readers of other genres.
pub(crate) fn table_indicators(lines: &[Line], v: &Vocabulary) -> Vec<IndicatorDraft> {
    let grid = Grid::new(lines);
    table::tables(&grid, v)
        .iter()
        .filter(|t| !is_cost_table(t, v) && !is_kind_rows(t, v))
        .flat_map(|t| indicators(t, v))
        .collect()
}

fn is_indicator_field(f: Field) -> bool {
    matches!(f, Field::Indicator | Field::ActivityIndicator | Field::OutcomeIndicator)
}

/// Indicators written as labelled text, each of the kind of the heading above it
/// (「＜実施成果(アウトプット)＞」 → activity).
fn written_indicators(grid: &Grid, found: &[Found], v: &Vocabulary) -> Vec<IndicatorDraft> {
    let mut out = Vec::new();
    let mut kind: Option<&str> = None;
    for (n, f) in found.iter().enumerate() {
        let heading = f.how != How::Inline && matches!(f.field, Field::ActivityIndicator | Field::OutcomeIndicator);
        match f.field {
            Field::ActivityIndicator if heading => kind = Some("activity"),
            Field::OutcomeIndicator if heading => kind = Some("outcome"),
            _ => {}
        }
        // A kind heading over indicators written below it (「＜実施成果(アウトプット)＞」) is not
        // one itself.
        let over_indicators = heading && found.get(n + 1).is_some_and(|g| is_indicator_field(g.field));
        if matches!(f.field, Field::Unit | Field::Baseline | Field::TargetValue) {
            // 「単位 | 人」「基準値（令和3年度） | 410」「目標値（令和8年度） | 600」 under an indicator.
            if let Some(ind) = out.last_mut().filter(|i: &&mut IndicatorDraft| f.line <= i.line + 8) {
                let year = crate::form::header::year_of(&key(&f.label));
                match f.field {
                    Field::Unit if ind.unit.is_none() => ind.unit = Some(f.value.clone()),
                    Field::Baseline if ind.baseline.is_none() => {
                        (ind.baseline, ind.baseline_year) = (Some(f.value.clone()), year)
                    }
                    Field::TargetValue if ind.target.is_none() => {
                        (ind.target, ind.target_year) = (Some(f.value.clone()), year)
                    }
                    _ => {}
                }
            }
            continue;
        }
        if !is_indicator_field(f.field) || over_indicators || f.value.is_empty() || is_header_text(&f.value, v) {
            continue;
        }
        let text = with_open_brackets_closed(grid, f);
        let mut ind = inline::indicator(v, &text, f.line);
        if ind.unit.is_none() {
            ind.unit = unit_beside(grid, f.line, v);
        }
        if ind.name.is_empty() || ind.name.chars().count() > 80 {
            continue;
        }
        ind.kind = match f.field {
            Field::ActivityIndicator => Some("activity".into()),
            Field::OutcomeIndicator => Some("outcome".into()),
            _ => kind.map(String::from),
        };
        out.push(ind);
    }
    out
}

/// 「単位 | 団体」 on the indicator's line.
fn unit_beside(grid: &Grid, line: usize, v: &Vocabulary) -> Option<String> {
    let l = &grid.lines[grid.index_of(line)?];
    let k = l.frags.iter().position(|f| v.field_of(&f.text) == Some(Field::Unit))?;
    l.frags.get(k + 1).map(|f| f.text.clone())
}

/// A value that is itself a column header (「単位」「目標値」) is not an indicator's name.
fn is_header_text(t: &str, v: &Vocabulary) -> bool {
    v.field_of(t).is_some_and(|f| f.is_table_header())
}

/// The value with the following lines appended while a bracket it opened is still open
/// (「…【数値目標：10社(考え方：…支援企」 / 「業数を算出)】」).
fn with_open_brackets_closed(grid: &Grid, f: &Found) -> String {
    let mut text = f.value.clone();
    let Some(i) = grid.index_of(f.line) else { return text };
    for line in grid.lines.iter().skip(i + 1).take(4) {
        if depth(&text) <= 0 {
            break;
        }
        let Some(first) = line.frags.first() else { break };
        text.push_str(&first.text);
    }
    text
}

fn depth(t: &str) -> i32 {
    t.chars().fold(0, |d, c| match c {
        '【' | '（' | '(' | '［' | '[' | '〔' => d + 1,
        '】' | '）' | ')' | '］' | ']' | '〕' => d - 1,
        _ => d,
    })
}

/// A table of money: budget or settlement columns, or rows named 事業費, 一般財源 ….
fn is_cost_table(t: &GridTable, v: &Vocabulary) -> bool {
    let money_columns = t.leaves.iter().any(|l| matches!(l.kind, Some(Kind::Budget | Kind::Settlement)));
    let money_rows = t.rows.iter().filter(|r| v.label(&r.name).is_some_and(|h| is_cost_field(h.field))).count();
    money_columns || money_rows * 2 > t.rows.len()
}

fn is_cost_field(f: Field) -> bool {
    matches!(
        f,
        Field::Cost | Field::GeneralFund | Field::Personnel | Field::TotalCost | Field::Budget | Field::Settlement
    )
}

fn is_blank(t: &str) -> bool {
    let k = key(t);
    k.is_empty() || k.chars().all(|c| "-－―—ー‐・／/".contains(c))
}

/// One indicator per row with a name; baseline and target chosen from the columns.
pub(crate) fn indicators(t: &GridTable, v: &Vocabulary) -> Vec<IndicatorDraft> {
    let unit = t.leaves.iter().position(|l| l.role == Role::Unit);
    let values: Vec<usize> = (0..t.leaves.len()).filter(|&k| t.leaves[k].role == Role::Value).collect();
    let has_target =
        values.iter().any(|&k| t.leaves[k].kind == Some(Kind::Target) || t.leaves[k].group == Some(Kind::Target));
    let mut out = Vec::new();
    for row in t.rows.iter().filter(|r| !clean(&r.name).is_empty()) {
        let mut ind = IndicatorDraft { name: clean(&row.name).to_string(), line: row.line, ..Default::default() };
        // 「区分 | 指標名」 columns: 「活動 | 相談件数」 is an activity indicator named 相談件数.
        let named = row.names.iter().find_map(|(k, _)| k.filter(|&k| is_indicator_header(&t.leaves[k], v)));
        let columns = row.names.iter().map(|(k, _)| *k).collect::<std::collections::BTreeSet<_>>();
        if let Some(k) = named.filter(|_| columns.len() >= 2) {
            ind.kind = row.names.iter().find_map(|(_, t)| kind_word(t));
            let own: Vec<(Option<usize>, String)> = row.names.iter().filter(|(c, _)| *c == Some(k)).cloned().collect();
            ind.name = crate::form::table::join_names(&own);
        }
        // 「成果指標 | 戸別受信機の配布世帯率」: the kind before the name.
        if let Some(h) = v.label(&ind.name.clone()).filter(|h| !h.rest.is_empty()) {
            ind.kind = match h.field {
                Field::ActivityIndicator => Some("activity".into()),
                Field::OutcomeIndicator => Some("outcome".into()),
                _ => None,
            };
            if is_indicator_field(h.field) {
                ind.name = h.rest;
            }
        }
        ind.unit = unit.and_then(|u| row.cell(u)).map(String::from);
        let mut baseline: Option<(Option<u16>, String)> = None;
        let mut last_actual: Option<(u16, String)> = None;
        let mut undated_actual: Option<String> = None;
        let mut target: Option<(u16, u8, String)> = None;
        let latest_actual = values
            .iter()
            .filter(|&&k| matches!(t.leaves[k].kind, None | Some(Kind::Actual)))
            .filter_map(|&k| t.leaves[k].year)
            .max();
        for &k in &values {
            let Some(cell) = row.cell(k).filter(|c| !is_blank(c)) else { continue };
            let leaf = &t.leaves[k];
            let year = leaf.year;
            // A column of a year alone holds that year's actual.
            let kind = leaf.kind.or(year.map(|_| Kind::Actual));
            match (kind, year) {
                (Some(Kind::Baseline), _) if baseline.is_none() => baseline = Some((year, cell.to_string())),
                (Some(Kind::Actual), None) => undated_actual = Some(cell.to_string()),
                (Some(Kind::Actual), Some(y)) => {
                    ind.actuals.push(ActualDraft { fiscal_year: y, value: cell.to_string() });
                    if last_actual.as_ref().is_none_or(|(fy, _)| y >= *fy) {
                        last_actual = Some((y, cell.to_string()));
                    }
                }
                (Some(kind @ (Kind::Target | Kind::Plan | Kind::Forecast)), Some(y)) => {
                    let name = match kind {
                        Kind::Target => "target",
                        Kind::Plan => "plan",
                        _ => "forecast",
                    };
                    ind.yearly.push(YearValueDraft { fiscal_year: y, kind: name.into(), value: cell.to_string() });
                }
                _ => {}
            }
            // Target: an explicit target column, a column under 「目標値」, or a forecast or plan
            // for a year after the last actual when the table speaks of targets.
            let strength = match leaf.kind {
                Some(Kind::Target) => Some(2),
                Some(Kind::Forecast | Kind::Plan) if leaf.group == Some(Kind::Target) => Some(1),
                Some(Kind::Forecast | Kind::Plan)
                    if has_target && year.zip(latest_actual).is_some_and(|(y, a)| y > a) =>
                {
                    Some(1)
                }
                None if leaf.group == Some(Kind::Target) || year.is_none() && has_target => Some(1),
                _ => None,
            };
            if let Some(s) = strength {
                let y = year.unwrap_or(u16::MAX);
                if target.as_ref().is_none_or(|(ty, ts, _)| (y, s) > (*ty, *ts)) {
                    target = Some((y, s, cell.to_string()));
                }
            }
        }
        match baseline {
            Some((y, b)) => {
                ind.baseline = Some(b);
                ind.baseline_year = y;
            }
            None => {
                // Without a 現状値 column the latest actual is the current value.
                if let Some((y, b)) = last_actual {
                    ind.baseline = Some(b);
                    ind.baseline_year = Some(y);
                } else {
                    ind.baseline = undated_actual;
                }
            }
        }
        if let Some((y, _, v)) = target {
            ind.target = Some(v);
            ind.target_year = (y != u16::MAX).then_some(y);
        }
        if ind.unit.is_none() {
            ind.unit = ind.target.as_deref().or(ind.baseline.as_deref()).and_then(inline::unit_of);
        }
        if ind.baseline.is_some() || ind.target.is_some() || !ind.actuals.is_empty() {
            out.push(ind);
        }
    }
    out
}

/// A name column headed by an indicator label (指標名, 成果指標の内容).
fn is_indicator_header(l: &crate::form::table::Leaf, v: &Vocabulary) -> bool {
    l.chain.last().is_some_and(|t| v.field_of(t).is_some_and(is_indicator_field))
}

/// 「活動」「成果」「アウトプット」「アウトカム」 in a 区分 column.
fn kind_word(t: &str) -> Option<String> {
    match key(t).as_str() {
        "活動" | "アウトプット" | "活動指標" => Some("activity".into()),
        "成果" | "アウトカム" | "成果指標" => Some("outcome".into()),
        _ => None,
    }
}

/// Costs by year from a money table, in yen when the table states its unit (千円 …).
pub(crate) fn costs(t: &GridTable, v: &Vocabulary, lines: &[Line]) -> Vec<CostDraft> {
    let scale = money_unit(t, lines);
    let mut out = Vec::new();
    for row in &t.rows {
        let hit = v.label(&row.name).map(|h| h.field);
        let item = match hit {
            Some(Field::Cost) | Some(Field::Budget) | Some(Field::Settlement) => "total".to_string(),
            Some(Field::GeneralFund) => "general_fund".into(),
            Some(Field::Personnel) => "personnel".into(),
            Some(Field::TotalCost) => "total_cost".into(),
            _ => clean(&row.name).to_string(),
        };
        if item.is_empty() {
            continue;
        }
        // 「経費（一財）」: each value is 「total(general fund)」.
        let fund_in_parens = key(&row.name).contains("一財") || key(&row.name).contains("(一般財源)");
        for (k, cell) in &row.cells {
            let leaf = &t.leaves[*k];
            let (Some(year), Some(kind)) = (leaf.year, leaf.kind) else { continue };
            let basis = match kind {
                Kind::Budget | Kind::Plan | Kind::Target => "budget",
                Kind::Settlement | Kind::Actual => "settlement",
                Kind::Forecast => "estimate",
                _ => continue,
            };
            if is_blank(cell) {
                continue;
            }
            let (main, fund) = match cell.find(['(', '（']) {
                Some(p) if fund_in_parens => (&cell[..p], Some(cell[p..].trim_matches(['(', '（', ')', '）', ' ']))),
                _ => (cell.as_str(), None),
            };
            let amount = |t: &str| Quantity::parse(t).value.zip(scale).map(|(x, s)| (x * s as f64).round() as i64);
            out.push(CostDraft {
                fiscal_year: year,
                basis: basis.into(),
                item: item.clone(),
                amount: amount(main),
                written: cell.clone(),
            });
            if let Some(f) = fund {
                out.push(CostDraft {
                    fiscal_year: year,
                    basis: basis.into(),
                    item: "general_fund".into(),
                    amount: amount(f),
                    written: f.to_string(),
                });
            }
        }
    }
    out
}

/// Yen per unit of the table's figures: 千円 named in the header or in the lines just above.
fn money_unit(t: &GridTable, lines: &[Line]) -> Option<i64> {
    let mut texts: Vec<String> = t.leaves.iter().flat_map(|l| l.chain.clone()).collect();
    texts.extend(t.rows.iter().map(|r| r.name.clone()));
    texts.extend(lines.iter().filter(|l| l.no + 4 >= t.line && l.no <= t.line).map(|l| l.text.clone()));
    let all = key(&texts.join(" "));
    if all.contains("百万円") {
        Some(1_000_000)
    } else if all.contains("千円") {
        Some(1_000)
    } else if all.contains("万円") {
        Some(10_000)
    } else if all.contains("(円)") || all.contains("単位:円") {
        Some(1)
    } else {
        None
    }
}
