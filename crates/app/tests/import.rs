//! Import end to end on an invented goal-review document: stored in one transaction,
//! re-imported without duplicates, corrected copies update in place, bad input stores nothing.
#![allow(clippy::unwrap_used)] // helpers shared by the tests below

use hoshin_app::import::{import_extraction, import_file, ImportOptions};
use hoshin_app::importer::{extract_with, ExtractOptions};
use hoshin_domain::*;
use hoshin_store::{Backend, Page, Store, TableCount};
use hoshin_testkit::TestDb;

const DOC: &str = "| 部 局 | 水辺環境部 | 補 職 | 部 長 |
|---|---|---|---|

1. 部局の使命

- (1) 川と池をきれいに保ち、生きものが戻る水辺をつくる
- (2) 市民が水辺に親しむ機会を増やす

3. 当年度目標と目標設定に対する振り返り等

| No | 当年度目標(当初設定) | 実績 | |
|----|---|---|---|
| | 取組み事項及びその内容・スケジュール | 取組みを行った内容・成果 | 課題・今後の方向性 |
| 1 | <p>ため池の水質改善</p> <p>(1) 三つのため池で水質を毎月測ります。</p> <ul style=\"x\"> ・測定開始(5月) ・結果の公表(令和8年度(2026年度)3月) | <p>(1) 毎月の測定を行い、結果を公表しました。</p> | <p>(1) 水質が悪い池の原因を調べます。</p> |
| | <p>総合計画</p> <p>4-2-① 水辺の環境を守ります。</p> | | |
| 基本政策 | | | |
| 21 | 水と緑のまちづくり | | |
| 2 | 川辺の清掃活動 | <p>清掃活動に延べ300人が参加しました。</p> | <p>参加する団体を増やします。</p> |
| | <p>(1) 市民団体と一緒に川辺を清掃します。</p> | | |
";

async fn import(store: &dyn Store, name: &str, text: &str) -> hoshin_app::Result<hoshin_app::import::ImportReport> {
    let opts = ImportOptions { organization: Some("架空川市".into()), fiscal_year: None, ..Default::default() };
    import_file(store, name, text.as_bytes(), &opts).await
}

/// Every table has as many rows as before but the audit log, which has one more.
fn assert_unchanged_but_audited(before: &[TableCount], after: &[TableCount]) {
    assert_eq!(before.len(), after.len());
    for (was, is) in before.iter().zip(after) {
        let grew = i64::from(was.table == "audit_log");
        assert_eq!(is.rows, was.rows + grew, "{}", was.table);
    }
}

/// `DOC` without its second initiative (the row and the row after it).
fn without_cleaning(doc: &str) -> String {
    let lines: Vec<&str> = doc.lines().collect();
    let at = lines.iter().position(|l| l.contains("川辺の清掃活動")).unwrap();
    lines.iter().enumerate().filter(|(i, _)| *i != at && *i != at + 1).map(|(_, l)| *l).collect::<Vec<_>>().join("\n")
}

