//! Plan-chapter interpretation on a small invented chapter showing the layout features.

use super::interpret;
use crate::raw;

const CHAPTER: &str = "第2章 花と緑のまち

花山市は、緑を守り育てるまちを目指します。

【指標】

指標\t現状値\t目標値
花壇ボランティア登録者数（累計）\t120人\t200人
公園の満足度\t61.5% （令和5年8月時点）\t70%

現状値＝特記のないものは令和4年度実績 目標値＝令和10年度目標

【関連計画等（主要なもの）】

計画等の名称\t内容
花山市緑の基本計画\t緑の保全と創出の方針を定めた計画です。

【重点テーマの取組】

テーマ\t具体的な取組（例）
脱炭素\t公園の照明を省エネ型に替えます。

【SDGsの取組】

ゴール15：陸の豊かさも守ろう\t
\t12-1. 緑の保全（樹林地の保全） 12-2. 公園の充実（公園の整備）

12 緑と公園

目指す姿

市民が身近な緑に親しみ、花で彩られたまちを目指します。

◆ 現況と課題

- 市内の樹林地は減少しています。
- 公園の老朽化が進んでいます。

施策1 緑の保全

- (1) 樹林地の保全
- ①所有者と協定を結び、樹林地を守ります。
 - ②保全の担い手を育てます。
- (2) 街路樹の管理
- ①街路樹を計画的に更新します。

公園の写真

施策2 公園の充実

(1) 公園の整備

- ①遊具を更新します。

13 水辺

目指す姿 川と親しめるまちを目指します。
";

#[test]
fn reads_nodes_actions_indicators_and_tables() {
    let ex = interpret(&raw::read(CHAPTER));
    assert_eq!(ex.organization.as_deref(), Some("花山市"));
    assert_eq!(ex.fiscal_year, None);
    assert_eq!(ex.title.as_deref(), Some("第2章 花と緑のまち"));

    let codes: Vec<_> = ex.measures.iter().map(|m| (m.code.clone().unwrap_or_default(), m.title.clone())).collect();
    assert_eq!(
        codes,
        [("12", "緑と公園"), ("12-1", "緑の保全"), ("12-2", "公園の充実"), ("13", "水辺")]
            .map(|(c, t)| (c.to_string(), t.to_string()))
    );
    assert_eq!(ex.measures[0].vision.as_deref(), Some("市民が身近な緑に親しみ、花で彩られたまちを目指します。"));
    assert_eq!(
        ex.measures[0].current_issues.as_deref(),
        Some("市内の樹林地は減少しています。\n公園の老朽化が進んでいます。")
    );
    assert_eq!(ex.measures[1].parent.as_deref(), Some("12"));
    assert_eq!(ex.measures[1].sdg_goals, vec![15]);
    assert_eq!(ex.measures[3].vision.as_deref(), Some("川と親しめるまちを目指します。"));

    let actions: Vec<_> = ex.initiatives.iter().map(|a| (a.name.as_str(), a.measure.as_deref())).collect();
    assert_eq!(actions, [("樹林地の保全", Some("12-1")), ("街路樹の管理", Some("12-1")), ("公園の整備", Some("12-2"))]);
    assert_eq!(
        ex.initiatives[0].summary.as_deref(),
        Some("所有者と協定を結び、樹林地を守ります。\n保全の担い手を育てます。")
    );
    assert_eq!(ex.initiatives[2].summary.as_deref(), Some("遊具を更新します。"));
    assert!(ex.initiatives.iter().all(|a| a.kind == "action"));

    assert_eq!(ex.indicators.len(), 2);
    assert_eq!(ex.indicators[0].baseline.as_deref(), Some("120人"));
    assert_eq!(ex.indicators[0].unit.as_deref(), Some("人"));
    assert!(ex.indicators[0].cumulative);
    assert_eq!(ex.indicators[0].baseline_year, Some(2022));
    assert_eq!(ex.indicators[0].target_year, Some(2028));
    assert_eq!(ex.indicators[1].baseline.as_deref(), Some("61.5%"));
    assert_eq!(ex.indicators[1].baseline_note.as_deref(), Some("令和5年8月時点"));
    assert_eq!(ex.indicators[1].measure, None);

    assert_eq!(ex.related_plans, vec!["花山市緑の基本計画".to_string()]);
    assert_eq!(ex.related_plan_details[0].description.as_deref(), Some("緑の保全と創出の方針を定めた計画です。"));
    assert_eq!(ex.themes, vec!["脱炭素".to_string()]);

    // The photo caption is reported, not silently dropped.
    assert!(ex.warnings.iter().any(|w| w.message.contains("公園の写真")), "{:?}", ex.warnings);
}

