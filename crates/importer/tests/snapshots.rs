//! insta snapshots of the extraction of each document in ../shared (skipped with a note when
//! ../shared is absent). Review changes with `cargo insta review`.

mod common;

fn snapshot(stem_prefix: &str) {
    let Some(shared) = common::shared() else {
        eprintln!("NOTE: ../shared is absent; snapshot {stem_prefix} not checked");
        return;
    };
    let file = common::documents(&shared)
        .into_iter()
        .find(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(stem_prefix)))
        .expect("document present in ../shared");
    let bytes = std::fs::read(&file).expect("read");
    let ex = hoshin_importer::extract(&file.display().to_string(), &bytes).expect("extracts");
    insta::assert_json_snapshot!(format!("extract_{stem_prefix}"), ex);
}

#[test]
fn seed_000_department_policy_sections() {
    snapshot("000_");
}

#[test]
fn seed_001_department_policy_tables() {
    snapshot("001_");
}

#[test]
fn seed_004_goal_review() {
    snapshot("004_");
}
