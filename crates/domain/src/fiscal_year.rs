//! Fiscal years (年度): stored as the Gregorian year in which the fiscal year starts
//! (April), parsed from and shown as 和暦 — 令和5年度 ⇄ 2023.

use crate::error::DomainError;
use crate::text::nfkc;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A Japanese era: its name and the Gregorian year of its first (元) year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Era {
    pub name: &'static str,
    /// One-letter abbreviation used in tables (R5, H31).
    pub letter: char,
    pub first_year: u16,
}

/// Eras from the newest back, so the first whose first year is ≤ a year is its era.
pub const ERAS: [Era; 5] = [
    Era { name: "令和", letter: 'R', first_year: 2019 },
    Era { name: "平成", letter: 'H', first_year: 1989 },
    Era { name: "昭和", letter: 'S', first_year: 1926 },
    Era { name: "大正", letter: 'T', first_year: 1912 },
    Era { name: "明治", letter: 'M', first_year: 1868 },
];

const MIN_YEAR: i64 = 1868;
const MAX_YEAR: i64 = 2200;

/// A fiscal year, identified by the Gregorian year in which it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i64")]
pub struct FiscalYear(u16);

impl FiscalYear {
    /// A fiscal year from its Gregorian starting year (1868–2200).
    pub fn new(year: i64) -> Result<Self, DomainError> {
        if (MIN_YEAR..=MAX_YEAR).contains(&year) {
            Ok(Self(year as u16))
        } else {
            Err(DomainError::FiscalYearRange(year))
        }
    }

    /// The Gregorian year.
    pub fn year(self) -> u16 {
        self.0
    }

    pub fn next(self) -> Option<Self> {
        Self::new(i64::from(self.0) + 1).ok()
    }

    pub fn prev(self) -> Option<Self> {
        Self::new(i64::from(self.0) - 1).ok()
    }

    /// The era and the year within it (1 = 元年).
    pub fn era(self) -> (Era, u16) {
        let era = ERAS.iter().find(|e| e.first_year <= self.0).copied().unwrap_or(ERAS[ERAS.len() - 1]);
        (era, self.0 - era.first_year + 1)
    }

    /// 和暦 only: 令和5年度, 令和元年度.
    pub fn wareki(self) -> String {
        let (era, n) = self.era();
        if n == 1 {
            format!("{}元年度", era.name)
        } else {
            format!("{}{}年度", era.name, n)
        }
    }

    /// 和暦 with 西暦, as shown in the UI: 令和5年度（2023年度）.
    pub fn label(self) -> String {
        format!("{}（{}年度）", self.wareki(), self.0)
    }

    /// Parses the ways documents write a fiscal year: 令和5年度, 令和元年, 令和５年度,
    /// 令和五年度, R5, H31年度, 2023, 2023年度, ２０２３年度, 令和5年度（2023年度）.
    /// Surrounding whitespace is ignored; anything else is an error.
    pub fn parse(input: &str) -> Result<Self, DomainError> {
        let err = || DomainError::FiscalYear(input.to_string());
        let s: String = nfkc(input).chars().filter(|c| !c.is_whitespace()).collect();
        // 「令和5年度(2023年度)」: the part before a bracket decides; the rest must agree.
        let (head, tail) = match s.find('(') {
            Some(i) => (&s[..i], Some(s[i..].trim_matches(|c| c == '(' || c == ')'))),
            None => (s.as_str(), None),
        };
        let fy = Self::parse_one(head).ok_or_else(err)?;
        if let Some(t) = tail.filter(|t| !t.is_empty()) {
            if Self::parse_one(t) != Some(fy) {
                return Err(err());
            }
        }
        Ok(fy)
    }

    fn parse_one(s: &str) -> Option<Self> {
        let s = s.strip_suffix("年度").or_else(|| s.strip_suffix('年')).unwrap_or(s);
        if s.is_empty() {
            return None;
        }
        for era in ERAS {
            let rest = s
                .strip_prefix(era.name)
                .or_else(|| s.strip_prefix(era.letter))
                .or_else(|| s.strip_prefix(era.letter.to_ascii_lowercase()));
            if let Some(rest) = rest {
                let n = if rest == "元" { 1 } else { parse_small_number(rest)? };
                if n == 0 {
                    return None;
                }
                let year = i64::from(era.first_year) + n - 1;
                // An era year past the next era's start (令和99年) is still a year; but reject
                // absurd values.
                return Self::new(year).ok();
            }
        }
        if s.len() == 4 && s.chars().all(|c| c.is_ascii_digit()) {
            return Self::new(s.parse().ok()?).ok();
        }
        None
    }
}

