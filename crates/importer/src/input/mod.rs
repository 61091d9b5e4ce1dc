//! Turning the bytes of a file into the text the raw reader reads: the kind of file is found
//! by its content (magic bytes, then the shape of the text), never by its name, and each kind
//! has a reader that writes lines (tab-separated rows for tables) with the origin of each line.

mod cfb;
mod csv;
mod docx;
mod docx_numbering;
mod html;
mod html_table;
mod html_text;
mod html_tokens;
mod lines;
mod pdf;
mod sheet;
/// A workbook cell as Excel shows it (the workbook round trip reads cells the same way).
pub use sheet::cell_text;
mod sniff;
mod text;

use serde::{Deserialize, Serialize};

use crate::error::ImportError;
pub use lines::cells_line;
pub(crate) use lines::Lines;

/// Decodes a text file (UTF-8 with or without BOM, Shift_JIS/CP932, EUC-JP, UTF-16): the text
/// and the encoding's name. For readers of one known shape (the 財務会計 CSV).
pub(crate) fn decode_text(file: &str, bytes: &[u8]) -> Result<(String, &'static str), ImportError> {
    text::decode(file, bytes, None)
}

/// The records of CSV (or TSV) text with RFC 4180 quoting: (the line each starts on, its
/// fields); `None` when a quote is left open.
pub(crate) fn csv_records(text: &str, delimiter: char) -> Option<Vec<(usize, Vec<String>)>> {
    csv::records(text, delimiter).map(|r| r.into_iter().map(|r| (r.line, r.fields)).collect())
}

/// Largest file a reader accepts (bytes).
pub const MAX_INPUT: usize = 64 * 1024 * 1024;

/// What kind of file the bytes were.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InputKind {
    Text,
    Pdf,
    Xlsx,
    Xls,
    Ods,
    Docx,
    Html,
    Csv,
    Tsv,
}

impl InputKind {
    /// Name for messages ("PDF", "xlsx"…).
    pub fn name(self) -> &'static str {
        match self {
            InputKind::Text => "text",
            InputKind::Pdf => "PDF",
            InputKind::Xlsx => "xlsx",
            InputKind::Xls => "xls",
            InputKind::Ods => "ods",
            InputKind::Docx => "docx",
            InputKind::Html => "HTML",
            InputKind::Csv => "CSV",
            InputKind::Tsv => "TSV",
        }
    }
}

/// Where a line of [`Decoded::text`] came from in the file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// A line of a text file (1-based; for CSV, the line where the record starts).
    Line(usize),
    /// A line of a PDF page (both 1-based).
    Page { page: u32, line: usize },
    /// A spreadsheet row: the sheet, its 1-based row and the 1-based column of the line's first cell.
    Cell { sheet: String, row: u32, col: u32 },
    /// The n-th (1-based) paragraph or table row of a docx or HTML document.
    Block(usize),
}

impl Origin {
    /// Japanese description for people: 「p.2 行14」, 「福祉部!D12」, 「行14」, 「段落3」.
    pub fn describe(&self) -> String {
        match self {
            Origin::Line(n) => format!("行{n}"),
            Origin::Page { page, line } => format!("p.{page} 行{line}"),
            Origin::Cell { sheet, row, col } => format!("{sheet}!{}{row}", column_name(*col)),
            Origin::Block(n) => format!("段落{n}"),
        }
    }
}

/// Spreadsheet column letters of a 1-based column number (1 → A, 27 → AA).
pub fn column_name(col: u32) -> String {
    let mut n = col.max(1);
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

/// A file read into text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decoded {
    pub kind: InputKind,
    /// The encoding of text-like input ("UTF-8", "Shift_JIS", "EUC-JP", "UTF-16LE"…).
    pub encoding: Option<&'static str>,
    /// What `raw::read` reads: lines, tables as tab-separated rows.
    pub text: String,
    /// One per line of `text`: line i+1 comes from `origins[i]`.
    pub origins: Vec<Origin>,
    /// The first line (1-based) of each page or sheet.
    pub pages: Vec<usize>,
}

impl Decoded {
    /// The origin of a 1-based line of `text`.
    pub fn origin(&self, line: usize) -> Option<&Origin> {
        line.checked_sub(1).and_then(|i| self.origins.get(i))
    }
}

/// Reads a file of any supported kind, found by its content.
pub fn decode(file: &str, bytes: &[u8]) -> Result<Decoded, ImportError> {
    if bytes.len() > MAX_INPUT {
        return Err(ImportError::TooLarge { file: file.to_string(), size: bytes.len(), limit: MAX_INPUT });
    }
    let decoded = match sniff::sniff(file, bytes)? {
        sniff::Container::Pdf => pdf::read(file, bytes)?,
        sniff::Container::Workbook(kind) => guarded(file, kind, || sheet::read(file, bytes, kind))?,
        sniff::Container::Docx => guarded(file, InputKind::Docx, || docx::read(file, bytes))?,
        sniff::Container::Text => read_text(file, bytes)?,
    };
    if decoded.text.trim().is_empty() {
        return Err(ImportError::Empty { file: file.to_string() });
    }
    Ok(decoded)
}

/// Runs a reader built on third-party parsers, turning a panic inside them (calamine 0.38
/// overflows on some malformed cell references) into an error naming the file: a damaged
/// upload must not take the server down.
fn guarded(
    file: &str,
    kind: InputKind,
    read: impl FnOnce() -> Result<Decoded, ImportError> + std::panic::UnwindSafe,
) -> Result<Decoded, ImportError> {
    std::panic::catch_unwind(read).unwrap_or_else(|_| {
        Err(ImportError::Damaged {
            file: file.to_string(),
            kind: kind.name().to_string(),
            message: "the reader stopped on malformed content".into(),
        })
    })
}

/// Text-like input: the encoding first, then HTML, TSV, CSV or plain text by its shape.
fn read_text(file: &str, bytes: &[u8]) -> Result<Decoded, ImportError> {
    let declared = sniff::declared_charset(bytes);
    let (text, encoding) = text::decode(file, bytes, declared)?;
    if sniff::looks_like_html(&text) {
        return Ok(html::read(&text, encoding));
    }
    if let Some(delimiter) = csv::delimiter(&text) {
        if let Some(d) = csv::read(&text, delimiter, encoding) {
            return Ok(d);
        }
    }
    Ok(text::plain(&text, encoding))
}
