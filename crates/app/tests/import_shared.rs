//! Importing every seed and sample document of ../shared into SQLite and into PostgreSQL gives
//! the same records (compared as a content dump without ids or timestamps), and importing
//! them all a second time changes nothing. Skipped with a note when ../shared is absent.
#![allow(clippy::unwrap_used)] // helpers shared by the tests below

use hoshin_app::import::{import_file, ImportOptions};
use hoshin_domain::*;
use hoshin_store::{Backend, Page, Store};
use hoshin_testkit::TestDb;
use std::path::PathBuf;

fn documents() -> Option<Vec<PathBuf>> {
    let shared = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    if !shared.join("seeds").is_dir() {
        return None;
    }
    let mut files = Vec::new();
    for sub in ["seeds", "samples"] {
        for e in std::fs::read_dir(shared.join(sub)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "txt") {
                files.push(p);
            }
        }
    }
    files.sort();
    Some(files)
}

/// Documents that do not name their municipality get a stand-in, as `--org` would give.
async fn import_all(store: &dyn Store, files: &[PathBuf]) {
    for f in files {
        let bytes = std::fs::read(f).unwrap();
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        let ex = hoshin_app::importer::extract(&name, &bytes).unwrap();
        let opts = ImportOptions {
            organization: ex.organization.is_none().then(|| "名称不明市".to_string()),
            fiscal_year: None,
            ..Default::default()
        };
        import_file(store, &name, &bytes, &opts).await.unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

/// Everything stored, as text without ids or timestamps, in a stable order.
async fn dump(store: &dyn Store) -> Vec<String> {
    let mut out = Vec::new();
    let mut orgs = store.list_organizations(Page::first(100)).await.unwrap();
    orgs.sort_by(|a, b| a.name.cmp(&b.name));
    for org in orgs {
        out.push(format!("org {} {:?} {:?}", org.name, org.code, org.prefecture));
        let depts = store.list_departments(org.id).await.unwrap();
        let dept_name = |id: Option<DepartmentId>| depts.iter().find(|d| Some(d.id) == id).map(|d| d.name.clone());
        for d in &depts {
            out.push(format!(" dept {} parent={:?}", d.name, dept_name(d.parent_id)));
            for p in store.department_policies(d.id).await.unwrap() {
                out.push(format!("  policy {:?} {} {:?}", p.fiscal_year, p.stance, p.notes));
            }
        }
        let mut codes = std::collections::HashMap::new();
        for plan in store.list_plans(org.id).await.unwrap() {
            out.push(format!(" plan {:?} {} {:?}-{:?}", plan.kind, plan.title, plan.period_start, plan.period_end));
            for n in store.plan_nodes(plan.id).await.unwrap() {
                codes.insert(n.id, n.code.clone().unwrap_or_else(|| n.title.clone()));
                out.push(format!(
                    "  node {} {:?} {} {:?} {:?} {:?} {:?}",
                    n.kind_label, n.code, n.title, n.vision, n.current_issues, n.sdgs_direction, n.sdg_goals
                ));
            }
        }
        let inits = store.list_initiatives(org.id, None, Page::first(Page::MAX_LIMIT)).await.unwrap();
        for i in &inits {
            let links: Vec<&String> = i.node_ids.iter().filter_map(|n| codes.get(n)).collect();
            let pred = i.predecessor_id.and_then(|p| inits.iter().find(|x| x.id == p)).map(|x| &x.name);
            out.push(format!(
                " init {:?} {:?} {} dept={:?} {:?} {:?} {:?} {:?} {:?} {:?} links={links:?} pred={pred:?}",
                i.fiscal_year,
                i.kind,
                i.name,
                dept_name(i.department_id),
                i.summary,
                i.reform_perspectives,
                i.reform_text,
                i.milestones,
                i.sections,
                i.sdg_goals
            ));
            for r in store.goal_reviews(i.id).await.unwrap() {
                out.push(format!("  review {:?} {:?} {:?}", r.fiscal_year, r.result, r.issues_next));
            }
        }
        for k in store.list_indicators(org.id, Page::first(Page::MAX_LIMIT)).await.unwrap() {
            out.push(format!(
                " kpi {} {:?} {:?} {:?} {:?} {:?} {:?}",
                k.name, k.unit, k.direction, k.baseline, k.target, k.baseline_note, k.actuals
            ));
        }
        for r in store.list_related_plans(org.id).await.unwrap() {
            let links: Vec<&String> = r.node_ids.iter().filter_map(|n| codes.get(n)).collect();
            out.push(format!(" related {} {:?} {links:?}", r.name, r.description));
        }
    }
    out
}

#[tokio::test]
async fn shared_documents_give_the_same_records_on_both_backends() {
    let Some(files) = documents() else {
        eprintln!("NOTE: ../shared is absent; the cross-backend import comparison is not checked");
        return;
    };
    assert!(files.len() >= 6, "{files:?}");
    let sqlite = TestDb::new(Backend::Sqlite).await.unwrap();
    let postgres = TestDb::new(Backend::Postgres).await.unwrap();
    import_all(sqlite.store.as_ref(), &files).await;
    import_all(postgres.store.as_ref(), &files).await;
    let a = dump(sqlite.store.as_ref()).await;
    let b = dump(postgres.store.as_ref()).await;
    assert!(a.iter().filter(|l| l.starts_with(" init")).count() > 100, "{}", a.len());
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x, y);
    }
    assert_eq!(a.len(), b.len());

    // A second import of everything changes nothing but the audit log, which records each
    // re-import.
    let counts = sqlite.store.stats().await.unwrap();
    import_all(sqlite.store.as_ref(), &files).await;
    for (was, is) in counts.iter().zip(&sqlite.store.stats().await.unwrap()) {
        let grew = if was.table == "audit_log" { files.len() as i64 } else { 0 };
        assert_eq!(is.rows, was.rows + grew, "{}", was.table);
    }
    assert_eq!(dump(sqlite.store.as_ref()).await, a);
}
