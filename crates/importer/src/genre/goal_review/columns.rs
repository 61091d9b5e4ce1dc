//! Goal tables laid out by spaces, as `pdftotext -layout` prints them: each cell's text
//! wrapped inside its column over several lines, so no two lines need have the same cells.
//! A header line names the columns (a number column, then the goal, 実績, 課題, schedule,
//! 総合計画 and 基本政策 by their vocabulary; header cells may wrap too); a line with the next
//! number in the number column starts a row; every fragment (`form::grid`) goes to the column
//! it starts in; the lines of a cell are joined where the text wrapped at the column's edge
//! and kept apart where a line ends short or the next starts a new paragraph (「(1)」「・」, a
//! link code).

use super::header::{is_number_header, role_of, Role};
use super::items::{number, paragraph};
use super::refs::{self, RefKind};
use crate::form::grid::{Frag, Grid};
use crate::raw::{Cell, Line, RawDoc, Row};

/// A goal table read by position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Positional {
    /// First and last source line (header included).
    pub first: usize,
    pub last: usize,
    /// Each column's role and header text; the first is the number column.
    pub columns: Vec<(Option<Role>, String)>,
    /// One row per item: the number, then each column's paragraphs.
    pub rows: Vec<Row>,
}

/// How far (columns) a fragment may start left of its column and still be in it.
const SLACK: usize = 2;

/// Every goal table of the document written with spaces between its columns.
pub(super) fn tables(doc: &RawDoc) -> Vec<Positional> {
    // Page numbers and running headers between the lines of a row are left out.
    let dropped = |no: usize| doc.dropped.iter().any(|d| (d.first..=d.last).contains(&no));
    let lines: Vec<Line> = doc.lines.iter().filter(|l| !dropped(l.no)).cloned().collect();
    let grid = Grid::new(&lines);
    let wide = counts_width(&grid);
    let frags: Vec<Vec<Frag>> = grid.lines.iter().map(|l| joined(&l.frags, wide)).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < grid.lines.len() {
        if grid.lines[i].cells || !is_header(&frags[i]) {
            i += 1;
            continue;
        }
        match table(&grid, &frags, i) {
            Some((t, next)) => {
                out.push(t);
                i = next;
            }
            None => i += 1,
        }
    }
    out
}

/// Whether the grid measures wide characters as two columns: a fragment without spaces
/// wider than its characters.
fn counts_width(grid: &Grid) -> bool {
    grid.lines
        .iter()
        .filter(|l| !l.cells)
        .flat_map(|l| &l.frags)
        .any(|f| !f.text.contains(' ') && f.x1 - f.x0 > f.text.chars().count())
}

/// Where a fragment ends, measured from its start the way the grid measures.
fn end(f: &Frag, wide: bool) -> usize {
    use unicode_width::UnicodeWidthChar;
    let w: usize =
        if wide { f.text.chars().map(|c| c.width().unwrap_or(0).max(1)).sum() } else { f.text.chars().count() };
    f.x0 + w
}

/// Fragments of a line with their ends measured, and those one space apart joined again
/// (「35 スマートシティの推進」 is one cell, not a number column and a text column) — except a
/// number opening the line (「1 基本政策の推進」: the item number and its goal).
fn joined(frags: &[Frag], wide: bool) -> Vec<Frag> {
    let mut out: Vec<Frag> = Vec::new();
    // The previous fragment as the grid gave it: the grid cuts a number from the text beside
    // it and places the pieces one column apart counting each character once or twice.
    let mut prev: Option<&Frag> = None;
    for f in frags {
        let numbered = out.len() == 1 && number(&out[0].text).is_some();
        let cut = prev.is_some_and(|p| {
            let n = p.text.chars().count();
            (is_numeric(&p.text) || is_numeric(&f.text)) && (f.x0 == p.x0 + n + 1 || f.x0 == p.x0 + 2 * n + 1)
        });
        prev = Some(f);
        match out.last_mut() {
            Some(p) if (cut || f.x0 <= p.x1 + 1) && !numbered => {
                p.text.push(' ');
                p.text.push_str(&f.text);
                p.x1 = end(p, wide);
            }
            _ => out.push(Frag { x1: end(f, wide), ..f.clone() }),
        }
    }
    out
}

