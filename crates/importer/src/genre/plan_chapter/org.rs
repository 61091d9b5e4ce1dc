//! The organization (市名) and fiscal year a document states, read by general rules: the
//! municipality named most often (titles count more), and a 和暦 year in the title.

use super::text::{clean, is_kanji, key};
use crate::raw::Line;
use hoshin_domain::FiscalYear;
use std::collections::HashMap;

/// How many leading non-blank lines count as the title area.
const TITLE_LINES: usize = 3;
/// Weight of a mention in the title area.
const TITLE_WEIGHT: usize = 5;

/// Words before 市 that do not make a name: 本市, 他市, 各市, 近隣市, 都市 ….
const NOT_NAMES: [&str; 14] = ["本", "同", "他", "各", "全", "当", "隣", "辺", "近", "核", "令", "例", "等", "都"];

/// The municipality the document is about: 「〇〇市」 (or 町・村・区 when no 市 is named),
/// counted over all lines, mentions in the title area weighing more.
pub(crate) fn find_organization(lines: &[Line]) -> Option<String> {
    for suffix in ['市', '区', '町', '村'] {
        let mut counts: HashMap<String, (usize, usize)> = HashMap::new();
        let mut seen_text = 0;
        for l in lines {
            let t = clean(&l.text);
            if t.is_empty() {
                continue;
            }
            seen_text += 1;
            let weight = if seen_text <= TITLE_LINES { TITLE_WEIGHT } else { 1 };
            for name in names_in(t, suffix) {
                let e = counts.entry(name).or_insert((0, l.no));
                e.0 += weight;
            }
        }
        let best = counts.into_iter().max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1)));
        if let Some((name, _)) = best {
            return Some(name);
        }
    }
    None
}

/// Names ending in `suffix` in one line: the kanji run before it, after any 「第N次」 or
/// prefecture (〇〇県) prefix, 1–4 characters long; or a kana name (さいたま市) that starts
/// the line or follows punctuation.
fn names_in(t: &str, suffix: char) -> Vec<String> {
    let chars: Vec<char> = t.chars().collect();
    let mut out = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        if c != suffix || i == 0 {
            continue;
        }
        // 市町村, 区市町村: a list of kinds, not a name.
        if matches!(chars.get(i + 1), Some('町' | '村' | '区')) {
            continue;
        }
        let mut start = i;
        while start > 0 && is_kanji(chars[start - 1]) {
            start -= 1;
        }
        let mut run: Vec<char> = chars[start..i].to_vec();
        if run.is_empty() {
            if let Some(kana) = kana_name(&chars[..i]) {
                out.push(format!("{kana}{suffix}"));
            }
            continue;
        }
        // 「第７次池田市」: drop the ordinal; 「長野県安曇野市」: drop the prefecture.
        if let Some(p) = run.iter().rposition(|c| matches!(c, '次' | '県' | '府' | '道')) {
            if p + 1 < run.len() {
                run = run[p + 1..].to_vec();
            }
        }
        if run.first() == Some(&'第') {
            continue;
        }
        let name: String = run.iter().collect();
        let generic =
            (NOT_NAMES.iter().any(|w| name.ends_with(w)) && name != "京都") || name.ends_with(['市', '町', '村', '区']);
        if generic || run.len() > 4 || (suffix != '市' && run.len() < 2) {
            continue;
        }
        out.push(format!("{name}{suffix}"));
    }
    out
}

/// A hiragana/katakana name of 2–5 characters right before the suffix, at the start of the
/// line or after a space, bracket or punctuation.
fn kana_name(before: &[char]) -> Option<String> {
    let kana = |c: char| matches!(c as u32, 0x3041..=0x3096 | 0x30A1..=0x30FA);
    let mut start = before.len();
    while start > 0 && kana(before[start - 1]) {
        start -= 1;
    }
    let len = before.len() - start;
    let boundary = start == 0 || matches!(before[start - 1], ' ' | '\u{3000}' | '「' | '『' | '（' | '(' | '、' | '・');
    (boundary && (2..=5).contains(&len)).then(|| before[start..].iter().collect())
}

/// The first 和暦 (or 西暦) fiscal year written in `t`: 「令和６年度」「R5年度」「2024年度」.
pub(crate) fn first_fiscal_year(t: &str) -> Option<FiscalYear> {
    let s = key(t);
    let chars: Vec<char> = s.chars().collect();
    for i in 0..chars.len() {
        let rest: String = chars[i..].iter().collect();
        let head_len = ["令和", "平成", "昭和"]
            .iter()
            .find(|e| rest.starts_with(**e))
            .map(|_| 2)
            .or_else(|| matches!(chars[i], 'R' | 'H').then_some(1));
        // 「2023年度」.
        if head_len.is_none() && chars[i].is_ascii_digit() && (i == 0 || !chars[i - 1].is_ascii_digit()) {
            let digits: String = chars[i..].iter().take_while(|c| c.is_ascii_digit()).collect();
            let after: String = chars[i + digits.len()..].iter().take(2).collect();
            if digits.len() == 4 && after == "年度" {
                if let Ok(fy) = FiscalYear::parse(&digits) {
                    return Some(fy);
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
        if j == i + h {
            continue;
        }
        if chars[j..].iter().take(2).collect::<String>() == "年度" {
            let cand: String = chars[i..j + 2].iter().collect();
            if let Ok(fy) = FiscalYear::parse(&cand) {
                return Some(fy);
            }
        }
    }
    None
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
    fn finds_the_city_named_most() {
        let doc = lines(
            "第3次花山市総合計画\n本市では、都市づくりを進めます。\n長野県月見市と交流し、花山市の魅力を高めます。",
        );
        assert_eq!(find_organization(&doc).as_deref(), Some("花山市"));
        let doc = lines("- 森市では、近隣市と連携します。\n「森市子ども計画」を進めます。");
        assert_eq!(find_organization(&doc).as_deref(), Some("森市"));
        assert_eq!(find_organization(&lines("市民と市町村の協働")), None);
    }

    #[test]
    fn falls_back_to_towns_and_kana_names() {
        assert_eq!(find_organization(&lines("山里町の計画\n山里町では")).as_deref(), Some("山里町"));
        assert_eq!(find_organization(&lines("みなと市 総合計画")).as_deref(), Some("みなと市"));
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
