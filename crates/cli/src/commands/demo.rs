//! `hoshin demo`: create or refresh the demo city, then serve it.

use crate::cli::DemoArgs;
use crate::config::Config;
use anyhow::{Context, Result};
use hoshin_app::App;
use std::process::ExitCode;

pub async fn run(args: DemoArgs, config: &Config) -> Result<ExitCode> {
    let store = super::open(config).await?;
    let report = hoshin_app::demo::seed_demo(store.as_ref()).await.context("seeding the demo city")?;
    let t = report.tally;
    println!(
        "demo city {} in {}: {} rows inserted, {} updated, {} unchanged",
        report.org_name, config.db, t.inserted, t.updated, t.unchanged
    );
    if args.no_serve {
        store.close().await;
        return Ok(ExitCode::SUCCESS);
    }
    super::serve::serve(App::new(store).with_secure_cookies(config.secure_cookies), config).await?;
    Ok(ExitCode::SUCCESS)
}
