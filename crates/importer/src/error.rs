//! The importer's errors. Policy: library code returns these `thiserror` variants, each naming
//! the file (and the line when there is one); callers (the app, the CLI) add their own context.
//! Warnings about content that could not be placed are not errors: they travel in
//! [`crate::Extraction::warnings`].

use thiserror::Error;

#[derive(Debug, Error, PartialEq, Eq)]
pub enum ImportError {
    /// The bytes are not UTF-8 text.
    #[error("{file}: line {line}: not UTF-8 text (invalid byte at offset {offset}); convert the file to UTF-8 first")]
    NotUtf8 { file: String, line: usize, offset: usize },
    /// The bytes look like a binary file (NUL or many control bytes) of no kind the readers know.
    #[error("{file}: line {line}: binary data, not a document the importer reads (PDF, xlsx/xls/ods, docx, HTML, CSV or text)")]
    Binary { file: String, line: usize },
    /// Text that decodes cleanly in none of the encodings tried.
    #[error("{file}: line {line}: not text in UTF-8, Shift_JIS (CP932), EUC-JP or UTF-16 (invalid byte at offset {offset}); save the file as UTF-8")]
    Undecodable { file: String, line: usize, offset: usize },
    /// Text that decodes only into unlikely characters: a wrong encoding guess would be mojibake.
    #[error("{file}: line {line}: the text decodes as {encoding} only into unlikely characters (mojibake); save the file as UTF-8")]
    Garbled { file: String, line: usize, encoding: String },
    /// A file of a kind the importer does not read (an image, a legacy .doc, an archive…).
    #[error(
        "{file}: {what}; the importer reads PDF (with a text layer), xlsx/xlsm/xls/ods, docx, HTML, CSV/TSV and text"
    )]
    Unsupported { file: String, what: String },
    /// Larger than the reader accepts.
    #[error("{file}: {size} bytes is more than the {limit} bytes the importer reads")]
    TooLarge { file: String, size: usize, limit: usize },
    /// A container (PDF, zip, spreadsheet, XML) that could not be read.
    #[error("{file}: a damaged {kind} file: {message}")]
    Damaged { file: String, kind: String, message: String },
    /// `pdftotext` is not installed.
    #[error("{file}: reading a PDF needs the `{tool}` program, which was not found; install the Debian packages poppler-utils and poppler-data (apt-get install poppler-utils poppler-data)")]
    PdfToolMissing { file: String, tool: String },
    /// `pdftotext` failed or took too long.
    #[error("{file}: pdftotext could not read the PDF: {message}")]
    PdfTool { file: String, message: String },
    /// A PDF whose pages carry no text (scanned images).
    #[error("{file}: the PDF has no text layer on any of its {pages} page(s) (文字情報がありません: scanned images?); it needs OCR first, or the original document")]
    PdfNoText { file: String, pages: usize },
    /// A PDF that needs a password to open.
    #[error("{file}: the PDF is encrypted and needs a password to open; save an unprotected copy")]
    PdfEncrypted { file: String },
    /// Nothing but whitespace.
    #[error("{file}: the document is empty")]
    Empty { file: String },
    /// Text that matches no known genre.
    #[error(
        "{file}: not a recognisable plan document (best guess {best}, line {line}); found: {found}; missing: {missing}"
    )]
    Unrecognized { file: String, line: usize, best: String, found: String, missing: String },
    /// The organization's import labels name a field the vocabulary does not have.
    #[error("{file}: {message}")]
    Labels { file: String, message: String },
}
