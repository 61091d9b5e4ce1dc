//! Evaluation-sheet interpretation on small invented sheets, in two layouts: a form whose
//! labels and values PDF text gives column by column, and tab-separated label/value rows.

use super::interpret;
use crate::raw;

const FLATTENED: &str = "花山市 事務事業評価（令和６年度実施事業）

（１）事務事業名・総合計画の体系等

担当部署名

みどり課

事務事業名

花壇づくり事業

施策の柱

②緑あふれるまち

施策名称

②花のある暮らし

（２）事業の概要

実施期間
（計画期間の中で設定）

事業の対象
（誰を、何を）

事業の手段・方法
（どのように）

令和 5 年度 ～ 令和 9 年度

市民、自治会

事業内容

・花壇の設置
・苗の配布

市民と協力して花壇をつくり、季節の花を植える。

（５）事業の成果指標及び評価

目標値

成果指標の内容

単位

R５年度
実　績

R６年度
見　込

R６年度
実　績

R９年度
見　込

事　業　費　　Ａ

1,200

1,250 花壇の数

か所

40

45

44

60

委託料

1,000

成果指標の達成状況

A.順調

（１）事務事業名・総合計画の体系等

担当部署名

公園課

事務事業名

公園清掃事業

施策名称

③公園の充実

成果指標の内容

R５年度
実　績

R９年度
目　標

清掃回数

回

12 24

成果指標の達成状況
";

#[test]
fn reads_flattened_sheets() {
    let ex = interpret(&raw::read(FLATTENED), &crate::vocab::Vocabulary::builtin());
    assert_eq!(ex.organization.as_deref(), Some("花山市"));
    assert_eq!(ex.fiscal_year, Some(2024));
    assert_eq!(ex.departments, vec!["みどり課".to_string(), "公園課".to_string()]);
    let programs: Vec<_> =
        ex.initiatives.iter().map(|i| (i.name.as_str(), i.department.as_deref(), i.measure.as_deref())).collect();
    assert_eq!(
        programs,
        [
            ("花壇づくり事業", Some("みどり課"), Some("②花のある暮らし")),
            ("公園清掃事業", Some("公園課"), Some("③公園の充実"))
        ]
    );
    let p = &ex.initiatives[0];
    assert_eq!(p.kind, "program");
    assert_eq!((p.period_start, p.period_end), (Some(2023), Some(2027)));
    assert!(p.summary.as_deref().is_some_and(|s| s.contains("季節の花を植える。")), "{:?}", p.summary);
    assert!(p
        .plan_path
        .iter()
        .any(|s| s.level == "政策" && s.code.as_deref() == Some("②") && s.title == "緑あふれるまち"));

    assert_eq!(ex.indicators.len(), 2, "{:?}", ex.indicators);
    let i = &ex.indicators[0];
    assert_eq!((i.name.as_str(), i.unit.as_deref()), ("花壇の数", Some("か所")));
    assert_eq!((i.baseline.as_deref(), i.target.as_deref()), (Some("44"), Some("60")));
    assert_eq!((i.baseline_year, i.target_year), (Some(2024), Some(2027)));
    assert_eq!(i.actuals.len(), 2);
    assert_eq!(i.initiative.as_deref(), Some("花壇づくり事業"));
    let j = &ex.indicators[1];
    assert_eq!((j.baseline.as_deref(), j.target.as_deref()), (Some("12"), Some("24")));
}

const TABBED: &str = "令和5年度 事務事業評価シート
月見市

担当部局\t教育部\t担当課\t図書館課
事業名\t子ども読書推進事業
施策名\t3-2 読書のまち
事業の概要\t絵本の読み聞かせ会を開く。

指標名\t単位\t令和3年度実績\t令和4年度実績\t目標値（令和7年度）
読み聞かせ会の参加者数\t人\t300\t340\t500
";

