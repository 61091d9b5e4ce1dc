//! Text folding, shared by the search index and by the pairing of a year's initiatives with
//! the previous year's, so that both take the same spellings for the same thing: NFKC per
//! character (full-width ＤＸ → DX, half-width ｶﾞ → ガ), lower case, then variant spellings of
//! administrative vocabulary folded to one form ([`GROUPS`]: 子供 → 子ども, デジタル変革 → dx …).
//! [`fold`] keeps, for every byte of the folded text, the range of the original text it came
//! from, so search highlights point at what the page shows; [`fold_text`] is the text alone.
//!
//! The variant list is small and reviewed: every entry is a spelling cities really use for the
//! same thing (a plan written after こども家庭庁's 2023 guidance says こども where the previous
//! year's said 子供). Entries are written after NFKC and lower-casing; the canonical form
//! comes first.

use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;

/// (canonical, variants). A variant is replaced by its canonical form wherever it occurs
/// (longest match first, one left-to-right pass, so replacements never cascade).
pub const GROUPS: &[(&str, &[&str])] = &[
    ("子ども", &["子供", "こども"]),
    ("取組", &["取り組み", "取組み", "取り組"]),
    ("dx", &["デジタルトランスフォーメーション", "デジタル・トランスフォーメーション", "デジタル変革"]),
    ("ict", &["情報通信技術"]),
    ("sdgs", &["持続可能な開発目標"]),
    ("障害", &["障がい", "障碍"]),
    ("まちづくり", &["まち作り", "街づくり", "町づくり", "街作り"]),
    ("ごみ", &["ゴミ"]),
    ("申込", &["申し込み", "申込み"]),
    ("手続", &["手続き"]),
    ("問合せ", &["問い合わせ", "問合わせ", "問い合せ"]),
];

/// Every (variant, canonical) pair, longest variant first.
pub fn pairs() -> Vec<(&'static str, &'static str)> {
    let mut out: Vec<(&str, &str)> =
        GROUPS.iter().flat_map(|(canon, vars)| vars.iter().map(move |v| (*v, *canon))).collect();
    out.sort_by(|a, b| b.0.chars().count().cmp(&a.0.chars().count()).then(a.0.cmp(b.0)));
    out
}

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

/// Folds `text` (see the module doc), keeping where each byte came from.
pub fn fold(text: &str) -> Folded {
    let mut out = Folded { text: String::with_capacity(text.len()), origin: Vec::with_capacity(text.len()) };
    fold_into(text, &mut |c, s, e| {
        out.text.push(c);
        for _ in 0..c.len_utf8() {
            out.origin.push((s, e));
        }
    });
    out
}

/// The folded text of `text` alone (see the module doc).
pub fn fold_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut |c, _, _| out.push(c));
    out
}

/// The variants by their first character (sorted by it), each group longest first: a
/// character no variant starts with is passed over with one lookup.
#[allow(clippy::type_complexity)]
fn variants_by_first() -> &'static [(char, Vec<(Vec<char>, &'static str)>)] {
    static BY_FIRST: OnceLock<Vec<(char, Vec<(Vec<char>, &'static str)>)>> = OnceLock::new();
    BY_FIRST.get_or_init(|| {
        let mut out: Vec<(char, Vec<(Vec<char>, &'static str)>)> = Vec::new();
        for (variant, canonical) in pairs() {
            let chars: Vec<char> = variant.chars().collect();
            let first = chars[0];
            match out.iter_mut().find(|(c, _)| *c == first) {
                Some((_, group)) => group.push((chars, canonical)),
                None => out.push((first, vec![(chars, canonical)])),
            }
        }
        out.sort_by_key(|(c, _)| *c);
        out
    })
}

/// Folds `text`, handing each folded character with the original byte range it came from.
fn fold_into(text: &str, push: &mut impl FnMut(char, u32, u32)) {
    // Stage 1: NFKC and lower case, character by character, remembering the source range.
    let mut chars: Vec<(char, u32, u32)> = Vec::with_capacity(text.len() / 2);
    for (i, c) in text.char_indices() {
        let (s, e) = (i as u32, (i + c.len_utf8()) as u32);
        if c.is_ascii() {
            chars.push((c.to_ascii_lowercase(), s, e));
            continue;
        }
        // Most of a Japanese text: kana and unified ideographs, which NFKC and lower case keep.
        if matches!(c, '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FA}' | 'ー' | '\u{4E00}'..='\u{9FFF}') {
            chars.push((c, s, e));
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
    let by_first = variants_by_first();
    let mut i = 0;
    'outer: while i < chars.len() {
        if let Ok(at) = by_first.binary_search_by_key(&chars[i].0, |(c, _)| *c) {
            for (variant, canonical) in &by_first[at].1 {
                let n = variant.len();
                if chars.len() - i >= n && chars[i..i + n].iter().zip(variant).all(|(a, b)| a.0 == *b) {
                    let (s, e) = (chars[i].1, chars[i + n - 1].2);
                    for c in canonical.chars() {
                        push(c, s, e);
                    }
                    i += n;
                    continue 'outer;
                }
            }
        }
        let (c, s, e) = chars[i];
        push(c, s, e);
        i += 1;
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

    /// The longest variant wins where several start at the same character (取り組み over
    /// 取り組), and every variant of the list folds, wherever it stands in a text.
    #[test]
    fn every_variant_folds_longest_first() {
        assert_eq!(fold_text("取り組みの取り組"), "取組の取組");
        assert_eq!(fold_text("デジタル・トランスフォーメーション"), "dx");
        for (canonical, variants) in GROUPS {
            for v in *variants {
                assert_eq!(fold_text(&format!("まず{v}を")), format!("まず{canonical}を"), "{v}");
            }
        }
    }

    /// The kana and ideographs passed over without NFKC are those NFKC and lower case keep.
    #[test]
    fn kana_and_ideographs_are_stable() {
        let stable =
            ('\u{3041}'..='\u{3096}').chain('\u{30A1}'..='\u{30FA}').chain(['ー']).chain('\u{4E00}'..='\u{9FFF}');
        for c in stable {
            let n: String = std::iter::once(c).nfkc().flat_map(char::to_lowercase).collect();
            assert_eq!(n, c.to_string(), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn the_text_alone_is_the_folded_text() {
        for t in ["ＤＸ推進と子供の取り組み", "ｶﾞｲﾄﾞ", "", "問い合わせ窓口（ＩＣＴ）"]
        {
            assert_eq!(fold_text(t), fold(t).text, "{t}");
        }
    }
}
