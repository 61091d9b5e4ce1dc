//! Reporting periods (issue 15): the points of a fiscal year at which KPI values and the
//! review are reported — by default 中間 (30 September) and 年度末 (31 March) — and how a
//! value reported at a period is judged against the path to the target at the period's end.
//!
//! The year-end period is the existing yearly record (`indicator_actuals`, `goal_reviews`);
//! the other (interim) periods have rows of their own ([`InterimActual`], [`InterimReview`]).

use crate::achievement::{achievement_rate, current_value, expected_progress_at, path_value, share_of_year, KpiStatus};
use crate::model::{Indicator, Meta};
use crate::{Day, FiscalYear, IndicatorId, InitiativeId, OrgId, Quantity};
use serde::{Deserialize, Serialize};

/// The key of the year-end period, always the last of an organization's periods.
pub const YEAR_END: &str = "year_end";

/// The key of the default interim period (中間).
pub const MIDYEAR: &str = "midyear";

/// One reporting period of an organization. `id` 0: a default not stored yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportingPeriod {
    pub id: i64,
    pub org_id: OrgId,
    /// Stable, URL-safe (`midyear`, `p2`, `year_end`): rows of values name it, labels may change.
    pub key: String,
    /// What pages show (中間, 第1四半期 …).
    pub label: String,
    pub end_month: u8,
    pub end_day: u8,
    /// 1, 2, … in the order of the year.
    pub position: i32,
    pub meta: Meta,
}

/// The periods of an organization that has stored none: 中間 (9/30) and 年度末 (3/31).
pub fn default_periods(org: OrgId) -> Vec<ReportingPeriod> {
    let p = |key: &str, label: &str, m, d, position| ReportingPeriod {
        id: 0,
        org_id: org,
        key: key.into(),
        label: label.into(),
        end_month: m,
        end_day: d,
        position,
        meta: Meta::default(),
    };
    vec![p(MIDYEAR, "中間", 9, 30, 1), p(YEAR_END, "年度末", 3, 31, 2)]
}

impl ReportingPeriod {
    pub fn is_year_end(&self) -> bool {
        self.key == YEAR_END
    }

    /// The period's end in fiscal year `year`: April–December in the year itself, January–March
    /// in the next calendar year; 29 February is the 28th in a common year.
    pub fn end_in(&self, year: FiscalYear) -> Option<Day> {
        let y = i32::from(year.year()) + i32::from(self.end_month < 4);
        Day::from_ymd(y, self.end_month, self.end_day).or_else(|| Day::from_ymd(y, self.end_month, 28))
    }

    /// `9月30日`.
    pub fn end_label(&self) -> String {
        format!("{}月{}日", self.end_month, self.end_day)
    }

    /// The month and day in the order of a fiscal year (April first).
    pub fn order_in_year(&self) -> (u8, u8) {
        ((self.end_month + 8) % 12, self.end_day)
    }
}

/// Why a list of periods cannot be stored, or `None`: at least the year-end, which is last and
/// ends on 31 March; keys and labels unique and not empty; dates that exist (29 February is
/// allowed) and strictly in the order of the year.
pub fn check_periods(list: &[ReportingPeriod]) -> Option<String> {
    let Some(last) = list.last() else { return Some("年度末の報告期間がありません".into()) };
    if !last.is_year_end() || (last.end_month, last.end_day) != (3, 31) {
        return Some("最後の報告期間は年度末（3月31日）です".into());
    }
    for (i, p) in list.iter().enumerate() {
        if p.label.trim().is_empty() {
            return Some("報告期間の名前を入力してください".into());
        }
        if Day::from_ymd(2024, p.end_month, p.end_day).is_none() {
            return Some(format!("「{}」の期末日（{}）がありません", p.label, p.end_label()));
        }
        if p.is_year_end() && i + 1 != list.len() {
            return Some("年度末は最後の報告期間です".into());
        }
        if list[..i].iter().any(|q| q.key == p.key || q.label.trim() == p.label.trim()) {
            return Some(format!("報告期間「{}」が重複しています", p.label));
        }
        if i > 0 && list[i - 1].order_in_year() >= p.order_in_year() {
            return Some(format!("報告期間は期末日の順に並べてください（「{}」）", p.label));
        }
    }
    None
}

