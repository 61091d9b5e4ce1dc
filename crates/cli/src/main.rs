//! The `hoshin` command. Thin: parse flags, resolve the [`config::Config`], call the app's
//! use cases or the web server, print. Errors are `anyhow` here and only here.

mod cli;
mod commands;
mod config;

use anyhow::Result;
use clap::Parser;

/// glibc's malloc, told once to keep its mmap threshold at 128 KiB (issue 14, memory). By
/// default glibc raises the threshold to the size of each large block freed, so a cold page's
/// compressors and render buffers, freed at once, end up on the heap, which then stays
/// fragmented: the server's resident size grew to several times what the page cache held
/// (467 MB with the 64 MB cache full). glibc reads the setting from the environment when the
/// process starts, so the command sets it and starts itself again, once (an administrator's
/// own value is left alone). mimalloc was measured too and held more (158 MB against 94 MB
/// for the same 180 pages).
const MMAP_THRESHOLD: (&str, &str) = ("MALLOC_MMAP_THRESHOLD_", "131072");

#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn with_malloc_settings() {
    use std::os::unix::process::CommandExt;
    let (name, value) = MMAP_THRESHOLD;
    if std::env::var_os(name).is_some() {
        return;
    }
    let Ok(exe) = std::env::current_exe() else { return };
    let err = std::process::Command::new(exe).args(std::env::args_os().skip(1)).env(name, value).exec();
    // Not started again: run as we are.
    eprintln!("warning: cannot restart with {name}={value}: {err}");
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn with_malloc_settings() {
    let _ = MMAP_THRESHOLD;
}

fn main() -> std::process::ExitCode {
    with_malloc_settings();
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
