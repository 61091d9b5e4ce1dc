//! Lines as positioned fragments: a PDF form turned into text keeps each cell where it stood,
//! set apart by runs of spaces; a spreadsheet or HTML row keeps its cells between tabs. Each
//! fragment knows its line and horizontal extent, so a label's value can be looked for beside
//! it, above or below it.

use crate::genre::plan_chapter::tables::row_cells;
use crate::raw::Line;
use unicode_width::UnicodeWidthChar;

/// A piece of text on one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Frag {
    pub line: usize,
    /// Start and end (exclusive) column: characters or display width, whichever aligns the
    /// document better; the cell index for tab and Markdown rows.
    pub x0: usize,
    pub x1: usize,
    pub text: String,
}

/// One source line as fragments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct GridLine {
    pub no: usize,
    pub frags: Vec<Frag>,
    /// The line is a row of cells (tabs, Markdown): x is the cell index.
    pub cells: bool,
}

/// The lines of a document (or of one sheet of it) as fragments.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Grid {
    pub lines: Vec<GridLine>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Metric {
    Chars,
    Width,
}

impl Grid {
    /// Splits every line into fragments. PDF-to-text tools place each character in one column
    /// whatever its width, a person aligning text in an editor counts wide characters twice:
    /// the measure under which more fragments line up with the line above is used.
    pub fn new(lines: &[Line]) -> Grid {
        let chars = Self::with(lines, Metric::Chars);
        let width = Self::with(lines, Metric::Width);
        if width.alignment() > chars.alignment() {
            width
        } else {
            chars
        }
    }

    fn with(lines: &[Line], m: Metric) -> Grid {
        Grid { lines: lines.iter().map(|l| split(l, m)).collect() }
    }

    /// How many fragments start where a fragment of the previous non-blank line starts.
    fn alignment(&self) -> usize {
        let mut n = 0;
        let mut prev: Option<&GridLine> = None;
        for l in self.lines.iter().filter(|l| !l.frags.is_empty() && !l.cells) {
            if let Some(p) = prev {
                n += l.frags.iter().filter(|f| f.x0 > 0 && p.frags.iter().any(|g| g.x0 == f.x0)).count();
            }
            prev = Some(l);
        }
        n
    }

    /// Share of non-blank lines with two or more fragments: high for a form or table laid
    /// out in columns, low for text where every cell has a line of its own.
    pub fn columned(&self) -> f64 {
        let filled: Vec<&GridLine> = self.lines.iter().filter(|l| !l.frags.is_empty()).collect();
        if filled.is_empty() {
            return 0.0;
        }
        filled.iter().filter(|l| l.frags.len() >= 2).count() as f64 / filled.len() as f64
    }

    /// Index of the line with source number `no`.
    pub fn index_of(&self, no: usize) -> Option<usize> {
        self.lines.binary_search_by_key(&no, |l| l.no).ok()
    }
}

fn split(l: &Line, m: Metric) -> GridLine {
    // A Markdown rule row (「|---|:--|」) holds nothing.
    let t = l.text.trim();
    if t.starts_with('|') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ')) {
        return GridLine { no: l.no, frags: Vec::new(), cells: true };
    }
    if let Some(cells) = row_cells(&l.text) {
        let frags = cells
            .into_iter()
            .enumerate()
            .filter(|(_, c)| !c.trim().is_empty())
            .map(|(i, c)| Frag { line: l.no, x0: i, x1: i + 1, text: c.trim().to_string() })
            .collect();
        return GridLine { no: l.no, frags, cells: true };
    }
    let mut frags: Vec<Frag> = Vec::new();
    let mut cur = String::new();
    let (mut x, mut start, mut gap, mut gap_width) = (0usize, 0usize, 0usize, 0usize);
    let mut pending_space = String::new();
    for c in l.text.trim_end().chars() {
        let w = match m {
            Metric::Chars => 1,
            Metric::Width => c.width().unwrap_or(0).max(1),
        };
        if c == ' ' || c == '\u{3000}' || c == '\t' {
            // Spaces counted as characters: one ideographic space stays inside a cell.
            gap += 1;
            gap_width += w;
            pending_space.push(c);
            x += w;
            continue;
        }
        if !cur.is_empty() && gap >= 2 {
            frags.push(Frag { line: l.no, x0: start, x1: x - gap_width, text: std::mem::take(&mut cur) });
        } else if !cur.is_empty() {
            cur.push_str(&pending_space);
        }
        if cur.is_empty() {
            start = x;
        }
        pending_space.clear();
        gap = 0;
        gap_width = 0;
        cur.push(c);
        x += w;
    }
    if !cur.is_empty() {
        frags.push(Frag { line: l.no, x0: start, x1: x - gap_width, text: cur });
    }
    GridLine { no: l.no, frags: merge_spaced(frags.into_iter().flat_map(split_numbers).collect()), cells: false }
}

