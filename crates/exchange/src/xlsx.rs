//! xlsx out: one worksheet per [`Sheet`], print-ready — A4, portrait or landscape, fitted to
//! the page width, the table's header row repeated on every printed page, page numbers in the
//! footer, the header row frozen on screen, and column widths sized for Japanese text (a
//! full-width character counts two, a column is at most [`MAX_WIDTH`] wide and wraps).
//!
//! A [`Form`] is the other shape: a paper form (事務事業評価シート) on A4 portrait fitted to one
//! page wide — label cells on the left, values merged across the rest of the row, section
//! bands, and small tables inside the form. Text is always written as text (never a formula).

use crate::table::{Cell, Table};
use crate::Result;
use rust_xlsxwriter::{Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet};

/// The widest a column gets (Excel's units, about one half-width character).
pub const MAX_WIDTH: f64 = 48.0;

/// Excel's limit for one cell's text; longer text is cut there.
const CELL_LIMIT: usize = 32_767;

/// One worksheet: a title, label–text lines under it, then the table.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// The tab name (cleaned and made unique: at most 31 characters, none of `[]:*?/\`).
    pub name: String,
    pub title: String,
    /// Lines under the title: a bold label and its text, spanning the table's width.
    pub notes: Vec<(String, String)>,
    /// Written with its Japanese titles as the header row.
    pub table: Table,
    pub landscape: bool,
}

/// A workbook whose bytes depend on its content only: the document's creation time (which
/// rust_xlsxwriter sets to the clock) is fixed at 2000-01-01, so the same data give the same
/// file (reproducible exports; downloads that compare and cache as bytes).
fn new_workbook() -> Result<Workbook> {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    wb.set_properties(&DocProperties::new().set_creation_datetime(&created));
    Ok(wb)
}

/// The workbook's bytes.
pub fn workbook(sheets: &[Sheet]) -> Result<Vec<u8>> {
    let mut wb = new_workbook()?;
    let mut used: Vec<String> = Vec::new();
    for s in sheets {
        let name = unique_name(&s.name, &used);
        used.push(name.clone());
        let ws = wb.add_worksheet();
        ws.set_name(name)?;
        write_sheet(ws, s)?;
    }
    Ok(wb.save_to_buffer()?)
}

fn write_sheet(ws: &mut Worksheet, s: &Sheet) -> Result<()> {
    let title = Format::new().set_bold().set_font_size(14);
    let label = Format::new().set_bold().set_align(FormatAlign::Top).set_border(FormatBorder::Thin);
    let note = Format::new().set_text_wrap().set_align(FormatAlign::Top).set_border(FormatBorder::Thin);
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_border(FormatBorder::Thin)
        .set_background_color(Color::RGB(0x00DD_E4EE));
    let body = Format::new().set_text_wrap().set_align(FormatAlign::Top).set_border(FormatBorder::Thin);
    let number = Format::new().set_align(FormatAlign::Top).set_border(FormatBorder::Thin).set_num_format("#,##0.##");

    let cols = s.table.fields.len().max(1);
    let last_col = (cols - 1) as u16;
    let widths = column_widths(&s.table);
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    ws.write_string_with_format(0, 0, clip(&s.title), &title)?;
    let mut row: u32 = 1;
    let span: f64 = widths.iter().skip(1).sum::<f64>().max(10.0);
    for (l, text) in &s.notes {
        row += 1;
        ws.write_string_with_format(row, 0, clip(l), &label)?;
        if last_col >= 2 {
            ws.merge_range(row, 1, row, last_col, clip(text), &note)?;
        } else if last_col == 1 {
            ws.write_string_with_format(row, 1, clip(text), &note)?;
        }
        let lines = text.lines().map(|line| (display_width(line) / span).ceil().max(1.0)).sum::<f64>().max(1.0);
        ws.set_row_height(row, (lines * 15.0).min(409.0))?;
    }
    row += 2;
    let header_row = row;
    for (c, f) in s.table.fields.iter().enumerate() {
        ws.write_string_with_format(header_row, c as u16, clip(&f.title), &head)?;
    }
    for cells in &s.table.rows {
        row += 1;
        for (c, cell) in cells.iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Empty => ws.write_blank(row, c, &body).map(|_| ())?,
                Cell::Text(t) => ws.write_string_with_format(row, c, clip(t), &body).map(|_| ())?,
                Cell::Int(n) => ws.write_number_with_format(row, c, *n as f64, &number).map(|_| ())?,
                Cell::Num(x) => ws.write_number_with_format(row, c, *x, &number).map(|_| ())?,
                Cell::Bool(b) => ws.write_string_with_format(row, c, if *b { "○" } else { "" }, &body).map(|_| ())?,
            }
        }
    }
    ws.set_paper_size(9); // A4
    if s.landscape {
        ws.set_landscape();
    } else {
        ws.set_portrait();
    }
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(header_row, header_row)?;
    ws.set_freeze_panes(header_row + 1, 0)?;
    ws.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    ws.set_print_center_horizontally(true);
    ws.set_footer("&C&P / &N");
    Ok(())
}

