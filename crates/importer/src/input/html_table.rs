//! HTML tables laid out on a grid: `colspan` leaves empty cells after the cell, `rowspan`
//! repeats the cell's text in the rows it spans, so every row has its columns in place.

use super::html_text::{collapse, HARD_BREAK};

/// Largest span honoured (HTML itself caps colspan at 1000).
const MAX_SPAN: usize = 1000;
/// Widest grid written.
const MAX_COLUMNS: usize = 2000;

/// One cell as read: its text (paragraphs separated by newlines) and spans.
#[derive(Debug, Default)]
pub(crate) struct SpanCell {
    pub text: String,
    pub colspan: usize,
    pub rowspan: usize,
}

/// A table being read.
#[derive(Debug, Default)]
pub(crate) struct TableBuild {
    pub rows: Vec<Vec<SpanCell>>,
    pub row_open: bool,
    pub cell: Option<SpanCell>,
    pub caption: String,
}

impl TableBuild {
    pub(crate) fn open_row(&mut self) {
        self.close_row();
        self.rows.push(Vec::new());
        self.row_open = true;
    }

    pub(crate) fn close_row(&mut self) {
        self.close_cell();
        self.row_open = false;
    }

    pub(crate) fn open_cell(&mut self, colspan: usize, rowspan: usize) {
        self.close_cell();
        if !self.row_open {
            self.open_row();
        }
        self.cell = Some(SpanCell { text: String::new(), colspan, rowspan });
    }

    pub(crate) fn close_cell(&mut self) {
        if let Some(mut c) = self.cell.take() {
            let lines: Vec<String> = c.text.split(HARD_BREAK).map(collapse).filter(|l| !l.is_empty()).collect();
            c.text = lines.join("\n");
            match self.rows.last_mut() {
                Some(row) => row.push(c),
                None => self.rows.push(vec![c]),
            }
        }
    }

    /// The table as text when it sits inside another table's cell: rows on lines, cells
    /// separated by spaces.
    pub(crate) fn flatten(mut self) -> String {
        self.close_row();
        let rows: Vec<String> = self
            .rows
            .iter()
            .map(|r| r.iter().map(|c| c.text.replace('\n', " ")).collect::<Vec<_>>().join(" "))
            .filter(|r| !r.trim().is_empty())
            .collect();
        let mut out = collapse(&self.caption);
        for r in rows {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(r.trim());
        }
        out
    }
}

/// Parses a span attribute: missing or invalid → 1, capped.
pub(crate) fn span(value: Option<&str>) -> usize {
    value.and_then(|v| v.trim().parse::<usize>().ok()).filter(|&n| n >= 1).map_or(1, |n| n.min(MAX_SPAN))
}

/// The rows of a table as grid rows of cell texts.
pub(crate) fn grid(rows: &[Vec<SpanCell>]) -> Vec<Vec<String>> {
    // Cells spanning down: (column, text, rows still to fill, colspan).
    let mut carry: Vec<(usize, String, usize, usize)> = Vec::new();
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let mut line: Vec<Option<String>> = Vec::new();
        let place = |line: &mut Vec<Option<String>>, col: usize, text: &str, colspan: usize| {
            if col >= MAX_COLUMNS {
                return;
            }
            let end = (col + colspan).min(MAX_COLUMNS);
            if line.len() < end {
                line.resize(end, None);
            }
            line[col] = Some(text.to_string());
            for slot in &mut line[col + 1..end] {
                slot.get_or_insert_with(String::new);
            }
        };
        for (col, text, _, colspan) in &carry {
            place(&mut line, *col, text, *colspan);
        }
        let mut c = 0;
        let mut started = Vec::new();
        for cell in row {
            while line.get(c).is_some_and(Option::is_some) {
                c += 1;
            }
            place(&mut line, c, &cell.text, cell.colspan);
            if cell.rowspan > 1 {
                started.push((c, cell.text.clone(), cell.rowspan - 1, cell.colspan));
            }
            c += cell.colspan;
        }
        carry.retain_mut(|(_, _, left, _)| {
            *left -= 1;
            *left > 0
        });
        carry.extend(started);
        out.push(line.into_iter().map(Option::unwrap_or_default).collect());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(text: &str, colspan: usize, rowspan: usize) -> SpanCell {
        SpanCell { text: text.into(), colspan, rowspan }
    }

    #[test]
    fn spans_fill_the_grid() {
        let rows = vec![
            vec![cell("施策", 1, 2), cell("指標", 2, 1)],
            vec![cell("現状", 1, 1), cell("目標", 1, 1)],
            vec![cell("公園", 1, 1), cell("10", 1, 1), cell("12", 1, 1)],
        ];
        assert_eq!(grid(&rows), vec![vec!["施策", "指標", ""], vec!["施策", "現状", "目標"], vec!["公園", "10", "12"]]);
        assert_eq!(span(Some("3")), 3);
        assert_eq!(span(Some("0")), 1);
        assert_eq!(span(Some("99999999")), MAX_SPAN);
    }
}
