//! The records of a city's policy cycle. Stored records carry their id and [`Meta`]
//! (timestamps and the version used for optimistic locking); `New*` structs are what a
//! caller supplies to create one.
//!
//! Words that differ between cities (node kinds such as 政策/施策/基本施策, 行革の視点
//! names, judgement labels) are data, not enums.

use crate::achievement::Direction;
use crate::error::DomainError;
use crate::fiscal_year::FiscalYear;
use crate::ids::*;
use crate::org_code::OrgCode;
use crate::quantity::Quantity;
use serde::{Deserialize, Serialize};

/// Bookkeeping every stored row has. Times are Unix milliseconds (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Meta {
    pub created_at: i64,
    pub updated_at: i64,
    /// Starts at 1; every update must name the version it read and bumps it.
    pub version: i64,
}

/// A municipality or prefecture (自治体).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Organization {
    pub id: OrgId,
    pub name: String,
    pub code: Option<OrgCode>,
    pub prefecture: Option<String>,
    pub meta: Meta,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewOrganization {
    pub name: String,
    pub code: Option<OrgCode>,
    pub prefecture: Option<String>,
}

/// A department (部局) or, with a parent, a section (課). Its id is stable across
/// renames; [`DepartmentName`] keeps the names it had.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Department {
    pub id: DepartmentId,
    pub org_id: OrgId,
    pub parent_id: Option<DepartmentId>,
    pub name: String,
    pub sort_order: i32,
    pub meta: Meta,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewDepartment {
    pub org_id: OrgId,
    pub parent_id: Option<DepartmentId>,
    pub name: String,
    pub sort_order: i32,
}

/// A name a department had from a fiscal year on (rename history).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DepartmentName {
    pub department_id: DepartmentId,
    pub name: String,
    pub valid_from: Option<FiscalYear>,
}

/// What kind of plan a plan is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanKind {
    /// 総合計画 (the whole: 基本構想 with its plans).
    Comprehensive,
    /// 基本計画.
    Basic,
    /// 実施計画.
    Implementation,
    /// 基本政策: a mayor's numbered policies.
    BasicPolicy,
    /// 個別計画 (sectoral plan).
    Sectoral,
    /// 部局運営方針 (a year's department operating policies).
    DepartmentPolicy,
}

impl PlanKind {
    pub const ALL: [PlanKind; 6] = [
        PlanKind::Comprehensive,
        PlanKind::Basic,
        PlanKind::Implementation,
        PlanKind::BasicPolicy,
        PlanKind::Sectoral,
        PlanKind::DepartmentPolicy,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PlanKind::Comprehensive => "comprehensive",
            PlanKind::Basic => "basic",
            PlanKind::Implementation => "implementation",
            PlanKind::BasicPolicy => "basic_policy",
            PlanKind::Sectoral => "sectoral",
            PlanKind::DepartmentPolicy => "department_policy",
        }
    }

    pub fn parse(s: &str) -> Result<Self, DomainError> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| DomainError::Unknown { kind: "plan kind", value: s.to_string() })
    }

    pub fn label(self) -> &'static str {
        match self {
            PlanKind::Comprehensive => "総合計画",
            PlanKind::Basic => "基本計画",
            PlanKind::Implementation => "実施計画",
            PlanKind::BasicPolicy => "基本政策",
            PlanKind::Sectoral => "個別計画",
            PlanKind::DepartmentPolicy => "部局運営方針",
        }
    }
}

/// A plan with a period and a tree of nodes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub id: PlanId,
    pub org_id: OrgId,
    pub kind: PlanKind,
    pub title: String,
    /// A plan this one belongs to (基本計画 under 総合計画).
    pub parent_plan_id: Option<PlanId>,
    pub period_start: Option<FiscalYear>,
    pub period_end: Option<FiscalYear>,
    pub meta: Meta,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewPlan {
    pub org_id: OrgId,
    pub kind: PlanKind,
    pub title: String,
    pub parent_plan_id: Option<PlanId>,
    pub period_start: Option<FiscalYear>,
    pub period_end: Option<FiscalYear>,
}