/// The label columns of a [`Form`] (merged for every label cell).
pub const FORM_LABEL_COLS: u16 = 2;

/// The value columns of a [`Form`]: a value spans all of them, a [`Block::Grid`] shares them
/// among its columns (at most this many value columns).
pub const FORM_SLOTS: u16 = 8;

const FORM_LABEL_WIDTH: f64 = 10.0;
const FORM_SLOT_WIDTH: f64 = 9.5;

/// A paper form on one worksheet: a head line, a title, then blocks top to bottom.
#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    /// The tab name (cleaned and made unique like a [`Sheet`]'s).
    pub name: String,
    /// The line above the title (the form's kind, who and when), right-aligned.
    pub head: String,
    pub title: String,
    pub blocks: Vec<Block>,
}

/// One part of a [`Form`].
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A band across the form that starts a section.
    Section(String),
    /// A label on the left and its value across the value columns.
    Field(String, Cell),
    /// A table inside the form: a header row, then rows whose first cell is a label (in the
    /// label columns) and whose other cells share the value columns. Cells past
    /// [`FORM_SLOTS`] value columns are left out (callers choose which columns to show).
    Grid { header: Vec<String>, rows: Vec<Vec<Cell>> },
    /// Text across the whole width (a remark, in a smaller grey font).
    Note(String),
}

/// A workbook of forms, one worksheet each.
pub fn form_workbook(forms: &[Form]) -> Result<Vec<u8>> {
    let mut wb = new_workbook()?;
    let mut used: Vec<String> = Vec::new();
    for f in forms {
        let name = unique_name(&f.name, &used);
        used.push(name.clone());
        let ws = wb.add_worksheet();
        ws.set_name(name)?;
        write_form(ws, f)?;
    }
    Ok(wb.save_to_buffer()?)
}

/// The value columns each of `n` grid columns spans: an equal share, the last taking the rest.
fn grid_spans(n: u16) -> Vec<(u16, u16)> {
    let n = n.clamp(1, FORM_SLOTS);
    let each = FORM_SLOTS / n;
    (0..n)
        .map(|k| {
            let first = FORM_LABEL_COLS + k * each;
            let last = if k + 1 == n { FORM_LABEL_COLS + FORM_SLOTS - 1 } else { first + each - 1 };
            (first, last)
        })
        .collect()
}

/// Lines `text` takes in a cell `width` wide (at least one).
fn lines_in(text: &str, width: f64) -> f64 {
    text.lines().map(|l| (display_width(l) / width.max(1.0)).ceil().max(1.0)).sum::<f64>().max(1.0)
}

