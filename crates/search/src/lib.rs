//! Full-text search over the published record (and each organization's drafts, for its staff):
//! a tantivy index with a Japanese analyzer (IPADIC through lindera, NFKC and width folding, a
//! reviewed synonym list), facet counts, highlighted snippets and "similar initiatives".
//!
//! The index is derived data. This crate knows nothing of the database: the app turns records
//! into [`IndexDoc`]s, builds the index with [`Builder`] and keeps it current with
//! [`SearchIndex::apply`]. Errors: [`SearchError`] (thiserror).

mod bonus;
pub mod cache;
mod collect;
mod dictionary;
pub mod doc;
pub mod error;
pub mod highlight;
pub mod index;
mod intersect;
pub mod normalize;
mod prune;
pub mod query;
pub mod results;
pub mod schema;
pub mod synonyms;
pub mod tokenizer;

pub use collect::FACET_SAMPLE;
pub use doc::{IndexDoc, Kind, Visibility};
pub use error::{Result, SearchError};
pub use index::{Builder, Request, SearchIndex};
pub use results::{Hit, Marked, Results};
pub use schema::Facet;

/// Loads the dictionary now (about 20 ms) instead of on the first search.
pub fn warm_up() -> Result<()> {
    dictionary::segmenter().map(|_| ())
}