#[test]
fn reads_tab_separated_sheets() {
    let ex = interpret(&raw::read(TABBED), &crate::vocab::Vocabulary::builtin());
    assert_eq!(ex.organization.as_deref(), Some("月見市"));
    assert_eq!(ex.fiscal_year, Some(2023));
    let p = &ex.initiatives[0];
    assert_eq!(p.name, "子ども読書推進事業");
    assert_eq!(p.department.as_deref(), Some("図書館課"));
    assert_eq!(p.measure.as_deref(), Some("3-2 読書のまち"));
    assert_eq!(p.summary.as_deref(), Some("絵本の読み聞かせ会を開く。"));
    let i = &ex.indicators[0];
    assert_eq!(i.name, "読み聞かせ会の参加者数");
    assert_eq!((i.baseline.as_deref(), i.target.as_deref(), i.unit.as_deref()), (Some("340"), Some("500"), Some("人")));
    assert_eq!((i.baseline_year, i.target_year), (Some(2022), Some(2025)));
}

const BY_YEAR: &str = "事務事業評価シート
評価年度\t令和4年度\t所管課\t公園課
事務事業の名称\t公園愛護事業
施策\t2-3 公園の充実
事業の目的\t地域の団体と公園を守る。

成果指標\t愛護会の数\t単位\t団体
\t令和2年度\t令和3年度\t令和4年度\t令和7年度
目標値\t20\t22\t24\t30
実績値\t19\t23\t25\t-
";

#[test]
fn reads_year_column_tables_and_labelled_years() {
    let ex = interpret(&raw::read(BY_YEAR), &crate::vocab::Vocabulary::builtin());
    assert_eq!(ex.fiscal_year, Some(2022));
    assert_eq!(ex.organization, None);
    let p = &ex.initiatives[0];
    assert_eq!((p.name.as_str(), p.department.as_deref()), ("公園愛護事業", Some("公園課")));
    assert_eq!(p.measure.as_deref(), Some("2-3 公園の充実"));
    let i = &ex.indicators[0];
    assert_eq!((i.name.as_str(), i.unit.as_deref()), ("愛護会の数", Some("団体")));
    assert_eq!((i.baseline.as_deref(), i.baseline_year), (Some("25"), Some(2022)));
    assert_eq!((i.target.as_deref(), i.target_year), (Some("30"), Some(2025)));
}

#[test]
fn splits_sheets_whose_labels_share_lines() {
    let sheet = |n: &str, dept: &str| {
        format!("花山市 事務事業評価シート 令和６年度\n担当課 {dept} 事業名 {n}\n施策名 1-1 花のまち\n\n成果指標\n\nR5年度実績\n\nR9年度目標\n\n参加者数\n\n人\n\n10\n\n20\n\n")
    };
    let text = format!("{}{}", sheet("花壇事業", "みどり課"), sheet("苗木事業", "公園課"));
    let ex = interpret(&raw::read(&text), &crate::vocab::Vocabulary::builtin());
    let got: Vec<_> = ex.initiatives.iter().map(|i| (i.name.as_str(), i.department.as_deref())).collect();
    assert_eq!(got, [("花壇事業", Some("みどり課")), ("苗木事業", Some("公園課"))]);
    assert_eq!(ex.indicators.len(), 2);
    assert_eq!(ex.indicators[1].initiative.as_deref(), Some("苗木事業"));
}

#[test]
fn the_evaluated_year_wins_over_the_year_of_evaluation() {
    let text = "令和6年度 事務事業評価シート（令和5年度実施事業）\n事業名 花壇事業\n担当課 みどり課\n";
    assert_eq!(interpret(&raw::read(text), &crate::vocab::Vocabulary::builtin()).fiscal_year, Some(2023));
}

#[test]
fn reads_flattened_sheets_without_blank_lines() {
    let dense: String = FLATTENED.lines().filter(|l| !l.trim().is_empty()).collect::<Vec<_>>().join("\n");
    let ex = interpret(&raw::read(&dense), &crate::vocab::Vocabulary::builtin());
    let programs: Vec<_> =
        ex.initiatives.iter().map(|i| (i.name.as_str(), i.department.as_deref(), i.measure.as_deref())).collect();
    assert_eq!(
        programs,
        [
            ("花壇づくり事業", Some("みどり課"), Some("②花のある暮らし")),
            ("公園清掃事業", Some("公園課"), Some("③公園の充実"))
        ]
    );
    let got: Vec<_> =
        ex.indicators.iter().map(|i| (i.name.as_str(), i.baseline.as_deref(), i.target.as_deref())).collect();
    assert_eq!(got, [("花壇の数", Some("44"), Some("60")), ("清掃回数", Some("12"), Some("24"))]);
}
