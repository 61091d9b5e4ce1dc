//! `hoshin index rebuild` and the server's first start: every record of the database into a
//! fresh index, built beside the live one and swapped in when complete, so searches keep
//! working (on the old index) while a rebuild runs. Records are read in id-ordered pages of
//! 5,000 and handed to a builder thread (tantivy tokenizes on its own threads).

use super::docs::{self, Names};
use crate::error::{AppError, Result};
use hoshin_search::{Builder, IndexDoc};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const PAGE: u32 = 5_000;
/// File in the index directory naming the build; a server that sees it change reopens.
pub const BUILD_ID_FILE: &str = "hoshin-build-id";

/// What a rebuild did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RebuildStats {
    pub documents: u64,
    pub cursor: i64,
    pub elapsed: Duration,
    pub bytes: u64,
}

/// Bytes of the files in `dir`.
pub fn dir_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok()).filter_map(|e| e.metadata().ok()).map(|m| m.len()).sum())
        .unwrap_or(0)
}

fn sibling(dir: &Path, what: &str) -> PathBuf {
    let name = dir.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "index".into());
    dir.with_file_name(format!("{name}.{what}-{}", std::process::id()))
}

/// Rebuilds the index at `dir` from `store`; `progress` is told the documents added so far.
pub async fn rebuild(
    store: &(impl crate::ReadDb + ?Sized),
    dir: &Path,
    progress: &(dyn Fn(u64) + Send + Sync),
) -> Result<RebuildStats> {
    let store = crate::db::read(store);
    let started = Instant::now();
    // Changes logged from here on are replayed by the follower (replaying is idempotent).
    let cursor = store.search_change_bounds().await?.1.unwrap_or(0);
    let tmp = sibling(dir, "building");
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp)?;
    }
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let mut builder = Builder::create(&tmp, threads)?;
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Vec<IndexDoc>>(4);
    let worker = std::thread::spawn(move || -> hoshin_search::Result<Builder> {
        while let Some(batch) = rx.blocking_recv() {
            for d in &batch {
                builder.add(d)?;
            }
        }
        Ok(builder)
    });
    let produced = documents(store, &tx, progress).await;
    drop(tx);
    let builder = worker.join().map_err(|_| AppError::Import("index builder thread panicked".into()))??;
    let documents = produced?;
    let finish = tokio::task::spawn_blocking(move || builder.finish(cursor));
    finish.await.map_err(|e| AppError::Import(format!("index builder: {e}")))??;
    std::fs::write(tmp.join(BUILD_ID_FILE), format!("{}-{}", std::process::id(), started.elapsed().as_nanos()))?;
    swap_in(&tmp, dir)?;
    Ok(RebuildStats { documents, cursor, elapsed: started.elapsed(), bytes: dir_size(dir) })
}

/// Replaces `dir` with `tmp` (the old one is removed after the rename).
fn swap_in(tmp: &Path, dir: &Path) -> Result<()> {
    if dir.exists() {
        let old = sibling(dir, "old");
        std::fs::rename(dir, &old)?;
        std::fs::rename(tmp, dir)?;
        std::fs::remove_dir_all(&old)?;
    } else {
        if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::rename(tmp, dir)?;
    }
    Ok(())
}

async fn send(tx: &tokio::sync::mpsc::Sender<Vec<IndexDoc>>, docs: Vec<IndexDoc>) -> Result<u64> {
    let n = docs.len() as u64;
    tx.send(docs).await.map_err(|_| AppError::Import("index builder stopped".into()))?;
    Ok(n)
}

/// Sends every document of the database, in batches, to `tx` (what a rebuild indexes; the
/// search benchmark feeds the same documents to SQLite FTS5). Returns how many were sent.
pub async fn documents(
    store: &(impl crate::ReadDb + ?Sized),
    tx: &tokio::sync::mpsc::Sender<Vec<IndexDoc>>,
    progress: &(dyn Fn(u64) + Send + Sync),
) -> Result<u64> {
    let store = crate::db::read(store);
    let mut names = Names::default();
    let mut added = 0u64;
    let mut after = 0;
    loop {
        let items = store.initiatives_for_search(None, after, PAGE).await?;
        let Some(last) = items.last() else { break };
        after = last.id.0;
        added += send(tx, docs::initiative_docs(store, &mut names, &items).await?.0).await?;
        progress(added);
    }
    after = 0;
    loop {
        let items = store.indicators_for_search(None, after, PAGE).await?;
        let Some(last) = items.last() else { break };
        after = last.id.0;
        added += send(tx, docs::indicator_docs(store, &mut names, &items).await?.0).await?;
        progress(added);
    }
    after = 0;
    loop {
        let items = store.nodes_for_search(None, after, PAGE).await?;
        let Some(last) = items.last() else { break };
        after = last.0.id.0;
        added += send(tx, docs::node_docs(store, &mut names, &items).await?).await?;
        progress(added);
    }
    after = 0;
    loop {
        let items = store.policies_for_search(None, after, PAGE).await?;
        let Some(last) = items.last() else { break };
        after = last.id.0;
        added += send(tx, docs::stance_docs(store, &mut names, &items).await?).await?;
        progress(added);
    }
    Ok(added)
}
