//! Text encodings: a BOM (UTF-8, UTF-16), else valid UTF-8, else a page's declared charset,
//! else Shift_JIS (CP932) and EUC-JP tried strictly, the likeliest clean one kept. A guess that only
//! decodes into unlikely characters is refused instead of producing mojibake. Plain text
//! keeps its lines; form feeds (page breaks of PDF-to-text tools) start pages.

use encoding_rs::{DecoderResult, Encoding, EUC_JP, ISO_2022_JP, SHIFT_JIS, UTF_16BE, UTF_16LE, UTF_8};

use super::{Decoded, InputKind, Origin};
use crate::error::ImportError;

/// 1-based line of a byte offset.
fn line_of(bytes: &[u8], offset: usize) -> usize {
    bytes[..offset.min(bytes.len())].iter().filter(|&&b| b == b'\n').count() + 1
}

/// Decodes without replacement; on failure, the offset of the first bad byte.
fn strict(enc: &'static Encoding, bytes: &[u8]) -> Result<String, usize> {
    let mut decoder = enc.new_decoder_without_bom_handling();
    let cap = decoder.max_utf8_buffer_length_without_replacement(bytes.len()).unwrap_or(bytes.len() * 3 + 16);
    let mut out = String::with_capacity(cap);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut out, true);
    match result {
        DecoderResult::InputEmpty => Ok(out),
        DecoderResult::Malformed(bad, after) => Err(read.saturating_sub(usize::from(bad) + usize::from(after))),
        DecoderResult::OutputFull => Err(read),
    }
}

/// UTF-16 without a BOM, recognised by the zero bytes of ASCII characters.
fn bomless_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(2000) & !1];
    if sample.len() < 8 {
        return None;
    }
    let half = sample.len() / 2;
    let zeros = |odd: usize| sample.iter().skip(odd).step_by(2).filter(|&&b| b == 0).count();
    let (even, odd) = (zeros(0), zeros(1));
    if odd * 10 >= half * 4 && even * 20 < half {
        Some(UTF_16LE)
    } else if even * 10 >= half * 4 && odd * 20 < half {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// How plausible decoded text is as Japanese: (likely, unlikely, half-width kana) counts of
/// non-ASCII characters.
fn plausibility(text: &str) -> (usize, usize, usize) {
    let (mut good, mut bad, mut half) = (0, 0, 0);
    for c in text.chars().filter(|c| !c.is_ascii()) {
        match u32::from(c) {
            0x3000..=0x30FF | 0x4E00..=0x9FFF | 0xFF01..=0xFF60 | 0xFFE0..=0xFFE6 => good += 1,
            0x2010..=0x2312 | 0x2460..=0x24FF | 0x2500..=0x266F | 0x3200..=0x33FF => good += 1,
            0x00A7 | 0x00A8 | 0x00B0 | 0x00B1 | 0x00B4 | 0x00B6 | 0x00D7 | 0x00F7 => good += 1,
            0x0391..=0x03C9 | 0x0401..=0x0451 | 0xFA0E..=0xFA2D => good += 1,
            0xFF61..=0xFF9F => half += 1,
            _ => bad += 1,
        }
    }
    (good, bad, half)
}

fn likely((good, bad, half): (usize, usize, usize)) -> bool {
    bad * 10 <= good + half && (good > 0 || bad == 0)
}

/// Index of the first unlikely character, for the error's line.
fn first_unlikely(text: &str) -> usize {
    text.char_indices().find(|(_, c)| plausibility(&c.to_string()).1 > 0).map_or(0, |(i, _)| i)
}

/// Decodes text-like bytes: (text, encoding name). `declared` comes from an HTML page's
/// `<meta charset>`.
pub(crate) fn decode(
    file: &str,
    bytes: &[u8],
    declared: Option<&'static Encoding>,
) -> Result<(String, &'static str), ImportError> {
    let f = || file.to_string();
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let body = &bytes[bom_len..];
        return match strict(enc, body) {
            Ok(t) => check_controls(file, t, enc.name()),
            Err(at) if enc == UTF_8 => Err(ImportError::NotUtf8 { file: f(), line: line_of(body, at), offset: at }),
            Err(at) => Err(ImportError::Undecodable { file: f(), line: line_of(body, at), offset: at }),
        };
    }
    if let Some(enc) = bomless_utf16(bytes) {
        if let Ok(t) = strict(enc, bytes) {
            return check_controls(file, t, enc.name());
        }
    }
    if let Some(pos) = bytes.iter().position(|&b| b == 0) {
        return Err(ImportError::Binary { file: f(), line: line_of(bytes, pos) });
    }
    // Valid UTF-8 with any multi-byte character is UTF-8 whatever a page declares: Shift_JIS
    // would decode those bytes "cleanly" into mojibake.
    let utf8_error = match std::str::from_utf8(bytes) {
        Ok(t) => return check_controls(file, t.to_string(), UTF_8.name()),
        Err(e) => e.valid_up_to(),
    };
    if let Some(enc) = declared.filter(|e| ![UTF_16LE, UTF_16BE, UTF_8].contains(e)) {
        if let Ok(t) = strict(enc, bytes) {
            let japanese = [SHIFT_JIS, EUC_JP, ISO_2022_JP].contains(&enc);
            if !japanese || likely(plausibility(&t)) {
                return check_controls(file, t, enc.name());
            }
        }
    }
    let mut best: Option<(String, &'static Encoding, i64)> = None;
    let mut furthest = utf8_error;
    for enc in [SHIFT_JIS, EUC_JP] {
        match strict(enc, bytes) {
            Ok(t) => {
                let (good, bad, half) = plausibility(&t);
                let score = 2 * good as i64 - 5 * bad as i64 - half as i64;
                if best.as_ref().is_none_or(|b| score > b.2) {
                    best = Some((t, enc, score));
                }
            }
            Err(at) => furthest = furthest.max(at),
        }
    }
    let Some((text, enc, _)) = best else {
        return Err(ImportError::Undecodable { file: f(), line: line_of(bytes, furthest), offset: furthest });
    };
    if !likely(plausibility(&text)) {
        let at = first_unlikely(&text);
        let line = text[..at].matches('\n').count() + 1;
        return Err(ImportError::Garbled { file: f(), line, encoding: enc.name().to_string() });
    }
    check_controls(file, text, enc.name())
}

/// Refuses text with many control characters (binary data that happened to decode).
fn check_controls(file: &str, text: String, encoding: &'static str) -> Result<(String, &'static str), ImportError> {
    let odd = |c: char| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}');
    let controls = text.chars().filter(|&c| odd(c)).count();
    if controls * 20 > text.chars().count().max(1) {
        let pos = text.find(odd).unwrap_or(0);
        let line = text[..pos].matches('\n').count() + 1;
        return Err(ImportError::Binary { file: file.to_string(), line });
    }
    Ok((text, encoding))
}

/// Plain text: every line as it is (form feeds removed, each starting a page).
pub(crate) fn plain(text: &str, encoding: &'static str) -> Decoded {
    let mut pages = vec![1];
    let mut origins = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.contains('\u{c}') && i > 0 && pages.last() != Some(&(i + 1)) {
            pages.push(i + 1);
        }
        origins.push(Origin::Line(i + 1));
    }
    Decoded { kind: InputKind::Text, encoding: Some(encoding), text: text.replace('\u{c}', ""), origins, pages }
}
