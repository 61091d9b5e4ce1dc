//! Labelled fields of an evaluation sheet read in text order, for text where every cell has a
//! line of its own (what PDF-to-text tools give without keeping the layout): a form's labels
//! and values come column by column, so a label's value is the next text that is not itself a
//! label: labels wait in order for values, a numbered section heading (「（２）事業の概要」)
//! clears the labels still waiting. Laid-out forms are read by position (crate::form).

use crate::genre::plan_chapter::tables;
use crate::genre::plan_chapter::text::{clean, join_broken, paren_number, width, Para};
use crate::vocab::{Field, Vocabulary};

/// The label at the start of `t` and the text after it on the same line, by the vocabulary.
pub(crate) fn label_in(v: &Vocabulary, t: &str) -> Option<(Field, String)> {
    let t = clean(t);
    if let Some(h) = v.label(t) {
        return Some((h.field, h.rest));
    }
    // 「施策\t2-1 花のある暮らし」: a label cell before a tab.
    let (head, rest) = t.split_once('\t')?;
    let h = v.label(head).filter(|h| h.rest.is_empty())?;
    Some((h.field, clean(rest).to_string()))
}

/// Does the line carry a `field` label (alone, or among several 「担当課 … 事業名 …」)?
pub(crate) fn has_label(v: &Vocabulary, t: &str, field: Field) -> bool {
    let mut cur = label_in(v, t);
    while let Some((f, rest)) = cur {
        if f == field {
            return true;
        }
        cur = split_at_next_label(v, &rest).1.and_then(|r| label_in(v, r));
    }
    tables::row_cells(t).is_some_and(|cells| cells.iter().any(|c| label_in(v, c).is_some_and(|(f, _)| f == field)))
}

/// Splits 「みどり課 事業名 花壇事業」 before the next label word that follows a space.
fn split_at_next_label<'a>(v: &Vocabulary, rest: &'a str) -> (String, Option<&'a str>) {
    for (i, c) in rest.char_indices() {
        if c == ' ' || c == '\u{3000}' {
            let after = clean(&rest[i..]);
            if label_in(v, after).is_some() {
                return (clean(&rest[..i]).to_string(), Some(after));
            }
        }
    }
    (rest.to_string(), None)
}

/// A numbered section heading: 「（２）事業の概要」.
pub(crate) fn is_section_heading(t: &str) -> bool {
    paren_number(t).is_some_and(|(_, rest)| width(rest) <= 30)
}

/// Pieces of a paragraph: a section heading, a label (with any value on its line), or a run
/// of value lines.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Seg {
    Heading,
    Label(Field, String, usize),
    Values(Vec<(usize, String)>),
}

/// Splits a paragraph at label lines; notes under a label (「（誰を、何を）」, a bracketed
/// remark over several lines, 「・例規」) are skipped.
fn segments(v: &Vocabulary, p: &Para) -> Vec<Seg> {
    let mut out = Vec::new();
    let mut in_note = false;
    let mut after_label = false;
    for l in &p.lines {
        let t = clean(&l.text);
        if in_note {
            in_note = !t.ends_with(['）', ')']);
            continue;
        }
        if is_section_heading(t) {
            out.push(Seg::Heading);
            after_label = false;
            continue;
        }
        if let Some((field, rest)) = label_in(v, t) {
            after_label = rest.is_empty();
            // 「担当課 みどり課 事業名 花壇事業」: each label on the line takes the words up to the next.
            let mut pending = Some((field, rest));
            while let Some((field, rest)) = pending.take() {
                let (value, next) = split_at_next_label(v, &rest);
                out.push(Seg::Label(field, value, l.no));
                pending = next.and_then(|r| label_in(v, r));
            }
            continue;
        }
        if after_label && t.starts_with(['（', '(']) {
            in_note = !t.ends_with(['）', ')']);
            continue;
        }
        if after_label && t.starts_with(['・', '※']) && width(t) <= 6 {
            continue;
        }
        after_label = false;
        match out.last_mut() {
            Some(Seg::Values(v)) => v.push((l.no, t.to_string())),
            _ => out.push(Seg::Values(vec![(l.no, t.to_string())])),
        }
    }
    out
}

