//! What one line of a plan chapter is, from heading vocabulary and numbering: a section
//! label (目指す姿, 現況と課題, 指標 …), a chapter or measure heading, a numbered item, or text.

use super::text::{circled_number, clean, ends_like_sentence, key, paren_number, strip_dash, width};

/// The sections a plan chapter labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Section {
    Vision,
    Issues,
    Actions,
    Indicators,
    RelatedPlans,
    SdgsDirection,
    SdgsGoals,
    Structure,
    /// 担当課 / 所管課: the departments in charge.
    Department,
    /// A labelled block we do not interpret (【用語説明】, 【写真】 …).
    Other,
}

/// Label vocabulary, most specific first.
const LABELS: [(&str, Section); 39] = [
    ("SDGsに向けた方向性", Section::SdgsDirection),
    ("SDGsの方向性", Section::SdgsDirection),
    ("SDGs", Section::SdgsGoals),
    ("目指す姿", Section::Vision),
    ("めざす姿", Section::Vision),
    ("目指すまちの姿", Section::Vision),
    ("めざすまちの姿", Section::Vision),
    ("将来像", Section::Vision),
    ("施策の目標", Section::Vision),
    ("施策の目指す姿", Section::Vision),
    ("あるべき姿", Section::Vision),
    ("現況と課題", Section::Issues),
    ("現状と課題", Section::Issues),
    ("施策の現状と課題", Section::Issues),
    ("課題", Section::Issues),
    ("現状", Section::Issues),
    ("施策の方向性", Section::Actions),
    ("主な取組", Section::Actions),
    ("目標とする指標", Section::Indicators),
    ("担当課", Section::Department),
    ("所管課", Section::Department),
    ("担当部署", Section::Department),
    ("担当部局", Section::Department),
    ("関係課", Section::Department),
    ("主な取り組み", Section::Actions),
    ("具体的な取組", Section::Actions),
    ("取組内容", Section::Actions),
    ("施策の方向", Section::Actions),
    ("施策の内容", Section::Actions),
    ("施策の展開", Section::Actions),
    ("成果指標", Section::Indicators),
    ("指標", Section::Indicators),
    ("関連計画", Section::RelatedPlans),
    ("関連する個別計画", Section::RelatedPlans),
    ("関連する計画", Section::RelatedPlans),
    ("個別計画", Section::RelatedPlans),
    ("施策の体系", Section::Structure),
    ("体系", Section::Structure),
    ("用語", Section::Other),
];

/// Level words that introduce a numbered plan node (longest first).
const LEVEL_WORDS: [&str; 11] = [
    "基本施策",
    "単位施策",
    "個別施策",
    "施策",
    "基本政策",
    "政策",
    "基本目標",
    "基本方針",
    "基本事業",
    "分野",
    "政策分野",
];

/// One classified line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LineKind {
    /// A section label, with any text that follows it on the same line.
    Label(Section, String),
    /// 「第7章 …」.
    Chapter(String),
    /// A plan node heading: level word (if any), number as written, title.
    Measure {
        level: Option<String>,
        number: String,
        title: String,
    },
    /// 「3 すべての人に健康と福祉を」: an SDG goal listed, not a plan node.
    SdgGoal(u8),
    /// 「(1) …」.
    Paren(u32, String),
    /// 「取組1 …」「取り組み２　…」: an action named by its level word.
    Action(String),
    /// 「① …」.
    Circled(u32, String),
    Text(String),
}

/// Classifies a (non-table, non-blank) line.
pub(crate) fn classify(raw: &str) -> LineKind {
    let t = strip_dash(raw);
    if let Some(l) = label(t) {
        return l;
    }
    if let Some(rest) = chapter(t) {
        return LineKind::Chapter(rest);
    }
    if let Some(a) = action_heading(t) {
        return a;
    }
    if let Some(m) = measure_heading(t) {
        if let LineKind::Measure { level: None, number, title } = &m {
            if let Some(g) = super::sdgs::goal_named(number, title) {
                return LineKind::SdgGoal(g);
            }
        }
        return m;
    }
    if let Some((n, rest)) = paren_number(t) {
        return LineKind::Paren(n, rest.to_string());
    }
    if let Some((n, rest)) = circled_number(t) {
        return LineKind::Circled(n, rest.to_string());
    }
    LineKind::Text(t.to_string())
}