/// A KPI's value reported at an interim period of a year (for a cumulative KPI: the amount of
/// the year so far).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InterimActual {
    pub id: i64,
    pub indicator_id: IndicatorId,
    pub fiscal_year: FiscalYear,
    pub period: String,
    pub value: Quantity,
    pub meta: Meta,
}

/// The review of an initiative at an interim period of a year (実績, 課題, 進捗率, 判定).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InterimReview {
    pub id: i64,
    pub initiative_id: InitiativeId,
    pub fiscal_year: FiscalYear,
    pub period: String,
    pub result: Option<String>,
    pub issues_next: Option<String>,
    pub progress: Option<u8>,
    pub judgement: Option<String>,
    pub meta: Meta,
}

impl Indicator {
    fn base(&self) -> Option<f64> {
        self.baseline.as_ref().and_then(|q| q.value)
    }

    /// (year, value) of the actuals with a number, of years `keep` accepts.
    fn numbers(&self, keep: impl Fn(FiscalYear) -> bool) -> Vec<(u16, f64)> {
        self.actuals
            .iter()
            .filter(|a| keep(a.fiscal_year))
            .filter_map(|a| a.value.value.map(|v| (a.fiscal_year.year(), v)))
            .collect()
    }

    /// Status as of `year` when the KPI has yearly targets (`targets`: year and number of the
    /// `indicator_yearly` rows of kind target). The latest measurement up to `year` is judged
    /// as [`Indicator::status_in`] does, but against its own year's target when that year has
    /// one: on track when the value (for a cumulative KPI the running total, so a yearly target
    /// of a cumulative KPI is a running total too) is at least as good as that target. Without
    /// a target for that year, the straight path of [`Indicator::status_in`].
    pub fn status_with_targets(&self, year: FiscalYear, targets: &[(FiscalYear, f64)]) -> KpiStatus {
        let Some(measured) = self.numbers(|y| y <= year).iter().map(|(y, _)| *y).max() else {
            return KpiStatus::NoData;
        };
        let Some((_, t)) = targets.iter().find(|(y, _)| y.year() == measured) else {
            return self.status_in(year);
        };
        let now = current_value(self.base(), &self.numbers(|y| y.year() <= measured), self.cumulative);
        KpiStatus::against(now, Some(*t), self.direction)
    }

