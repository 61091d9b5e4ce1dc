//! goal_review on invented documents: mission, annual items with links split over rows
//! and cells, a mid-term item whose name and text share one cell, placeholders; link columns
//! named in the header, full-width markers, goals written as label lines, and a space-aligned
//! form of two departments with cells wrapped inside their columns
//! (`fixtures/goal_review/form.txt`).

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

#[test]
fn link_columns_in_the_header_and_full_width_markers() {
    let doc = "令和７年度　部局の目標と振り返り\n\n部局\t公園緑地部\n\n１．当年度目標\n\nＮｏ\t当年度目標（当初設定）\t実績\t総合計画\t基本政策\n１\t遊具の更新 （１） 古い遊具を替えます。\t５か所替えた。\t３－１－② 公園を整えます。 ３－２－① 緑を守ります。\t－\n２\t花壇の拡大 （１） 駅前に花壇を設けます。\t３か所増えた。\t－\t１２ 公園の再生 １５ 緑の保全\n";
    let ex = extract("fullwidth.txt", doc.as_bytes()).expect("extracts");
    assert_eq!(ex.genre, Genre::GoalReview);
    let [a, b] = ex.initiatives.as_slice() else { panic!("{:#?}", ex.initiatives) };
    assert_eq!(a.name, "遊具の更新");
    assert_eq!(a.summary.as_deref(), Some("古い遊具を替えます。"));
    assert_eq!(a.measure_refs, vec!["３－１－②", "３－２－①"]);
    assert_eq!(a.measure.as_deref(), Some("３－１－②"));
    assert!(a.basic_policy_refs.is_empty());
    assert!(b.measure.is_none());
    assert_eq!(b.basic_policy_refs, vec!["１２ 公園の再生", "１５ 緑の保全"]);
    assert_eq!(ex.measures.len(), 2);
    assert!(ex.warnings.iter().all(|w| !w.message.contains("link")), "{:?}", ex.warnings);
}

const LABELS: &str = "令和７年度　部局の目標と振り返り

部局名：公園緑地部

1. 部局の使命

緑を守る。

2. 当年度目標と振り返り

目標1：遊具の更新
取組み内容・スケジュール：(1) 古い遊具を安全なものに替えます。
実績：5か所替えた。
課題・今後の方向性：残りも替える。
総合計画：3-1-② 公園を整えます。
3-2-① 緑を守ります。
基本政策：－

目標2：花壇の拡大
取組み内容・スケジュール：(1) 駅前に花壇を設けます。
実績：
3か所増えた。
総合計画：－
基本政策：12 公園の再生
15 緑の保全

3. 中期目標

中期目標1：公園の再生
課題・めざす成果など：(1) 利用の少ない公園を作り替えます。
スケジュール(工程)：①令和8年度 計画づくり
②令和9年度 工事
総合計画：3-1-② 公園を整えます。
基本政策：－
";

#[test]
fn goals_written_as_label_lines() {
    let ex = extract("labels.txt", LABELS.as_bytes()).expect("extracts");
    assert_eq!(ex.genre, Genre::GoalReview);
    assert!(ex.warnings.iter().all(|w| !w.message.contains("not placed")), "{:?}", ex.warnings);
    let [a, b, m] = ex.initiatives.as_slice() else { panic!("{:#?}", ex.initiatives) };
    assert_eq!((a.name.as_str(), a.kind.as_str()), ("遊具の更新", "annual"));
    assert_eq!(a.summary.as_deref(), Some("古い遊具を安全なものに替えます。"));
    assert_eq!(a.result.as_deref(), Some("5か所替えた。"));
    assert_eq!(a.issues_next.as_deref(), Some("残りも替える。"));
    assert_eq!(a.measure_refs, vec!["3-1-②", "3-2-①"]);
    assert!(a.basic_policy_refs.is_empty());
    assert_eq!(b.name, "花壇の拡大");
    assert_eq!(b.result.as_deref(), Some("3か所増えた。"), "an empty 実績： takes the line below");
    assert!(b.measure_refs.is_empty());
    assert_eq!(b.basic_policy_refs, vec!["12 公園の再生", "15 緑の保全"]);
    assert_eq!((m.name.as_str(), m.kind.as_str()), ("公園の再生", "midterm"));
    assert_eq!(m.summary.as_deref(), Some("利用の少ない公園を作り替えます。"));
    assert_eq!(m.milestones, vec!["①令和8年度 計画づくり", "②令和9年度 工事"]);
    assert_eq!(m.measure.as_deref(), Some("3-1-②"));
}

#[test]
fn a_space_aligned_form_of_two_departments_with_wrapped_cells() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/goal_review/form.txt");
    let ex = extract("form.txt", &std::fs::read(path).expect("fixture")).expect("extracts");
    assert_eq!(ex.genre, Genre::GoalReview);
    assert_eq!(ex.departments, vec!["公園緑地部", "道路交通部"]);
    let stances: Vec<(&str, &str)> =
        ex.department_stances.iter().map(|s| (s.department.as_str(), s.text.as_str())).collect();
    assert_eq!(stances[1], ("道路交通部", "安全で歩きやすい道路をつくる。"));
    let got: Vec<(&str, &str, Option<&str>)> =
        ex.initiatives.iter().map(|i| (i.name.as_str(), i.kind.as_str(), i.department.as_deref())).collect();
    assert_eq!(
        got,
        vec![
            ("遊具の更新", "annual", Some("公園緑地部")),
            ("花壇ボランティアの育成", "annual", Some("公園緑地部")),
            ("公園の再生", "midterm", Some("公園緑地部")),
            ("通学路の安全対策", "annual", Some("道路交通部")),
        ]
    );
    let a = &ex.initiatives[0];
    assert_eq!(a.summary.as_deref(), Some("老朽化した遊具を安全なものに順に替えます。"));
    assert_eq!(a.milestones, vec!["設計(６月)"]);
    assert_eq!(a.result.as_deref(), Some("老朽化した遊具を５か所で新しいものに替えた。"));
    assert_eq!(a.issues_next.as_deref(), Some("残る公園の遊具も順に替える。"));
    assert_eq!(a.measure_refs, vec!["3-1-②", "3-2-①"]);
    assert_eq!(a.basic_policy_refs, vec!["12 公園の再生", "15 緑の保全"]);
    let m = &ex.initiatives[2];
    assert_eq!(m.summary.as_deref(), Some("利用の少ない公園を地域と話し合って作り替えます。"));
    assert_eq!(m.milestones, vec!["①令和８年度 計画づくり", "②令和９年度 工事"]);
    assert_eq!(ex.initiatives[3].measure.as_deref(), Some("4-2-①"));
    let titles: Vec<&str> = ex.measures.iter().map(|m| m.title.as_str()).collect();
    assert_eq!(titles, vec!["公園を整えます。", "緑を守ります。", "道路を守ります。"]);
    assert!(ex.warnings.is_empty(), "{:?}", ex.warnings);
}
