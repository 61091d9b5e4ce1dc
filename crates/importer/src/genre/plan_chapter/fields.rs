//! Field labels of plan documents (総合計画 chapters, 施策 sheets), read the same way in every
//! layout: a 「label：value」 line, a 【label】value line, a `label | value` row, or a column
//! header. The labels are data (`LABELS`, then the program-sheet vocabulary for the fields it
//! shares); they are matched after folding spelling (NFKC, spaces, 取り組み → 取組), marks,
//! brackets and a trailing note (「具体的な取組（例）」 is 具体的な取組).

use super::tables::TableRow;
use super::text::{clean, ends_like_sentence, width};
use crate::vocab::{Field as SheetField, Vocabulary};

/// What a labelled value is in a plan document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    /// A cross-cutting theme (テーマ).
    Theme,
    /// The level above a 施策 (方針, 基本目標, 政策 …).
    Policy,
    /// A 施策: 「経1-1 …」「33-1 …」.
    Measure,
    Vision,
    Issues,
    SdgsDirection,
    /// A list of related plans, one a line.
    Plans,
    /// One related plan (計画等の名称), described by a 内容 field after it.
    PlanName,
    Department,
    /// An action's name (取組名, 主な取組).
    Action,
    /// A description (内容, 概要) of whatever the record is about.
    Content,
    /// 行革の視点.
    Perspective,
    /// 行革の視点からの取組内容.
    Reform,
    Indicator,
    Baseline,
    Target,
    Unit,
}

/// Plan-document labels (folded as by [`fold`]), most specific first where one contains another.
const LABELS: &[(&str, Field)] = &[
    ("テーマ", Field::Theme),
    ("重点テーマ", Field::Theme),
    ("横断テーマ", Field::Theme),
    ("方針", Field::Policy),
    ("基本方針", Field::Policy),
    ("経営方針", Field::Policy),
    ("まちづくり方針", Field::Policy),
    ("施策の柱", Field::Policy),
    ("政策", Field::Policy),
    ("基本政策", Field::Policy),
    ("基本目標", Field::Policy),
    ("政策分野", Field::Policy),
    ("施策", Field::Measure),
    ("施策名", Field::Measure),
    ("施策の名称", Field::Measure),
    ("基本施策", Field::Measure),
    ("単位施策", Field::Measure),
    ("個別施策", Field::Measure),
    ("目指す姿", Field::Vision),
    ("施策の目指す姿", Field::Vision),
    ("目指すまちの姿", Field::Vision),
    ("将来像", Field::Vision),
    ("あるべき姿", Field::Vision),
    ("現状と課題", Field::Issues),
    ("現況と課題", Field::Issues),
    ("施策の現状と課題", Field::Issues),
    ("課題", Field::Issues),
    ("SDGsに向けた方向性", Field::SdgsDirection),
    ("SDGsの方向性", Field::SdgsDirection),
    ("関連する個別計画", Field::Plans),
    ("関連計画", Field::Plans),
    ("関連計画等", Field::Plans),
    ("関連する計画", Field::Plans),
    ("個別計画", Field::Plans),
    ("計画等の名称", Field::PlanName),
    ("計画の名称", Field::PlanName),
    ("計画名", Field::PlanName),
    ("計画名称", Field::PlanName),
    ("関連計画名", Field::PlanName),
    ("担当課", Field::Department),
    ("所管課", Field::Department),
    ("担当部署", Field::Department),
    ("担当部局", Field::Department),
    ("関係課", Field::Department),
    ("取組名", Field::Action),
    ("取組", Field::Action),
    ("主な取組", Field::Action),
    ("主要な取組", Field::Action),
    ("具体的な取組", Field::Action),
    ("取組項目", Field::Action),
    ("主な事業", Field::Action),
    ("主要事業", Field::Action),
    ("事業名", Field::Action),
    ("内容", Field::Content),
    ("概要", Field::Content),
    ("説明", Field::Content),
    ("取組内容", Field::Content),
    ("取組の内容", Field::Content),
    ("取組の概要", Field::Content),
    ("事業内容", Field::Content),
    ("事業概要", Field::Content),
    ("行革の視点", Field::Perspective),
    ("視点", Field::Perspective),
    ("行革の視点からの取組内容", Field::Reform),
    ("行革の視点からの取組", Field::Reform),
    ("視点からの取組内容", Field::Reform),
    ("指標", Field::Indicator),
    ("指標名", Field::Indicator),
    ("成果指標", Field::Indicator),
    ("目標指標", Field::Indicator),
    ("現状値", Field::Baseline),
    ("基準値", Field::Baseline),
    ("現況値", Field::Baseline),
    ("目標値", Field::Target),
    ("数値目標", Field::Target),
    ("単位", Field::Unit),
];

