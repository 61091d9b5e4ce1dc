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
