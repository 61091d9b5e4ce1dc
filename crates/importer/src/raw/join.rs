//! Lines broken inside a sentence or name by the PDF tool's wrapping, joined back.
//!
//! A line continues on the next when it does not end a sentence, the next line does not
//! start an item (①, (1), ・, 【 …), and the line is as wide as the text wraps: either the
//! widest line of a paragraph of three or more lines, or a width at which the document
//! breaks two-line paragraphs at least [`MIN_EVIDENCE`] times (a narrow table column).
//! Widths are display widths: full-width characters count 2, half-width 1.

use super::Line;
use std::collections::HashMap;

/// Lines narrower than this (display width) are labels, never wrapped text.
const MIN_WRAP_WIDTH: usize = 16;
/// How many two-line paragraphs must break at one width before that width counts as a wrap.
const MIN_EVIDENCE: usize = 3;
/// Spaces in a row inside a line that mark aligned columns, not wrapped prose.
const ALIGN_GAP: usize = 4;
/// Display-width slack when comparing widths.
const SLACK: usize = 2;

/// Display width: half-width characters 1, others 2.
pub(crate) fn display_width(t: &str) -> usize {
    t.trim().chars().map(|c| if c.is_ascii() || ('\u{ff61}'..='\u{ff9f}').contains(&c) { 1 } else { 2 }).sum()
}

fn ends_sentence(t: &str) -> bool {
    t.trim_end().ends_with(['。', '．', '！', '？', '!', '?', '：', ':', '」', '』'])
}

/// True when the line opens an item or heading of its own.
pub(crate) fn starts_item(t: &str) -> bool {
    let t = t.trim_start();
    let Some(c) = t.chars().next() else { return false };
    if ('①'..='⑳').contains(&c) || "・●○◆◇■□※-*＊【〔［◎▼▶►".contains(c) {
        return true;
    }
    if matches!(c, '(' | '（') {
        return t.chars().nth(1).is_some_and(|d| d.is_ascii_digit() || ('０'..='９').contains(&d));
    }
    if c.is_ascii_digit() || ('０'..='９').contains(&c) {
        let after = t.chars().find(|d| !(d.is_ascii_digit() || ('０'..='９').contains(d)));
        return matches!(after, Some(' ' | '\u{3000}' | '.' | '．' | ')' | '）' | '、'));
    }
    false
}

/// A label and its value aligned by a wide gap (「担当部署　　　　農政課」): a line of its own.
fn aligned_pair(t: &str) -> bool {
    let mut run = 0;
    for c in t.trim().chars() {
        if c == ' ' || c == '\u{3000}' {
            run += 1;
            if run >= ALIGN_GAP {
                return true;
            }
        } else {
            run = 0;
        }
    }
    false
}

/// 「取組内容：…」: a short label and a colon open the line.
fn starts_label(t: &str) -> bool {
    let t = t.trim_start();
    t.char_indices().take(12).find(|(_, c)| matches!(c, '：' | ':')).is_some_and(|(i, _)| {
        let head = &t[..i];
        !head.is_empty() && !head.contains([' ', '\u{3000}', '、', '。'])
    })
}

fn may_continue(a: &str, b: &str) -> bool {
    display_width(a) >= MIN_WRAP_WIDTH
        && !ends_sentence(a)
        && !starts_item(b)
        && !starts_label(b)
        && !aligned_pair(a)
        && !aligned_pair(b)
}

fn glue(a: &str, b: &str) -> String {
    let a = a.trim_end();
    let b = b.trim_start();
    let spaced = a.chars().last().is_some_and(|c| c.is_ascii_alphanumeric())
        && b.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
    if spaced {
        format!("{a} {b}")
    } else {
        format!("{a}{b}")
    }
}

/// Wrap widths the document shows: the widths at which two-line paragraphs break, counted.
pub(crate) fn wrap_widths(paragraphs: &[Vec<Line>]) -> Vec<usize> {
    let mut counts: HashMap<usize, usize> = HashMap::new();
    for p in paragraphs {
        if let [a, b] = p.as_slice() {
            if may_continue(&a.text, &b.text) && display_width(&b.text) < display_width(&a.text) {
                *counts.entry(display_width(&a.text)).or_default() += 1;
            }
        }
    }
    let mut widths: Vec<usize> = Vec::new();
    for (&w, _) in counts.iter() {
        let near: usize = counts.iter().filter(|(v, _)| v.abs_diff(w) <= SLACK).map(|(_, n)| n).sum();
        if near >= MIN_EVIDENCE {
            widths.push(w);
        }
    }
    widths.sort_unstable();
    widths
}

/// Joins wrapped lines of one paragraph. Each result keeps the number of its first line.
pub(crate) fn join_wrapped(lines: Vec<Line>, widths: &[usize]) -> Vec<Line> {
    let max = lines.iter().map(|l| display_width(&l.text)).max().unwrap_or(0);
    // Text wrapped by a tool at a number of characters: half-width letters make such a line
    // narrower on screen, but not shorter.
    let max_chars = lines.iter().map(|l| l.text.trim().chars().count()).max().unwrap_or(0);
    let long = lines.len() >= 3;
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    let mut last = String::new();
    for l in lines {
        if let Some(prev) = out.last_mut() {
            let w = display_width(&last);
            let chars = last.trim().chars().count();
            // Within a tenth of the widest line: kinsoku moves a character or two, a label
            // line at the top may run longer than the text's wrap.
            let near = |x: usize, top: usize| x + SLACK.max(top / 10) >= top;
            let at_wrap =
                (long && (near(w, max) || near(chars, max_chars))) || widths.iter().any(|v| v.abs_diff(w) <= SLACK);
            if at_wrap && may_continue(&last, &l.text) {
                prev.text = glue(&prev.text, &l.text);
                last = l.text;
                continue;
            }
        }
        last = l.text.clone();
        out.push(Line { no: l.no, text: l.text.trim().to_string() });
    }
    out
}
