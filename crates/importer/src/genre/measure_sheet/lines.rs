//! What one line of a 施策 sheet is: a form label (方針, 施策, 目指す姿, 【…】), a section
//! label (現状と課題, SDGsに向けた方向性, 取組み, 関連する個別計画), a theme line
//! (「経営方針１ 「…」」), a measure line (「経1-1 …」「1-1-1 …」, also in a table of
//! contents), a perspective line (「②参加と協働 …」), a plan name, a labelled value
//! (「施策：経1-1 …」「取組み名：…」, see `plan_chapter::fields`), or text.

use crate::genre::plan_chapter::fields::{self, Field, Labelled};
use crate::genre::plan_chapter::text::{circled, circled_number, clean, ends_like_sentence, key, width};

/// Sections of a sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Section {
    Issues,
    SdgsDirection,
    Actions,
    RelatedPlans,
    Department,
    /// Form furniture (方針, 施策, 【写真・データ】 …): starts a new sheet when it follows content.
    Form,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SheetLine {
    Label(Section, String),
    Theme {
        number: String,
        title: String,
    },
    Measure {
        code: String,
        title: String,
    },
    Perspective {
        perspective: String,
        reform: String,
    },
    Plan(String),
    /// 「label：value」 (the value may be empty and follow on the next lines).
    Field(Labelled),
    /// A line that only carries layout (a page number, a legend listing several ①②③).
    Noise,
    Text(String),
}

/// Words that end plan names (関連する個別計画).
const PLAN_SUFFIXES: [&str; 12] =
    ["計画", "方針", "指針", "構想", "プラン", "戦略", "ビジョン", "大綱", "報告", "条例", "プログラム", "要綱"];

/// Classifies one non-blank line.
pub(crate) fn classify(raw: &str) -> Vec<SheetLine> {
    let t = clean(clean(raw).trim_matches('#'));
    if t.is_empty() || t.chars().all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c)) {
        return vec![SheetLine::Noise];
    }
    if t.chars().filter(|c| circled(*c).is_some()).count() >= 2 {
        return vec![SheetLine::Noise];
    }
    if let Some(f) = fields::split(t) {
        return match f.field {
            Field::Department => vec![SheetLine::Label(Section::Department, f.value)],
            _ => vec![SheetLine::Field(f)],
        };
    }
    // A label at the end of a line belongs to what follows: 「… SDGｓに向けた方向性」.
    if let Some((head, label)) = trailing_label(t) {
        let mut out = classify(head);
        out.push(label);
        return out;
    }
    if let Some(l) = label(t) {
        return l;
    }
    if let Some(th) = theme(t) {
        return vec![th];
    }
    if let Some(m) = measure(t) {
        return vec![m];
    }
    if let Some((n, rest)) = circled_number(t) {
        let c = t.chars().next().unwrap_or('①');
        let (word, reform) = match rest.find([' ', '\u{3000}']) {
            Some(i) => (clean(&rest[..i]), clean(&rest[i..])),
            None => (rest, ""),
        };
        if n > 0 && width(word) <= 10 && !ends_like_sentence(word) {
            return vec![SheetLine::Perspective { perspective: format!("{c}{word}"), reform: reform.to_string() }];
        }
    }
    if is_plan_name(t) {
        return vec![SheetLine::Plan(t.to_string())];
    }
    vec![SheetLine::Text(t.to_string())]
}

fn section_of(k: &str) -> Option<Section> {
    if k.contains("SDGs") && (k.contains("方向") || k.contains("関連")) {
        return Some(Section::SdgsDirection);
    }
    if k.ends_with("現状と課題") || k.ends_with("現況と課題") {
        return Some(Section::Issues);
    }
    if k.contains("個別計画") || k == "関連計画" {
        return Some(Section::RelatedPlans);
    }
    if ["担当課", "担当部署", "所管課", "担当部局", "所管部署"].iter().any(|w| k.starts_with(w)) {
        return Some(Section::Department);
    }
    if (k.contains("取組") || k.contains("取り組")) && (k.contains("ため") || k.contains("名") || k.contains("内容"))
    {
        return Some(Section::Actions);
    }
    if ["主な取組", "主な取り組み", "取組内容", "施策の方向", "具体的な取組"].iter().any(|w| k.starts_with(w))
    {
        return Some(Section::Actions);
    }
    if k.starts_with("行革の視点") {
        return Some(Section::Actions);
    }
    None
}