fn write_form(ws: &mut Worksheet, f: &Form) -> Result<()> {
    let last = FORM_LABEL_COLS + FORM_SLOTS - 1;
    let base = || Format::new().set_text_wrap().set_align(FormatAlign::VerticalCenter).set_border(FormatBorder::Thin);
    let head = Format::new().set_align(FormatAlign::Right).set_font_size(9);
    let title = Format::new()
        .set_bold()
        .set_font_size(16)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap();
    let section = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color(Color::RGB(0x00C9_D5E6));
    let label = base().set_bold().set_background_color(Color::RGB(0x00EE_F2F7));
    let value = base().set_align(FormatAlign::Top);
    let grid_head = base().set_bold().set_align(FormatAlign::Center).set_background_color(Color::RGB(0x00EE_F2F7));
    let grid_text = base().set_align(FormatAlign::Right);
    let int = base().set_align(FormatAlign::Right).set_num_format("#,##0");
    let num = base().set_align(FormatAlign::Right).set_num_format("#,##0.0##");
    let note = Format::new().set_text_wrap().set_font_size(9).set_font_color(Color::RGB(0x0055_5555));

    ws.set_column_range_width(0, FORM_LABEL_COLS - 1, FORM_LABEL_WIDTH)?;
    ws.set_column_range_width(FORM_LABEL_COLS, last, FORM_SLOT_WIDTH)?;
    let label_width = FORM_LABEL_WIDTH * f64::from(FORM_LABEL_COLS);
    let value_width = FORM_SLOT_WIDTH * f64::from(FORM_SLOTS);
    let height = |lines: f64| (lines * 15.0 + 3.0).min(409.0);

    // A value over first..=last of `row`: merged when it spans more than one column; numbers
    // written over the merged string (rust_xlsxwriter's way of typing a merged cell).
    let put = |ws: &mut Worksheet, row: u32, first: u16, last: u16, cell: &Cell, text: &Format| -> Result<()> {
        let s = match cell {
            Cell::Text(t) => clip(t).to_string(),
            Cell::Bool(true) => "○".to_string(),
            _ => String::new(),
        };
        if last > first {
            ws.merge_range(row, first, row, last, &s, text)?;
        } else {
            ws.write_string_with_format(row, first, &s, text)?;
        }
        match cell {
            Cell::Int(n) => ws.write_number_with_format(row, first, *n as f64, &int).map(|_| ())?,
            Cell::Num(x) if x.fract() == 0.0 => ws.write_number_with_format(row, first, *x, &int).map(|_| ())?,
            Cell::Num(x) => ws.write_number_with_format(row, first, *x, &num).map(|_| ())?,
            _ => {}
        }
        Ok(())
    };

    ws.merge_range(0, 0, 0, last, clip(&f.head), &head)?;
    ws.merge_range(1, 0, 1, last, clip(&f.title), &title)?;
    // 16 pt: about 1.4 times as wide and tall as the body text.
    ws.set_row_height(1, (lines_in(&f.title, (label_width + value_width) / 1.4) * 21.0 + 3.0).clamp(24.0, 409.0))?;
    let mut row: u32 = 2;
    for b in &f.blocks {
        row += 1;
        match b {
            Block::Section(t) => {
                if row > 3 {
                    row += 1; // a blank line before each section but the first
                }
                ws.merge_range(row, 0, row, last, clip(t), &section)?;
                ws.set_row_height(row, 18.0)?;
            }
            Block::Field(l, v) => {
                put(ws, row, 0, FORM_LABEL_COLS - 1, &Cell::Text(l.clone()), &label)?;
                put(ws, row, FORM_LABEL_COLS, last, v, &value)?;
                let lines = lines_in(&v.plain(), value_width).max(lines_in(l, label_width));
                ws.set_row_height(row, height(lines))?;
            }
            Block::Grid { header, rows } => {
                let n = (header.len().saturating_sub(1)).min(usize::from(FORM_SLOTS)) as u16;
                let spans = grid_spans(n);
                let width =
                    |k: usize| spans.get(k).map_or(FORM_SLOT_WIDTH, |(a, b)| f64::from(b - a + 1) * FORM_SLOT_WIDTH);
                let line = |ws: &mut Worksheet, row: u32, cells: &[Cell], head: bool| -> Result<()> {
                    let first = cells.first().cloned().unwrap_or(Cell::Empty);
                    put(ws, row, 0, FORM_LABEL_COLS - 1, &first, if head { &grid_head } else { &label })?;
                    let mut lines = lines_in(&first.plain(), label_width);
                    for (k, (a, z)) in spans.iter().enumerate() {
                        let c = cells.get(k + 1).cloned().unwrap_or(Cell::Empty);
                        put(ws, row, *a, *z, &c, if head { &grid_head } else { &grid_text })?;
                        lines = lines.max(lines_in(&c.plain(), width(k)));
                    }
                    ws.set_row_height(row, height(lines))?;
                    Ok(())
                };
                let titles: Vec<Cell> = header.iter().map(|h| Cell::Text(h.clone())).collect();
                line(ws, row, &titles, true)?;
                for r in rows {
                    row += 1;
                    line(ws, row, r, false)?;
                }
            }
            Block::Note(t) => {
                ws.merge_range(row, 0, row, last, clip(t), &note)?;
                ws.set_row_height(row, height(lines_in(t, (label_width + value_width) * 1.2)))?;
            }
        }
    }
    ws.set_paper_size(9); // A4
    ws.set_portrait();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_margins(0.6, 0.6, 0.7, 0.7, 0.3, 0.3);
    ws.set_print_center_horizontally(true);
    ws.set_footer("&C&P / &N");
    Ok(())
}

/// Display width: full-width (CJK, kana, full-width forms) counts two, the rest one.
pub fn display_width(s: &str) -> f64 {
    s.chars().map(|c| if (c as u32) < 0x1100 || ('\u{FF61}'..='\u{FF9F}').contains(&c) { 1.0 } else { 2.0 }).sum()
}

