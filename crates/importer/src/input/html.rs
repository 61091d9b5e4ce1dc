//! HTML pages: block elements (p, div, h1–h6, li, br…) become lines, tables tab rows laid out
//! on a grid (colspan → empty cells, rowspan → the text repeated), script and style left out.
//! The charset comes from a BOM or `<meta charset>` (Shift_JIS pages exist).

use super::html_table::{grid, span, TableBuild};
use super::html_text::{collapse, HARD_BREAK};
use super::html_tokens::{tokens, Token};
use super::{cells_line, Decoded, InputKind, Lines, Origin};

/// Elements that end a line.
const BREAKS: &[&str] = &[
    "br",
    "div",
    "li",
    "dt",
    "dd",
    "tr",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "main",
    "aside",
    "form",
    "address",
    "figure",
    "figcaption",
    "caption",
    "fieldset",
    "legend",
    "details",
    "summary",
    "option",
];
/// Elements that stand apart: a blank line before and after.
const PARAGRAPHS: &[&str] = &["p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "blockquote", "pre", "hr"];

struct Walker {
    out: Lines,
    line: String,
    blocks: usize,
    tables: Vec<TableBuild>,
    lists: Vec<(bool, usize)>,
    pre: usize,
}

impl Walker {
    /// Adds text to the open cell, the table's caption, or the current line (whitespace is
    /// collapsed when the line or cell ends, so inline tags join their text seamlessly).
    fn text(&mut self, t: &str) {
        match self.tables.last_mut() {
            Some(tb) => match tb.cell.as_mut() {
                Some(c) => c.text.push_str(t),
                None => tb.caption.push_str(t),
            },
            None if self.pre > 0 => {
                for (i, part) in t.split('\n').enumerate() {
                    if i > 0 {
                        self.flush();
                    }
                    self.line.push_str(&part.replace(char::is_whitespace, " "));
                }
            }
            None => self.line.push_str(t),
        }
    }

    fn flush(&mut self) {
        let raw = std::mem::take(&mut self.line);
        let text = if self.pre > 0 { raw.trim_end().to_string() } else { collapse(&raw) };
        if !text.trim().is_empty() {
            self.blocks += 1;
            self.out.push(cells_line(&[text.as_str()]), Origin::Block(self.blocks));
        }
    }

    fn blank(&mut self) {
        self.flush();
        if !self.out.ends_blank() {
            self.out.push(String::new(), Origin::Block(self.blocks.max(1)));
        }
    }

    /// A line break inside the open cell (or the current line outside tables).
    fn brk(&mut self) {
        match self.tables.last_mut() {
            Some(tb) => {
                if let Some(c) = tb.cell.as_mut() {
                    c.text.push(HARD_BREAK);
                }
            }
            None => self.flush(),
        }
    }

    fn start(&mut self, name: &str, attrs: &[(String, String)]) {
        let attr = |k: &str| attrs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        match name {
            "table" => {
                if self.tables.is_empty() {
                    self.blank();
                }
                self.tables.push(TableBuild::default());
            }
            "tr" if !self.tables.is_empty() => self.tables.last_mut().into_iter().for_each(TableBuild::open_row),
            "td" | "th" if !self.tables.is_empty() => {
                let (cs, rs) = (span(attr("colspan")), span(attr("rowspan")));
                self.tables.last_mut().into_iter().for_each(|t| t.open_cell(cs, rs));
            }
            "ul" | "ol" => {
                self.blank();
                self.lists.push((name == "ol", 0));
            }
            "li" => {
                self.brk();
                let mark = match self.lists.last_mut() {
                    Some((true, n)) => {
                        *n += 1;
                        format!("{n}. ")
                    }
                    _ => "・".to_string(),
                };
                self.text(&mark);
            }
            "pre" => {
                self.blank();
                self.pre += 1;
            }
            _ if PARAGRAPHS.contains(&name) && self.tables.is_empty() => self.blank(),
            _ if BREAKS.contains(&name) || PARAGRAPHS.contains(&name) => self.brk(),
            _ => {}
        }
    }

    fn end(&mut self, name: &str) {
        match name {
            "table" => {
                let Some(tb) = self.tables.pop() else { return };
                match self.tables.last_mut() {
                    Some(outer) => {
                        let flat = tb.flatten();
                        if let Some(c) = outer.cell.as_mut() {
                            c.text.push(HARD_BREAK);
                            c.text.push_str(&flat.replace('\n', &HARD_BREAK.to_string()));
                            c.text.push(HARD_BREAK);
                        }
                    }
                    None => self.table(tb),
                }
            }
            "tr" => self.tables.last_mut().into_iter().for_each(TableBuild::close_row),
            "td" | "th" => self.tables.last_mut().into_iter().for_each(TableBuild::close_cell),
            "ul" | "ol" => {
                self.lists.pop();
                self.blank();
            }
            "pre" => {
                self.pre = self.pre.saturating_sub(1);
                self.blank();
            }
            _ if PARAGRAPHS.contains(&name) && self.tables.is_empty() => self.blank(),
            _ if BREAKS.contains(&name) || PARAGRAPHS.contains(&name) => self.brk(),
            _ => {}
        }
    }

    /// Writes a finished outer table: its caption, then one tab row per grid row.
    fn table(&mut self, mut tb: TableBuild) {
        tb.close_row();
        self.line = collapse(&tb.caption);
        self.blank();
        for row in grid(&tb.rows) {
            self.blocks += 1;
            self.out.push(cells_line(&row), Origin::Block(self.blocks));
        }
        self.blank();
    }
}

/// Reads a decoded HTML page.
pub(crate) fn read(html: &str, encoding: &'static str) -> Decoded {
    let mut w =
        Walker { out: Lines::default(), line: String::new(), blocks: 0, tables: Vec::new(), lists: Vec::new(), pre: 0 };
    for t in tokens(html) {
        match t {
            Token::Start(name, attrs) => w.start(&name, &attrs),
            Token::End(name) => w.end(&name),
            Token::Text(text) => w.text(&text),
        }
    }
    while let Some(tb) = w.tables.pop() {
        if w.tables.is_empty() {
            w.table(tb);
        }
    }
    w.flush();
    w.out.finish(InputKind::Html, Some(encoding))
}
