//! Importer: published plan documents (PDF-extracted text) → a lossless raw structure
//! ([`raw`]) → genre detection and interpretation into drafts ([`draft::Extraction`]).
//! Pure: bytes in, drafts or an [`ImportError`] (with file and line) out; no I/O.

pub mod draft;
pub mod genre;
pub mod raw;

pub use draft::{Extraction, Genre};
