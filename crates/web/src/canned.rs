//! The HTTP parser (hyper) answers a request it cannot read — a malformed request line, an
//! address over 64 KiB, a header block over its buffer — by itself, before any of our code
//! runs, with an empty body. [`Canned`] wraps a connection and replaces exactly those
//! answers with the Japanese error page: a write that is a whole `HTTP/1.x 400|414|431` head
//! with `content-length: 0` and nothing after it. The application never sends such a head
//! (its error answers always carry the page), so nothing else is touched.

use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// A connection whose parser-made error answers get a body.
#[derive(Debug)]
pub struct Canned<S> {
    inner: S,
    /// Bytes owed to the peer in place of a replaced answer.
    pending: Vec<u8>,
    sent: usize,
    /// An answer was replaced: the connection ends with it (the page says `connection:
    /// close`); the rest of the unreadable request is not read.
    closing: bool,
}

impl<S> Canned<S> {
    pub fn new(inner: S) -> Self {
        Self { inner, pending: Vec::new(), sent: 0, closing: false }
    }
}

/// The page for a parser-made answer, or `None` when `buf` is not one.
pub fn replacement(buf: &[u8]) -> Option<Vec<u8>> {
    let head_end = buf.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
    if head_end != buf.len() {
        return None;
    }
    let head = std::str::from_utf8(buf).ok()?;
    let rest = head.strip_prefix("HTTP/1.1 ").or_else(|| head.strip_prefix("HTTP/1.0 "))?;
    let code: u16 = rest.get(..3)?.parse().ok()?;
    if !matches!(code, 400 | 414 | 431) || !head.to_ascii_lowercase().contains("\r\ncontent-length: 0\r\n") {
        return None;
    }
    let status = axum::http::StatusCode::from_u16(code).ok()?;
    Some(crate::error::plain_page(status))
}

impl<S: AsyncRead + Unpin> AsyncRead for Canned<S> {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        if self.closing {
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> Canned<S> {
    /// Writes what is owed; `Ready(Ok)` once it is all out.
    fn drain(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while self.sent < self.pending.len() {
            let n = ready!(Pin::new(&mut self.inner).poll_write(cx, &self.pending[self.sent..]))?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            self.sent += n;
        }
        self.pending.clear();
        self.sent = 0;
        if self.closing {
            // The page is out: end our side now rather than wait for the parser to.
            ready!(Pin::new(&mut self.inner).poll_shutdown(cx))?;
        }
        Poll::Ready(Ok(()))
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Canned<S> {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        ready!(self.drain(cx))?;
        if let Some(page) = replacement(buf) {
            self.pending = page;
            self.closing = true;
            // The parser's bytes count as written; the page goes out in their place.
            return match self.drain(cx) {
                Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
                _ => Poll::Ready(Ok(buf.len())),
            };
        }
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    /// Vectored writes go straight through, so hyper queues a response's head and its body
    /// (a cached page's shared bytes) as they are instead of copying the body into its own
    /// buffer per response (issue 14: a 90 KB booklet served from the cache). A parser-made
    /// answer has no body: it is a single non-empty slice, checked as in `poll_write`.
    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let mut filled = bufs.iter().filter(|b| !b.is_empty());
        if let (Some(only), None) = (filled.next(), filled.next()) {
            return self.poll_write(cx, only);
        }
        ready!(self.drain(cx))?;
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.drain(cx))?;
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.drain(cx))?;
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_parser_answers_are_replaced() {
        let canned = b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-length: 0\r\ndate: x\r\n\r\n";
        let page = String::from_utf8(replacement(canned).unwrap()).unwrap();
        assert!(page.starts_with("HTTP/1.1 431 Request Header Fields Too Large\r\n"), "{page}");
        assert!(page.contains("content-type: text/html; charset=utf-8") && page.contains("リクエストが大きすぎます"));
        assert!(replacement(b"HTTP/1.1 414 URI Too Long\r\ncontent-length: 0\r\n\r\n").is_some());
        // Not replaced: other statuses, bodies, partial heads.
        assert!(replacement(b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n").is_none());
        assert!(replacement(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 5\r\n\r\nhello").is_none());
        assert!(replacement(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n").is_none());
        assert!(replacement(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n").is_none());
    }

    #[tokio::test]
    async fn vectored_writes_pass_through_and_parser_answers_are_still_replaced() {
        use tokio::io::AsyncWriteExt;
        let mut c = Canned::new(Vec::new());
        assert!(c.is_write_vectored(), "hyper copies every body into its buffer when this is false");
        let head = b"HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\n";
        let bufs = [io::IoSlice::new(head), io::IoSlice::new(b"hello")];
        let n = c.write_vectored(&bufs).await.unwrap();
        assert_eq!(n, head.len() + 5);
        assert_eq!(c.inner, [&head[..], b"hello"].concat());

        let mut c = Canned::new(Vec::new());
        let parser = b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-length: 0\r\n\r\n";
        let n = c.write_vectored(&[io::IoSlice::new(parser), io::IoSlice::new(b"")]).await.unwrap();
        assert_eq!(n, parser.len(), "the parser's bytes count as written");
        let out = String::from_utf8(c.inner).unwrap();
        assert!(out.contains("リクエストが大きすぎます"), "{out}");
    }
}
