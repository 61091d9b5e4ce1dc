//! What a table header cell says: a fiscal year (「R５年度」「令和5年度予算現額」「2023」), a kind
//! of value (実績, 目標, 見込, 計画, 現状値, 予算, 決算, 達成率), or the role of a column (the
//! row's name, its unit).

use crate::genre::plan_chapter::org::first_fiscal_year;
use crate::vocab::{fold_plain, Field, Vocabulary};
use hoshin_domain::FiscalYear;

/// What the values of a column are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Kind {
    Baseline,
    Actual,
    Forecast,
    Plan,
    Target,
    Budget,
    Settlement,
    Achievement,
}

/// What a column of a table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// The row's name (指標名, 区分, 項目).
    Name,
    Unit,
    Value,
    Other,
}

/// One header cell read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Token {
    pub year: Option<u16>,
    pub kind: Option<Kind>,
    pub name: bool,
    pub unit: bool,
}

impl Token {
    pub fn is_header(&self) -> bool {
        self.year.is_some() || self.kind.is_some() || self.name || self.unit
    }
}

/// Words naming the row's name column.
const NAME_WORDS: [&str; 8] = ["区分", "項目", "内訳", "名称", "指標名", "年度", "種別", "費目"];

/// Reads a header cell.
pub(crate) fn token(v: &Vocabulary, text: &str) -> Token {
    let k: String = fold_plain(text).chars.into_iter().collect();
    // A period (「令和5年度～7年度」) is a value, not a header.
    if k.is_empty() || k.chars().count() > 24 || k.contains(['～', '~', '〜']) {
        return Token::default();
    }
    let field = v.field_of(text);
    let mut t = Token { year: year_of(&k), kind: kind_of(v, text), ..Token::default() };
    t.unit = field == Some(Field::Unit);
    t.name = t.year.is_none()
        && t.kind.is_none()
        && (NAME_WORDS.contains(&k.as_str())
            || matches!(field, Some(Field::Indicator | Field::ActivityIndicator | Field::OutcomeIndicator)));
    // A year alone (「2023」) is a header only when written as a year.
    if t.year.is_some()
        && t.kind.is_none()
        && k.chars().all(|c| c.is_ascii_digit())
        && !(1989..=2100).contains(&k.parse::<u32>().unwrap_or(0))
    {
        t.year = None;
    }
    t
}

/// The kind a header names, by the vocabulary, once a year before it (「R5年度実績」「R9目標」
/// 「令和5年度予算現額」) and a note after it (「目標値（令和8年度）」) are set aside.
fn kind_of(v: &Vocabulary, text: &str) -> Option<Kind> {
    let field = v.field_of(text).or_else(|| {
        let k: String = fold_plain(text).chars.into_iter().collect();
        let rest = k.trim_start_matches(['R', 'H']).trim_start_matches(|c: char| c.is_ascii_digit());
        (rest.len() < k.len()).then(|| v.field_of(rest)).flatten()
    });
    match field? {
        Field::Baseline => Some(Kind::Baseline),
        Field::Actual => Some(Kind::Actual),
        Field::Forecast => Some(Kind::Forecast),
        Field::Plan => Some(Kind::Plan),
        Field::TargetValue => Some(Kind::Target),
        Field::Budget => Some(Kind::Budget),
        Field::Settlement => Some(Kind::Settlement),
        Field::Achievement => Some(Kind::Achievement),
        _ => None,
    }
}

/// The fiscal year a header names: 「令和5年度」「R5年度」「R5」「H30」「2023年度」「2023」.
pub(crate) fn year_of(k: &str) -> Option<u16> {
    if let Some(f) = first_fiscal_year(k) {
        return Some(f.year());
    }
    // 「R5実績」「H30」: an era letter and a number without 年度.
    let Some(start) = k.find(['R', 'H']) else { return plain_year(k) };
    let rest = &k[start..];
    let digits: String = rest.chars().skip(1).take_while(|c| c.is_ascii_digit()).collect();
    if digits.is_empty() || digits.len() > 2 || !k[..start].chars().all(|c| !c.is_alphanumeric()) {
        return plain_year(k);
    }
    FiscalYear::parse(&format!("{}{}", &rest[..1], digits)).ok().map(|f| f.year())
}

/// 「2023」「2023年」 as a column header.
fn plain_year(k: &str) -> Option<u16> {
    let digits: String = k.chars().take_while(|c| c.is_ascii_digit()).collect();
    let y: u16 = digits.parse().ok()?;
    (digits.len() == 4 && (1989..=2100).contains(&y)).then_some(y)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Token {
        token(&Vocabulary::builtin(), s)
    }

    #[test]
    fn reads_years_and_kinds() {
        assert_eq!(t("Ｒ４年度").year, Some(2022));
        assert_eq!(t("R５年度").year, Some(2023));
        assert_eq!(t("令和５年度予算現額").kind, Some(Kind::Budget));
        assert_eq!(t("令和５年度予算現額").year, Some(2023));
        assert_eq!(t("決 算").kind, Some(Kind::Settlement));
        assert_eq!(t("実 績").kind, Some(Kind::Actual));
        assert_eq!(t("見 込").kind, Some(Kind::Forecast));
        assert_eq!(t("目標値").kind, Some(Kind::Target));
        assert_eq!(t("R9目標").kind, Some(Kind::Target));
        assert_eq!(t("R9目標").year, Some(2027));
        assert_eq!(t("2024年度").year, Some(2024));
        assert_eq!(t("2024").year, Some(2024));
        assert_eq!(t("現状値（R4）").kind, Some(Kind::Baseline));
        assert!(t("成果指標の内容").name);
        assert!(t("区 分").name);
        assert!(t("単位").unit);
        assert!(!t("1,130").is_header());
        assert!(!t("100").is_header());
        assert!(!t("収集率").is_header());
    }
}
