//! The fields a program sheet carries, the directions a program can take, and finding a label
//! at the start of a cell.

use super::fold::fold_label;
use super::{LabelHit, Vocabulary};
use serde::{Deserialize, Serialize};

/// A field of a program sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Name,
    Code,
    Department,
    /// 部 / 局.
    Bureau,
    /// 課 / 係.
    Section,
    /// 政策, 基本目標, 施策の柱: the level above the 施策.
    Policy,
    Measure,
    /// 基本事業: the level below the 施策.
    BasicProject,
    Period,
    PeriodStart,
    PeriodEnd,
    Purpose,
    Target,
    Content,
    Method,
    Legal,
    Related,
    Form,
    Indicator,
    ActivityIndicator,
    OutcomeIndicator,
    Unit,
    Baseline,
    TargetValue,
    Actual,
    Plan,
    Forecast,
    Achievement,
    Cost,
    Budget,
    Settlement,
    GeneralFund,
    Personnel,
    TotalCost,
    Evaluation,
    Necessity,
    Effectiveness,
    Efficiency,
    Fairness,
    Direction,
    DirectionNote,
    Result,
    Issues,
    Remarks,
}

/// Each field: its name in labels.toml / hoshin.toml and in Japanese.
const FIELD_NAMES: &[(Field, &str, &str)] = &[
    (Field::Name, "name", "事業名"),
    (Field::Code, "code", "事業番号"),
    (Field::Department, "department", "担当部署"),
    (Field::Bureau, "bureau", "部局"),
    (Field::Section, "section", "担当課"),
    (Field::Policy, "policy", "政策"),
    (Field::Measure, "measure", "施策"),
    (Field::BasicProject, "basic_project", "基本事業"),
    (Field::Period, "period", "実施期間"),
    (Field::PeriodStart, "period_start", "始期"),
    (Field::PeriodEnd, "period_end", "終期"),
    (Field::Purpose, "purpose", "事業の目的"),
    (Field::Target, "target", "事業の対象"),
    (Field::Content, "content", "事業内容"),
    (Field::Method, "method", "事業の手段・方法"),
    (Field::Legal, "legal", "根拠法令"),
    (Field::Related, "related", "関連計画"),
    (Field::Form, "form", "実施形態"),
    (Field::Indicator, "indicator", "指標"),
    (Field::ActivityIndicator, "activity_indicator", "活動指標"),
    (Field::OutcomeIndicator, "outcome_indicator", "成果指標"),
    (Field::Unit, "unit", "単位"),
    (Field::Baseline, "baseline", "現状値"),
    (Field::TargetValue, "target_value", "目標値"),
    (Field::Actual, "actual", "実績値"),
    (Field::Plan, "plan", "計画値"),
    (Field::Forecast, "forecast", "見込値"),
    (Field::Achievement, "achievement", "達成状況"),
    (Field::Cost, "cost", "事業費"),
    (Field::Budget, "budget", "予算額"),
    (Field::Settlement, "settlement", "決算額"),
    (Field::GeneralFund, "general_fund", "一般財源"),
    (Field::Personnel, "personnel", "人件費"),
    (Field::TotalCost, "total_cost", "トータルコスト"),
    (Field::Evaluation, "evaluation", "評価"),
    (Field::Necessity, "necessity", "必要性"),
    (Field::Effectiveness, "effectiveness", "有効性"),
    (Field::Efficiency, "efficiency", "効率性"),
    (Field::Fairness, "fairness", "公平性"),
    (Field::Direction, "direction", "今後の方向性"),
    (Field::DirectionNote, "direction_note", "方向性の理由"),
    (Field::Result, "result", "取組実績"),
    (Field::Issues, "issues", "課題"),
    (Field::Remarks, "remarks", "備考"),
];

impl Field {
    pub fn all() -> impl Iterator<Item = Field> {
        FIELD_NAMES.iter().map(|e| e.0)
    }

    /// The name used in labels.toml and hoshin.toml.
    pub fn as_str(self) -> &'static str {
        FIELD_NAMES.iter().find(|e| e.0 == self).map_or("", |e| e.1)
    }

    /// Japanese name for previews and sections.
    pub fn label(self) -> &'static str {
        FIELD_NAMES.iter().find(|e| e.0 == self).map_or("", |e| e.2)
    }

    pub fn parse(s: &str) -> Option<Field> {
        FIELD_NAMES.iter().find(|e| e.1 == s).map(|e| e.0)
    }
}

/// Where a program goes next (今後の方向性).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Expand,
    Continue,
    Improve,
    Reduce,
    Suspend,
    Abolish,
    Merge,
    Complete,
}