/// Longest label (characters, folded) read before a 「：」.
const LABEL_MAX: usize = 16;

/// The folded form of a label: NFKC, no spaces, 取り組み → 取組, leading marks and numbers,
/// surrounding brackets and a trailing note in parentheses removed.
pub(crate) fn fold(label: &str) -> String {
    let k = crate::text::vocab_key(label);
    let k = k.trim_start_matches(['◆', '■', '●', '○', '◇', '□', '▼', '▶', '◎', '・', '*', '＊', '(']);
    let k = k.trim_start_matches(|c: char| c.is_ascii_digit() || super::text::circled(c).is_some());
    let k = k.trim_start_matches(['.', '、', ')']);
    let k =
        k.trim_start_matches(['【', '[', '〔', '<', '《', '〈']).trim_end_matches(['】', ']', '〕', '>', '》', '〉']);
    let k = match k.strip_suffix(')') {
        Some(inner) => inner.rfind('(').filter(|&i| i > 0).map_or(k, |i| &inner[..i]),
        None => k,
    };
    k.to_string()
}

/// The field a label names: the plan-document labels, then the program-sheet vocabulary for
/// the fields both kinds of document have (施策, 指標, 現状値 …).
pub(crate) fn field_of(label: &str) -> Option<Field> {
    let k = fold(label);
    if k.is_empty() || k.chars().count() > LABEL_MAX {
        return None;
    }
    if let Some((_, f)) = LABELS.iter().find(|(w, _)| *w == k) {
        return Some(*f);
    }
    match Vocabulary::builtin().field_of(label)? {
        SheetField::Policy => Some(Field::Policy),
        // 「施策の方向（性）」 heads a list of actions, not a 施策.
        SheetField::Measure if !k.contains("方向") => Some(Field::Measure),
        SheetField::Indicator | SheetField::ActivityIndicator | SheetField::OutcomeIndicator => Some(Field::Indicator),
        SheetField::Baseline => Some(Field::Baseline),
        SheetField::TargetValue if k != "目標" => Some(Field::Target),
        SheetField::Unit => Some(Field::Unit),
        SheetField::Related => Some(Field::Plans),
        SheetField::Section => Some(Field::Department),
        _ => None,
    }
}

/// A labelled value: its field, the label (folded, and as written: 「目標値（令和10年度）」
/// says the year) and the value as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Labelled {
    pub field: Field,
    pub label: String,
    pub written: String,
    pub value: String,
}

impl Labelled {
    fn new(label: &str, value: &str) -> Option<Labelled> {
        let field = field_of(label)?;
        let written = clean(label).to_string();
        Some(Labelled { field, label: fold(label), written, value: clean(value).to_string() })
    }
}

/// 「label：value」 or 「【label】value」 with a known label (the value may be empty: it
/// follows on the next lines).
pub(crate) fn split(line: &str) -> Option<Labelled> {
    let t = clean(line);
    if let Some(inner) = t.strip_prefix('【') {
        let close = inner.find('】')?;
        return Labelled::new(&inner[..close], inner[close + '】'.len_utf8()..].trim_start_matches(['：', ':']));
    }
    let i = t.find(['：', ':'])?;
    let head = &t[..i];
    if width(head) > LABEL_MAX * 2 {
        return None;
    }
    Labelled::new(head, t[i..].trim_start_matches(['：', ':']))
}

/// A name, not a description: short, without 。, not ending like a sentence.
pub(crate) fn is_name(t: &str) -> bool {
    let t = clean(t);
    !t.is_empty() && width(t) <= 40 && !t.contains('。') && !ends_like_sentence(t)
}

