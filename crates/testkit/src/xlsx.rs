//! Editing a workbook the way a person would in Excel, for round-trip tests: every sheet is
//! read with calamine and written again with rust_xlsxwriter (values, sheet order and
//! visibility kept — a very hidden sheet stays very hidden), with some cells changed.

use anyhow::{Context, Result};
use calamine::{open_workbook_from_rs, Data, Reader, SheetVisible, Xlsx};
use rust_xlsxwriter::Workbook;
use std::io::Cursor;

/// One cell to set: sheet, `A1`-style address, text (empty clears the cell).
pub type Edit<'a> = (&'a str, &'a str, &'a str);

/// `(row, col)`, 0-based, of an `A1`-style address.
pub fn cell(address: &str) -> Result<(u32, u16)> {
    let letters: String = address.chars().take_while(char::is_ascii_alphabetic).collect();
    let digits = &address[letters.len()..];
    let mut col: u32 = 0;
    for c in letters.to_ascii_uppercase().chars() {
        col = col * 26 + (c as u32 - 'A' as u32 + 1);
    }
    let row: u32 = digits.parse().with_context(|| format!("address {address}"))?;
    anyhow::ensure!(col > 0 && row > 0, "address {address}");
    Ok((row - 1, u16::try_from(col - 1)?))
}

/// The workbook with `edits` applied.
pub fn edit(bytes: &[u8], edits: &[Edit]) -> Result<Vec<u8>> {
    let mut src: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).context("reading the workbook")?;
    let sheets = src.sheets_metadata().to_vec();
    let mut wb = Workbook::new();
    for meta in &sheets {
        let range = src.worksheet_range(&meta.name).with_context(|| format!("sheet {}", meta.name))?;
        let ws = wb.add_worksheet();
        ws.set_name(&meta.name)?;
        if let Some((r0, c0)) = range.start() {
            for (r, row) in range.rows().enumerate() {
                for (c, v) in row.iter().enumerate() {
                    let (r, c) = (r0 + r as u32, u16::try_from(c0 as usize + c)?);
                    match v {
                        Data::Empty => {}
                        Data::String(s) => drop(ws.write_string(r, c, s)?),
                        Data::Float(f) => drop(ws.write_number(r, c, *f)?),
                        Data::Int(i) => drop(ws.write_number(r, c, *i as f64)?),
                        Data::Bool(b) => drop(ws.write_boolean(r, c, *b)?),
                        other => drop(ws.write_string(r, c, other.to_string())?),
                    }
                }
            }
        }
        for (_, address, text) in edits.iter().filter(|(s, _, _)| *s == meta.name) {
            let (r, c) = cell(address)?;
            if text.is_empty() {
                ws.clear_cell(r, c);
            } else {
                ws.write_string(r, c, *text)?;
            }
        }
        match meta.visible {
            SheetVisible::Visible => {}
            SheetVisible::Hidden => drop(ws.set_hidden(true)),
            SheetVisible::VeryHidden => drop(ws.set_very_hidden(true)),
        }
    }
    for (sheet, _, _) in edits {
        anyhow::ensure!(sheets.iter().any(|m| m.name == *sheet), "no sheet {sheet}");
    }
    Ok(wb.save_to_buffer()?)
}

/// The text of one cell (as calamine reads it), for assertions.
pub fn value(bytes: &[u8], sheet: &str, address: &str) -> Result<String> {
    let mut src: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes))?;
    let range = src.worksheet_range(sheet)?;
    let (r, c) = cell(address)?;
    Ok(range.get_value((r, u32::from(c))).map(ToString::to_string).unwrap_or_default())
}

/// Sheet names with their visibility.
pub fn sheets(bytes: &[u8]) -> Result<Vec<(String, SheetVisible)>> {
    let src: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes))?;
    Ok(src.sheets_metadata().iter().map(|m| (m.name.clone(), m.visible)).collect())
}
