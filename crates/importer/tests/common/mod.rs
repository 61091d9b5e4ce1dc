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

/// The ../shared document whose file name starts with `prefix` ("002_", "ikeda_"), if present.
#[allow(dead_code)] // not every test binary uses every helper
pub fn document_starting(prefix: &str) -> Option<PathBuf> {
    documents(&shared()?).into_iter().find(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(prefix)))
}

/// Extracts the ../shared document starting with `prefix`, checking its genre.
#[allow(dead_code)]
pub fn extract_shared(prefix: &str, genre: hoshin_importer::Genre) -> Option<hoshin_importer::Extraction> {
    let Some(file) = document_starting(prefix) else {
        eprintln!("NOTE: ../shared (or its {prefix}* document) is absent; its snapshot is not checked");
        return None;
    };
    let bytes = std::fs::read(&file).expect("read");
    let ex = hoshin_importer::extract(&file.display().to_string(), &bytes).expect("extracts");
    assert_eq!(ex.genre, genre);
    Some(ex)
}

/// Reads `base` damaged `rounds` times (lines dropped, repeated, cut mid-run and swapped,
/// by a fixed xorshift sequence) with `genre` forced, asserting extraction never fails.
#[allow(dead_code)]
pub fn survives_damage(base: &str, genre: hoshin_importer::Genre, rounds: usize) {
    let lines: Vec<&str> = base.lines().collect();
    let options = hoshin_importer::ExtractOptions { genre: Some(genre), ..Default::default() };
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n.max(1) as u64) as usize
    };
    for _ in 0..rounds {
        let mut doc: Vec<String> = Vec::new();
        for l in &lines {
            match next(10) {
                0 => {}
                1 => {
                    doc.push(l.to_string());
                    doc.push(l.to_string());
                }
                2 => doc.push(l.chars().take(next(l.chars().count() + 1)).collect()),
                3 => doc.push(lines[next(lines.len())].to_string()),
                _ => doc.push(l.to_string()),
            }
        }
        let text = doc.join("\n");
        let ex = hoshin_importer::extract_with("damaged.txt", text.as_bytes(), &options);
        assert!(ex.is_ok(), "{:?}", ex.err());
    }
}
