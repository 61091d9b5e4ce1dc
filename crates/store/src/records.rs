//! Records the store keeps beyond the domain's own: inputs for records the domain has no
//! `New*` struct for, imported documents, judgement scales, audit rows, paging and counts.

use hoshin_domain::{
    BudgetLine, DepartmentId, DocumentId, FiscalYear, Genre, Initiative, InitiativeId, JudgementScale, Meta, NodeId,
    OrgId, RevisionId, UserId,
};
use serde::{Deserialize, Serialize};

/// A bounded window of a list. Lists are ordered stably, so pages do not overlap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub limit: u32,
    pub offset: u32,
}

impl Page {
    /// The most rows one page may hold; larger limits are clamped.
    pub const MAX_LIMIT: u32 = 5_000;

    pub fn first(limit: u32) -> Self {
        Self { limit, offset: 0 }
    }

    pub fn next(self) -> Self {
        Self { limit: self.limit, offset: self.offset.saturating_add(self.limit) }
    }

    pub(crate) fn limit_i64(self) -> i64 {
        i64::from(self.limit.min(Self::MAX_LIMIT))
    }

    pub(crate) fn offset_i64(self) -> i64 {
        i64::from(self.offset)
    }
}

impl Default for Page {
    fn default() -> Self {
        Self::first(100)
    }
}

/// Input for a priority theme (重点項目).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewPriorityTheme {
    pub org_id: OrgId,
    pub fiscal_year: FiscalYear,
    pub name: String,
    pub sort_order: i32,
    /// Shown on public pages. Themes typed when a year is opened are not, until the year's
    /// first policy is published ([`crate::Tx::publish_themes`]); imported ones are.
    pub published: bool,
}

/// Input for a department's stance of one year (部局運営方針); one per department and year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewDepartmentPolicy {
    pub department_id: DepartmentId,
    pub fiscal_year: FiscalYear,
    pub stance: String,
    pub notes: Option<String>,
}

/// Input for a goal review (振り返り); one per initiative and year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewGoalReview {
    pub initiative_id: InitiativeId,
    pub fiscal_year: FiscalYear,
    pub result: Option<String>,
    pub issues_next: Option<String>,
    pub progress: Option<u8>,
    pub judgement: Option<String>,
}

/// Input for a related plan (関連計画 / 個別計画) and the plan nodes it is linked from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewRelatedPlan {
    pub org_id: OrgId,
    pub name: String,
    pub description: Option<String>,
    pub node_ids: Vec<NodeId>,
}

/// What the year-over-year comparison reads of a published initiative (issue 14: a city's
/// two years are hundreds of rows, and the full row — schedule, sections, the JSON columns —
/// cost most of the page's time).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InitiativeBrief {
    pub id: InitiativeId,
    pub department_id: Option<DepartmentId>,
    pub name: String,
    pub summary: Option<String>,
    pub predecessor_id: Option<InitiativeId>,
}

impl From<&Initiative> for InitiativeBrief {
    fn from(i: &Initiative) -> Self {
        Self {
            id: i.id,
            department_id: i.department_id,
            name: i.name.clone(),
            summary: i.summary.clone(),
            predecessor_id: i.predecessor_id,
        }
    }
}

/// An imported source document. `content_hash` is unique per organization, so importing
/// the same bytes again finds this row and updates what was drawn from it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub id: DocumentId,
    pub org_id: OrgId,
    /// What kind of document (総合計画, 部局運営方針, 事務事業評価 …).
    pub genre: Genre,
    pub fiscal_year: Option<FiscalYear>,
    pub title: String,
    pub file_name: Option<String>,
    /// Hex SHA-256 of the file's bytes.
    pub content_hash: String,
    /// Unix milliseconds of the latest import.
    pub imported_at: i64,
    pub meta: Meta,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewDocument {
    pub org_id: OrgId,
    pub genre: Genre,
    pub fiscal_year: Option<FiscalYear>,
    pub title: String,
    pub file_name: Option<String>,
    pub content_hash: String,
}

