//! department_policy on invented documents in three layouts (plain lines, tab rows with
//! name and summary in one cell, 部局名 tables): the same drafts come out.

use hoshin_importer::{extract, Genre};

const PLAIN: &str = "令和9年度部局運営方針

令和9年度 公園緑地部運営方針

部 局 運 営 に 関 す る 基 本 的 考 え 方

緑の多いまちを次の世代に引き継ぐため、公園の維持管理を計画的に進める。

行政改革に係る取組

1 財源の確保

財源の確保に向けた取組について

公園使用料の見直し

近隣市の水準を調べ、使用料を適正な額に改める。

2 事務の効率化

事務の効率化に向けた取組について

点検記録の電子化

遊具点検の記録をタブレットで入力し、集計の手間を減らす。

特定課題に係る取組

花と緑のまちづくり

「花のあふれるまち」の実現にむけた取組について

花壇ボランティアの育成

花壇の手入れをする市民団体を支援し、活動の輪を広げる。

令和9年度 水道局運営方針

部局運営に関する基本的考え方

安全な水を安定して届ける。

行政改革に係る取組

1 財源の確保\t財源の確保に向けた取組について
\t検針業務の委託 検針を民間に委ね、人件費を抑える。 漏水調査の強化 漏水を早く見つけ、無駄な配水を減らす。
2 事務の効率\t事務の効率化に向けた取組について
\t料金システムの更新 古い料金システムを入れ替え、窓口の待ち時間を短くする。
";

#[test]
fn plain_and_tab_layouts_give_departments_stances_themes_and_initiatives() {
    let ex = extract("花見川市_部局運営方針.txt", PLAIN.as_bytes()).expect("extracts");
    assert_eq!(ex.genre, Genre::DepartmentPolicy);
    assert_eq!(ex.fiscal_year, Some(2027));
    assert_eq!(ex.departments, vec!["公園緑地部", "水道局"]);
    assert_eq!(ex.department_stances.len(), 2);
    assert!(ex.department_stances[0].text.starts_with("緑の多いまち"));
    // 「2 事務の効率」 (cut by the PDF tool) is the same theme as 「2 事務の効率化」.
    assert_eq!(ex.themes, vec!["財源の確保", "事務の効率化", "花と緑のまちづくり"]);
    let names: Vec<&str> = ex.initiatives.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(
        names,
        vec![
            "公園使用料の見直し",
            "点検記録の電子化",
            "花壇ボランティアの育成",
            "検針業務の委託",
            "漏水調査の強化",
            "料金システムの更新"
        ]
    );
    let leak = &ex.initiatives[4];
    assert_eq!(leak.department.as_deref(), Some("水道局"));
    assert_eq!(leak.theme.as_deref(), Some("財源の確保"));
    assert_eq!(leak.summary.as_deref(), Some("漏水を早く見つけ、無駄な配水を減らす。"));
    assert_eq!(ex.initiatives[2].theme.as_deref(), Some("花と緑のまちづくり"));
    assert!(ex.initiatives.iter().all(|i| i.kind == "annual"));
}

const TABLES: &str = "令和9年度部局運営方針の概要

部局名\t公園緑地部\t部局運営に関する基本的考え方\t<ul style=\"list-style-type: none\"> 公園を守る。 花を増やす。
重点項目\t取り組み名\t取り組みの概要\t
財源の確保\t公園使用料の見直し\t近隣市の水準を調べ、使用料を適正な額に改める。\t
\t広告付きベンチの設置\t企業広告を載せたベンチを置き、設置費を賄う。\t
事務の効率化\t点検記録の電子化\t遊具点検の記録をタブレットで入力する。\t
";

#[test]
fn department_name_tables_give_the_same_shapes() {
    let ex = extract("t.txt", TABLES.as_bytes()).expect("extracts");
    assert_eq!(ex.departments, vec!["公園緑地部"]);
    assert_eq!(ex.department_stances[0].text, "公園を守る。\n花を増やす。");
    assert_eq!(ex.themes, vec!["財源の確保", "事務の効率化"]);
    assert_eq!(ex.initiatives.len(), 3);
    assert_eq!(ex.initiatives[1].name, "広告付きベンチの設置");
    assert_eq!(ex.initiatives[1].theme.as_deref(), Some("財源の確保"));
    assert_eq!(ex.initiatives[2].summary.as_deref(), Some("遊具点検の記録をタブレットで入力する。"));
}

#[test]
fn a_name_without_summary_is_reported() {
    let text = format!("{TABLES}\t看板の更新\t\t\n");
    let ex = extract("t.txt", text.as_bytes()).expect("extracts");
    assert!(ex.warnings.iter().any(|w| w.line == 8 && w.message.contains("看板の更新")), "{:?}", ex.warnings);
}

const LABELLED: &str = "令和9年度 部局運営方針

部局名：公園緑地部
基本的考え方：緑の多いまちを引き継ぐ。

行政改革に係る取組

| 重点項目 | 取組名 | 取組の概要 |
|---|---|---|
| 財源の確保 | 公園使用料の見直し | 使用料を適正な額に改める。 |

部局名：水道局
基本的考え方：安全な水を届ける。

行政改革に係る取組

| 重点項目 | 取組名 | 取組の概要 |
|---|---|---|
| 財源の確保 | 検針業務の委託 | 検針を民間に委ねる。 |
";

#[test]
fn labels_on_plain_lines_and_markdown_tables() {
    let ex = extract("l.txt", LABELLED.as_bytes()).expect("extracts");
    assert_eq!(ex.departments, vec!["公園緑地部", "水道局"]);
    assert_eq!(ex.department_stances[1].text, "安全な水を届ける。");
    assert_eq!(ex.themes, vec!["財源の確保"]);
    let got: Vec<(&str, Option<&str>)> =
        ex.initiatives.iter().map(|i| (i.name.as_str(), i.department.as_deref())).collect();
    assert_eq!(got, vec![("公園使用料の見直し", Some("公園緑地部")), ("検針業務の委託", Some("水道局"))]);
}

#[test]
fn side_columns_named_by_the_header_stay_with_their_initiative() {
    let text = "令和9年度 公園緑地部運営方針\n\n基本的考え方\n\n緑を守る。\n\n| 重点項目 | 取組名 | 取組の概要 | 担当課 |\n|---|---|---|---|\n| 財源の確保 | 公園使用料の見直し | 使用料を適正な額に改める。 | 公園管理課 |\n| | 看板広告の募集 | 園内の看板に広告を募る。 | 緑化推進課 |\n";
    let ex = extract("s.txt", text.as_bytes()).expect("extracts");
    let got: Vec<(&str, &str)> =
        ex.initiatives.iter().map(|i| (i.name.as_str(), i.sections.first().map_or("", |s| s.body.as_str()))).collect();
    assert_eq!(got, vec![("公園使用料の見直し", "公園管理課"), ("看板広告の募集", "緑化推進課")]);
    assert_eq!(ex.initiatives[1].sections[0].label, "担当課");
    assert_eq!(ex.department_stances[0].text, "緑を守る。");
}