/// 「12」「1,130」「45%」: what the grid sets apart as a number.
fn is_numeric(t: &str) -> bool {
    let t = t.trim_start_matches(['▲', '△', '-', '−']).trim_end_matches(['%', '％']);
    !t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c) || ",，.．".contains(c))
}

fn is_short(f: &Frag) -> bool {
    f.text.chars().count() <= 40 && !f.text.contains('。')
}

/// A header line: short cells, a number header first, then at least two that name a role,
/// one of them a field of the goal.
fn is_header(frags: &[Frag]) -> bool {
    let Some(first) = frags.first() else { return false };
    let roles: Vec<Role> = frags.iter().skip(1).filter_map(|f| role_of(&f.text)).collect();
    is_number_header(&first.text)
        && frags.iter().all(is_short)
        && roles.len() >= 2
        && roles.iter().any(|r| !matches!(r, Role::Measure | Role::Policy | Role::Other))
}

/// The number a line starts with in the number column (at `x` or near it).
fn row_number(frags: &[Frag], x: usize) -> Option<u32> {
    let f = frags.first()?;
    (f.x0 + SLACK >= x && f.x0 <= x + SLACK).then(|| number(&f.text)).flatten()
}

/// The table whose header starts at line `h`, and the line after it.
fn table(grid: &Grid, frags: &[Vec<Frag>], h: usize) -> Option<(Positional, usize)> {
    let no_x = frags[h].first()?.x0;
    // Right of the number column's header: where a row's other cells stand.
    let inner_x = frags[h].first()?.x1 + 1;
    // The header band: short lines up to the first row.
    let mut band = vec![h];
    let mut i = h + 1;
    while i < frags.len() && band.len() < 5 {
        let f = &frags[i];
        if f.is_empty() || row_number(f, no_x).is_some() || !f.iter().all(is_short) {
            break;
        }
        band.push(i);
        i += 1;
    }
    // The body: rows and the lines continuing them (nothing in the number column); after a
    // blank line only a row, a repeated header or a continuation.
    let mut body = Vec::new();
    while i < frags.len() {
        let f = &frags[i];
        if f.is_empty() {
            i += 1;
            continue;
        }
        let starts_row = row_number(f, no_x).is_some();
        let inside = f.iter().all(|x| x.x0 >= inner_x);
        let text: Vec<&str> = f.iter().map(|x| x.text.as_str()).collect();
        let heading = super::sections::names_section(&text.join(" "));
        if heading || !(starts_row || inside || is_header(f)) {
            break;
        }
        if !is_header(f) {
            body.push(i);
        }
        i += 1;
    }
    let starts: Vec<usize> = columns(band.iter().chain(&body).flat_map(|&k| &frags[k]).map(|f| f.x0));
    if starts.len() < 2 {
        return None;
    }
    let col = |f: &Frag| starts.iter().rposition(|&s| s <= f.x0 + SLACK).unwrap_or(0);
    // Header texts by column, top to bottom.
    let mut heads: Vec<Vec<String>> = vec![Vec::new(); starts.len()];
    for f in band.iter().flat_map(|&k| &frags[k]) {
        heads[col(f)].push(f.text.clone());
    }
    let columns: Vec<(Option<Role>, String)> = heads.iter().map(|h| header(h)).collect();
    if columns.first().is_some_and(|c| c.0.is_some()) {
        return None;
    }
    // Each column's lines by row.
    let mut rows: Vec<(usize, String, Vec<Vec<&Frag>>)> = Vec::new();
    let mut last = 0;
    for &k in &body {
        let f = &frags[k];
        let mut cells = f.iter().peekable();
        if let Some(n) = row_number(f, no_x).filter(|&n| n == last + 1 || rows.is_empty()) {
            last = n;
            let no = cells.next().map(|x| x.text.clone()).unwrap_or_default();
            rows.push((grid.lines[k].no, no, vec![Vec::new(); starts.len()]));
        }
        let Some(r) = rows.last_mut() else { continue };
        for x in cells {
            r.2[col(x)].push(x);
        }
    }
    if rows.is_empty() {
        return None;
    }
    let ends: Vec<usize> = (0..starts.len()).map(|c| wrap_width(rows.iter().flat_map(|r| &r.2[c]))).collect();
    let rows = rows
        .into_iter()
        .map(|(line, no, cols)| {
            let mut cells: Vec<Cell> = vec![Cell { parts: vec![paragraph(&no)] }];
            for (c, lines) in cols.iter().enumerate().skip(1) {
                cells.push(cell(lines, ends[c], columns[c].0.and_then(Role::link)));
            }
            Row { line, cells }
        })
        .collect();
    let first = grid.lines[h].no;
    let end = body.last().copied().unwrap_or(h);
    Some((Positional { first, last: grid.lines[end].no, columns, rows }, end + 1))
}

