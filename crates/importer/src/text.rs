//! Text helpers for the interpreters: comparison keys that fold the spelling variants of
//! heading vocabulary (取組/取り組み/取組み, 目指す/めざす), NFKC, widths.

use hoshin_domain::text::nfkc;

/// A key for matching heading vocabulary: NFKC, no whitespace, spelling variants folded.
pub fn vocab_key(s: &str) -> String {
    let s: String = nfkc(s).chars().filter(|c| !c.is_whitespace()).collect();
    s.replace("取り組み", "取組")
        .replace("取組み", "取組")
        .replace("取り組", "取組")
        .replace("めざす", "目指す")
        .replace("目ざす", "目指す")
        .replace("係わる", "係る")
        .replace("関わる", "関する")
}

/// True when `label` (as a heading or cell) contains the vocabulary `term` (both folded).
pub fn has_term(label: &str, term: &str) -> bool {
    vocab_key(label).contains(&vocab_key(term))
}

/// Number of characters (not bytes).
pub fn width(s: &str) -> usize {
    s.trim().chars().count()
}

/// Text with all whitespace runs (including newlines) made single spaces.
pub fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
