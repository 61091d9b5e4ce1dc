//! Times typical page reads on a large database (e.g. one filled by `bulk_bench`):
//! `cargo run -p hoshin-store --example read_bench -- URL`.

use hoshin_domain::*;
use hoshin_store::Page;
use std::time::Instant;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let url = std::env::args().nth(1).unwrap_or_else(|| "sqlite:///tmp/hoshin-bench.db".into());
    let store = hoshin_store::open(&url).await?;
    let orgs = store.list_organizations(Page { limit: 1, offset: 1_000 }).await?;
    let Some(org) = orgs.first() else { return Err("the database has fewer than 1,001 organizations".into()) };
    let year = FiscalYear::new(2021)?;
    let t = Instant::now();
    let depts = store.list_departments(org.id).await?;
    let dept = depts.first().ok_or("no departments")?;
    let inis = store.department_initiatives(dept.id, year, Page::default()).await?;
    let all = store.list_initiatives(org.id, Some(year), Page::default()).await?;
    let first = inis.first().ok_or("no initiatives")?;
    let node = *first.node_ids.first().ok_or("no links")?;
    let by_node = store.node_initiatives(node, Page::default()).await?;
    let kpis = store.indicators_of(IndicatorOwner::Initiative(first.id)).await?;
    let n = store.count_initiatives(org.id, None).await?;
    println!(
        "one organization's page reads: {:.1} ms ({} departments, {} + {} initiatives, {} by node, {} KPIs, {} in all)",
        t.elapsed().as_secs_f64() * 1e3,
        depts.len(),
        inis.len(),
        all.len(),
        by_node.len(),
        kpis.len(),
        n
    );
    let t = Instant::now();
    let stats = store.stats().await?;
    println!("stats() over {} tables: {:.1} ms", stats.len(), t.elapsed().as_secs_f64() * 1e3);
    Ok(())
}
