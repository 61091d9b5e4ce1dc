//! The sheet-quality check (記載内容の点検): what a planning office would send back before
//! reading a department's policy or review — empty required fields, a KPI without a target, a
//! judgement the KPI figures contradict, a result written without a single number. Pure: the
//! caller gathers the revision's content; this only reads it. Findings are advice shown to
//! the editor before submitting, never a block (a city may have reasons).

use crate::achievement::expected_progress;
use crate::judgement::JudgementScale;
use crate::model::{GoalReview, Indicator, Initiative};
use crate::{FiscalYear, InitiativeId};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// A field the sheet needs is empty (必須項目の未記入).
    Missing,
    /// Written, but a reader would question it.
    Doubt,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Missing => "未記入",
            Severity::Doubt => "要確認",
        }
    }
}

/// Which field a finding is about (the edit form's field, for a link beside the message).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Stance,
    Summary,
    Schedule,
    IndicatorTarget,
    Result,
    IssuesNext,
    Progress,
    Judgement,
}

impl Field {
    /// The field's name as the edit form labels it.
    pub fn label(self) -> &'static str {
        match self {
            Field::Stance => "基本的考え方",
            Field::Summary => "取組内容",
            Field::Schedule => "目標・スケジュール",
            Field::IndicatorTarget => "指標の目標値",
            Field::Result => "実績",
            Field::IssuesNext => "課題・今後の方向性",
            Field::Progress => "進捗率",
            Field::Judgement => "判定",
        }
    }
}

/// One thing to look at.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub severity: Severity,
    /// The initiative it is about; `None` for the department's own fields.
    pub initiative: Option<InitiativeId>,
    pub field: Field,
    /// Japanese, naming the initiative or indicator, ready to show.
    pub message: String,
}

/// An initiative as the check sees it: the record, its KPIs and its review of the year.
#[derive(Debug, Clone, Copy)]
pub struct Sheet<'a> {
    pub initiative: &'a Initiative,
    pub indicators: &'a [Indicator],
    pub review: Option<&'a GoalReview>,
}

/// What the check needs besides the sheets.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub year: FiscalYear,
    /// The organization's judgement scales (a judgement is read on the scale it belongs to).
    pub scales: &'a [JudgementScale],
    /// Whether the year's review (振り返り) is due by now: then an initiative without one is
    /// missing it. Before that, a review is checked only once someone has started it.
    pub review_due: bool,
}

/// Two bands apart or more between the judgement and what the KPIs say is a contradiction;
/// one band is a matter of judgement.
const CONTRADICTION_BANDS: usize = 2;

/// Checks a department's sheet: its stance and each initiative, in order.
pub fn check(stance: Option<&str>, sheets: &[Sheet<'_>], cx: &Context<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    if blank(stance) {
        out.push(Finding {
            severity: Severity::Missing,
            initiative: None,
            field: Field::Stance,
            message: "部局運営に関する基本的考え方が未記入です".into(),
        });
    }
    for s in sheets {
        check_sheet(s, cx, &mut out);
    }
    out
}

fn check_sheet(s: &Sheet<'_>, cx: &Context<'_>, out: &mut Vec<Finding>) {
    let i = s.initiative;
    let mut push = |severity, field, message: String| {
        out.push(Finding { severity, initiative: Some(i.id), field, message: format!("「{}」：{message}", i.name) })
    };
    if blank(i.summary.as_deref()) {
        push(Severity::Missing, Field::Summary, "取組内容が未記入です".into());
    }
    if i.milestones.iter().all(|m| m.text.trim().is_empty()) {
        push(Severity::Missing, Field::Schedule, "目標・スケジュールが未記入です".into());
    }
    for k in s.indicators {
        match &k.target {
            None => push(Severity::Missing, Field::IndicatorTarget, format!("指標「{}」に目標値がありません", k.name)),
            Some(t) if t.value.is_none() => push(
                Severity::Doubt,
                Field::IndicatorTarget,
                format!("指標「{}」の目標値「{}」が数値として読めず、達成度を計算できません", k.name, t.text),
            ),
            Some(_) => {}
        }
    }
    let started = s.review.is_some_and(|r| {
        !blank(r.result.as_deref()) || !blank(r.issues_next.as_deref()) || r.progress.is_some() || r.judgement.is_some()
    });
    if !(started || cx.review_due) {
        return;
    }
    let r = s.review;
    let result = r.and_then(|r| r.result.as_deref());
    if blank(result) {
        push(Severity::Missing, Field::Result, "実績が未記入です".into());
    } else if result.is_some_and(|t| !has_figure(t)) {
        push(
            Severity::Doubt,
            Field::Result,
            "実績に数値がありません（件数・回数・割合など、成果を数字で示してください）".into(),
        );
    }
    if blank(r.and_then(|r| r.issues_next.as_deref())) {
        push(Severity::Missing, Field::IssuesNext, "課題・今後の方向性が未記入です".into());
    }
    if r.and_then(|r| r.progress).is_none() {
        push(Severity::Missing, Field::Progress, "進捗率が未入力です".into());
    }
    match r.and_then(|r| r.judgement.as_deref()) {
        None => push(Severity::Missing, Field::Judgement, "判定が未選択です".into()),
        Some(j) => {
            if let Some(m) = contradiction(j, s.indicators, cx) {
                push(Severity::Doubt, Field::Judgement, m);
            }
        }
    }
}

