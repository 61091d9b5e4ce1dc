//! Search through the use cases, on SQLite and PostgreSQL: a rebuild from the database finds
//! the demo city's records (variant spellings included), the index follows a department's
//! draft → publish within a second (drafts seen only by their organization's staff), removes
//! a deleted record, and a missing or corrupt index is rebuilt instead of failing.
#![allow(clippy::unwrap_used)]

use hoshin_app::access::Actor;
use hoshin_app::accounts::{create_user, UserInput};
use hoshin_app::cycle::{open_year, OpenYear};
use hoshin_app::editing::{self, InitiativeInput};
use hoshin_app::search::Request;
use hoshin_app::search::{rebuild, Availability, SearchService};
use hoshin_app::workflow::transition;
use hoshin_domain::*;
use hoshin_store::{Backend, Store};
use hoshin_testkit::TestDb;
use std::sync::Arc;
use std::time::{Duration, Instant};

fn req(q: &str, drafts_of: Option<i64>) -> Request {
    Request { text: q.into(), drafts_of, limit: 50, facets: true, ..Request::default() }
}

async fn urls(svc: &SearchService, q: &str, drafts_of: Option<i64>) -> Vec<String> {
    svc.search(&req(q, drafts_of))
        .await
        .unwrap()
        .map(|r| r.hits.iter().map(|h| h.url.clone()).collect())
        .unwrap_or_default()
}

