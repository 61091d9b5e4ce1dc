//! The editing cycle's vocabulary: staff roles, the states a department policy's revision
//! moves through (draft → submitted → returned / approved → published) and the records
//! that hold them (users, fiscal cycles, revisions, the draft marker on rows).

use crate::error::DomainError;
use crate::ids::*;
use crate::model::Meta;
use crate::{Day, FiscalYear};
use serde::{Deserialize, Serialize};

/// What a staff member may do within their own organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Accounts and settings (and everything planning may do).
    Admin,
    /// 経営企画課: every department, the plan tree, the cycle; approves, returns, publishes.
    Planning,
    /// A department's staff: writes their own department(s)' policy, actuals and reviews.
    Editor,
    /// Reads internal pages (drafts, the dashboard); writes nothing.
    Viewer,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Admin, Role::Planning, Role::Editor, Role::Viewer];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Planning => "planning",
            Role::Editor => "editor",
            Role::Viewer => "viewer",
        }
    }

    pub fn parse(s: &str) -> Result<Self, DomainError> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| DomainError::Unknown { kind: "role", value: s.to_string() })
    }

    /// The Japanese name shown in the UI.
    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => "システム管理者",
            Role::Planning => "企画担当（経営企画課）",
            Role::Editor => "部局担当",
            Role::Viewer => "閲覧者",
        }
    }

    /// Planning rights: every department, the cycle, approval and publication.
    pub fn plans(self) -> bool {
        matches!(self, Role::Admin | Role::Planning)
    }
}

/// Where a revision of a department's policy stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RevisionState {
    Draft,
    Submitted,
    Returned,
    Approved,
    Published,
}

/// A step of the workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Transition {
    Submit,
    Return,
    Approve,
    Publish,
}

impl RevisionState {
    pub const ALL: [RevisionState; 5] = [
        RevisionState::Draft,
        RevisionState::Submitted,
        RevisionState::Returned,
        RevisionState::Approved,
        RevisionState::Published,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RevisionState::Draft => "draft",
            RevisionState::Submitted => "submitted",
            RevisionState::Returned => "returned",
            RevisionState::Approved => "approved",
            RevisionState::Published => "published",
        }
    }

    pub fn parse(s: &str) -> Result<Self, DomainError> {
        RevisionState::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| DomainError::Unknown { kind: "revision state", value: s.to_string() })
    }

    pub fn label(self) -> &'static str {
        match self {
            RevisionState::Draft => "作成中",
            RevisionState::Submitted => "提出済み（承認待ち）",
            RevisionState::Returned => "差戻し",
            RevisionState::Approved => "承認済み（公開待ち）",
            RevisionState::Published => "公開済み",
        }
    }

    /// Whether the department may still change the content.
    pub fn editable(self) -> bool {
        matches!(self, RevisionState::Draft | RevisionState::Returned)
    }

    /// The state a transition leads to from here, or `None` when it is not allowed.
    pub fn after(self, t: Transition) -> Option<RevisionState> {
        use RevisionState::*;
        match (self, t) {
            (Draft | Returned, Transition::Submit) => Some(Submitted),
            (Submitted | Approved, Transition::Return) => Some(Returned),
            (Submitted, Transition::Approve) => Some(Approved),
            (Approved, Transition::Publish) => Some(Published),
            _ => None,
        }
    }
}

impl Transition {
    pub fn as_str(self) -> &'static str {
        match self {
            Transition::Submit => "submit",
            Transition::Return => "return",
            Transition::Approve => "approve",
            Transition::Publish => "publish",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Transition::Submit => "提出",
            Transition::Return => "差戻し",
            Transition::Approve => "承認",
            Transition::Publish => "公開",
        }
    }
}

/// Marks a row of `initiatives` / `indicators` as part of an unpublished or past revision
/// rather than the published record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub revision_id: RevisionId,
    /// The published row this one revises (`None`: new in this revision).
    pub live_id: Option<i64>,
}

/// A staff account (the password hash never leaves the store's auth queries).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct User {
    pub id: UserId,
    pub org_id: OrgId,
    pub login: String,
    pub display_name: String,
    pub role: Role,
    /// Departments an editor writes for (ignored for other roles).
    pub departments: Vec<DepartmentId>,
    pub disabled: bool,
    pub meta: Meta,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewUser {
    pub org_id: OrgId,
    pub login: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: Role,
    pub departments: Vec<DepartmentId>,
}

/// A fiscal year the planning office opened, with its deadlines (ISO dates, YYYY-MM-DD) and
/// its publication: the year is public only once planning published it (migration 0011).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FiscalCycle {
    pub id: CycleId,
    pub org_id: OrgId,
    pub fiscal_year: FiscalYear,
    pub policy_due: Option<Day>,
    pub midyear_due: Option<Day>,
    pub yearend_due: Option<Day>,
    pub opened_by: Option<UserId>,
    /// Who published the year; `None` also when that account is gone.
    pub published_by: Option<UserId>,
    /// When the year was published (Unix ms); `None`: not public yet.
    pub published_at: Option<i64>,
    /// The day in Japan the year was published.
    pub published_on: Option<Day>,
    pub meta: Meta,
}

