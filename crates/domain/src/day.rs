//! Calendar days — deadlines, schedule dates, "today" in Japan. Stored and exchanged as ISO
//! `YYYY-MM-DD`; typed the ways staff write them (2026-06-30, 2026/6/30, 2026年6月30日,
//! 令和8年6月30日, R8.6.30, full-width digits, a trailing weekday 「（火）」); shown as 和暦 with
//! 西暦: 「令和8年（2026年）6月30日」.

use crate::error::DomainError;
use crate::fiscal_year::{parse_small_number, FiscalYear, ERAS};
use crate::text::nfkc;
use serde::{Deserialize, Serialize};
use std::fmt;
use time::{Date, Duration, Month, OffsetDateTime, UtcOffset};

/// One calendar day (proleptic Gregorian).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Day(Date);

/// The first day of each era shown in dates (older dates are shown in 西暦 only).
const ERA_STARTS: [(&str, (i32, u8, u8)); 2] = [("令和", (2019, 5, 1)), ("平成", (1989, 1, 8))];

impl Day {
    pub fn from_ymd(year: i32, month: u8, day: u8) -> Option<Self> {
        let month = Month::try_from(month).ok()?;
        Date::from_calendar_date(year, month, day).ok().map(Self)
    }

    /// The day in Japan (UTC+9) of a Unix-milliseconds instant.
    pub fn of_unix_ms_jst(unix_ms: i64) -> Self {
        Self(jst(unix_ms).date())
    }

    /// Today in Japan, from the system clock.
    pub fn today_jst() -> Self {
        Self(OffsetDateTime::now_utc().to_offset(JST).date())
    }

    pub fn year(self) -> i32 {
        self.0.year()
    }

    pub fn month(self) -> u8 {
        u8::from(self.0.month())
    }

    pub fn day(self) -> u8 {
        self.0.day()
    }

    /// `YYYY-MM-DD`.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year(), self.month(), self.day())
    }

    /// The fiscal year (April to March) the day falls in.
    pub fn fiscal_year(self) -> Option<FiscalYear> {
        let y = if self.month() < 4 { self.year() - 1 } else { self.year() };
        FiscalYear::new(i64::from(y)).ok()
    }

    /// Days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Day) -> i64 {
        i64::from(later.0.to_julian_day()) - i64::from(self.0.to_julian_day())
    }

    pub fn plus_days(self, n: i64) -> Option<Self> {
        self.0.checked_add(Duration::days(n)).map(Self)
    }

    /// The same day a year later; 29 February becomes the 28th.
    pub fn next_year(self) -> Option<Self> {
        Self::from_ymd(self.year() + 1, self.month(), self.day())
            .or_else(|| Self::from_ymd(self.year() + 1, self.month(), self.day() - 1))
    }

    /// 和暦 with 西暦: 「令和7年（2025年）4月1日」, 「令和元年（2019年）5月1日」; before 平成, 西暦 only.
    pub fn label(self) -> String {
        let (y, m, d) = (self.year(), self.month(), self.day());
        for (era, (ey, em, ed)) in ERA_STARTS {
            if (y, m, d) >= (ey, em, ed) {
                let n = y - ey + 1;
                return if n == 1 {
                    format!("{era}元年（{y}年）{m}月{d}日")
                } else {
                    format!("{era}{n}年（{y}年）{m}月{d}日")
                };
            }
        }
        format!("{y}年{m}月{d}日")
    }

    /// 和暦 only: 「令和8年4月1日」 (before 平成, 西暦), for short statuses such as 「公開済み（…）」.
    pub fn wareki(self) -> String {
        let (y, m, d) = (self.year(), self.month(), self.day());
        for (era, (ey, em, ed)) in ERA_STARTS {
            if (y, m, d) >= (ey, em, ed) {
                let n = y - ey + 1;
                return if n == 1 { format!("{era}元年{m}月{d}日") } else { format!("{era}{n}年{m}月{d}日") };
            }
        }
        format!("{y}年{m}月{d}日")
    }

    /// A day as staff type it (see the module documentation); anything else is an error.
    pub fn parse(input: &str) -> Result<Self, DomainError> {
        parse(input).ok_or_else(|| DomainError::Date(input.trim().to_string()))
    }
}

const JST: UtcOffset = time::macros::offset!(+9);

/// A Unix-milliseconds instant in Japan (out-of-range instants clamp to the epoch).
pub fn jst(unix_ms: i64) -> OffsetDateTime {
    let at = OffsetDateTime::from_unix_timestamp_nanos(i128::from(unix_ms) * 1_000_000)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH);
    at.to_offset(JST)
}

