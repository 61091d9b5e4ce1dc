//! A document as a list of blocks (title, headings, label/value fields, tables with spans), and
//! the layouts that turn it into text: tab-separated, Markdown, HTML, label：value lines, a
//! space-aligned form as `pdftotext -layout` prints one; and the transformations applied on
//! top (hard wraps, full-width characters, spaced labels, page furniture).

use unicode_width::UnicodeWidthChar;

#[derive(Debug, Clone)]
pub enum Block {
    /// The document's title (and, for sheets, the series title repeated on each sheet).
    Title(String),
    Heading(String),
    /// A paragraph; '\n' separates lines the document breaks on purpose.
    Para(String),
    /// A label and its value; '\n' in the value separates its paragraphs.
    Field(String, String),
    Table(Grid),
    /// A new sheet of a series starts (the title is printed again, a page starts).
    Sheet,
    /// A blank line between records.
    Break,
}

/// A table as HTML has it: each row lists the cells that start in it.
#[derive(Debug, Clone, Default)]
pub struct Grid {
    pub rows: Vec<Vec<Cell>>,
}

#[derive(Debug, Clone)]
pub struct Cell {
    pub text: String,
    pub rowspan: usize,
    pub colspan: usize,
    /// A header cell (a label).
    pub header: bool,
}

impl Cell {
    pub fn td(text: impl Into<String>) -> Cell {
        Cell { text: text.into(), rowspan: 1, colspan: 1, header: false }
    }
    pub fn th(text: impl Into<String>) -> Cell {
        Cell { header: true, ..Cell::td(text) }
    }
    pub fn rows(mut self, n: usize) -> Cell {
        self.rowspan = n.max(1);
        self
    }
    pub fn cols(mut self, n: usize) -> Cell {
        self.colspan = n.max(1);
        self
    }
}

impl Grid {
    /// A table with one header row.
    pub fn with_header(header: &[&str]) -> Grid {
        Grid { rows: vec![header.iter().map(|h| Cell::th(*h)).collect()] }
    }
    pub fn row(&mut self, cells: Vec<Cell>) {
        self.rows.push(cells);
    }

    /// The grid with every position filled: `Some` where a cell starts, `None` where a span
    /// covers it or the row is short.
    pub fn expand(&self) -> Vec<Vec<Option<&Cell>>> {
        let mut out: Vec<Vec<Option<&Cell>>> = vec![Vec::new(); self.rows.len()];
        let mut covered: std::collections::HashSet<(usize, usize)> = std::collections::HashSet::new();
        for (r, row) in self.rows.iter().enumerate() {
            let mut c = 0;
            for cell in row {
                while covered.contains(&(r, c)) {
                    c += 1;
                }
                for (rr, line) in out.iter_mut().enumerate().skip(r).take(cell.rowspan) {
                    for cc in c..c + cell.colspan {
                        covered.insert((rr, cc));
                        if line.len() <= cc {
                            line.resize(cc + 1, None);
                        }
                    }
                }
                out[r][c] = Some(cell);
                c += cell.colspan;
            }
        }
        let width = out.iter().map(Vec::len).max().unwrap_or(0);
        for line in &mut out {
            line.resize(width, None);
        }
        out
    }
}

#[derive(Debug, Clone)]
pub struct Document {
    pub title: String,
    pub blocks: Vec<Block>,
}

/// Display width (full-width characters count two).
pub fn width(s: &str) -> usize {
    s.chars().map(|c| c.width().unwrap_or(0)).sum()
}

fn pad(s: &str, w: usize) -> String {
    format!("{s}{}", " ".repeat(w.saturating_sub(width(s))))
}

/// Characters that may not start a line (kinsoku): they stay at the end of the line before.
const NO_LINE_START: &str = "、。，．・）」』】〕％:：!！?？";

/// Breaks a paragraph into lines of at most `cols` display columns, mid-sentence as a fixed
/// width does; a run of ASCII letters and digits is not broken, 、。」 do not start a line.
pub fn wrap(text: &str, cols: usize) -> Vec<String> {
    let mut tokens: Vec<String> = Vec::new();
    for c in text.chars() {
        match tokens.last_mut() {
            Some(t) if c.is_ascii_graphic() && t.chars().all(|x| x.is_ascii_graphic()) => t.push(c),
            _ => tokens.push(c.to_string()),
        }
    }
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for t in tokens {
        let fits = width(&cur) + width(&t) <= cols;
        let sticky = t.chars().all(|c| NO_LINE_START.contains(c));
        if fits || cur.is_empty() || sticky {
            cur.push_str(&t);
        } else {
            lines.push(cur.trim_end().to_string());
            cur = if t == " " { String::new() } else { t };
        }
    }
    if !cur.trim().is_empty() || lines.is_empty() {
        lines.push(cur.trim_end().to_string());
    }
    lines
}

