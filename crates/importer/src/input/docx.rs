//! Word documents (docx): the body's paragraphs as lines (with their list numbers), tables as
//! tab rows (a cell's paragraphs joined by line breaks; `gridSpan` → empty cells after,
//! a `vMerge` continuation → the value above repeated). Headers, footers and the fallback copies
//! of text boxes are left out.

use std::io::{Cursor, Read};

use quick_xml::events::Event;
use quick_xml::Reader;

use super::docx_numbering::{attr, Numbering};
use super::{cells_line, Decoded, InputKind, Lines, Origin};
use crate::error::ImportError;

/// Largest XML part read (bytes, uncompressed): a guard against zip bombs.
const MAX_PART: u64 = 256 * 1024 * 1024;

/// A table cell: paragraphs, the columns it spans, whether it continues the cell above.
#[derive(Default)]
struct Tc {
    paras: Vec<String>,
    span: usize,
    continues: bool,
}

#[derive(Default)]
struct Tbl {
    rows: Vec<Vec<Tc>>,
}

#[derive(Default)]
struct State {
    out: Lines,
    blocks: usize,
    numbering: Numbering,
    tables: Vec<Tbl>,
    para: String,
    num: (Option<String>, usize),
    in_ppr: bool,
    in_text: bool,
    skip: usize,
    /// Grid rows of the outer table written so far (for vMerge continuations).
    above: Vec<String>,
}

fn part(archive: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Option<Result<String, String>> {
    let entry = archive.by_name(name).ok()?;
    let mut buf = String::new();
    Some(entry.take(MAX_PART).read_to_string(&mut buf).map(|_| buf).map_err(|e| e.to_string()))
}

/// Reads a docx.
pub(crate) fn read(file: &str, bytes: &[u8]) -> Result<Decoded, ImportError> {
    let damaged = |message: String| ImportError::Damaged { file: file.to_string(), kind: "docx".into(), message };
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| damaged(e.to_string()))?;
    let body = part(&mut archive, "word/document.xml")
        .ok_or_else(|| damaged("no word/document.xml".into()))?
        .map_err(damaged)?;
    let mut st = State::default();
    if let Some(Ok(xml)) = part(&mut archive, "word/numbering.xml") {
        st.numbering = Numbering::parse(&xml);
    }
    let mut reader = Reader::from_str(&body);
    loop {
        match reader.read_event().map_err(|e| damaged(format!("word/document.xml: {e}")))? {
            Event::Start(e) => st.start(e.local_name().as_ref(), &e, false),
            Event::Empty(e) => st.start(e.local_name().as_ref(), &e, true),
            Event::End(e) => st.end(e.local_name().as_ref()),
            Event::Text(t) if st.skip == 0 => st.text_run(&t.xml10_content()),
            Event::GeneralRef(r) if st.skip == 0 => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    _ => match r.xml10_content().as_ref() {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => None,
                    },
                };
                st.text_run(&c.map(String::from).unwrap_or_default());
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(st.out.finish(InputKind::Docx, None))
}

impl State {
    fn text_run(&mut self, t: &str) {
        if self.in_text {
            self.para.push_str(t);
        }
    }

    fn start(&mut self, name: &str, e: &quick_xml::events::BytesStart<'_>, empty: bool) {
        if self.skip > 0 {
            self.skip += usize::from(!empty);
            return;
        }
        let in_cell = !self.tables.is_empty();
        match name {
            "Fallback" | "instrText" | "delText" | "pPrChange" | "rPrChange" if !empty => self.skip = 1,
            "t" => self.in_text = !empty,
            "pPr" => self.in_ppr = !empty,
            "tab" if !self.in_ppr => self.para.push(if in_cell { ' ' } else { '\t' }),
            "br" | "cr" if !self.in_ppr => self.para.push('\n'),
            "noBreakHyphen" => self.para.push('-'),
            "ilvl" if self.in_ppr => self.num.1 = attr(e, "val").and_then(|v| v.parse().ok()).unwrap_or(0),
            "numId" if self.in_ppr => self.num.0 = attr(e, "val").filter(|v| v != "0"),
            "tbl" if !empty => {
                if self.tables.is_empty() {
                    self.blank();
                    self.above.clear();
                }
                self.tables.push(Tbl::default());
            }
            "tr" if !empty => self.tables.last_mut().into_iter().for_each(|t| t.rows.push(Vec::new())),
            "tc" if !empty => {
                if let Some(row) = self.tables.last_mut().and_then(|t| t.rows.last_mut()) {
                    row.push(Tc { span: 1, ..Tc::default() });
                }
            }
            "gridSpan" => {
                let n = attr(e, "val").and_then(|v| v.parse::<usize>().ok()).unwrap_or(1).clamp(1, 1000);
                self.cell().into_iter().for_each(|c| c.span = n);
            }
            "vMerge" => {
                let restart = attr(e, "val").is_some_and(|v| v == "restart");
                self.cell().into_iter().for_each(|c| c.continues = !restart);
            }
            _ => {}
        }
    }

    fn cell(&mut self) -> Option<&mut Tc> {
        self.tables.last_mut()?.rows.last_mut()?.last_mut()
    }

    fn end(&mut self, name: &str) {
        if self.skip > 0 {
            self.skip -= 1;
            return;
        }
        match name {
            "t" => self.in_text = false,
            "pPr" => self.in_ppr = false,
            "p" => self.paragraph(),
            "tbl" => {
                let Some(t) = self.tables.pop() else { return };
                if self.tables.is_empty() {
                    self.table(t);
                } else if let Some(c) = self.cell() {
                    for row in t.rows {
                        c.paras.push(row.iter().map(|c| c.paras.join(" ")).collect::<Vec<_>>().join(" "));
                    }
                }
            }
            _ => {}
        }
    }

    fn paragraph(&mut self) {
        let mut text = std::mem::take(&mut self.para);
        if let (Some(id), level) = std::mem::take(&mut self.num) {
            let label = self.numbering.next(&id, level);
            if !label.is_empty() && !text.trim().is_empty() {
                text = format!("{label} {}", text.trim_start());
            }
        }
        if let Some(c) = self.cell() {
            c.paras.push(text.trim().to_string());
            return;
        }
        self.blocks += 1;
        for line in text.split('\n') {
            let cells: Vec<&str> = line.split('\t').collect();
            self.out.push(cells_line(&cells), Origin::Block(self.blocks));
        }
    }

    fn blank(&mut self) {
        if !self.out.ends_blank() {
            self.out.push(String::new(), Origin::Block(self.blocks.max(1)));
        }
    }

    /// Writes an outer table: cells on the grid, spans as empty cells, continuations repeated.
    fn table(&mut self, t: Tbl) {
        for row in t.rows {
            let mut grid: Vec<String> = Vec::new();
            for c in row {
                let col = grid.len();
                let text = if c.continues {
                    self.above.get(col).cloned().unwrap_or_default()
                } else {
                    c.paras.iter().map(|p| p.trim()).filter(|p| !p.is_empty()).collect::<Vec<_>>().join("\n")
                };
                grid.push(text);
                grid.extend(std::iter::repeat_n(String::new(), c.span - 1));
            }
            self.blocks += 1;
            self.out.push(cells_line(&grid), Origin::Block(self.blocks));
            self.above = grid;
        }
        self.blank();
    }
}