/// The judgement against what the KPIs say in the year: each KPI's achievement read against
/// the straight path to its target (half the way at half the period reads as 100 %), the
/// mean of those judged on the judgement's own scale. `None` when they agree, when no KPI
/// has a figure, or when the label is on no scale.
fn contradiction(judgement: &str, indicators: &[Indicator], cx: &Context<'_>) -> Option<String> {
    let scale = cx.scales.iter().find(|s| s.bands().iter().any(|b| b.label == judgement))?;
    let rates: Vec<f64> = indicators
        .iter()
        .filter_map(|k| {
            let rate = k.achievement_in(cx.year)?;
            let expected = expected_progress(
                k.baseline_year.map(FiscalYear::year),
                k.target_year.map(FiscalYear::year),
                cx.year.year(),
            );
            Some(if expected > 0.0 { rate / expected } else { rate })
        })
        .filter(|r| r.is_finite())
        .collect();
    if rates.is_empty() {
        return None;
    }
    let mean = rates.iter().sum::<f64>() / rates.len() as f64;
    let implied = scale.judge(mean);
    let index = |label: &str| scale.bands().iter().position(|b| b.label == label);
    let (stated, by_kpi) = (index(judgement)?, index(&implied.label)?);
    if stated.abs_diff(by_kpi) < CONTRADICTION_BANDS {
        return None;
    }
    let pct = (mean * 100.0).round();
    Some(format!(
        "判定「{judgement}」が指標の達成状況（計画どおりの進み方に対して平均{pct}%、判定なら「{}」）と大きく異なります。理由を実績か課題に書いてください",
        implied.label
    ))
}

fn blank(s: Option<&str>) -> bool {
    s.is_none_or(|s| s.trim().is_empty())
}

