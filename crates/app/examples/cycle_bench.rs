//! Times the editing cycle on a large database (one filled by `hoshin gen`; the run adds a
//! year to some organizations, so use a copy): for `K` organizations, opening the next year
//! with copy-forward, submitting and approving every department's revision, publishing the
//! year (all departments in one transaction, as the year page does), and the planning dashboard.
//!
//! `cargo run --release -p hoshin-app --example cycle_bench -- sqlite://PATH [K]`

use hoshin_app::access::Actor;
use hoshin_app::cycle::{open_year, OpenYear};
use hoshin_app::workflow::transition;
use hoshin_app::year_publishing::{self, BulkStep};
use hoshin_domain::*;
use hoshin_store::Page;
use std::time::Instant;

fn summary(name: &str, mut ms: Vec<f64>) {
    ms.sort_by(f64::total_cmp);
    if ms.is_empty() {
        return;
    }
    let at = |q: f64| ms[((ms.len() as f64 - 1.0) * q).round() as usize];
    println!("{name:<34} n={:<5} p50 {:>8.1} ms  p95 {:>8.1} ms  max {:>8.1} ms", ms.len(), at(0.5), at(0.95), at(1.0));
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let url = std::env::args().nth(1).ok_or("usage: cycle_bench URL [K]")?;
    let k: u32 = std::env::args().nth(2).map(|s| s.parse()).transpose()?.unwrap_or(20);
    let store = hoshin_store::open(&url).await?;
    let s = store.as_ref();
    let total = s.list_organizations(Page::first(5_000)).await?.len() as u32;
    let step = (total / k.max(1)).max(1);
    let (mut open_ms, mut approve_ms, mut year_ms, mut dash_ms) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut copied = 0;
    for i in 0..k.min(total) {
        let org = s.list_organizations(Page { limit: 1, offset: i * step }).await?.remove(0);
        let years = s.org_years(&[org.id]).await?;
        let Some(&(_, last)) = years.last() else { continue };
        let next = last.next().ok_or("year out of range")?;
        let t = Instant::now();
        // The generated data ends a year before `next`: open it as the coming year.
        let today =
            hoshin_domain::Day::from_ymd(i32::from(next.year()), 4, 1).expect("a fiscal year starts on 1 April");
        let input = OpenYear { copy_forward: true, ..OpenYear::default() };
        let opened = open_year(s, &Actor::System, org.id, next, &input, today).await?;
        open_ms.push(t.elapsed().as_secs_f64() * 1e3);
        copied += opened.copied_initiatives;
        let mut approved = Vec::new();
        for rev in s.year_revisions(org.id, next).await? {
            let mut v = rev.meta.version;
            let t = Instant::now();
            for step in [Transition::Submit, Transition::Approve] {
                transition(s, &Actor::System, rev.id, v, step, None).await?;
                v = s.get_revision(rev.id).await?.meta.version;
            }
            approve_ms.push(t.elapsed().as_secs_f64() * 1e3);
            approved.push((rev.id, v));
        }
        let t = Instant::now();
        year_publishing::run(s, &Actor::System, org.id, next, BulkStep::Publish, &approved, today).await?;
        year_ms.push(t.elapsed().as_secs_f64() * 1e3);
        let t = Instant::now();
        hoshin_app::dashboard::dashboard(
            s,
            &Actor::System,
            org.id,
            next,
            hoshin_domain::Day::from_ymd(2100, 1, 1).expect("a day"),
        )
        .await?;
        dash_ms.push(t.elapsed().as_secs_f64() * 1e3);
    }
    println!("{total} organizations in {url}; {} opened a year, {copied} initiatives copied forward", open_ms.len());
    summary("open a year (copy forward, per org)", open_ms);
    summary("submit+approve (per dept)", approve_ms);
    summary("publish the year (all depts, per org)", year_ms);
    summary("planning dashboard (per org)", dash_ms);
    let t = Instant::now();
    let hash = hoshin_app::auth::password::hash_password("benchmark password")?;
    let h = t.elapsed().as_secs_f64() * 1e3;
    let t = Instant::now();
    hoshin_app::auth::password::verify_password(&hash, "benchmark password");
    println!("argon2id hash {h:.1} ms, verify {:.1} ms (one login costs one verify)", t.elapsed().as_secs_f64() * 1e3);
    Ok(())
}
