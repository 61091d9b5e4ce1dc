//! Measure-sheet interpretation on small invented sheets.

use super::interpret;
use crate::raw;

const SHEETS: &str = "施策一覧

行革の視点：①市民サービスの視点 ②参加と協働の視点 ⑥市有財産の視点

推進方針１  「緑あふれるまち」

緑 1-1 公園の充実・・・・・・・・・・・・Ｐ３
   緑 1-2 花のある暮らし・・・・・・・・Ｐ５

方針

施策

目指す姿

【用語説明】

推進方針１　緑あふれるまち

緑1-1　公園の充実

だれもが歩いて行ける公園がある

現状と課題

●公園の遊具が古くなっています。
●公園の少ない地区が
あります。

SDGｓに向けた方向性

公園を守り、次の世代に引き継ぎます。

施策実現のための取組み

取組み名 内容
行革の視点 行革の視点からの取組み内容

遊具の計画的な更新

古い遊具を点検し、計画的に更新します。

⑥市有財産 施設の長寿命化

公園愛護会への支
援

地域の団体が行う公園の清掃や花壇の手入れを支援し、活動の輪を広げま
す。

②参加と協働
地域の団体と市の協働による
管理

関連する個別計画

花山市みどりの基本計画

方針

施策

目指す姿

【用語説明】

推進方針１　緑あふれるまち

緑1-2　花のある暮らし

花を育てる人が増えている

施策実現のための取組み

苗の配布
季節の花の苗を市民に配ります。

①市民サービス 花に親しむ機会の提供

花山市花いっぱい条例
";

#[test]
fn reads_sheets_actions_and_plans() {
    let ex = interpret(&raw::read(SHEETS));
    assert_eq!(ex.organization.as_deref(), Some("花山市"));
    assert_eq!(ex.themes, vec!["緑あふれるまち".to_string()]);
    let measures: Vec<_> = ex.measures.iter().map(|m| (m.code.as_deref(), m.title.as_str())).collect();
    assert_eq!(measures, [(Some("緑1-1"), "公園の充実"), (Some("緑1-2"), "花のある暮らし")]);
    let m = &ex.measures[0];
    assert_eq!(m.parent.as_deref(), Some("緑あふれるまち"));
    assert_eq!(m.vision.as_deref(), Some("だれもが歩いて行ける公園がある"));
    assert_eq!(m.current_issues.as_deref(), Some("公園の遊具が古くなっています。\n公園の少ない地区があります。"));
    assert_eq!(m.sdgs_direction.as_deref(), Some("公園を守り、次の世代に引き継ぎます。"));

    let actions: Vec<_> = ex.initiatives.iter().map(|a| (a.name.as_str(), a.measure.as_deref())).collect();
    assert_eq!(
        actions,
        [("遊具の計画的な更新", Some("緑1-1")), ("公園愛護会への支援", Some("緑1-1")), ("苗の配布", Some("緑1-2"))]
    );
    let a = &ex.initiatives[1];
    assert_eq!(a.summary.as_deref(), Some("地域の団体が行う公園の清掃や花壇の手入れを支援し、活動の輪を広げます。"));
    assert_eq!(a.perspective.as_deref(), Some("②参加と協働"));
    assert_eq!(a.reform.as_deref(), Some("地域の団体と市の協働による管理"));
    assert_eq!(a.theme.as_deref(), Some("緑あふれるまち"));
    assert_eq!(a.kind, "action");
    assert_eq!(ex.initiatives[2].summary.as_deref(), Some("季節の花の苗を市民に配ります。"));
    assert_eq!(ex.initiatives[2].perspective.as_deref(), Some("①市民サービス"));

    assert_eq!(ex.related_plans, vec!["花山市みどりの基本計画".to_string(), "花山市花いっぱい条例".to_string()]);
    assert_eq!(ex.related_plan_details[1].measure.as_deref(), Some("緑1-2"));
}

#[test]
fn a_sheet_printed_twice_gives_each_action_once() {
    let once = "方針\n\n緑2-1　水辺の再生\n\n川に親しめる\n\n護岸の緑化\n\n護岸に草花を植え、生き物のすみかを増やします。\n\n⑥市有財産 既存施設の活用\n";
    let ex = interpret(&raw::read(&format!("花山市の施策\n\n{once}\n{once}")));
    assert_eq!(ex.initiatives.len(), 1);
    assert_eq!(ex.measures.len(), 1);
}

#[test]
fn names_far_from_their_descriptions_are_paired_and_reported() {
    let text = "方針\n\n花山市の施策 ①市民サービス ②参加と協働\n\n緑3-1　広場の活用\n\n広場がにぎわう\n\n\
                広場でのイベントを支援し、にぎわいを生み出します。\n\n②参加と協働 民間との連携\n\n\
                施策実現のための取組み\n\n広場の貸出\n\n広場を団体に貸し出します。\n\n①市民サービス 手続の簡素化\n\n\
                イベントの支援\n";
    let ex = interpret(&raw::read(text));
    let names: Vec<_> = ex.initiatives.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["広場の貸出", "イベントの支援"]);
    assert_eq!(ex.initiatives[1].summary.as_deref(), Some("広場でのイベントを支援し、にぎわいを生み出します。"));
    assert!(ex.warnings.iter().any(|w| w.message.contains("paired by position")), "{:?}", ex.warnings);
}

#[test]
fn circled_action_names_are_not_perspectives() {
    let text = "花山市\n\n方針\n\n緑4-1　花の道\n\n花の道が続く\n\n主な取組\n\n①花の道づくり\n沿道に花壇を設けます。\n\n②案内板の設置\n花の道に案内板を設けます。\n";
    let ex = interpret(&raw::read(text));
    let names: Vec<_> = ex.initiatives.iter().map(|a| (a.name.as_str(), a.perspective.clone())).collect();
    assert_eq!(names, [("花の道づくり", None), ("案内板の設置", None)], "{ex:?}");
}

#[test]
fn bulleted_actions_under_a_heading_stand_alone() {
    let text = "花山市\n\n方針\n\n緑5-1　川辺の緑\n\n川辺が緑豊か\n\n主な取組\n\n・桜並木の保全：古い桜を植え替えます\n・川辺の清掃\n";
    let ex = interpret(&raw::read(text));
    let got: Vec<_> = ex.initiatives.iter().map(|a| (a.name.as_str(), a.summary.as_deref())).collect();
    assert_eq!(got, [("桜並木の保全", Some("古い桜を植え替えます")), ("川辺の清掃", None)]);
}

#[test]
fn reads_sheets_without_blank_lines() {
    let dense: String = SHEETS.lines().filter(|l| !l.trim().is_empty()).collect::<Vec<_>>().join("\n");
    let ex = interpret(&raw::read(&dense));
    let actions: Vec<_> = ex.initiatives.iter().map(|a| (a.name.as_str(), a.measure.as_deref())).collect();
    assert_eq!(
        actions,
        [("遊具の計画的な更新", Some("緑1-1")), ("公園愛護会への支援", Some("緑1-1")), ("苗の配布", Some("緑1-2"))]
    );
    // Without blank lines a short wrapped remainder (「管理」) cannot be told from a next row's
    // name, so only the reform's first line is sure.
    assert!(ex.initiatives[1].reform.as_deref().is_some_and(|r| r.starts_with("地域の団体と市の協働による")));
}
