//! KPI achievement: how far an indicator has moved from its baseline toward its target.
//!
//! The rate is `(actual − baseline) / (target − baseline)`: 0 at the baseline, 1 at the
//! target, above 1 when the target is exceeded, below 0 when the indicator moved the
//! wrong way. Direction decides the cases the formula cannot: a zero span (a target to
//! *maintain* the baseline) and a missing baseline. For a cumulative (累計) indicator the
//! yearly actuals are the amounts of each year, and the value compared with the target
//! is the running total `baseline + Σ actuals`.

use crate::{Day, FiscalYear};
use serde::{Deserialize, Serialize};

/// Which way is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Higher is better (件数, 満足度).
    Up,
    /// Lower is better (事故件数, 待機児童数).
    Down,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Up => "up",
            Direction::Down => "down",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "up" => Some(Direction::Up),
            "down" => Some(Direction::Down),
            _ => None,
        }
    }

    /// Japanese label for the UI.
    pub fn label(self) -> &'static str {
        match self {
            Direction::Up => "増加が望ましい",
            Direction::Down => "減少が望ましい",
        }
    }

    /// True when `a` is at least as good as `b`.
    fn at_least_as_good(self, a: f64, b: f64) -> bool {
        match self {
            Direction::Up => a >= b,
            Direction::Down => a <= b,
        }
    }
}

/// The value to compare with the target in a given year: the latest actual for an
/// ordinary indicator, `baseline + Σ actuals` for a cumulative one.
/// `actuals` are (year, value) pairs of years up to the one being judged, in any order.
pub fn current_value(baseline: Option<f64>, actuals: &[(u16, f64)], cumulative: bool) -> Option<f64> {
    if actuals.is_empty() {
        return None;
    }
    if cumulative {
        Some(baseline.unwrap_or(0.0) + actuals.iter().map(|(_, v)| v).sum::<f64>())
    } else {
        actuals.iter().max_by_key(|(y, _)| *y).map(|(_, v)| *v)
    }
}

/// Achievement rate (1.0 = target reached). `None` when there is no actual or no target.
///
/// * Span zero (target = baseline, a "maintain" target): 1.0 when the actual is at least
///   as good as the target, otherwise the ratio actual/target (up) or target/actual (down).
/// * No baseline: actual/target (up) or target/actual (down).
/// * Non-finite inputs give `None`.
pub fn achievement_rate(
    baseline: Option<f64>,
    target: Option<f64>,
    actual: Option<f64>,
    direction: Direction,
) -> Option<f64> {
    let (target, actual) = (target?, actual?);
    if !target.is_finite() || !actual.is_finite() {
        return None;
    }
    let ratio = || match direction {
        Direction::Up if target != 0.0 => Some(actual / target),
        Direction::Down if actual != 0.0 => Some(target / actual),
        // Down with actual 0 beats any non-negative target; up toward 0 is degenerate.
        Direction::Down => Some(if target >= 0.0 { 1.0 } else { 0.0 }),
        Direction::Up => Some(if actual >= 0.0 { 1.0 } else { 0.0 }),
    };
    match baseline.filter(|b| b.is_finite()) {
        None => ratio(),
        Some(b) if (target - b).abs() < f64::EPSILON * target.abs().max(1.0) => {
            if direction.at_least_as_good(actual, target) {
                Some(1.0)
            } else {
                ratio().map(|r| r.clamp(0.0, 1.0))
            }
        }
        Some(b) => Some((actual - b) / (target - b)),
    }
}

/// The share of the way from baseline year to target year that `year` represents, for
/// judging progress mid-plan (0.0 at the baseline year, 1.0 at the target year and after).
pub fn expected_progress(baseline_year: Option<u16>, target_year: Option<u16>, year: u16) -> f64 {
    match (baseline_year, target_year) {
        (Some(b), Some(t)) if t > b => (f64::from(year.saturating_sub(b)) / f64::from(t - b)).clamp(0.0, 1.0),
        _ => 1.0,
    }
}

/// Where a day stands on the fiscal-year axis, in years: the end of fiscal year `y`
/// (31 March of `y + 1`) is exactly `y`, and a day inside fiscal year `y` is `y − 1` plus the
/// share of that year's days elapsed by the end of the day (30 September: about `y − 0.5`).
/// So a year-end is the whole-year point [`expected_progress`] uses.
pub fn year_point(day: Day) -> f64 {
    let Some(fy) = day.fiscal_year() else { return f64::from(u16::try_from(day.year()).unwrap_or(0)) };
    let y = i32::from(fy.year());
    let (Some(start), Some(end)) = (Day::from_ymd(y, 4, 1), Day::from_ymd(y + 1, 3, 31)) else {
        return f64::from(fy.year());
    };
    let len = (start.days_until(end) + 1) as f64;
    let elapsed = (start.days_until(day) + 1) as f64;
    f64::from(fy.year()) - 1.0 + elapsed / len
}

