//! One sheet whose cells each stand on a line of their own (PDF text without its layout):
//! fields in text order (labels waiting for their values), indicators from the flattened
//! table between the first 「指標」 and its judgement, and from tab or Markdown tables.

use super::fields;
use super::indicators;
use super::layout::SheetParts;
use super::program::Labelled;
use super::year_table;
use crate::genre::plan_chapter::tables;
use crate::genre::plan_chapter::text::{key, paragraphs_of, Para};
use crate::raw::Line;
use crate::vocab::Vocabulary;

/// Reads a sheet in text order; `warn` receives what was guessed.
pub(crate) fn read(lines: &[Line], v: &Vocabulary, warn: &mut dyn FnMut(usize, String)) -> SheetParts {
    let paras = paragraphs_of(lines);
    let mut parts = SheetParts::default();
    for (field, value, line) in fields::read(v, &paras) {
        parts.fields.push(Labelled { field, value, line, rank: 0 });
    }
    let (mut found, guessed) = indicators::flattened(&indicator_zone(&paras));
    if guessed {
        for ind in &found {
            warn(
                ind.line,
                format!(
                    "values of {} do not fit the table's columns; took the first as current, the last as target",
                    ind.name
                ),
            );
        }
    }
    // What a table gives is read by its columns and rows: it replaces a reading of the same
    // indicator from the text, which guesses where values belong.
    for ind in tabbed_indicators(lines) {
        match found.iter_mut().find(|f| key(&f.name) == key(&ind.name)) {
            Some(f) => *f = ind,
            None => found.push(ind),
        }
    }
    parts.indicators = found;
    parts
}

/// Lines from the first mention of an indicator (成果指標, 活動指標, 指標名) to the judgement
/// of it (達成状況, 達成度, 有効性), still grouped in their paragraphs.
pub(crate) fn indicator_zone(paras: &[Para]) -> Vec<Para> {
    let all = || paras.iter().flat_map(|p| p.lines.iter());
    let Some(start) = all().find(|l| key(&l.text).contains("指標")).map(|l| l.no) else { return Vec::new() };
    let end = all()
        .filter(|l| l.no > start)
        .find(|l| ["達成状況", "達成度", "有効性"].iter().any(|w| key(&l.text).contains(w)))
        .map_or(usize::MAX, |l| l.no);
    paras
        .iter()
        .filter_map(|p| {
            let lines: Vec<Line> = p.lines.iter().filter(|l| l.no >= start && l.no < end).cloned().collect();
            lines.first().map(|f| Para { line: f.no, lines: lines.clone() })
        })
        .collect()
}

/// Indicators in tab-separated or Markdown tables (指標名 / 実績 / 目標値 headers, or rows of
/// 目標 / 実績 under a row of years); a table is a run of consecutive row lines.
fn tabbed_indicators(lines: &[Line]) -> Vec<crate::draft::IndicatorDraft> {
    let mut found = Vec::new();
    let mut run: Vec<tables::TableRow> = Vec::new();
    let mut rows = table_rows(lines).into_iter();
    for l in lines.iter().chain(std::iter::once(&Line { no: 0, text: String::new() })) {
        if let Some(cells) = rows.next().flatten() {
            run.push(tables::TableRow { line: l.no, cells });
            continue;
        }
        if run.is_empty() {
            continue;
        }
        let rows = std::mem::take(&mut run);
        match rows.iter().position(tables::is_indicator_header) {
            Some(h) => found.extend(tables::indicators(&rows[h], &rows[h + 1..], None)),
            None => found.extend(year_table::read(&rows)),
        }
    }
    found
}

/// The cells of each line that is a table row: tab or Markdown rows, and lines whose columns
/// are aligned with spaces when at least two consecutive lines split into the same number (≥ 3)
/// of cells.
fn table_rows(lines: &[Line]) -> Vec<Option<Vec<String>>> {
    let spaced: Vec<Option<Vec<String>>> =
        lines.iter().map(|l| tables::spaced_cells(&l.text).filter(|c| c.len() >= 3)).collect();
    let same = |i: usize, j: usize| match (spaced.get(i), spaced.get(j)) {
        (Some(Some(a)), Some(Some(b))) => a.len() == b.len(),
        _ => false,
    };
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            tables::row_cells(&l.text).or_else(|| {
                let paired = same(i, i + 1) || (i > 0 && same(i - 1, i));
                paired.then(|| spaced[i].clone()).flatten()
            })
        })
        .collect()
}
