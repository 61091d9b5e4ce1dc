//! The department a goal review (or a part of it) belongs to: 「部局 | 都市経営部 | 補職 | …」
//! in a row, 「部局名：都市整備部」 or 「部局　　都市整備部」 (a form's label and value set apart
//! by spaces) on a line. A document of several departments names each before its goals.

use crate::raw::Row;
use crate::text::vocab_key;

fn is_label(text: &str) -> bool {
    matches!(vocab_key(text).as_str(), "部局" | "部局名" | "部署" | "部署名" | "所属" | "所属名" | "部課名")
}

/// The department a row names after its label cell: `Some(None)` for a label without a value.
pub(super) fn in_row(row: &Row) -> Option<Option<String>> {
    let filled: Vec<&crate::raw::Cell> = row.filled().collect();
    let k = filled.iter().position(|c| is_label(&c.text()))?;
    Some(filled.get(k + 1).map(|c| c.text()))
}

/// The department a line names: after its label and 「：」, or after a run of two or more
/// spaces (the next cell of a form; cells after it, 「補職　部長」, are left).
pub(super) fn in_line(text: &str) -> Option<String> {
    let t = text.trim();
    let bracketed = t.strip_prefix(['【', '［', '[']).and_then(|r| r.split_once(['】', '］', ']']));
    if let Some((label, value)) = bracketed.or_else(|| t.split_once(['：', ':'])) {
        if is_label(label) && !value.trim().is_empty() {
            return Some(value.trim().to_string());
        }
    }
    let cells: Vec<&str> = split_cells(text);
    let k = cells.iter().position(|c| is_label(c))?;
    cells.get(k + 1).map(|c| c.to_string())
}

/// A line cut at tabs and at runs of two or more spaces (one ideographic space stays).
fn split_cells(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    let mut spaces = 0;
    let mut last_end = 0;
    for (i, c) in text.char_indices() {
        if c == '\t' || c == ' ' || c == '\u{3000}' {
            spaces += if c == '\t' { 2 } else { 1 };
            continue;
        }
        match start {
            Some(s) if spaces >= 2 => {
                out.push(&text[s..last_end]);
                start = Some(i);
            }
            None => start = Some(i),
            _ => {}
        }
        spaces = 0;
        last_end = i + c.len_utf8();
    }
    if let Some(s) = start {
        out.push(&text[s..last_end]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn departments_named_on_a_line() {
        assert_eq!(in_line("部局名：都市整備部").as_deref(), Some("都市整備部"));
        assert_eq!(in_line("【部局名】都市整備部").as_deref(), Some("都市整備部"));
        assert_eq!(in_line(" 部局        都市整備部      補職   部長").as_deref(), Some("都市整備部"));
        assert_eq!(in_line("部　局\t環境部").as_deref(), Some("環境部"));
        assert_eq!(in_line("部局の使命"), None);
        assert_eq!(in_line("部局  "), None);
    }
}