const OTHER_LAYOUT: &str = "基本目標２ 安心して暮らせるまち

施策2-1 地域の見守り

めざす姿：だれもが地域で見守られ、安心して暮らしています。

1 現状と課題

ひとり暮らしの高齢者が増えています。

2 主な取組

・見守り活動の支援：地域の見守り活動を支援します。
・相談窓口の充実

担当課：福祉課、地域振興課

| 指標名 | 現状値（令和4年度） | 目標値（令和9年度） |
|---|---|---|
| 見守り協定の締結数 | 12件 | 30件 |

【成果指標】

指標名：見守りボランティアの人数
現状値：85人（令和4年度）
目標値：120人（令和9年度）

施策2-2 防犯のまちづくり

基本事業1 防犯灯の整備

| 取組 | 内容 | 担当課 |
|---|---|---|
| 防犯灯の設置 | 通学路に防犯灯を設置します。 | 道路課 |
";

#[test]
fn reads_another_layout() {
    let ex = interpret(&raw::read(OTHER_LAYOUT));
    let codes: Vec<_> = ex.measures.iter().map(|m| (m.code.clone().unwrap_or_default(), m.kind.clone())).collect();
    assert_eq!(
        codes,
        [
            ("2".to_string(), Some("基本目標".to_string())),
            ("2-1".to_string(), Some("施策".to_string())),
            ("2-2".to_string(), Some("施策".to_string())),
            ("2-2-1".to_string(), Some("基本事業".to_string()))
        ]
    );
    assert_eq!(ex.measures[1].vision.as_deref(), Some("だれもが地域で見守られ、安心して暮らしています。"));
    assert_eq!(ex.measures[1].current_issues.as_deref(), Some("ひとり暮らしの高齢者が増えています。"));
    assert_eq!(ex.measures[1].parent.as_deref(), Some("2"));

    let actions: Vec<_> = ex
        .initiatives
        .iter()
        .map(|a| (a.name.as_str(), a.measure.as_deref(), a.department.as_deref(), a.summary.as_deref()))
        .collect();
    assert_eq!(
        actions,
        [
            ("見守り活動の支援", Some("2-1"), Some("福祉課、地域振興課"), Some("地域の見守り活動を支援します。")),
            ("相談窓口の充実", Some("2-1"), Some("福祉課、地域振興課"), None),
            ("防犯灯の設置", Some("2-2-1"), Some("道路課"), Some("通学路に防犯灯を設置します。")),
        ]
    );
    assert_eq!(ex.departments, ["福祉課", "地域振興課", "道路課"].map(String::from));

    assert_eq!(ex.indicators.len(), 2, "{:?}", ex.indicators);
    let ind = &ex.indicators[0];
    assert_eq!((ind.name.as_str(), ind.measure.as_deref()), ("見守り協定の締結数", Some("2-1")));
    assert_eq!((ind.baseline.as_deref(), ind.target.as_deref()), (Some("12件"), Some("30件")));
    assert_eq!((ind.baseline_year, ind.target_year), (Some(2022), Some(2027)));
    let ind = &ex.indicators[1];
    assert_eq!((ind.name.as_str(), ind.unit.as_deref()), ("見守りボランティアの人数", Some("人")));
    assert_eq!((ind.baseline.as_deref(), ind.baseline_year), (Some("85人"), Some(2022)));
    assert_eq!((ind.target.as_deref(), ind.target_year), (Some("120人"), Some(2027)));
}

