//! Folding a cell's text for label matching: NFKC, no spaces, leading item marks, a leading
//! year (「R7年度以降の」) and an opening bracket removed — with each folded character
//! remembering where it came from, so the value after a label can be cut from the original.

use unicode_normalization::UnicodeNormalization;

/// Folded characters and, for each, the byte offset of its source character.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Folded {
    pub chars: Vec<char>,
    pub origin: Vec<usize>,
    /// Length of the source text in bytes.
    pub len: usize,
    /// The folded text started with an opening bracket that was removed (【事業名】).
    pub bracket: bool,
}

impl Folded {
    /// Byte offset in the source just after the source character of folded character `i`.
    pub fn end_of(&self, text: &str, i: usize) -> usize {
        match self.origin.get(i) {
            Some(&o) => o + text[o..].chars().next().map_or(0, char::len_utf8),
            None => self.len,
        }
    }
}

/// NFKC with whitespace removed; no mark stripping.
pub(crate) fn fold_plain(t: &str) -> Folded {
    let mut chars = Vec::new();
    let mut origin = Vec::new();
    let mut buf = [0u8; 4];
    for (off, c) in t.char_indices() {
        if c.is_whitespace() {
            continue;
        }
        for n in c.encode_utf8(&mut buf).nfkc() {
            if !n.is_whitespace() {
                chars.push(n);
                origin.push(off);
            }
        }
    }
    Folded { chars, origin, len: t.len(), bracket: false }
}

/// Folds `t` and removes what may stand before a label.
pub(crate) fn fold_label(t: &str) -> Folded {
    let mut f = fold_plain(t);
    let cut = lead_len(&f.chars);
    f.chars.drain(..cut);
    f.origin.drain(..cut);
    if let Some(&c) = f.chars.first() {
        if "【[〈<《〔".contains(c) {
            f.chars.remove(0);
            f.origin.remove(0);
            f.bracket = true;
        }
    }
    f
}

/// The key a vocabulary entry is stored under.
pub(crate) fn label_key(t: &str) -> String {
    fold_label(t).chars.into_iter().collect()
}

const BULLETS: &str = "■□●○◆◇▼▽▶►・※*-–—〇◎★☆•‣◯";

/// Number of leading characters that are item marks, bullets or a year prefix.
fn lead_len(c: &[char]) -> usize {
    let mut i = 0;
    loop {
        let start = i;
        while i < c.len() && BULLETS.contains(c[i]) {
            i += 1;
        }
        i += enumerator(&c[i..]);
        i += year_prefix(&c[i..]);
        if i == start {
            return i;
        }
    }
}

/// 「(1)」「1.」「1」「(ア)」「ア.」 (digits come folded from ①, ⑴ and full width).
fn enumerator(c: &[char]) -> usize {
    let digits = |from: usize| c[from..].iter().take_while(|d| d.is_ascii_digit()).count();
    let is_kana = |d: &char| ('ア'..='ン').contains(d) || ('ｱ'..='ﾝ').contains(d) || d.is_ascii_lowercase();
    if c.first() == Some(&'(') {
        let n = digits(1);
        let n = if n == 0 && c.get(1).is_some_and(is_kana) { 1 } else { n };
        if n > 0 && n <= 3 && c.get(1 + n) == Some(&')') {
            return n + 2;
        }
        return 0;
    }
    let n = digits(0);
    if n > 0 && n <= 2 {
        // Not a number that is the value itself (「10」「1,130」「3.5」).
        return match c.get(n) {
            Some('.') | Some(')') | Some('、') | Some('-') if c.get(n + 1).is_some_and(|d| !d.is_ascii_digit()) => {
                n + 1
            }
            Some(d) if !d.is_ascii_digit() && !",.%".contains(*d) => n,
            _ => 0,
        };
    }
    if c.first().is_some_and(is_kana) && matches!(c.get(1), Some('.') | Some(')') | Some('、')) {
        return 2;
    }
    0
}

/// 「令和7年度の」「R7年度以降の」「2025年度における」 before a label.
fn year_prefix(c: &[char]) -> usize {
    let mut i = 0;
    let s: String = c.iter().take(4).collect();
    if s.starts_with("令和") || s.starts_with("平成") {
        i = 2;
    } else if c.first().is_some_and(|d| matches!(d, 'R' | 'H')) {
        i = 1;
    }
    let n = c[i..].iter().take_while(|d| d.is_ascii_digit()).count();
    if n == 0 || n > 4 || c.get(i + n) != Some(&'年') || c.get(i + n + 1) != Some(&'度') {
        return 0;
    }
    i += n + 2;
    for w in ["以降", "まで", "から"] {
        if starts(&c[i..], w) {
            i += w.chars().count();
        }
    }
    for w in ["における", "の"] {
        if starts(&c[i..], w) {
            i += w.chars().count();
            break;
        }
    }
    i
}

fn starts(c: &[char], w: &str) -> bool {
    let mut it = c.iter();
    w.chars().all(|x| it.next() == Some(&x))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_marks_spaces_and_year_prefixes() {
        assert_eq!(label_key("所 属 名"), "所属名");
        assert_eq!(label_key("目　　　的"), "目的");
        assert_eq!(label_key("（２）事業の概要"), "事業の概要");
        assert_eq!(label_key("⑴ 事業名"), "事業名");
        assert_eq!(label_key("① 事業名"), "事業名");
        assert_eq!(label_key("１ 事業概要"), "事業概要");
        assert_eq!(label_key("ア．目的"), "目的");
        assert_eq!(label_key("■ 事業名"), "事業名");
        assert_eq!(label_key("【事業名】"), "事業名】");
        assert_eq!(label_key("R７年度以降の事業の方向性"), "事業の方向性");
        assert_eq!(label_key("令和7年度の方向性"), "方向性");
        // Values stay values.
        assert_eq!(label_key("1,130"), "1,130");
        assert_eq!(label_key("10"), "10");
        assert_eq!(label_key("３．５"), "3.5");
    }

    #[test]
    fn folded_characters_point_back_to_the_source() {
        let f = fold_label("（１）事業名　花壇");
        let i = f.chars.iter().position(|&c| c == '名').unwrap_or(0);
        assert_eq!(&"（１）事業名　花壇"[f.end_of("（１）事業名　花壇", i)..], "　花壇");
    }
}
