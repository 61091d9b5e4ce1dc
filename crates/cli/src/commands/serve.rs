//! `hoshin serve`: the web UI over the configured database.

use crate::config::Config;
use anyhow::{Context, Result};
use hoshin_app::App;
use std::process::ExitCode;

pub async fn run(config: &Config) -> Result<ExitCode> {
    let store = super::open(config).await?;
    serve(App::new(store).with_secure_cookies(config.secure_cookies), config).await?;
    Ok(ExitCode::SUCCESS)
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
