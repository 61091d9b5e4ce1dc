//! Importer: published plan documents (PDF, spreadsheets, docx, HTML, CSV, text; read by
//! [`input`]) → a lossless raw structure
//! ([`raw`]) → genre detection ([`detect`]) and interpretation into drafts
//! ([`draft::Extraction`]). Pure: bytes in, drafts or an [`ImportError`] (with file and line)
//! out; no I/O except running `pdftotext` on a PDF.

pub mod budget;
pub mod detect;
pub mod draft;
pub mod error;
pub(crate) mod form;
pub mod genre;
pub mod input;
pub mod meta;
pub mod raw;
pub mod text;
mod unplaced;
pub mod vocab;

pub use detect::{Confidence, Detection, GenreScore};
pub use draft::{Extraction, Genre};
pub use error::ImportError;
pub use form::outline as layout_outline;
pub use input::{Decoded, InputKind, Origin};

use sha2::{Digest, Sha256};

/// What the caller knows better than the document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExtractOptions {
    /// Organization name to use instead of the one read from the document (`--org`).
    pub organization: Option<String>,
    /// Fiscal year (西暦) to use instead of the one read from the document (`--year`).
    pub fiscal_year: Option<u16>,
    /// Genre to use instead of detecting it.
    pub genre: Option<Genre>,
    /// The organization's own labels for fields (`[import.labels]`, `--labels FILE`), added
    /// to the vocabulary: field name → labels.
    pub labels: vocab::LabelAdditions,
}

/// Reads one document: decode, raw reading, genre detection, interpretation.
pub fn extract(file_name: &str, bytes: &[u8]) -> Result<Extraction, ImportError> {
    extract_with(file_name, bytes, &ExtractOptions::default())
}

/// [`extract`] with overrides.
pub fn extract_with(file_name: &str, bytes: &[u8], options: &ExtractOptions) -> Result<Extraction, ImportError> {
    extract_full(file_name, bytes, options).map(|e| e.extraction)
}

/// A document read, with the text it was read from: previews show each draft beside the
/// source lines (and the cells or pages behind them) it came from.
#[derive(Debug, Clone)]
pub struct Extracted {
    pub extraction: Extraction,
    pub decoded: Decoded,
}

/// [`extract_with`], keeping the decoded text.
pub fn extract_full(file_name: &str, bytes: &[u8], options: &ExtractOptions) -> Result<Extracted, ImportError> {
    let vocab = vocab::Vocabulary::with_additions(&options.labels)
        .map_err(|message| ImportError::Labels { file: file_name.to_string(), message })?;
    let decoded = input::decode(file_name, bytes)?;
    let doc = raw::read(&decoded.text);
    let detection = detect::detect_with(&doc, &vocab);
    let best = detection.best().map(|b| format!("{} (score {})", b.genre.as_str(), b.score));
    let (genre, confidence) = match options.genre {
        Some(g) => (g, detect::Confidence::Sure),
        None => detection.into_guess(file_name, detect::has_plan_content(&doc))?,
    };
    let mut ex = genre::interpret(genre, &doc, &vocab);
    if confidence == detect::Confidence::Low {
        if ex.is_empty() {
            ex = genre::generic::interpret(&doc, &vocab, genre);
        }
        ex.warnings.insert(
            0,
            draft::Warning {
                line: 1,
                message: format!(
                    "low confidence: the document matches no genre clearly (best guess {}); it was read as {} — check what was found",
                    best.unwrap_or_default(),
                    genre.label()
                ),
            },
        );
    }
    ex.input = Some(decoded.kind);
    ex.encoding = decoded.encoding.map(String::from);
    // Overrides first, so no warning asks for what the caller gave.
    if let Some(org) = &options.organization {
        ex.organization = Some(org.clone());
    }
    if let Some(fy) = options.fiscal_year {
        ex.fiscal_year = Some(fy);
    }
    meta::fill_common(&doc, file_name, &mut ex);
    ex.unplaced = unplaced::unplaced(&doc, &ex, &vocab);
    Ok(Extracted { extraction: ex, decoded })
}

/// SHA-256 of the bytes as lowercase hex: identifies a document across re-imports.
pub fn content_hash(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}