/// Reads fields from a sheet's paragraphs: (field, value, line) in document order.
pub(crate) fn read(v: &Vocabulary, paras: &[Para]) -> Vec<(Field, String, usize)> {
    let mut waiting = Waiting::default();
    let mut out = Vec::new();
    for whole in paras {
        // Rows of labels and values are read cell by cell; the lines between them as text.
        let mut parts: Vec<(bool, Vec<crate::raw::Line>)> = Vec::new();
        for l in &whole.lines {
            let row = row_of(v, &l.text).is_some();
            match parts.last_mut() {
                Some((r, ls)) if *r == row => ls.push(l.clone()),
                _ => parts.push((row, vec![l.clone()])),
            }
        }
        for (row, lines) in parts {
            if row {
                waiting.fields.clear();
                for l in &lines {
                    cells(v, l, &mut out);
                }
                continue;
            }
            let p = Para { line: lines.first().map_or(whole.line, |l| l.no), lines };
            read_text(v, &p, &mut waiting, &mut out);
        }
    }
    out
}

/// The labels and values of a paragraph of text lines (no rows).
/// Labels waiting for values, and values no waiting label took (a value printed before its
/// label: 「事業名 / 産業観光局 / 所管局」), which a label that comes next may still take.
#[derive(Debug, Default)]
pub(crate) struct Waiting {
    fields: Vec<Field>,
    left: Vec<(usize, String)>,
}

/// Values left over that a later label may take.
const LEFT_KEPT: usize = 3;

fn read_text(v: &Vocabulary, p: &Para, w: &mut Waiting, out: &mut Vec<(Field, String, usize)>) {
    let waiting = &mut w.fields;
    {
        let segs = segments(v, p);
        // Labels and values without blank lines between them: a one-line field takes one line.
        let dense = segs.iter().filter(|s| matches!(s, Seg::Label(..))).count() >= 2;
        for seg in segs {
            match seg {
                Seg::Heading => {
                    waiting.clear();
                    w.left.clear();
                }
                Seg::Label(field, rest, no) if !rest.is_empty() => out.push((field, rest, no)),
                Seg::Label(field, _, _) => match w.left.iter().position(|(_, t)| fits(field, t) == Some(true)) {
                    Some(i) => {
                        let (no, t) = w.left.remove(i);
                        out.push((field, t, no));
                    }
                    None => waiting.push(field),
                },
                Seg::Values(lines) => {
                    // A column of short values under as many labels: one line each.
                    let column = waiting.len() >= 2
                        && lines.len() >= 2
                        && lines.iter().all(|(_, t)| width(t) <= 20 && !t.starts_with('・'));
                    let mut rest = &lines[..];
                    while let Some((no, first)) = rest.first() {
                        let joined = join_broken(rest.iter().map(|(_, t)| t.as_str()));
                        // A one-line field takes one line when lines are dense, or when that
                        // line alone has the field's shape (「…修繕事業」 over 「事前に備える」).
                        let one = |f: Field| column || f.is_one_line() && (dense || fits(f, first) == Some(true));
                        // The first waiting field the value fits; a value that fits none
                        // (「総合計画の体系」 for a 担当部署) is left, and the next one tried.
                        let Some(i) = pick(waiting, |f| if one(f) { first.as_str() } else { joined.as_str() }) else {
                            if waiting.is_empty() {
                                break;
                            }
                            w.left.push((*no, first.clone()));
                            if w.left.len() > LEFT_KEPT {
                                w.left.remove(0);
                            }
                            rest = &rest[1..];
                            continue;
                        };
                        let field = waiting.remove(i);
                        if one(field) {
                            out.push((field, first.clone(), *no));
                            rest = &rest[1..];
                        } else {
                            out.push((field, joined, *no));
                            break;
                        }
                    }
                }
            }
        }
    }
}