/// Joins blocks' line groups, a blank line between groups, consecutive fields together.
struct Out {
    lines: Vec<String>,
    last_field: bool,
}

impl Out {
    fn new() -> Out {
        Out { lines: Vec::new(), last_field: false }
    }
    fn group(&mut self, field: bool, lines: impl IntoIterator<Item = String>) {
        let after_field = field && self.last_field;
        if !after_field && self.lines.last().is_some_and(|l| !l.is_empty()) {
            self.lines.push(String::new());
        }
        self.lines.extend(lines);
        self.last_field = field;
    }
    fn blank(&mut self) {
        if self.lines.last().is_some_and(|l| !l.is_empty()) {
            self.lines.push(String::new());
        }
        self.last_field = false;
    }
    fn text(mut self) -> String {
        while self.lines.last().is_some_and(|l| l.is_empty()) {
            self.lines.pop();
        }
        let mut s = self.lines.join("\n");
        s.push('\n');
        s
    }
}

/// Paragraphs of a value joined into one line, as a table cell copied to text holds them.
fn one_line(text: &str) -> String {
    text.split('\n').map(str::trim).filter(|p| !p.is_empty()).collect::<Vec<_>>().join(" ")
}

// ---------------------------------------------------------------------------------------------
// Layouts

/// Tab-separated: each table row one line of cells (a cell's paragraphs joined by a space), a
/// spanned position an empty cell; a field's further paragraphs on rows with an empty label.
pub fn tsv(doc: &Document) -> String {
    let mut out = Out::new();
    for b in &doc.blocks {
        match b {
            Block::Title(t) | Block::Heading(t) => out.group(false, [t.clone()]),
            Block::Para(t) => out.group(false, t.split('\n').map(str::to_string)),
            Block::Field(l, v) => {
                // Further paragraphs (a list's items) on rows of their own under the value.
                let mut paras = v.split('\n').map(str::trim).filter(|p| !p.is_empty());
                let mut rows = vec![format!("{l}\t{}", paras.next().unwrap_or(""))];
                rows.extend(paras.map(|p| format!("\t{p}")));
                out.group(true, rows);
            }
            Block::Table(g) => {
                let rows = g.expand().into_iter().map(|row| {
                    let cells: Vec<String> =
                        row.iter().map(|c| c.map(|c| one_line(&c.text)).unwrap_or_default()).collect();
                    cells.join("\t").trim_end_matches('\t').to_string()
                });
                out.group(false, rows.collect::<Vec<_>>());
            }
            Block::Sheet => {
                out.blank();
                out.group(false, [doc.title.clone()]);
            }
            Block::Break => out.blank(),
        }
    }
    out.text()
}

fn md_cell(text: &str) -> String {
    text.split('\n').map(str::trim).filter(|p| !p.is_empty()).collect::<Vec<_>>().join("<br>").replace('|', "\\|")
}

fn md_table(rows: &[Vec<String>]) -> Vec<String> {
    let mut lines = Vec::new();
    for (k, row) in rows.iter().enumerate() {
        lines.push(format!("| {} |", row.join(" | ")));
        if k == 0 {
            lines.push(format!("|{}|", vec!["---"; row.len()].join("|")));
        }
    }
    lines
}