/// Form labels and section labels, alone on a line or followed by content.
fn label(t: &str) -> Option<Vec<SheetLine>> {
    if let Some(inner) = t.strip_prefix('【') {
        let close = inner.find('】')?;
        let section = section_of(&key(&inner[..close])).unwrap_or(Section::Form);
        let rest = clean(&inner[close + '】'.len_utf8()..]);
        let mut out = vec![SheetLine::Label(section, String::new())];
        if !rest.is_empty() {
            out.extend(classify(rest));
        }
        return Some(out);
    }
    // 「《行政改革の取り組み》」: a bracketed heading of the form.
    for (a, b) in [('《', '》'), ('〈', '〉'), ('［', '］'), ('＜', '＞')] {
        if t.starts_with(a) && t.ends_with(b) && t.chars().filter(|c| *c == b).count() == 1 {
            return Some(vec![SheetLine::Label(Section::Form, String::new())]);
        }
    }
    let k = key(t);
    if ["方針", "施策", "施策の柱", "目指す姿", "めざす姿", "基本方針"].contains(&k.as_str()) {
        return Some(vec![SheetLine::Label(Section::Form, String::new())]);
    }
    // 「担当課 ○○課」「担当課：○○課」.
    for w in ["担当課", "担当部署", "所管課", "担当部局", "所管部署"] {
        if let Some(rest) = t.strip_prefix(w) {
            let rest = clean(rest.trim_start_matches([':', '：']));
            if width(rest) <= 30 {
                return Some(vec![SheetLine::Label(Section::Department, rest.to_string())]);
            }
        }
    }
    if width(t) <= 30 && !ends_like_sentence(t) {
        if let Some(s) = section_of(&k) {
            return Some(vec![SheetLine::Label(s, String::new())]);
        }
    }
    None
}

/// 「経営方針２　まちの魅力向上 SDGｓに向けた方向性」 → ("経営方針２　まちの魅力向上", label).
fn trailing_label(t: &str) -> Option<(&str, SheetLine)> {
    let i = t.rfind([' ', '\u{3000}'])?;
    let (head, tail) = (clean(&t[..i]), clean(&t[i..]));
    let k = key(tail);
    if head.is_empty() || !k.contains("SDGs") {
        return None;
    }
    let s = section_of(&k)?;
    Some((head, SheetLine::Label(s, String::new())))
}

/// 「経営方針１  「地域力の醸成」」「まちづくり方針１　安全で…」.
pub(crate) fn theme(t: &str) -> Option<SheetLine> {
    let word_end = ["方針", "目標", "政策", "の柱"].iter().filter_map(|w| t.find(w).map(|i| i + w.len())).min()?;
    if width(&t[..word_end]) > 8 {
        return None;
    }
    let rest = &t[word_end..];
    let n_len: usize = rest
        .char_indices()
        .take_while(|(_, c)| c.is_ascii_digit() || ('０'..='９').contains(c))
        .map(|(i, c)| i + c.len_utf8())
        .last()?;
    let title = clean(&rest[n_len..]);
    let title = clean(title.trim_start_matches('「').trim_end_matches('」'));
    (!title.is_empty() && width(title) <= 40 && !ends_like_sentence(title))
        .then(|| SheetLine::Theme { number: key(&rest[..n_len]), title: title.to_string() })
}