/// 【…】 and ◆/■/● headings, or a bare label word alone or followed by a space and text.
fn label(t: &str) -> Option<LineKind> {
    if let Some(inner) = t.strip_prefix('【') {
        let close = inner.find('】')?;
        let section = section_of(&inner[..close]).unwrap_or(Section::Other);
        return Some(LineKind::Label(section, clean(&inner[close + '】'.len_utf8()..]).to_string()));
    }
    let t = clean(t.trim_start_matches(['◆', '■', '●', '◇', '□', '▼', '▶', '◎', '○']));
    // 「1 現状と課題」「（２）主な取組」「②目指す姿」: a numbered label is still a label.
    let t = strip_number(t);
    let (head, rest) = match t.find([' ', '\u{3000}', '\t', '：', ':']) {
        Some(i) => (&t[..i], clean(clean(&t[i..]).trim_start_matches(['：', ':']))),
        None => (t, ""),
    };
    let k = key(head);
    let k = k.trim_start_matches(['【', '[', '〔', '＜', '<']).trim_end_matches(['】', ']', '〕', '＞', '>']);
    let (_, section) = LABELS.iter().find(|(w, _)| key(w) == k)?;
    Some(LineKind::Label(*section, rest.to_string()))
}

/// Removes a leading 「1 」「１．」「（2）」「②」 numbering.
fn strip_number(t: &str) -> &str {
    if let Some((_, rest)) = paren_number(t).or_else(|| circled_number(t)) {
        return rest;
    }
    let digits = t.char_indices().take_while(|(_, c)| c.is_ascii_digit() || ('０'..='９').contains(c)).last();
    match digits {
        Some((i, c)) => {
            let rest = &t[i + c.len_utf8()..];
            let rest = rest.trim_start_matches(['.', '．', '、', ')', '）']);
            if rest.starts_with([' ', '\u{3000}']) || rest.len() < t.len() - i - c.len_utf8() {
                clean(rest)
            } else {
                t
            }
        }
        None => t,
    }
}

/// The section a bracketed label names.
fn section_of(label: &str) -> Option<Section> {
    let k = key(label);
    if k.contains("SDGs") && k.contains("方向") {
        return Some(Section::SdgsDirection);
    }
    if k.contains("SDGs") {
        return Some(Section::SdgsGoals);
    }
    if k.contains("指標") {
        return Some(Section::Indicators);
    }
    if k.contains("計画") {
        return Some(Section::RelatedPlans);
    }
    if k.contains("体系") {
        return Some(Section::Structure);
    }
    if ["担当課", "所管課", "担当部署", "担当部局", "関係課"].iter().any(|w| k.contains(w)) {
        return Some(Section::Department);
    }
    if k.contains("取組") || k.contains("取り組") {
        return Some(Section::Actions);
    }
    LABELS.iter().find(|(w, _)| k.contains(&key(w))).map(|(_, s)| *s)
}

/// 「取組1 …」「取り組み２　…」.
fn action_heading(t: &str) -> Option<LineKind> {
    let k = key(t);
    let word = ["主な取組", "主な取り組み", "取り組み", "取組み", "取組"].into_iter().find(|w| k.starts_with(w))?;
    // Skip the word in the original text (its characters, ignoring spaces).
    let mut seen = 0;
    let start = t.char_indices().find(|(_, c)| {
        if !c.is_whitespace() {
            seen += 1;
        }
        seen > word.chars().count()
    })?;
    let rest = &t[start.0..];
    let n = rest.chars().take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(c) || *c == '-').count();
    let title: String = rest.chars().skip(n).collect();
    let title = clean(title.trim_start_matches(['.', '．', ':', '：']));
    (n > 0 && !title.is_empty()).then(|| LineKind::Action(title.to_string()))
}

/// 「第7章 …」「第２編 …」.
fn chapter(t: &str) -> Option<String> {
    let k = key(t);
    let rest = k.strip_prefix('第')?;
    let digits = rest.chars().take_while(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(*c)).count();
    let after: String = rest.chars().skip(digits).take(1).collect();
    // A bare 「第7章」 (a page header) is not a new chapter: a heading has a title.
    let titled = rest.chars().count() > digits + 1;
    (digits > 0 && titled && ["章", "編", "部"].contains(&after.as_str())).then(|| clean(t).to_string())
}

