//! The JSON bodies of the API (wire types), converted from the domain records with `From`:
//! field names and shapes here are the API's contract, described by
//! [`super::openapi::schemas`] (a test validates every demo answer against it).

use hoshin_app::public::{InitiativeDetail, YearDepartment};
use hoshin_domain::*;
use serde::Serialize;

/// A list window: the records and the address of the next window (`null` on the last).
#[derive(Debug, Serialize)]
pub struct List<T> {
    pub items: Vec<T>,
    pub next: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct OrganizationView {
    pub id: i64,
    pub name: String,
    /// 全国地方公共団体コード (6 digits with the check digit), when set.
    pub code: Option<String>,
    pub prefecture: Option<String>,
}

impl From<Organization> for OrganizationView {
    fn from(o: Organization) -> Self {
        Self { id: o.id.0, name: o.name, code: o.code.map(|c| c.as_str().to_string()), prefecture: o.prefecture }
    }
}

#[derive(Debug, Serialize)]
pub struct YearView {
    /// 西暦 of the fiscal year's start (2024 = 令和6年度).
    pub year: u16,
    /// 令和6年度（2024年度）.
    pub label: String,
}

impl From<FiscalYear> for YearView {
    fn from(y: FiscalYear) -> Self {
        Self { year: y.year(), label: y.label() }
    }
}

#[derive(Debug, Serialize)]
pub struct DepartmentView {
    pub id: i64,
    pub org_id: i64,
    /// The 部 of a 課.
    pub parent_id: Option<i64>,
    pub name: String,
    pub sort_order: i32,
    /// The year's stance (部局運営に関する基本的考え方).
    pub stance: Option<String>,
    pub notes: Option<String>,
}

impl From<YearDepartment> for DepartmentView {
    fn from(y: YearDepartment) -> Self {
        let d = y.department;
        Self {
            id: d.id.0,
            org_id: d.org_id.0,
            parent_id: d.parent_id.map(|p| p.0),
            name: d.name,
            sort_order: d.sort_order,
            stance: y.policy.as_ref().map(|p| p.stance.clone()),
            notes: y.policy.and_then(|p| p.notes),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct ThemeView {
    pub id: i64,
    pub org_id: i64,
    pub fiscal_year: u16,
    pub name: String,
    pub sort_order: i32,
}

impl From<PriorityTheme> for ThemeView {
    fn from(t: PriorityTheme) -> Self {
        Self {
            id: t.id.0,
            org_id: t.org_id.0,
            fiscal_year: t.fiscal_year.year(),
            name: t.name,
            sort_order: t.sort_order,
        }
    }
}

/// A serde-named enum's wire name (`annual`, `comprehensive` …).
fn wire_name<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

#[derive(Debug, Serialize)]
pub struct InitiativeView {
    pub id: i64,
    pub org_id: i64,
    pub department_id: Option<i64>,
    pub fiscal_year: Option<u16>,
    pub period_end: Option<u16>,
    /// `annual`, `mid_term`, `plan_action` or `program`.
    pub kind: String,
    pub kind_label: String,
    /// A published priority theme (an unpublished one is left out).
    pub theme_id: Option<i64>,
    pub name: String,
    pub summary: Option<String>,
    pub reform_perspectives: Vec<String>,
    pub reform_text: Option<String>,
    pub sdg_goals: Vec<u8>,
    pub node_ids: Vec<i64>,
    pub predecessor_id: Option<i64>,
    pub sort_order: i32,
}

impl From<Initiative> for InitiativeView {
    fn from(i: Initiative) -> Self {
        Self {
            id: i.id.0,
            org_id: i.org_id.0,
            department_id: i.department_id.map(|d| d.0),
            fiscal_year: i.fiscal_year.map(FiscalYear::year),
            period_end: i.period_end.map(FiscalYear::year),
            kind: wire_name(&i.kind),
            kind_label: i.kind.label().to_string(),
            theme_id: i.theme_id.map(|t| t.0),
            name: i.name,
            summary: i.summary,
            reform_perspectives: i.reform_perspectives.iter().map(|p| p.display()).collect(),
            reform_text: i.reform_text,
            sdg_goals: i.sdg_goals.iter().map(|g| g.number()).collect(),
            node_ids: i.node_ids.iter().map(|n| n.0).collect(),
            predecessor_id: i.predecessor_id.map(|p| p.0),
            sort_order: i.sort_order,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct InitiativeDetailView {
    pub initiative: InitiativeView,
    pub theme: Option<ThemeView>,
    pub indicators: Vec<IndicatorView>,
    pub reviews: Vec<ReviewView>,
}

impl From<InitiativeDetail> for InitiativeDetailView {
    fn from(d: InitiativeDetail) -> Self {
        Self {
            initiative: d.initiative.into(),
            theme: d.theme.map(Into::into),
            indicators: d.indicators.into_iter().map(Into::into).collect(),
            reviews: d.reviews.into_iter().map(Into::into).collect(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct QuantityView {
    /// As written in the source.
    pub text: String,
    pub value: Option<f64>,
    pub unit: Option<String>,
    pub approx: bool,
}

impl From<Quantity> for QuantityView {
    fn from(q: Quantity) -> Self {
        Self { text: q.text, value: q.value, unit: q.unit, approx: q.approx }
    }
}

#[derive(Debug, Serialize)]
pub struct ActualView {
    pub fiscal_year: u16,
    pub value: QuantityView,
}

#[derive(Debug, Serialize)]
pub struct IndicatorView {
    pub id: i64,
    pub org_id: i64,
    pub initiative_id: Option<i64>,
    pub node_id: Option<i64>,
    pub name: String,
    pub unit: Option<String>,
    /// `up` (higher is better) or `down`.
    pub direction: String,
    pub cumulative: bool,
    pub baseline: Option<QuantityView>,
    pub baseline_year: Option<u16>,
    pub baseline_note: Option<String>,
    pub target: Option<QuantityView>,
    pub target_year: Option<u16>,
    /// Actuals by fiscal year.
    pub actuals: Vec<ActualView>,
    pub sort_order: i32,
}

impl From<Indicator> for IndicatorView {
    fn from(i: Indicator) -> Self {
        let (initiative_id, node_id) = match i.owner {
            Some(IndicatorOwner::Initiative(x)) => (Some(x.0), None),
            Some(IndicatorOwner::Node(n)) => (None, Some(n.0)),
            None => (None, None),
        };
        Self {
            id: i.id.0,
            org_id: i.org_id.0,
            initiative_id,
            node_id,
            name: i.name,
            unit: i.unit,
            direction: wire_name(&i.direction),
            cumulative: i.cumulative,
            baseline: i.baseline.map(Into::into),
            baseline_year: i.baseline_year.map(FiscalYear::year),
            baseline_note: i.baseline_note,
            target: i.target.map(Into::into),
            target_year: i.target_year.map(FiscalYear::year),
            actuals: i
                .actuals
                .into_iter()
                .map(|a| ActualView { fiscal_year: a.fiscal_year.year(), value: a.value.into() })
                .collect(),
            sort_order: i.sort_order,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct PlanView {
    pub id: i64,
    pub org_id: i64,
    /// `comprehensive`, `basic`, `implementation`, `basic_policy` …
    pub kind: String,
    pub kind_label: String,
    pub title: String,
    pub parent_plan_id: Option<i64>,
    pub period_start: Option<u16>,
    pub period_end: Option<u16>,
}

impl From<Plan> for PlanView {
    fn from(p: Plan) -> Self {
        Self {
            id: p.id.0,
            org_id: p.org_id.0,
            kind: wire_name(&p.kind),
            kind_label: p.kind.label().to_string(),
            title: p.title,
            parent_plan_id: p.parent_plan_id.map(|x| x.0),
            period_start: p.period_start.map(FiscalYear::year),
            period_end: p.period_end.map(FiscalYear::year),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct PlanDetailView {
    pub plan: PlanView,
    /// Every node of the plan's tree (parents by `parent_id`).
    pub nodes: Vec<NodeView>,
}

#[derive(Debug, Serialize)]
pub struct NodeView {
    pub id: i64,
    pub plan_id: i64,
    pub parent_id: Option<i64>,
    /// The city's word for the level (政策, 施策 …).
    pub kind_label: String,
    pub code: Option<String>,
    pub title: String,
    pub vision: Option<String>,
    pub current_issues: Option<String>,
    pub sdgs_direction: Option<String>,
    pub sdg_goals: Vec<u8>,
    pub sort_order: i32,
}

impl From<PlanNode> for NodeView {
    fn from(n: PlanNode) -> Self {
        Self {
            id: n.id.0,
            plan_id: n.plan_id.0,
            parent_id: n.parent_id.map(|p| p.0),
            kind_label: n.kind_label,
            code: n.code,
            title: n.title,
            vision: n.vision,
            current_issues: n.current_issues,
            sdgs_direction: n.sdgs_direction,
            sdg_goals: n.sdg_goals.iter().map(|g| g.number()).collect(),
            sort_order: n.sort_order,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct ReviewView {
    pub id: i64,
    pub initiative_id: i64,
    pub fiscal_year: u16,
    pub result: Option<String>,
    pub issues_next: Option<String>,
    /// 0–100 %.
    pub progress: Option<u8>,
    pub judgement: Option<String>,
}

impl From<GoalReview> for ReviewView {
    fn from(g: GoalReview) -> Self {
        Self {
            id: g.id.0,
            initiative_id: g.initiative_id.0,
            fiscal_year: g.fiscal_year.year(),
            result: g.result,
            issues_next: g.issues_next,
            progress: g.progress,
            judgement: g.judgement,
        }
    }
}
