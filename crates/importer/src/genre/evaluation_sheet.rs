//! Genre `evaluation_sheet`: 事務事業評価シート, one sheet per program (事務事業). Each sheet
//! gives the program's name, department, the 施策 it serves, its outline, and indicators with
//! yearly 実績 and a 目標値. Sheets are split where the line that opens every sheet recurs
//! (one occurrence per program-name label); fields are read by label vocabulary. A document
//! that lists programs as rows of one table is read row by row instead.

mod fields;
mod indicators;
mod list_table;
mod year_table;

#[cfg(test)]
mod tests;

use crate::draft::{Extraction, Genre, InitiativeDraft, SectionDraft};
use crate::genre::plan_chapter::text::{clean, key, paragraphs_of, Para};
use crate::genre::plan_chapter::{org, tables, text};
use crate::raw::{Line, RawDoc};
use fields::Field;

/// Interprets evaluation sheets.
pub fn interpret(doc: &RawDoc) -> Extraction {
    let lines = text::kept_lines(doc, &|t| fields::label_in(t).is_some() || fields::is_section_heading(t));
    let mut ex = Extraction::empty(Genre::EvaluationSheet);
    // The municipality by the rule every genre shares; when none is named, the common fill
    // tries the file name and warns.
    ex.organization = org::organization(&lines);
    ex.fiscal_year = evaluated_year(&lines)
        .or_else(|| org::title_fiscal_year(&lines))
        .or_else(|| labelled_year(&lines))
        .map(|f| f.year());
    ex.title = lines.iter().map(|l| clean(&l.text)).find(|t| !t.is_empty()).map(str::to_string);
    let listed = list_table::read(&lines);
    if listed.is_empty() {
        for sheet in split(&lines) {
            read_sheet(&sheet, &mut ex);
        }
    }
    for (ini, indicator) in listed {
        if let Some(dep) = ini.department.as_ref().filter(|d| !ex.departments.iter().any(|x| key(x) == key(d))) {
            ex.departments.push(dep.clone());
        }
        ex.indicators.extend(indicator);
        ex.initiatives.push(ini);
    }
    if ex.initiatives.is_empty() {
        ex.warn(lines.first().map_or(1, |l| l.no), "no program name (事務事業名) found");
    }
    ex
}

/// The year whose activities the sheets evaluate, when the title names it among others:
/// 「令和5年度 事務事業評価（令和4年度実施事業）」 → 令和4年度.
fn evaluated_year(lines: &[Line]) -> Option<hoshin_domain::FiscalYear> {
    lines.iter().filter(|l| !clean(&l.text).is_empty()).take(3).find_map(|l| {
        org::fiscal_years(&l.text).into_iter().find_map(|(fy, after)| {
            ["実施", "実績", "決算", "対象", "分"].iter().any(|w| after.starts_with(w)).then_some(fy)
        })
    })
}

/// The year a 「評価年度」「対象年度」 label gives (on its line or the next).
fn labelled_year(lines: &[Line]) -> Option<hoshin_domain::FiscalYear> {
    let words = ["評価年度", "対象年度", "評価対象年度", "実施年度", "事業年度"];
    let texts: Vec<&Line> = lines.iter().filter(|l| !clean(&l.text).is_empty()).collect();
    for (i, l) in texts.iter().enumerate() {
        let k = key(&l.text);
        let Some(p) = words.iter().find_map(|w| k.find(w).map(|p| p + w.len())) else { continue };
        if let Some(f) = org::first_fiscal_year(&k[p..]) {
            return Some(f);
        }
        if let Some(f) = texts.get(i + 1).and_then(|n| org::first_fiscal_year(&n.text)) {
            return Some(f);
        }
    }
    None
}

