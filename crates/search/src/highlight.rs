//! Highlighting without the analyzer: the query's terms (already folded by the analyzer) are
//! looked for in the folded text of each shown hit, and the places found are mapped back to the
//! original text. Segmenting every shown title and body again with lindera (what tantivy's
//! snippet generator does) was half of the CPU of an uncached search for a rare word.
//!
//! Folding is the index's own ([`fold`]: NFKC, case, the synonym list), so 子供 in a text is
//! marked for a query of こども, and ＤＸ for デジタル変革. Two rules stand in for the word
//! boundaries a segmenter would know: a Latin term is marked only where it is not part of a
//! longer Latin word ("dx" not inside "dxf"), and a one-character kanji term only where no kanji
//! touches it (「森」 alone, not inside 森林).

use crate::normalize::fold;
use crate::results::Marked;
use std::ops::Range;

/// Characters kept before the first match when a snippet starts inside a body.
const LEAD: usize = 16;

/// The terms to mark, longest first (a longer term wins where two overlap).
#[derive(Debug, Clone, Default)]
pub struct Highlighter {
    needles: Vec<String>,
}

impl Highlighter {
    /// `terms`: the analyzed (folded) terms of the query.
    pub fn new<I: IntoIterator<Item = String>>(terms: I) -> Self {
        let mut needles: Vec<String> = terms.into_iter().filter(|t| !t.is_empty()).collect();
        needles.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        needles.dedup();
        Self { needles }
    }

    /// Every place in `text` a term occurs, as byte ranges of `text`, in order, not overlapping.
    pub fn marks(&self, text: &str) -> Vec<Range<usize>> {
        if self.needles.is_empty() || text.is_empty() {
            return Vec::new();
        }
        let folded = fold(text);
        let f = folded.text.as_str();
        let mut found: Vec<Range<usize>> = Vec::new();
        for n in &self.needles {
            for (at, _) in f.match_indices(n.as_str()) {
                let end = at + n.len();
                if at_boundary(f, at, end, n) {
                    found.push(at..end);
                }
            }
        }
        found.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        let mut out: Vec<Range<usize>> = Vec::with_capacity(found.len());
        for r in found {
            let (s, e) = folded.original(r.start, r.end);
            match out.last_mut() {
                Some(last) if s < last.end => last.end = last.end.max(e),
                _ => out.push(s..e),
            }
        }
        out
    }

    /// About `chars` characters of `text`: the window holding the most different terms (the
    /// earliest of equals), starting a little before its first match, with "…" where the text
    /// was cut. A text without any match gives its beginning, unmarked.
    pub fn snippet(&self, text: &str, chars: usize) -> Marked {
        let marks = self.marks(text);
        // Character index of every char boundary, to count characters without re-walking.
        let starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        let total = starts.len();
        let char_at = |byte: usize| starts.partition_point(|&b| b < byte);
        let byte_at = |ch: usize| starts.get(ch).copied().unwrap_or(text.len());
        if total <= chars {
            return Marked { text: text.to_string(), marks };
        }
        let mut best = (0usize, 0usize); // (different terms, first char)
        for (i, m) in marks.iter().enumerate() {
            let from = char_at(m.start).saturating_sub(LEAD);
            let to = byte_at(from + chars);
            let mut seen: Vec<&str> = Vec::new();
            for other in &marks[i..] {
                if other.end > to {
                    break;
                }
                let word = &text[other.clone()];
                if !seen.contains(&word) {
                    seen.push(word);
                }
            }
            if seen.len() > best.0 {
                best = (seen.len(), from);
            }
        }
        let from = if best.0 == 0 { 0 } else { best.1.min(total - chars) };
        let (a, b) = (byte_at(from), byte_at(from + chars));
        let lead = if a > 0 { "…" } else { "" };
        let mut out = String::with_capacity(b - a + 6);
        out.push_str(lead);
        out.push_str(&text[a..b]);
        if b < text.len() {
            out.push('…');
        }
        let shift = lead.len();
        let marks = marks
            .into_iter()
            .filter(|m| m.start >= a && m.end <= b)
            .map(|m| m.start - a + shift..m.end - a + shift)
            .collect();
        Marked { text: out, marks }
    }
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '々')
}

/// Whether the match `at..end` of `needle` in the folded text `f` stands as a word (see the
/// module doc).
fn at_boundary(f: &str, at: usize, end: usize, needle: &str) -> bool {
    let before = f[..at].chars().next_back();
    let after = f[end..].chars().next();
    let mut chars = needle.chars();
    let (first, last) = (chars.next(), needle.chars().next_back());
    if first.is_some_and(|c| c.is_ascii_alphanumeric()) && before.is_some_and(|c| c.is_ascii_alphanumeric()) {
        return false;
    }
    if last.is_some_and(|c| c.is_ascii_alphanumeric()) && after.is_some_and(|c| c.is_ascii_alphanumeric()) {
        return false;
    }
    let one_kanji = first.is_some_and(is_han) && chars.next().is_none();
    !(one_kanji && (before.is_some_and(is_han) || after.is_some_and(is_han)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(terms: &[&str]) -> Highlighter {
        Highlighter::new(terms.iter().map(|t| t.to_string()))
    }

    fn whole(h: &Highlighter, text: &str) -> Marked {
        Marked { text: text.to_string(), marks: h.marks(text) }
    }

    fn marked(m: &Marked) -> Vec<&str> {
        m.runs().into_iter().filter(|r| r.1).map(|r| r.0).collect()
    }

    #[test]
    fn variants_are_marked_in_their_own_spelling() {
        let m = whole(&h(&["子ども", "食堂"]), "地域の子供食堂とこども食堂");
        assert_eq!(marked(&m), ["子供食堂", "こども食堂"]);
        let m = whole(&h(&["dx", "推進"]), "ＤＸ推進とデジタル変革");
        assert_eq!(marked(&m), ["ＤＸ推進", "デジタル変革"]);
    }

    #[test]
    fn words_keep_their_boundaries() {
        assert!(h(&["dx"]).marks("dxf形式").is_empty());
        assert_eq!(h(&["dx"]).marks("DX化").len(), 1);
        assert!(h(&["森"]).marks("森林の保全").is_empty());
        assert_eq!(h(&["森"]).marks("鎮守の森を守る").len(), 1);
        // A longer term wins over a shorter one inside it.
        let m = whole(&h(&["子育て", "子育て支援"]), "子育て支援センター");
        assert_eq!(marked(&m), ["子育て支援"]);
    }

    #[test]
    fn snippet_takes_the_window_with_most_terms() {
        let body = format!("{}防災の話{}防災訓練と避難所{}", "あ".repeat(200), "い".repeat(200), "う".repeat(200));
        let s = h(&["防災", "訓練", "避難所"]).snippet(&body, 60);
        assert!(s.text.starts_with('…') && s.text.ends_with('…'), "{}", s.text);
        assert_eq!(marked(&s), ["防災訓練", "避難所"]);
        assert_eq!(s.text.chars().count(), 62);
        for r in &s.marks {
            assert!(s.text.get(r.clone()).is_some());
        }
        // No match: the beginning, unmarked.
        let s = h(&["公園"]).snippet(&body, 10);
        assert_eq!(s.text, format!("{}…", "あ".repeat(10)));
        assert!(s.marks.is_empty());
        // Short text: whole.
        assert_eq!(h(&["防災"]).snippet("防災", 10).text, "防災");
    }
}
