//! The plan period a document states (「計画期間 令和6年度～令和10年度」): a plan chapter
//! without a year of its own takes it (issue 10, item 6).

use hoshin_domain::FiscalYear;

const SEPARATORS: [char; 4] = ['～', '〜', '~', '－'];
const MAX_SPAN: u16 = 20;

/// The first 「year～year」 span in `text`, preferring a line that says 計画期間 or 期間.
/// At least one side must say 年度 or 年 (so 「1～3」 is not a period).
pub fn stated_period(text: &str) -> Option<(FiscalYear, FiscalYear)> {
    let mut first = None;
    for line in text.lines() {
        if let Some(p) = line_period(line) {
            if line.contains("期間") {
                return Some(p);
            }
            first = first.or(Some(p));
        }
    }
    first
}

fn line_period(line: &str) -> Option<(FiscalYear, FiscalYear)> {
    let chars: Vec<char> = line.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if !SEPARATORS.contains(c) {
            continue;
        }
        let left: String = chars[i.saturating_sub(14)..i].iter().collect();
        let right: String = chars[i + 1..(i + 15).min(chars.len())].iter().collect();
        let (Some((a, a_text)), Some((b, b_text))) = (year_suffix(left.trim_end()), year_prefix(right.trim_start()))
        else {
            continue;
        };
        let dated = a_text.contains('年') || b_text.contains('年');
        if dated && a < b && b.year() - a.year() <= MAX_SPAN {
            return Some((a, b));
        }
    }
    None
}

/// The longest year expression ending `s`.
fn year_suffix(s: &str) -> Option<(FiscalYear, String)> {
    let chars: Vec<char> = s.chars().collect();
    (0..chars.len()).find_map(|start| {
        let t: String = chars[start..].iter().collect();
        parse(&t).map(|y| (y, t))
    })
}

/// The longest year expression starting `s`.
fn year_prefix(s: &str) -> Option<(FiscalYear, String)> {
    let chars: Vec<char> = s.chars().collect();
    (1..=chars.len()).rev().find_map(|end| {
        let t: String = chars[..end].iter().collect();
        parse(&t).map(|y| (y, t))
    })
}

fn parse(t: &str) -> Option<FiscalYear> {
    let t = t.trim();
    if t.is_empty() || t.starts_with(|c: char| c.is_whitespace()) {
        return None;
    }
    FiscalYear::parse(t).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fy(y: i64) -> FiscalYear {
        FiscalYear::new(y).unwrap()
    }

    #[test]
    fn periods_as_documents_write_them() {
        assert_eq!(stated_period("計画期間：令和6年度～令和10年度"), Some((fy(2024), fy(2028))));
        assert_eq!(stated_period("前期基本計画（令和６年度〜令和１０年度）の施策"), Some((fy(2024), fy(2028))));
        assert_eq!(stated_period("2024年度～2028年度"), Some((fy(2024), fy(2028))));
        let text = "事業の期間 令和5年度～令和7年度\n計画期間 令和6年度～令和10年度";
        assert_eq!(stated_period(text), Some((fy(2023), fy(2025))), "the first line saying 期間 wins");
        let text = "対象 令和3年度～令和4年度\n本計画の計画期間は令和6年度～令和10年度です";
        assert_eq!(stated_period(text), Some((fy(2024), fy(2028))));
    }

    #[test]
    fn numbers_that_are_not_periods() {
        assert_eq!(stated_period("目標 1～3件"), None);
        assert_eq!(stated_period("2024～2028"), None, "no 年: could be anything");
        assert_eq!(stated_period("令和10年度～令和6年度"), None);
        assert_eq!(stated_period("説明なし"), None);
    }
}