/// A judgement scale an organization configured (S/A/B/C, 順調/やや遅れ/遅れ …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredScale {
    pub id: i64,
    pub org_id: OrgId,
    pub scale: JudgementScale,
    /// The scale used when a review names none.
    pub is_default: bool,
    pub meta: Meta,
}

/// One audit row: who changed what, with the row before and after as JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    /// The acting user; `None` for the system (imports, the generator).
    pub actor_id: Option<i64>,
    /// Unix milliseconds.
    pub at: i64,
    pub table_name: String,
    pub row_id: i64,
    /// insert / update / delete, or a use case's own verb (approve, publish …).
    pub action: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewAuditEntry {
    pub actor_id: Option<i64>,
    pub table_name: String,
    pub row_id: i64,
    pub action: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// Rows in one table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TableCount {
    pub table: &'static str,
    pub rows: i64,
}

/// Which database a store talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// What a login check needs beyond the [`hoshin_domain::User`]: kept out of `User` so the
/// hash never travels with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credentials {
    pub password_hash: String,
    /// Consecutive failures since the last successful login.
    pub failed_logins: i64,
    /// Unix ms before which logins are refused.
    pub locked_until: Option<i64>,
}

/// A server-side session (the cookie holds the token; the store holds its hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSession {
    pub id: i64,
    pub user_id: hoshin_domain::UserId,
    pub csrf_token: String,
    /// Unix ms.
    pub expires_at: i64,
}

/// What kind of published row a revision removes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RemovalKind {
    Initiative,
    Indicator,
}

impl RemovalKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RemovalKind::Initiative => "initiative",
            RemovalKind::Indicator => "indicator",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "initiative" => Some(RemovalKind::Initiative),
            "indicator" => Some(RemovalKind::Indicator),
            _ => None,
        }
    }
}

/// A published row an editor removed in a revision: publishing the revision deletes it, and
/// nothing else (see migrations/*/0005_hardening.sql).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewRemoval {
    pub revision_id: RevisionId,
    pub kind: RemovalKind,
    /// The published row's id.
    pub live_id: i64,
    /// Its name when it was removed.
    pub name: String,
    pub removed_by: Option<UserId>,
}

/// A stored [`NewRemoval`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removal {
    pub id: i64,
    pub revision_id: RevisionId,
    pub kind: RemovalKind,
    pub live_id: i64,
    pub name: String,
    pub removed_by: Option<UserId>,
    pub meta: Meta,
}

/// Whether the database holds every migration this binary knows (for `/healthz`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MigrationStatus {
    /// Versions this binary embeds, in order.
    pub known: Vec<i64>,
    /// Versions applied successfully in the database.
    pub applied: Vec<i64>,
    /// Applied versions whose text differs from this binary's (an applied migration was edited).
    pub modified: Vec<i64>,
}

impl MigrationStatus {
    /// Known versions not yet applied.
    pub fn pending(&self) -> Vec<i64> {
        self.known.iter().copied().filter(|v| !self.applied.contains(v)).collect()
    }

    /// Applied versions this binary does not know (a newer binary migrated the database).
    pub fn unknown(&self) -> Vec<i64> {
        self.applied.iter().copied().filter(|v| !self.known.contains(v)).collect()
    }

    pub fn current(&self) -> bool {
        self.pending().is_empty() && self.unknown().is_empty() && self.modified.is_empty()
    }
}

/// Connections of the pool, for `/metrics`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PoolState {
    /// Open connections (idle or in use).
    pub size: u32,
    pub idle: u32,
    /// The most the pool opens.
    pub max: u32,
}

/// What a row of the search change log (migration 0006) asks to re-read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChangeKind {
    /// An initiative (its reviews or source documents may be what changed).
    Initiative,
    Indicator,
    Node,
    /// A department policy (its stance).
    Stance,
    /// A revision's workflow state: its draft rows change visibility.
    Revision,
    /// Names of an organization, its departments or themes.
    Organization,
}

