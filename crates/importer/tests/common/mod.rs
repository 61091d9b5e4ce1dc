//! Shared helpers of the importer's integration tests: where ../shared is, and its documents.

use std::path::PathBuf;

/// The project's ../shared folder (beside the repository root), if present.
pub fn shared() -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    p.join("gold").is_dir().then_some(p)
}

/// Every seed and sample document in ../shared, sorted.
pub fn documents(shared: &std::path::Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for sub in ["seeds", "samples"] {
        if let Ok(rd) = std::fs::read_dir(shared.join(sub)) {
            files.extend(
                rd.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "txt")),
            );
        }
    }
    files.sort();
    files
}
