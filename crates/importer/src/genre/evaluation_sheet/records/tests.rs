//! Wide tables of programs, on invented rows.

use super::*;

fn lines(t: &str) -> Vec<Line> {
    t.lines().enumerate().map(|(i, s)| Line { no: i + 1, text: s.into() }).collect()
}

#[test]
fn a_program_per_row_with_its_indicator() {
    let text = "事業名\t担当課\t施策\t指標名\t単位\t令和4年度実績\t目標値\n\
                花壇事業\tみどり課\t2-1\t花壇の数\tか所\t12\t20\n\
                清掃事業\t公園課\t2-2\t清掃回数\t回\t10\t12";
    let got = read(&lines(text), &Vocabulary::builtin());
    assert_eq!(got.len(), 2);
    assert_eq!((got[1].0.name.as_str(), got[1].0.department.as_deref()), ("清掃事業", Some("公園課")));
    let ind = &got[0].1[0];
    assert_eq!(
        (ind.name.as_str(), ind.baseline.as_deref(), ind.target.as_deref()),
        ("花壇の数", Some("12"), Some("20"))
    );
}

#[test]
fn helper_rows_a_two_row_header_repeated_indicator_groups_and_costs() {
    let text = "\
※この行は削除しないでください\t\t\t\t\t\t\t\t\t\t\t\t
No\t事務事業名\t所管部\t所管課\t政策\t施策\t成果指標ア\t\t\t成果指標イ\t\t\t事業費（千円）\t
\t\t\t\t\t\t指標名\t単位\t目標値\t指標名\t単位\t目標値\tR5決算\tR6予算
1\t花壇づくり事業\tみどり部\t公園課\t1 緑のまち\t1-2 花のある暮らし\t花壇の数\tか所\t20\t参加者数\t人\t500\t1,200\t1,500
2\t街路樹更新事業\tみどり部\t道路課\t1 緑のまち\t1-3 緑の道\t更新本数\t本\t300\t\t\t\t3,400\t3,000";
    let got = read(&lines(text), &Vocabulary::builtin());
    assert_eq!(got.len(), 2, "{got:#?}");
    let (p, inds) = &got[0];
    assert_eq!(p.name, "花壇づくり事業");
    assert_eq!(p.department.as_deref(), Some("公園課"));
    assert_eq!(p.parent_department.as_deref(), Some("みどり部"));
    assert_eq!(p.code.as_deref(), Some("1"));
    let path: Vec<(&str, Option<&str>)> = p.plan_path.iter().map(|s| (s.level.as_str(), s.code.as_deref())).collect();
    assert_eq!(path, [("政策", Some("1")), ("施策", Some("1-2"))]);
    let names: Vec<&str> = inds.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(names, ["花壇の数", "参加者数"]);
    assert_eq!(inds[1].target.as_deref(), Some("500"));
    assert_eq!(inds[1].unit.as_deref(), Some("人"));
    let costs: Vec<(u16, &str, Option<i64>)> =
        p.costs.iter().map(|c| (c.fiscal_year, c.basis.as_str(), c.amount)).collect();
    assert_eq!(costs, [(2023, "settlement", Some(1_200_000)), (2024, "budget", Some(1_500_000))]);
    assert_eq!(got[1].1.len(), 1);
}
