//! Notifications (issue 15): who is told what, when. Each message goes to a user's in-app
//! inbox (`notifications`) and, for users with an e-mail address, to the e-mail outbox
//! (`outbox`), which the mailer sends.
//!
//! - [`on_transition`]: submit → the organization's planning staff and administrators;
//!   return (with the comment), approve, publish → the department's editors. Written inside
//!   the workflow step's own transaction, so a step that rolls back tells nobody and a step
//!   that commits is never lost. The person who took the step is not told of it.
//! - [`deadlines`]: reminders before and after each deadline of a year to the departments
//!   that have not yet submitted or updated, and the 「未更新の部局」 list for planning.
//! - [`inbox`]: a user's inbox, marking read, their e-mail address.
//! - [`mailer`]: sends the outbox through SMTP (lettre), with retries; [`scheduler`] runs the
//!   reminders and the mailer inside `hoshin serve`.
//!
//! Nothing is sent twice: every reminder and every e-mail has a dedupe key the database
//! keeps UNIQUE, and the mailer claims a row (pending → sending) with a guarded UPDATE before
//! it sends, so several servers or a restart cannot send a row again.

pub mod deadlines;
pub mod inbox;
pub mod mailer;
pub mod scheduler;

use crate::access::{may_edit_department, Actor};
use crate::error::Result;
use hoshin_domain::*;
use hoshin_store::{NewMail, NewNotification, Tx};

pub use mailer::{MailConfig, TlsMode};

/// Settings of notifications (`[mail]` and `[notify]` in hoshin.toml).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotifySettings {
    /// SMTP; `None`: in-app only (queued e-mail is marked skipped, never sent).
    pub mail: Option<MailConfig>,
    /// Days before a deadline a reminder goes out (each once), e.g. `[15]`.
    pub remind_before: Vec<u32>,
    /// Days after a deadline a reminder goes out while a department is still behind, e.g. `[3]`.
    pub remind_after: Vec<u32>,
    /// How often the scheduler looks for due reminders and e-mail, in seconds.
    pub interval_secs: u64,
    /// This site's address for links in e-mail (`https://hoshin.example.jp`); `None`: paths only.
    pub base_url: Option<String>,
}

impl Default for NotifySettings {
    fn default() -> Self {
        Self { mail: None, remind_before: vec![15], remind_after: vec![3], interval_secs: 60, base_url: None }
    }
}

/// Stands for this site's address before a link in a queued e-mail; the mailer puts
/// [`NotifySettings::base_url`] there when it sends (so the address is the one configured then).
pub const LINK_BASE: &str = "{base_url}";

/// One message to several users: an inbox row each, an e-mail each for those with an address.
#[derive(Debug, Clone)]
pub(crate) struct Message {
    pub kind: &'static str,
    pub subject: String,
    pub body: String,
    pub link: String,
    /// Makes each recipient's copy unique (`{key}:u{user}`); the e-mail's key is the same.
    pub key: String,
}

/// Writes `msg` for each of `users` inside `tx`; returns how many inbox rows were new (a
/// recipient whose copy exists already, by key, gets nothing more).
pub(crate) async fn deliver(tx: &dyn Tx, users: &[UserId], msg: &Message) -> Result<usize> {
    let emails = tx.user_emails(users).await?;
    let mut written = 0;
    for u in users {
        let key = format!("{}:u{}", msg.key, u.0);
        let new = NewNotification {
            user_id: *u,
            kind: msg.kind.to_string(),
            subject: msg.subject.clone(),
            body: msg.body.clone(),
            link: Some(msg.link.clone()),
            dedupe_key: Some(key.clone()),
        };
        if tx.insert_notification(&new).await?.is_none() {
            continue;
        }
        written += 1;
        if let Some((_, address)) = emails.iter().find(|(id, _)| id == u) {
            let body = format!("{}\n\n{LINK_BASE}{}\n\n-- \nhoshin（このメールは送信専用です）", msg.body, msg.link);
            tx.enqueue_mail(&NewMail {
                dedupe_key: key,
                recipient: address.clone(),
                subject: msg.subject.clone(),
                body,
            })
            .await?;
        }
    }
    Ok(written)
}

/// The department's editors (active, of its organization, assigned to it or its 部).
pub(crate) fn editors_of(users: &[User], dept: &Department) -> Vec<UserId> {
    users.iter().filter(|u| u.role == Role::Editor && may_edit_department(u, dept)).map(|u| u.id).collect()
}

/// The organization's active planning staff and administrators.
pub(crate) fn planners_of(users: &[User], org: OrgId) -> Vec<UserId> {
    users.iter().filter(|u| !u.disabled && u.org_id == org && u.role.plans()).map(|u| u.id).collect()
}

/// The staff page of a department's policy for a year.
pub fn policy_path(year: FiscalYear, dept: DepartmentId) -> String {
    format!("/manage/{}/departments/{}", year.year(), dept.0)
}

/// Tells who needs to know of a workflow step just taken on `rev` (state and version after
/// the step), inside the step's transaction.
pub async fn on_transition(
    tx: &dyn Tx,
    actor: &Actor,
    rev: &PolicyRevision,
    dept: &Department,
    step: Transition,
) -> Result<usize> {
    let users = tx.list_users(dept.org_id).await?;
    let mut to = match step {
        Transition::Submit => planners_of(&users, dept.org_id),
        Transition::Return | Transition::Approve | Transition::Publish => editors_of(&users, dept),
    };
    if let Some(me) = actor.user_id() {
        to.retain(|u| *u != me);
    }
    if to.is_empty() {
        return Ok(0);
    }
    let who = actor.user().map_or_else(|| "システム".to_string(), |u| u.display_name.clone());
    let what = format!("{}の{}部局運営方針", dept.name, rev.fiscal_year.label());
    let (subject, body) = match step {
        Transition::Submit => (
            format!("【提出】{what}"),
            format!(
                "{who}さんが{what}（第{}版）を提出しました。内容を確認し、承認または差戻しをしてください。",
                rev.number
            ),
        ),
        Transition::Return => (
            format!("【差戻し】{what}"),
            format!(
                "{who}さんが{what}（第{}版）を差し戻しました。\n\n差戻しの理由:\n{}\n\n修正して再提出してください。",
                rev.number,
                rev.comment.as_deref().unwrap_or("")
            ),
        ),
        Transition::Approve => (
            format!("【承認】{what}"),
            format!("{who}さんが{what}（第{}版）を承認しました。公開されるまで一般には表示されません。", rev.number),
        ),
        Transition::Publish => (
            format!("【公開】{what}"),
            format!("{who}さんが{what}（第{}版）を公開しました。公開ページに表示されています。", rev.number),
        ),
    };
    let msg = Message {
        kind: step.as_str(),
        subject,
        body,
        link: policy_path(rev.fiscal_year, dept.id),
        key: format!("rev{}:{}:v{}", rev.id.0, step.as_str(), rev.meta.version),
    };
    deliver(tx, &to, &msg).await
}
