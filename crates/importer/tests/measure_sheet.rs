//! The measure_sheet genre end to end: an insta snapshot of the extraction of its document in
//! ../shared (skipped with a note when ../shared is absent). Review with `cargo insta review`.

mod common;

#[test]
fn seed_003_measure_sheet_snapshot() {
    let Some(shared) = common::shared() else {
        eprintln!("NOTE: ../shared is absent; the measure_sheet snapshot is not checked");
        return;
    };
    let file = common::documents(&shared)
        .into_iter()
        .find(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("003_")))
        .expect("document present in ../shared");
    let bytes = std::fs::read(&file).expect("read");
    let ex = hoshin_importer::extract(&file.display().to_string(), &bytes).expect("extracts");
    assert_eq!(ex.genre, hoshin_importer::Genre::MeasureSheet);
    insta::assert_json_snapshot!("extract_003_", ex);
}

/// The measure_sheet interpreter never panics, whatever the lines: the document (or an invented
/// one when ../shared is absent) with lines dropped, repeated, cut mid-character-run and
/// shuffled, read with the genre forced.
#[test]
fn measure_sheet_survives_damaged_documents() {
    let base = common::shared()
        .and_then(|s| {
            common::documents(&s)
                .into_iter()
                .find(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("003_")))
        })
        .and_then(|p| std::fs::read_to_string(p).ok())
        .unwrap_or_else(|| "第1章 花のまち\n\n1 花\n\n目指す姿\n\n花が咲く。\n\n(1) 花壇\n①花を植えます。\n指標\t現状値\t目標値\n花壇\t1か所\t2か所\n".to_string());
    let lines: Vec<&str> = base.lines().collect();
    let options =
        hoshin_importer::ExtractOptions { genre: Some(hoshin_importer::Genre::MeasureSheet), ..Default::default() };
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n.max(1) as u64) as usize
    };
    for _ in 0..30 {
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
