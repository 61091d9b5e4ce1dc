//! Content negotiation for cached pages: which stored encoding a request accepts
//! (`Accept-Encoding` with q-values), and compressing a page once when it is stored.

use std::io::Write;

/// A stored variant of a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Identity,
    Gzip,
    Brotli,
}

impl Encoding {
    /// The `Content-Encoding` value (none for identity).
    pub fn header(self) -> Option<&'static str> {
        match self {
            Encoding::Identity => None,
            Encoding::Gzip => Some("gzip"),
            Encoding::Brotli => Some("br"),
        }
    }

    /// The suffix that makes the variant's ETag differ from the others'.
    pub fn etag_suffix(self) -> &'static str {
        match self {
            Encoding::Identity => "",
            Encoding::Gzip => "-gz",
            Encoding::Brotli => "-br",
        }
    }
}

/// The q-value `Accept-Encoding` gives `coding` (`*` counts for codings not named), 0 when
/// not accepted.
fn quality(accept: &str, coding: &str) -> f32 {
    let mut star = None;
    for item in accept.split(',') {
        let mut parts = item.split(';');
        let name = parts.next().unwrap_or("").trim();
        let q = parts
            .filter_map(|p| p.trim().strip_prefix("q=").or_else(|| p.trim().strip_prefix("Q=")))
            .find_map(|v| v.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        if name.eq_ignore_ascii_case(coding) {
            return q;
        }
        if name == "*" {
            star = Some(q);
        }
    }
    star.unwrap_or(0.0)
}

/// The best variant for an `Accept-Encoding` value among those stored: brotli, then gzip,
/// each only when accepted with q > 0; identity otherwise.
pub fn negotiate(accept: Option<&str>, has_gzip: bool, has_brotli: bool) -> Encoding {
    let Some(accept) = accept else { return Encoding::Identity };
    let br = if has_brotli { quality(accept, "br") } else { 0.0 };
    let gz = if has_gzip { quality(accept, "gzip") } else { 0.0 };
    if br > 0.0 && br >= gz {
        Encoding::Brotli
    } else if gz > 0.0 {
        Encoding::Gzip
    } else {
        Encoding::Identity
    }
}

/// Whether a media type is worth compressing.
pub fn compressible(content_type: &str) -> bool {
    let t = content_type.trim_start();
    t.starts_with("text/") || t.starts_with("application/json") || t.starts_with("image/svg+xml")
}

/// gzip at the default level (a cold request pays this once per page).
pub fn gzip(body: &[u8]) -> Option<Vec<u8>> {
    let mut enc = flate2::write::GzEncoder::new(Vec::with_capacity(body.len() / 4), flate2::Compression::default());
    enc.write_all(body).ok()?;
    enc.finish().ok()
}

/// Brotli at quality 5: close to gzip's speed, smaller output. The window holds the page, but is
/// never below [`MIN_WINDOW_BITS`].
pub fn brotli(body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len() / 4);
    {
        let mut w = brotli::CompressorWriter::new(&mut out, 4096, 5, window_bits(body.len()));
        w.write_all(body).ok()?;
        w.flush().ok()?;
    }
    Some(out)
}

/// The smallest window the encoder is given (`lgwin`). The brotli crate (8.x) at quality 5 with
/// a window of 16 bits or less takes another path: for an 8 KB page 5.5–6.8 ms and 9.7 MB of
/// memory, against 0.26–0.28 ms and 1.9 MB at 17 bits or more, for output the same within 0.3 %
/// (`cargo run --release -p hoshin-web --example brotli_windows -- PAGE.html`). Every page the
/// cache stores is compressed once, so with small windows a cache fill spent most of its time
/// and its peak memory there.
const MIN_WINDOW_BITS: u32 = 17;

/// The smallest brotli window (`lgwin`, [`MIN_WINDOW_BITS`]–22) that holds `len` bytes: a
/// window larger than the page only costs memory.
fn window_bits(len: usize) -> u32 {
    let mut bits = MIN_WINDOW_BITS;
    while bits < 22 && (1usize << bits) - 16 < len {
        bits += 1;
    }
    bits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brotli_windows_fit_the_page_and_decode() {
        assert_eq!(window_bits(0), MIN_WINDOW_BITS);
        assert_eq!(window_bits(90_000), 17);
        assert_eq!(window_bits(200_000), 18);
        assert_eq!(window_bits(64 << 20), 22);
        let body = "部局運営方針<p>令和8年度</p>".repeat(5_000);
        let packed = brotli(body.as_bytes()).unwrap();
        let mut out = Vec::new();
        std::io::Read::read_to_end(&mut ::brotli::Decompressor::new(&packed[..], 4096), &mut out).unwrap();
        assert_eq!(out, body.as_bytes());
    }

    #[test]
    fn negotiation() {
        assert_eq!(negotiate(None, true, true), Encoding::Identity);
        assert_eq!(negotiate(Some("gzip, deflate, br"), true, true), Encoding::Brotli);
        assert_eq!(negotiate(Some("gzip"), true, true), Encoding::Gzip);
        assert_eq!(negotiate(Some("br;q=0, gzip"), true, true), Encoding::Gzip);
        assert_eq!(negotiate(Some("gzip;q=0"), true, true), Encoding::Identity);
        assert_eq!(negotiate(Some("br"), true, false), Encoding::Identity);
        assert_eq!(negotiate(Some("*"), true, true), Encoding::Brotli);
        assert_eq!(negotiate(Some("gzip;q=1.0, br;q=0.5"), true, true), Encoding::Gzip);
        assert_eq!(negotiate(Some("identity"), true, true), Encoding::Identity);
    }
}