/// Markdown: `#` headings, tables with a rule under the first row, a run of fields as a
/// two-column table, a cell's paragraphs joined by `<br>`.
pub fn markdown(doc: &Document) -> String {
    let mut out = Out::new();
    let mut fields: Vec<Vec<String>> = Vec::new();
    let flush = |out: &mut Out, fields: &mut Vec<Vec<String>>| {
        if !fields.is_empty() {
            out.group(false, md_table(fields));
            fields.clear();
        }
    };
    for b in &doc.blocks {
        if !matches!(b, Block::Field(..)) {
            flush(&mut out, &mut fields);
        }
        match b {
            Block::Title(t) => out.group(false, [format!("# {t}")]),
            Block::Heading(t) => out.group(false, [format!("## {t}")]),
            Block::Para(t) => out.group(false, t.split('\n').map(str::to_string)),
            Block::Field(l, v) => fields.push(vec![md_cell(l), md_cell(v)]),
            Block::Table(g) => {
                let rows: Vec<Vec<String>> = g
                    .expand()
                    .into_iter()
                    .map(|row| row.iter().map(|c| c.map(|c| md_cell(&c.text)).unwrap_or_default()).collect())
                    .collect();
                out.group(false, md_table(&rows));
            }
            Block::Sheet => {
                out.group(false, ["---".to_string()]);
                out.group(false, [format!("# {}", doc.title)]);
            }
            Block::Break => out.blank(),
        }
    }
    flush(&mut out, &mut fields);
    out.text()
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

fn html_paras(text: &str) -> String {
    let paras: Vec<&str> = text.split('\n').map(str::trim).filter(|p| !p.is_empty()).collect();
    if paras.len() <= 1 {
        esc(paras.first().copied().unwrap_or(""))
    } else {
        paras.iter().map(|p| format!("<p>{}</p>", esc(p))).collect::<Vec<_>>().join("")
    }
}

/// An HTML page: headings, paragraphs, a run of fields as a table of th/td rows, tables with
/// their rowspan and colspan.
pub fn html(doc: &Document) -> String {
    let mut s = String::new();
    s.push_str("<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n");
    s.push_str(&format!("<title>{}</title>\n</head>\n<body>\n", esc(&doc.title)));
    let mut in_fields = false;
    for b in &doc.blocks {
        if in_fields && !matches!(b, Block::Field(..)) {
            s.push_str("</table>\n");
            in_fields = false;
        }
        match b {
            Block::Title(t) => s.push_str(&format!("<h1>{}</h1>\n", esc(t))),
            Block::Heading(t) => s.push_str(&format!("<h2>{}</h2>\n", esc(t))),
            Block::Para(t) => {
                for p in t.split('\n') {
                    s.push_str(&format!("<p>{}</p>\n", esc(p)));
                }
            }
            Block::Field(l, v) => {
                if !in_fields {
                    s.push_str("<table border=\"1\">\n");
                    in_fields = true;
                }
                s.push_str(&format!("<tr><th>{}</th><td>{}</td></tr>\n", esc(l), html_paras(v)));
            }
            Block::Table(g) => {
                s.push_str("<table border=\"1\">\n");
                for row in &g.rows {
                    s.push_str("<tr>");
                    for c in row {
                        let tag = if c.header { "th" } else { "td" };
                        let mut attrs = String::new();
                        if c.rowspan > 1 {
                            attrs.push_str(&format!(" rowspan=\"{}\"", c.rowspan));
                        }
                        if c.colspan > 1 {
                            attrs.push_str(&format!(" colspan=\"{}\"", c.colspan));
                        }
                        s.push_str(&format!("<{tag}{attrs}>{}</{tag}>", html_paras(&c.text)));
                    }
                    s.push_str("</tr>\n");
                }
                s.push_str("</table>\n");
            }
            Block::Sheet => s.push_str(&format!("<hr>\n<h1>{}</h1>\n", esc(&doc.title))),
            Block::Break => {}
        }
    }
    if in_fields {
        s.push_str("</table>\n");
    }
    s.push_str("</body>\n</html>\n");
    s
}

/// Label：value lines; a value's further paragraphs on the lines below. Tables (which record
/// documents do not have) fall back to tab rows.
fn label_lines(blocks: &[Block], title: &str) -> Vec<String> {
    let mut out = Out::new();
    for b in blocks {
        match b {
            Block::Title(t) | Block::Heading(t) => out.group(false, [t.clone()]),
            Block::Para(t) => out.group(false, t.split('\n').map(str::to_string)),
            Block::Field(l, v) => {
                let mut paras = v.split('\n').map(str::trim).filter(|p| !p.is_empty());
                let first = paras.next().unwrap_or("");
                let mut lines = vec![format!("{l}：{first}")];
                lines.extend(paras.map(str::to_string));
                out.group(true, lines);
            }
            Block::Table(_) => {
                let one = Document { title: title.to_string(), blocks: vec![b.clone()] };
                out.group(false, tsv(&one).lines().map(str::to_string).collect::<Vec<_>>());
            }
            Block::Sheet => {
                out.blank();
                out.group(false, [title.to_string()]);
            }
            Block::Break => out.blank(),
        }
    }
    let text = out.text();
    text.lines().map(str::to_string).collect()
}

/// Label：value lines (the record form of a document).
pub fn labels(doc: &Document) -> String {
    let mut s = label_lines(&doc.blocks, &doc.title).join("\n");
    s.push('\n');
    s
}

/// The record form in pages: a sheet series page by sheet, other documents by `per_page` lines.
pub fn pages(doc: &Document, per_page: usize) -> Vec<Vec<String>> {
    let mut segments: Vec<Vec<Block>> = vec![Vec::new()];
    for b in &doc.blocks {
        if matches!(b, Block::Sheet) {
            segments.push(vec![Block::Title(doc.title.clone())]);
        } else if let Some(seg) = segments.last_mut() {
            seg.push(b.clone());
        }
    }
    if segments.len() > 1 {
        return segments.iter().map(|seg| label_lines(seg, &doc.title)).collect();
    }
    let lines = label_lines(&segments[0], &doc.title);
    lines.chunks(per_page.max(1)).map(<[String]>::to_vec).collect()
}

/// Pages as printed: a running header on each page after the first (unless the page already
/// opens with it), 「- n -」 centred under each, and page `repeat` printed twice.
pub fn furniture(pages: &[Vec<String>], header: &str, repeat: Option<usize>) -> String {
    let mut printed: Vec<Vec<String>> = Vec::new();
    for (k, page) in pages.iter().enumerate() {
        let mut p: Vec<String> = Vec::new();
        if k > 0 && page.first().map(|l| l.trim()) != Some(header) {
            p.push(format!("{}{header}", " ".repeat(60usize.saturating_sub(width(header)))));
            p.push(String::new());
        }
        p.extend(page.iter().cloned());
        while p.last().is_some_and(|l| l.is_empty()) {
            p.pop();
        }
        p.push(String::new());
        p.push(format!("{}- {} -", " ".repeat(36), k + 1));
        printed.push(p.clone());
        if repeat == Some(k) {
            printed.push(p);
        }
    }
    let mut s = printed.iter().map(|p| p.join("\n")).collect::<Vec<_>>().join("\n\n");
    s.push('\n');
    s
}

/// Two sheets to a page under one page header: the second sheet's repeated title is left out.
pub fn two_per_page(pages: &[Vec<String>], title: &str) -> Vec<Vec<String>> {
    pages
        .chunks(2)
        .map(|pair| {
            let mut p = pair[0].clone();
            if let Some(second) = pair.get(1) {
                p.push(String::new());
                p.push(String::new());
                p.extend(second.iter().skip_while(|l| l.trim() == title || l.is_empty()).cloned());
            }
            p
        })
        .collect()
}

/// Hard wraps every line at `cols` display columns.
pub fn hard_wrap(text: &str, cols: usize) -> String {
    let mut out: Vec<String> = Vec::new();
    for line in text.lines() {
        if width(line) <= cols {
            out.push(line.to_string());
        } else {
            out.extend(wrap(line, cols));
        }
    }
    let mut s = out.join("\n");
    s.push('\n');
    s
}

/// ASCII digits and letters (and the hyphen, percent sign and brackets of codes and figures)
/// written full-width, as word processors set Japanese text: 「令和５年度」「５－２－①」「（１）」.
pub fn full_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '0'..='9' | 'A'..='Z' | 'a'..='z' | '%' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
            '-' => '－',
            '(' => '（',
            ')' => '）',
            _ => c,
        })
        .collect()
}