/// Column starts: positions where fragments start, those within [`SLACK`] of each other one.
fn columns(xs: impl Iterator<Item = usize>) -> Vec<usize> {
    let mut xs: Vec<usize> = xs.collect();
    xs.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::new();
    for x in xs {
        match out.last_mut() {
            Some((s, n)) if x <= *s + SLACK => *n += 1,
            _ => out.push((x, 1)),
        }
    }
    // A start met once only is a stray fragment, not a column (a table has a header and a row).
    out.into_iter().filter(|&(_, n)| n >= 2).map(|(s, _)| s).collect()
}

/// A column's role from its header cells, the lowest that names one (wrapped cells joined from
/// the bottom up: 「…スケジュー」「ル」), and its header text.
fn header(cells: &[String]) -> (Option<Role>, String) {
    let text = cells.join("");
    let role = (0..cells.len()).rev().find_map(|k| role_of(&cells[k..].concat())).or_else(|| {
        let t = text.trim();
        (!t.is_empty() && !is_number_header(t)).then_some(Role::Other)
    });
    (role, text)
}

/// Where the text of a column wraps: the right edge most of its long lines reach.
fn wrap_width<'a>(frags: impl Iterator<Item = &'a &'a Frag>) -> usize {
    let ends: Vec<usize> = frags.map(|f| f.x1).collect();
    let max = ends.iter().copied().max().unwrap_or(0);
    let near: Vec<usize> = ends.iter().copied().filter(|&e| e + 4 >= max).collect();
    // The most common of the ends near the widest (a hanging 「、」 reaches past it).
    near.iter()
        .copied()
        .max_by_key(|&e| (near.iter().filter(|&&x| x == e).count(), std::cmp::Reverse(e)))
        .unwrap_or(max)
}

/// A line that starts a paragraph of its own: a marker, a bullet, or (in a link column) a code.
fn opens_paragraph(t: &str, link: Option<RefKind>) -> bool {
    super::initiative::strip_marker(t).len() != t.len()
        || t.starts_with(['・', '･', '●', '○', '◯', '※'])
        || link.is_some_and(|k| !refs::all(k, t).is_empty() || refs::is_none(t))
}