/// A node of a plan tree, at any depth.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanNode {
    pub id: NodeId,
    pub plan_id: PlanId,
    pub parent_id: Option<NodeId>,
    /// The city's word for this level: 政策, 施策, 基本施策, まちづくり方針 …
    pub kind_label: String,
    /// The code as written: 「経1-1」「33」「5-2-①」「1-1-1」.
    pub code: Option<String>,
    pub title: String,
    /// 目指す姿.
    pub vision: Option<String>,
    /// 現況と課題.
    pub current_issues: Option<String>,
    /// SDGsに向けた方向性.
    pub sdgs_direction: Option<String>,
    pub sdg_goals: Vec<SdgGoal>,
    pub sort_order: i32,
    pub meta: Meta,
}

impl PlanNode {
    /// The node as lists name it: its code, when it has one, before its title (「1-2 子育て支援」).
    pub fn label(&self) -> String {
        match &self.code {
            Some(c) if !c.is_empty() => format!("{c} {}", self.title),
            _ => self.title.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct NewPlanNode {
    pub plan_id: Option<PlanId>,
    pub parent_id: Option<NodeId>,
    pub kind_label: String,
    pub code: Option<String>,
    pub title: String,
    pub vision: Option<String>,
    pub current_issues: Option<String>,
    pub sdgs_direction: Option<String>,
    pub sdg_goals: Vec<SdgGoal>,
    pub sort_order: i32,
}

/// A priority theme (重点項目) of one organization and year: 財務体質の強化 …
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PriorityTheme {
    pub id: ThemeId,
    pub org_id: OrgId,
    pub fiscal_year: FiscalYear,
    pub name: String,
    pub sort_order: i32,
    pub meta: Meta,
}

/// One of the 17 Sustainable Development Goals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i64")]
pub struct SdgGoal(u8);

impl SdgGoal {
    pub fn new(n: i64) -> Result<Self, DomainError> {
        if (1..=17).contains(&n) {
            Ok(Self(n as u8))
        } else {
            Err(DomainError::SdgGoal(n))
        }
    }

    pub fn number(self) -> u8 {
        self.0
    }

    /// The 17 goals' Japanese names, as on the official icons.
    pub const NAMES: [&'static str; 17] = [
        "貧困をなくそう",
        "飢餓をゼロに",
        "すべての人に健康と福祉を",
        "質の高い教育をみんなに",
        "ジェンダー平等を実現しよう",
        "安全な水とトイレを世界中に",
        "エネルギーをみんなにそしてクリーンに",
        "働きがいも経済成長も",
        "産業と技術革新の基盤をつくろう",
        "人や国の不平等をなくそう",
        "住み続けられるまちづくりを",
        "つくる責任つかう責任",
        "気候変動に具体的な対策を",
        "海の豊かさを守ろう",
        "陸の豊かさも守ろう",
        "平和と公正をすべての人に",
        "パートナーシップで目標を達成しよう",
    ];

    /// Every goal, 1 to 17.
    pub fn all() -> impl Iterator<Item = SdgGoal> {
        (1..=17u8).map(SdgGoal)
    }

    /// The goal's Japanese name.
    pub fn name(self) -> &'static str {
        Self::NAMES[usize::from(self.0 - 1)]
    }
}

impl TryFrom<i64> for SdgGoal {
    type Error = DomainError;
    fn try_from(v: i64) -> Result<Self, Self::Error> {
        Self::new(v)
    }
}

impl From<SdgGoal> for i64 {
    fn from(v: SdgGoal) -> Self {
        i64::from(v.0)
    }
}

/// What kind of initiative.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InitiativeKind {
    /// 当年度の取組 / 当年度目標.
    Annual,
    /// 中期目標.
    MidTerm,
    /// A plan's action (施策実現のための取組).
    PlanAction,
    /// 事務事業 (an administrative program, as on an evaluation sheet).
    Program,
}

impl InitiativeKind {
    pub const ALL: [InitiativeKind; 4] =
        [InitiativeKind::Annual, InitiativeKind::MidTerm, InitiativeKind::PlanAction, InitiativeKind::Program];

    pub fn as_str(self) -> &'static str {
        match self {
            InitiativeKind::Annual => "annual",
            InitiativeKind::MidTerm => "midterm",
            InitiativeKind::PlanAction => "action",
            InitiativeKind::Program => "program",
        }
    }

    pub fn parse(s: &str) -> Result<Self, DomainError> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| DomainError::Unknown { kind: "initiative kind", value: s.to_string() })
    }

    pub fn label(self) -> &'static str {
        match self {
            InitiativeKind::Annual => "当年度の取組",
            InitiativeKind::MidTerm => "中期目標",
            InitiativeKind::PlanAction => "施策の取組",
            InitiativeKind::Program => "事務事業",
        }
    }
}

