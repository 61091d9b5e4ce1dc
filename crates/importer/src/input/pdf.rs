//! PDF with a text layer, read by poppler's `pdftotext -layout` (Debian poppler-utils, with
//! poppler-data for Japanese CID fonts): it keeps the reading order and a form's columns
//! aligned by spaces (measured against the pdf-extract crate in docs/IMPORTER.md). The PDF goes
//! in on stdin and the text comes back on stdout, with a time and size limit; each page (ended
//! by a form feed) starts a page of the result.

use std::io::{Read, Write};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::{Decoded, InputKind, Lines, Origin};
use crate::error::ImportError;

/// The program that turns a PDF into text.
pub(crate) const TOOL: &str = "pdftotext";
/// Longest a PDF may take.
const TIMEOUT: Duration = Duration::from_secs(120);
/// Most text read back (bytes).
const MAX_OUTPUT: u64 = 64 * 1024 * 1024;

/// Reads a PDF with `pdftotext` found on the PATH.
pub(crate) fn read(file: &str, bytes: &[u8]) -> Result<Decoded, ImportError> {
    read_with(TOOL, file, bytes)
}

/// Reads a PDF with the given `pdftotext` program.
pub(crate) fn read_with(tool: &str, file: &str, bytes: &[u8]) -> Result<Decoded, ImportError> {
    let text = run(tool, file, bytes)?;
    let mut out = Lines::default();
    let mut pages = 0;
    let mut pieces: Vec<&str> = text.split('\u{c}').collect();
    if pieces.len() > 1 && pieces.last().is_some_and(|p| p.trim().is_empty()) {
        pieces.pop();
    }
    for (i, page) in pieces.iter().enumerate() {
        pages += 1;
        out.new_page();
        for (j, line) in page.lines().enumerate() {
            let page_no = u32::try_from(i + 1).unwrap_or(u32::MAX);
            out.push(line.trim_end().to_string(), Origin::Page { page: page_no, line: j + 1 });
        }
    }
    if !text.chars().any(|c| !c.is_whitespace() && c != '\u{c}') {
        return Err(ImportError::PdfNoText { file: file.to_string(), pages });
    }
    Ok(out.finish(InputKind::Pdf, None))
}

fn tool_error(file: &str, message: impl Into<String>) -> ImportError {
    ImportError::PdfTool { file: file.to_string(), message: message.into() }
}

/// Runs the tool on the bytes: stdin in, stdout out, stderr kept for the error.
fn run(tool: &str, file: &str, bytes: &[u8]) -> Result<String, ImportError> {
    let mut child = Command::new(tool)
        .args(["-layout", "-enc", "UTF-8", "-eol", "unix", "-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => {
                ImportError::PdfToolMissing { file: file.to_string(), tool: tool.to_string() }
            }
            _ => tool_error(file, format!("could not start {tool}: {e}")),
        })?;
    let (Some(mut stdin), Some(stdout), Some(stderr)) = (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        let _ = child.kill();
        return Err(tool_error(file, "no pipes to the tool"));
    };
    let input = bytes.to_vec();
    // A broken pipe only means the tool stopped reading (it reports why on stderr).
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let out_reader = std::thread::spawn(move || drain(stdout, MAX_OUTPUT + 1));
    let err_reader = std::thread::spawn(move || drain(stderr, 64 * 1024));
    let status = wait(&mut child, file)?;
    let _ = writer.join();
    let out = out_reader.join().unwrap_or_default();
    let err = String::from_utf8_lossy(&err_reader.join().unwrap_or_default()).to_string();
    if out.len() as u64 > MAX_OUTPUT {
        return Err(tool_error(file, format!("more than {MAX_OUTPUT} bytes of text")));
    }
    if err.contains("Incorrect password") || status.code() == Some(3) {
        return Err(ImportError::PdfEncrypted { file: file.to_string() });
    }
    if err.contains("Missing language pack") {
        return Err(tool_error(file, "the Japanese font maps are missing: install the Debian package poppler-data"));
    }
    if !status.success() {
        let why = err.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("no message").trim();
        return Err(ImportError::Damaged { file: file.to_string(), kind: "PDF".into(), message: why.to_string() });
    }
    Ok(String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}

/// Reads up to `limit` bytes and throws the rest away, so the tool never blocks on a full pipe.
fn drain(mut pipe: impl Read, limit: u64) -> Vec<u8> {
    let mut buf = Vec::new();
    let _ = (&mut pipe).take(limit).read_to_end(&mut buf);
    let _ = std::io::copy(&mut pipe, &mut std::io::sink());
    buf
}

/// Waits for the tool, killing it after [`TIMEOUT`].
fn wait(child: &mut Child, file: &str) -> Result<std::process::ExitStatus, ImportError> {
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Ok(status),
            Ok(None) if start.elapsed() > TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(tool_error(file, format!("no result after {} s", TIMEOUT.as_secs())));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => return Err(tool_error(file, format!("waiting for the tool: {e}"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_tool_names_the_debian_packages() {
        let err = read_with("pdftotext-not-installed-here", "plan.pdf", b"%PDF-1.4\n").expect_err("missing tool");
        let msg = err.to_string();
        assert!(matches!(err, ImportError::PdfToolMissing { .. }), "{msg}");
        assert!(msg.contains("plan.pdf") && msg.contains("poppler-utils") && msg.contains("poppler-data"), "{msg}");
    }
}
