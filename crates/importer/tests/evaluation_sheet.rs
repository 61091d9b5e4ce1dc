//! The evaluation_sheet genre end to end: an insta snapshot of the extraction of its document in
//! ../shared (skipped with a note when ../shared is absent). Review with `cargo insta review`.

mod common;

#[test]
fn sample_ikeda_evaluation_sheet_snapshot() {
    let Some(shared) = common::shared() else {
        eprintln!("NOTE: ../shared is absent; the evaluation_sheet snapshot is not checked");
        return;
    };
    let file = common::documents(&shared)
        .into_iter()
        .find(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("ikeda_")))
        .expect("document present in ../shared");
    let bytes = std::fs::read(&file).expect("read");
    let ex = hoshin_importer::extract(&file.display().to_string(), &bytes).expect("extracts");
    assert_eq!(ex.genre, hoshin_importer::Genre::EvaluationSheet);
    insta::assert_json_snapshot!("extract_ikeda_", ex);
}

/// The evaluation_sheet interpreter never panics, whatever the lines: the document (or an invented
/// one when ../shared is absent) with lines dropped, repeated, cut mid-character-run and
/// shuffled, read with the genre forced.
#[test]
fn evaluation_sheet_survives_damaged_documents() {
    let base = common::shared()
        .and_then(|s| {
            common::documents(&s)
                .into_iter()
                .find(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("ikeda_")))
        })
        .and_then(|p| std::fs::read_to_string(p).ok())
        .unwrap_or_else(|| "第1章 花のまち\n\n1 花\n\n目指す姿\n\n花が咲く。\n\n(1) 花壇\n①花を植えます。\n指標\t現状値\t目標値\n花壇\t1か所\t2か所\n".to_string());
    let lines: Vec<&str> = base.lines().collect();
    let options =
        hoshin_importer::ExtractOptions { genre: Some(hoshin_importer::Genre::EvaluationSheet), ..Default::default() };
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n.max(1) as u64) as usize
    };
    for _ in 0..60 {
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
