//! Document genres: 部局運営方針, 総合計画の章, 施策シート, 目標と振り返り, 事務事業評価シート.

use crate::DomainError;
use serde::{Deserialize, Serialize};

/// The genres of the documents a city publishes and hoshin imports; stored as [`Genre::as_str`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Genre {
    /// 部局運営方針.
    DepartmentPolicy,
    /// 総合計画 chapter (施策, 目指す姿, 現況と課題, 指標, 関連計画).
    PlanChapter,
    /// 施策 sheets with 取組み and 行革の視点.
    MeasureSheet,
    /// 部局の目標と振り返り.
    GoalReview,
    /// 事務事業評価シート.
    EvaluationSheet,
}

impl Genre {
    pub const ALL: [Genre; 5] =
        [Genre::DepartmentPolicy, Genre::PlanChapter, Genre::MeasureSheet, Genre::GoalReview, Genre::EvaluationSheet];

    /// The genre stored as [`Genre::as_str`].
    pub fn parse(s: &str) -> Option<Genre> {
        Self::ALL.into_iter().find(|g| g.as_str() == s)
    }

    /// As [`Genre::parse`], or the error naming the unknown value.
    pub fn from_stored(s: &str) -> Result<Genre, DomainError> {
        Self::parse(s).ok_or_else(|| DomainError::Unknown { kind: "document genre", value: s.to_string() })
    }

    /// Japanese name for the UI.
    pub fn label(self) -> &'static str {
        match self {
            Genre::DepartmentPolicy => "部局運営方針",
            Genre::PlanChapter => "総合計画（章）",
            Genre::MeasureSheet => "施策シート",
            Genre::GoalReview => "部局の目標と振り返り",
            Genre::EvaluationSheet => "事務事業評価シート",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Genre::DepartmentPolicy => "department_policy",
            Genre::PlanChapter => "plan_chapter",
            Genre::MeasureSheet => "measure_sheet",
            Genre::GoalReview => "goal_review",
            Genre::EvaluationSheet => "evaluation_sheet",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_names_round_trip_and_unknown_ones_are_errors() {
        for g in Genre::ALL {
            assert_eq!(Genre::from_stored(g.as_str()).ok(), Some(g));
        }
        assert!(Genre::from_stored("minutes").is_err());
    }
}