/// A 行革の視点 tag as written (「②参加と協働」), with its number when it has one.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ReformPerspective {
    pub number: Option<u8>,
    pub name: String,
}

impl ReformPerspective {
    /// Splits a leading circled or plain number from the name: 「②参加と協働」 → (2, 参加と協働).
    /// A trailing 「の視点」 is dropped.
    pub fn parse(s: &str) -> Self {
        let s = s.trim();
        let mut chars = s.chars();
        let first = chars.next();
        let (number, rest) = match first {
            Some(c @ '①'..='⑳') => (Some((c as u32 - '①' as u32 + 1) as u8), chars.as_str()),
            Some(c) if c.is_ascii_digit() => (c.to_digit(10).map(|d| d as u8), chars.as_str()),
            _ => (None, s),
        };
        let rest = rest.trim_start_matches(['.', '．', ' ', '　', ')', '）']);
        let name = rest.strip_suffix("の視点").unwrap_or(rest).trim().to_string();
        Self { number, name }
    }

    /// As written in documents: 「②参加と協働」.
    pub fn display(&self) -> String {
        match self.number {
            Some(n @ 1..=20) => {
                let c = char::from_u32('①' as u32 + u32::from(n) - 1).unwrap_or('・');
                format!("{c}{}", self.name)
            }
            _ => self.name.clone(),
        }
    }
}

/// A schedule milestone: text, with a date when one is known.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Milestone {
    pub text: String,
    /// ISO date (YYYY-MM-DD) when the text gives one precisely enough.
    pub due: Option<String>,
    /// Finished (済): never overdue, whatever the initiative's progress.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub done: bool,
}

/// A labelled text block an initiative carries beyond its summary (事業の対象, 事業の手段 …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TextSection {
    pub label: String,
    pub body: String,
}

/// An initiative (取組) or administrative program (事務事業).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Initiative {
    pub id: InitiativeId,
    pub org_id: OrgId,
    pub department_id: Option<DepartmentId>,
    /// The year it belongs to (annual) or starts (mid-term); `None` for a plan action
    /// that runs the whole plan period.
    pub fiscal_year: Option<FiscalYear>,
    pub period_end: Option<FiscalYear>,
    pub kind: InitiativeKind,
    pub theme_id: Option<ThemeId>,
    pub name: String,
    pub summary: Option<String>,
    pub reform_perspectives: Vec<ReformPerspective>,
    /// 行革の視点からの取組み内容.
    pub reform_text: Option<String>,
    pub sdg_goals: Vec<SdgGoal>,
    pub milestones: Vec<Milestone>,
    pub sections: Vec<TextSection>,
    /// The same initiative in the previous year (continuity).
    pub predecessor_id: Option<InitiativeId>,
    /// Plan nodes it serves, basic policies included (those are nodes of a
    /// [`PlanKind::BasicPolicy`] plan).
    pub node_ids: Vec<NodeId>,
    pub sort_order: i32,
    /// Set on rows of a policy revision; `None` on the published record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draft: Option<crate::workflow::Draft>,
    pub meta: Meta,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewInitiative {
    pub org_id: OrgId,
    pub department_id: Option<DepartmentId>,
    pub fiscal_year: Option<FiscalYear>,
    pub period_end: Option<FiscalYear>,
    pub kind: InitiativeKind,
    pub theme_id: Option<ThemeId>,
    pub name: String,
    pub summary: Option<String>,
    pub reform_perspectives: Vec<ReformPerspective>,
    pub reform_text: Option<String>,
    pub sdg_goals: Vec<SdgGoal>,
    pub milestones: Vec<Milestone>,
    pub sections: Vec<TextSection>,
    pub predecessor_id: Option<InitiativeId>,
    pub node_ids: Vec<NodeId>,
    pub sort_order: i32,
}

impl NewInitiative {
    /// A minimal initiative; fill the rest with struct update syntax.
    pub fn named(org_id: OrgId, kind: InitiativeKind, name: impl Into<String>) -> Self {
        Self {
            org_id,
            department_id: None,
            fiscal_year: None,
            period_end: None,
            kind,
            theme_id: None,
            name: name.into(),
            summary: None,
            reform_perspectives: Vec::new(),
            reform_text: None,
            sdg_goals: Vec::new(),
            milestones: Vec::new(),
            sections: Vec::new(),
            predecessor_id: None,
            node_ids: Vec::new(),
            sort_order: 0,
        }
    }
}

