//! Genre `measure_sheet`: one sheet per 施策 (a form printed page by page), with the
//! measure line (「経1-1 …」), its theme (「経営方針１ …」), 目指す姿, 現状と課題, SDGsに向けた
//! 方向性, a table of 取組み (name, description, 行革の視点 and its content) and 関連する個別計画.
//! A sheet starts where the form's first label recurs; a table of contents before the first
//! sheet gives measure titles and their themes.

mod items;
pub(crate) mod lines;
mod sheet;

#[cfg(test)]
mod tests;

use crate::draft::{Extraction, Genre};
use crate::genre::plan_chapter::{org, tables, text};
use crate::raw::{Line, RawDoc};
use lines::{classify, Section, SheetLine};
use sheet::{Doc, Sheet};

/// Interprets 施策 sheets.
pub fn interpret(doc: &RawDoc) -> Extraction {
    let lines = text::kept_lines(doc);
    let mut ex = Extraction::empty(Genre::MeasureSheet);
    ex.organization = org::find_organization(&lines);
    if ex.organization.is_none() {
        ex.warn(lines.first().map_or(1, |l| l.no), "no municipality (〇〇市) named in the document");
    }
    ex.fiscal_year = org::title_fiscal_year(&lines).map(|f| f.year());
    let mut d = Doc::default();
    let mut sh = Sheet::default();
    let mut rows: Vec<tables::TableRow> = Vec::new();
    for l in &lines {
        if let Some(cells) = tables::row_cells(&l.text) {
            rows.push(tables::TableRow { line: l.no, cells });
            continue;
        }
        if !rows.is_empty() {
            sh.table(std::mem::take(&mut rows), &mut ex);
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
            line_item(l, item, &mut d, &mut sh, &mut ex);
        }
    }
    if !rows.is_empty() {
        sh.table(rows, &mut ex);
    }
    sh.flush(&mut ex);
    d.finish_sheet(std::mem::take(&mut sh), &mut ex);
    ex
}

fn line_item(l: &Line, item: SheetLine, d: &mut Doc, sh: &mut Sheet, ex: &mut Extraction) {
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
            let k = text::key(&l.text).trim_matches('#').to_string();
            let first = d.sheet_start.get_or_insert_with(|| k.clone());
            if *first == k && sh.has_content() {
                d.finish_sheet(std::mem::take(sh), ex);
            }
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
            sh.measures.push(code);
            sh.expect_vision = true;
            sh.section = None;
        }
        SheetLine::Perspective { perspective, reform } => {
            sh.rows.push_perspective(l.no, perspective, reform);
            sh.in_reform = true;
        }
        SheetLine::Plan(name) => sh.plans.push((l.no, name)),
        SheetLine::Text(t) => {
            if sh.in_reform && sh.rows.continue_reform(&t) {
                return;
            }
            sh.para.push(Line { no: l.no, text: t });
        }
    }
}
