//! Times similar-initiatives reads on an existing index: `cargo run --release -p hoshin-search
//! --example time_similar -- INDEX_DIR < lines`, each line `org<TAB>title<TAB>summary` (the
//! initiatives to find similar ones for); prints each read's time and the mean.
use hoshin_search::*;
use std::io::BufRead;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let idx = SearchIndex::open(std::path::Path::new(&args[1])).expect("open");
    let limit: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(30);
    let mut times = Vec::new();
    for line in std::io::stdin().lock().lines() {
        let line = line.expect("line");
        let mut parts = line.splitn(3, '\t');
        let (Some(org), Some(title), Some(body)) = (parts.next(), parts.next(), parts.next()) else { continue };
        let org: i64 = org.parse().unwrap_or(0);
        let t = Instant::now();
        let hits = idx.similar(title, body, org, limit).expect("similar");
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        times.push(ms);
        println!("{ms:8.2} ms  {:3} hits  {title}", hits.len());
    }
    times.sort_by(f64::total_cmp);
    if !times.is_empty() {
        let mean = times.iter().sum::<f64>() / times.len() as f64;
        println!(
            "n={} mean {mean:.2} ms, median {:.2} ms, max {:.2} ms",
            times.len(),
            times[times.len() / 2],
            times[times.len() - 1]
        );
    }
}
