//! What a file is, from its first bytes (and, for zip and OLE containers, the names inside;
//! for text, whether it is an HTML page and which charset it declares): never from its name.

use std::io::Cursor;

use encoding_rs::Encoding;

use super::InputKind;
use crate::error::ImportError;

/// The reader a file goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Container {
    Pdf,
    Workbook(InputKind),
    Docx,
    /// Text of some encoding: HTML, CSV, TSV or plain text, told apart after decoding.
    Text,
}

const OLE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// Magic numbers of files that are not documents, with what to call them.
const FOREIGN: &[(&[u8], &str)] = &[
    (b"\x89PNG\r\n\x1a\n", "a PNG image (a scan needs OCR first)"),
    (b"\xFF\xD8\xFF", "a JPEG image (a scan needs OCR first)"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\0", "a TIFF image (a scan needs OCR first)"),
    (b"MM\0*", "a TIFF image (a scan needs OCR first)"),
    (b"\x7FELF", "an executable program (ELF)"),
    (b"\xCF\xFA\xED\xFE", "an executable program (Mach-O)"),
    (b"\x1F\x8B", "a gzip archive"),
    (b"7z\xBC\xAF\x27\x1C", "a 7-Zip archive"),
    (b"Rar!\x1A\x07", "a RAR archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xFD7zXZ\0", "an xz archive"),
    (b"{\\rtf", "an RTF document (save it as docx or PDF)"),
    (b"\0asm", "a WebAssembly program"),
];

/// Finds the reader for `bytes`, or refuses a file of a kind no reader takes.
pub(crate) fn sniff(file: &str, bytes: &[u8]) -> Result<Container, ImportError> {
    let unsupported = |what: &str| Err(ImportError::Unsupported { file: file.to_string(), what: what.to_string() });
    let head = &bytes[..bytes.len().min(1024)];
    let pdf_later = head.windows(5).any(|w| w == b"%PDF-") && bytes.windows(6).any(|w| w == b"endobj");
    if bytes.starts_with(b"%PDF-") || pdf_later {
        return Ok(Container::Pdf);
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return zip_kind(file, bytes);
    }
    if bytes.starts_with(OLE) {
        return ole_kind(bytes).map_or_else(
            || unsupported("a legacy Office file that is not a workbook (a .doc or .ppt? save it as docx or PDF)"),
            Ok,
        );
    }
    for (magic, what) in FOREIGN {
        if bytes.starts_with(magic) {
            return unsupported(what);
        }
    }
    if bytes.len() > 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
        return unsupported("a WebP image");
    }
    if is_windows_program(bytes) {
        return unsupported("an executable program (Windows)");
    }
    Ok(Container::Text)
}

/// `MZ` with a PE header where the DOS header points.
fn is_windows_program(bytes: &[u8]) -> bool {
    if !bytes.starts_with(b"MZ") || bytes.len() < 0x40 {
        return false;
    }
    let at = u32::from_le_bytes([bytes[0x3c], bytes[0x3d], bytes[0x3e], bytes[0x3f]]) as usize;
    bytes.get(at..at.saturating_add(4)) == Some(b"PE\0\0")
}

/// A zip container: OOXML workbook or document, OpenDocument spreadsheet, or something else.
fn zip_kind(file: &str, bytes: &[u8]) -> Result<Container, ImportError> {
    let unsupported = |what: &str| Err(ImportError::Unsupported { file: file.to_string(), what: what.to_string() });
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| ImportError::Damaged {
        file: file.to_string(),
        kind: "zip (xlsx/docx/ods)".into(),
        message: e.to_string(),
    })?;
    let names: Vec<String> = archive.file_names().flatten().map(|n| n.to_string()).collect();
    let has = |n: &str| names.iter().any(|x| x.eq_ignore_ascii_case(n));
    if has("xl/workbook.xml") {
        return Ok(Container::Workbook(InputKind::Xlsx));
    }
    if has("xl/workbook.bin") {
        return unsupported("a binary Excel workbook (.xlsb; save it as xlsx)");
    }
    if has("word/document.xml") {
        return Ok(Container::Docx);
    }
    if has("ppt/presentation.xml") {
        return unsupported("a PowerPoint presentation (save it as PDF)");
    }
    if has("mimetype") {
        let mut mime = String::new();
        if let Ok(entry) = archive.by_name("mimetype") {
            let _ = std::io::Read::read_to_string(&mut std::io::Read::take(entry, 200), &mut mime);
        }
        if mime.trim() == "application/vnd.oasis.opendocument.spreadsheet" {
            return Ok(Container::Workbook(InputKind::Ods));
        }
        if mime.contains("opendocument.text") {
            return unsupported("an OpenDocument text (.odt; save it as docx or PDF)");
        }
        return unsupported("an OpenDocument file that is not a spreadsheet");
    }
    unsupported(&format!(
        "a zip archive of other files ({} entries); import the documents inside one by one",
        names.len()
    ))
}

/// An OLE compound file holding an Excel workbook stream (BIFF .xls), found by the stream's
/// name in the directory (UTF-16LE "Workbook" or "Book").
fn ole_kind(bytes: &[u8]) -> Option<Container> {
    let utf16 = |s: &str| s.encode_utf16().flat_map(u16::to_le_bytes).collect::<Vec<u8>>();
    let workbook = utf16("Workbook");
    let book = utf16("Book\0");
    let found = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    (found(&workbook) || found(&book)).then_some(Container::Workbook(InputKind::Xls))
}

/// The charset an ASCII-compatible page declares in a `<meta>` tag near its top.
pub(crate) fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let mut rest = head.as_str();
    while let Some(at) = rest.find("<meta") {
        rest = &rest[at + 5..];
        let tag = &rest[..rest.find('>').unwrap_or(rest.len())];
        if let Some(c) = tag.find("charset=") {
            let value = tag[c + 8..].trim_start_matches(['"', '\'', ' ']);
            let end = value.find(['"', '\'', ' ', ';', '/', '>']).unwrap_or(value.len());
            return Encoding::for_label(&value.as_bytes()[..end]);
        }
    }
    None
}

/// True when the text is an HTML page (or a saved table), not text with HTML in cells.
pub(crate) fn looks_like_html(text: &str) -> bool {
    let start: String = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']).chars().take(2048).collect();
    let lower = start.to_ascii_lowercase();
    ["<!doctype html", "<html", "<head", "<body", "<meta", "<table"].iter().any(|p| lower.starts_with(p))
        || (lower.starts_with("<?xml") || lower.starts_with("<!--")) && lower.contains("<html")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_by_content() {
        assert_eq!(sniff("a.txt", b"%PDF-1.4\n").ok(), Some(Container::Pdf));
        assert_eq!(sniff("a.pdf", "令和9年度".as_bytes()).ok(), Some(Container::Text));
        let png = sniff("scan.pdf", b"\x89PNG\r\n\x1a\n....").expect_err("refused").to_string();
        assert!(png.contains("scan.pdf") && png.contains("PNG image"), "{png}");
        let doc = sniff("old.doc", &[OLE, b"....W\0o\0r\0d\0D\0o\0c\0"].concat()).expect_err("refused").to_string();
        assert!(doc.contains("legacy Office"), "{doc}");
        let xls = [OLE, &"Workbook".encode_utf16().flat_map(u16::to_le_bytes).collect::<Vec<u8>>()].concat();
        assert_eq!(sniff("x", &xls).ok(), Some(Container::Workbook(InputKind::Xls)));
        assert!(sniff("bad.xlsx", b"PK\x03\x04broken").is_err());
    }
}
