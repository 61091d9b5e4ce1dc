//! Text folding before tokenizing: NFKC per character (full-width ＤＸ → DX, half-width ｶﾞ →
//! ガ), lower case, then the synonym list. Keeps, for every byte of the folded text, the range
//! of the original text it came from, so highlights point at what the page shows.

use crate::synonyms;
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;

/// Folded text with a map back to the original.
#[derive(Debug, Clone, Default)]
pub struct Folded {
    pub text: String,
    /// For each byte of `text`: the original byte range of the character it came from.
    origin: Vec<(u32, u32)>,
}

impl Folded {
    /// The original byte range of the folded range `start..end`.
    pub fn original(&self, start: usize, end: usize) -> (usize, usize) {
        let s = self.origin.get(start).map(|o| o.0).unwrap_or(0);
        let e = end.checked_sub(1).and_then(|i| self.origin.get(i)).map(|o| o.1).unwrap_or(s);
        (s as usize, e as usize)
    }
}

fn pairs() -> &'static [(Vec<char>, &'static str)] {
    static PAIRS: OnceLock<Vec<(Vec<char>, &'static str)>> = OnceLock::new();
    PAIRS.get_or_init(|| synonyms::pairs().into_iter().map(|(v, c)| (v.chars().collect(), c)).collect())
}

/// Folds `text` (see the module doc).
pub fn fold(text: &str) -> Folded {
    // Stage 1: NFKC and lower case, character by character, remembering the source range.
    let mut chars: Vec<(char, u32, u32)> = Vec::with_capacity(text.len() / 2);
    for (i, c) in text.char_indices() {
        let (s, e) = (i as u32, (i + c.len_utf8()) as u32);
        if c.is_ascii() {
            chars.push((c.to_ascii_lowercase(), s, e));
            continue;
        }
        for n in std::iter::once(c).nfkc() {
            // A voicing mark after a half-width kana composes with it (ｶﾞ → ガ).
            if matches!(n, '\u{3099}' | '\u{309A}') {
                if let Some(last) = chars.last_mut() {
                    if let Some(composed) = unicode_normalization::char::compose(last.0, n) {
                        *last = (composed, last.1, e);
                        continue;
                    }
                }
            }
            for l in n.to_lowercase() {
                chars.push((l, s, e));
            }
        }
    }
    // Stage 2: variant spellings → canonical form, longest match first, one pass.
    let mut out = Folded { text: String::with_capacity(text.len()), origin: Vec::with_capacity(text.len()) };
    let mut i = 0;
    'outer: while i < chars.len() {
        for (variant, canonical) in pairs() {
            let n = variant.len();
            if chars.len() - i >= n && chars[i..i + n].iter().zip(variant).all(|(a, b)| a.0 == *b) {
                let (s, e) = (chars[i].1, chars[i + n - 1].2);
                for c in canonical.chars() {
                    push(&mut out, c, s, e);
                }
                i += n;
                continue 'outer;
            }
        }
        let (c, s, e) = chars[i];
        push(&mut out, c, s, e);
        i += 1;
    }
    out
}

fn push(out: &mut Folded, c: char, s: u32, e: u32) {
    out.text.push(c);
    for _ in 0..c.len_utf8() {
        out.origin.push((s, e));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn width_and_case_fold_with_offsets() {
        let f = fold("ＤＸ推進");
        assert_eq!(f.text, "dx推進");
        assert_eq!(f.original(0, 2), (0, 6));
    }

    #[test]
    fn half_width_kana_composes() {
        assert_eq!(fold("ｶﾞｲﾄﾞ").text, "ガイド");
    }

    #[test]
    fn variants_fold_to_one_spelling() {
        for v in ["子供食堂", "こども食堂", "子ども食堂"] {
            assert_eq!(fold(v).text, "子ども食堂", "{v}");
        }
        assert_eq!(fold("取り組み").text, "取組");
        assert_eq!(fold("取組み").text, "取組");
        assert_eq!(fold("デジタル変革").text, "dx");
        let f = fold("子供の");
        assert_eq!(f.original(0, "子ども".len()), (0, "子供".len()));
    }
}
