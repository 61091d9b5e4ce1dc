//! Labels standing on a line of their own with the value on the lines under them (a form's
//! cells printed one after another): 「施策」「33-1 …」「主な取組」「…」. Where at least two
//! such label-and-value groups follow each other without a blank line, each becomes the
//! 「label：value」 line the plan readers know (the value's further lines stay under it). A
//! label alone before a list (「主な取組」 then 「(1) …」), a table or a blank line is a heading
//! and stays as it is.

use super::fields;
use super::tables::row_cells;
use super::text::{circled_number, clean, paren_number, starts_with_bullet};
use crate::raw::Line;

/// A field label alone on its line.
fn is_label(t: &str) -> bool {
    let t = clean(t);
    !t.is_empty() && !t.contains(['：', ':']) && row_cells(t).is_none() && fields::field_of(t).is_some()
}

/// A line that can be (part of) a value: text, not a label, a table row or a list item.
fn is_value(t: &str) -> bool {
    let t = clean(t);
    let item = starts_with_bullet(t) || paren_number(t).is_some() || circled_number(t).is_some();
    !t.is_empty() && !is_label(t) && row_cells(t).is_none() && !item
}

/// The lines with runs of stacked label-and-value groups joined into 「label：value」 lines.
pub(crate) fn join(lines: &[Line]) -> Vec<Line> {
    let mut out = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        let groups = run(lines, i);
        if groups.len() < 2 {
            out.push(lines[i].clone());
            i += 1;
            continue;
        }
        for (label, end) in groups {
            let value = &lines[label + 1];
            out.push(Line {
                no: lines[label].no,
                text: format!("{}：{}", clean(&lines[label].text), clean(&value.text)),
            });
            out.extend(lines[label + 2..end].iter().cloned());
            i = end;
        }
    }
    out
}

/// The groups of a run starting at `i`: (label line, end of its value lines).
fn run(lines: &[Line], mut i: usize) -> Vec<(usize, usize)> {
    let mut groups: Vec<(usize, usize)> = Vec::new();
    // The first value is plain text (a numbered line under a label is a list under a
    // heading); inside a run of groups, a value may be numbered or bulleted (「②参加と協働」).
    let fits = |t: &str, first: bool| {
        is_value(t) || (!first && !clean(t).is_empty() && !is_label(t) && row_cells(t).is_none())
    };
    while lines.get(i).is_some_and(|l| is_label(&l.text))
        && lines.get(i + 1).is_some_and(|l| fits(&l.text, groups.is_empty()))
    {
        let mut end = i + 2;
        while lines.get(end).is_some_and(|l| !clean(&l.text).is_empty() && !is_label(&l.text)) {
            end += 1;
        }
        groups.push((i, end));
        i = end;
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &str) -> Vec<String> {
        let lines: Vec<Line> = t.lines().enumerate().map(|(i, s)| Line { no: i + 1, text: s.into() }).collect();
        join(&lines).into_iter().map(|l| l.text).collect()
    }

    #[test]
    fn stacked_labels_and_values_become_labelled_lines() {
        let t = "施策\n7-1 花壇の整備\n主な取組\n花壇の管理\n内容\n市民と花壇を\n管理します。\n\
                 行革の視点\n②協働\n行革の視点からの取組内容\n・手続の簡素化\n・窓口の一本化\n\n7 花";
        let want = [
            "施策：7-1 花壇の整備",
            "主な取組：花壇の管理",
            "内容：市民と花壇を",
            "管理します。",
            "行革の視点：②協働",
            "行革の視点からの取組内容：・手続の簡素化",
            "・窓口の一本化",
            "",
            "7 花",
        ];
        assert_eq!(texts(t), want);
    }

    #[test]
    fn headings_over_lists_blanks_or_tables_stay() {
        let t = "主な取組\n(1) 花壇の管理\n目指す姿\n花が咲くまち\n\n方針\n\n施策\n\n指標\n指標\t現状値\n";
        assert_eq!(texts(t), t.lines().collect::<Vec<_>>());
    }
}