/// Waits until `check` holds; returns how long it took. The bound is a second (the issue's) in
/// an optimized build; the unoptimized test build on a busy 2-core machine gets three.
async fn within_a_second(mut check: impl AsyncFnMut() -> bool) -> Duration {
    let bound = if cfg!(debug_assertions) { Duration::from_secs(3) } else { Duration::from_secs(1) };
    let start = Instant::now();
    while start.elapsed() < bound {
        if check().await {
            eprintln!("followed in {:?}", start.elapsed());
            return start.elapsed();
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("the index did not follow the change within a second");
}

async fn ready(svc: &SearchService) {
    let start = Instant::now();
    while svc.availability() != Availability::Ready {
        assert!(start.elapsed() < Duration::from_secs(60), "index not ready: {:?}", svc.availability());
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn user(store: &dyn Store, org: OrgId, login: &str, role: Role, depts: Vec<DepartmentId>) -> Actor {
    let input = UserInput {
        org_id: org,
        login: login.into(),
        display_name: login.into(),
        password: "試験用のパスワード123".into(),
        role,
        departments: depts,
    };
    let id = create_user(store, &Actor::System, &input).await.unwrap();
    Actor::User(store.get_user(id).await.unwrap())
}

async fn follows_the_cycle(backend: Backend) {
    let db = TestDb::new(backend).await.unwrap();
    let store: Arc<dyn Store> = db.store.clone();
    let demo = hoshin_app::demo::seed_demo(store.as_ref()).await.unwrap();
    let org = demo.org_id;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("index");

    // A missing index is built at start.
    let svc = SearchService::start(store.clone(), path.clone()).await;
    ready(&svc).await;
    let found = urls(&svc, "子育て", None).await;
    assert!(found.iter().any(|u| u.starts_with("/initiatives/")), "{found:?}");
    let r = svc.search(&req("子育て", None)).await.unwrap().unwrap();
    assert!(r.facets.iter().any(|(f, v)| *f == hoshin_app::search::Facet::Kind && !v.is_empty()));

    // A department drafts a new initiative: only its organization's staff find it.
    let depts = store.list_departments(org).await.unwrap();
    let kodomo = depts.iter().find(|d| d.name == "こども未来部").unwrap().clone();
    let planner = user(store.as_ref(), org, "kikaku", Role::Planning, vec![]).await;
    let editor = user(store.as_ref(), org, "kodomo", Role::Editor, vec![kodomo.id]).await;
    let y = FiscalYear::new(2026).unwrap();
    open_year(
        store.as_ref(),
        &planner,
        org,
        y,
        &OpenYear { copy_forward: true, ..OpenYear::default() },
        hoshin_domain::Day::parse("2026-04-01").unwrap(),
    )
    .await
    .unwrap();
    let rev = store.revisions_of(kodomo.id, y).await.unwrap().pop().unwrap();
    let item = InitiativeInput {
        name: "ＤＸによる保育申請の手続き簡素化".into(),
        summary: Some("子供の保育所入所の申込みをオンラインで受け付けます。".into()),
        ..InitiativeInput::default()
    };
    let added = editing::add_initiative(store.as_ref(), &editor, rev.id, &item).await.unwrap();
    let draft_url = format!("/manage/revisions/{}/initiatives/{}", rev.id.0, added.0);
    within_a_second(async || urls(&svc, "デジタル変革 保育", Some(org.0)).await.contains(&draft_url)).await;
    assert!(urls(&svc, "デジタル変革 保育", None).await.is_empty(), "the public never sees drafts");
    assert!(urls(&svc, "デジタル変革 保育", Some(org.0 + 1000)).await.is_empty(), "nor other organizations");

    // Published: everyone finds it, by any spelling, at its public page.
    let v = store.get_revision(rev.id).await.unwrap().meta.version;
    let v = match transition(store.as_ref(), &editor, rev.id, v, Transition::Submit, None).await {
        Ok(_) => store.get_revision(rev.id).await.unwrap().meta.version,
        Err(e) => panic!("{e}"),
    };
    transition(store.as_ref(), &planner, rev.id, v, Transition::Approve, None).await.unwrap();
    let v = store.get_revision(rev.id).await.unwrap().meta.version;
    let today = hoshin_domain::Day::parse("2026-04-01").unwrap();
    hoshin_app::year_publishing::run(
        store.as_ref(),
        &planner,
        org,
        y,
        hoshin_app::year_publishing::BulkStep::Publish,
        &[(rev.id, v)],
        today,
    )
    .await
    .unwrap();
    let took = within_a_second(async || {
        let hits = urls(&svc, "DX 保育", None).await;
        hits.iter().any(|u| u.starts_with("/initiatives/")) && !hits.contains(&draft_url)
    })
    .await;
    eprintln!("publish → searchable in {took:?}");
    for q in ["ＤＸ 保育", "デジタル変革 保育", "子ども 保育所", "こども 申込"] {
        assert!(urls(&svc, q, None).await.iter().any(|u| u.starts_with("/initiatives/")), "{q}");
    }

    // A deleted record leaves the index.
    let live = urls(&svc, "DX 保育", None).await.into_iter().find(|u| u.starts_with("/initiatives/")).unwrap();
    let live_id: i64 = live.trim_start_matches("/initiatives/").parse().unwrap();
    let tx = store.begin().await.unwrap();
    let i = tx.get_initiative(InitiativeId(live_id)).await.unwrap();
    tx.delete_initiative(i.id, i.meta.version).await.unwrap();
    tx.commit().await.unwrap();
    within_a_second(async || !urls(&svc, "DX 保育", None).await.contains(&live)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn follows_the_cycle_sqlite() {
    follows_the_cycle(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn follows_the_cycle_postgres() {
    follows_the_cycle(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_corrupt_index_is_rebuilt_not_a_crash() {
    let db = TestDb::new(Backend::Sqlite).await.unwrap();
    let store: Arc<dyn Store> = db.store.clone();
    hoshin_app::demo::seed_demo(store.as_ref()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("index");
    let stats = rebuild(store.as_ref(), &path, &|_| {}).await.unwrap();
    assert!(stats.documents > 50, "{stats:?}");
    // Damage every file of the index.
    for e in std::fs::read_dir(&path).unwrap() {
        let p = e.unwrap().path();
        std::fs::write(&p, b"garbage").unwrap();
    }
    let svc = SearchService::start(store.clone(), path.clone()).await;
    ready(&svc).await;
    assert!(!urls(&svc, "子育て", None).await.is_empty());
}

/// Long searches (words in more than `QUICK_SEARCH_DOCS` documents) take turns, one per core:
/// asked at once by 32 requests, the same long search reads the index at most once per core,
/// and every request gets the same, whole answer.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn long_searches_asked_at_once_take_turns() {
    let db = TestDb::new(Backend::Sqlite).await.unwrap();
    let store: Arc<dyn Store> = db.store.clone();
    let n = hoshin_search::index::QUICK_SEARCH_DOCS as usize + 500;
    let tx = store.begin().await.unwrap();
    let org = tx.insert_organization(&hoshin_testkit::fixtures::org("大きな市")).await.unwrap();
    let rows: Vec<NewInitiative> =
        (0..n).map(|i| NewInitiative::named(org, InitiativeKind::Annual, format!("防災訓練の実施 その{i}"))).collect();
    tx.insert_initiatives_batch(&rows).await.unwrap();
    tx.commit().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let svc = Arc::new(SearchService::start(store.clone(), dir.path().join("index")).await);
    ready(&svc).await;

    let start = Arc::new(tokio::sync::Barrier::new(32));
    let asks: Vec<_> = (0..32)
        .map(|_| {
            let (svc, start) = (Arc::clone(&svc), Arc::clone(&start));
            tokio::spawn(async move {
                start.wait().await;
                let req = Request { text: "防災訓練".into(), limit: 20, facets: true, ..Request::default() };
                svc.search(&req).await.unwrap().unwrap()
            })
        })
        .collect();
    let mut answers = Vec::new();
    for ask in asks {
        answers.push(ask.await.unwrap());
    }
    assert_eq!(answers[0].total, n as u64);
    assert_eq!(answers[0].hits.len(), 20);
    for a in &answers {
        assert_eq!(a.total, answers[0].total);
        assert_eq!(a.hits, answers[0].hits);
    }
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get) as u64;
    let reads = svc.index_searches();
    assert!((1..=cores.min(31)).contains(&reads), "{reads} reads of the index for 32 requests on {cores} cores");
}

/// Similar initiatives asked for by many requests at once (a page just linked from elsewhere)
/// are read from the index once, off the runtime's workers, and every request gets that answer.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn similar_initiatives_asked_at_once_are_read_once() {
    let db = TestDb::new(Backend::Sqlite).await.unwrap();
    let store: Arc<dyn Store> = db.store.clone();
    let demo = hoshin_app::demo::seed_demo(store.as_ref()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let svc = Arc::new(SearchService::start(store.clone(), dir.path().join("index")).await);
    ready(&svc).await;
    let mine = store
        .list_initiatives(demo.org_id, None, hoshin_store::Page::first(500))
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.summary.is_some())
        .unwrap();
    // The same initiative in another city, which the index follows.
    let tx = store.begin().await.unwrap();
    let other = tx.insert_organization(&hoshin_testkit::fixtures::org("よその市")).await.unwrap();
    let theirs = NewInitiative {
        fiscal_year: mine.fiscal_year,
        summary: mine.summary.clone(),
        ..NewInitiative::named(other, mine.kind, mine.name.clone())
    };
    let theirs = tx.insert_initiative(&theirs).await.unwrap();
    tx.commit().await.unwrap();
    let url = format!("/initiatives/{}", theirs.0);
    within_a_second(async || urls(&svc, &mine.name, None).await.contains(&url)).await;

    let start = Arc::new(tokio::sync::Barrier::new(32));
    let asks: Vec<_> = (0..32)
        .map(|_| {
            let (svc, start, mine) = (Arc::clone(&svc), Arc::clone(&start), mine.clone());
            tokio::spawn(async move {
                start.wait().await;
                svc.similar(&mine, 5).await.unwrap()
            })
        })
        .collect();
    let mut answers = Vec::new();
    for ask in asks {
        answers.push(ask.await.unwrap().into_iter().map(|h| h.url).collect::<Vec<_>>());
    }
    assert!(answers[0].contains(&url), "{:?}", answers[0]);
    assert!(answers.iter().all(|a| *a == answers[0]));
    assert_eq!(svc.similar_reads(), 1);
    svc.similar(&mine, 5).await.unwrap();
    assert_eq!(svc.similar_reads(), 1, "kept until the index changes");
}
