//! Text helpers shared by the plan-chapter, measure-sheet and evaluation-sheet interpreters:
//! paragraphs with line numbers, comparison keys, list markers, broken-line joining.

use crate::raw::{Line, RawDoc};
use hoshin_domain::text::nfkc;

/// Consecutive non-blank source lines, with the number of the first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Para {
    pub line: usize,
    pub lines: Vec<Line>,
}

/// Source lines minus those the raw reader dropped as page furniture, keeping running headers
/// that are labels of the genre (`is_label`).
pub(crate) fn kept_lines(doc: &RawDoc, is_label: &dyn Fn(&str) -> bool) -> Vec<Line> {
    // Markdown heading marks (「## 第２節 …」) are not part of the heading.
    doc.lines
        .iter()
        .filter(|l| !super::dropped::is_dropped(doc, l.no, is_label))
        .map(|l| Line { no: l.no, text: crate::raw::strip_heading_marks(&l.text).to_string() })
        .collect()
}

/// Paragraphs of `lines` split at blank lines.
pub(crate) fn paragraphs_of(lines: &[Line]) -> Vec<Para> {
    let mut out = Vec::new();
    let mut cur: Vec<Line> = Vec::new();
    for l in lines {
        if l.text.trim().is_empty() {
            if let Some(first) = cur.first() {
                out.push(Para { line: first.no, lines: std::mem::take(&mut cur) });
            }
        } else {
            cur.push(l.clone());
        }
    }
    if let Some(first) = cur.first() {
        out.push(Para { line: first.no, lines: cur });
    }
    out
}

/// Comparison key: NFKC with all whitespace removed.
pub(crate) fn key(s: &str) -> String {
    nfkc(s).chars().filter(|c| !c.is_whitespace()).collect()
}

/// Trims ASCII and ideographic spaces.
pub(crate) fn clean(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace())
}

/// Joins lines broken by the PDF layout: Japanese text is concatenated without a space, a
/// line starting with a list marker keeps its own line, and a space is kept between two
/// Latin words.
pub(crate) fn join_broken<'a>(lines: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for l in lines {
        let t = clean(l);
        if t.is_empty() {
            continue;
        }
        if !out.is_empty() {
            let prev = out.chars().last().unwrap_or(' ');
            let next = t.chars().next().unwrap_or(' ');
            if starts_with_bullet(t) {
                out.push('\n');
            } else if prev.is_ascii_alphanumeric() && next.is_ascii_alphanumeric() {
                out.push(' ');
            }
        }
        out.push_str(t);
    }
    out
}

/// Value of a circled number ①…⑳.
pub(crate) fn circled(c: char) -> Option<u32> {
    let v = c as u32;
    (0x2460..=0x2473).contains(&v).then(|| v - 0x2460 + 1)
}

/// A bullet or list marker that starts an item line (・ ● ◆ ■ ○ - ※ or a circled number).
pub(crate) fn starts_with_bullet(t: &str) -> bool {
    let Some(c) = t.chars().next() else { return false };
    matches!(c, '・' | '●' | '◆' | '■' | '○' | '◎' | '□' | '-' | '‐' | '－' | '※' | '＊') || circled(c).is_some()
}

/// A parenthesised number at the start: 「(1) 名前」「（１）名前」 → (1, "名前").
pub(crate) fn paren_number(t: &str) -> Option<(u32, &str)> {
    let t = clean(t);
    let rest = t.strip_prefix('(').or_else(|| t.strip_prefix('（'))?;
    let close = rest.find([')', '）'])?;
    let n: u32 = key(&rest[..close]).parse().ok()?;
    let after = &rest[close..];
    let after = after.char_indices().nth(1).map_or("", |(i, _)| &after[i..]);
    Some((n, clean(after)))
}

/// A circled number at the start: 「①名前」 → (1, "名前").
pub(crate) fn circled_number(t: &str) -> Option<(u32, &str)> {
    let t = clean(t);
    let c = t.chars().next()?;
    let n = circled(c)?;
    Some((n, clean(&t[c.len_utf8()..])))
}

/// Strips a leading Markdown/PDF bullet dash (「- 」「 - 」) that only marks a list item.
pub(crate) fn strip_dash(t: &str) -> &str {
    let t = clean(t);
    for d in ["- ", "-\u{3000}", "‐ ", "－ "] {
        if let Some(r) = t.strip_prefix(d) {
            return clean(r);
        }
    }
    t
}

