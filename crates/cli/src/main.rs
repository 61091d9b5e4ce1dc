//! The `hoshin` command. Thin: parse flags, resolve the [`config::Config`], call the app's
//! use cases or the web server, print. Errors are `anyhow` here and only here.

mod cli;
mod commands;
mod config;

use anyhow::Result;
use clap::Parser;

/// mimalloc for every allocation (issue 14): Rust's through the global allocator, and with the
/// `override` feature also the C code's `malloc` (SQLite, which copies every value of every row
/// it hands to sqlx). Under load glibc's malloc and free took about a third of a cold page's
/// CPU (`perf record` on the booklet: `_int_malloc`, `_int_free`, `malloc_consolidate`); with
/// mimalloc the same binary served the cold booklet 699 → 904 req/s and the city comparison
/// 1,062 → 1,448 (idle machine, back to back). No `unsafe`.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `MIMALLOC_PURGE_DELAY=3`: mimalloc returns freed pages to the system after 3 ms. With its
/// default (10 ms) the server held 260 MB with 46 MB of pages cached (the cold renders and
/// compressors of a cache fill leave pages behind); returning them at once (0) kept it at
/// 164–225 MB but, once SQLite was read directly (issue 14), gave a quarter of a cold
/// booklet's CPU to giving pages back and faulting them in again (`clear_page`, TLB shootdowns
/// in `perf`). National dataset, back to back, whole `scripts/bench-web.sh` runs: 0 → cold
/// booklet 797 req/s (p99 46 ms), 225 MB after the fill; 3 → 1,188 (26 ms), 227 MB; 10 →
/// 1,698 (17 ms) but 299 MB. mimalloc reads it from the environment when the process starts,
/// so the command sets it and starts itself again, once (an administrator's own value is
/// left alone; the started-again process finds it set).
const PURGE_DELAY: (&str, &str) = ("MIMALLOC_PURGE_DELAY", "3");

#[cfg(unix)]
fn with_allocator_settings() {
    use std::os::unix::process::CommandExt;
    let (name, value) = PURGE_DELAY;
    if std::env::var_os(name).is_some() {
        return;
    }
    let Ok(exe) = std::env::current_exe() else { return };
    let err = std::process::Command::new(exe).args(std::env::args_os().skip(1)).env(name, value).exec();
    // Not started again: run as we are.
    eprintln!("warning: cannot restart with {name}={value}: {err}");
}

#[cfg(not(unix))]
fn with_allocator_settings() {
    let _ = PURGE_DELAY;
}

fn main() -> std::process::ExitCode {
    with_allocator_settings();
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
