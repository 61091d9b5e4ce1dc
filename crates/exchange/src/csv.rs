//! CSV out: RFC 4180 (comma, `"` quoting only where needed, doubled quotes, CRLF), in UTF-8
//! with a byte order mark (so Excel reads it as UTF-8) or in Shift_JIS (Windows-31J / CP932).
//!
//! - **Formula neutralising**: a text cell that begins with `=`, `+`, `-`, `@`, a tab or a
//!   carriage return gets a leading apostrophe (`'=SUM(A1)`), so a spreadsheet shows it as text
//!   instead of evaluating it. Number cells are written as numbers and left alone.
//! - **Not HTML**: text is written as stored; `<b>` stays `<b>` (it is quoted when it holds a
//!   comma, quote or line break, like any other text).
//! - **Shift_JIS replacements**: first the characters whose CP932 form differs from the
//!   Unicode one Japanese text usually holds are mapped to it (〜 U+301C → ～ U+FF5E,
//!   ‖ U+2016 → ∥ U+2225, − U+2212 → － U+FF0D, — U+2014 → ― U+2015, ¢ £ ¬ → ￠ ￡ ￢); then
//!   any character Shift_JIS cannot represent (emoji, most characters outside JIS X 0208 and
//!   the CP932 extensions) becomes 〓 (U+3013 GETA MARK, 0x81AC), the customary JIS
//!   replacement. Never an error and never a panic.

use crate::table::{Cell, Table};
use crate::Result;
use encoding_rs::{EncoderResult, SHIFT_JIS};

/// The text encoding of a CSV file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Charset {
    /// UTF-8 with a byte order mark (the default: Excel opens it with the right characters).
    #[default]
    Utf8Bom,
    /// Shift_JIS as Windows writes it (CP932), no BOM; see the module docs for replacements.
    ShiftJis,
}

impl Charset {
    /// `utf-8` / `utf8` (default) or `sjis` / `shift_jis` / `cp932` / `windows-31j`.
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().replace('-', "_").as_str() {
            "" | "utf8" | "utf_8" | "utf_8_bom" | "utf8bom" => Some(Self::Utf8Bom),
            "sjis" | "shift_jis" | "shiftjis" | "cp932" | "windows_31j" | "ms932" => Some(Self::ShiftJis),
            _ => None,
        }
    }

    /// The `charset` parameter of `Content-Type`.
    pub fn mime_name(self) -> &'static str {
        match self {
            Self::Utf8Bom => "utf-8",
            Self::ShiftJis => "Shift_JIS",
        }
    }
}

/// Which header row a file gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Header {
    /// The Japanese titles (downloads for people).
    Titles,
    /// The machine names (open-data bundles, matching `datapackage.json`).
    Names,
}

/// The replacement for a character Shift_JIS cannot represent.
pub const SJIS_REPLACEMENT: char = '〓';

/// The UTF-8 byte order mark.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A table as CSV bytes.
pub fn write(table: &Table, header: Header, charset: Charset) -> Result<Vec<u8>> {
    let text = to_string(table, header)?;
    Ok(match charset {
        Charset::Utf8Bom => {
            let mut out = Vec::with_capacity(text.len() + 3);
            out.extend_from_slice(BOM);
            out.extend_from_slice(text.as_bytes());
            out
        }
        Charset::ShiftJis => shift_jis(&text),
    })
}

/// The CSV text (no BOM).
pub fn to_string(table: &Table, header: Header) -> Result<String> {
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .quote_style(::csv::QuoteStyle::Necessary)
        .from_writer(Vec::new());
    let head: Vec<&str> = table
        .fields
        .iter()
        .map(|f| match header {
            Header::Titles => f.title.as_str(),
            Header::Names => f.name.as_str(),
        })
        .collect();
    w.write_record(&head)?;
    for row in &table.rows {
        w.write_record(row.iter().map(inert))?;
    }
    let bytes = w.into_inner().map_err(|e| std::io::Error::other(e.to_string()))?;
    // The writer wrote only `&str`s, so this cannot fail; map rather than unwrap anyway.
    String::from_utf8(bytes).map_err(|e| std::io::Error::other(e.to_string()).into())
}