    /// Status of a value reported at an interim period of `year` ending on `at`. The value
    /// compared is the reported one (cumulative: the baseline, the actuals of earlier years and
    /// the year's amount so far). With a yearly target for `year`, it is judged against the
    /// path from the start of the year — the previous year's target, else the value as of the
    /// previous years' actuals, else the baseline — to that target, at the share of the year
    /// elapsed on `at`. Otherwise against the straight path from the baseline year's end to the
    /// target year's end, at `at` ([`expected_progress_at`]).
    pub fn interim_status(
        &self,
        year: FiscalYear,
        at: Day,
        value: Option<f64>,
        targets: &[(FiscalYear, f64)],
    ) -> KpiStatus {
        let Some(value) = value.filter(|v| v.is_finite()) else { return KpiStatus::NoData };
        let before = self.numbers(|y| y < year);
        let so_far = current_value(self.base(), &before, self.cumulative);
        let now = if self.cumulative { so_far.unwrap_or(self.base().unwrap_or(0.0)) + value } else { value };
        let target_of = |y: FiscalYear| targets.iter().find(|(t, _)| *t == y).map(|(_, v)| *v);
        if let Some(t) = target_of(year) {
            let start = year.prev().and_then(target_of).or(so_far).or(self.base());
            if let Some(start) = start {
                return KpiStatus::against(
                    Some(now),
                    Some(path_value(start, t, share_of_year(year, at))),
                    self.direction,
                );
            }
        }
        let rate = achievement_rate(self.base(), self.target.as_ref().and_then(|q| q.value), Some(now), self.direction);
        let expected =
            expected_progress_at(self.baseline_year.map(FiscalYear::year), self.target_year.map(FiscalYear::year), at);
        KpiStatus::judge(rate, expected)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::achievement::Direction;
    use crate::model::Actual;

    fn fy(y: i64) -> FiscalYear {
        FiscalYear::new(y).unwrap()
    }

    fn day(y: i32, m: u8, d: u8) -> Day {
        Day::from_ymd(y, m, d).unwrap()
    }

    fn kpi(direction: Direction, cumulative: bool, base: &str, target: &str, actuals: &[(i64, &str)]) -> Indicator {
        Indicator {
            id: IndicatorId(1),
            org_id: OrgId(1),
            owner: None,
            name: "指標".into(),
            unit: None,
            direction,
            cumulative,
            baseline: Some(Quantity::parse(base)),
            baseline_year: Some(fy(2020)),
            baseline_note: None,
            target: Some(Quantity::parse(target)),
            target_year: Some(fy(2030)),
            actuals: actuals.iter().map(|(y, v)| Actual { fiscal_year: fy(*y), value: Quantity::parse(v) }).collect(),
            sort_order: 0,
            draft: None,
            meta: Meta::default(),
        }
    }

    #[test]
    fn period_ends_fall_in_the_fiscal_year() {
        let p = default_periods(OrgId(1));
        assert_eq!(p[0].end_in(fy(2026)), Some(day(2026, 9, 30)));
        assert_eq!(p[1].end_in(fy(2026)), Some(day(2027, 3, 31)));
        let feb = ReportingPeriod { end_month: 2, end_day: 29, ..p[0].clone() };
        assert_eq!(feb.end_in(fy(2026)), Some(day(2027, 2, 28)));
        assert_eq!(feb.end_in(fy(2027)), Some(day(2028, 2, 29)));
    }

    #[test]
    fn period_lists_are_checked() {
        let d = default_periods(OrgId(1));
        assert_eq!(check_periods(&d), None);
        assert!(check_periods(&d[..1]).is_some(), "the year-end must be last");
        assert!(check_periods(&[]).is_some());
        let p = |key: &str, label: &str, m, dd| ReportingPeriod {
            key: key.into(),
            label: label.into(),
            end_month: m,
            end_day: dd,
            ..d[0].clone()
        };
        let quarters =
            [p("q1", "第1四半期", 6, 30), p("q2", "第2四半期", 9, 30), p("q3", "第3四半期", 12, 31), d[1].clone()];
        assert_eq!(check_periods(&quarters), None);
        // December before June is out of the year's order; January after December is not.
        assert!(check_periods(&[p("a", "A", 12, 31), p("b", "B", 6, 30), d[1].clone()]).is_some());
        assert_eq!(check_periods(&[p("a", "A", 12, 31), p("b", "B", 1, 31), d[1].clone()]), None);
        assert!(check_periods(&[p("a", "A", 6, 30), p("b", "A", 9, 30), d[1].clone()]).is_some());
        assert!(check_periods(&[p("a", "A", 6, 31), d[1].clone()]).is_some());
        assert!(check_periods(&[p("a", " ", 6, 30), d[1].clone()]).is_some());
    }

    #[test]
    fn an_interim_value_is_judged_at_its_period_end() {
        // 40% (2020) → 60% (2030), up. At 30 September 2025 the path expects (4.5/10) of 20
        // points, about 49.0%; at the year-end of 2025, 50%.
        let k = kpi(Direction::Up, false, "40%", "60%", &[(2024, "48%")]);
        let mid = day(2025, 9, 30);
        assert_eq!(k.interim_status(fy(2025), mid, Some(49.1), &[]), KpiStatus::OnTrack);
        assert_eq!(k.interim_status(fy(2025), mid, Some(48.9), &[]), KpiStatus::Behind);
        // The same 49.1% would be behind when judged against the full year.
        let year_end = kpi(Direction::Up, false, "40%", "60%", &[(2025, "49.1%")]);
        assert_eq!(year_end.status_in(fy(2025)), KpiStatus::Behind);
        assert_eq!(k.interim_status(fy(2025), mid, None, &[]), KpiStatus::NoData);
    }

    #[test]
    fn a_down_interim_value() {
        // 待機児童 40 (2020) → 0 (2030): at 30 September 2025 the path stands near 22.
        let k = kpi(Direction::Down, false, "40人", "0人", &[]);
        let mid = day(2025, 9, 30);
        let expected = 40.0 - 40.0 * (4.0 + 183.0 / 365.0) / 10.0;
        assert_eq!(k.interim_status(fy(2025), mid, Some(expected - 0.1), &[]), KpiStatus::OnTrack);
        assert_eq!(k.interim_status(fy(2025), mid, Some(expected + 0.1), &[]), KpiStatus::Behind);
    }

    #[test]
    fn a_cumulative_interim_value_adds_the_years_so_far() {
        // 累計 0 (2020) → 100 (2030); 40 by the end of 2024, 4 more by 30 September 2025:
        // 44 against about 45.0 expected.
        let k =
            kpi(Direction::Up, true, "0件", "100件", &[(2021, "10件"), (2022, "10件"), (2023, "10件"), (2024, "10件")]);
        let mid = day(2025, 9, 30);
        assert_eq!(k.interim_status(fy(2025), mid, Some(4.0), &[]), KpiStatus::Behind);
        assert_eq!(k.interim_status(fy(2025), mid, Some(5.2), &[]), KpiStatus::OnTrack);
    }

    #[test]
    fn yearly_targets_replace_the_straight_path() {
        // 40% → 60% straight expects 50% in 2025; the yearly plan says 45% for 2025.
        let targets = [(fy(2024), 42.0), (fy(2025), 45.0)];
        let k = kpi(Direction::Up, false, "40%", "60%", &[(2025, "46%")]);
        assert_eq!(k.status_in(fy(2025)), KpiStatus::Behind);
        assert_eq!(k.status_with_targets(fy(2025), &targets), KpiStatus::OnTrack);
        let short = kpi(Direction::Up, false, "40%", "60%", &[(2025, "44%")]);
        assert_eq!(short.status_with_targets(fy(2025), &targets), KpiStatus::Behind);
        // A year without a yearly target keeps the straight path.
        let later = kpi(Direction::Up, false, "40%", "60%", &[(2026, "52%")]);
        assert_eq!(later.status_with_targets(fy(2026), &targets), later.status_in(fy(2026)));
        assert_eq!(
            kpi(Direction::Up, false, "40%", "60%", &[]).status_with_targets(fy(2025), &targets),
            KpiStatus::NoData
        );
        // Mid-year: from the 2024 target (42) to the 2025 one (45), about 43.5 on 30 September.
        let mid = day(2025, 9, 30);
        let k = kpi(Direction::Up, false, "40%", "60%", &[]);
        assert_eq!(k.interim_status(fy(2025), mid, Some(43.6), &targets), KpiStatus::OnTrack);
        assert_eq!(k.interim_status(fy(2025), mid, Some(43.4), &targets), KpiStatus::Behind);
        // Without the previous year's target, the path starts at the previous actual.
        let k = kpi(Direction::Up, false, "40%", "60%", &[(2024, "44%")]);
        let only = [(fy(2025), 45.0)];
        assert_eq!(k.interim_status(fy(2025), mid, Some(44.4), &only), KpiStatus::Behind);
        assert_eq!(k.interim_status(fy(2025), mid, Some(44.6), &only), KpiStatus::OnTrack);
    }

    #[test]
    fn yearly_targets_of_down_and_cumulative_kpis() {
        // Down: 30 → target 24 for 2025 (25 in 2024): mid-year path ≈ 24.5.
        let targets = [(fy(2024), 25.0), (fy(2025), 24.0)];
        let k = kpi(Direction::Down, false, "30件", "10件", &[(2025, "23件")]);
        assert_eq!(k.status_with_targets(fy(2025), &targets), KpiStatus::OnTrack);
        let k = kpi(Direction::Down, false, "30件", "10件", &[(2025, "24.5件")]);
        assert_eq!(k.status_with_targets(fy(2025), &targets), KpiStatus::Behind);
        let mid = day(2025, 9, 30);
        assert_eq!(k.interim_status(fy(2025), mid, Some(24.4), &targets), KpiStatus::OnTrack);
        assert_eq!(k.interim_status(fy(2025), mid, Some(24.7), &targets), KpiStatus::Behind);
        // Cumulative: yearly targets are running totals. 30 by 2024, 40 planned for 2025.
        let targets = [(fy(2025), 40.0)];
        let k = kpi(Direction::Up, true, "0件", "100件", &[(2023, "15件"), (2024, "15件"), (2025, "11件")]);
        assert_eq!(k.status_with_targets(fy(2025), &targets), KpiStatus::OnTrack);
        let k = kpi(Direction::Up, true, "0件", "100件", &[(2023, "15件"), (2024, "15件"), (2025, "9件")]);
        assert_eq!(k.status_with_targets(fy(2025), &targets), KpiStatus::Behind);
        // Mid-year: 30 + 5.1 against the path 30 → 40 at 183/365 (≈ 35.01).
        assert_eq!(k.interim_status(fy(2025), mid, Some(5.1), &targets), KpiStatus::OnTrack);
        assert_eq!(k.interim_status(fy(2025), mid, Some(4.9), &targets), KpiStatus::Behind);
    }
}