/// 「経 1-1 コミュニティ活動の促進・・・・Ｐ３」「1-1-1 強靱な防災基盤の構築」.
pub(crate) fn measure(t: &str) -> Option<SheetLine> {
    let t = match t.find("・・") {
        Some(i) => clean(&t[..i]),
        None => t,
    };
    let chars: Vec<char> = t.chars().collect();
    let mut i = 0;
    while i < chars.len() && i < 2 && crate::genre::plan_chapter::text::is_kanji(chars[i]) {
        i += 1;
    }
    let prefix: String = chars[..i].iter().collect();
    while i < chars.len() && chars[i].is_whitespace() {
        i += 1;
    }
    let start = i;
    while i < chars.len()
        && (chars[i].is_ascii_digit() || ('０'..='９').contains(&chars[i]) || "-－‐".contains(chars[i]))
    {
        i += 1;
    }
    let number = key(&chars[start..i].iter().collect::<String>()).replace(['－', '‐'], "-");
    if !number.contains('-') || number.starts_with('-') || number.ends_with('-') || number.contains("--") {
        return None;
    }
    if i >= chars.len() || !chars[i].is_whitespace() {
        return None;
    }
    let title: String = chars[i..].iter().collect();
    let title = clean(&title);
    // 「経1-1」: the letter is part of the code; 「施策1-1」: a level word is not.
    let prefix =
        if ["施策", "政策", "事業", "目標"].contains(&prefix.as_str()) { String::new() } else { prefix };
    (!title.is_empty() && width(title) <= 40 && !title.contains('。') && !ends_like_sentence(title))
        .then(|| SheetLine::Measure { code: format!("{prefix}{number}"), title: title.to_string() })
}

/// A short line ending in a plan word (計画, 方針 …), allowing a trailing （…） or 」.
pub(crate) fn is_plan_name(t: &str) -> bool {
    if width(t) > 50 || t.contains('。') || t.contains('、') {
        return false;
    }
    let mut s = clean(t);
    if let Some(open) = s.rfind(['（', '(']) {
        if s.ends_with(['）', ')']) && open > 0 {
            s = clean(&s[..open]);
        }
    }
    let s = s.trim_end_matches(['」', '』']);
    PLAN_SUFFIXES.iter().any(|w| s.ends_with(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_sheet_lines() {
        assert_eq!(
            classify("推進方針２　「緑あふれるまち」"),
            vec![SheetLine::Theme { number: "2".into(), title: "緑あふれるまち".into() }]
        );
        assert_eq!(
            classify("緑 2-1 公園の充実・・・・・・Ｐ５"),
            vec![SheetLine::Measure { code: "緑2-1".into(), title: "公園の充実".into() }]
        );
        assert_eq!(
            classify("施策 3-2 水辺の再生"),
            vec![SheetLine::Measure { code: "3-2".into(), title: "水辺の再生".into() }]
        );
        assert_eq!(
            classify("③協働 花壇の共同管理"),
            vec![SheetLine::Perspective { perspective: "③協働".into(), reform: "花壇の共同管理".into() }]
        );
        assert_eq!(
            classify("花山市みどりの計画（令和６年度改定予定）"),
            vec![SheetLine::Plan("花山市みどりの計画（令和６年度改定予定）".into())]
        );
        assert_eq!(classify("【用語説明】"), vec![SheetLine::Label(Section::Form, String::new())]);
        assert_eq!(classify("①市民の視点 ②協働の視点"), vec![SheetLine::Noise]);
        assert_eq!(
            classify("推進方針２　緑のまち SDGｓに向けた方向性"),
            vec![
                SheetLine::Theme { number: "2".into(), title: "緑のまち".into() },
                SheetLine::Label(Section::SdgsDirection, String::new())
            ]
        );
        assert_eq!(classify("担当課：みどり課"), vec![SheetLine::Label(Section::Department, "みどり課".into())]);
        let labelled = |t: &str| match classify(t).as_slice() {
            [SheetLine::Field(f)] => Some((f.field, f.label.clone(), f.value.clone())),
            _ => None,
        };
        assert_eq!(labelled("方針：緑のまち"), Some((Field::Policy, "方針".into(), "緑のまち".into())));
        assert_eq!(labelled("取組み名：苗の配布"), Some((Field::Action, "取組名".into(), "苗の配布".into())));
        assert_eq!(
            labelled("【関連する個別計画】緑の計画"),
            Some((Field::Plans, "関連する個別計画".into(), "緑の計画".into()))
        );
        assert!(matches!(classify("公園を整備します。")[0], SheetLine::Text(_)));
    }
}
