//! The shape of the demo city file (`data/sample_city.toml`): plain serde structs, read
//! once and checked before anything is written.

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CitySpec {
    /// `sabc` or `progress`: the organization's default judgement scale.
    pub judgement_scale: String,
    pub years: Vec<u16>,
    pub organization: OrgSpec,
    pub departments: Vec<DepartmentSpec>,
    pub themes: Vec<ThemeYearSpec>,
    pub comprehensive_plan: PlanSpec,
    pub basic_plan: PlanSpec,
    pub nodes: Vec<NodeSpec>,
    pub basic_policy_plan: BasicPolicyPlanSpec,
    pub related_plans: Vec<RelatedPlanSpec>,
    pub indicators: Vec<IndicatorSpec>,
    pub initiatives: Vec<InitiativeSpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrgSpec {
    pub name: String,
    /// 全国地方公共団体コード (checked: six digits with the check digit).
    pub code: Option<String>,
    pub prefecture: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DepartmentSpec {
    pub name: String,
    pub sections: Vec<String>,
    pub stances: Vec<StanceSpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StanceSpec {
    pub year: u16,
    pub text: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeYearSpec {
    pub year: u16,
    pub names: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanSpec {
    pub title: String,
    pub period: [u16; 2],
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NodeSpec {
    pub code: String,
    pub parent: Option<String>,
    pub kind: String,
    pub title: String,
    pub vision: Option<String>,
    pub current_issues: Option<String>,
    #[serde(default)]
    pub sdgs: Vec<i64>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BasicPolicyPlanSpec {
    pub title: String,
    pub period: [u16; 2],
    pub policies: Vec<BasicPolicySpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BasicPolicySpec {
    pub number: String,
    pub title: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelatedPlanSpec {
    pub name: String,
    pub description: Option<String>,
    #[serde(default)]
    pub nodes: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorSpec {
    /// A 基本計画 node code, or …
    pub node: Option<String>,
    /// … an initiative key (attached to its latest year).
    pub initiative: Option<String>,
    pub name: String,
    pub unit: Option<String>,
    /// `up` or `down`.
    pub direction: String,
    #[serde(default)]
    pub cumulative: bool,
    pub baseline: Option<String>,
    pub baseline_year: Option<u16>,
    pub target: Option<String>,
    pub target_year: Option<u16>,
    #[serde(default)]
    pub actuals: Vec<ActualSpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActualSpec {
    pub year: u16,
    pub value: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InitiativeSpec {
    pub key: String,
    /// A 部 or 課 name.
    pub department: String,
    /// `annual` (default) or `midterm`.
    pub kind: Option<String>,
    pub period: Option<[u16; 2]>,
    #[serde(default)]
    pub nodes: Vec<String>,
    #[serde(default)]
    pub policies: Vec<String>,
    pub theme: Option<String>,
    #[serde(default)]
    pub perspectives: Vec<String>,
    pub reform: Option<String>,
    #[serde(default)]
    pub sdgs: Vec<i64>,
    pub years: Vec<InitiativeYearSpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InitiativeYearSpec {
    pub year: u16,
    pub name: String,
    pub summary: Option<String>,
    #[serde(default)]
    pub milestones: Vec<MilestoneSpec>,
    pub review: Option<ReviewSpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MilestoneSpec {
    pub text: String,
    pub due: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewSpec {
    pub result: Option<String>,
    pub issues_next: Option<String>,
    pub progress: Option<i64>,
    pub judgement: Option<String>,
}
