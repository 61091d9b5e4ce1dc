//! `hoshin serve`: the web UI over the configured database.

use crate::config::Config;
use anyhow::{Context, Result};
use hoshin_app::search::SearchService;
use hoshin_app::App;
use hoshin_store::Store;
use std::process::ExitCode;
use std::sync::Arc;

pub async fn run(config: &Config) -> Result<ExitCode> {
    let store = super::open(config).await?;
    serve(app(store, config).await, config).await?;
    Ok(ExitCode::SUCCESS)
}

/// The app with the configuration's web settings and its search index: opened from the
/// configured directory, or rebuilt there in the background when missing or unusable; it then
/// follows the database's changes.
pub async fn app(store: Arc<dyn Store>, config: &Config) -> App {
    let search =
        SearchService::start_with_cache(store.clone(), config.index.clone(), config.search_cache_mb << 20).await;
    search.set_similar_wait(std::time::Duration::from_millis(config.similar_wait_ms));
    App::new(store)
        .with_secure_cookies(config.secure_cookies)
        .with_trusted_proxies(config.trusted_proxies.clone())
        .with_metrics_from(config.metrics_from.clone())
        .with_page_cache(config.cache)
        .with_search(search)
        .with_imports(import_settings(config))
        .with_notify(config.notify.clone())
}

/// The staff import page's settings from `[import]`.
fn import_settings(config: &Config) -> hoshin_app::ImportSettings {
    hoshin_app::ImportSettings {
        max_upload_bytes: usize::try_from(config.import.max_upload_mib.saturating_mul(1024 * 1024))
            .unwrap_or(usize::MAX),
        labels: config.import.labels.clone(),
        ..hoshin_app::ImportSettings::default()
    }
}

/// Binds, prints the URL, serves until SIGTERM or Ctrl-C (requests in flight finish), then
/// closes the database.
pub async fn serve(app: App, config: &Config) -> Result<()> {
    let listener =
        tokio::net::TcpListener::bind(&config.addr).await.with_context(|| format!("listening on {}", config.addr))?;
    let addr = listener.local_addr()?;
    println!("serving {} on http://{addr}/  (Ctrl-C or SIGTERM to stop)", config.db);
    tracing::info!(%addr, db = %config.db, "serving");
    if app.notify.mail.is_some() && app.notify.base_url.is_none() {
        eprintln!(
            "warning: [mail] is set but [notify] base_url is not: links in e-mail are paths without a host \
             (set base_url = \"https://…\" or HOSHIN_BASE_URL)"
        );
        tracing::warn!("mail without notify.base_url: e-mail links are bare paths");
    }
    let closing = app.clone();
    // Reminders and e-mail (issue 15): stopped before the database closes.
    let scheduler = hoshin_app::notify::scheduler::spawn(app.clone());
    let served = hoshin_web::serve_on(app, listener).await.context("serving");
    scheduler.abort();
    let _ = scheduler.await;
    served?;
    closing.close().await;
    Ok(())
}