/// Which waiting field takes a value: the first it clearly fits, else the first it may fit.
fn pick<'a>(waiting: &[Field], value: impl Fn(Field) -> &'a str) -> Option<usize> {
    let fits: Vec<Option<bool>> = waiting.iter().map(|&f| fits(f, value(f))).collect();
    fits.iter().position(|f| *f == Some(true)).or_else(|| fits.iter().position(Option::is_none))
}

/// How the names of offices end.
const OFFICES: [&str; 14] =
    ["課", "部", "局", "室", "係", "センター", "所", "館", "園", "会", "院", "者", "担当", "本部"];
/// How the names of programs often end (a program named 「…センター運営事業」 is not an office).
const PROGRAM_ENDS: [&str; 14] = [
    "事業",
    "業務",
    "事務",
    "助成",
    "補助",
    "制度",
    "運営",
    "管理",
    "推進",
    "支援",
    "プロジェクト",
    "整備",
    "費",
    "対策",
];

/// Whether a value has the shape of the field: a department ends like an office (課, 部,
/// センター …), a place in the plan starts with its number (①, 1-2, (3)), a program's name is
/// not one, a period names a year. `None` when the shape does not tell.
fn fits(field: Field, value: &str) -> Option<bool> {
    let v = clean(value);
    let numbered = v.chars().next().is_some_and(|c| {
        ('①'..='⑳').contains(&c) || c.is_ascii_digit() || ('０'..='９').contains(&c) || c == '(' || c == '（'
    });
    match field {
        Field::Department | Field::Section | Field::Bureau => {
            Some(OFFICES.iter().any(|w| v.ends_with(w)) && width(v) <= 40)
        }
        Field::Policy | Field::Measure | Field::BasicProject => numbered.then_some(true),
        Field::Name => {
            let office = OFFICES.iter().any(|w| v.ends_with(w)) && !PROGRAM_ENDS.iter().any(|w| v.ends_with(w));
            let circled = v.chars().next().is_some_and(|c| ('①'..='⑳').contains(&c));
            if office || circled || v.contains(['※', '\n', '。']) {
                Some(false)
            } else if PROGRAM_ENDS.iter().any(|w| v.ends_with(w)) {
                Some(true)
            } else {
                None
            }
        }
        Field::Period | Field::PeriodStart | Field::PeriodEnd => {
            Some(v.contains("年度") || v.contains('年') || v.contains('～') || v.contains('~'))
        }
        _ => None,
    }
}

/// Cells of a tab, Markdown or space-aligned row that starts with a label.
fn row_of(v: &Vocabulary, text: &str) -> Option<Vec<String>> {
    tables::row_cells(text).or_else(|| {
        tables::spaced_cells(text)
            .filter(|c| c.first().is_some_and(|f| label_in(v, f).is_some_and(|(_, r)| r.is_empty())))
    })
}

