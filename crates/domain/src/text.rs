//! Text helpers shared by every layer: NFKC normalization for comparing and searching
//! (we store and show the original text, never the normalized one).

use unicode_normalization::UnicodeNormalization;

/// NFKC-normalized form of `s`, for comparison and search keys only.
pub fn nfkc(s: &str) -> String {
    s.nfkc().collect()
}

/// A comparison key: NFKC, whitespace removed. Two titles that differ only in
/// full-width/half-width forms or spacing get the same key.
pub fn compare_key(s: &str) -> String {
    s.nfkc().filter(|c| !c.is_whitespace()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_ignore_width_and_spaces() {
        assert_eq!(compare_key("ＤＸ の 推進"), compare_key("DXの推進"));
        assert_ne!(compare_key("DXの推進"), compare_key("DXの促進"));
        assert_eq!(nfkc("１２３"), "123");
    }
}
