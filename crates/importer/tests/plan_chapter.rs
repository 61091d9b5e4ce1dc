//! The plan_chapter genre end to end: an insta snapshot of the extraction of its document in
//! ../shared (skipped with a note when ../shared is absent). Review with `cargo insta review`.

mod common;

#[test]
fn seed_002_plan_chapter_snapshot() {
    if let Some(ex) = common::extract_shared("002_", hoshin_importer::Genre::PlanChapter) {
        insta::assert_json_snapshot!("extract_002_", ex);
    }
}

/// The plan_chapter interpreter never panics, whatever the lines: the document (or an invented
/// one when ../shared is absent) with lines dropped, repeated, cut mid-character-run and
/// shuffled, read with the genre forced.
#[test]
fn plan_chapter_survives_damaged_documents() {
    let base = common::document_starting("002_")
        .and_then(|p| std::fs::read_to_string(p).ok())
        .unwrap_or_else(|| "第1章 花のまち\n\n1 花\n\n目指す姿\n\n花が咲く。\n\n(1) 花壇\n①花を植えます。\n指標\t現状値\t目標値\n花壇\t1か所\t2か所\n".to_string());
    common::survives_damage(&base, hoshin_importer::Genre::PlanChapter, 60);
}

/// An invented chapter with 政策/施策 levels, bracketed labels and a tab-separated indicator
/// table, end to end.
const CHAPTER: &str = "第２章　健康・福祉

政策４　誰もが健康で安心して暮らせるまち

施策４－１　健康づくりの推進

【施策の目標】
市民一人ひとりが健康づくりに取り組んでいます。

【現状と課題】
○ 高齢化が進んでいます。
○ 健診の受診率が伸び悩んでいます。

【施策の方向性】
（１）健康づくり活動の推進
　 市民の主体的な健康づくり活動を推進します。
（２）がん検診の受診促進
　 がん検診の受診を呼びかけます。

【成果指標】
指標名\t単位\t現状値（R3）\t目標値（R9）
特定健診受診率\t％\t38.5\t60.0

【関連する個別計画】
・月見市健康増進計画（第3次）

施策４－２　地域福祉の推進

【施策の方向性】
（１）見守り活動の支援
　 地域の見守り活動を支援します。
";

#[test]
fn a_chapter_with_policy_levels_end_to_end() {
    let ex = hoshin_importer::extract("chapter.txt", CHAPTER.as_bytes()).expect("extracts");
    assert_eq!(ex.genre, hoshin_importer::Genre::PlanChapter);
    let measures: Vec<_> = ex.measures.iter().map(|m| (m.code.as_deref(), m.parent.as_deref())).collect();
    assert_eq!(measures, [(Some("4"), None), (Some("4-1"), Some("4")), (Some("4-2"), Some("4"))]);
    assert_eq!(ex.measures[1].vision.as_deref(), Some("市民一人ひとりが健康づくりに取り組んでいます。"));
    let actions: Vec<_> = ex.initiatives.iter().map(|a| (a.name.as_str(), a.measure.as_deref())).collect();
    assert_eq!(
        actions,
        [("健康づくり活動の推進", Some("4-1")), ("がん検診の受診促進", Some("4-1")), ("見守り活動の支援", Some("4-2"))]
    );
    assert_eq!(ex.initiatives[0].summary.as_deref(), Some("市民の主体的な健康づくり活動を推進します。"));
    let i = &ex.indicators[0];
    assert_eq!(
        (i.baseline.as_deref(), i.target.as_deref(), i.unit.as_deref()),
        (Some("38.5"), Some("60.0"), Some("％"))
    );
    assert_eq!((i.baseline_year, i.target_year), (Some(2021), Some(2027)));
    assert_eq!(ex.related_plans, vec!["月見市健康増進計画（第3次）".to_string()]);
}

fn fixture(name: &str) -> hoshin_importer::Extraction {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/plan").join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    hoshin_importer::extract(name, &bytes).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// An invented chapter of another city written as 「label：value」 records, hard-wrapped:
/// 指標名 / 基準値 / 目標値, 計画名 / 概要, 基本施策 → 施策 nodes, 主な取組 / 取組内容.
#[test]
fn a_chapter_in_labelled_records_end_to_end() {
    let ex = fixture("chapter_labelled.txt");
    assert_eq!(ex.genre, hoshin_importer::Genre::PlanChapter);
    let m: Vec<_> = ex.measures.iter().map(|m| (m.code.as_deref(), m.title.as_str(), m.parent.as_deref())).collect();
    assert_eq!(
        m,
        [
            (Some("6"), "商業の振興", None),
            (Some("6-1"), "商店街の魅力づくり", Some("6")),
            (Some("6-2"), "創業の支援", Some("6"))
        ]
    );
    assert_eq!(ex.measures[0].vision.as_deref(), Some("商店街に人が集い、新しい店が次々に生まれています。"));
    let a: Vec<_> = ex.initiatives.iter().map(|a| (a.name.as_str(), a.measure.as_deref())).collect();
    assert_eq!(
        a,
        [
            ("空き店舗を活用した出店支援", Some("6-1")),
            ("商店街イベントへの支援", Some("6-1")),
            ("創業相談窓口の運営", Some("6-2"))
        ]
    );
    assert_eq!(
        ex.initiatives[1].summary.as_deref(),
        Some("商店会が開く季節のイベントに、広報と会場設営の面で協力します。")
    );
    let i = &ex.indicators[1];
    let got = (i.name.as_str(), i.baseline.as_deref(), i.baseline_year, i.target.as_deref(), i.target_year);
    assert_eq!(got, ("新規創業件数（累計）", Some("38件"), Some(2023), Some("80件"), Some(2029)));
    assert_eq!(ex.related_plans, ["月見市商業振興ビジョン"]);
    assert_eq!(
        ex.related_plan_details[0].description.as_deref(),
        Some("商店街の活性化と創業支援の方向を示すビジョンです。")
    );
}

/// The invented documents in other layouts, damaged, read as either plan genre.
#[test]
fn other_layouts_survive_damage() {
    for name in ["chapter_labelled.txt", "measure_sheet_form.txt"] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/plan").join(name);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for genre in [hoshin_importer::Genre::PlanChapter, hoshin_importer::Genre::MeasureSheet] {
            common::survives_damage(&text, genre, 40);
        }
    }
}