/// Parses ASCII digits or kanji numerals up to 99 (五, 十二, 三十一).
pub(crate) fn parse_small_number(s: &str) -> Option<i64> {
    if !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()) {
        return s.parse().ok().filter(|n: &i64| *n <= 200);
    }
    let digit = |c: char| "〇一二三四五六七八九".chars().position(|d| d == c).map(|p| p as i64);
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        ['十'] => Some(10),
        [d] => digit(*d),
        ['十', d] => Some(10 + digit(*d)?),
        [t, '十'] => Some(10 * digit(*t)?),
        [t, '十', d] => Some(10 * digit(*t)? + digit(*d)?),
        _ => None,
    }
}

impl fmt::Display for FiscalYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

impl TryFrom<i64> for FiscalYear {
    type Error = DomainError;
    fn try_from(v: i64) -> Result<Self, Self::Error> {
        Self::new(v)
    }
}

impl From<FiscalYear> for i64 {
    fn from(v: FiscalYear) -> Self {
        i64::from(v.0)
    }
}

impl std::str::FromStr for FiscalYear {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fy(s: &str) -> u16 {
        FiscalYear::parse(s).unwrap_or_else(|e| panic!("{s}: {e}")).year()
    }

    #[test]
    fn parses_wareki_forms() {
        assert_eq!(fy("令和5年度"), 2023);
        assert_eq!(fy("令和５年度"), 2023);
        assert_eq!(fy("令和 5 年度"), 2023);
        assert_eq!(fy("令和元年度"), 2019);
        assert_eq!(fy("令和元年"), 2019);
        assert_eq!(fy("令和五年度"), 2023);
        assert_eq!(fy("平成十年度"), 1998);
        assert_eq!(fy("平成三十一年度"), 2019);
        assert_eq!(fy("平成31年度"), 2019);
        assert_eq!(fy("平成元年度"), 1989);
        assert_eq!(fy("昭和64年"), 1989);
        assert_eq!(fy("R5"), 2023);
        assert_eq!(fy("Ｒ５年度"), 2023);
        assert_eq!(fy("h30"), 2018);
    }

    #[test]
    fn parses_seireki_forms() {
        assert_eq!(fy("2023"), 2023);
        assert_eq!(fy("2023年度"), 2023);
        assert_eq!(fy("２０２３年度"), 2023);
        assert_eq!(fy("令和5年度（2023年度）"), 2023);
        assert_eq!(fy("令和4年度(2022年度)"), 2022);
    }

    #[test]
    fn rejects_nonsense() {
        for bad in ["", "年度", "令和", "令和0年度", "令和5年度（2024年度）", "23", "abc", "令和百年度", "1500"]
        {
            assert!(FiscalYear::parse(bad).is_err(), "{bad} should not parse");
        }
    }

    #[test]
    fn shows_wareki_with_seireki() {
        let f = |y| FiscalYear::new(y).unwrap();
        assert_eq!(f(2023).label(), "令和5年度（2023年度）");
        assert_eq!(f(2019).wareki(), "令和元年度");
        assert_eq!(f(2018).wareki(), "平成30年度");
        assert_eq!(f(1989).wareki(), "平成元年度");
        assert_eq!(f(1988).wareki(), "昭和63年度");
    }

    #[test]
    fn round_trips_every_year() {
        for y in 1868..=2200 {
            let v = FiscalYear::new(y).unwrap();
            assert_eq!(FiscalYear::parse(&v.wareki()).unwrap(), v);
            assert_eq!(FiscalYear::parse(&v.label()).unwrap(), v);
        }
    }

    #[test]
    fn serde_is_the_gregorian_number() {
        let v = FiscalYear::new(2023).unwrap();
        assert_eq!(serde_json::to_string(&v).unwrap(), "2023");
        assert!(serde_json::from_str::<FiscalYear>("99").is_err());
    }
}
