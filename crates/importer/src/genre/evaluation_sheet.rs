//! Genre `evaluation_sheet`: 事務事業評価シート and the like, one sheet per program (事務事業).
//! Each sheet gives the program's name, owner, place in the plan, outline, indicators with
//! yearly values and targets, costs by year, judgements and a direction. Fields are found by
//! the label vocabulary ([`crate::vocab`]); a sheet laid out in columns is read by position
//! ([`layout`]), one whose cells stand on lines of their own in text order ([`stream`]).
//! Sheets are split where the program-name label recurs; a sheet that runs over two pages
//! (the same name again) stays one. A document that lists programs as rows of one table is
//! read row by row instead.

mod fields;
mod indicators;
mod inline;
pub(crate) mod layout;
mod program;
mod records;
mod stream;
mod year_table;

#[cfg(test)]
mod tests;

use crate::draft::{Extraction, Genre, IndicatorDraft};
use crate::form::grid::Grid;
use crate::genre::plan_chapter::text::{clean, key};
use crate::genre::plan_chapter::{org, text};
use crate::raw::{Line, RawDoc};
use crate::vocab::{Field, Vocabulary};
use layout::SheetParts;

/// Share of lines with two or more cells above which a sheet is read by position.
const COLUMNED: f64 = 0.15;

/// Interprets evaluation sheets.
pub fn interpret(doc: &RawDoc, v: &Vocabulary) -> Extraction {
    let lines = text::kept_lines(doc, &|t| v.label(t).is_some() || fields::is_section_heading(t));
    let mut ex = Extraction::empty(Genre::EvaluationSheet);
    // The municipality by the rule every genre shares; when none is named, the common fill
    // tries the file name and warns.
    ex.organization = org::organization(&lines);
    ex.fiscal_year = evaluated_year(&lines)
        .or_else(|| org::title_fiscal_year(&lines))
        .or_else(|| labelled_year(&lines))
        .map(|f| f.year());
    ex.title = lines.iter().map(|l| clean(&l.text)).find(|t| !t.is_empty()).map(str::to_string);
    let listed = records::read(&lines, v);
    if listed.is_empty() {
        for sheet in split(&lines, v) {
            read_sheet(&sheet, v, &mut ex);
        }
    }
    for (ini, indicators) in listed {
        add_department(&mut ex, ini.department.as_deref());
        ex.indicators.extend(indicators);
        ex.initiatives.push(ini);
    }
    if ex.initiatives.is_empty() {
        ex.warn(lines.first().map_or(1, |l| l.no), "no program name (事務事業名) found");
    }
    ex
}

fn add_department(ex: &mut Extraction, dep: Option<&str>) {
    if let Some(dep) = dep.filter(|d| !ex.departments.iter().any(|x| key(x) == key(d))) {
        ex.departments.push(dep.to_string());
    }
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

/// Splits the lines into sheets at the program-name labels.
fn split(lines: &[Line], v: &Vocabulary) -> Vec<Vec<Line>> {
    let labels: Vec<usize> =
        lines.iter().filter(|l| fields::has_label(v, &l.text, Field::Name)).map(|l| l.no).collect();
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

/// Reads a sheet by position or in text order (whichever the layout suits, the other when
/// the first finds no program name) and adds its program to the extraction. A sheet whose
/// program has the name of the previous one continues it (a second page).
fn read_sheet(lines: &[Line], v: &Vocabulary, ex: &mut Extraction) {
    let mut warnings: Vec<(usize, String)> = Vec::new();
    let by_layout = layout::read(lines, v);
    let mut stream_warnings: Vec<(usize, String)> = Vec::new();
    let by_stream = stream::read(lines, v, &mut |l, m| stream_warnings.push((l, m)));
    let columned = Grid::new(lines).columned() >= COLUMNED;
    // The reader the layout suits comes first; the other fills in what it did not find.
    let (first, second, first_is_stream) =
        if columned { (by_layout, by_stream, false) } else { (by_stream, by_layout, true) };
    let named = |p: &SheetParts| program::build(&p.fields, v).is_some();
    let fields = if named(&first) || !named(&second) { first.fields } else { second.fields };
    let from_stream = if first.indicators.is_empty() { !first_is_stream } else { first_is_stream };
    let indicators = if first.indicators.is_empty() { second.indicators } else { first.indicators };
    if from_stream {
        warnings = stream_warnings;
    }
    let costs = if first_is_stream { second.costs } else { first.costs };
    let parts = SheetParts { fields, indicators, costs };
    let SheetParts { fields, indicators, costs } = parts;
    let Some(mut ini) = program::build(&fields, v) else {
        if let Some(l) = lines.iter().find(|l| !clean(&l.text).is_empty()) {
            ex.warn(l.no, "sheet without a program name (事務事業名)");
        }
        return;
    };
    for (line, message) in warnings {
        ex.warn(line, message);
    }
    ini.costs = costs;
    let continues = ex.initiatives.last().is_some_and(|p| key(&p.name) == key(&ini.name));
    if continues {
        merge_page(ex, ini, indicators);
        return;
    }
    add_department(ex, ini.department.as_deref());
    if ini.department.is_none() {
        ex.warn(ini.line, format!("no department (担当部署) for {}", ini.name));
    }
    if indicators.is_empty() {
        ex.warn(ini.line, format!("no indicator (成果指標) read for {}", ini.name));
    }
    push_indicators(ex, &ini, indicators);
    ex.initiatives.push(ini);
}

fn push_indicators(ex: &mut Extraction, ini: &crate::draft::InitiativeDraft, indicators: Vec<IndicatorDraft>) {
    for mut ind in indicators {
        ind.measure = ini.measure.clone();
        ind.initiative = Some(ini.name.clone());
        ex.indicators.push(ind);
    }
}

/// A second page of the previous program: what it adds is added, what it repeats is not.
fn merge_page(ex: &mut Extraction, page: crate::draft::InitiativeDraft, indicators: Vec<IndicatorDraft>) {
    let Some(prev) = ex.initiatives.last_mut() else { return };
    for s in page.sections {
        if !prev.sections.iter().any(|p| p.label == s.label && p.body == s.body) {
            prev.sections.push(s);
        }
    }
    for j in page.judgements {
        if !prev.judgements.contains(&j) {
            prev.judgements.push(j);
        }
    }
    for c in page.costs {
        if !prev.costs.contains(&c) {
            prev.costs.push(c);
        }
    }
    prev.direction = prev.direction.take().or(page.direction);
    prev.department = prev.department.take().or(page.department);
    prev.measure = prev.measure.take().or(page.measure);
    let prev = prev.clone();
    let fresh: Vec<IndicatorDraft> = indicators
        .into_iter()
        .filter(|i| {
            !ex.indicators.iter().any(|e| e.initiative.as_deref() == Some(&prev.name) && key(&e.name) == key(&i.name))
        })
        .collect();
    push_indicators(ex, &prev, fresh);
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
        Some((a, b)) => (org::first_fiscal_year(a).map(|f| f.year()), period_end(a, b)),
        None => (org::first_fiscal_year(&k).map(|f| f.year()), None),
    }
}

/// The end of a period, 「7年度」 taking the era of its start (「令和5年度～7年度」).
fn period_end(start: &str, end: &str) -> Option<u16> {
    org::first_fiscal_year(end).map(|f| f.year()).or_else(|| {
        let era: String = start.chars().take_while(|c| !c.is_ascii_digit()).collect();
        org::first_fiscal_year(&format!("{era}{end}")).map(|f| f.year())
    })
}