/// A corrected copy that drops an initiative removes it (with its review), audited; one that
/// another document also holds is kept with a warning. Returns the counts afterwards.
async fn dropped_items(
    store: &dyn Store,
    org: OrgId,
    year: FiscalYear,
    fixed: &str,
    cleaning: InitiativeId,
    counts: Vec<TableCount>,
) -> Vec<TableCount> {
    let names = |list: Vec<Initiative>| list.into_iter().map(|i| i.name).collect::<Vec<_>>();
    let dropped = import(store, "review.txt", &without_cleaning(fixed)).await.unwrap();
    assert!(dropped.reimport);
    assert_eq!(dropped.removed, ["川辺の清掃活動"], "{dropped:?}");
    assert!(dropped.warnings.iter().any(|w| w.contains("removed 取組「川辺の清掃活動」")), "{:?}", dropped.warnings);
    let left = names(store.list_initiatives(org, Some(year), Page::first(10)).await.unwrap());
    assert_eq!(left, ["ため池の水質改善"]);
    assert!(store.get_goal_review(cleaning, year).await.unwrap().is_none(), "its review went with it");
    let trail = store.audit_trail("initiatives", cleaning.0, Page::first(10)).await.unwrap();
    assert_eq!((trail[0].action.as_str(), trail[0].after.is_none()), ("delete", true));
    assert_eq!(trail[0].before.as_ref().unwrap()["name"], "川辺の清掃活動");

    // Restored in the next correction: inserted again.
    let restored = import(store, "review.txt", fixed).await.unwrap();
    assert!(restored.removed.is_empty() && restored.tally.inserted >= 1, "{restored:?}");
    let now = store.stats().await.unwrap();
    let rows = |c: &[TableCount], t: &str| c.iter().find(|x| x.table == t).unwrap().rows;
    assert_eq!(rows(&now, "initiatives"), rows(&counts, "initiatives"));

    // A second document (another title) holding the same initiatives: dropping one from the
    // first document keeps it, because the second still has it.
    let opts = ImportOptions { organization: Some("架空川市".into()), fiscal_year: None, ..Default::default() };
    let mut ex = extract_with("other.txt", fixed.as_bytes(), &ExtractOptions::default()).unwrap();
    ex.title = Some("水辺環境部の振り返り（抜粋）".into());
    let other = import_extraction(store, &ex, "other.txt", "another-hash", &opts).await.unwrap();
    assert!(!other.reimport);
    let kept = import(store, "review.txt", &without_cleaning(fixed)).await.unwrap();
    assert!(kept.removed.is_empty(), "{kept:?}");
    assert!(kept.warnings.iter().any(|w| w.contains("kept 取組「川辺の清掃活動」")), "{:?}", kept.warnings);
    assert_eq!(names(store.list_initiatives(org, Some(year), Page::first(10)).await.unwrap()).len(), 2);
    store.stats().await.unwrap()
}

async fn round_trip(backend: Backend) {
    let db = TestDb::new(backend).await.unwrap();
    let store = db.store.as_ref();
    let first = import(store, "review.txt", DOC).await.unwrap();
    assert!(!first.reimport);
    assert_eq!(first.counts.initiatives, 2, "{first:?}");
    let org = store.find_organization_by_name("架空川市").await.unwrap().unwrap();
    let depts = store.list_departments(org.id).await.unwrap();
    assert_eq!(depts.iter().map(|d| d.name.as_str()).collect::<Vec<_>>(), vec!["水辺環境部"]);
    let year = first.fiscal_year.expect("a year read from the document");
    let policy = store.get_department_policy(depts[0].id, year).await.unwrap().unwrap();
    assert!(policy.stance.contains("生きものが戻る水辺"));
    let inits = store.list_initiatives(org.id, Some(year), Page::first(10)).await.unwrap();
    let pond = inits.iter().find(|i| i.name == "ため池の水質改善").expect("initiative stored");
    assert!(!pond.node_ids.is_empty(), "linked to plan nodes");
    assert_eq!(pond.milestones.len(), 2);
    let review = store.get_goal_review(pond.id, year).await.unwrap().unwrap();
    assert!(review.result.as_deref().unwrap().contains("公表しました"));
    let counts = store.stats().await.unwrap();
    // One audit row for the document, by the system, with what was read.
    let audit = store.audit_trail("documents", first.document_id.0, Page::first(10)).await.unwrap();
    assert_eq!(audit.len(), 1, "{audit:?}");
    assert_eq!((audit[0].action.as_str(), audit[0].actor_id), ("import", None));
    let after = audit[0].after.as_ref().unwrap();
    assert_eq!(after["file_name"], "review.txt");
    assert_eq!(after["counts"]["initiatives"], 2);
    assert!(audit[0].before.is_none());

    // The same bytes again: found by hash, nothing new.
    let again = import(store, "copy-of-review.txt", DOC).await.unwrap();
    assert!(again.reimport);
    assert_eq!((again.tally.inserted, again.tally.updated), (0, 0), "{:?}", again.tally);
    assert_unchanged_but_audited(&counts, &store.stats().await.unwrap());
    let counts = store.stats().await.unwrap();

    // A corrected copy (same organization, genre, year, title): updated in place.
    let fixed = DOC.replace("延べ300人", "延べ320人");
    let third = import(store, "review.txt", &fixed).await.unwrap();
    assert!(third.reimport);
    assert_eq!(third.document_id, first.document_id);
    assert_eq!(third.tally.inserted, 0, "{:?}", third.tally);
    assert!(third.tally.updated >= 1);
    // Only the audit log grew: one row for the corrected copy, with the document as it was.
    let now = store.stats().await.unwrap();
    assert_unchanged_but_audited(&counts, &now);
    let audit = store.audit_trail("documents", first.document_id.0, Page::first(10)).await.unwrap();
    assert_eq!(audit.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(), ["reimport", "reimport", "import"]);
    assert_eq!(audit[1].after.as_ref().unwrap()["updated"], 0, "the identical copy changed nothing");
    assert_eq!(audit[0].before.as_ref().unwrap()["file_name"], "copy-of-review.txt");
    assert!(audit[0].after.as_ref().unwrap()["updated"].as_i64().unwrap() >= 1);
    let counts = now;
    let cleaning = store.list_initiatives(org.id, Some(year), Page::first(10)).await.unwrap();
    let cleaning = cleaning.iter().find(|i| i.name == "川辺の清掃活動").unwrap();
    let review = store.get_goal_review(cleaning.id, year).await.unwrap().unwrap();
    assert!(review.result.as_deref().unwrap().contains("延べ320人"));
    let counts = dropped_items(store, org.id, year, &fixed, cleaning.id, counts).await;

    // Bad input: an error naming the file, nothing stored.
    let err =
        import_file(store, "scan.pdf", b"%PDF-1.7\x00\x01\x02binary", &ImportOptions::default()).await.unwrap_err();
    assert!(err.to_string().contains("scan.pdf"), "{err}");
    let err = import_file(store, "latin1.txt", b"caf\xe9 au lait", &ImportOptions::default()).await.unwrap_err();
    assert!(err.to_string().contains("UTF-8"), "{err}");
    let err = import(store, "memo.txt", "今日の買い物リスト\n牛乳\nパン\n").await.unwrap_err();
    assert!(err.to_string().contains("memo.txt"), "{err}");
    assert_eq!(store.stats().await.unwrap(), counts);
}

