//! `hoshin gen`: synthetic national-scale data with a progress bar and a closing summary.

use crate::cli::GenArgs;
use crate::config::Config;
use anyhow::{Context, Result};
use hoshin_app::gen::{generate, GenOptions, GenProgress};
use indicatif::{ProgressBar, ProgressStyle};
use std::process::ExitCode;

pub async fn run(args: GenArgs, config: &Config) -> Result<ExitCode> {
    let store = super::open(config).await?;
    let opts = GenOptions {
        municipalities: args.municipalities,
        years: args.years,
        first_year: args.first_year,
        seed: args.seed,
        initiatives_per_year: args.initiatives,
        orgs_per_tx: args.batch,
    };
    let bar = ProgressBar::new(u64::from(opts.municipalities));
    bar.set_style(
        ProgressStyle::with_template("{elapsed_precise} [{bar:40}] {pos}/{len} municipalities  {msg}")
            .context("progress template")?
            .progress_chars("=> "),
    );
    let on_progress = |p: &GenProgress| {
        bar.set_position(u64::from(p.done));
        bar.set_message(format!("{} rows", p.counts.rows()));
    };
    let report = generate(store.as_ref(), &opts, &on_progress).await;
    bar.finish_and_clear();
    let report = report.context("generating")?;
    let c = report.counts;
    let bytes = store.size_bytes().await.context("measuring the database")?;
    let tables = store.stats().await.context("counting rows")?;
    store.close().await;
    println!("generated into {}", config.db);
    println!(
        "  organizations {}  departments {}  plans {}  nodes {}  themes {}  department policies {}",
        c.organizations, c.departments, c.plans, c.nodes, c.themes, c.department_policies
    );
    println!(
        "  initiatives {}  node links {}  goal reviews {}  indicators {}  actuals {}",
        c.initiatives, c.node_links, c.goal_reviews, c.indicators, c.actuals
    );
    println!(
        "rows written: {}  seconds: {:.1}  rows/s: {:.0}  database size: {} ({bytes} bytes)",
        c.rows(),
        report.seconds,
        c.rows() as f64 / report.seconds.max(1e-9),
        super::size(bytes)
    );
    let listed: Vec<String> = tables.iter().filter(|t| t.rows > 0).map(|t| format!("{} {}", t.table, t.rows)).collect();
    println!("rows in the database now: {} ({})", tables.iter().map(|t| t.rows).sum::<i64>(), listed.join(", "));
    Ok(ExitCode::SUCCESS)
}
