//! `hoshin index rebuild` and `hoshin search`: the search index from the command line. Both
//! use the configured index directory (`index` in hoshin.toml, `HOSHIN_INDEX`, `--index`).

use super::user::find_org;
use crate::cli::{IndexCommand, SearchArgs};
use crate::config::Config;
use anyhow::{Context, Result};
use hoshin_app::search::{self, Facet, Request};
use hoshin_domain::FiscalYear;
use hoshin_search::SearchIndex;
use hoshin_store::Store;
use serde_json::json;
use std::process::ExitCode;
use std::time::Instant;

pub async fn run(cmd: IndexCommand, config: &Config) -> Result<ExitCode> {
    match cmd {
        IndexCommand::Rebuild(_) => {
            let store = super::open(config).await?;
            let stats = rebuild(store.as_ref(), config).await?;
            println!(
                "indexed {} documents into {} in {:.1} s ({}; change log at {})",
                stats.documents,
                config.index.display(),
                stats.elapsed.as_secs_f64(),
                super::size(stats.bytes),
                stats.cursor
            );
            store.close().await;
            Ok(ExitCode::SUCCESS)
        }
    }
}

async fn rebuild(store: &dyn Store, config: &Config) -> Result<search::RebuildStats> {
    let bar = indicatif::ProgressBar::new_spinner();
    bar.set_message("indexing");
    let started = Instant::now();
    let progress = move |n: u64| {
        bar.set_message(format!("{n} documents, {:.0} s", started.elapsed().as_secs_f64()));
        bar.tick();
    };
    search::rebuild(store, &config.index, &progress)
        .await
        .with_context(|| format!("rebuilding the search index in {}", config.index.display()))
}

pub async fn search(args: SearchArgs, config: &Config) -> Result<ExitCode> {
    let store = super::open(config).await?;
    let index = match search::open_current(store.as_ref(), &config.index).await {
        Ok(i) => i,
        Err(why) => {
            eprintln!("search index {}: {why}; rebuilding it from the database", config.index.display());
            rebuild(store.as_ref(), config).await?;
            SearchIndex::open(&config.index).context("opening the rebuilt index")?
        }
    };
    // Catch up with writes since the index was built (another server may not be running).
    let mut follower = search::follow::Follower::default();
    let index = std::sync::Arc::new(index);
    while search::follow::apply_changes(store.as_ref(), &index, &mut follower)
        .await
        .context("updating the index")?
        .changes
        > 0
    {}
    let mut filters = Vec::new();
    if let Some(o) = &args.org {
        filters.push((Facet::Org, find_org(store.as_ref(), o).await?.id.0.to_string()));
    }
    if let Some(y) = super::parse_year(args.year.as_deref())? {
        filters.push((Facet::Year, y.year().to_string()));
    }
    let req =
        Request { text: args.query.join(" "), filters, limit: args.limit, facets: args.json, ..Request::default() };
    let found = index.search(&req).context("searching")?;
    if args.json {
        let hits: Vec<_> = found
            .hits
            .iter()
            .map(|h| {
                json!({
                    "kind": h.kind.as_str(), "title": h.title.text, "url": h.url, "organization": h.org_name,
                    "organization_id": h.org_id, "prefecture": h.prefecture, "fiscal_year": h.year,
                    "department": h.department, "theme": h.theme, "snippet": h.snippet.text, "score": h.score,
                })
            })
            .collect();
        let facets: serde_json::Map<String, serde_json::Value> = found
            .facets
            .iter()
            .map(|(f, v)| (f.key().to_string(), json!(v.iter().take(20).collect::<Vec<_>>())))
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(
                &json!({ "total": found.total, "hits": hits, "facets": facets, "facets_estimated": found.facets_estimated })
            )?
        );
    } else {
        println!("{} hit(s) for {:?}", found.total, req.text);
        for h in &found.hits {
            let year = h.year.and_then(|y| FiscalYear::new(i64::from(y)).ok()).map(|y| y.label()).unwrap_or_default();
            println!("{}  [{}] {} {}  {}", h.title.text, h.kind.label(), h.org_name, year, h.url);
        }
    }
    store.close().await;
    Ok(ExitCode::SUCCESS)
}
