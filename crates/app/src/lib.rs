//! Use cases: the one place that coordinates the store and the importer. Front-ends (the
//! CLI, the web server) call these functions and stay thin.
//!
//! - [`import`]: one document's extraction into the store, one transaction per document.
//! - [`demo`]: the demo city サンプル市, seeded idempotently.
//! - [`gen`]: deterministic synthetic data at national scale, through the store's bulk API.
//!
//! Errors: [`AppError`] (thiserror), wrapping store, domain and importer errors unchanged.

pub mod access;
pub mod audit;
pub mod demo;
pub mod editing;
pub mod error;
pub mod gen;
pub mod import;
pub mod upsert;

pub use error::{AppError, LoginFailure, Result};
pub use hoshin_importer as importer;
pub use hoshin_store as store;
pub use hoshin_store::Store;

use std::sync::Arc;

/// What a front-end holds: the store, shared.
#[derive(Debug, Clone)]
pub struct App {
    pub store: Arc<dyn Store>,
}

impl App {
    pub fn new(store: Arc<dyn Store>) -> Self {
        Self { store }
    }
}