/// A department's stance for one year (部局運営に関する基本的考え方 / 部局の使命).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DepartmentPolicy {
    pub id: DepartmentPolicyId,
    pub department_id: DepartmentId,
    pub fiscal_year: FiscalYear,
    pub stance: String,
    /// Anything else the department wrote for the year (方針, 総括 …).
    pub notes: Option<String>,
    pub meta: Meta,
}

/// What an indicator is attached to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndicatorOwner {
    Node(NodeId),
    Initiative(InitiativeId),
}

/// One year's actual value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Actual {
    pub fiscal_year: FiscalYear,
    pub value: Quantity,
}

/// An indicator (指標 / KPI).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    pub id: IndicatorId,
    pub org_id: OrgId,
    pub owner: Option<IndicatorOwner>,
    pub name: String,
    pub unit: Option<String>,
    pub direction: Direction,
    /// 累計: actuals are yearly amounts and the target is a running total.
    pub cumulative: bool,
    pub baseline: Option<Quantity>,
    pub baseline_year: Option<FiscalYear>,
    /// How the baseline is dated when not by year (「令和4年3月末」).
    pub baseline_note: Option<String>,
    pub target: Option<Quantity>,
    pub target_year: Option<FiscalYear>,
    pub actuals: Vec<Actual>,
    pub sort_order: i32,
    /// Set on rows of a policy revision; `None` on the published record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draft: Option<crate::workflow::Draft>,
    pub meta: Meta,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewIndicator {
    pub org_id: OrgId,
    pub owner: Option<IndicatorOwner>,
    pub name: String,
    pub unit: Option<String>,
    pub direction: Direction,
    pub cumulative: bool,
    pub baseline: Option<Quantity>,
    pub baseline_year: Option<FiscalYear>,
    pub baseline_note: Option<String>,
    pub target: Option<Quantity>,
    pub target_year: Option<FiscalYear>,
    pub actuals: Vec<Actual>,
    pub sort_order: i32,
}

impl Indicator {
    /// Achievement rate as of `year`, counting actuals up to and including it.
    pub fn achievement_in(&self, year: FiscalYear) -> Option<f64> {
        let actuals: Vec<(u16, f64)> = self
            .actuals
            .iter()
            .filter(|a| a.fiscal_year <= year)
            .filter_map(|a| a.value.value.map(|v| (a.fiscal_year.year(), v)))
            .collect();
        let base = self.baseline.as_ref().and_then(|q| q.value);
        let now = crate::achievement::current_value(base, &actuals, self.cumulative);
        crate::achievement::achievement_rate(base, self.target.as_ref().and_then(|q| q.value), now, self.direction)
    }

    /// On track / behind / no data as of `year`, against the straight path to the target.
    /// The latest measurement up to `year` is compared with where the path stood in the year
    /// it was measured: a year whose actual is not in yet is not by itself a delay.
    pub fn status_in(&self, year: FiscalYear) -> crate::achievement::KpiStatus {
        let measured = self
            .actuals
            .iter()
            .filter(|a| a.fiscal_year <= year && a.value.value.is_some())
            .map(|a| a.fiscal_year)
            .max()
            .unwrap_or(year);
        let expected = crate::achievement::expected_progress(
            self.baseline_year.map(FiscalYear::year),
            self.target_year.map(FiscalYear::year),
            measured.year(),
        );
        crate::achievement::KpiStatus::judge(self.achievement_in(year), expected)
    }
}

/// The review of one initiative's year (部局の目標と振り返り).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoalReview {
    pub id: GoalReviewId,
    pub initiative_id: InitiativeId,
    pub fiscal_year: FiscalYear,
    /// 実績 / 取組みを行った内容・成果.
    pub result: Option<String>,
    /// 課題・今後の方向性.
    pub issues_next: Option<String>,
    /// Progress 0–100 %.
    pub progress: Option<u8>,
    /// A label of the organization's judgement scale (S, 順調 …).
    pub judgement: Option<String>,
    pub meta: Meta,
}

/// Checks a progress percentage.
pub fn progress_percent(n: i64) -> Result<u8, DomainError> {
    if (0..=100).contains(&n) {
        Ok(n as u8)
    } else {
        Err(DomainError::Progress(n))
    }
}