/// A short label spaced out to fill its cell: 「目　　的」「所 属 名」「重 点 項 目」.
pub fn space_out(label: &str) -> String {
    let chars: Vec<char> = label.chars().collect();
    if chars.iter().any(|c| c.is_ascii()) {
        return label.to_string();
    }
    match chars.len() {
        2 => format!("{}　　{}", chars[0], chars[1]),
        3..=6 => chars.iter().map(char::to_string).collect::<Vec<_>>().join(" "),
        _ => label.to_string(),
    }
}

/// The document with its field labels and header cells spaced out.
pub fn spaced_labels(doc: &Document) -> Document {
    let blocks = doc
        .blocks
        .iter()
        .map(|b| match b {
            Block::Field(l, v) => Block::Field(space_out(l), v.clone()),
            Block::Table(g) => Block::Table(Grid {
                rows: g
                    .rows
                    .iter()
                    .map(|row| {
                        row.iter()
                            .map(|c| if c.header { Cell { text: space_out(&c.text), ..c.clone() } } else { c.clone() })
                            .collect()
                    })
                    .collect(),
            }),
            other => other.clone(),
        })
        .collect();
    Document { title: doc.title.clone(), blocks }
}

/// Widest a table column of the form gets before its text wraps.
const FORM_COLUMN: usize = 34;
/// Where a field's value starts in the form.
const FORM_VALUE_AT: usize = 20;
/// The form's text width.
const FORM_WIDTH: usize = 96;