/// A number beside other text with only one space between them stands in a column of its
/// own (tight tables: 「4,152 広域処分委託量」「110,288 110,288」).
fn split_numbers(f: Frag) -> Vec<Frag> {
    if !f.text.contains(' ') {
        return vec![f];
    }
    let is_number = |t: &str| {
        let t = t.trim_start_matches(['▲', '△', '-', '−']).trim_end_matches(['%', '％']);
        !t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c) || ",，.．".contains(c))
    };
    let words: Vec<&str> = f.text.split(' ').collect();
    let widths: Vec<usize> = words.iter().map(|w| w.chars().count()).collect();
    let scale = |n: usize| if f.x1 - f.x0 > f.text.chars().count() { n * 2 } else { n };
    let mut out: Vec<Frag> = Vec::new();
    let mut x = f.x0;
    for (i, w) in words.iter().enumerate() {
        let boundary = i > 0 && (is_number(w) || is_number(words[i - 1]));
        match out.last_mut() {
            Some(p) if !boundary => {
                p.text.push(' ');
                p.text.push_str(w);
                p.x1 = x + scale(widths[i]);
            }
            _ => out.push(Frag { line: f.line, x0: x, x1: x + scale(widths[i]), text: w.to_string() }),
        }
        x += scale(widths[i]) + 1;
    }
    out
}

/// 「区　　　　分」「目　　的」: single characters spread over a cell are one word.
fn merge_spaced(frags: Vec<Frag>) -> Vec<Frag> {
    let single = |f: &Frag| f.text.chars().count() == 1 && f.text.chars().all(|c| c.is_alphabetic() && !c.is_ascii());
    let mut out: Vec<Frag> = Vec::new();
    // Whether the last fragment of `out` is made of single characters only.
    let mut spaced = false;
    for f in frags {
        let joins = single(&f) && spaced && out.last().is_some_and(|p| f.x0 - p.x1 <= 8);
        match out.last_mut() {
            Some(p) if joins => {
                p.text.push_str(&f.text);
                p.x1 = f.x1;
            }
            _ => {
                spaced = single(&f);
                out.push(f);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(t: &str) -> Vec<Line> {
        t.lines().enumerate().map(|(i, s)| Line { no: i + 1, text: s.into() }).collect()
    }

    #[test]
    fn splits_at_runs_of_spaces_and_keeps_positions() {
        let g = Grid::new(&lines("  事業名     花壇づくり事業      担当課   みどり課\n区　　　　分   令和5年度"));
        let texts: Vec<&str> = g.lines[0].frags.iter().map(|f| f.text.as_str()).collect();
        assert_eq!(texts, ["事業名", "花壇づくり事業", "担当課", "みどり課"]);
        assert_eq!(g.lines[0].frags[0].x0, 2);
        let texts: Vec<&str> = g.lines[1].frags.iter().map(|f| f.text.as_str()).collect();
        assert_eq!(texts, ["区分", "令和5年度"]);
    }

    #[test]
    fn single_spaces_stay_inside_a_fragment() {
        let g = Grid::new(&lines("事 業 費     Ａ       1,130"));
        let texts: Vec<&str> = g.lines[0].frags.iter().map(|f| f.text.as_str()).collect();
        assert_eq!(texts, ["事 業 費", "Ａ", "1,130"]);
    }

    #[test]
    fn tab_rows_are_cells() {
        let g = Grid::new(&lines("事業名\t\t花壇\n担当課\t\tみどり課"));
        assert!(g.lines[0].cells);
        assert_eq!(g.lines[0].frags[1].x0, 2);
    }

    #[test]
    fn the_measure_that_aligns_columns_is_chosen() {
        // Typed in an editor: wide characters count twice.
        let typed = "指標名      単位  目標\n花壇の数    か所  20\n来場者数    人    500";
        let g = Grid::new(&lines(typed));
        let x: Vec<usize> = g.lines.iter().map(|l| l.frags[1].x0).collect();
        assert_eq!(x[1], x[2]);
        assert_eq!(x[0], x[1]);
    }
}