/// A cell as written: text that a spreadsheet would take for a formula gets a leading `'`.
pub fn inert(cell: &Cell) -> String {
    match cell {
        Cell::Text(s) if starts_like_formula(s) => format!("'{s}"),
        other => other.plain(),
    }
}

/// Whether a spreadsheet would evaluate a cell starting like this.
pub fn starts_like_formula(s: &str) -> bool {
    matches!(s.chars().next(), Some('=' | '+' | '-' | '@' | '\t' | '\r'))
}

/// CP932 spells these differently from the Unicode Japanese text usually holds.
fn cp932_form(c: char) -> char {
    match c {
        '\u{301C}' => '\u{FF5E}', // 〜 WAVE DASH → ～
        '\u{2016}' => '\u{2225}', // ‖ → ∥
        '\u{2212}' => '\u{FF0D}', // − MINUS SIGN → －
        '\u{2014}' => '\u{2015}', // — EM DASH → ―
        '\u{00A2}' => '\u{FFE0}', // ¢ → ￠
        '\u{00A3}' => '\u{FFE1}', // £ → ￡
        '\u{00AC}' => '\u{FFE2}', // ¬ → ￢
        c => c,
    }
}

/// Text as Shift_JIS (CP932) bytes; see the module docs for what is replaced.
pub fn shift_jis(text: &str) -> Vec<u8> {
    let mapped: String = text.chars().map(cp932_form).collect();
    let mut encoder = SHIFT_JIS.new_encoder();
    let mut out: Vec<u8> = Vec::with_capacity(mapped.len() + 16);
    let mut buf = [0u8; 4096];
    let mut src = mapped.as_str();
    let mut replacement = [0u8; 4];
    let geta = {
        let (b, _, _) = SHIFT_JIS.encode(SJIS_REPLACEMENT.encode_utf8(&mut replacement));
        b.into_owned()
    };
    loop {
        let (result, read, written) = encoder.encode_from_utf8_without_replacement(src, &mut buf, true);
        out.extend_from_slice(&buf[..written]);
        src = &src[read..];
        match result {
            EncoderResult::InputEmpty => break,
            EncoderResult::OutputFull => {}
            EncoderResult::Unmappable(_) => out.extend_from_slice(&geta),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::{Field, FieldType};

    fn table() -> Table {
        let mut t = Table::new(
            "t",
            "表",
            "",
            vec![Field::new("name", FieldType::String, "名称", ""), Field::new("n", FieldType::Integer, "数", "")],
        );
        t.push(vec!["<b>太字</b>, \"引用\"\n改行".into(), Cell::Int(-3)]);
        t.push(vec!["=HYPERLINK(\"http://x\")".into(), Cell::Empty]);
        t.push(vec!["@SUM(A1)".into(), Cell::Num(1.5)]);
        t
    }

    #[test]
    fn rfc4180_quoting_and_formulas() {
        let s = to_string(&table(), Header::Titles).unwrap();
        assert_eq!(
            s,
            "名称,数\r\n\"<b>太字</b>, \"\"引用\"\"\n改行\",-3\r\n\"'=HYPERLINK(\"\"http://x\"\")\",\r\n'@SUM(A1),1.5\r\n"
        );
        assert!(to_string(&table(), Header::Names).unwrap().starts_with("name,n\r\n"));
    }

    #[test]
    fn bom_and_shift_jis() {
        let utf8 = write(&table(), Header::Titles, Charset::Utf8Bom).unwrap();
        assert!(utf8.starts_with(BOM));
        let sjis = write(&table(), Header::Titles, Charset::ShiftJis).unwrap();
        let (back, _, bad) = SHIFT_JIS.decode(&sjis);
        assert!(!bad);
        assert_eq!(back, to_string(&table(), Header::Titles).unwrap());
    }

    #[test]
    fn unmappable_characters_become_geta() {
        let bytes = shift_jis("令和〜😀①髙");
        let (back, _, bad) = SHIFT_JIS.decode(&bytes);
        assert!(!bad);
        assert_eq!(back, "令和～〓①髙");
        assert_eq!(Charset::parse("SJIS"), Some(Charset::ShiftJis));
        assert_eq!(Charset::parse("cp932"), Some(Charset::ShiftJis));
        assert_eq!(Charset::parse("latin1"), None);
    }
}