/// Each column's width: its longest line (header included), plus padding, within
/// 6..=[`MAX_WIDTH`].
pub fn column_widths(t: &Table) -> Vec<f64> {
    t.fields
        .iter()
        .enumerate()
        .map(|(c, f)| {
            let longest = t
                .rows
                .iter()
                .filter_map(|r| r.get(c))
                .map(|cell| cell.plain().lines().map(display_width).fold(0.0, f64::max))
                .fold(display_width(&f.title), f64::max);
            (longest + 2.0).clamp(6.0, MAX_WIDTH)
        })
        .collect()
}

/// Text cut to Excel's limit of [`CELL_LIMIT`] UTF-16 units per cell.
fn clip(s: &str) -> &str {
    let mut units = 0;
    for (i, c) in s.char_indices() {
        units += c.len_utf16();
        if units > CELL_LIMIT {
            return &s[..i];
        }
    }
    s
}

/// A valid, unused tab name.
fn unique_name(wanted: &str, used: &[String]) -> String {
    let clean: String = wanted.chars().map(|c| if "[]:*?/\\".contains(c) { '_' } else { c }).collect();
    let clean = clean.trim_matches('\'').trim();
    let base: String = if clean.is_empty() { "Sheet".to_string() } else { clean.chars().take(31).collect() };
    let taken = |n: &str| used.iter().any(|u| u.to_lowercase() == n.to_lowercase());
    if !taken(&base) {
        return base;
    }
    (2..)
        .map(|k| {
            let suffix = format!("({k})");
            let head: String = base.chars().take(31 - suffix.chars().count()).collect();
            format!("{head}{suffix}")
        })
        .find(|n| !taken(n))
        .unwrap_or(base)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_valid_and_unique() {
        let used = vec!["総務部".to_string()];
        assert_eq!(unique_name("総務部", &used), "総務部(2)");
        assert_eq!(unique_name("a/b:c", &[]), "a_b_c");
        assert_eq!(unique_name(&"長".repeat(40), &[]).chars().count(), 31);
    }

    #[test]
    fn long_text_is_cut_at_the_cell_limit() {
        let long = "あ".repeat(CELL_LIMIT + 10);
        assert_eq!(clip(&long).chars().count(), CELL_LIMIT);
        assert_eq!(clip("短い"), "短い");
        let emoji = "😀".repeat(CELL_LIMIT);
        assert_eq!(clip(&emoji).encode_utf16().count(), CELL_LIMIT - 1, "a pair is never split");
    }

    #[test]
    fn grid_columns_share_the_value_columns() {
        let last = FORM_LABEL_COLS + FORM_SLOTS - 1;
        assert_eq!(grid_spans(1), vec![(FORM_LABEL_COLS, last)]);
        let three = grid_spans(3);
        assert_eq!(three.len(), 3);
        assert_eq!(three[0].0, FORM_LABEL_COLS);
        assert_eq!(three[2].1, last, "the last column takes the rest");
        assert!(three.windows(2).all(|w| w[0].1 + 1 == w[1].0), "no gap, no overlap: {three:?}");
        assert_eq!(grid_spans(20).len(), usize::from(FORM_SLOTS));
    }

    #[test]
    fn a_form_with_every_block_writes() {
        let f = Form {
            name: "評価シート".into(),
            head: "事務事業評価シート".into(),
            title: "=1+1".into(),
            blocks: vec![
                Block::Section("概要".into()),
                Block::Field("担当".into(), Cell::Text("<b>福祉課</b>".into())),
                Block::Field("進捗".into(), Cell::Int(60)),
                Block::Grid {
                    header: vec!["区分".into(), "令和5年度".into(), "令和6年度".into()],
                    rows: vec![vec!["事業費".into(), Cell::Num(1130.0), Cell::Num(0.5)], vec![]],
                },
                Block::Note("注".into()),
            ],
        };
        let bytes = form_workbook(&[f.clone(), f.clone()]).unwrap();
        assert!(bytes.starts_with(b"PK"), "an xlsx is a zip");
        // The same content, a second later: the same bytes (no clock in the file).
        std::thread::sleep(std::time::Duration::from_millis(1100));
        assert_eq!(form_workbook(&[f.clone(), f]).unwrap(), bytes);
    }

    #[test]
    fn widths_count_full_width_twice() {
        assert_eq!(display_width("子育てab"), 8.0);
        assert_eq!(display_width("ｶﾅ"), 2.0);
    }
}