impl ChangeKind {
    pub fn parse(code: &str) -> Option<Self> {
        Some(match code {
            "i" => Self::Initiative,
            "k" => Self::Indicator,
            "n" => Self::Node,
            "s" => Self::Stance,
            "r" => Self::Revision,
            "o" => Self::Organization,
            _ => return None,
        })
    }
}

/// One row of the search change log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchChange {
    pub seq: i64,
    pub kind: ChangeKind,
    pub row_id: i64,
}

/// A file a staff member uploaded for import, kept until the commit or its expiry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredUpload {
    pub id: i64,
    /// Names one upload of one or more files (random, unguessable).
    pub batch: String,
    pub org_id: OrgId,
    pub user_id: hoshin_domain::UserId,
    /// The file's place in its batch.
    pub position: i64,
    pub file_name: String,
    /// Hex SHA-256 of `bytes`.
    pub content_hash: String,
    pub bytes: Vec<u8>,
    /// Unix ms after which the upload is gone.
    pub expires_at: i64,
    pub meta: Meta,
}

/// Input for an upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUpload {
    pub batch: String,
    pub org_id: OrgId,
    pub user_id: hoshin_domain::UserId,
    pub position: i64,
    pub file_name: String,
    pub content_hash: String,
    pub bytes: Vec<u8>,
    pub expires_at: i64,
}

/// An upload without its bytes (for audit rows and lists).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UploadSummary {
    pub id: i64,
    pub batch: String,
    pub file_name: String,
    pub content_hash: String,
    pub size: usize,
}

impl From<&StoredUpload> for UploadSummary {
    fn from(u: &StoredUpload) -> Self {
        Self {
            id: u.id,
            batch: u.batch.clone(),
            file_name: u.file_name.clone(),
            content_hash: u.content_hash.clone(),
            size: u.bytes.len(),
        }
    }
}

/// A personal access token's row (migration 0009); the token itself is never stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiToken {
    pub id: i64,
    pub user_id: UserId,
    pub name: String,
    /// The token's first characters (`hoshin_pat_AbCd`), to tell tokens apart in the list.
    pub prefix: String,
    /// Unix ms; `None`: no expiry.
    pub expires_at: Option<i64>,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
    pub created_at: i64,
    pub version: i64,
}

/// A new personal access token: its hash, never the token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewApiToken {
    pub user_id: UserId,
    pub name: String,
    pub token_hash: String,
    pub prefix: String,
    pub expires_at: Option<i64>,
}

/// One message in one user's inbox (migration 0010).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    pub id: i64,
    pub user_id: hoshin_domain::UserId,
    /// `submit`, `return`, `approve`, `publish` or `deadline`.
    pub kind: String,
    pub subject: String,
    pub body: String,
    /// A path of this site the message is about.
    pub link: Option<String>,
    /// Unix ms.
    pub created_at: i64,
    /// Unix ms; `None`: unread.
    pub read_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewNotification {
    pub user_id: hoshin_domain::UserId,
    pub kind: String,
    pub subject: String,
    pub body: String,
    pub link: Option<String>,
    /// When set, a second row with the same key is not written (reminders).
    pub dedupe_key: Option<String>,
}

/// Where an e-mail of the outbox stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailState {
    /// Waiting for `next_attempt_at`.
    Pending,
    /// Claimed by a mailer that is sending it.
    Sending,
    Sent,
    /// Given up after too many attempts.
    Failed,
    /// Mail is not configured: never sent.
    Skipped,
}

impl MailState {
    pub fn as_str(self) -> &'static str {
        match self {
            MailState::Pending => "pending",
            MailState::Sending => "sending",
            MailState::Sent => "sent",
            MailState::Failed => "failed",
            MailState::Skipped => "skipped",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "pending" => MailState::Pending,
            "sending" => MailState::Sending,
            "sent" => MailState::Sent,
            "failed" => MailState::Failed,
            "skipped" => MailState::Skipped,
            _ => return None,
        })
    }
}

