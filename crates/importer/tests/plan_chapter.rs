//! The plan_chapter genre end to end: an insta snapshot of the extraction of its document in
//! ../shared (skipped with a note when ../shared is absent). Review with `cargo insta review`.

mod common;

#[test]
fn seed_002_plan_chapter_snapshot() {
    let Some(shared) = common::shared() else {
        eprintln!("NOTE: ../shared is absent; the plan_chapter snapshot is not checked");
        return;
    };
    let file = common::documents(&shared)
        .into_iter()
        .find(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("002_")))
        .expect("document present in ../shared");
    let bytes = std::fs::read(&file).expect("read");
    let ex = hoshin_importer::extract(&file.display().to_string(), &bytes).expect("extracts");
    assert_eq!(ex.genre, hoshin_importer::Genre::PlanChapter);
    insta::assert_json_snapshot!("extract_002_", ex);
}