/// The start of a name that a hard wrap may have cut anywhere (even after 「…した」): short
/// and without 。.
pub(crate) fn is_name_start(t: &str) -> bool {
    let t = clean(t);
    !t.is_empty() && width(t) <= 40 && !t.contains('。')
}

/// A `label | value` row: the first filled cell is a label, one value follows, and it is not a
/// label itself (which would make the row a header).
pub(crate) fn field_row(row: &TableRow) -> Option<Labelled> {
    let filled: Vec<&str> = row.cells.iter().map(|c| clean(c)).filter(|c| !c.is_empty()).collect();
    if clean(row.cells.first().map_or("", String::as_str)).is_empty() {
        return None;
    }
    match filled.as_slice() {
        [label] => Labelled::new(label, ""),
        [label, value] if field_of(value).is_none() => Labelled::new(label, value),
        _ => None,
    }
}

/// A row that continues the field above it: an empty label cell and one value.
pub(crate) fn continuation_row(row: &TableRow) -> Option<String> {
    let first = clean(row.cells.first().map_or("", String::as_str));
    let filled: Vec<&str> = row.cells.iter().map(|c| clean(c)).filter(|c| !c.is_empty()).collect();
    match filled.as_slice() {
        [value] if first.is_empty() => Some(value.to_string()),
        _ => None,
    }
}

/// The fields of a header row's columns, when at least two of its cells are labels.
pub(crate) fn header(row: &TableRow) -> Option<Vec<Option<Field>>> {
    let cols: Vec<Option<Field>> = row.cells.iter().map(|c| field_of(c)).collect();
    (cols.iter().flatten().count() >= 2).then_some(cols)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(t: &str) -> TableRow {
        TableRow { line: 1, cells: t.split('\t').map(str::to_string).collect() }
    }

    #[test]
    fn labels_are_read_in_any_spelling() {
        assert_eq!(field_of("取 組 み 名"), Some(Field::Action));
        assert_eq!(field_of("具体的な取組（例）"), Some(Field::Action));
        assert_eq!(field_of("【関連計画等（主要なもの）】"), Some(Field::Plans));
        assert_eq!(field_of("行革の視点からの取り組み内容"), Some(Field::Reform));
        assert_eq!(field_of("目　　標　値"), Some(Field::Target));
        assert_eq!(field_of("めざす姿"), Some(Field::Vision));
        assert_eq!(field_of("（２）主な取組"), Some(Field::Action));
        // From the program-sheet vocabulary.
        assert_eq!(field_of("活動指標"), Some(Field::Indicator));
        assert_eq!(field_of("総合計画の位置付け"), Some(Field::Measure));
        assert_eq!(field_of("施策の方向性"), None);
        assert_eq!(field_of("花壇の整備"), None);
        assert_eq!(field_of("目標"), None);
    }

    #[test]
    fn splits_labelled_lines() {
        let got = |t: &str| split(t).map(|l| (l.field, l.label, l.value));
        assert_eq!(got("施策：２－１ 花壇の整備"), Some((Field::Measure, "施策".into(), "２－１ 花壇の整備".into())));
        assert_eq!(got("計画等の名称：緑の計画"), Some((Field::PlanName, "計画等の名称".into(), "緑の計画".into())));
        assert_eq!(got("【主な取組】花壇の管理"), Some((Field::Action, "主な取組".into(), "花壇の管理".into())));
        assert_eq!(got("関連する個別計画："), Some((Field::Plans, "関連する個別計画".into(), String::new())));
        assert_eq!(got("用語：花壇"), None);
        assert_eq!(got("市では、(愛称:花のまち)を進めます。"), None);
    }

    #[test]
    fn tells_field_rows_from_headers() {
        assert_eq!(
            field_row(&row("目指す姿\t花が咲くまち")).map(|l| (l.field, l.value)),
            Some((Field::Vision, "花が咲くまち".into()))
        );
        assert_eq!(field_row(&row("主な取組\t内容")), None);
        assert_eq!(continuation_row(&row("\t花山市緑の計画")), Some("花山市緑の計画".into()));
        let h = header(&row("施策\t主な取組\t内容")).unwrap_or_default();
        assert_eq!(h, vec![Some(Field::Measure), Some(Field::Action), Some(Field::Content)]);
        assert!(header(&row("花壇\t12か所")).is_none());
    }
}
