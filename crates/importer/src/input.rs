//! Turning bytes into text: UTF-8 only (a BOM is removed), binary data refused with a clear
//! error instead of a panic.

use crate::error::ImportError;

fn line_of(bytes: &[u8], offset: usize) -> usize {
    bytes[..offset.min(bytes.len())].iter().filter(|&&b| b == b'\n').count() + 1
}

/// Decodes the document, refusing binary and non-UTF-8 input.
pub(crate) fn decode(file: &str, bytes: &[u8]) -> Result<String, ImportError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Some(pos) = bytes.iter().position(|&b| b == 0) {
        return Err(ImportError::Binary { file: file.to_string(), line: line_of(bytes, pos) });
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let offset = e.valid_up_to();
            return Err(ImportError::NotUtf8 { file: file.to_string(), line: line_of(bytes, offset), offset });
        }
    };
    let controls = text.chars().filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}')).count();
    if controls * 20 > text.chars().count().max(1) {
        let pos = text.find(|c: char| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}')).unwrap_or(0);
        return Err(ImportError::Binary { file: file.to_string(), line: line_of(bytes, pos) });
    }
    if text.trim().is_empty() {
        return Err(ImportError::Empty { file: file.to_string() });
    }
    Ok(text.replace('\u{c}', ""))
}