#[tokio::test]
async fn import_round_trip_on_sqlite() {
    round_trip(Backend::Sqlite).await;
}

#[tokio::test]
async fn import_round_trip_on_postgres() {
    round_trip(Backend::Postgres).await;
}

#[tokio::test]
async fn without_an_organization_nothing_is_stored() {
    let db = TestDb::sqlite().await.unwrap();
    let before = db.store.stats().await.unwrap();
    let err = import_file(db.store.as_ref(), "review.txt", DOC.as_bytes(), &ImportOptions::default()).await;
    // The document names no municipality; without --org the import must refuse.
    let err = err.unwrap_err();
    assert!(err.to_string().contains("--org"), "{err}");
    assert_eq!(db.store.stats().await.unwrap(), before);
}

#[tokio::test]
async fn an_initiative_a_revision_has_taken_up_is_kept() {
    let db = TestDb::sqlite().await.unwrap();
    let store = db.store.as_ref();
    let first = import(store, "review.txt", DOC).await.unwrap();
    let year = first.fiscal_year.unwrap();
    let org = store.find_organization_by_name("架空川市").await.unwrap().unwrap();
    let dept = store.list_departments(org.id).await.unwrap().remove(0);
    hoshin_app::editing::open_revision(store, &hoshin_app::access::Actor::System, dept.id, year).await.unwrap();

    let again = import(store, "review.txt", &without_cleaning(DOC)).await.unwrap();
    assert!(again.removed.is_empty(), "{again:?}");
    assert!(
        again.warnings.iter().any(|w| w.contains("kept 取組「川辺の清掃活動」") && w.contains("revision")),
        "{:?}",
        again.warnings
    );
    let names: Vec<String> = store
        .list_initiatives(org.id, Some(year), Page::first(10))
        .await
        .unwrap()
        .into_iter()
        .map(|i| i.name)
        .collect();
    assert!(names.contains(&"川辺の清掃活動".to_string()), "{names:?}");
}