/// 「33 市民参画・協働」「施策1 市民参画意識の高揚」「基本施策 2-1 …」.
fn measure_heading(t: &str) -> Option<LineKind> {
    // 「第2節 花と緑」: a numbered section is a plan node of level 節.
    if let Some(r) = t.strip_prefix('第') {
        let n: String = r.chars().take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(c)).collect();
        let after = &r[n.len()..];
        if !n.is_empty() && after.starts_with('節') {
            let title = clean(&after['節'.len_utf8()..]);
            return (!title.is_empty() && width(title) <= 40).then(|| LineKind::Measure {
                level: Some("節".into()),
                number: key(&n),
                title: title.to_string(),
            });
        }
    }
    let mut rest = t;
    let mut level = None;
    for w in LEVEL_WORDS {
        if let Some(r) = t.strip_prefix(w) {
            level = Some(w.to_string());
            rest = clean(r);
            break;
        }
    }
    let code_len: usize = rest
        .char_indices()
        .take_while(|(_, c)| c.is_ascii_digit() || ('０'..='９').contains(c) || matches!(c, '-' | '－' | '‐' | '―'))
        .map(|(i, c)| i + c.len_utf8())
        .last()?;
    let number = key(&rest[..code_len]).replace(['－', '‐', '―'], "-");
    if number.starts_with('-') || number.ends_with('-') {
        return None;
    }
    let after = &rest[code_len..];
    // A separator must follow the number: a space, or 「．」 for the level-word form.
    let sep = after.starts_with([' ', '\u{3000}', '\t']) || (level.is_some() && after.starts_with(['.', '．', '.']));
    let title = clean(after.trim_start_matches(['.', '．']));
    let short = width(title) <= 40 && !title.contains('。') && !title.contains('、') && !ends_like_sentence(title);
    let plausible = level.is_some() || number.contains('-') || number.len() <= 3;
    (sep && short && plausible && !title.is_empty() && !title.starts_with(|c: char| c.is_ascii_digit()))
        .then(|| LineKind::Measure { level, number, title: title.to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_labels_with_and_without_brackets() {
        assert_eq!(classify("【指標】"), LineKind::Label(Section::Indicators, String::new()));
        assert_eq!(classify("◆ 現況と課題"), LineKind::Label(Section::Issues, String::new()));
        assert_eq!(classify("目指す姿 花の咲くまち。"), LineKind::Label(Section::Vision, "花の咲くまち。".into()));
        assert_eq!(classify("【関連計画等】"), LineKind::Label(Section::RelatedPlans, String::new()));
        assert!(matches!(classify("目指す姿を実現します。"), LineKind::Text(_)));
        assert_eq!(classify("1 現状と課題"), LineKind::Label(Section::Issues, String::new()));
        assert_eq!(classify("（３）主な取組"), LineKind::Label(Section::Actions, String::new()));
        assert_eq!(classify("担当課：みどり課"), LineKind::Label(Section::Department, "みどり課".into()));
        assert_eq!(
            classify("第２節 花と緑"),
            LineKind::Measure { level: Some("節".into()), number: "2".into(), title: "花と緑".into() }
        );
    }

    #[test]
    fn recognises_headings_and_items() {
        assert_eq!(
            classify("12 公園と緑"),
            LineKind::Measure { level: None, number: "12".into(), title: "公園と緑".into() }
        );
        assert_eq!(
            classify("施策２　花壇の整備"),
            LineKind::Measure { level: Some("施策".into()), number: "2".into(), title: "花壇の整備".into() }
        );
        assert_eq!(classify("第3章 緑のまち"), LineKind::Chapter("第3章 緑のまち".into()));
        assert!(matches!(classify("第3章"), LineKind::Text(_)));
        assert_eq!(classify("取組２　花壇の管理"), LineKind::Action("花壇の管理".into()));
        assert_eq!(classify("15　陸の豊かさも守ろう"), LineKind::SdgGoal(15));
        assert_eq!(classify("- (2) 花壇の管理"), LineKind::Paren(2, "花壇の管理".into()));
        assert_eq!(classify(" - ②花を植えます。"), LineKind::Circled(2, "花を植えます。".into()));
        assert!(matches!(classify("2013(平成25)年度から始めました。"), LineKind::Text(_)));
        assert!(matches!(classify("3 花を植え、育てます。"), LineKind::Text(_)));
    }
}
