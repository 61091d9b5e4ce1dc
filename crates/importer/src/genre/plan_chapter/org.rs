//! The organization (市名) and fiscal year a document states, read by general rules: the
//! municipality named most often (titles count more; the rule shared with every genre), and a
//! 和暦 year in the title.

use super::text::{clean, key};
use crate::raw::Line;
use hoshin_domain::FiscalYear;

/// How many leading non-blank lines count as the title area.
const TITLE_LINES: usize = 3;

/// The municipality the document names (「〇〇市」 named most, the title weighing more), by
/// the shared rule in [`crate::meta::organization`], over the non-blank lines.
pub(crate) fn organization(lines: &[Line]) -> Option<String> {
    let texts: Vec<Line> = lines.iter().filter(|l| !clean(&l.text).is_empty()).cloned().collect();
    crate::meta::organization(&texts).map(|(name, _)| name)
}

/// The first 和暦 (or 西暦) fiscal year written in `t`: 「令和６年度」「R5年度」「2024年度」.
pub(crate) fn first_fiscal_year(t: &str) -> Option<FiscalYear> {
    fiscal_years(t).first().map(|(fy, _)| *fy)
}

/// Every fiscal year written in `t`, with the text that follows its 「年度」.
pub(crate) fn fiscal_years(t: &str) -> Vec<(FiscalYear, String)> {
    let s = key(t);
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let after = |j: usize| chars[j..].iter().collect::<String>();
    for i in 0..chars.len() {
        let era = ["令和", "平成", "昭和"].iter().any(|e| chars[i..].starts_with(&e.chars().collect::<Vec<_>>()));
        let head_len = if era { Some(2) } else { matches!(chars[i], 'R' | 'H').then_some(1) };
        // 「2023年度」.
        if head_len.is_none() && chars[i].is_ascii_digit() && (i == 0 || !chars[i - 1].is_ascii_digit()) {
            let digits: String = chars[i..].iter().take_while(|c| c.is_ascii_digit()).collect();
            let end = i + digits.len();
            if digits.len() == 4 && chars[end..].starts_with(&['年', '度']) {
                if let Ok(fy) = FiscalYear::parse(&digits) {
                    out.push((fy, after(end + 2)));
                }
            }
        }
        let Some(h) = head_len else { continue };
        if i > 0 && chars[i - 1].is_ascii_alphabetic() {
            continue;
        }
        let mut j = i + h;
        while j < chars.len() && (chars[j].is_ascii_digit() || chars[j] == '元') {
            j += 1;
        }
        if j > i + h && chars[j..].starts_with(&['年', '度']) {
            let cand: String = chars[i..j + 2].iter().collect();
            if let Ok(fy) = FiscalYear::parse(&cand) {
                out.push((fy, after(j + 2)));
            }
        }
    }
    out
}

/// The fiscal year stated in the title area (the first few non-blank lines), if any.
pub(crate) fn title_fiscal_year(lines: &[Line]) -> Option<FiscalYear> {
    lines.iter().filter(|l| !clean(&l.text).is_empty()).take(TITLE_LINES).find_map(|l| first_fiscal_year(&l.text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(t: &str) -> Vec<Line> {
        t.lines().enumerate().map(|(i, s)| Line { no: i + 1, text: s.to_string() }).collect()
    }

    #[test]
    fn reads_the_city_over_non_blank_lines() {
        let doc = lines("\n\n\n第3次花山市総合計画\n\n本市では、花山市の魅力を高めます。");
        assert_eq!(organization(&doc).as_deref(), Some("花山市"));
    }

    #[test]
    fn reads_years_in_titles() {
        assert_eq!(first_fiscal_year("事業評価（令和６年度実施事業）").map(|f| f.year()), Some(2024));
        assert_eq!(first_fiscal_year("Ｒ５年度 目標").map(|f| f.year()), Some(2023));
        assert_eq!(first_fiscal_year("第7章 まちづくり"), None);
        assert_eq!(first_fiscal_year("2023年度 評価").map(|f| f.year()), Some(2023));
        let doc = lines("\n第2次計画\n施策\n本文\n令和4年度の実績");
        assert_eq!(title_fiscal_year(&doc), None);
    }
}
