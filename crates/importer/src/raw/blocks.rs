//! Groups cleaned lines into blocks: paragraphs of plain lines and tables of rows. Blank
//! lines and changes of kind end a block.

use super::join::{join_wrapped, wrap_widths};
use super::{collapse_spaced, html, table, Block, DropReason, Dropped, Line, Table, TableSyntax, TextBlock};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Blank,
    Text,
    Markdown,
    Tabs,
    Spaces,
}

/// Fewest cells of a space-aligned row, and fewest such rows in a table.
const SPACED_CELLS: usize = 3;
const SPACED_ROWS: usize = 2;

/// The kind of each line: plain lines become [`Kind::Spaces`] in runs of at least
/// [`SPACED_ROWS`] lines that split at double spaces into the same number (≥ [`SPACED_CELLS`])
/// of cells.
fn kinds(lines: &[Line]) -> Vec<Kind> {
    let mut out: Vec<Kind> = lines.iter().map(|l| kind(&l.text)).collect();
    let count = |l: &Line| {
        let n = table::spaced_cells(&l.text).len();
        (n >= SPACED_CELLS && !html::has_tags(&l.text)).then_some(n)
    };
    let mut i = 0;
    while i < lines.len() {
        let Some(n) = (out[i] == Kind::Text).then(|| count(&lines[i])).flatten() else {
            i += 1;
            continue;
        };
        let mut j = i + 1;
        while j < lines.len() && out[j] == Kind::Text && count(&lines[j]) == Some(n) {
            j += 1;
        }
        if j - i >= SPACED_ROWS {
            out[i..j].fill(Kind::Spaces);
        }
        i = j;
    }
    out
}

fn kind(text: &str) -> Kind {
    if text.trim().is_empty() {
        Kind::Blank
    } else if table::is_markdown_row(text) {
        Kind::Markdown
    } else if table::is_tab_row(text) {
        Kind::Tabs
    } else {
        Kind::Text
    }
}

pub(super) fn build(lines: &[Line], dropped: &mut Vec<Dropped>) -> Vec<Block> {
    let kinds = kinds(lines);
    let widths = wrap_widths(&plain_paragraphs(lines, &kinds));
    let mut blocks = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let k = kinds[i];
        let mut j = i;
        while j < lines.len() && kinds[j] == k {
            j += 1;
        }
        let group = &lines[i..j];
        match k {
            Kind::Blank => {}
            Kind::Text => blocks.push(Block::Text(text_block(group, &widths))),
            Kind::Markdown | Kind::Tabs | Kind::Spaces => {
                if let Some(t) = table_block(group, k, dropped) {
                    blocks.push(Block::Table(t));
                }
            }
        }
        i = j;
    }
    blocks
}

/// Runs of consecutive plain text lines (no tables, no HTML), spaced words collapsed.
fn plain_paragraphs(lines: &[Line], kinds: &[Kind]) -> Vec<Vec<Line>> {
    let mut out = Vec::new();
    let mut cur: Vec<Line> = Vec::new();
    for (l, k) in lines.iter().zip(kinds) {
        if *k == Kind::Text && !html::has_tags(&l.text) {
            cur.push(Line { no: l.no, text: collapse_spaced(l.text.trim()) });
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn text_block(group: &[Line], widths: &[usize]) -> TextBlock {
    let mut lines = Vec::new();
    let mut plain: Vec<Line> = Vec::new();
    for l in group {
        if html::has_tags(&l.text) {
            lines.extend(join_wrapped(std::mem::take(&mut plain), widths));
            for p in super::html_parts(&l.text) {
                lines.push(Line { no: l.no, text: collapse_spaced(&p.text) });
            }
        } else {
            plain.push(Line { no: l.no, text: collapse_spaced(l.text.trim()) });
        }
    }
    lines.extend(join_wrapped(plain, widths));
    let line = group.first().map_or(0, |l| l.no);
    let end = group.last().map_or(0, |l| l.no);
    TextBlock { line, end, lines }
}

fn table_block(group: &[Line], k: Kind, dropped: &mut Vec<Dropped>) -> Option<Table> {
    let mut rows = Vec::new();
    for l in group {
        let cells = match k {
            Kind::Markdown => table::markdown_cells(&l.text),
            Kind::Spaces => table::spaced_cells(&l.text),
            _ => table::tab_cells(&l.text),
        };
        if table::is_rule(&cells) {
            dropped.push(Dropped { reason: DropReason::TableRule, first: l.no, last: l.no, text: l.text.clone() });
            continue;
        }
        rows.push(table::row(l.no, &cells));
    }
    let line = rows.first()?.line;
    let syntax = match k {
        Kind::Markdown => TableSyntax::Markdown,
        Kind::Spaces => TableSyntax::Spaces,
        _ => TableSyntax::Tabs,
    };
    Some(Table { line, syntax, rows })
}