/// A related plan (関連計画 / 個別計画) with what it is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RelatedPlan {
    pub id: RelatedPlanId,
    pub org_id: OrgId,
    pub name: String,
    pub description: Option<String>,
    pub node_ids: Vec<NodeId>,
    pub meta: Meta,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reform_perspective_tags() {
        let p = ReformPerspective::parse("②参加と協働");
        assert_eq!((p.number, p.name.as_str()), (Some(2), "参加と協働"));
        assert_eq!(p.display(), "②参加と協働");
        let p = ReformPerspective::parse("⑥市有財産の視点");
        assert_eq!((p.number, p.name.as_str()), (Some(6), "市有財産"));
        let p = ReformPerspective::parse("財政運営");
        assert_eq!((p.number, p.display().as_str()), (None, "財政運営"));
    }

    #[test]
    fn kinds_round_trip() {
        for k in PlanKind::ALL {
            assert_eq!(PlanKind::parse(k.as_str()).unwrap(), k);
        }
        for k in InitiativeKind::ALL {
            assert_eq!(InitiativeKind::parse(k.as_str()).unwrap(), k);
        }
        assert!(PlanKind::parse("x").is_err());
    }

    #[test]
    fn sdg_and_progress_bounds() {
        assert!(SdgGoal::new(0).is_err());
        assert!(SdgGoal::new(18).is_err());
        assert_eq!(SdgGoal::new(17).unwrap().number(), 17);
        assert!(progress_percent(101).is_err());
        assert_eq!(progress_percent(100).unwrap(), 100);
    }

    #[test]
    fn indicator_status_uses_actuals_up_to_year() {
        let fy = |y| FiscalYear::new(y).unwrap();
        let ind = Indicator {
            id: IndicatorId(1),
            org_id: OrgId(1),
            owner: None,
            name: "応募件数（累計）".into(),
            unit: Some("件".into()),
            direction: Direction::Up,
            cumulative: true,
            baseline: Some(Quantity::parse("59件")),
            baseline_year: Some(fy(2020)),
            baseline_note: None,
            target: Some(Quantity::parse("90件")),
            target_year: Some(fy(2030)),
            actuals: vec![
                Actual { fiscal_year: fy(2021), value: Quantity::parse("10件") },
                Actual { fiscal_year: fy(2022), value: Quantity::parse("10件") },
            ],
            sort_order: 0,
            draft: None,
            meta: Meta::default(),
        };
        // 2021: 69 of 59→90 = 10/31 ≥ 0.1 expected.
        assert_eq!(ind.status_in(fy(2021)), crate::KpiStatus::OnTrack);
        assert!((ind.achievement_in(fy(2022)).unwrap() - 20.0 / 31.0).abs() < 1e-9);
        assert_eq!(ind.status_in(fy(2020)), crate::KpiStatus::NoData);
    }

    #[test]
    fn a_year_without_its_actual_is_judged_on_the_latest_measurement() {
        let fy = |y| FiscalYear::new(y).unwrap();
        let ind = |actuals: &[(i64, &str)]| Indicator {
            id: IndicatorId(1),
            org_id: OrgId(1),
            owner: None,
            name: "受診率".into(),
            unit: Some("%".into()),
            direction: Direction::Up,
            cumulative: false,
            baseline: Some(Quantity::parse("40%")),
            baseline_year: Some(fy(2020)),
            baseline_note: None,
            target: Some(Quantity::parse("60%")),
            target_year: Some(fy(2030)),
            actuals: actuals.iter().map(|(y, v)| Actual { fiscal_year: fy(*y), value: Quantity::parse(v) }).collect(),
            sort_order: 0,
            draft: None,
            meta: Meta::default(),
        };
        // 2024: 49% is 45% of the way, the path expects 40%: on track, and still so in 2025
        // and 2026 before their actuals are entered.
        let one = ind(&[(2024, "49%")]);
        for y in [2024, 2025, 2026] {
            assert_eq!(one.status_in(fy(y)), crate::KpiStatus::OnTrack, "{y}");
        }
        // 2024: 47% is 35% of the way: behind, whatever year is asked about later.
        let behind = ind(&[(2024, "47%")]);
        assert_eq!(behind.status_in(fy(2026)), crate::KpiStatus::Behind);
        // A newer actual is judged in its own year: 2026 expects 60% of the way (52%).
        let newer = ind(&[(2024, "49%"), (2026, "51%")]);
        assert_eq!(newer.status_in(fy(2025)), crate::KpiStatus::OnTrack);
        assert_eq!(newer.status_in(fy(2026)), crate::KpiStatus::Behind);
    }
}
