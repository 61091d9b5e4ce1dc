//! Use cases: the one place that coordinates the store and the importer. Front-ends (the
//! CLI, the web server) call these functions and stay thin.
//!
//! - [`import`]: one document's extraction into the store, one transaction per document.
//! - [`demo`]: the demo city サンプル市, seeded idempotently.
//! - [`gen`]: deterministic synthetic data at national scale, through the store's bulk API.
//! - [`search`]: the full-text index each server holds, rebuilt from and following the store.
//! - [`public`]: what the public may read (published only), shared by pages and downloads.
//! - [`export`]: CSV downloads, the open-data bundle and the workbook, through [`public`].
//! - [`tokens`] and [`bulk_actuals`]: personal access tokens and the write API's bulk KPI actuals.
//!
//! Errors: [`AppError`] (thiserror), wrapping store, domain and importer errors unchanged.

pub mod access;
pub mod accounts;
pub mod audit;
pub mod auth;
pub mod budget;
pub mod bulk_actuals;
pub mod comments;
pub mod cycle;
pub mod dashboard;
pub mod db;
pub mod demo;
pub mod editing;
pub mod error;
pub mod export;
pub mod field_text;
pub mod freshness;
pub mod gen;
pub mod history;
pub mod import;
pub mod manage;
pub mod net;
pub mod notify;
pub mod operations;
pub mod periods;
pub mod plan_kpis;
pub mod plan_weights;
pub mod program;
pub mod public;
pub mod quality;
pub mod records;
pub mod roundtrip;
pub mod search;
pub mod setup;
pub mod since_return;
pub mod stages;
pub mod telemetry;
pub mod tokens;
pub mod upsert;
pub mod workflow;
pub mod year_publishing;
pub mod years;

pub use db::{Db, ReadDb};
pub use error::{AppError, LoginFailure, Result};
pub use hoshin_importer as importer;

use hoshin_store::Store;

use std::sync::Arc;

/// What a front-end holds: the store, the login throttle and settings ([`AppParts`]), shared.
/// Every request clones it several times (tower clones each layer's service, with its state,
/// for every call), so a clone is one reference count: when it was a dozen `Arc`s and two
/// lists, taking and dropping them from two cores was 6 % of the CPU of a page answered from
/// the page cache.
#[derive(Debug, Clone)]
pub struct App(Arc<AppParts>);

impl std::ops::Deref for App {
    type Target = AppParts;
    fn deref(&self) -> &AppParts {
        &self.0
    }
}

/// The fields of an [`App`] (read through it; set with its `with_*` methods).
#[derive(Debug, Clone)]
pub struct AppParts {
    /// The database: reachable from the app's use cases only, never from a front-end.
    pub(crate) store: Arc<dyn Store>,
    pub guard: Arc<accounts::Guard>,
    /// Mark session cookies `Secure` (always, not only behind a proxy that says https), and
    /// send `Strict-Transport-Security`.
    pub secure_cookies: bool,
    /// Reverse proxies whose `X-Forwarded-For` / `X-Forwarded-Proto` are believed. Requests
    /// from anywhere else are taken at their socket address, whatever headers they carry.
    pub trusted_proxies: Arc<[net::IpRange]>,
    /// Who may read `/metrics` (by socket address; never through a proxy). Default: loopback.
    pub metrics_from: Arc<[net::IpRange]>,
    /// Today's date when fixed (tests); `None`: the clock, in Japan time.
    pub fixed_today: Option<hoshin_domain::Day>,
    /// The full-text index (off unless started with [`App::with_search`]).
    pub search: Arc<search::SearchService>,
    /// The generation of public output, for the page cache.
    pub freshness: Arc<freshness::Freshness>,
    /// The public page cache's settings.
    pub page_cache: PageCacheConfig,
    /// The staff import page's settings.
    pub imports: Arc<ImportSettings>,
    /// Notifications: reminders, e-mail (`[mail]`, `[notify]`).
    pub notify: Arc<notify::NotifySettings>,
}

/// Settings of the public page cache (`[cache]` in hoshin.toml).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageCacheConfig {
    /// Off: every request renders its page.
    pub enabled: bool,
    /// The most bytes the cached pages (every stored encoding of each) may hold.
    pub max_bytes: u64,
}

impl Default for PageCacheConfig {
    fn default() -> Self {
        Self { enabled: true, max_bytes: 64 * 1024 * 1024 }
    }
}

/// Settings of the staff import page (`[import]` in hoshin.toml).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportSettings {
    /// The largest file accepted, in bytes.
    pub max_upload_bytes: usize,
    /// Files per upload at most.
    pub max_files: usize,
    /// The organization's own field labels (`[import.labels]`).
    pub labels: hoshin_importer::vocab::LabelAdditions,
}

impl Default for ImportSettings {
    fn default() -> Self {
        Self { max_upload_bytes: 32 * 1024 * 1024, max_files: 10, labels: Default::default() }
    }
}

impl App {
    pub fn new(store: Arc<dyn Store>) -> Self {
        Self(Arc::new(AppParts {
            store: Arc::clone(&store),
            guard: Arc::new(accounts::Guard::default()),
            secure_cookies: false,
            trusted_proxies: Arc::from(Vec::new()),
            metrics_from: Arc::from(net::IpRange::loopback()),
            fixed_today: None,
            search: search::SearchService::off(),
            freshness: Arc::new(freshness::Freshness::new(Arc::clone(&store))),
            page_cache: PageCacheConfig::default(),
            imports: Arc::default(),
            notify: Arc::default(),
        }))
    }

    /// The fields to set (copied first if another clone shares them).
    fn parts(&mut self) -> &mut AppParts {
        Arc::make_mut(&mut self.0)
    }

    pub fn with_notify(mut self, notify: notify::NotifySettings) -> Self {
        self.parts().notify = Arc::new(notify);
        self
    }

    pub fn with_imports(mut self, imports: ImportSettings) -> Self {
        self.parts().imports = Arc::new(imports);
        self
    }

    pub fn with_search(mut self, search: Arc<search::SearchService>) -> Self {
        self.parts().search = search;
        self
    }

    /// Starts a search index over this app's database in `dir` (built in the background).
    pub async fn start_search(&self, dir: std::path::PathBuf) -> Arc<search::SearchService> {
        search::SearchService::start(Arc::clone(&self.store), dir).await
    }

    pub fn with_secure_cookies(mut self, on: bool) -> Self {
        self.parts().secure_cookies = on;
        self
    }

    pub fn with_trusted_proxies(mut self, proxies: Vec<net::IpRange>) -> Self {
        self.parts().trusted_proxies = Arc::from(proxies);
        self
    }

    pub fn with_metrics_from(mut self, from: Vec<net::IpRange>) -> Self {
        self.parts().metrics_from = Arc::from(from);
        self
    }

    pub fn with_page_cache(mut self, config: PageCacheConfig) -> Self {
        self.parts().page_cache = config;
        self
    }

    pub fn with_guard(mut self, guard: accounts::Guard) -> Self {
        self.parts().guard = Arc::new(guard);
        self
    }

    /// Pins "today" for tests of date-dependent rules.
    pub fn with_today(mut self, today: hoshin_domain::Day) -> Self {
        self.parts().fixed_today = Some(today);
        self
    }

    /// Closes the database's connections (at shutdown, after the last request).
    pub async fn close(&self) {
        self.store.close().await;
    }

    /// Today in Japan, or the pinned date.
    pub fn today(&self) -> hoshin_domain::Day {
        self.fixed_today.unwrap_or_else(hoshin_domain::Day::today_jst)
    }
}
