//! `gen` is deterministic: the same seed gives the same data in two fresh SQLite files, and a
//! different seed gives different data.
#![allow(clippy::unwrap_used)] // helpers shared by the tests below

use hoshin_app::gen::{generate, GenOptions};
use hoshin_store::{Page, Store};
use hoshin_testkit::TestDb;

fn opts(seed: u64) -> GenOptions {
    GenOptions { municipalities: 3, years: 3, first_year: 2022, seed, initiatives_per_year: 12, orgs_per_tx: 2 }
}

/// Content (no ids, no timestamps) of a few sample rows.
async fn sample(store: &dyn Store) -> Vec<String> {
    let mut out = Vec::new();
    for org in store.list_organizations(Page::first(10)).await.unwrap() {
        out.push(format!("{} {:?} {:?}", org.name, org.code, org.prefecture));
        for d in store.list_departments(org.id).await.unwrap() {
            out.push(format!("  {} {}", d.name, d.sort_order));
        }
        for i in store.list_initiatives(org.id, None, Page::first(15)).await.unwrap() {
            out.push(format!(
                "  {:?} {} {:?} {:?} {} {}",
                i.fiscal_year,
                i.name,
                i.summary,
                i.milestones,
                i.predecessor_id.is_some(),
                i.node_ids.len()
            ));
        }
        for k in store.list_indicators(org.id, Page::first(5)).await.unwrap() {
            out.push(format!("  {} {:?} {:?} {:?}", k.name, k.baseline, k.target, k.actuals));
        }
    }
    out
}

#[tokio::test]
async fn same_seed_same_data() {
    let a = TestDb::sqlite().await.unwrap();
    let b = TestDb::sqlite().await.unwrap();
    let ra = generate(a.store.as_ref(), &opts(42), &|_| {}).await.unwrap();
    let rb = generate(b.store.as_ref(), &opts(42), &|_| {}).await.unwrap();
    assert_eq!(ra.counts, rb.counts);
    assert_eq!(ra.counts.organizations, 3);
    assert!(ra.counts.initiatives >= 3 * 3 * 9, "{:?}", ra.counts);
    assert_eq!(a.store.stats().await.unwrap(), b.store.stats().await.unwrap());
    let sa = sample(a.store.as_ref()).await;
    assert!(sa.len() > 30);
    assert_eq!(sa, sample(b.store.as_ref()).await);
    // Continuity: later years link back to earlier ones.
    let org = a.store.list_organizations(Page::first(1)).await.unwrap().remove(0);
    let last = hoshin_domain::FiscalYear::new(2024).unwrap();
    let linked = a.store.list_initiatives(org.id, Some(last), Page::first(100)).await.unwrap();
    assert!(linked.iter().any(|i| i.predecessor_id.is_some()));

    let c = TestDb::sqlite().await.unwrap();
    generate(c.store.as_ref(), &opts(43), &|_| {}).await.unwrap();
    assert_ne!(sa, sample(c.store.as_ref()).await, "a different seed must give different data");
}

#[tokio::test]
async fn refuses_to_generate_twice_into_one_database() {
    let db = TestDb::sqlite().await.unwrap();
    generate(db.store.as_ref(), &opts(1), &|_| {}).await.unwrap();
    let before = db.store.stats().await.unwrap();
    assert!(generate(db.store.as_ref(), &opts(1), &|_| {}).await.is_err());
    assert_eq!(db.store.stats().await.unwrap(), before);
}