/// The share of `year` elapsed at `day` (0.0 before 1 April, 1.0 from 31 March on).
pub fn share_of_year(year: FiscalYear, day: Day) -> f64 {
    (year_point(day) - (f64::from(year.year()) - 1.0)).clamp(0.0, 1.0)
}

/// [`expected_progress`] at a day rather than a whole year: the share of the way from the end
/// of the baseline year (31 March after it: the baseline is that year's figure) to the end of
/// the target year that `day` represents. At a year-end it equals [`expected_progress`] of that
/// year exactly; at 30 September of a year it is about half a year less.
pub fn expected_progress_at(baseline_year: Option<u16>, target_year: Option<u16>, day: Day) -> f64 {
    match (baseline_year, target_year) {
        (Some(b), Some(t)) if t > b => ((year_point(day) - f64::from(b)) / f64::from(t - b)).clamp(0.0, 1.0),
        _ => 1.0,
    }
}

/// The value a path from `start` (at the start of the year) to `target` (at its end) stands at
/// after `share` of the year.
pub fn path_value(start: f64, target: f64, share: f64) -> f64 {
    start + (target - start) * share.clamp(0.0, 1.0)
}

/// Status of a KPI in a year, as the summary pages count it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KpiStatus {
    /// At or ahead of the straight path from baseline to target.
    OnTrack,
    /// Behind it.
    Behind,
    /// No actual (or no target) to judge.
    NoData,
}

impl KpiStatus {
    /// Compares the achievement rate with the expected progress for the year.
    pub fn judge(rate: Option<f64>, expected: f64) -> Self {
        match rate {
            None => KpiStatus::NoData,
            Some(r) if r + 1e-9 >= expected => KpiStatus::OnTrack,
            Some(_) => KpiStatus::Behind,
        }
    }

    /// Compares a value with the value a path expects (a yearly target, or where the path to
    /// it stands at a period's end), direction-aware; `None` on either side is no data.
    pub fn against(value: Option<f64>, expected: Option<f64>, direction: Direction) -> Self {
        match (value.filter(|v| v.is_finite()), expected.filter(|e| e.is_finite())) {
            (Some(v), Some(e)) => {
                let slack = 1e-9 * e.abs().max(1.0);
                let ok = match direction {
                    Direction::Up => v + slack >= e,
                    Direction::Down => v - slack <= e,
                };
                if ok {
                    KpiStatus::OnTrack
                } else {
                    KpiStatus::Behind
                }
            }
            _ => KpiStatus::NoData,
        }
    }

