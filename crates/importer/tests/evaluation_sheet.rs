//! The evaluation_sheet genre end to end: an insta snapshot of the extraction of its document in
//! ../shared (skipped with a note when ../shared is absent). Review with `cargo insta review`.

mod common;

#[test]
fn sample_ikeda_evaluation_sheet_snapshot() {
    if let Some(ex) = common::extract_shared("ikeda_", hoshin_importer::Genre::EvaluationSheet) {
        insta::assert_json_snapshot!("extract_ikeda_", ex);
    }
}

/// The evaluation_sheet interpreter never panics, whatever the lines: the document (or an invented
/// one when ../shared is absent) with lines dropped, repeated, cut mid-character-run and
/// shuffled, read with the genre forced.
#[test]
fn evaluation_sheet_survives_damaged_documents() {
    let base = common::document_starting("ikeda_")
        .and_then(|p| std::fs::read_to_string(p).ok())
        .unwrap_or_else(|| "第1章 花のまち\n\n1 花\n\n目指す姿\n\n花が咲く。\n\n(1) 花壇\n①花を植えます。\n指標\t現状値\t目標値\n花壇\t1か所\t2か所\n".to_string());
    common::survives_damage(&base, hoshin_importer::Genre::EvaluationSheet, 60);
}

/// An invented sheet in Markdown tables (as some PDF converters write them), end to end.
const MARKDOWN_SHEET: &str = "# 令和5年度 事務事業評価シート

| 事務事業名 | 花壇管理事業 | 所管課 | 公園緑地課 |
|---|---|---|---|
| 施策 | 4-2 花と緑のまちづくり | | |
| 事業の目的 | 市民が花に親しむ | | |
| 事業の概要 | 市内の花壇を<br>市民と管理する。 | | |

## 成果指標

| 指標名 | 単位 | 令和3年度 | 令和4年度 | 令和5年度 | 目標値（令和7年度） |
|---|---|---|---|---|---|
| 花壇の数 | か所 | 40 | 42 | 45 | 50 |

## 評価
| 達成状況 | 順調 |
";

#[test]
fn a_markdown_sheet_end_to_end() {
    let ex = hoshin_importer::extract("markdown_sheet.txt", MARKDOWN_SHEET.as_bytes()).expect("extracts");
    assert_eq!(ex.genre, hoshin_importer::Genre::EvaluationSheet);
    assert_eq!(ex.fiscal_year, Some(2023));
    let p = &ex.initiatives[0];
    assert_eq!((p.name.as_str(), p.department.as_deref()), ("花壇管理事業", Some("公園緑地課")));
    assert_eq!(p.measure.as_deref(), Some("4-2 花と緑のまちづくり"));
    assert_eq!(ex.indicators.len(), 1, "{:?}", ex.indicators);
    let i = &ex.indicators[0];
    assert_eq!((i.name.as_str(), i.unit.as_deref()), ("花壇の数", Some("か所")));
    assert_eq!((i.baseline.as_deref(), i.baseline_year), (Some("45"), Some(2023)));
    assert_eq!((i.target.as_deref(), i.target_year), (Some("50"), Some(2025)));
}
