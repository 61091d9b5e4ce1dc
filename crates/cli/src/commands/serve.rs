//! `hoshin serve`: the web UI over the configured database.

use crate::config::Config;
use anyhow::{Context, Result};
use hoshin_app::App;
use std::process::ExitCode;

pub async fn run(config: &Config) -> Result<ExitCode> {
    let store = super::open(config).await?;
    serve(app(store, config), config).await?;
    Ok(ExitCode::SUCCESS)
}

/// The web app over `store` with the configuration's settings.
pub fn app(store: std::sync::Arc<dyn hoshin_app::Store>, config: &Config) -> App {
    let imports = hoshin_app::ImportSettings {
        max_upload_bytes: usize::try_from(config.import.max_upload_mib.saturating_mul(1024 * 1024))
            .unwrap_or(usize::MAX),
        labels: config.import.labels.clone(),
        ..hoshin_app::ImportSettings::default()
    };
    App::new(store).with_secure_cookies(config.secure_cookies).with_imports(imports)
}

/// Binds, prints the URL, serves until Ctrl-C.
pub async fn serve(app: App, config: &Config) -> Result<()> {
    let listener =
        tokio::net::TcpListener::bind(&config.addr).await.with_context(|| format!("listening on {}", config.addr))?;
    let addr = listener.local_addr()?;
    println!("serving {} on http://{addr}/  (Ctrl-C to stop)", config.db);
    hoshin_web::serve_on(app, listener).await.context("serving")?;
    Ok(())
}
