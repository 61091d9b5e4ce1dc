//! The measure_sheet genre end to end: an insta snapshot of the extraction of its document in
//! ../shared (skipped with a note when ../shared is absent). Review with `cargo insta review`.

mod common;

#[test]
fn seed_003_measure_sheet_snapshot() {
    if let Some(ex) = common::extract_shared("003_", hoshin_importer::Genre::MeasureSheet) {
        insta::assert_json_snapshot!("extract_003_", ex);
    }
}

/// The measure_sheet interpreter never panics, whatever the lines: the document (or an invented
/// one when ../shared is absent) with lines dropped, repeated, cut mid-character-run and
/// shuffled, read with the genre forced.
#[test]
fn measure_sheet_survives_damaged_documents() {
    let base = common::document_starting("003_")
        .and_then(|p| std::fs::read_to_string(p).ok())
        .unwrap_or_else(|| "第1章 花のまち\n\n1 花\n\n目指す姿\n\n花が咲く。\n\n(1) 花壇\n①花を植えます。\n指標\t現状値\t目標値\n花壇\t1か所\t2か所\n".to_string());
    common::survives_damage(&base, hoshin_importer::Genre::MeasureSheet, 30);
}
