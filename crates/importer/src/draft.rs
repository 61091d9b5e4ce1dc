//! Drafts: what interpretation produces from one document, before anything is stored.
//! Serialized, an [`Extraction`] is exactly the JSON `hoshin extract` prints (the shape
//! ../shared/tools/score_extraction.py reads); extra keys are allowed.

use serde::{Deserialize, Serialize};

pub use hoshin_domain::Genre;

/// Everything read from one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Extraction {
    pub organization: Option<String>,
    pub fiscal_year: Option<u16>,
    pub genre: Genre,
    /// Document title as written (first heading), when found.
    #[serde(default)]
    pub title: Option<String>,
    pub departments: Vec<String>,
    pub department_stances: Vec<DepartmentStance>,
    pub themes: Vec<String>,
    pub measures: Vec<MeasureDraft>,
    pub initiatives: Vec<InitiativeDraft>,
    pub indicators: Vec<IndicatorDraft>,
    pub related_plans: Vec<String>,
    #[serde(default)]
    pub related_plan_details: Vec<RelatedPlanDraft>,
    #[serde(default)]
    pub basic_policies: Vec<BasicPolicyDraft>,
    pub warnings: Vec<Warning>,
    /// The kind of file read (pdf, xlsx, csv …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input: Option<crate::input::InputKind>,
    /// The text encoding of a text file (UTF-8, Shift_JIS …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    /// Lines of text that went into no draft (labels, page furniture and blank lines aside),
    /// for a person to look at.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unplaced: Vec<Warning>,
}

impl Extraction {
    pub fn empty(genre: Genre) -> Self {
        Self {
            organization: None,
            fiscal_year: None,
            genre,
            title: None,
            departments: Vec::new(),
            department_stances: Vec::new(),
            themes: Vec::new(),
            measures: Vec::new(),
            initiatives: Vec::new(),
            indicators: Vec::new(),
            related_plans: Vec::new(),
            related_plan_details: Vec::new(),
            basic_policies: Vec::new(),
            warnings: Vec::new(),
            input: None,
            encoding: None,
            unplaced: Vec::new(),
        }
    }

    /// Nothing was read: no program, initiative, measure, indicator or stance.
    pub fn is_empty(&self) -> bool {
        self.initiatives.is_empty()
            && self.measures.is_empty()
            && self.indicators.is_empty()
            && self.department_stances.is_empty()
    }