/// A form as `pdftotext -layout` prints it: labels at the left and values several spaces to
/// the right, long values wrapped under themselves, tables' columns aligned by spaces with
/// each cell's text wrapped inside its column.
pub fn form(doc: &Document) -> String {
    let mut out = Out::new();
    let centre = |t: &str| format!("{}{t}", " ".repeat(FORM_WIDTH.saturating_sub(width(t)) / 2));
    for b in &doc.blocks {
        match b {
            Block::Title(t) => out.group(false, [centre(t)]),
            Block::Heading(t) => out.group(false, [format!(" {t}")]),
            Block::Para(t) => {
                let lines: Vec<String> =
                    t.split('\n').flat_map(|p| wrap(p, FORM_WIDTH - 2)).map(|l| format!(" {l}")).collect();
                out.group(false, lines);
            }
            Block::Field(l, v) => {
                let at = FORM_VALUE_AT.max(width(l) + 5);
                let mut lines = Vec::new();
                for (k, part) in v.split('\n').flat_map(|p| wrap(p.trim(), FORM_WIDTH - at)).enumerate() {
                    let left = if k == 0 { pad(&format!(" {l}"), at) } else { " ".repeat(at) };
                    lines.push(format!("{left}{part}").trim_end().to_string());
                }
                if lines.is_empty() {
                    lines.push(format!(" {l}"));
                }
                out.group(true, lines);
            }
            Block::Table(g) => out.group(false, form_table(g)),
            Block::Sheet => {
                out.blank();
                out.group(false, [String::new(), centre(&doc.title)]);
            }
            Block::Break => out.blank(),
        }
    }
    out.text()
}

fn form_table(g: &Grid) -> Vec<String> {
    let grid = g.expand();
    let ncols = grid.first().map_or(0, Vec::len);
    let mut widths = vec![2usize; ncols];
    for row in &grid {
        for (c, cell) in row.iter().enumerate() {
            if let Some(cell) = cell.filter(|x| x.colspan == 1) {
                let w = cell.text.split('\n').map(width).max().unwrap_or(0).min(FORM_COLUMN);
                widths[c] = widths[c].max(w);
            }
        }
    }
    let gap = 3;
    let start: Vec<usize> = (0..ncols).map(|c| 1 + widths[..c].iter().map(|w| w + gap).sum::<usize>()).collect();
    let mut lines = Vec::new();
    for row in &grid {
        let mut cells: Vec<(usize, Vec<String>)> = Vec::new();
        for (c, cell) in row.iter().enumerate() {
            if let Some(cell) = cell {
                let w: usize = widths[c..c + cell.colspan].iter().sum::<usize>() + gap * (cell.colspan - 1);
                let text: Vec<String> = cell.text.split('\n').flat_map(|p| wrap(p.trim(), w)).collect();
                cells.push((start[c], text));
            }
        }
        let height = cells.iter().map(|(_, t)| t.len()).max().unwrap_or(1);
        for k in 0..height {
            let mut line = String::new();
            for (at, text) in &cells {
                if let Some(part) = text.get(k).filter(|p| !p.is_empty()) {
                    let mut target = *at;
                    if width(&line) + 2 > target {
                        target = width(&line) + 2;
                    }
                    line = pad(&line, target);
                    line.push_str(part);
                }
            }
            lines.push(line.trim_end().to_string());
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_leave_empty_positions() {
        let mut g = Grid::with_header(&["a", "b", "c"]);
        g.row(vec![Cell::td("x").rows(2), Cell::td("1"), Cell::td("2")]);
        g.row(vec![Cell::td("3"), Cell::td("4")]);
        g.row(vec![Cell::td("y").cols(2), Cell::td("5")]);
        let doc = Document { title: "t".into(), blocks: vec![Block::Table(g)] };
        assert_eq!(tsv(&doc), "a\tb\tc\nx\t1\t2\n\t3\t4\ny\t\t5\n");
    }

    #[test]
    fn wraps_mid_sentence_without_breaking_figures() {
        assert_eq!(wrap("あいうえお、かきくけこ", 10), vec!["あいうえお、", "かきくけこ"]);
        assert_eq!(wrap("値は5,587人です", 8), vec!["値は", "5,587人", "です"]);
        assert_eq!(space_out("目的"), "目　　的");
        assert_eq!(space_out("所属名"), "所 属 名");
        assert_eq!(full_width("令和5年度 5-2-① (1) DX 97.4%"), "令和５年度 ５－２－① （１） ＤＸ ９７.４％");
    }
}
