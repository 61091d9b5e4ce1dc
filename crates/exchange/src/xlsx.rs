//! xlsx out: one worksheet per [`Sheet`], print-ready — A4, portrait or landscape, fitted to
//! the page width, the table's header row repeated on every printed page, page numbers in the
//! footer, the header row frozen on screen, and column widths sized for Japanese text (a
//! full-width character counts two, a column is at most [`MAX_WIDTH`] wide and wraps).

use crate::table::{Cell, Table};
use crate::Result;
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet};

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

/// The workbook's bytes.
pub fn workbook(sheets: &[Sheet]) -> Result<Vec<u8>> {
    let mut wb = Workbook::new();
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
    fn widths_count_full_width_twice() {
        assert_eq!(display_width("子育てab"), 8.0);
        assert_eq!(display_width("ｶﾅ"), 2.0);
    }
}