/// A tab-separated row of labels and values: 「事業名\t花壇事業\t担当課\tみどり課」.
fn cells(v: &Vocabulary, l: &crate::raw::Line, out: &mut Vec<(Field, String, usize)>) {
    let cells: Vec<String> = row_of(v, &l.text).unwrap_or_default().into_iter().filter(|c| !c.is_empty()).collect();
    let mut i = 0;
    while i < cells.len() {
        match label_in(v, &cells[i]) {
            Some((field, rest)) if !rest.is_empty() => out.push((field, rest, l.no)),
            Some((field, _)) => {
                if let Some(val) = cells.get(i + 1).filter(|c| label_in(v, c).is_none()) {
                    let mut value = val.clone();
                    i += 1;
                    // 「施策 | 2-1 | 子育て支援の充実」: a code, then its title in the next cell.
                    let code =
                        val.chars().all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c) || "-－.．".contains(c));
                    if let Some(title) = cells.get(i + 1).filter(|t| code && label_in(v, t).is_none()) {
                        value = format!("{val} {title}");
                        i += 1;
                    }
                    out.push((field, value, l.no));
                }
            }
            None => {}
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::raw::Line;

    fn read(paras: &[Para]) -> Vec<(Field, String, usize)> {
        super::read(&Vocabulary::builtin(), paras)
    }

    fn label_in(t: &str) -> Option<(Field, String)> {
        super::label_in(&Vocabulary::builtin(), t)
    }

    fn paras(t: &str) -> Vec<Para> {
        let lines: Vec<Line> = t.lines().enumerate().map(|(i, s)| Line { no: i + 1, text: s.into() }).collect();
        crate::genre::plan_chapter::text::paragraphs_of(&lines)
    }

    #[test]
    fn labels_wait_in_order_for_their_values() {
        let got = read(&paras(
            "担当課\n\nみどり課\n\n事業名\n\n花壇事業\n\n施策分野\n\n（２）概要\n\n事業の対象\n（誰を）\n\n\
             事業の手段・方法\n\n市民\n\n花を植える。\n\n実施形態（直営/委託） 直営",
        ));
        let fields: Vec<_> = got.iter().map(|(f, v, _)| (*f, v.as_str())).collect();
        assert_eq!(
            fields,
            [
                (Field::Section, "みどり課"),
                (Field::Name, "花壇事業"),
                (Field::Target, "市民"),
                (Field::Method, "花を植える。"),
                (Field::Form, "直営")
            ]
        );
    }

    #[test]
    fn reads_labels_and_values_without_blank_lines() {
        let got =
            read(&paras("担当課\nみどり課\n事業名\n花壇事業\n実施期間\n（計画の期間\nで設定）\n令和5年度～令和7年度"));
        let fields: Vec<_> = got.iter().map(|(f, v, _)| (*f, v.as_str())).collect();
        assert_eq!(
            fields,
            [(Field::Section, "みどり課"), (Field::Name, "花壇事業"), (Field::Period, "令和5年度～令和7年度")]
        );
        let got = read(&paras("事業の対象\n\n事業の手段\n\n市民\n花を植える"));
        assert_eq!(got.len(), 2);
        assert_eq!(got[1].1, "花を植える");
    }

    #[test]
    fn reads_several_labels_on_one_line() {
        let got = read(&paras("担当課 みどり課 事業名 花壇づくり事業\n施策名 2-1 花のある暮らし"));
        let fields: Vec<_> = got.iter().map(|(f, v, _)| (*f, v.as_str())).collect();
        assert_eq!(
            fields,
            [(Field::Section, "みどり課"), (Field::Name, "花壇づくり事業"), (Field::Measure, "2-1 花のある暮らし")]
        );
    }

    #[test]
    fn one_line_fields_take_one_line_when_nothing_separates_them() {
        let got = read(&paras("担当課\nみどり課\n事業名\n花壇事業\n計画の体系\n事業の対象\n市民と\n自治会"));
        let fields: Vec<_> = got.iter().map(|(f, v, _)| (*f, v.as_str())).collect();
        assert_eq!(fields, [(Field::Section, "みどり課"), (Field::Name, "花壇事業"), (Field::Target, "市民と自治会")]);
    }

    #[test]
    fn reads_values_on_the_label_line() {
        assert_eq!(label_in("担当課：みどり課"), Some((Field::Section, "みどり課".into())));
        let got = read(&paras("関連計画\n・例規\n\n緑の計画、花の方針\n\n担当課\nみどり課"));
        assert_eq!(got[0], (Field::Related, "緑の計画、花の方針".to_string(), 4));
        assert_eq!(got[1], (Field::Section, "みどり課".to_string(), 7));
        assert_eq!(label_in("花壇"), None);
        assert_eq!(label_in("施策\t2-1 花のある暮らし"), Some((Field::Measure, "2-1 花のある暮らし".into())));
        assert_eq!(label_in("施策分野"), None);
        let got = read(&paras("事業名    花壇事業    担当課   みどり課"));
        assert_eq!(got[1], (Field::Section, "みどり課".to_string(), 1));
        let got = read(&paras("施策\t2-1\t花のある暮らし\t担当課\tみどり課"));
        assert_eq!(got[0].1, "2-1 花のある暮らし");
        assert_eq!(got[1].1, "みどり課");
        let got = read(&paras("| 事業名 | 花壇事業 | 担当課 | みどり課 |"));
        assert_eq!(got[1], (Field::Section, "みどり課".to_string(), 1));
    }
}
