//! Workbooks (xlsx/xlsm, xls, ods) read with calamine: every sheet in order, each starting a
//! page; each row one line of tab-separated cells (empty cells kept, trailing ones trimmed);
//! values written as Excel shows them where calamine tells (integers without `.0`, dates as
//! ISO dates, formulas by their cached value). A merged range keeps its value in its top-left
//! cell, the others stay empty, as calamine reports them.

use std::io::{Cursor, Read, Seek};

use calamine::{open_workbook_from_rs, Data, ExcelDateTime, Ods, Range, Reader, Xls, Xlsx};

use super::{cells_line, Decoded, InputKind, Lines, Origin};
use crate::error::ImportError;

/// Longest run of blank rows written as blank lines (more says nothing to the raw reader).
const MAX_BLANK_RUN: usize = 3;

type Sheets = Vec<(String, Result<Range<Data>, String>)>;

fn sheets<RS: Read + Seek, R: Reader<RS>>(wb: &mut R) -> Sheets
where
    R::Error: std::fmt::Display,
{
    wb.sheet_names()
        .into_iter()
        .map(|name| (name.clone(), wb.worksheet_range(&name).map_err(|e| e.to_string())))
        .collect()
}

fn open(bytes: &[u8], kind: InputKind) -> Result<Sheets, String> {
    let cursor = Cursor::new(bytes);
    match kind {
        InputKind::Xls => {
            open_workbook_from_rs::<Xls<_>, _>(cursor).map(|mut w| sheets(&mut w)).map_err(|e| e.to_string())
        }
        InputKind::Ods => {
            open_workbook_from_rs::<Ods<_>, _>(cursor).map(|mut w| sheets(&mut w)).map_err(|e| e.to_string())
        }
        _ => open_workbook_from_rs::<Xlsx<_>, _>(cursor).map(|mut w| sheets(&mut w)).map_err(|e| e.to_string()),
    }
}

/// Reads every sheet of a workbook.
pub(crate) fn read(file: &str, bytes: &[u8], kind: InputKind) -> Result<Decoded, ImportError> {
    let damaged = |message: String| ImportError::Damaged { file: file.to_string(), kind: kind.name().into(), message };
    if let Some(why) = (kind == InputKind::Xls).then(|| super::cfb::problem(bytes)).flatten() {
        return Err(damaged(why.to_string()));
    }
    let sheets = open(bytes, kind).map_err(damaged)?;
    let mut out = Lines::default();
    for (name, range) in sheets {
        let range = range.map_err(|e| damaged(format!("sheet {name}: {e}")))?;
        let Some((row0, col0)) = range.start() else { continue };
        out.new_page();
        let mut blanks = 0;
        let mut last_row = row0;
        for (i, row) in range.rows().enumerate() {
            let cells: Vec<String> = row.iter().map(cell_text).collect();
            let line = cells_line(&cells);
            blanks = if line.is_empty() { blanks + 1 } else { 0 };
            last_row = row0.saturating_add(u32::try_from(i).unwrap_or(u32::MAX));
            if blanks <= MAX_BLANK_RUN {
                out.push(line, Origin::Cell { sheet: name.clone(), row: last_row + 1, col: col0 + 1 });
            }
        }
        if !out.ends_blank() {
            out.push(String::new(), Origin::Cell { sheet: name.clone(), row: last_row + 2, col: col0 + 1 });
        }
    }
    if out.len() == 0 {
        return Err(ImportError::Empty { file: file.to_string() });
    }
    Ok(out.finish(kind, None))
}

/// A cell's value as Excel shows it, as far as calamine tells.
pub fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(dt) => date(dt),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
    }
}

/// A number with at most 15 significant digits (as Excel shows), integers without `.0`.
fn number(f: f64) -> String {
    if !f.is_finite() {
        return f.to_string();
    }
    if f.fract() == 0.0 && f.abs() < 1e15 {
        return format!("{}", f as i64);
    }
    let rounded: f64 = format!("{f:.14e}").parse().unwrap_or(f);
    format!("{rounded}")
}

/// A date as `YYYY-MM-DD`, with ` HH:MM` when it has a time; a time alone as `HH:MM`;
/// a duration as hours and minutes.
fn date(dt: &ExcelDateTime) -> String {
    if dt.is_duration() {
        let minutes = (dt.as_f64() * 24.0 * 60.0).round() as i64;
        return format!("{}:{:02}", minutes / 60, (minutes % 60).abs());
    }
    let (y, mo, d, h, mi, s, _) = dt.to_ymd_hms_milli();
    let time = if s > 0 { format!("{h:02}:{mi:02}:{s:02}") } else { format!("{h:02}:{mi:02}") };
    if dt.as_f64() < 1.0 {
        time
    } else if (h, mi, s) == (0, 0, 0) {
        format!("{y:04}-{mo:02}-{d:02}")
    } else {
        format!("{y:04}-{mo:02}-{d:02} {time}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::ExcelDateTimeType;

    #[test]
    fn values_as_excel_shows_them() {
        assert_eq!(cell_text(&Data::Float(26200.0)), "26200");
        assert_eq!(cell_text(&Data::Float(0.1 + 0.2)), "0.3");
        assert_eq!(cell_text(&Data::Float(12.5)), "12.5");
        assert_eq!(cell_text(&Data::Int(-3)), "-3");
        let day = ExcelDateTime::new(45383.0, ExcelDateTimeType::DateTime, false);
        assert_eq!(cell_text(&Data::DateTime(day)), "2024-04-01");
        let noon = ExcelDateTime::new(45383.5, ExcelDateTimeType::DateTime, false);
        assert_eq!(cell_text(&Data::DateTime(noon)), "2024-04-01 12:00");
        let time = ExcelDateTime::new(0.375, ExcelDateTimeType::DateTime, false);
        assert_eq!(cell_text(&Data::DateTime(time)), "09:00");
        assert_eq!(cell_text(&Data::Error(calamine::CellErrorType::Div0)), "#DIV/0!");
    }
}
