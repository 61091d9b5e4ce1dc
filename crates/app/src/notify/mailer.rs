//! Sends the e-mail outbox through SMTP (lettre, on tokio, rustls for TLS). Each row is
//! claimed first (pending → sending, with a guarded UPDATE that only one server wins), then
//! sent, then marked sent; a failed attempt puts it back to pending with the error and a
//! later attempt time (1, 2, 4 … minutes, at most an hour), and after [`MAX_ATTEMPTS`] it is
//! marked failed. A row left `sending` by a server that stopped mid-send is marked failed
//! once its claim runs out, never sent again: the message may have gone out, and a second
//! copy is worse than a missing one (the inbox has it either way).

use super::{NotifySettings, LINK_BASE};
use crate::error::Result;
use hoshin_store::{MailState, OutboxMail, Store};
use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Body, Mailbox};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::fmt;
use std::time::Duration;

/// Attempts before an e-mail is given up (marked failed).
pub const MAX_ATTEMPTS: i64 = 10;
/// How long a claim holds: longer than any one SMTP exchange (see [`MailConfig::timeout_secs`]).
pub const LEASE_MS: i64 = 10 * 60 * 1000;
/// E-mail sent per run at most (the rest wait for the next run).
pub const BATCH: u32 = 100;

/// How the SMTP connection is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TlsMode {
    /// Plain text (a relay on the same host or network only).
    None,
    /// STARTTLS required (port 587).
    #[default]
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
}

impl TlsMode {
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "none" => Some(TlsMode::None),
            "starttls" => Some(TlsMode::Starttls),
            "tls" => Some(TlsMode::Tls),
            _ => None,
        }
    }
}

/// `[mail]` of hoshin.toml: the SMTP server e-mail is sent through. `Debug` hides the password.
#[derive(Clone, PartialEq, Eq)]
pub struct MailConfig {
    pub host: String,
    pub port: u16,
    /// The sender, `hoshin@city.example.lg.jp` or `経営企画課 <hoshin@city.example.lg.jp>`.
    pub from: String,
    pub tls: TlsMode,
    pub username: Option<String>,
    pub password: Option<String>,
    /// The longest one SMTP exchange may take.
    pub timeout_secs: u64,
}

impl fmt::Debug for MailConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MailConfig")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("from", &self.from)
            .field("tls", &self.tls)
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "***"))
            .field("timeout_secs", &self.timeout_secs)
            .finish()
    }
}

impl MailConfig {
    /// Checks what can be checked before sending: the sender address.
    pub fn check(&self) -> std::result::Result<(), String> {
        if self.host.trim().is_empty() {
            return Err("mail.host is empty".into());
        }
        self.from.parse::<Mailbox>().map(|_| ()).map_err(|e| format!("mail.from {:?}: {e}", self.from))
    }

    fn transport(&self) -> std::result::Result<AsyncSmtpTransport<Tokio1Executor>, String> {
        let builder = match self.tls {
            TlsMode::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&self.host),
            TlsMode::Starttls => {
                AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&self.host).map_err(|e| e.to_string())?
            }
            TlsMode::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&self.host).map_err(|e| e.to_string())?,
        };
        let mut builder = builder.port(self.port).timeout(Some(Duration::from_secs(self.timeout_secs.max(1))));
        if let Some(user) = &self.username {
            builder = builder.credentials(Credentials::new(user.clone(), self.password.clone().unwrap_or_default()));
        }
        Ok(builder.build())
    }
}

/// What one run of the mailer did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MailRun {
    pub sent: usize,
    /// Attempts that failed (the row waits for a retry, or is given up).
    pub failed: usize,
    /// Rows marked skipped because mail is not configured.
    pub skipped: u64,
}

/// The wait before attempt `attempts + 1`: 1 minute, doubling, at most an hour.
pub fn backoff_ms(attempts: i64) -> i64 {
    let exp = u32::try_from(attempts.clamp(1, 7) - 1).unwrap_or(0);
    (60_000_i64 << exp).min(3_600_000)
}