/// Splits the lines into sheets.
fn split(lines: &[Line]) -> Vec<Vec<Line>> {
    let labels: Vec<usize> = lines.iter().filter(|l| fields::has_label(&l.text, Field::Name)).map(|l| l.no).collect();
    if labels.len() <= 1 {
        return vec![lines.to_vec()];
    }
    // The first line that occurs once per sheet, each occurrence before its sheet's label.
    let mut starts: Option<Vec<usize>> = None;
    for l in lines.iter().filter(|l| l.no < labels[0] && !clean(&l.text).is_empty()) {
        let k = key(&l.text);
        let occ: Vec<usize> = lines.iter().filter(|m| key(&m.text) == k).map(|m| m.no).collect();
        let interleaved = occ.len() == labels.len()
            && occ.iter().enumerate().all(|(i, &o)| o < labels[i] && (i == 0 || o > labels[i - 1]));
        if interleaved {
            starts = Some(occ);
            break;
        }
    }
    let starts = starts.unwrap_or_else(|| {
        let mut s = labels.clone();
        s[0] = 0;
        s
    });
    let mut out = Vec::new();
    for (i, &s) in starts.iter().enumerate() {
        let from = if i == 0 { 0 } else { s };
        let to = starts.get(i + 1).copied().unwrap_or(usize::MAX);
        out.push(lines.iter().filter(|l| l.no >= from && l.no < to).cloned().collect());
    }
    out
}

fn read_sheet(lines: &[Line], ex: &mut Extraction) {
    let paras = paragraphs_of(lines);
    let mut ini = InitiativeDraft { kind: "program".into(), ..Default::default() };
    let mut summary: Vec<String> = Vec::new();
    for (field, value, line) in fields::read(&paras) {
        match field {
            Field::Name if ini.name.is_empty() => {
                ini.name = value.clone();
                ini.line = line;
            }
            // A 課 is more specific than the 部 given with it.
            Field::Department
                if ini.department.as_deref().is_none_or(|d| !d.ends_with('課') && value.ends_with('課')) =>
            {
                ini.department = Some(value.clone())
            }
            Field::Measure if ini.measure.is_none() => ini.measure = Some(measure_level(&value)),
            Field::Method | Field::Content | Field::Purpose => summary.push(value.clone()),
            Field::Period => {
                let (a, b) = period(&value);
                ini.period_start = a;
                ini.period_end = b;
            }
            _ => {}
        }
        if !matches!(field, Field::Name | Field::Department | Field::Measure) {
            ini.sections.push(SectionDraft { label: field.label().to_string(), body: value });
        }
    }
    if ini.name.is_empty() {
        if let Some(p) = paras.first() {
            ex.warn(p.line, "sheet without a program name (事務事業名)");
        }
        return;
    }
    if !summary.is_empty() {
        ini.summary = Some(summary.join("\n"));
    }
    if let Some(dep) = &ini.department {
        if !ex.departments.iter().any(|d| key(d) == key(dep)) {
            ex.departments.push(dep.clone());
        }
    } else {
        ex.warn(ini.line, format!("no department (担当部署) for {}", ini.name));
    }
    let (mut found, guessed) = indicators::flattened(&indicator_zone(&paras));
    if guessed {
        for ind in &found {
            ex.warn(
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
    if found.is_empty() {
        ex.warn(ini.line, format!("no indicator (成果指標) read for {}", ini.name));
    }
    for mut ind in found {
        ind.measure = ini.measure.clone();
        ind.initiative = Some(ini.name.clone());
        ex.indicators.push(ind);
    }
    ex.initiatives.push(ini);
}

/// Lines from the first mention of an indicator (成果指標, 活動指標, 指標名) to the judgement
/// of it (達成状況, 達成度, 有効性), still grouped in their paragraphs.
fn indicator_zone(paras: &[Para]) -> Vec<Para> {
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

/// A position in the plan naming several levels (「基本目標2 …　施策2-3 子育て支援」): the 施策
/// and what follows it, without the level word.
fn measure_level(value: &str) -> String {
    let v = clean(value);
    match v.rfind("施策") {
        Some(p) if p > 0 => {
            let rest = clean(v[p + "施策".len()..].trim_start_matches(['：', ':']));
            if rest.is_empty() {
                v.to_string()
            } else {
                rest.to_string()
            }
        }
        _ => v.to_string(),
    }
}

/// 「令和 5 年度 ～ 令和 9 年度」 → (2023, 2027).
fn period(t: &str) -> (Option<u16>, Option<u16>) {
    let k = key(t);
    match k.split_once(['～', '~', '〜']) {
        Some((a, b)) => (org::first_fiscal_year(a).map(|f| f.year()), org::first_fiscal_year(b).map(|f| f.year())),
        None => (org::first_fiscal_year(&k).map(|f| f.year()), None),
    }
}
