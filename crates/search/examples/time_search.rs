//! Times the phases of a search on an existing index: `cargo run --release -p hoshin-search
//! --example time_search -- INDEX_DIR QUERY [N] [FACETS,LIMIT]`. With the last argument (e.g.
//! `1,20`) only that case runs, so that `perf record` profiles it alone.
use hoshin_search::*;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let idx = SearchIndex::open(std::path::Path::new(&args[1])).expect("open");
    let q = &args[2];
    let n: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(200);
    let only: Option<(bool, usize)> = args.get(4).and_then(|s| {
        let (f, l) = s.split_once(',')?;
        Some((f == "1", l.parse().ok()?))
    });
    for facets in [true, false] {
        for limit in [20usize, 0] {
            if only.is_some_and(|o| o != (facets, limit)) {
                continue;
            }
            // Twelve values per facet, as the search page asks.
            let req = Request { text: q.clone(), limit, facets, facet_values: 12, ..Request::default() };
            let _ = idx.search_uncached(&req).expect("search");
            let t = Instant::now();
            for _ in 0..n {
                let _ = idx.search_uncached(&req).expect("search");
            }
            println!("facets={facets} limit={limit}: {:.3} ms/search", t.elapsed().as_secs_f64() * 1000.0 / n as f64);
        }
    }
}
