//! Issue 10, item 6, on the seeds of ../shared (skipped with a note when absent): a plan
//! chapter's KPIs belong to the chapter's node; a chapter without a year takes the plan
//! period it states, else `--year`; a year lists only its own departments; a department
//! renamed between years is one department (found by a similar name, or by its rename
//! history). Each on SQLite and PostgreSQL.
#![allow(clippy::unwrap_used)] // test code

use hoshin_app::import::{import_file, ImportOptions};
use hoshin_app::years::year_departments;
use hoshin_domain::*;
use hoshin_store::{Backend, Page, Store};
use hoshin_testkit::TestDb;
use std::path::PathBuf;

fn seed(prefix: &str) -> Option<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    let found = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .find(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(prefix)));
    match found {
        Some(p) => Some((p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap())),
        None => {
            eprintln!("skipped: ../shared/seeds/{prefix}* not found");
            None
        }
    }
}

fn fy(y: i64) -> FiscalYear {
    FiscalYear::new(y).unwrap()
}

async fn org_named(store: &dyn Store, name: &str) -> OrgId {
    store.find_organization_by_name(name).await.unwrap().unwrap().id
}

async fn chapter_kpis(backend: Backend) {
    let Some((name, bytes)) = seed("002_") else { return };
    let db = TestDb::new(backend).await.unwrap();
    let store = db.store.as_ref();
    let report = import_file(store, &name, &bytes, &ImportOptions::default()).await.unwrap();
    assert_eq!(report.fiscal_year, None, "the chapter states no year and none was given");
    let org = org_named(store, "蕨市").await;
    let plan = store.list_plans(org).await.unwrap().into_iter().find(|p| p.kind == PlanKind::Basic).unwrap();
    let nodes = store.plan_nodes(plan.id).await.unwrap();
    let chapter = nodes.iter().find(|n| n.kind_label == "章").expect("the chapter has a node");
    assert_eq!((chapter.code.as_deref(), chapter.parent_id), (Some("第7章"), None));
    let kpis = store.indicators_of(IndicatorOwner::Node(chapter.id)).await.unwrap();
    assert_eq!(kpis.len(), 4, "{kpis:?}");
    assert!(kpis.iter().any(|k| k.name == "市公式SNSの登録者数"));
    let loose =
        store.list_indicators(org, Page::first(100)).await.unwrap().into_iter().filter(|k| k.owner.is_none()).count();
    assert_eq!(loose, 0, "no KPI without a node or an initiative");
    let top: Vec<&str> =
        nodes.iter().filter(|n| n.parent_id == Some(chapter.id)).filter_map(|n| n.code.as_deref()).collect();
    assert_eq!(top, ["33", "34", "35"], "the chapter's 施策 sit under it");

    // Again: nothing new.
    let before = store.stats().await.unwrap();
    let again = import_file(store, &name, &bytes, &ImportOptions::default()).await.unwrap();
    assert_eq!(again.tally.written(), 0, "{:?}", again.tally);
    assert_eq!(
        store.stats().await.unwrap().iter().filter(|t| t.table != "audit_log").collect::<Vec<_>>(),
        before.iter().filter(|t| t.table != "audit_log").collect::<Vec<_>>()
    );
}

async fn chapter_years(backend: Backend) {
    let Some((name, bytes)) = seed("002_") else { return };
    let text = String::from_utf8(bytes).unwrap();
    // The same chapter stating its plan period under the title.
    let with_period = text.replacen("自立したまち\n", "自立したまち\n\n計画期間：令和6年度～令和10年度\n", 1);
    assert_ne!(with_period, text);
    let db = TestDb::new(backend).await.unwrap();
    let store = db.store.as_ref();
    let r = import_file(store, "period.txt", with_period.as_bytes(), &ImportOptions::default()).await.unwrap();
    assert_eq!(r.fiscal_year, Some(fy(2024)));
    let org = org_named(store, "蕨市").await;
    let plan = store.list_plans(org).await.unwrap().into_iter().find(|p| p.kind == PlanKind::Basic).unwrap();
    assert_eq!((plan.period_start, plan.period_end), (Some(fy(2024)), Some(fy(2028))));

    // Without a stated period, --year decides.
    let db = TestDb::new(backend).await.unwrap();
    let opts = ImportOptions { fiscal_year: Some(fy(2025)), ..ImportOptions::default() };
    let r = import_file(db.store.as_ref(), &name, text.as_bytes(), &opts).await.unwrap();
    assert_eq!(r.fiscal_year, Some(fy(2025)));
}

