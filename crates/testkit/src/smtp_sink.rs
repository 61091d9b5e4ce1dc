//! A tiny SMTP server for tests: it listens on 127.0.0.1 (a free port), answers EHLO/HELO,
//! MAIL, RCPT, DATA, RSET, NOOP and QUIT, and keeps every message it accepted. It can be
//! switched "down" (every connection is greeted with `421` and closed), as a mail server that
//! is out of service would. No TLS, no authentication: hoshin is configured with `tls = "none"`
//! against it.

use anyhow::{Context, Result};
use base64::Engine;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// One message the sink accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SinkMessage {
    /// The envelope sender (MAIL FROM).
    pub from: String,
    /// The envelope recipients (RCPT TO), as given.
    pub to: Vec<String>,
    /// The message as sent after DATA (headers and body, CRLF line ends, dot-unstuffed).
    pub data: String,
}

impl SinkMessage {
    /// A header's raw value (folded lines joined), by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<String> {
        let head = self.data.split("\r\n\r\n").next().unwrap_or("");
        let mut out: Option<String> = None;
        let mut current = false;
        for line in head.split("\r\n") {
            if line.starts_with([' ', '\t']) {
                if current {
                    if let Some(v) = out.as_mut() {
                        v.push_str(line);
                    }
                }
                continue;
            }
            current = false;
            if let Some((n, v)) = line.split_once(':') {
                if n.eq_ignore_ascii_case(name) && out.is_none() {
                    out = Some(v.trim().to_string());
                    current = true;
                }
            }
        }
        out
    }

    /// The Subject, with RFC 2047 encoded words (`=?utf-8?b?…?=`, `=?utf-8?q?…?=`) decoded.
    pub fn subject(&self) -> String {
        decode_words(&self.header("Subject").unwrap_or_default())
    }

    /// The body as text: base64 decoded when `Content-Transfer-Encoding: base64`.
    pub fn body(&self) -> String {
        let body = self.data.split_once("\r\n\r\n").map_or("", |(_, b)| b);
        let cte = self.header("Content-Transfer-Encoding").unwrap_or_default().to_ascii_lowercase();
        if cte == "base64" {
            let joined: String = body.chars().filter(|c| !c.is_whitespace()).collect();
            let bytes = base64::engine::general_purpose::STANDARD.decode(joined).unwrap_or_default();
            String::from_utf8_lossy(&bytes).into_owned()
        } else {
            body.to_string()
        }
    }
}

fn decode_words(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(start) = rest.find("=?") {
        // Whitespace between two encoded words is not part of the text (RFC 2047 §6.2).
        let between = &rest[..start];
        if !between.trim().is_empty() {
            out.push_str(between);
        }
        let after = &rest[start + 2..];
        let parts: Vec<&str> = after.splitn(3, '?').collect();
        let Some(end) = parts.get(2).and_then(|p| p.find("?=")) else {
            out.push_str(&rest[start..]);
            return out;
        };
        let (enc, text) = (parts[1].to_ascii_lowercase(), &parts[2][..end]);
        let bytes = if enc == "b" {
            base64::engine::general_purpose::STANDARD.decode(text).unwrap_or_default()
        } else {
            q_decode(text)
        };
        out.push_str(&String::from_utf8_lossy(&bytes));
        rest = &parts[2][end + 2..];
    }
    out.push_str(rest);
    out
}

fn q_decode(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'_' => out.push(b' '),
            b'=' if i + 2 < b.len() => {
                if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                    out.push(v);
                }
                i += 2;
            }
            c => out.push(c),
        }
        i += 1;
    }
    out
}

/// A running sink; it stops when dropped.
#[derive(Debug)]
pub struct SmtpSink {
    pub port: u16,
    messages: Arc<Mutex<Vec<SinkMessage>>>,
    down: Arc<AtomicBool>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl SmtpSink {
    /// Starts a sink on a free port of 127.0.0.1.
    pub async fn start() -> Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").await.context("binding the SMTP sink")?;
        let port = listener.local_addr()?.port();
        let messages = Arc::new(Mutex::new(Vec::new()));
        let down = Arc::new(AtomicBool::new(false));
        let (m, d) = (messages.clone(), down.clone());
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (m, d) = (m.clone(), d.clone());
                tokio::spawn(async move {
                    let _ = session(stream, m, d).await;
                });
            }
        });
        Ok(Self { port, messages, down, task })
    }

    /// Every message accepted so far, in order.
    pub fn messages(&self) -> Vec<SinkMessage> {
        self.messages.lock().map(|m| m.clone()).unwrap_or_default()
    }

    /// Down: greet every connection with `421` and close it.
    pub fn set_down(&self, down: bool) {
        self.down.store(down, Ordering::SeqCst);
    }
}

async fn session(
    stream: tokio::net::TcpStream,
    messages: Arc<Mutex<Vec<SinkMessage>>>,
    down: Arc<AtomicBool>,
) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read);
    if down.load(Ordering::SeqCst) {
        write.write_all(b"421 4.3.2 sink is down\r\n").await?;
        return Ok(());
    }
    write.write_all(b"220 sink.test ESMTP\r\n").await?;
    let (mut from, mut to) = (String::new(), Vec::new());
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let cmd = line.trim_end().to_string();
        let upper = cmd.to_ascii_uppercase();
        if upper.starts_with("EHLO") {
            write.write_all(b"250-sink.test\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n").await?;
        } else if upper.starts_with("HELO") || upper.starts_with("NOOP") {
            write.write_all(b"250 OK\r\n").await?;
        } else if upper.starts_with("RSET") {
            from.clear();
            to.clear();
            write.write_all(b"250 OK\r\n").await?;
        } else if upper.starts_with("MAIL FROM:") {
            from = address(&cmd["MAIL FROM:".len()..]);
            write.write_all(b"250 OK\r\n").await?;
        } else if upper.starts_with("RCPT TO:") {
            to.push(address(&cmd["RCPT TO:".len()..]));
            write.write_all(b"250 OK\r\n").await?;
        } else if upper == "DATA" {
            write.write_all(b"354 end with <CRLF>.<CRLF>\r\n").await?;
            let mut data = String::new();
            loop {
                line.clear();
                if lines.read_line(&mut line).await? == 0 {
                    return Ok(());
                }
                if line == ".\r\n" || line == ".\n" {
                    break;
                }
                data.push_str(line.strip_prefix('.').unwrap_or(&line));
            }
            if let Ok(mut m) = messages.lock() {
                m.push(SinkMessage { from: std::mem::take(&mut from), to: std::mem::take(&mut to), data });
            }
            write.write_all(b"250 OK queued\r\n").await?;
        } else if upper.starts_with("QUIT") {
            write.write_all(b"221 bye\r\n").await?;
            return Ok(());
        } else {
            write.write_all(b"502 command not implemented\r\n").await?;
        }
    }
}

/// `<a@b.jp> SIZE=…` → `a@b.jp`.
fn address(s: &str) -> String {
    let s = s.trim();
    match (s.find('<'), s.find('>')) {
        (Some(a), Some(b)) if a < b => s[a + 1..b].to_string(),
        _ => s.split_whitespace().next().unwrap_or("").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoded_words_decode() {
        assert_eq!(decode_words("=?utf-8?b?44GC44GE?="), "あい");
        assert_eq!(decode_words("=?utf-8?b?44GC?= =?utf-8?b?44GE?="), "あい");
        assert_eq!(decode_words("plain"), "plain");
        assert_eq!(decode_words("=?utf-8?q?a_b=3D?="), "a b=");
    }
}
