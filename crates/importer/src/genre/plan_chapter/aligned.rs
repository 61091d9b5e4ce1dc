//! Text laid out by position (a form as `pdftotext -layout` prints it, or typed with spaces)
//! rewritten as the tab rows the plan readers know: a field label with its value several spaces
//! to the right (the value wrapped under itself), and a table under a header row of labels
//! whose cells wrap inside their columns. Positions come from `form::grid`; a cell's next line
//! continues it when the line before filled the column (a wrap) — else it is a new paragraph,
//! or, in a table, a new row once the row's name column has text again.

use super::fields::{self, Field};
use super::tables::{column_of, Col};
use super::text::join_broken;
use crate::form::grid::{Frag, Grid, GridLine};
use crate::raw::Line;

/// A line of text filled its column when it ends this close to the column's right edge.
const FILL_SLACK: usize = 3;
/// Longest header cell (characters).
const HEADER_CELL_MAX: usize = 20;

/// The lines with position-laid fields and tables rewritten as tab rows (each keeps the
/// number of its first line; lines merged into a cell are left out).
pub(crate) fn retable(lines: &[Line]) -> Vec<Line> {
    let grid = Grid::new(lines);
    if grid.lines.len() != lines.len() {
        return lines.to_vec();
    }
    // Tables first; a field's value fills the width of the text outside them.
    let mut tables: Vec<(usize, usize, Vec<Line>)> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        match table(&grid.lines, i) {
            Some((end, rows)) => {
                tables.push((i, end, rows));
                i = end;
            }
            None => i += 1,
        }
    }
    let in_table = |j: usize| tables.iter().any(|(a, b, _)| (*a..*b).contains(&j));
    let right = (0..lines.len())
        .filter(|&j| !in_table(j) && !grid.lines[j].cells)
        .flat_map(|j| grid.lines[j].frags.iter().map(|f| f.x1))
        .max()
        .unwrap_or(0);
    let mut out = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        if let Some((_, end, rows)) = tables.iter().find(|(a, _, _)| *a == i) {
            out.extend(rows.iter().cloned());
            i = *end;
        } else if let Some(n) = field(&grid.lines, i, right, &mut out) {
            i += n;
        } else {
            out.push(lines[i].clone());
            i += 1;
        }
    }
    out
}

/// Does `f` end near `edge` (the text went on to the next line)?
fn fills(f: &Frag, edge: usize) -> bool {
    f.x1 + FILL_SLACK >= edge
}

/// 「目指す姿        花が咲くまち」 and the value's further lines under it: the number of lines read.
fn field(g: &[GridLine], i: usize, right: usize, out: &mut Vec<Line>) -> Option<usize> {
    let l = &g[i];
    let [label, value] = l.frags.as_slice() else { return None };
    let aligned = !l.cells && value.x0 >= label.x1 + 2;
    if !aligned || fields::field_of(&label.text).is_none() || fields::field_of(&value.text).is_some() {
        return None;
    }
    let mut rows: Vec<(usize, String, String)> = vec![(l.no, label.text.clone(), value.text.clone())];
    let mut prev = value;
    let mut j = i + 1;
    while let Some(n) = g.get(j) {
        let [f] = n.frags.as_slice() else { break };
        if n.cells || f.x0 + 1 < value.x0 || f.x0 > value.x0 + 1 {
            break;
        }
        match rows.last_mut() {
            Some(last) if fills(prev, right) => last.2 = join_broken([last.2.as_str(), f.text.as_str()]),
            _ => rows.push((n.no, String::new(), f.text.clone())),
        }
        prev = f;
        j += 1;
    }
    out.extend(rows.into_iter().map(|(no, a, b)| Line { no, text: format!("{a}\t{b}") }));
    Some(j - i)
}

