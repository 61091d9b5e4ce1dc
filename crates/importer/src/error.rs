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
    /// The bytes look like a binary file (NUL or many control bytes).
    #[error("{file}: line {line}: binary data, not a text document (PDF files must be turned into text first)")]
    Binary { file: String, line: usize },
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
