//! `hoshin demo`: create or refresh the demo city, then serve it.

use crate::cli::DemoArgs;
use crate::config::Config;
use anyhow::{Context, Result};
use std::process::ExitCode;

pub async fn run(args: DemoArgs, config: &Config) -> Result<ExitCode> {
    let store = super::open(config).await?;
    let report = hoshin_app::demo::seed_demo(store.as_ref()).await.context("seeding the demo city")?;
    let t = report.tally;
    println!(
        "demo city {} in {}: {} rows inserted, {} updated, {} unchanged",
        report.org_name, config.db, t.inserted, t.updated, t.unchanged
    );
    let accounts = hoshin_app::demo::seed_demo_accounts(store.as_ref(), report.org_id)
        .await
        .context("creating the demo accounts")?;
    println!("staff sign-in: http://{}/login", config.addr);
    for a in &accounts {
        let dept = a.department.map(|d| format!(", {d}")).unwrap_or_default();
        match &a.password {
            Some(p) => println!("  {:<8} password {p}  ({}{dept})", a.login, a.role.label()),
            None => println!("  {:<8} (exists; `hoshin user reset-password {}` for a new password)", a.login, a.login),
        }
    }
    if args.no_serve {
        store.close().await;
        return Ok(ExitCode::SUCCESS);
    }
    super::serve::serve(super::serve::app(store, config), config).await?;
    Ok(ExitCode::SUCCESS)
}
