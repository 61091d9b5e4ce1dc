//! Time and peak memory of brotli (quality 5, as the page cache uses it) per window size on a
//! saved page: `cargo run --release -p hoshin-web --example brotli_windows -- PAGE.html`. Each
//! window runs in a process of its own (the example starts itself again), so each peak is its
//! own. Shows why `cache::encoding` never gives the encoder a window below 17 bits.
use std::io::Write;

fn peak_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM"))?.split_whitespace().nth(1)?.parse().ok())
        .unwrap_or(0)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(page) = args.get(1) else {
        eprintln!("usage: brotli_windows PAGE.html");
        std::process::exit(2);
    };
    let body = std::fs::read(page).expect("read the page");
    match args.get(2).and_then(|w| w.parse::<u32>().ok()) {
        Some(lgwin) => {
            let before = peak_kb();
            let runs = 20;
            let started = std::time::Instant::now();
            let mut out = Vec::new();
            for _ in 0..runs {
                out.clear();
                let mut w = brotli::CompressorWriter::new(&mut out, 4096, 5, lgwin);
                w.write_all(&body).expect("compress");
                w.flush().expect("compress");
            }
            let us = started.elapsed().as_secs_f64() * 1e6 / f64::from(runs);
            println!(
                "lgwin {lgwin:2}: {} -> {} bytes, {us:8.0} µs, peak +{} kB",
                body.len(),
                out.len(),
                peak_kb() - before
            );
        }
        None => {
            let exe = std::env::current_exe().expect("own path");
            for lgwin in [10, 14, 16, 17, 18, 20, 22] {
                let status = std::process::Command::new(&exe).arg(page).arg(lgwin.to_string()).status();
                if !status.is_ok_and(|s| s.success()) {
                    eprintln!("lgwin {lgwin}: failed");
                }
            }
        }
    }
}
