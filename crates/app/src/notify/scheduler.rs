//! The background task inside `hoshin serve`: every [`NotifySettings::interval_secs`] it
//! writes the deadline reminders due today and sends the e-mail due now. What was written and
//! sent is in the database, so a restart, or several servers on one database, neither miss nor
//! repeat anything; the only memory between runs is [`deadlines::Memo`], which lets a server
//! skip re-reading a year for a reminder it already wrote today.

use super::{deadlines, mailer};
use crate::App;
use std::time::Duration;

/// What one run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Run {
    /// New inbox rows of reminders.
    pub reminders: usize,
    pub mail: mailer::MailRun,
}

/// One run: reminders for `app.today()`, then the e-mail due now.
pub async fn run_once(app: &App) -> crate::Result<Run> {
    run_with(app, &mut deadlines::Memo::default()).await
}

/// [`run_once`] with the server's memo of today's finished reminder passes.
async fn run_with(app: &App, memo: &mut deadlines::Memo) -> crate::Result<Run> {
    let store = app.store.as_ref();
    let reminders = deadlines::remind_with(store, &app.notify, app.today(), memo).await?;
    let mail = mailer::send_due(store, &app.notify, now_ms()).await?;
    Ok(Run { reminders, mail })
}

/// Starts the task; it runs until the returned handle is aborted (or the runtime ends). A
/// failed run is logged and the next one tries again.
pub fn spawn(app: App) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(app.notify.interval_secs.max(1)));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut memo = deadlines::Memo::default();
        loop {
            tick.tick().await;
            match run_with(&app, &mut memo).await {
                Ok(run) if run.reminders > 0 || run.mail != mailer::MailRun::default() => {
                    tracing::info!(
                        reminders = run.reminders,
                        sent = run.mail.sent,
                        failed = run.mail.failed,
                        skipped = run.mail.skipped,
                        "notifications"
                    );
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "notification run failed"),
            }
        }
    })
}

fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
}