fn parse(input: &str) -> Option<Day> {
    let mut s: String = nfkc(input).chars().filter(|c| !c.is_whitespace()).collect();
    // A trailing weekday: 「2026年6月30日(火)」.
    if let Some(open) = s.rfind('(') {
        let inner = s[open..].trim_start_matches('(').trim_end_matches(')');
        if s.ends_with(')') && inner.chars().count() == 1 && "月火水木金土日".contains(inner) {
            s.truncate(open);
        }
    }
    let s = s.strip_suffix('日').unwrap_or(&s);
    let (year, rest) = split_year(s)?;
    let mut parts = rest.split(['月', '/', '-', '.']);
    let month = parse_small_number(parts.next()?)?;
    let day = parse_small_number(parts.next()?)?;
    if parts.next().is_some() || !(1868..=2200).contains(&year) {
        return None;
    }
    Day::from_ymd(year, u8::try_from(month).ok()?, u8::try_from(day).ok()?)
}

/// The Gregorian year of a date's leading year (西暦 or 和暦) and the text after its separator.
fn split_year(s: &str) -> Option<(i32, &str)> {
    for era in ERAS {
        let rest = s
            .strip_prefix(era.name)
            .or_else(|| s.strip_prefix(era.letter))
            .or_else(|| s.strip_prefix(era.letter.to_ascii_lowercase()));
        if let Some(rest) = rest {
            let end = rest.find(['年', '/', '-', '.'])?;
            let n = match &rest[..end] {
                "元" => 1,
                t => parse_small_number(t)?,
            };
            if n == 0 {
                return None;
            }
            let sep = rest[end..].chars().next()?.len_utf8();
            return Some((i32::from(era.first_year) + i32::try_from(n).ok()? - 1, &rest[end + sep..]));
        }
    }
    let end = s.find(['年', '/', '-', '.'])?;
    let digits = &s[..end];
    if digits.len() != 4 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let sep = s[end..].chars().next()?.len_utf8();
    Some((digits.parse().ok()?, &s[end + sep..]))
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

impl TryFrom<String> for Day {
    type Error = DomainError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<Day> for String {
    fn from(d: Day) -> Self {
        d.iso()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u8, d: u8) -> Day {
        Day::from_ymd(y, m, d).unwrap_or_else(|| panic!("{y}-{m}-{d}"))
    }

    #[test]
    fn the_ways_staff_write_a_date() {
        let want = day(2026, 6, 30);
        for s in [
            "2026-06-30",
            "2026-6-30",
            "2026/6/30",
            "2026.6.30",
            "2026年6月30日",
            "２０２６年６月３０日",
            "令和8年6月30日",
            "令和８年６月３０日(火)",
            "令和八年六月三十日",
            "R8.6.30",
            "r8/6/30",
            " 2026年 6月 30日（火） ",
        ] {
            assert_eq!(Day::parse(s).ok(), Some(want), "{s}");
        }
        assert_eq!(Day::parse("令和元年5月1日").ok(), Some(day(2019, 5, 1)));
        assert_eq!(Day::parse("平成31年4月30日").ok(), Some(day(2019, 4, 30)));
    }

    #[test]
    fn what_is_not_a_day_is_an_error() {
        for s in ["", "6月", "令和8年", "2026-02-30", "2026-13-01", "26-6-30", "令和0年1月1日", "2026/6/30/1", "明日"]
        {
            assert!(Day::parse(s).is_err(), "{s}");
        }
    }

    #[test]
    fn shown_in_wareki_with_the_western_year() {
        assert_eq!(day(2025, 4, 1).label(), "令和7年（2025年）4月1日");
        assert_eq!(day(2019, 5, 1).label(), "令和元年（2019年）5月1日");
        assert_eq!(day(2019, 4, 30).label(), "平成31年（2019年）4月30日");
        assert_eq!(day(1980, 1, 2).label(), "1980年1月2日");
        assert_eq!(day(2025, 4, 1).iso(), "2025-04-01");
    }

    #[test]
    fn fiscal_years_differences_and_the_next_year() {
        assert_eq!(day(2026, 3, 31).fiscal_year().map(FiscalYear::year), Some(2025));
        assert_eq!(day(2026, 4, 1).fiscal_year().map(FiscalYear::year), Some(2026));
        assert_eq!(day(2026, 2, 28).days_until(day(2026, 3, 1)), 1);
        assert_eq!(day(2024, 2, 28).days_until(day(2024, 3, 1)), 2);
        assert_eq!(day(2024, 2, 29).next_year(), Some(day(2025, 2, 28)));
        assert_eq!(day(2024, 6, 30).next_year(), Some(day(2025, 6, 30)));
        assert_eq!(Day::of_unix_ms_jst(0), day(1970, 1, 1));
        assert_eq!(Day::of_unix_ms_jst(15 * 3_600_000), day(1970, 1, 2), "15:00 UTC is the next day in Japan");
    }

    #[test]
    fn serialized_as_iso_text() {
        let d = day(2026, 6, 30);
        assert_eq!(serde_json::to_string(&d).ok().as_deref(), Some("\"2026-06-30\""));
        assert_eq!(serde_json::from_str::<Day>("\"2026-06-30\"").ok(), Some(d));
    }
}
