//! The `hoshin` command. Thin: parse flags, resolve the [`config::Config`], call the app's
//! use cases or the web server, print. Errors are `anyhow` here and only here.

mod cli;
mod commands;
mod config;

use anyhow::Result;
use clap::Parser;

fn main() -> std::process::ExitCode {
    let args = cli::Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(args)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(args: cli::Cli) -> Result<std::process::ExitCode> {
    let dir = std::env::current_dir()?;
    let config = config::Config::load(args.config.as_deref(), &dir, std::env::vars(), args.command.layer())?;
    init_tracing(&config.log, config.log_format);
    tracing::debug!(?config, "configuration");
    commands::dispatch(args.command, &config).await
}

/// Log lines on standard error: text, or one JSON object per line (`log_format = "json"`),
/// each carrying the request's span (request_id, method, path) when there is one.
fn init_tracing(filter: &str, format: config::LogFormat) {
    let filter =
        tracing_subscriber::EnvFilter::try_new(filter).unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let _ = match format {
        config::LogFormat::Text => builder.try_init(),
        config::LogFormat::Json => builder.json().with_current_span(true).with_span_list(false).try_init(),
    };
}
