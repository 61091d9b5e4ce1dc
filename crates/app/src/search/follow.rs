//! Keeping an open index current: read the change log after the index's cursor, re-read the
//! records it names, replace their documents, commit with the new cursor. Runs every 250 ms
//! in each server, so every write (publish, import, edit — by this server, another one, or
//! the CLI) is searchable within a second.

use super::docs::{self, Names};
use crate::error::Result;
use hoshin_domain::*;
use hoshin_search::{IndexDoc, SearchIndex};
use hoshin_store::{ChangeKind, SearchChange};
use std::collections::BTreeSet;
use std::sync::Arc;

/// Changes read per round.
const BATCH: u32 = 2_000;
/// Sequence numbers looked back past the cursor. On PostgreSQL a transaction can commit after
/// one that took a later number; its rows appear behind the cursor and are applied when seen.
pub const LOOKBACK: i64 = 1_000;

/// What a follower remembers between rounds: cached names, and the sequence numbers already
/// applied within the look-back window.
#[derive(Debug, Default)]
pub struct Follower {
    pub names: Names,
    seen: BTreeSet<i64>,
    /// The cursor of the first round: what the index already reflected when this follower
    /// started is not applied again.
    floor: Option<i64>,
}

/// What one round did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Applied {
    pub changes: usize,
    pub documents: usize,
    pub removed: usize,
}

/// Applies the changes logged after the index's cursor (up to a batch), and any late ones within
/// [`LOOKBACK`] not applied yet. Names are cached between rounds (cleared when one changes).
pub async fn apply_changes(
    store: &(impl crate::ReadDb + ?Sized),
    index: &Arc<SearchIndex>,
    f: &mut Follower,
) -> Result<Applied> {
    let store = crate::db::read(store);
    let cursor = index.cursor().unwrap_or(0);
    let rows = store.search_changes((cursor - LOOKBACK).max(0), BATCH).await?;
    let floor = *f.floor.get_or_insert(cursor);
    let changes: Vec<SearchChange> = rows.into_iter().filter(|c| c.seq > floor && !f.seen.contains(&c.seq)).collect();
    let Some(last) = changes.iter().map(|c| c.seq).max() else { return Ok(Applied::default()) };
    let last = last.max(cursor);
    let (keys, docs) = documents_for(store, &mut f.names, &changes).await?;
    let applied = Applied { changes: changes.len(), documents: docs.len(), removed: keys.len() };
    let index = Arc::clone(index);
    tokio::task::spawn_blocking(move || index.apply(&keys, &docs, last))
        .await
        .map_err(|e| crate::AppError::Import(format!("index writer: {e}")))??;
    f.seen.extend(changes.iter().map(|c| c.seq));
    f.seen = f.seen.split_off(&(last - LOOKBACK));
    Ok(applied)
}

/// The keys to delete and the documents to (re)write for a batch of changes.
pub async fn documents_for(
    store: &(impl crate::ReadDb + ?Sized),
    names: &mut Names,
    changes: &[SearchChange],
) -> Result<(Vec<String>, Vec<IndexDoc>)> {
    let store = crate::db::read(store);
    let (mut initiatives, mut indicators, mut nodes, mut stances) =
        (BTreeSet::new(), BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
    let mut orgs = BTreeSet::new();
    names.forget_revisions();
    for c in changes {
        match c.kind {
            ChangeKind::Initiative => {
                initiatives.insert(c.row_id);
            }
            ChangeKind::Indicator => {
                indicators.insert(c.row_id);
            }
            ChangeKind::Node => {
                nodes.insert(c.row_id);
            }
            ChangeKind::Stance => {
                stances.insert(c.row_id);
            }
            ChangeKind::Revision => {
                let (i, k) = store.revision_row_ids(RevisionId(c.row_id)).await?;
                initiatives.extend(i);
                indicators.extend(k);
            }
            ChangeKind::Organization => {
                orgs.insert(c.row_id);
            }
        }
    }
    let (mut keys, mut out) = (Vec::new(), Vec::new());
    if !orgs.is_empty() {
        names.clear();
    }
    for org in orgs {
        let org = OrgId(org);
        let mut after = 0;
        while let Some(last) = {
            let items = store.initiatives_for_search(Some(org), after, 5_000).await?;
            let (d, h) = docs::initiative_docs(store, names, &items).await?;
            out.extend(d);
            keys.extend(h);
            items.last().map(|i| i.id.0)
        } {
            after = last;
        }
        after = 0;
        while let Some(last) = {
            let items = store.indicators_for_search(Some(org), after, 5_000).await?;
            let (d, h) = docs::indicator_docs(store, names, &items).await?;
            out.extend(d);
            keys.extend(h);
            items.last().map(|k| k.id.0)
        } {
            after = last;
        }
        after = 0;
        while let Some(last) = {
            let items = store.policies_for_search(Some(org), after, 5_000).await?;
            out.extend(docs::stance_docs(store, names, &items).await?);
            items.last().map(|p| p.id.0)
        } {
            after = last;
        }
    }
    for chunk in initiatives.into_iter().collect::<Vec<_>>().chunks(1_000) {
        let items = store.initiatives_by_ids(chunk).await?;
        let found: BTreeSet<i64> = items.iter().map(|i| i.id.0).collect();
        keys.extend(chunk.iter().filter(|id| !found.contains(id)).map(|id| docs::initiative_key(*id)));
        let (d, h) = docs::initiative_docs(store, names, &items).await?;
        out.extend(d);
        keys.extend(h);
    }
    for chunk in indicators.into_iter().collect::<Vec<_>>().chunks(1_000) {
        let items = store.indicators_by_ids(chunk).await?;
        let found: BTreeSet<i64> = items.iter().map(|k| k.id.0).collect();
        keys.extend(chunk.iter().filter(|id| !found.contains(id)).map(|id| docs::indicator_key(*id)));
        let (d, h) = docs::indicator_docs(store, names, &items).await?;
        out.extend(d);
        keys.extend(h);
    }
    for chunk in nodes.into_iter().collect::<Vec<_>>().chunks(1_000) {
        let items = store.nodes_with_org_by_ids(chunk).await?;
        let found: BTreeSet<i64> = items.iter().map(|(n, _)| n.id.0).collect();
        keys.extend(chunk.iter().filter(|id| !found.contains(id)).map(|id| docs::node_key(*id)));
        out.extend(docs::node_docs(store, names, &items).await?);
    }
    for chunk in stances.into_iter().collect::<Vec<_>>().chunks(1_000) {
        let items = store.policies_by_ids(chunk).await?;
        let found: BTreeSet<i64> = items.iter().map(|p| p.id.0).collect();
        keys.extend(chunk.iter().filter(|id| !found.contains(id)).map(|id| docs::stance_key(*id)));
        out.extend(docs::stance_docs(store, names, &items).await?);
    }
    Ok((keys, out))
}
