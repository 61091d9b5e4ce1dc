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

/// 「総合計画」「基本政策」 as a label cell or paragraph: the term at the end, or followed by
/// a word naming a reference (「総合計画の施策」「基本政策番号」「総合計画との関連」), not a goal
/// about it (「第4次総合計画の推進」「基本政策の推進」).
pub(super) fn label(text: &str) -> Option<RefKind> {
    let mut k = vocab_key(text);
    if k.ends_with(')') {
        if let Some(open) = k.rfind('(') {
            k.truncate(open);
        }
    }
    if k.chars().count() > 12 {
        return None;
    }
    const TAILS: [&str; 9] = ["", "番号", "コード", "の施策", "施策", "との関連", "との関係", "の位置づけ", "体系"];
    let names = |term: &str| TAILS.iter().any(|t| k.ends_with(&format!("{term}{t}")));
    if names("総合計画") || names("施策体系") {
        Some(RefKind::Measure)
    } else if names("基本政策") || names("政策番号") {
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

/// A cell or value saying "no link": 「－」「―」「0」「0-0-0」「なし」「該当なし」「特になし」.
pub(super) fn is_none(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    !t.is_empty()
        && (t.chars().all(|c| matches!(c, '0' | '０' | '-' | '－' | '‐' | '−' | '―' | '—' | 'ー' | '／' | '/'))
            || matches!(t.as_str(), "なし" | "無し" | "該当なし" | "特になし" | "なし。"))
}

/// Every link of `kind` in a text that may hold several, one after another
/// (「5-1-① 発信します。 5-1-② 参画を図ります。」「35 スマートシティ 67 公民学連携」): the text
/// is cut before each code or number that follows a space. Empty when the text does not start
/// with one.
pub(super) fn all(kind: RefKind, text: &str) -> Vec<(String, String)> {
    let t = text.trim();
    let parse = |s: &str| match kind {
        RefKind::Measure => measure_code(s),
        RefKind::Policy => policy_number(s),
    };
    if parse(t).is_none() {
        return Vec::new();
    }
    // Byte offsets where a new link starts.
    let mut starts = vec![0];
    let cs: Vec<(usize, char)> = t.char_indices().collect();
    for (k, &(i, c)) in cs.iter().enumerate().skip(1) {
        if !cs[k - 1].1.is_whitespace() || !is_digit(c) {
            continue;
        }
        let starts_link = match kind {
            RefKind::Measure => measure_code(&t[i..]).is_some(),
            // A number inside a title (「第2期」「17施策」) is not followed by a space.
            RefKind::Policy => {
                let digits = t[i..].chars().take_while(|c| is_digit(*c)).count();
                let after = t[i..].chars().nth(digits);
                digits <= 3 && after.is_some_and(|a| a.is_whitespace())
            }
        };
        if starts_link {
            starts.push(i);
        }
    }
    starts.push(t.len());
    starts.windows(2).filter_map(|w| parse(&t[w[0]..w[1]])).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn several_links_in_one_text() {
        let m = all(RefKind::Measure, "3-1-② 公園を整えます。 3-2-① 緑を守ります。");
        assert_eq!(m, vec![("3-1-②".into(), "公園を整えます。".into()), ("3-2-①".into(), "緑を守ります。".into())]);
        let p = all(RefKind::Policy, "12 公園の再生 15 第2期 緑の保全");
        assert_eq!(p, vec![("12".into(), "公園の再生".into()), ("15".into(), "第2期 緑の保全".into())]);
        assert_eq!(all(RefKind::Policy, "７０　みんなのまち").len(), 1);
        assert!(all(RefKind::Measure, "公園を整えます。").is_empty());
    }

    #[test]
    fn labels_of_links_and_goals_about_plans() {
        assert_eq!(label("総合計画"), Some(RefKind::Measure));
        assert_eq!(label("総 合 計 画"), Some(RefKind::Measure));
        assert_eq!(label("総合計画の施策"), Some(RefKind::Measure));
        assert_eq!(label("基本政策（番号）"), Some(RefKind::Policy));
        assert_eq!(label("関連する基本政策"), Some(RefKind::Policy));
        assert_eq!(label("基本政策の推進"), None);
        assert_eq!(label("第4次総合計画の推進"), None);
    }

    #[test]
    fn texts_that_mean_no_link() {
        for t in ["－", "-", "―", "0", "0-0-0", "なし", "該当なし"] {
            assert!(is_none(t), "{t}");
        }
        assert!(!is_none("3-1-②"));
    }
}