/// Ends like a sentence (。 or a polite/plain verb ending), as a description does and a name
/// does not.
pub(crate) fn ends_like_sentence(t: &str) -> bool {
    let t = clean(t).trim_end_matches(['」', '）', ')']);
    ["。", "ます", "ました", "です", "でした", "する", "した", "ている", "ていく", "行う", "図る", "進める"]
        .iter()
        .any(|e| t.ends_with(e))
}

/// Number of characters.
pub(crate) fn width(t: &str) -> usize {
    clean(t).chars().count()
}

/// Display width: wide (CJK) characters count two columns.
pub(crate) fn display_width(t: &str) -> usize {
    use unicode_width::UnicodeWidthChar;
    t.trim_end().chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// The width (display columns) a document's text was hard-wrapped at: the widest lines, when
/// at least three lines and a tenth of the non-blank lines come within three columns of it.
/// `None` for text whose lines end where their sentences do.
pub(crate) fn wrap_width(lines: &[Line]) -> Option<usize> {
    let widths: Vec<usize> = lines.iter().map(|l| display_width(&l.text)).filter(|w| *w > 0).collect();
    let max = *widths.iter().max()?;
    let near = widths.iter().filter(|w| **w + 3 >= max).count();
    (max >= 20 && near >= 3 && near * 10 >= widths.len()).then_some(max)
}

/// Was `t` cut by the hard wrap (it reaches the wrap width)?
pub(crate) fn cut_at(t: &str, wrap: Option<usize>) -> bool {
    wrap.is_some_and(|w| display_width(t) + 3 >= w)
}

/// A line that can only be the end of a name broken before it (「援」「の推進」): a few
/// characters that do not end a sentence. Where no wrap width is found (text broken at a
/// cell's edge), this is what tells a broken name from a description under it.
pub(crate) fn name_remainder(t: &str) -> bool {
    let t = clean(t);
    !t.is_empty() && width(t) <= 4 && !t.contains('。') && !ends_like_sentence(t)
}

/// `text` hard-wrapped at `cols` display columns, as a fixed-width printout breaks it.
#[cfg(test)]
pub(crate) fn hard_wrap(text: &str, cols: usize) -> String {
    let mut out = Vec::new();
    for l in text.lines() {
        let mut cur = String::new();
        for c in l.chars() {
            if display_width(&format!("{cur}{c}")) > cols {
                out.push(std::mem::take(&mut cur));
            }
            cur.push(c);
        }
        out.push(cur);
    }
    out.join("\n")
}

/// Is `c` a kanji (CJK ideograph or 々/〆/ヶ)?
pub(crate) fn is_kanji(c: char) -> bool {
    matches!(c as u32, 0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0xF900..=0xFAFF) || matches!(c, '々' | '〆' | 'ヶ')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_japanese_without_spaces_and_keeps_bullets() {
        assert_eq!(join_broken(["まちの未来を", "考えます。"]), "まちの未来を考えます。");
        assert_eq!(join_broken(["・一つ目", "・二つ目"]), "・一つ目\n・二つ目");
        assert_eq!(join_broken(["use of", "ICT"]), "use of ICT");
    }

    #[test]
    fn finds_the_width_text_was_wrapped_at() {
        let line = |t: &str| Line { no: 1, text: t.into() };
        let wrapped: Vec<Line> = [
            "花山市の公園を地域の団体と",
            "ともに管理し、花壇を増やし",
            "ます。苗は市が配り、手入れ",
            "を支援します。",
        ]
        .into_iter()
        .map(line)
        .collect();
        let w = wrap_width(&wrapped);
        assert_eq!(w, Some(26));
        assert!(cut_at("ともに管理し、花壇を増やし", w));
        assert!(!cut_at("を支援します。", w));
        let prose: Vec<Line> = ["花壇を増やします。", "公園の遊具を、計画的に更新していきます。", "苗を配ります。"]
            .into_iter()
            .map(line)
            .collect();
        assert_eq!(wrap_width(&prose), None);
        assert!(name_remainder("の推進"));
        assert!(!name_remainder("管理します"));
    }

    #[test]
    fn reads_markers() {
        assert_eq!(paren_number("（２） 公園の整備"), Some((2, "公園の整備")));
        assert_eq!(paren_number("(10)計画"), Some((10, "計画")));
        assert_eq!(circled_number("③ 花を植えます。"), Some((3, "花を植えます。")));
        assert_eq!(strip_dash(" - ②木を植えます。"), "②木を植えます。");
        assert!(ends_like_sentence("花を植えます"));
        assert!(!ends_like_sentence("公園の整備"));
    }
}
