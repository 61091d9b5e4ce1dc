//! The plan_chapter genre end to end: an insta snapshot of the extraction of its document in
//! ../shared (skipped with a note when ../shared is absent). Review with `cargo insta review`.

mod common;

#[test]
fn seed_002_plan_chapter_snapshot() {
    let Some(shared) = common::shared() else {
        eprintln!("NOTE: ../shared is absent; the plan_chapter snapshot is not checked");
        return;
    };
    let file = common::documents(&shared)
        .into_iter()
        .find(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("002_")))
        .expect("document present in ../shared");
    let bytes = std::fs::read(&file).expect("read");
    let ex = hoshin_importer::extract(&file.display().to_string(), &bytes).expect("extracts");
    assert_eq!(ex.genre, hoshin_importer::Genre::PlanChapter);
    insta::assert_json_snapshot!("extract_002_", ex);
}

/// The plan_chapter interpreter never panics, whatever the lines: the document (or an invented
/// one when ../shared is absent) with lines dropped, repeated, cut mid-character-run and
/// shuffled, read with the genre forced.
#[test]
fn plan_chapter_survives_damaged_documents() {
    let base = common::shared()
        .and_then(|s| {
            common::documents(&s)
                .into_iter()
                .find(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("002_")))
        })
        .and_then(|p| std::fs::read_to_string(p).ok())
        .unwrap_or_else(|| "第1章 花のまち\n\n1 花\n\n目指す姿\n\n花が咲く。\n\n(1) 花壇\n①花を植えます。\n指標\t現状値\t目標値\n花壇\t1か所\t2か所\n".to_string());
    let lines: Vec<&str> = base.lines().collect();
    let options =
        hoshin_importer::ExtractOptions { genre: Some(hoshin_importer::Genre::PlanChapter), ..Default::default() };
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
