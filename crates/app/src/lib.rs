//! Use cases: the one place that coordinates the store and the importer. Front-ends (the
//! CLI, the web server) call these functions and stay thin.
//!
//! - [`import`]: one document's extraction into the store, one transaction per document.
//! - [`demo`]: the demo city サンプル市, seeded idempotently.
//! - [`gen`]: deterministic synthetic data at national scale, through the store's bulk API.
//! - [`search`]: the full-text index each server holds, rebuilt from and following the store.
//!
//! Errors: [`AppError`] (thiserror), wrapping store, domain and importer errors unchanged.

pub mod access;
pub mod accounts;
pub mod audit;
pub mod auth;
pub mod cycle;
pub mod dashboard;
pub mod demo;
pub mod editing;
pub mod error;
pub mod gen;
pub mod import;
pub mod plan_kpis;
pub mod search;
pub mod setup;
pub mod upsert;
pub mod workflow;

pub use error::{AppError, LoginFailure, Result};
pub use hoshin_importer as importer;
pub use hoshin_store as store;
pub use hoshin_store::Store;

use std::sync::Arc;

/// What a front-end holds: the store, the login throttle and settings, shared.
#[derive(Debug, Clone)]
pub struct App {
    pub store: Arc<dyn Store>,
    pub guard: Arc<accounts::Guard>,
    /// Mark session cookies `Secure` (always, not only behind a proxy that says https).
    pub secure_cookies: bool,
    /// The full-text index (off unless started with [`App::with_search`]).
    pub search: Arc<search::SearchService>,
}

impl App {
    pub fn new(store: Arc<dyn Store>) -> Self {
        Self {
            store,
            guard: Arc::new(accounts::Guard::default()),
            secure_cookies: false,
            search: search::SearchService::off(),
        }
    }

    pub fn with_search(mut self, search: Arc<search::SearchService>) -> Self {
        self.search = search;
        self
    }

    pub fn with_secure_cookies(mut self, on: bool) -> Self {
        self.secure_cookies = on;
        self
    }
}
