//! Writing the readers' output: lines with their origins and page starts, and table rows as
//! tab-separated cells escaped so that the raw reader gives back each cell's text.

use super::{Decoded, InputKind, Origin};

/// Collects the lines of a [`Decoded`].
#[derive(Debug, Default)]
pub(crate) struct Lines {
    lines: Vec<String>,
    origins: Vec<Origin>,
    pages: Vec<usize>,
}

impl Lines {
    pub(crate) fn push(&mut self, line: String, origin: Origin) {
        self.lines.push(line);
        self.origins.push(origin);
    }

    /// The next line starts a page (or a sheet).
    pub(crate) fn new_page(&mut self) {
        let next = self.lines.len() + 1;
        if self.pages.last() != Some(&next) {
            self.pages.push(next);
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.lines.len()
    }

    /// True when the last line is blank (or there is none).
    pub(crate) fn ends_blank(&self) -> bool {
        self.lines.last().is_none_or(|l| l.trim().is_empty())
    }

    pub(crate) fn finish(self, kind: InputKind, encoding: Option<&'static str>) -> Decoded {
        let mut text = self.lines.join("\n");
        if !text.is_empty() {
            text.push('\n');
        }
        let mut pages = self.pages;
        if pages.is_empty() && !self.lines.is_empty() {
            pages.push(1);
        }
        Decoded { kind, encoding, text, origins: self.origins, pages }
    }
}

/// Escapes a cell for a tab row (whose cells the raw reader reads as HTML): `&`, `<`, `>` as
/// entities, line breaks as `<br>`, tabs as spaces, surrounding whitespace trimmed.
fn escape_cell(cell: &str) -> String {
    let cell = cell.trim_matches(|c: char| c.is_whitespace() && c != '\u{3000}');
    let mut out = String::with_capacity(cell.len());
    let mut chars = cell.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\t' => out.push(' '),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("<br>");
            }
            '\n' | '\u{2028}' | '\u{2029}' | '\u{b}' | '\u{c}' => out.push_str("<br>"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// One table row as one line: cells separated by tabs, empty cells kept so columns line up,
/// trailing empty cells trimmed. A lone cell is written as plain text unless it needs markup
/// (a line break, or text that would read as a tag), so a title row stays a text line.
pub fn cells_line<S: AsRef<str>>(cells: &[S]) -> String {
    let n = cells.iter().rposition(|c| !c.as_ref().trim().is_empty()).map_or(0, |i| i + 1);
    match n {
        0 => String::new(),
        1 => {
            let cell = cells[0].as_ref();
            let plain = cell.trim();
            let needs_markup = plain.contains(['\n', '\r', '\u{2028}', '\u{2029}'])
                || plain.char_indices().any(|(i, c)| c == '<' && plain[i + 1..].starts_with(tag_start))
                || plain.contains(|c: char| c.is_control());
            if !needs_markup {
                plain.to_string()
            } else if plain.contains(['\n', '\r']) {
                escape_cell(cell)
            } else {
                // A closing break makes the raw reader decode the entities without adding a line.
                format!("{}<br>", escape_cell(cell))
            }
        }
        _ => cells[..n].iter().map(|c| escape_cell(c.as_ref())).collect::<Vec<_>>().join("\t"),
    }
}

fn tag_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '/'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_keep_empty_cells_and_escape_markup() {
        assert_eq!(cells_line(&["事業名", "", "a<b & c>d", "", ""]), "事業名\t\ta&lt;b &amp; c&gt;d");
        assert_eq!(cells_line(&["一行目\n二行目", "x"]), "一行目<br>二行目\tx");
        assert_eq!(cells_line(&["", "", ""]), "");
        assert_eq!(cells_line(&["  見出し  "]), "見出し");
        assert_eq!(cells_line(&["A & B"]), "A & B");
        assert_eq!(cells_line(&["<p>x"]), "&lt;p&gt;x<br>");
        assert_eq!(cells_line(&["上\r\n下"]), "上<br>下");
    }

    #[test]
    fn escaped_rows_read_back_as_their_cells() {
        let line = cells_line(&["a<b & c", "", "一\n二"]);
        let doc = crate::raw::read(&line);
        let crate::raw::Block::Table(t) = &doc.blocks[0] else { panic!("{doc:?}") };
        assert_eq!(t.rows[0].text(0), "a<b & c");
        assert_eq!(t.rows[0].text(1), "");
        assert_eq!(t.rows[0].text(2), "一\n二");
        let doc = crate::raw::read(&cells_line(&["<p>x"]));
        let crate::raw::Block::Text(t) = &doc.blocks[0] else { panic!("{doc:?}") };
        assert_eq!(t.text(), "<p>x");
    }
}