    /// Japanese label (status is never shown by colour alone).
    pub fn label(self) -> &'static str {
        match self {
            KpiStatus::OnTrack => "順調",
            KpiStatus::Behind => "遅れ",
            KpiStatus::NoData => "実績なし",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Direction::{Down, Up};

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-9)
    }

    #[test]
    fn increasing_kpi() {
        assert!(close(achievement_rate(Some(59.0), Some(90.0), Some(74.5), Up), 0.5));
        assert!(close(achievement_rate(Some(59.0), Some(90.0), Some(90.0), Up), 1.0));
        assert!(close(achievement_rate(Some(59.0), Some(90.0), Some(121.0), Up), 2.0));
        assert!(close(achievement_rate(Some(59.0), Some(90.0), Some(28.0), Up), -1.0));
    }

    #[test]
    fn decreasing_kpi() {
        // 待機児童 40 → 0: 10 left is 75 % of the way.
        assert!(close(achievement_rate(Some(40.0), Some(0.0), Some(10.0), Down), 0.75));
        assert!(close(achievement_rate(Some(40.0), Some(0.0), Some(50.0), Down), -0.25));
    }

    #[test]
    fn zero_span_means_maintain() {
        assert!(close(achievement_rate(Some(95.0), Some(95.0), Some(96.0), Up), 1.0));
        assert!(close(achievement_rate(Some(95.0), Some(95.0), Some(76.0), Up), 0.8));
        assert!(close(achievement_rate(Some(5.0), Some(5.0), Some(4.0), Down), 1.0));
        assert!(close(achievement_rate(Some(5.0), Some(5.0), Some(10.0), Down), 0.5));
        assert!(close(achievement_rate(Some(0.0), Some(0.0), Some(0.0), Down), 1.0));
        assert!(close(achievement_rate(Some(0.0), Some(0.0), Some(3.0), Down), 0.0));
    }

    #[test]
    fn missing_values() {
        assert_eq!(achievement_rate(Some(1.0), Some(2.0), None, Up), None);
        assert_eq!(achievement_rate(Some(1.0), None, Some(2.0), Up), None);
        assert!(close(achievement_rate(None, Some(200.0), Some(150.0), Up), 0.75));
        assert!(close(achievement_rate(None, Some(30.0), Some(40.0), Down), 0.75));
        assert!(close(achievement_rate(None, Some(0.0), Some(3.0), Up), 1.0));
        assert_eq!(achievement_rate(Some(1.0), Some(f64::NAN), Some(2.0), Up), None);
    }

    #[test]
    fn cumulative_kpi_sums_yearly_amounts() {
        // 累計 59 → 90; 8 and 12 added in two years: 79 now, 20/31 of the way.
        let now = current_value(Some(59.0), &[(2023, 8.0), (2024, 12.0)], true);
        assert_eq!(now, Some(79.0));
        assert!(close(achievement_rate(Some(59.0), Some(90.0), now, Up), 20.0 / 31.0));
        // Not cumulative: the latest year counts, whatever the order.
        assert_eq!(current_value(Some(59.0), &[(2024, 12.0), (2023, 8.0)], false), Some(12.0));
        assert_eq!(current_value(Some(59.0), &[], true), None);
    }

    #[test]
    fn status_against_straight_path() {
        let e = expected_progress(Some(2020), Some(2030), 2025);
        assert!((e - 0.5).abs() < 1e-9);
        assert_eq!(KpiStatus::judge(Some(0.6), e), KpiStatus::OnTrack);
        assert_eq!(KpiStatus::judge(Some(0.4), e), KpiStatus::Behind);
        assert_eq!(KpiStatus::judge(None, e), KpiStatus::NoData);
        assert_eq!(expected_progress(None, Some(2030), 2025), 1.0);
        assert_eq!(expected_progress(Some(2020), Some(2030), 2040), 1.0);
        assert_eq!(expected_progress(Some(2020), Some(2030), 2010), 0.0);
    }

    fn day(y: i32, m: u8, d: u8) -> Day {
        Day::from_ymd(y, m, d).unwrap()
    }

    #[test]
    fn year_point_puts_a_year_end_on_the_whole_year() {
        assert!((year_point(day(2026, 3, 31)) - 2025.0).abs() < 1e-12);
        assert!((year_point(day(2027, 3, 31)) - 2026.0).abs() < 1e-12);
        // 30 September 2026: 183 of 365 days of fiscal 2026.
        assert!((year_point(day(2026, 9, 30)) - (2025.0 + 183.0 / 365.0)).abs() < 1e-12);
        assert!((share_of_year(FiscalYear::new(2026).unwrap(), day(2026, 9, 30)) - 183.0 / 365.0).abs() < 1e-12);
        assert_eq!(share_of_year(FiscalYear::new(2026).unwrap(), day(2025, 12, 31)), 0.0);
        assert_eq!(share_of_year(FiscalYear::new(2026).unwrap(), day(2027, 5, 1)), 1.0);
    }

    #[test]
    fn expected_progress_at_a_year_end_is_the_whole_year_rule() {
        for year in 2018..=2032u16 {
            let end = day(i32::from(year) + 1, 3, 31);
            let whole = expected_progress(Some(2020), Some(2030), year);
            assert!((expected_progress_at(Some(2020), Some(2030), end) - whole).abs() < 1e-12, "{year}");
        }
        // Mid-year 2025 of 2020 → 2030: four and a half years of ten.
        let mid = expected_progress_at(Some(2020), Some(2030), day(2025, 9, 30));
        assert!((mid - (4.0 + 183.0 / 365.0) / 10.0).abs() < 1e-12);
        assert!(mid < expected_progress(Some(2020), Some(2030), 2025));
        assert_eq!(expected_progress_at(None, Some(2030), day(2025, 9, 30)), 1.0);
    }

    #[test]
    fn against_a_path_value() {
        assert_eq!(KpiStatus::against(Some(50.0), Some(50.0), Up), KpiStatus::OnTrack);
        assert_eq!(KpiStatus::against(Some(49.0), Some(50.0), Up), KpiStatus::Behind);
        assert_eq!(KpiStatus::against(Some(49.0), Some(50.0), Down), KpiStatus::OnTrack);
        assert_eq!(KpiStatus::against(Some(51.0), Some(50.0), Down), KpiStatus::Behind);
        assert_eq!(KpiStatus::against(None, Some(50.0), Up), KpiStatus::NoData);
        assert_eq!(KpiStatus::against(Some(1.0), None, Up), KpiStatus::NoData);
        assert!((path_value(100.0, 120.0, 0.5) - 110.0).abs() < 1e-12);
        assert!((path_value(40.0, 20.0, 0.25) - 35.0).abs() < 1e-12);
    }
}