impl FiscalCycle {
    /// Whether the planning office has published the year.
    pub fn is_published(&self) -> bool {
        self.published_at.is_some()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewCycle {
    pub org_id: OrgId,
    pub fiscal_year: FiscalYear,
    pub policy_due: Option<Day>,
    pub midyear_due: Option<Day>,
    pub yearend_due: Option<Day>,
    pub opened_by: Option<UserId>,
}

/// One revision of a department's policy for a year: the stance is held here, the
/// initiatives and indicators are rows marked with [`Draft`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PolicyRevision {
    pub id: RevisionId,
    pub department_id: DepartmentId,
    pub fiscal_year: FiscalYear,
    pub number: i32,
    pub state: RevisionState,
    pub stance: String,
    pub notes: Option<String>,
    /// Why the planning office returned it.
    pub comment: Option<String>,
    pub created_by: Option<UserId>,
    pub submitted_by: Option<UserId>,
    pub submitted_at: Option<i64>,
    pub decided_by: Option<UserId>,
    pub decided_at: Option<i64>,
    pub published_by: Option<UserId>,
    pub published_at: Option<i64>,
    pub meta: Meta,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewRevision {
    pub department_id: DepartmentId,
    pub fiscal_year: FiscalYear,
    pub stance: String,
    pub notes: Option<String>,
    pub created_by: Option<UserId>,
}

/// A date as typed into a deadline or schedule field ([`Day::parse`]); empty means none.
pub fn parse_due(s: &str) -> Result<Option<Day>, DomainError> {
    if s.trim().is_empty() {
        return Ok(None);
    }
    Day::parse(s).map(Some)
}

/// Whether `s` is written the way a date is (so that a wrong one is refused, not taken as text).
pub fn looks_like_date(s: &str) -> bool {
    let t: String = crate::text::nfkc(s.trim()).chars().filter(|c| !c.is_whitespace()).collect();
    date_parts(&t).is_some_and(|(y, m, d)| {
        let digits = |p: &str| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit());
        digits(m) && digits(d) && !y.is_empty()
    })
}

/// (year, month, day) as written: `Y年M月D日` or three parts separated by `-`, `/` or `.`.
fn date_parts(t: &str) -> Option<(&str, &str, &str)> {
    if let Some(body) = t.strip_suffix('日') {
        let (y, rest) = body.split_once('年')?;
        let (m, d) = rest.split_once('月')?;
        return Some((y, m, d));
    }
    let mut parts = t.split(['-', '/', '.']);
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    parts.next().is_none().then_some((y, m, d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_allows_only_its_steps() {
        use RevisionState::*;
        assert_eq!(Draft.after(Transition::Submit), Some(Submitted));
        assert_eq!(Returned.after(Transition::Submit), Some(Submitted));
        assert_eq!(Submitted.after(Transition::Return), Some(Returned));
        assert_eq!(Submitted.after(Transition::Approve), Some(Approved));
        assert_eq!(Approved.after(Transition::Publish), Some(Published));
        assert_eq!(Draft.after(Transition::Approve), None);
        assert_eq!(Draft.after(Transition::Publish), None);
        assert_eq!(Submitted.after(Transition::Publish), None);
        assert_eq!(Published.after(Transition::Submit), None);
        assert!(Draft.editable() && Returned.editable() && !Submitted.editable() && !Published.editable());
    }

    #[test]
    fn names_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()).unwrap(), r);
        }
        for s in RevisionState::ALL {
            assert_eq!(RevisionState::parse(s.as_str()).unwrap(), s);
        }
        assert!(Role::parse("root").is_err());
    }

    #[test]
    fn due_dates_are_checked() {
        assert_eq!(parse_due("2025-06-30").unwrap().map(Day::iso).as_deref(), Some("2025-06-30"));
        assert_eq!(parse_due("２０２５/６/３").unwrap().map(Day::iso).as_deref(), Some("2025-06-03"));
        assert_eq!(parse_due("令和7年6月30日").unwrap().map(Day::iso).as_deref(), Some("2025-06-30"));
        assert_eq!(parse_due(" ").unwrap(), None);
        assert!(parse_due("2025-02-30").is_err());
        assert!(parse_due("2024-02-29").is_ok());
        assert!(parse_due("30 June").is_err());
        assert!(parse_due("6月30日").is_err(), "no year");
    }

    #[test]
    fn due_dates_in_wareki_and_kanji() {
        for (typed, iso) in [
            ("令和9年6月30日", "2027-06-30"),
            ("令和元年5月1日", "2019-05-01"),
            ("令和 ９年 ６月 ３０日", "2027-06-30"),
            ("R9.6.30", "2027-06-30"),
            ("r9/6/30", "2027-06-30"),
            ("平成31年3月31日", "2019-03-31"),
            ("2026年6月30日", "2026-06-30"),
            ("2026.6.30", "2026-06-30"),
        ] {
            assert_eq!(parse_due(typed).unwrap().map(Day::iso).as_deref(), Some(iso), "{typed}");
        }
        for wrong in ["令和9年2月30日", "令和9年13月1日", "令和年6月30日", "明日", "2026年度中"] {
            assert!(parse_due(wrong).is_err(), "{wrong}");
        }
        assert!(looks_like_date("令和9年13月1日") && looks_like_date("2026-13-40") && looks_like_date("R9.6.31"));
        assert!(!looks_like_date("2026年度中") && !looks_like_date("6月") && !looks_like_date("随時"));
    }
}