/// 綾瀬市 2021 (seed 001) and 2023 (seed 000): two departments were renamed in between.
async fn years_in_order(backend: Backend) {
    years_and_renames(backend, false).await;
}

async fn years_newer_first(backend: Backend) {
    years_and_renames(backend, true).await;
}

async fn years_and_renames(backend: Backend, newer_first: bool) {
    let (Some(y2021), Some(y2023)) = (seed("001_"), seed("000_")) else { return };
    let db = TestDb::new(backend).await.unwrap();
    let store = db.store.as_ref();
    let order = if newer_first { [&y2023, &y2021] } else { [&y2021, &y2023] };
    for (name, bytes) in order {
        import_file(store, name, bytes, &ImportOptions::default()).await.unwrap();
    }
    let org = org_named(store, "綾瀬市").await;
    assert_eq!(store.list_departments(org).await.unwrap().len(), 13, "renamed departments are one department each");
    for (year, renamed) in [(2021, "総務部・選挙管理委員会事務局"), (2023, "総務部(選挙管理委員会事務局)")]
    {
        let (depts, _) = year_departments(store, org, fy(year)).await.unwrap();
        assert_eq!(depts.len(), 13, "{year}: {:?}", depts.iter().map(|d| &d.name).collect::<Vec<_>>());
        assert!(depts.iter().all(|d| d.initiatives > 0 || d.has_stance), "{year}: a department without anything");
        if !newer_first {
            // Renamed from 2023 on: each year shows the name it had then.
            assert!(
                depts.iter().any(|d| d.name == renamed),
                "{year}: {:?}",
                depts.iter().map(|d| &d.name).collect::<Vec<_>>()
            );
        }
    }
}

/// A department renamed in the store (its rename history) is found by its former name.
async fn rename_history(backend: Backend) {
    let Some((name, bytes)) = seed("001_") else { return };
    let db = TestDb::new(backend).await.unwrap();
    let store = db.store.as_ref();
    let tx = store.begin().await.unwrap();
    let org =
        tx.insert_organization(&NewOrganization { name: "綾瀬市".into(), code: None, prefecture: None }).await.unwrap();
    let dept = tx
        .insert_department(&NewDepartment { org_id: org, parent_id: None, name: "市長室".into(), sort_order: 0 })
        .await
        .unwrap();
    tx.rename_department(dept, 1, "市長公室", Some(fy(2022))).await.unwrap();
    tx.commit().await.unwrap();
    import_file(store, &name, &bytes, &ImportOptions::default()).await.unwrap();
    let all = store.list_departments(org).await.unwrap();
    assert_eq!(all.len(), 13, "市長室 is 市長公室: {:?}", all.iter().map(|d| &d.name).collect::<Vec<_>>());
    assert_eq!(store.get_department(dept).await.unwrap().name, "市長公室", "an older document does not rename");
    let (depts, _) = year_departments(store, org, fy(2021)).await.unwrap();
    let mayor = depts.iter().find(|d| d.department.id == dept).unwrap();
    assert!(mayor.initiatives > 0);
    assert_eq!(mayor.name, "市長室", "2021 shows the name of 2021");
}

macro_rules! on_both {
    ($($name:ident => $body:expr),* $(,)?) => {
        mod sqlite {
            use super::*;
            $( #[tokio::test] async fn $name() { let backend = Backend::Sqlite; $body(backend).await; } )*
        }
        mod postgres {
            use super::*;
            $( #[tokio::test] async fn $name() { let backend = Backend::Postgres; $body(backend).await; } )*
        }
    };
}

on_both!(
    chapter_kpis_belong_to_the_chapter => chapter_kpis,
    a_chapter_takes_its_stated_period_else_the_given_year => chapter_years,
    years_list_their_departments_renamed_between_years => years_in_order,
    an_older_document_maps_onto_renamed_departments => years_newer_first,
    rename_history_finds_former_names => rename_history,
);