    pub fn warn(&mut self, line: usize, message: impl Into<String>) {
        self.warnings.push(Warning { line, message: message.into() });
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DepartmentStance {
    pub department: String,
    pub text: String,
}

/// A plan node (施策, 基本施策 …) as found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct MeasureDraft {
    pub code: Option<String>,
    pub title: String,
    /// 目指す姿.
    pub vision: Option<String>,
    /// The level word used by the document (施策, 基本施策, 経営方針 …).
    #[serde(default)]
    pub kind: Option<String>,
    /// Code (or title) of the parent node.
    #[serde(default)]
    pub parent: Option<String>,
    /// 現況と課題.
    #[serde(default)]
    pub current_issues: Option<String>,
    /// SDGsに向けた方向性.
    #[serde(default)]
    pub sdgs_direction: Option<String>,
    #[serde(default)]
    pub sdg_goals: Vec<u8>,
    #[serde(default)]
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct InitiativeDraft {
    pub name: String,
    pub summary: Option<String>,
    pub department: Option<String>,
    /// Code or title of the measure it belongs to.
    pub measure: Option<String>,
    pub theme: Option<String>,
    /// annual | midterm | action | program
    pub kind: String,
    /// 行革の視点 as written (「②参加と協働」).
    #[serde(default)]
    pub perspective: Option<String>,
    /// 行革の視点からの取組み内容.
    #[serde(default)]
    pub reform: Option<String>,
    #[serde(default)]
    pub measure_refs: Vec<String>,
    #[serde(default)]
    pub basic_policy_refs: Vec<String>,
    #[serde(default)]
    pub milestones: Vec<String>,
    /// 実績 / 取組みを行った内容・成果.
    #[serde(default)]
    pub result: Option<String>,
    /// 課題・今後の方向性.
    #[serde(default)]
    pub issues_next: Option<String>,
    /// Other labelled texts (事業の対象, 事業の手段・方法 …).
    #[serde(default)]
    pub sections: Vec<SectionDraft>,
    #[serde(default)]
    pub sdg_goals: Vec<u8>,
    /// Period as written (「令和5年度～令和9年度」), parsed to years when possible.
    #[serde(default)]
    pub period_start: Option<u16>,
    #[serde(default)]
    pub period_end: Option<u16>,
    /// The program's number on its sheet (事業番号, No.).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The 部 (or 局) above the department when the department is a 課.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_department: Option<String>,
    /// Where the program sits in the plan, top level first (政策 → 施策 → 基本事業).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub plan_path: Vec<PlanStepDraft>,
    /// Costs by fiscal year (事業費, 一般財源, 人件費, トータルコスト …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub costs: Vec<CostDraft>,
    /// Evaluation judgements as written (総合評価 A, 有効性 B …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub judgements: Vec<JudgementDraft>,
    /// 今後の方向性 as one of expand, continue, improve, reduce, suspend, abolish, merge,
    /// complete (the written text is in `sections`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<String>,
    #[serde(default)]
    pub line: usize,
}

/// One level of a program's place in the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanStepDraft {
    /// The level as the document names it (政策, 施策, 基本事業, 施策の柱 …).
    pub level: String,
    /// Its number (「1-2」「①」) when written before the title.
    pub code: Option<String>,
    pub title: String,
}

/// A cost of one fiscal year, in yen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostDraft {
    pub fiscal_year: u16,
    /// budget (予算), settlement (決算), estimate (見込), plan (計画).
    pub basis: String,
    /// total (事業費), general_fund (一般財源), personnel (人件費), total_cost (トータルコスト),
    /// or the row's own name (委託料 …).
    pub item: String,
    /// Amount in yen (「1,130」 in a 千円 table is 1,130,000).
    pub amount: Option<i64>,
    /// As written.
    pub written: String,
}

/// A judgement on a program: the axis (総合評価, 有効性 …) and the value as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JudgementDraft {
    pub axis: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectionDraft {
    pub label: String,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct IndicatorDraft {
    pub name: String,
    /// As written: 「59件」「5,587人」.
    pub baseline: Option<String>,
    /// 「令和5年10月時点」 and similar.
    #[serde(default)]
    pub baseline_note: Option<String>,
    pub target: Option<String>,
    pub unit: Option<String>,
    /// Code or title of the measure it belongs to.
    pub measure: Option<String>,
    /// Name of the initiative it belongs to (evaluation sheets).
    #[serde(default)]
    pub initiative: Option<String>,
    #[serde(default)]
    pub baseline_year: Option<u16>,
    #[serde(default)]
    pub target_year: Option<u16>,
    /// Yearly actuals as written: (fiscal year, value).
    #[serde(default)]
    pub actuals: Vec<ActualDraft>,
    #[serde(default)]
    pub cumulative: bool,
    /// activity (活動指標, アウトプット) or outcome (成果指標, アウトカム), when the document says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Yearly values other than actuals: targets, plans and forecasts by year.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub yearly: Vec<YearValueDraft>,
    #[serde(default)]
    pub line: usize,
}

/// A value for one fiscal year that is not an actual.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearValueDraft {
    pub fiscal_year: u16,
    /// target, plan or forecast.
    pub kind: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActualDraft {
    pub fiscal_year: u16,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RelatedPlanDraft {
    pub name: String,
    pub description: Option<String>,
    /// Code or title of the measure it is listed under.
    pub measure: Option<String>,
}

/// A numbered basic policy (基本政策) referenced by the document: 「70 みんなで…」.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BasicPolicyDraft {
    pub number: Option<String>,
    pub title: String,
}

/// Something the importer could not place, with the source line it is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    pub line: usize,
    pub message: String,
}
