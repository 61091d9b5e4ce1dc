//! goal_review on an invented document: mission, annual items with links split over rows
//! and cells, a mid-term item whose name and text share one cell, placeholders.

use hoshin_importer::{extract, Genre};

const DOC: &str = "| 部 局 | 公園緑地部 | 補 職 | 部 長 |
|---|---|---|---|

1. 部局の使命

- (1) 緑の多いまちを次の世代に引き継ぐ
- (2) 公園を誰もが使いやすくする

3. 当年度目標と目標設定に対する振り返り等

| No | 当年度目標(当初設定) | 実績 | |
|----|---|---|---|
| | 取組み事項及びその内容・スケジュール | 取組みを行った内容・成果 | 課題・今後の方向性 |
| 1 | <p>遊具の更新</p> <p>(1) 古い遊具を安全なものに替えます。</p> <ul style=\"x\"> ・設計(6月) ・工事(令和9年度(2027年度)中) | <p>(1) 5か所の遊具を替えました。</p> | <p>(1) 残りの公園も順に替えます。</p> |
| | <p>総合計画</p> <p>3-1-② 公園を整えます。</p> | 3-2-① | 緑を守ります。 |
| 基本政策 | | | |
| 12 | 公園の再生 | 0 | |
| 2 | 花壇の拡大 | <p>花壇を3か所増やしました。</p> | <p>担い手を増やします。</p> |
| | <p>(1) 駅前に花壇を設けます。</p> | | |
| | <p>総合計画</p> <p>0-0-0</p> | | |

4. 中期目標(概ね今後4年間)

| No | 取組み事項及び取組みにあたっての課題・めざす成果など | スケジュール(工程) |
|----|---|---|
| 1 | 公園の再生 (1) 利用の少ない公園を作り替えます。 (2) 住民と話し合います。 | ①計画づくり：令和10年度 ②工事：令和11年度 |
| 総合計画 | | |
| 3-1-② | 公園を整えます。 | |
| 基本政策 | | |
| 12 | 公園の再生 | |
";

#[test]
fn mission_annual_and_midterm_items_with_links() {
    let ex = extract("review.txt", DOC.as_bytes()).expect("extracts");
    assert_eq!(ex.genre, Genre::GoalReview);
    assert_eq!(ex.departments, vec!["公園緑地部"]);
    assert_eq!(ex.department_stances[0].text, "(1) 緑の多いまちを次の世代に引き継ぐ\n(2) 公園を誰もが使いやすくする");
    // No year in a title: the earliest year the annual goals mention, with a warning.
    assert_eq!(ex.fiscal_year, Some(2027));
    assert!(ex.warnings.iter().any(|w| w.message.contains("earliest year")));
    assert!(ex.warnings.iter().any(|w| w.message.contains("municipality")));

    let [a, b, m] = ex.initiatives.as_slice() else { panic!("three initiatives: {:#?}", ex.initiatives) };
    assert_eq!((a.name.as_str(), a.kind.as_str()), ("遊具の更新", "annual"));
    assert_eq!(a.summary.as_deref(), Some("古い遊具を安全なものに替えます。"));
    assert_eq!(a.milestones, vec!["設計(6月)", "工事(令和9年度(2027年度)中)"]);
    assert_eq!(a.result.as_deref(), Some("(1) 5か所の遊具を替えました。"));
    assert_eq!(a.issues_next.as_deref(), Some("(1) 残りの公園も順に替えます。"));
    assert_eq!(a.measure_refs, vec!["3-1-②", "3-2-①"]);
    assert_eq!(a.measure.as_deref(), Some("3-1-②"));
    assert_eq!(a.basic_policy_refs, vec!["12 公園の再生"]);

    // The goal text on the row after the name; 0-0-0 means no link.
    assert_eq!(b.name, "花壇の拡大");
    assert_eq!(b.summary.as_deref(), Some("駅前に花壇を設けます。"));
    assert!(b.measure_refs.is_empty() && b.measure.is_none());

    assert_eq!((m.name.as_str(), m.kind.as_str()), ("公園の再生", "midterm"));
    assert!(m.summary.as_deref().is_some_and(|s| s.starts_with("利用の少ない公園")));
    assert_eq!(m.milestones, vec!["①計画づくり：令和10年度", "②工事：令和11年度"]);
    assert_eq!(m.measure_refs, vec!["3-1-②"]);
    assert_eq!(m.basic_policy_refs, vec!["12 公園の再生"]);

    let codes: Vec<(&str, &str)> =
        ex.measures.iter().map(|x| (x.code.as_deref().unwrap_or(""), x.title.as_str())).collect();
    assert_eq!(codes, vec![("3-1-②", "公園を整えます。"), ("3-2-①", "緑を守ります。")]);
}

#[test]
fn overrides_and_the_file_name_supply_what_the_text_does_not_say() {
    let opts = hoshin_importer::ExtractOptions {
        organization: Some("花見川市".into()),
        fiscal_year: Some(2026),
        ..Default::default()
    };
    let ex = hoshin_importer::extract_with("review.txt", DOC.as_bytes(), &opts).expect("extracts");
    assert_eq!((ex.organization.as_deref(), ex.fiscal_year), (Some("花見川市"), Some(2026)));
    assert!(
        !ex.warnings.iter().any(|w| w.message.contains("municipality") || w.message.contains("fiscal year")),
        "{:?}",
        ex.warnings
    );

    let ex = extract("花見川市_部局の目標と振り返り.txt", DOC.as_bytes()).expect("extracts");
    assert_eq!(ex.organization.as_deref(), Some("花見川市"));
    assert!(ex.warnings.iter().any(|w| w.message.contains("file name")));
}

#[test]
fn tab_separated_tables_read_the_same() {
    let doc = "部局名\t公園緑地部\n\n【部局の使命】\n\n緑を守る\n\n【今年度の目標】\n\nNo\t取組み事項\t実績\t課題・今後の方向性\n1\t遊具の更新 (1) 古い遊具を替えます。\t5か所替えました。\t残りも替えます。\n\t総合計画\t3-1-②\t公園を整えます。\n";
    let ex = extract("tab.txt", doc.as_bytes()).expect("extracts");
    assert_eq!(ex.genre, Genre::GoalReview);
    assert_eq!(ex.department_stances[0].text, "緑を守る");
    let [a] = ex.initiatives.as_slice() else { panic!("{:#?}", ex.initiatives) };
    assert_eq!(a.name, "遊具の更新");
    assert_eq!(a.summary.as_deref(), Some("古い遊具を替えます。"));
    assert_eq!(a.result.as_deref(), Some("5か所替えました。"));
    assert_eq!(a.issues_next.as_deref(), Some("残りも替えます。"));
    assert_eq!(a.measure_refs, vec!["3-1-②"]);
}
