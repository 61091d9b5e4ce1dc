//! Genre `measure_sheet`: one sheet per 施策 (a form printed page by page), with the
//! measure line (「経1-1 …」), its theme (「経営方針１ …」), 目指す姿, 現状と課題, SDGsに向けた
//! 方向性, a table of 取組み (name, description, 行革の視点 and its content) and 関連する個別計画.
//! A sheet starts where the form's first label recurs; a table of contents before the first
//! sheet gives measure titles and their themes.

mod items;
mod labelled;
pub(crate) mod lines;
mod sheet;
mod table;

#[cfg(test)]
mod tests;

use crate::draft::{Extraction, Genre};
use crate::genre::plan_chapter::fields::Field;
use crate::genre::plan_chapter::{self, org, tables, text};
use crate::raw::{Line, RawDoc};
use lines::{classify, Section, SheetLine};
use sheet::{Doc, Sheet};

/// Interprets 施策 sheets.
pub fn interpret(doc: &RawDoc) -> Extraction {
    let lines = text::kept_lines(doc, &|t| classify(t).iter().any(|l| matches!(l, SheetLine::Label(..))));
    let lines = plan_chapter::stacked::join(&plan_chapter::aligned::retable(&lines));
    let mut ex = Extraction::empty(Genre::MeasureSheet);
    // The municipality by the rule every genre shares; when none is named, the common fill
    // tries the file name and warns.
    ex.organization = org::organization(&lines);
    ex.fiscal_year = org::title_fiscal_year(&lines).map(|f| f.year());
    let perspectives = perspective_words(&lines);
    // Without blank lines (under one line in twenty), paragraphs do not end rows.
    let blank = lines.iter().filter(|l| text::clean(&l.text).is_empty()).count();
    let mut d = Doc { dense: blank * 20 < lines.len(), wrap: text::wrap_width(&lines), ..Doc::default() };
    let mut sh = Sheet::default();
    let mut rows: Vec<tables::TableRow> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        d.prev_cut = i > 0 && text::cut_at(&lines[i - 1].text, d.wrap);
        if let Some(cells) = tables::row_cells(&l.text) {
            rows.push(tables::TableRow { line: l.no, cells });
            continue;
        }
        if !rows.is_empty() {
            table::read(&std::mem::take(&mut rows), &mut d, &mut sh, &mut ex);
        }
        if text::clean(&l.text).is_empty() {
            sh.flush(&mut ex);
            sh.in_reform = false;
            continue;
        }
        if ex.title.is_none() && !d.started {
            if let [SheetLine::Text(t)] = classify(&l.text).as_slice() {
                ex.title = Some(t.clone());
                d.started = true;
                continue;
            }
        }
        d.started = true;
        for item in classify(&l.text) {
            // A circled word that is not one of the document's perspectives is text (an
            // action numbered ①②…).
            let item = match item {
                SheetLine::Perspective { perspective, .. } if !perspectives.contains(&text::key(&perspective)) => {
                    SheetLine::Text(text::clean(&l.text).to_string())
                }
                other => other,
            };
            line_item(l, item, &mut d, &mut sh, &mut ex);
        }
    }
    if !rows.is_empty() {
        table::read(&rows, &mut d, &mut sh, &mut ex);
    }
    sh.flush(&mut ex);
    d.finish_sheet(std::mem::take(&mut sh), &mut ex);
    ex
}

/// The perspectives (行革の視点) of the document: circled words that recur, or that a legend
/// line listing several (「①市民サービスの視点 ②参加と協働の視点」) names.
fn perspective_words(lines: &[Line]) -> std::collections::HashSet<String> {
    let mut counts: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut legend: Vec<String> = Vec::new();
    for l in lines {
        let t = text::clean(&l.text);
        if t.chars().filter(|c| text::circled(*c).is_some()).count() >= 2 {
            for item in t.split(|c: char| text::circled(c).is_some()).map(text::key).filter(|w| !w.is_empty()) {
                legend.push(item.trim_end_matches("の視点").to_string());
            }
            continue;
        }
        for item in classify(t) {
            if let SheetLine::Perspective { perspective, .. } = item {
                *counts.entry(text::key(&perspective)).or_default() += 1;
            }
        }
    }
    counts
        .into_iter()
        .filter(|(k, n)| {
            let word: String = k.chars().skip(1).collect();
            *n >= 2 || legend.iter().any(|w| !word.is_empty() && (w.starts_with(&word) || word.starts_with(w.as_str())))
        })
        .map(|(k, _)| k)
        .collect()
}

fn line_item(l: &Line, item: SheetLine, d: &mut Doc, sh: &mut Sheet, ex: &mut Extraction) {
    // An unlabelled line under a labelled value continues it (a name only where the hard
    // wrap cut it).
    if let (Some(open), SheetLine::Text(t) | SheetLine::Plan(t)) = (&mut sh.field, &item) {
        // Without a wrap width (text broken at a cell's edge), a few characters that end no
        // sentence finish a name.
        let remainder = d.wrap.is_none() && text::name_remainder(t);
        let name = matches!(open.field, Field::Action) || labelled::is_placed(open.field);
        let wrapped = d.prev_cut || (name && remainder);
        if !labelled::is_placed(open.field) {
            open.push(t, !wrapped);
            return;
        }
        if wrapped && labelled::extend_name(open.field, t, d, sh, ex) {
            return;
        }
        sh.field = None;
    }
    if !matches!(item, SheetLine::Text(_)) {
        sh.flush(ex);
        sh.expect_vision = false;
    }
    if !matches!(item, SheetLine::Text(_) | SheetLine::Perspective { .. }) {
        sh.in_reform = false;
    }
    if matches!(item, SheetLine::Label(..) | SheetLine::Theme { .. } | SheetLine::Measure { .. }) {
        sh.rows.close();
    }
    match item {
        SheetLine::Noise => {}
        SheetLine::Label(Section::Form, _) => {
            labelled::sheet_label(text::key(&l.text).trim_matches('#'), d, sh, ex);
            sh.section = None;
        }
        SheetLine::Label(Section::Department, rest) if !rest.is_empty() => sh.department = Some(rest),
        SheetLine::Label(s, _) => sh.section = Some(s),
        SheetLine::Theme { number, title } => {
            if !ex.themes.iter().any(|t| text::key(t) == text::key(&title)) {
                ex.themes.push(title.clone());
            }
            d.last_theme = Some(title.clone());
            sh.theme = Some((number, title));
            sh.section = None;
        }
        SheetLine::Measure { code, title } => {
            d.add_measure(l.no, &code, &title, ex);
            sh.measures.push(if code.is_empty() { title } else { code });
            sh.expect_vision = true;
            sh.section = None;
        }
        SheetLine::Perspective { perspective, reform } => {
            sh.rows.push_perspective(l.no, perspective, reform);
            sh.in_reform = true;
        }
        SheetLine::Plan(name) => sh.plans.push((l.no, name)),
        SheetLine::Field(f) => labelled::field(l, f, d, sh, ex),
        SheetLine::Text(t) => {
            if sh.in_reform && sh.rows.continue_reform(&t, d.dense) {
                return;
            }
            sh.in_reform = false;
            sh.para.push(Line { no: l.no, text: t });
        }
    }
}
