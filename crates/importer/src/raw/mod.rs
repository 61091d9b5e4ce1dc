//! Stage 1: a lossless raw reading of PDF-extracted text into blocks (text paragraphs and
//! tables of rows and cells), every piece carrying its source line number.
//!
//! What the reader removes (page numbers, running headers, table rules, repeated pages) is
//! recorded in [`RawDoc::dropped`] so nothing disappears silently. What it rewrites (HTML in
//! cells, headings spaced out character by character, lines broken inside a sentence) keeps
//! the number of the first source line it came from.

mod blocks;
mod cleanup;
mod html;
mod join;
mod outline;
mod spacing;
mod table;

#[cfg(test)]
mod tests;

pub use html::html_parts;
pub use spacing::collapse_spaced;

/// One line: a source line (in [`RawDoc::lines`]) or a logical line after cleanup (in a
/// [`TextBlock`]), numbered from 1 by the first source line it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub no: usize,
    pub text: String,
}

/// The raw document.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RawDoc {
    /// Every source line exactly as read (without the line terminator).
    pub lines: Vec<Line>,
    /// The document as blocks, in source order.
    pub blocks: Vec<Block>,
    /// What the reader left out, and why.
    pub dropped: Vec<Dropped>,
}

/// A block: consecutive non-blank lines of one kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Text(TextBlock),
    Table(Table),
}

impl Block {
    /// First source line of the block.
    pub fn line(&self) -> usize {
        match self {
            Block::Text(t) => t.line,
            Block::Table(t) => t.line,
        }
    }
}

/// A paragraph: consecutive non-blank plain lines. `lines` are logical lines: broken
/// sentences joined, spaced-out headings collapsed, HTML turned into one line per paragraph
/// or list item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextBlock {
    /// First source line.
    pub line: usize,
    /// Last source line.
    pub end: usize,
    pub lines: Vec<Line>,
}

impl TextBlock {
    /// The logical lines joined with newlines.
    pub fn text(&self) -> String {
        self.lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join("\n")
    }
}

/// Where a table came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableSyntax {
    /// `| a | b |` rows (rule rows `|---|` dropped).
    Markdown,
    /// Tab-separated rows.
    Tabs,
    /// Columns aligned with runs of spaces (at least three cells on each of two or more lines).
    Spaces,
}

/// Consecutive table rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub line: usize,
    pub syntax: TableSyntax,
    pub rows: Vec<Row>,
}

/// One table row with its cells, left to right (empty cells kept, so columns line up).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub line: usize,
    pub cells: Vec<Cell>,
}

impl Row {
    /// Cells that hold text.
    pub fn filled(&self) -> impl Iterator<Item = &Cell> {
        self.cells.iter().filter(|c| !c.is_empty())
    }

    /// Text of cell `i`, "" when absent.
    pub fn text(&self, i: usize) -> String {
        self.cells.get(i).map(Cell::text).unwrap_or_default()
    }
}

/// A table cell: its content as paragraphs and list items (HTML removed).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Cell {
    pub parts: Vec<Part>,
}

impl Cell {
    /// The parts joined with newlines.
    pub fn text(&self) -> String {
        self.parts.iter().map(|p| p.text.as_str()).collect::<Vec<_>>().join("\n")
    }

    pub fn is_empty(&self) -> bool {
        self.parts.iter().all(|p| p.text.trim().is_empty())
    }
}

/// What a piece of cell content was in the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartKind {
    /// Text outside any HTML element, or a whole plain cell.
    Plain,
    /// `<p>…</p>` (or text separated by `<br>`).
    Paragraph,
    /// `<li>…</li>`, or one sentence of a `<ul>` whose `<li>` tags were lost.
    Item,
}

/// One paragraph or list item of a cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub kind: PartKind,
    pub text: String,
}

/// Why a piece of the source was left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DropReason {
    /// A line that is only a page number (「3」「- 3 -」「P3」「3/12」).
    PageNumber,
    /// A repeat of the document's opening lines at the top of a later page.
    RunningHeader,
    /// A run of lines that repeats an earlier run word for word (a page printed twice).
    RepeatedPage,
    /// A table rule row (`|---|---|`, `-----\t---`).
    TableRule,
}

/// Something the reader left out, with the source lines it covered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dropped {
    pub reason: DropReason,
    /// First and last source line.
    pub first: usize,
    pub last: usize,
    /// The text left out (lines joined with newlines).
    pub text: String,
}

/// Reads text into the raw structure.
pub fn read(text: &str) -> RawDoc {
    let lines: Vec<Line> = text
        .lines()
        .enumerate()
        .map(|(i, t)| Line { no: i + 1, text: t.strip_suffix('\r').unwrap_or(t).to_string() })
        .collect();
    let mut dropped = Vec::new();
    let kept: Vec<Line> = cleanup::clean(&lines, &mut dropped)
        .into_iter()
        .map(|l| Line { text: strip_heading_marks(&l.text).to_string(), ..l })
        .collect();
    let blocks = blocks::build(&kept, &mut dropped);
    dropped.sort_by_key(|d| d.first);
    RawDoc { lines, blocks, dropped }
}

/// A Markdown heading (「## 第２節 …」, as some converters write headings) without its marks.
pub(crate) fn strip_heading_marks(text: &str) -> &str {
    let t = text.trim_start();
    let rest = t.trim_start_matches('#');
    let marks = t.len() - rest.len();
    if (1..=6).contains(&marks) && rest.starts_with([' ', '\u{3000}']) && !rest.trim().is_empty() {
        rest.trim_start()
    } else {
        text
    }
}

impl RawDoc {
    /// Every logical line of the document in order: text lines, and for tables one line per
    /// row with its filled cells separated by tabs. Handy for vocabulary scans.
    pub fn logical_lines(&self) -> Vec<Line> {
        let mut out = Vec::new();
        for b in &self.blocks {
            match b {
                Block::Text(t) => out.extend(t.lines.iter().cloned()),
                Block::Table(t) => {
                    for r in &t.rows {
                        let text = r.filled().map(|c| c.text().replace('\n', " ")).collect::<Vec<_>>().join("\t");
                        out.push(Line { no: r.line, text });
                    }
                }
            }
        }
        out
    }
}
