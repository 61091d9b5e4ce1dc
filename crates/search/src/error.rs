//! Errors of the search crate: one `thiserror` enum. Callers (app) wrap it; a broken or
//! missing index is reported as [`SearchError::Index`] so the caller can rebuild.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum SearchError {
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("search index: cannot open {path}: {source}")]
    Open { path: String, source: tantivy::TantivyError },
    #[error("search index directory: {0}")]
    Io(#[from] std::io::Error),
    #[error("Japanese dictionary: {0}")]
    Dictionary(String),
    #[error("query: {0}")]
    Query(String),
}

pub type Result<T> = std::result::Result<T, SearchError>;
