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
    let widths = wrap_widths(&plain_paragraphs(lines));
    let mut blocks = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let k = kind(&lines[i].text);
        let mut j = i;
        while j < lines.len() && kind(&lines[j].text) == k {
            j += 1;
        }
        let group = &lines[i..j];
        match k {
            Kind::Blank => {}
            Kind::Text => blocks.push(Block::Text(text_block(group, &widths))),
            Kind::Markdown | Kind::Tabs => {
                if let Some(t) = table_block(group, k == Kind::Markdown, dropped) {
                    blocks.push(Block::Table(t));
                }
            }
        }
        i = j;
    }
    blocks
}

/// Runs of consecutive plain text lines (no tables, no HTML), spaced words collapsed.
fn plain_paragraphs(lines: &[Line]) -> Vec<Vec<Line>> {
    let mut out = Vec::new();
    let mut cur: Vec<Line> = Vec::new();
    for l in lines {
        if kind(&l.text) == Kind::Text && !html::has_tags(&l.text) {
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

fn table_block(group: &[Line], markdown: bool, dropped: &mut Vec<Dropped>) -> Option<Table> {
    let mut rows = Vec::new();
    for l in group {
        let cells = if markdown { table::markdown_cells(&l.text) } else { table::tab_cells(&l.text) };
        if table::is_rule(&cells) {
            dropped.push(Dropped { reason: DropReason::TableRule, first: l.no, last: l.no, text: l.text.clone() });
            continue;
        }
        rows.push(table::row(l.no, &cells));
    }
    let line = rows.first()?.line;
    let syntax = if markdown { TableSyntax::Markdown } else { TableSyntax::Tabs };
    Some(Table { line, syntax, rows })
}