/// Whether a text states a figure: a digit (half- or full-width), or a kanji numeral
/// followed by a counter (三回, 十二件). A bare kanji numeral is not enough: 一層, 十分.
pub fn has_figure(text: &str) -> bool {
    const KANJI: &str = "〇一二三四五六七八九十百千万億";
    const COUNTERS: &str = "件回人名者社校園館か箇ヶ所台冊本枚個点戸世円割%％";
    let chars: Vec<char> = text.chars().collect();
    chars.iter().enumerate().any(|(n, c)| {
        c.is_ascii_digit()
            || ('０'..='９').contains(c)
            || (KANJI.contains(*c) && chars.get(n + 1).is_some_and(|d| COUNTERS.contains(*d)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Actual, Meta, Milestone};
    use crate::{Direction, GoalReviewId, IndicatorId, InitiativeKind, OrgId, Quantity};

    fn year(y: i64) -> FiscalYear {
        FiscalYear::new(y).unwrap()
    }

    fn initiative(summary: Option<&str>, milestone: Option<&str>) -> Initiative {
        Initiative {
            id: InitiativeId(7),
            org_id: OrgId(1),
            department_id: None,
            fiscal_year: Some(year(2026)),
            period_end: None,
            kind: InitiativeKind::Annual,
            theme_id: None,
            name: "見守り訪問".into(),
            summary: summary.map(Into::into),
            reform_perspectives: vec![],
            reform_text: None,
            sdg_goals: vec![],
            milestones: milestone
                .map(|t| vec![Milestone { text: t.into(), due: None, done: false }])
                .unwrap_or_default(),
            sections: vec![],
            predecessor_id: None,
            node_ids: vec![],
            sort_order: 0,
            draft: None,
            meta: Meta::default(),
        }
    }

    fn kpi(target: Option<&str>, actual: Option<f64>) -> Indicator {
        Indicator {
            id: IndicatorId(3),
            org_id: OrgId(1),
            owner: None,
            name: "訪問件数".into(),
            unit: Some("件".into()),
            direction: Direction::Up,
            cumulative: false,
            baseline: Some(Quantity::parse("100")),
            baseline_year: Some(year(2024)),
            baseline_note: None,
            target: target.map(Quantity::parse),
            target_year: Some(year(2026)),
            actuals: actual
                .map(|v| vec![Actual { fiscal_year: year(2026), value: Quantity::parse(&v.to_string()) }])
                .unwrap_or_default(),
            sort_order: 0,
            draft: None,
            meta: Meta::default(),
        }
    }

    fn review(result: Option<&str>, judgement: Option<&str>) -> GoalReview {
        GoalReview {
            id: GoalReviewId(1),
            initiative_id: InitiativeId(7),
            fiscal_year: year(2026),
            result: result.map(Into::into),
            issues_next: Some("次年度は対象を広げる".into()),
            progress: Some(80),
            judgement: judgement.map(Into::into),
            meta: Meta::default(),
        }
    }

    fn fields(f: &[Finding]) -> Vec<(Severity, Field)> {
        f.iter().map(|f| (f.severity, f.field)).collect()
    }

    #[test]
    fn empty_sheet_lists_what_is_missing_before_the_review_is_due() {
        let i = initiative(None, None);
        let k = [kpi(None, None)];
        let scales = [JudgementScale::sabc()];
        let cx = Context { year: year(2026), scales: &scales, review_due: false };
        let f = check(Some("  "), &[Sheet { initiative: &i, indicators: &k, review: None }], &cx);
        assert_eq!(
            fields(&f),
            [
                (Severity::Missing, Field::Stance),
                (Severity::Missing, Field::Summary),
                (Severity::Missing, Field::Schedule),
                (Severity::Missing, Field::IndicatorTarget),
            ]
        );
        assert!(f[1].message.starts_with("「見守り訪問」"), "{}", f[1].message);
        // Once the review is due, its fields are missing too.
        let cx = Context { review_due: true, ..cx };
        let f = check(Some("方針"), &[Sheet { initiative: &i, indicators: &k, review: None }], &cx);
        for field in [Field::Result, Field::IssuesNext, Field::Progress, Field::Judgement] {
            assert!(fields(&f).contains(&(Severity::Missing, field)), "{field:?} in {f:?}");
        }
    }

    #[test]
    fn a_complete_sheet_has_no_finding() {
        let i = initiative(Some("高齢者宅を訪問する"), Some("6月 開始"));
        let k = [kpi(Some("200"), Some(200.0))];
        let r = review(Some("訪問 210件を実施"), Some("S"));
        let scales = [JudgementScale::sabc()];
        let cx = Context { year: year(2026), scales: &scales, review_due: true };
        let f = check(Some("方針"), &[Sheet { initiative: &i, indicators: &k, review: Some(&r) }], &cx);
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn unreadable_target_and_result_without_figures_are_doubts() {
        let i = initiative(Some("内容"), Some("通年"));
        let k = [kpi(Some("増加させる"), None)];
        let r = review(Some("関係機関と連携して着実に実施した"), Some("A"));
        let scales = [JudgementScale::sabc()];
        let cx = Context { year: year(2026), scales: &scales, review_due: false };
        let f = check(Some("方針"), &[Sheet { initiative: &i, indicators: &k, review: Some(&r) }], &cx);
        assert_eq!(fields(&f), [(Severity::Doubt, Field::IndicatorTarget), (Severity::Doubt, Field::Result)]);
    }

    #[test]
    fn judgement_far_from_the_kpis_is_a_contradiction() {
        let i = initiative(Some("内容"), Some("通年"));
        // 100 → 200 by 2026; 120 in 2026 is 20 % of the way: C on SABC.
        let k = [kpi(Some("200"), Some(120.0))];
        let scales = [JudgementScale::sabc(), JudgementScale::progress()];
        let cx = Context { year: year(2026), scales: &scales, review_due: false };
        let sheet = |r| Sheet { initiative: &i, indicators: &k, review: Some(r) };
        let s = review(Some("120件"), Some("S"));
        let f = check(Some("方針"), &[sheet(&s)], &cx);
        assert_eq!(fields(&f), [(Severity::Doubt, Field::Judgement)]);
        assert!(f[0].message.contains("「C」"), "{}", f[0].message);
        // One band off (B against C) is left to the department.
        let b = review(Some("120件"), Some("B"));
        assert!(check(Some("方針"), &[sheet(&b)], &cx).is_empty());
        // Read on the label's own scale: 順調 against 遅れ.
        let p = review(Some("120件"), Some("順調"));
        assert_eq!(fields(&check(Some("方針"), &[sheet(&p)], &cx)), [(Severity::Doubt, Field::Judgement)]);
        // No figure, no contradiction; a label on no scale is not judged.
        let k0 = [kpi(Some("200"), None)];
        let none = Sheet { initiative: &i, indicators: &k0, review: Some(&s) };
        assert!(check(Some("方針"), &[none], &cx).is_empty());
        let odd = review(Some("120件"), Some("独自"));
        assert!(check(Some("方針"), &[sheet(&odd)], &cx).is_empty());
    }

    #[test]
    fn mid_plan_figures_are_read_against_the_path() {
        let i = initiative(Some("内容"), Some("通年"));
        // Target year 2028, baseline 2024: in 2026 half the way is on track.
        let mut k = kpi(Some("200"), Some(150.0));
        k.target_year = Some(year(2028));
        let r = review(Some("150件"), Some("S"));
        let scales = [JudgementScale::sabc()];
        let cx = Context { year: year(2026), scales: &scales, review_due: false };
        let ks = [k];
        assert!(check(Some("方針"), &[Sheet { initiative: &i, indicators: &ks, review: Some(&r) }], &cx).is_empty());
    }

    #[test]
    fn figures() {
        for yes in ["210件", "１２回", "三回開催", "十二件", "達成率85%", "2校で実施"] {
            assert!(has_figure(yes), "{yes}");
        }
        for no in ["一層の充実を図った", "十分に周知した", "着実に実施", ""] {
            assert!(!has_figure(no), "{no}");
        }
    }
}
