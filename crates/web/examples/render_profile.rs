//! Where a cold render's time goes (issue 14): renders one page many times in-process, with
//! the page cache off, and prints the mean time of each phase (of the best of five batches) — every store read, building the
//! view model, rendering — beside the whole request through the router.
//!
//! ```sh
//! cargo run --release -p hoshin-web --example render_profile -- target/bench/web-100-3.db booklet 60 2018 100
//! cargo run --release -p hoshin-web --example render_profile -- DB compare ORG YEAR N
//! cargo run --release -p hoshin-web --example render_profile -- DB plan PLAN N
//! ```
//!
//! The phases repeat what the page's handler does (`pages/booklet.rs`, `pages/compare.rs`,
//! `pages/plan.rs`) with a clock around each step; the last line is the whole request (router,
//! layers, handler, body) for comparison. One request at a time: this measures CPU per render,
//! not the queueing a loaded server adds.

use axum::body::Body;
use axum::http::Request;
use hoshin_app::App;
use hoshin_domain::*;
use hoshin_store::Read;
use hoshin_web::pages::{city_initiatives, family};
use hoshin_web::views::policy::{block, Ctx};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tower::ServiceExt;

/// Batches of N runs each; every phase reports its best batch's mean.
const BATCHES: u32 = 5;

type Res<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// Mean time per phase over the runs, in the order phases first appeared.
#[derive(Default)]
struct Phases {
    order: Vec<&'static str>,
    total: BTreeMap<&'static str, Duration>,
    last: Option<Instant>,
}

impl Phases {
    fn start(&mut self) {
        self.last = Some(Instant::now());
    }

    fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        let took = now - self.last.unwrap_or(now);
        if !self.total.contains_key(name) {
            self.order.push(name);
        }
        *self.total.entry(name).or_default() += took;
        self.last = Some(now);
    }

    fn print(&self, runs: u32) {
        let sum: Duration = self.total.values().sum();
        for name in &self.order {
            let t = self.total[name] / runs;
            println!("{name:<32} {:>9.3} ms", t.as_secs_f64() * 1e3);
        }
        println!("{:<32} {:>9.3} ms", "sum of phases", (sum / runs).as_secs_f64() * 1e3);
    }

    /// Keeps, per phase, the lower of its mean here and in `other` (a batch run later): other
    /// processes on a shared machine only ever add time, so the best batch is the cost.
    fn keep_best(&mut self, other: Phases) {
        if self.order.is_empty() {
            *self = other;
            return;
        }
        for (name, t) in other.total {
            let mine = self.total.entry(name).or_insert(t);
            *mine = (*mine).min(t);
        }
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Res<()> {
    let args: Vec<String> = std::env::args().collect();
    let usage = "usage: render_profile DB booklet|compare ORG YEAR N | DB plan PLAN N";
    let db = args.get(1).ok_or(usage)?;
    let store = hoshin_store::open(db).await?;
    let app = App::new(Arc::clone(&store))
        .with_page_cache(hoshin_app::PageCacheConfig { enabled: false, ..hoshin_app::PageCacheConfig::default() });
    let (url, runs) = match args.get(2).map(String::as_str) {
        Some("booklet") | Some("compare") if args.len() == 6 => {
            let (org, year) = (args[3].parse::<i64>()?, args[4].clone());
            let runs: u32 = args[5].parse()?;
            let kind = args[2].as_str();
            let path = if kind == "booklet" { "booklet" } else { "compare" };
            let mut best = Phases::default();
            for batch in 0..=BATCHES {
                let mut p = Phases::default();
                for _ in 0..runs {
                    if kind == "booklet" {
                        booklet(&app, &*store, OrgId(org), &year, &mut p).await?;
                    } else {
                        compare(&app, OrgId(org), &year, &mut p).await?;
                    }
                }
                // The first batch warms SQLite's page cache and the statement caches.
                if batch > 0 {
                    best.keep_best(p);
                }
            }
            best.print(runs);
            (format!("/orgs/{org}/years/{year}/{path}"), runs)
        }
        Some("plan") if args.len() == 5 => {
            let plan = PlanId(args[3].parse()?);
            let runs: u32 = args[4].parse()?;
            let mut best = Phases::default();
            for batch in 0..=BATCHES {
                let mut p = Phases::default();
                for _ in 0..runs {
                    plan_reads(&*store, plan, &mut p).await?;
                }
                if batch > 0 {
                    best.keep_best(p);
                }
            }
            best.print(runs);
            (format!("/plans/{}", plan.0), runs)
        }
        _ => return Err(usage.into()),
    };
    let router = hoshin_web::router(app);
    let mut whole = Duration::MAX;
    let mut bytes = 0;
    for batch in 0..=BATCHES {
        let started = Instant::now();
        for _ in 0..runs {
            let res = router.clone().oneshot(Request::get(&url).body(Body::empty())?).await?;
            let status = res.status();
            let body = axum::body::to_bytes(res.into_body(), usize::MAX).await?;
            bytes = body.len();
            if !status.is_success() {
                return Err(format!("{url}: {status}").into());
            }
        }
        if batch > 0 {
            whole = whole.min(started.elapsed());
        }
    }
    println!("{:<32} {:>9.3} ms  ({bytes} bytes, {url})", "whole request (router)", (whole / runs).as_secs_f64() * 1e3);
    Ok(())
}

/// `pages/booklet.rs` with a clock around each step.
async fn booklet(app: &App, store: &dyn Read, org: OrgId, year: &str, p: &mut Phases) -> Res<usize> {
    p.start();
    let year = FiscalYear::parse(year)?;
    let org = hoshin_app::public::organization(app, org).await?;
    p.lap("read organization");
    let departments = hoshin_app::public::departments(app, org.id).await?;
    p.lap("read departments");
    let (items, _limited) = city_initiatives(app, org.id, year).await.map_err(|e| format!("{e:?}"))?;
    p.lap("read initiatives");
    let policies: HashMap<DepartmentId, DepartmentPolicy> =
        hoshin_app::public::year_policies(app, org.id, year).await?.into_iter().map(|p| (p.department_id, p)).collect();
    p.lap("read policies");
    let mut ids: Vec<NodeId> = items.iter().flat_map(|i| i.node_ids.iter().copied()).collect();
    ids.sort_by_key(|n| n.0);
    ids.dedup();
    let _ = store.nodes_by_ids(&ids).await?;
    p.lap("  (read linked nodes alone)");
    let _ = store.list_plans(org.id).await?;
    p.lap("  (read plans alone)");
    let _ = store.published_themes(org.id, year).await?;
    p.lap("  (read themes alone)");
    let ctx = Ctx::load(app, org.id, Some(year), &items, &departments).await?;
    p.lap("read link context (3 reads)");
    let tops: Vec<&Department> = departments.iter().filter(|d| d.parent_id.is_none()).collect();
    let groups: Vec<(&Department, Vec<&Initiative>)> = tops
        .iter()
        .map(|d| {
            let fam: HashSet<DepartmentId> = family(&departments, d.id).into_iter().collect();
            (*d, items.iter().filter(|i| i.department_id.is_some_and(|x| fam.contains(&x))).collect())
        })
        .collect();
    p.lap("group by department");
    let mut len = 0;
    for (d, list) in &groups {
        len += block(&ctx, d, policies.get(&d.id), list, 3).into_string().len();
    }
    p.lap("render department blocks");
    Ok(len)
}

/// `pages/compare.rs` (the city) with a clock around each step.
async fn compare(app: &App, org: OrgId, year: &str, p: &mut Phases) -> Res<usize> {
    p.start();
    let year = FiscalYear::parse(year)?;
    let org = hoshin_app::public::organization(app, org).await?;
    p.lap("read organization");
    let prev = hoshin_app::public::year_before(app, org.id, year).await?;
    p.lap("read year before");
    let (curr, _) = hoshin_app::public::year_initiative_briefs(app, org.id, year, 20_000).await?;
    p.lap("read initiatives (year)");
    let (before, _) = match prev {
        Some(y) => hoshin_app::public::year_initiative_briefs(app, org.id, y, 20_000).await?,
        None => (Vec::new(), false),
    };
    p.lap("read initiatives (year before)");
    let departments = hoshin_app::public::departments(app, org.id).await?;
    p.lap("read departments");
    let _years = hoshin_app::public::years(app, org.id).await?;
    p.lap("read years");
    let parent: HashMap<DepartmentId, Option<DepartmentId>> = departments.iter().map(|d| (d.id, d.parent_id)).collect();
    let top = |i: &hoshin_app::records::InitiativeBrief| -> Option<DepartmentId> {
        let mut d = i.department_id?;
        for _ in 0..16 {
            match parent.get(&d).copied().flatten() {
                Some(p) => d = p,
                None => break,
            }
        }
        Some(d)
    };
    let pairs = hoshin_web::pages::compare::pairings(&before, &curr, &top);
    p.lap("pair the years");
    Ok(pairs.len())
}

/// The plan page's reads (`app::public::plan_page` and the roll-up), one by one.
async fn plan_reads(store: &dyn Read, plan: PlanId, p: &mut Phases) -> Res<()> {
    p.start();
    let pl = store.get_plan(plan).await?;
    p.lap("read plan");
    let _ = store.get_organization(pl.org_id).await?;
    p.lap("read organization");
    let nodes = store.plan_nodes(plan).await?;
    p.lap("read nodes");
    let kpis = store.plan_indicators(plan).await?;
    p.lap("read plan indicators");
    let _ = store.plan_progress_figures(plan, FiscalYear::new(2017)?, FiscalYear::new(2026)?).await?;
    p.lap("read progress figures (10 years)");
    let _ = store.plan_node_weights(plan).await?;
    p.lap("read node weights");
    let tree: Vec<hoshin_domain::rollup::TreeNode> =
        nodes.iter().map(|n| hoshin_domain::rollup::TreeNode { id: n.id, parent: n.parent_id }).collect();
    let _ = hoshin_domain::rollup::roll_up(&tree, &HashMap::new(), &HashMap::new());
    p.lap("roll up (no measures)");
    let _ = kpis.len();
    Ok(())
}