/// An e-mail of the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxMail {
    pub id: i64,
    pub dedupe_key: String,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub state: MailState,
    pub attempts: i64,
    pub next_attempt_at: i64,
    pub sent_at: Option<i64>,
    pub last_error: Option<String>,
    pub created_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMail {
    /// One e-mail per key, ever (a second enqueue with the same key is ignored).
    pub dedupe_key: String,
    pub recipient: String,
    pub subject: String,
    pub body: String,
}

/// What a review comment is: a remark in a thread, or the planning office's return comment
/// (migration 0013).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommentKind {
    Comment,
    Return,
}

impl CommentKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CommentKind::Comment => "comment",
            CommentKind::Return => "return",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "comment" => Some(CommentKind::Comment),
            "return" => Some(CommentKind::Return),
            _ => None,
        }
    }
}

/// A comment on a revision: on the policy as a whole (`initiative_id` `None`) or on one of its
/// draft initiatives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewReviewComment {
    pub revision_id: RevisionId,
    pub initiative_id: Option<InitiativeId>,
    /// The initiative's name when the comment was written (kept when the row goes).
    pub initiative_name: Option<String>,
    pub kind: CommentKind,
    pub body: String,
    pub author_id: Option<UserId>,
}

/// A stored [`NewReviewComment`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewComment {
    pub id: i64,
    pub revision_id: RevisionId,
    pub initiative_id: Option<InitiativeId>,
    pub initiative_name: Option<String>,
    pub kind: CommentKind,
    pub body: String,
    pub author_id: Option<UserId>,
    pub meta: Meta,
}

/// Who writes a review stage (migration 0013).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StageWriter {
    /// The department's editors (and planning, admins).
    Department,
    /// Planning and admins only.
    Planning,
}

impl StageWriter {
    pub fn as_str(self) -> &'static str {
        match self {
            StageWriter::Department => "department",
            StageWriter::Planning => "planning",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "department" => Some(StageWriter::Department),
            "planning" => Some(StageWriter::Planning),
            _ => None,
        }
    }
}

/// A review stage of an organization (自己評価, 一次評価 …), written in `position` order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewReviewStage {
    pub org_id: OrgId,
    pub position: i64,
    pub name: String,
    pub writer: StageWriter,
}

/// A stored [`NewReviewStage`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewStage {
    pub id: i64,
    pub org_id: OrgId,
    pub position: i64,
    pub name: String,
    pub writer: StageWriter,
    pub meta: Meta,
}

/// One stage's judgement and comment on a published initiative for a fiscal year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewStageEvaluation {
    pub initiative_id: InitiativeId,
    pub fiscal_year: FiscalYear,
    pub stage_id: i64,
    pub judgement: Option<String>,
    pub comment: Option<String>,
    pub author_id: Option<UserId>,
}

/// A stored [`NewStageEvaluation`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageEvaluation {
    pub id: i64,
    pub initiative_id: InitiativeId,
    pub fiscal_year: FiscalYear,
    pub stage_id: i64,
    pub judgement: Option<String>,
    pub comment: Option<String>,
    pub author_id: Option<UserId>,
    pub meta: Meta,
}

/// A fiscal year whose review is locked (no evaluation or comment is written).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewLock {
    pub id: i64,
    pub org_id: OrgId,
    pub fiscal_year: FiscalYear,
    pub locked_by: Option<UserId>,
    /// Unix ms.
    pub locked_at: i64,
}

/// One stored line of a 財務会計 CSV (migration 0012): its row id, the figures, and the file
/// it was last imported from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredBudgetLine {
    pub id: i64,
    pub line: BudgetLine,
    pub source: String,
    pub version: i64,
}