/// A cell from its lines: a line continues the one above when that one reached the column's
/// wrap width and this one does not open a paragraph.
fn cell(lines: &[&Frag], end: usize, link: Option<RefKind>) -> Cell {
    let mut texts: Vec<String> = Vec::new();
    let mut full = false;
    for f in lines {
        let t = f.text.trim();
        match texts.last_mut() {
            Some(prev) if full && !opens_paragraph(t, link) => {
                if prev.ends_with(|c: char| c.is_ascii_alphanumeric())
                    && t.starts_with(|c: char| c.is_ascii_alphanumeric())
                {
                    prev.push(' ');
                }
                prev.push_str(t);
            }
            _ => texts.push(t.to_string()),
        }
        full = f.x1 + SLACK >= end;
    }
    Cell { parts: texts.iter().map(|t| paragraph(t)).collect() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> RawDoc {
        crate::raw::read(text)
    }

    const FORM: &str = "\
 2. 当年度目標

  No  当年度目標              実績                    総合計画              基本政策
  1   花壇の拡大              駅前と公園に計3か所     3-1-② 公園を整え      12 公園の再生
      (1) 駅前に花壇を設け    の花壇を設けた。        ます。                15 緑の保全
      ます。                                          3-2-① 緑を守ります。
  2   遊具の更新              5か所の遊具を替えた。   －                    －
      ・設計(6月)

 3. 中期目標
";

    #[test]
    fn rows_with_cells_wrapped_inside_their_columns() {
        let t = tables(&doc(FORM));
        let [p] = t.as_slice() else { panic!("{t:#?}") };
        let roles: Vec<Option<Role>> = p.columns.iter().map(|c| c.0).collect();
        assert_eq!(roles, vec![None, Some(Role::Goal), Some(Role::Result), Some(Role::Measure), Some(Role::Policy)]);
        assert_eq!((p.first, p.last), (3, 8));
        let [a, b] = p.rows.as_slice() else { panic!("{:#?}", p.rows) };
        assert_eq!(a.text(1), "花壇の拡大\n(1) 駅前に花壇を設けます。");
        assert_eq!(a.text(2), "駅前と公園に計3か所の花壇を設けた。");
        assert_eq!(a.text(3), "3-1-② 公園を整えます。\n3-2-① 緑を守ります。");
        assert_eq!(a.text(4), "12 公園の再生\n15 緑の保全");
        assert_eq!(b.text(0), "2");
        assert_eq!(b.cells[1].parts[1].kind, crate::raw::PartKind::Item);
    }

    #[test]
    fn header_cells_centred_over_their_columns() {
        let text = "\
  No        目標                実績                総合計画
  1   花壇の拡大            3か所に設けた。   3-1-② 公園を整えます。
      (1) 駅前に設ける。
  2   遊具の更新            5か所替えた。     －
";
        let t = tables(&doc(text));
        let [p] = t.as_slice() else { panic!("{t:#?}") };
        let roles: Vec<Option<Role>> = p.columns.iter().map(|c| c.0).collect();
        assert_eq!(roles, vec![None, Some(Role::Goal), Some(Role::Result), Some(Role::Measure)]);
        assert_eq!(p.rows[0].text(1), "花壇の拡大\n(1) 駅前に設ける。");
        assert_eq!(p.rows[1].text(3), "－");
    }

    #[test]
    fn a_number_beside_text_stays_with_it_unless_it_opens_the_line() {
        let f = |x0: usize, x1: usize, t: &str| Frag { line: 1, x0, x1, text: t.into() };
        // The grid cut 「12 公園」 apart, counting each character twice.
        let got = joined(&[f(0, 2, "1"), f(3, 7, "花壇"), f(20, 24, "12"), f(25, 29, "公園")], true);
        let texts: Vec<&str> = got.iter().map(|f| f.text.as_str()).collect();
        assert_eq!(texts, vec!["1", "花壇", "12 公園"]);
        assert_eq!(got[2].x1, 27);
    }

    #[test]
    fn a_header_cell_wrapped_over_two_lines_names_its_column() {
        let h = header(&["当年度目標".into(), "取組み事項及びその内容・スケジュー".into(), "ル".into()]);
        assert_eq!(h.0, Some(Role::Goal));
        assert_eq!(header(&["スケジュー".into(), "ル".into()]).0, Some(Role::Schedule));
    }

    #[test]
    fn tab_rows_and_prose_are_no_positional_table() {
        assert!(tables(&doc("No\t目標\t実績\n1\t花壇\t3か所\n")).is_empty());
        assert!(tables(&doc("  No  花壇の拡大について  駅前\n")).is_empty());
        // A header alone, or followed by prose, is no table.
        assert!(tables(&doc("  No  目標  実績  課題\n")).is_empty());
        assert!(tables(&doc("  No  目標  実績  課題\n\n本文が続きます。\n")).is_empty());
    }
}