/// A header row of labels and the rows under it, up to a blank line: where it ends and its
/// rows as tab rows.
fn table(g: &[GridLine], i: usize) -> Option<(usize, Vec<Line>)> {
    let h = &g[i];
    let cols: Vec<Option<Field>> = h.frags.iter().map(|f| fields::field_of(&f.text)).collect();
    let headerish = |f: &Frag| {
        let short = f.text.chars().count() <= HEADER_CELL_MAX && !f.text.contains('。');
        short && (fields::field_of(&f.text).is_some() || column_of(&f.text) != Col::Other)
    };
    if h.cells || h.frags.len() < 2 || cols.iter().flatten().count() < 2 || !h.frags.iter().all(headerish) {
        return None;
    }
    let starts: Vec<usize> = h.frags.iter().map(|f| f.x0).collect();
    let column = |f: &Frag| starts.iter().rposition(|&s| s <= f.x0 + 1).unwrap_or(0);
    let end = (i + 1..g.len())
        .find(|&j| g[j].cells || g[j].frags.is_empty() || g[j].frags.iter().any(|f| f.x0 + 1 < starts[0]))
        .unwrap_or(g.len());
    if end == i + 1 {
        return None;
    }
    // Each column's right edge: where its longest line ends.
    let mut edge = vec![0usize; starts.len()];
    for f in g[i + 1..end].iter().flat_map(|l| &l.frags) {
        let c = column(f);
        edge[c] = edge[c].max(f.x1);
    }
    // The column naming a row: its name, else the first.
    let key = cols
        .iter()
        .position(|c| matches!(c, Some(Field::Action | Field::Indicator | Field::PlanName | Field::Theme)))
        .unwrap_or(0);
    // Rows: (first line, cells' parts). A line continues the row when its name cell is empty,
    // or when it leaves a column empty and each of its cells stands under a line that filled
    // its column (all wrapped; a table of one-line rows fills every column on every line).
    let mut rows: Vec<(usize, Vec<Vec<String>>)> = Vec::new();
    let mut wrapped = vec![false; starts.len()];
    for l in &g[i + 1..end] {
        let mut cells: Vec<Option<&Frag>> = vec![None; starts.len()];
        for f in &l.frags {
            cells[column(f)] = Some(f);
        }
        let all_wrapped = cells.iter().enumerate().all(|(c, f)| f.is_none() || wrapped[c]);
        let partial = cells.iter().any(Option::is_none);
        let continues = !rows.is_empty() && (cells[key].is_none() || (all_wrapped && partial));
        for (c, f) in cells.iter().enumerate() {
            wrapped[c] = f.is_some_and(|f| fills(f, edge[c]));
        }
        if !continues {
            rows.push((l.no, vec![Vec::new(); starts.len()]));
        }
        if let Some(r) = rows.last_mut() {
            for (c, f) in cells.iter().enumerate() {
                if let Some(f) = f {
                    r.1[c].push(f.text.clone());
                }
            }
        }
    }
    let header = h.frags.iter().map(|f| f.text.as_str()).collect::<Vec<_>>().join("\t");
    let mut out = vec![Line { no: h.no, text: header }];
    for (no, cells) in rows {
        let text: Vec<String> = cells.iter().map(|parts| join_broken(parts.iter().map(String::as_str))).collect();
        out.push(Line { no, text: text.join("\t") });
    }
    Some((end, out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(t: &str) -> Vec<Line> {
        t.lines().enumerate().map(|(i, s)| Line { no: i + 1, text: s.into() }).collect()
    }

    fn texts(t: &str) -> Vec<String> {
        retable(&lines(t)).into_iter().map(|l| l.text).collect()
    }

    #[test]
    fn a_label_and_its_value_become_a_row() {
        let got = texts(
            " 目指す姿     だれもが歩いて行ける公園が\n              あるまち\n\n 関連計画     緑の計画\n              花の条例\n",
        );
        assert_eq!(got, ["目指す姿\tだれもが歩いて行ける公園があるまち", "", "関連計画\t緑の計画", "\t花の条例"]);
    }

    /// A line with each text starting at its column (characters).
    fn at(cells: &[(usize, &str)]) -> String {
        let mut s = String::new();
        for (x, t) in cells {
            while s.chars().count() < *x {
                s.push(' ');
            }
            s.push_str(t);
        }
        s
    }

    #[test]
    fn wrapped_cells_stay_in_their_row() {
        let t = [
            at(&[(2, "施策"), (20, "主な取組"), (34, "内容")]),
            at(&[(2, "1-1 花壇と公園の"), (20, "花壇の管理"), (34, "市民と花壇を管理し")]),
            at(&[(2, "整備"), (34, "ます。")]),
            at(&[(20, "苗の配布"), (34, "苗を配ります。")]),
            at(&[(2, "1-2 花の道"), (20, "案内板の設置"), (34, "案内板を設けます。")]),
        ]
        .join("\n");
        assert_eq!(
            texts(&t),
            [
                "施策\t主な取組\t内容",
                "1-1 花壇と公園の整備\t花壇の管理\t市民と花壇を管理します。",
                "\t苗の配布\t苗を配ります。",
                "1-2 花の道\t案内板の設置\t案内板を設けます。",
            ]
        );
    }

    #[test]
    fn one_line_rows_stay_apart() {
        let t = [
            at(&[(0, "指標名"), (12, "現状値"), (20, "目標値")]),
            at(&[(0, "花壇の数"), (12, "12か所"), (20, "20か所")]),
            at(&[(0, "花の講座の数"), (12, "3回"), (20, "5回")]),
        ]
        .join("\n");
        assert_eq!(texts(&t), ["指標名\t現状値\t目標値", "花壇の数\t12か所\t20か所", "花の講座の数\t3回\t5回"]);
    }

    #[test]
    fn plain_text_is_left_alone() {
        let t = "7 花のまち\n\n目指す姿 花が咲くまち\n施策1 花壇の整備\n";
        assert_eq!(texts(t), ["7 花のまち", "", "目指す姿 花が咲くまち", "施策1 花壇の整備"]);
    }
}
