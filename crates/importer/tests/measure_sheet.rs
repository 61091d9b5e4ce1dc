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

/// An invented 施策 sheet of another city as `pdftotext -layout` prints a form: labels at the
/// left with values to the right, and the 取組 table's cells wrapped inside their columns.
#[test]
fn a_sheet_laid_out_by_position_end_to_end() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/plan/measure_sheet_form.txt");
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let ex = hoshin_importer::extract("measure_sheet_form.txt", &bytes).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ex.genre, hoshin_importer::Genre::MeasureSheet);
    assert_eq!(ex.themes, ["にぎわいのあるまちづくり"]);
    let m: Vec<_> = ex.measures.iter().map(|m| (m.code.as_deref(), m.vision.as_deref())).collect();
    assert_eq!(
        m,
        [
            (Some("産2-1"), Some("四季を通じて観光客が訪れ、地域の店がにぎわっている")),
            (Some("産2-2"), Some("地元の農産物が市内で広く味わわれている"))
        ]
    );
    assert_eq!(ex.related_plans, ["月見市観光振興計画", "月見市景観計画"]);
    let a: Vec<_> = ex
        .initiatives
        .iter()
        .map(|a| (a.name.as_str(), a.measure.as_deref(), a.perspective.as_deref(), a.reform.as_deref()))
        .collect();
    assert_eq!(
        a,
        [
            ("観光案内所の機能強化", Some("産2-1"), Some("①市民サービス"), Some("民間事業者への運営委託")),
            ("月見まつりの開催支援", Some("産2-1"), Some("②参加と協働"), Some("実行委員会の自主運営")),
            (
                "観光ボランティアガイドの育成",
                Some("産2-1"),
                Some("②参加と協働"),
                Some("市民ガイドとの協働による案内の充実")
            ),
            ("直売所の整備", Some("産2-2"), Some("①市民サービス"), Some("指定管理者による運営")),
        ]
    );
    assert_eq!(
        ex.initiatives[1].summary.as_deref(),
        Some("実行委員会に補助し、会場の警備と清掃を市民団体と協力して行います。")
    );
}