/// Each direction: its name in labels.toml / hoshin.toml and in Japanese.
const DIRECTION_NAMES: &[(Direction, &str, &str)] = &[
    (Direction::Expand, "expand", "拡充"),
    (Direction::Continue, "continue", "継続"),
    (Direction::Improve, "improve", "改善"),
    (Direction::Reduce, "reduce", "縮小"),
    (Direction::Suspend, "suspend", "休止"),
    (Direction::Abolish, "abolish", "廃止"),
    (Direction::Merge, "merge", "統合"),
    (Direction::Complete, "complete", "完了"),
];

impl Direction {
    pub fn all() -> impl Iterator<Item = Direction> {
        DIRECTION_NAMES.iter().map(|e| e.0)
    }

    /// The name used in labels.toml and hoshin.toml.
    pub fn as_str(self) -> &'static str {
        DIRECTION_NAMES.iter().find(|e| e.0 == self).map_or("", |e| e.1)
    }

    /// Japanese name for previews and sections.
    pub fn label(self) -> &'static str {
        DIRECTION_NAMES.iter().find(|e| e.0 == self).map_or("", |e| e.2)
    }

    pub fn parse(s: &str) -> Option<Direction> {
        DIRECTION_NAMES.iter().find(|e| e.1 == s).map(|e| e.0)
    }
}

impl Field {
    /// A field whose value is one line (a name, an office, a period), not a description.
    pub fn is_one_line(self) -> bool {
        use Field::*;
        matches!(
            self,
            Name | Code
                | Indicator
                | ActivityIndicator
                | OutcomeIndicator
                | Department
                | Bureau
                | Section
                | Policy
                | Measure
                | BasicProject
                | Period
                | PeriodStart
                | PeriodEnd
                | Form
                | Unit
                | Evaluation
                | Necessity
                | Effectiveness
                | Efficiency
                | Fairness
                | Direction
        )
    }

    /// The fields that name who owns a program.
    pub fn is_owner(self) -> bool {
        matches!(self, Field::Department | Field::Bureau | Field::Section)
    }

    /// Column headers of an indicator or cost table rather than fields with one value.
    pub fn is_table_header(self) -> bool {
        use Field::*;
        matches!(
            self,
            Unit | Baseline
                | TargetValue
                | Actual
                | Plan
                | Forecast
                | Achievement
                | Budget
                | Settlement
                | GeneralFund
                | Personnel
                | TotalCost
        )
    }
}

/// Separators between a label and the value in the same cell.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '：' | ':' | '】' | ']' | '］' | '〉' | '>' | '＞' | '》' | '〕' | '＝' | '=')
}

pub(super) fn find(v: &Vocabulary, text: &str) -> Option<LabelHit> {
    let f = fold_label(text);
    let e = v.entries.iter().find(|e| f.chars.starts_with(&e.key))?;
    let n = e.key.len();
    // The whole cell is the label, perhaps with a note in parentheses or a closing bracket.
    let tail: String = f.chars[n..].iter().collect();
    if is_note_only(&tail) {
        return Some(LabelHit { field: e.field, rest: String::new() });
    }
    // A value follows in the same cell: it must be set apart from the label — for a short
    // word that is a label only alone (目的, 施策), by a colon or a closing bracket
    // (「施策：①花のあるまち」), not a space (「目的 を達成するため」).
    let mut rest = &text[f.end_of(text, n - 1)..];
    let (mut separated, mut strong) = (false, false);
    loop {
        let before = rest;
        rest = rest.trim_start_matches(|c: char| {
            let sep = is_separator(c);
            separated |= sep;
            strong |= sep && !c.is_whitespace();
            sep
        });
        if let Some(after) = skip_note(rest) {
            rest = after;
        }
        if rest == before {
            break;
        }
    }
    let rest = rest.trim();
    if !separated || rest.is_empty() || e.exact && !strong {
        return None;
    }
    Some(LabelHit { field: e.field, rest: rest.to_string() })
}

/// 「」, 「（誰を、何を）」, 「】」, 「：」: nothing but a note and separators.
fn is_note_only(tail: &str) -> bool {
    let mut t = tail.trim_start_matches(is_separator);
    while let Some(after) = skip_note(t) {
        t = after.trim_start_matches(is_separator);
    }
    t.is_empty()
}

/// The text after a note in parentheses at the start of `t` (at most 40 characters long).
fn skip_note(t: &str) -> Option<&str> {
    let close = match t.chars().next()? {
        '（' => '）',
        '(' => ')',
        _ => return None,
    };
    let end = t.char_indices().take(40).find(|(_, c)| *c == close)?.0;
    Some(&t[end + close.len_utf8()..])
}
