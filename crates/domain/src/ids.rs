//! Newtype ids: one type per table, so an `InitiativeId` can never be passed where a
//! `DepartmentId` is wanted.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl From<i64> for $name {
            fn from(v: i64) -> Self {
                Self(v)
            }
        }
    )*};
}

id_type!(
    /// An organization (自治体).
    OrgId,
    /// A department (部局) or section (課).
    DepartmentId,
    /// A plan (総合計画, 基本計画, 部局運営方針 …).
    PlanId,
    /// A node of a plan tree (政策, 施策, 取組方針 …).
    NodeId,
    /// A priority theme (重点項目) of one organization and year.
    ThemeId,
    /// An initiative (取組, 事務事業).
    InitiativeId,
    /// A department's stance for one year (部局運営方針).
    DepartmentPolicyId,
    /// An indicator (指標 / KPI).
    IndicatorId,
    /// A goal review (振り返り) of one initiative and year.
    GoalReviewId,
    /// A related plan (関連計画 / 個別計画).
    RelatedPlanId,
    /// An imported source document.
    DocumentId,
    /// A staff account.
    UserId,
    /// One revision of a department's policy for a year (the unit of the approval workflow).
    RevisionId,
    /// A fiscal year the planning office opened.
    CycleId,
);
