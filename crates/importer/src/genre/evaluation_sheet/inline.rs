//! Indicators written as text rather than in a table: 「指標：支援企業数【数値目標：10社（考え方：…）】」
//! (the name, then labelled values in brackets), and groups of label lines 「指標名：花壇の数」
//! 「単位：か所」「現状値：10（令和4年度）」「目標値：20（令和9年度）」.

use crate::draft::IndicatorDraft;
use crate::genre::plan_chapter::org::first_fiscal_year;
use crate::genre::plan_chapter::text::clean;
use crate::vocab::{Field, Vocabulary};

/// Brackets that open a labelled part after an indicator's name.
const OPEN: [char; 4] = ['【', '［', '[', '〔'];

/// Reads 「NAME【LABEL：VALUE（note）…】」; the name alone when nothing is labelled.
pub(crate) fn indicator(v: &Vocabulary, text: &str, line: usize) -> IndicatorDraft {
    let text = clean(text);
    let (name, rest) = match text.find(OPEN) {
        Some(p) => (clean(&text[..p]), &text[p..]),
        None => match labelled_tail(v, text) {
            Some(p) => (clean(&text[..p]), &text[p..]),
            None => (text, ""),
        },
    };
    let mut ind = IndicatorDraft { name: name.to_string(), line, ..Default::default() };
    for (field, value) in pairs(v, rest) {
        let year = first_fiscal_year(&value).map(|y| y.year());
        match field {
            Field::TargetValue if ind.target.is_none() => {
                ind.target = Some(value);
                ind.target_year = year;
            }
            Field::Baseline if ind.baseline.is_none() => {
                ind.baseline = Some(value);
                ind.baseline_year = year;
            }
            Field::Unit if ind.unit.is_none() => ind.unit = Some(value),
            _ => {}
        }
    }
    if ind.unit.is_none() {
        ind.unit = ind.target.as_deref().or(ind.baseline.as_deref()).and_then(unit_of);
    }
    ind
}

/// Where a 「（目標値：…）」 part starts in text without brackets.
fn labelled_tail(v: &Vocabulary, text: &str) -> Option<usize> {
    text.char_indices().filter(|(_, c)| matches!(c, '（' | '(')).map(|(i, _)| i).find(|&i| {
        let inner = &text[i + text[i..].chars().next().map_or(1, char::len_utf8)..];
        inner.split(['：', ':']).next().is_some_and(|l| v.field_of(l).is_some_and(is_value_field))
    })
}

fn is_value_field(f: Field) -> bool {
    matches!(f, Field::TargetValue | Field::Baseline | Field::Unit)
}

/// 「【数値目標：10社（数値目標の考え方：…）】」 → [(TargetValue, "10社")]: each label and its
/// value up to a bracket or a comma.
fn pairs(v: &Vocabulary, t: &str) -> Vec<(Field, String)> {
    let mut out = Vec::new();
    let mut rest = t;
    while let Some(p) = rest.find(['：', ':']) {
        let before = &rest[..p];
        let label_start = before
            .char_indices()
            .rev()
            .find(|(_, c)| matches!(c, '【' | '［' | '[' | '（' | '(' | '、' | ',' | '／' | ' ' | '\u{3000}'))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let label = &before[label_start..];
        let after = &rest[p + rest[p..].chars().next().map_or(1, char::len_utf8)..];
        let end = after.find(['（', '(', '】', '］', ']', '〕', '）', ')', '、', '，']).unwrap_or(after.len());
        if let Some(field) = v.field_of(label).filter(|f| is_value_field(*f)) {
            let value = clean(&after[..end]);
            if !value.is_empty() {
                out.push((field, value.to_string()));
            }
        }
        rest = after;
    }
    out
}

/// The unit of a written value: 「10社」 → 社, 「20人/年」 → 人/年, 「10％」 → ％.
pub(crate) fn unit_of(value: &str) -> Option<String> {
    let q = hoshin_domain::Quantity::parse(value);
    q.value?;
    q.unit.filter(|u| !u.is_empty() && u.chars().count() <= 6)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(t: &str) -> IndicatorDraft {
        indicator(&Vocabulary::builtin(), t, 1)
    }

    #[test]
    fn name_then_labelled_values_in_brackets() {
        let i = read("花壇の数【数値目標：20か所（数値目標の考え方：毎年2か所ずつ増やす）】");
        assert_eq!(i.name, "花壇の数");
        assert_eq!(i.target.as_deref(), Some("20か所"));
        assert_eq!(i.unit.as_deref(), Some("か所"));
        let i = read("来場者数 【数値目標：令和8年度までに500人/年】");
        assert_eq!(i.target.as_deref(), Some("令和8年度までに500人/年"));
        assert_eq!(i.target_year, Some(2026));
        let i = read("来場者数（現状値：300人、目標値：500人）");
        assert_eq!(i.name, "来場者数");
        assert_eq!(i.baseline.as_deref(), Some("300人"));
        assert_eq!(i.target.as_deref(), Some("500人"));
    }

    #[test]
    fn a_name_alone_is_kept() {
        let i = read("花壇ボランティアの人数（延べ）");
        assert_eq!(i.name, "花壇ボランティアの人数（延べ）");
        assert_eq!(i.target, None);
    }
}