/// Sends the e-mail due at `now` (Unix ms). Without `[mail]`, marks it skipped instead.
pub async fn send_due(store: &dyn Store, settings: &NotifySettings, now: i64) -> Result<MailRun> {
    let mut run = MailRun::default();
    // Claims that ran out: the server that held them stopped mid-send.
    for m in store.due_mail(MailState::Sending, now, BATCH).await? {
        let tx = store.begin().await?;
        tx.finish_mail(
            m.id,
            MailState::Failed,
            now,
            now,
            Some("送信中に中断されました（二重送信を避けるため再送しません）"),
        )
        .await?;
        tx.commit().await?;
    }
    let Some(config) = &settings.mail else {
        let tx = store.begin().await?;
        run.skipped = tx.skip_pending_mail().await?;
        tx.commit().await?;
        return Ok(run);
    };
    let due = store.due_mail(MailState::Pending, now, BATCH).await?;
    if due.is_empty() {
        return Ok(run);
    }
    let transport = config.transport();
    for m in due {
        let tx = store.begin().await?;
        let won = tx.claim_mail(m.id, now, now + LEASE_MS).await?;
        tx.commit().await?;
        if !won {
            continue;
        }
        let outcome = match &transport {
            Ok(t) => send_one(t, config, settings, &m).await,
            Err(e) => Err(e.clone()),
        };
        let tx = store.begin().await?;
        match outcome {
            Ok(()) => {
                tx.finish_mail(m.id, MailState::Sent, now_ms(), now, None).await?;
                run.sent += 1;
            }
            Err(e) => {
                let attempts = m.attempts + 1;
                let (state, next) = if attempts >= MAX_ATTEMPTS {
                    (MailState::Failed, now)
                } else {
                    (MailState::Pending, now + backoff_ms(attempts))
                };
                tracing::warn!(mail = m.id, attempts, error = %e, "sending e-mail failed");
                tx.finish_mail(m.id, state, now, next, Some(&e)).await?;
                run.failed += 1;
            }
        }
        tx.commit().await?;
    }
    Ok(run)
}

async fn send_one(
    transport: &AsyncSmtpTransport<Tokio1Executor>,
    config: &MailConfig,
    settings: &NotifySettings,
    m: &OutboxMail,
) -> std::result::Result<(), String> {
    let from: Mailbox = config.from.parse().map_err(|e| format!("from: {e}"))?;
    let to: Mailbox = m.recipient.parse().map_err(|e| format!("to: {e}"))?;
    let base = settings.base_url.as_deref().unwrap_or("").trim_end_matches('/');
    let text = m.body.replace(LINK_BASE, base);
    let message = Message::builder()
        .from(from)
        .to(to)
        .subject(m.subject.clone())
        .header(ContentType::TEXT_PLAIN)
        .body(Body::new_with_encoding(text, ContentTransferEncoding::Base64).map_err(|e| format!("{e:?}"))?)
        .map_err(|e| e.to_string())?;
    transport.send(message).await.map(|_| ()).map_err(|e| e.to_string())
}

fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_an_hour() {
        assert_eq!(backoff_ms(1), 60_000);
        assert_eq!(backoff_ms(2), 120_000);
        assert_eq!(backoff_ms(6), 1_920_000);
        assert_eq!(backoff_ms(7), 3_600_000);
        assert_eq!(backoff_ms(99), 3_600_000);
    }

    #[test]
    fn the_password_is_not_shown() {
        let c = MailConfig {
            host: "smtp.example.jp".into(),
            port: 587,
            from: "hoshin@example.jp".into(),
            tls: TlsMode::Starttls,
            username: Some("hoshin".into()),
            password: Some("s3cret".into()),
            timeout_secs: 30,
        };
        let shown = format!("{c:?}");
        assert!(!shown.contains("s3cret") && shown.contains("***"), "{shown}");
        assert!(c.check().is_ok());
        assert!(MailConfig { from: "not an address".into(), ..c }.check().is_err());
    }
}