#[test]
fn reads_space_aligned_indicator_tables() {
    let text = "3 水と緑\n\n指標名                 現状値（令和4年度）    目標値（令和9年度）\n川の清掃参加者数       320人                  500人\n水辺の散策路の延長     1.2km                  3.0km\n\n(1) 川の清掃\n①清掃活動を支援します。\n";
    let ex = interpret(&raw::read(text));
    let got: Vec<_> =
        ex.indicators.iter().map(|i| (i.name.as_str(), i.baseline.as_deref(), i.target.as_deref())).collect();
    assert_eq!(
        got,
        [("川の清掃参加者数", Some("320人"), Some("500人")), ("水辺の散策路の延長", Some("1.2km"), Some("3.0km"))]
    );
    assert_eq!(ex.indicators[1].unit.as_deref(), Some("km"));
    assert_eq!(ex.initiatives.len(), 1);
}

#[test]
fn actions_carry_their_department_and_description() {
    let text =
        "4 花のまち\n\n主な取組\n\n・花壇の管理（公園緑地課）\n・花の講座　市民向けに花の育て方の講座を開きます。\n";
    let ex = interpret(&raw::read(text));
    let got: Vec<_> =
        ex.initiatives.iter().map(|a| (a.name.as_str(), a.department.as_deref(), a.summary.as_deref())).collect();
    assert_eq!(
        got,
        [("花壇の管理", Some("公園緑地課"), None), ("花の講座", None, Some("市民向けに花の育て方の講座を開きます。"))]
    );
    assert_eq!(ex.departments, vec!["公園緑地課".to_string()]);
}

#[test]
fn a_chapter_that_opens_with_its_labels_keeps_them() {
    // 「めざすまちの姿」 is among the first lines and recurs, so the reader takes it for a page
    // header.
    let text = "1-1 花の道\nめざすまちの姿\n花の道が続いています。\n\n1-2 水辺\nめざすまちの姿\n川に親しめます。\n\n\
                1-3 森\nめざすまちの姿\n森を守っています。\n";
    let ex = interpret(&raw::read(text));
    let visions: Vec<_> = ex.measures.iter().map(|m| m.vision.as_deref()).collect();
    assert_eq!(visions, [Some("花の道が続いています。"), Some("川に親しめます。"), Some("森を守っています。")]);
}

#[test]
fn plan_lines_with_descriptions_and_goal_numbers() {
    let text = "5 公園\n\n【関連計画】\n・花山市緑の基本計画：緑の保全の方針\n\n【関連するSDGs】\n11、15\n";
    let ex = interpret(&raw::read(text));
    assert_eq!(ex.related_plans, vec!["花山市緑の基本計画".to_string()]);
    assert_eq!(ex.related_plan_details[0].description.as_deref(), Some("緑の保全の方針"));
    assert_eq!(ex.related_plan_details[0].measure.as_deref(), Some("5"));
    assert_eq!(ex.measures[0].sdg_goals, vec![11, 15]);
}

#[test]
fn a_spaced_label_before_a_sentence_is_no_table_header() {
    // 「内　　容」 splits at its wide spaces; the sentence after it mentions 取り組む and 関係課.
    let text = "5 花のまち\n\n施策：5-1 花壇\n主 な 取 組：花壇の管理\n内　　容：関係課と連携して取り組む。\n";
    let ex = interpret(&raw::read(text));
    let got: Vec<_> = ex.initiatives.iter().map(|a| (a.name.as_str(), a.summary.as_deref())).collect();
    assert_eq!(got, [("花壇の管理", Some("関係課と連携して取り組む。"))]);
}
