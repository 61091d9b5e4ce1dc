//! Links rows under an initiative: 総合計画 codes (「5-2-① 公正で…」, code and title possibly
//! in separate cells) and 基本政策 numbers (「70 みんなで…」, 「35 | スマートシティの推進」).
//! Placeholders such as 「0」 and 「0-0-0」 mean "none".

use crate::text::vocab_key;

/// Which kind of link the following cells give.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum RefKind {
    Measure,
    Policy,
}

/// 「総合計画」「基本政策」 as a label cell or paragraph.
pub(super) fn label(text: &str) -> Option<RefKind> {
    let k = vocab_key(text);
    if k.chars().count() > 12 {
        return None;
    }
    if k.contains("総合計画") || k.contains("施策体系") {
        Some(RefKind::Measure)
    } else if k.contains("基本政策") || k.contains("政策番号") {
        Some(RefKind::Policy)
    } else {
        None
    }
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// 「5-2-① title」 → ("5-2-①", "title"): digits and circled numbers joined by hyphens.
pub(super) fn measure_code(text: &str) -> Option<(String, String)> {
    let t = text.trim();
    let end = t
        .char_indices()
        .find(|(_, c)| !(is_digit(*c) || ('①'..='⑳').contains(c) || matches!(c, '-' | '－' | '‐' | '−')))
        .map_or(t.len(), |(i, _)| i);
    let code = &t[..end];
    let groups = code.split(['-', '－', '‐', '−']).count();
    if groups < 2 || code.ends_with(['-', '－', '‐', '−']) || !code.starts_with(is_digit) {
        return None;
    }
    Some((code.to_string(), t[end..].trim().to_string()))
}

/// 「70 title」 → ("70", "title"); a bare number gives an empty title.
pub(super) fn policy_number(text: &str) -> Option<(String, String)> {
    let t = text.trim();
    let end = t.char_indices().find(|(_, c)| !is_digit(*c)).map_or(t.len(), |(i, _)| i);
    if end == 0 || end > 9 {
        return None;
    }
    let rest = &t[end..];
    if !rest.is_empty() && !rest.starts_with([' ', '\u{3000}']) {
        return None;
    }
    Some((t[..end].to_string(), rest.trim().to_string()))
}

/// A placeholder code or number: all zeros.
pub(super) fn is_placeholder(code: &str) -> bool {
    code.chars().all(|c| matches!(c, '0' | '０' | '-' | '－'))
}
