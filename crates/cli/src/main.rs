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

/// mimalloc's settings, which it reads from the environment when the process starts; the
/// command sets those missing and starts itself again, once (an administrator's own values are
/// left alone; the started-again process finds them set).
///
/// - `MIMALLOC_ALLOW_THP=0`: no transparent huge pages. mimalloc asks for them by default
///   (`madvise(MADV_HUGEPAGE)` on its arenas), so every page it gave back and touched again was
///   a 2 MB page the kernel zeroed whole: under load a fifth of a cold booklet's CPU
///   (`perf`: `clear_page_erms` under `do_huge_pmd_anonymous_page`, `madvise`, TLB
///   shootdowns), and twice the memory (VmHWM 72 → 34 MB on a run of cold booklets).
/// - `MIMALLOC_PURGE_DELAY=10` (mimalloc's default, written out): freed pages go back to the
///   system after 10 ms. With huge pages, 0 and 3 ms traded speed for memory (cold booklet 797
///   and 1,188 req/s against 1,698 at 10 ms, but 299 MB after a page-cache fill at 10 ms); with
///   4 KB pages 10 ms costs little memory.
const ALLOCATOR_SETTINGS: [(&str, &str); 2] = [("MIMALLOC_ALLOW_THP", "0"), ("MIMALLOC_PURGE_DELAY", "10")];

#[cfg(unix)]
fn with_allocator_settings() {
    use std::os::unix::process::CommandExt;
    let missing: Vec<(&str, &str)> =
        ALLOCATOR_SETTINGS.into_iter().filter(|(name, _)| std::env::var_os(name).is_none()).collect();
    if missing.is_empty() {
        return;
    }
    let Ok(exe) = std::env::current_exe() else { return };
    let err = std::process::Command::new(exe).args(std::env::args_os().skip(1)).envs(missing).exec();
    // Not started again: run as we are.
    eprintln!("warning: cannot restart with mimalloc's settings: {err}");
}

#[cfg(not(unix))]
fn with_allocator_settings() {
    let _ = ALLOCATOR_SETTINGS;
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
