//! Documents laid out the way other cities lay them out (our own invented text in
//! tests/fixtures/unseen/): each test asserts the facts a reader would check — which
//! initiatives, indicators and measures are found, with which values and departments — not
//! whole snapshots.

mod common;

use hoshin_importer::{extract, extract_with, ExtractOptions, Extraction, Genre};

fn read(name: &str) -> Extraction {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/unseen").join(name);
    let bytes = std::fs::read(&path).expect("fixture");
    extract(name, &bytes).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn names(ex: &Extraction) -> Vec<&str> {
    ex.initiatives.iter().map(|i| i.name.as_str()).collect()
}

fn indicator<'a>(ex: &'a Extraction, name: &str) -> &'a hoshin_importer::draft::IndicatorDraft {
    ex.indicators.iter().find(|i| i.name == name).unwrap_or_else(|| panic!("no indicator {name}: {:?}", ex.indicators))
}

/// The body of the section labelled `label` of the first initiative.
fn section<'a>(ex: &'a Extraction, label: &str) -> Option<&'a str> {
    ex.initiatives.first()?.sections.iter().find(|s| s.label == label).map(|s| s.body.as_str())
}

fn no_markup(ex: &Extraction) {
    let json = serde_json::to_string(ex).expect("json");
    for bad in ["<script", "alert(", "onerror", "document.write", "<img", "<p>"] {
        assert!(!json.contains(bad), "{bad} leaked: {json}");
    }
}

#[test]
fn evaluation_sheet_in_markdown_tables_with_html_and_script() {
    let ex = read("eval_markdown.txt");
    assert_eq!(ex.genre, Genre::EvaluationSheet);
    assert_eq!((ex.organization.as_deref(), ex.fiscal_year), (Some("架空市"), Some(2023)));
    assert_eq!(ex.title.as_deref(), Some("事務事業評価調書（令和5年度）"));
    assert_eq!(names(&ex), vec!["防災行政無線デジタル化事業"]);
    let p = &ex.initiatives[0];
    assert_eq!(p.department.as_deref(), Some("危機管理課"));
    assert_eq!(p.measure.as_deref(), Some("5-1 災害に強いまちづくり"));
    let i = indicator(&ex, "戸別受信機の配布世帯率");
    assert_eq!((i.baseline.as_deref(), i.target.as_deref()), (Some("10"), Some("60")));
    let years: Vec<u16> = i.actuals.iter().map(|a| a.fiscal_year).collect();
    assert_eq!(years, vec![2022, 2023]);
    assert_eq!(indicator(&ex, "更新した子局数").unit.as_deref(), Some("基"));
    assert_eq!((section(&ex, "評価"), section(&ex, "今後の方向性")), (Some("B"), Some("継続")));
    assert_eq!(section(&ex, "方向性の理由"), Some("配布の申込みを電子申請でも受け付ける。"));
    no_markup(&ex);
}

#[test]
fn evaluation_sheet_in_tab_rows_with_page_furniture() {
    let ex = read("eval_tab.txt");
    assert_eq!(ex.genre, Genre::EvaluationSheet);
    assert_eq!(ex.fiscal_year, Some(2023));
    assert_eq!(names(&ex), vec!["子ども食堂支援事業"]);
    assert_eq!(ex.initiatives[0].department.as_deref(), Some("こども福祉部　こども支援課"));
    // 「基本目標2 …　施策2-3 …」: the 施策 level is the measure.
    assert_eq!(ex.initiatives[0].measure.as_deref(), Some("2-3 子育て家庭への支援"));
    assert_eq!((section(&ex, "評価"), section(&ex, "今後の方向性")), (Some("B"), Some("拡充")));
    assert!(section(&ex, "方向性の理由").is_some_and(|t| t.contains("補助枠を広げる")));
    let i = indicator(&ex, "子ども食堂の延べ利用者数");
    assert_eq!((i.target.as_deref(), i.target_year, i.unit.as_deref()), (Some("4,000"), Some(2024), Some("人")));
    assert_eq!(indicator(&ex, "補助団体数").actuals.len(), 2);
    // 「みどり市」 is not a kanji name: no organization, and a warning asking for --org.
    assert_eq!(ex.organization, None);
    assert!(ex.warnings.iter().any(|w| w.message.contains("--org")), "{:?}", ex.warnings);
    // The running header repeated under each page number is not read as content.
    let json = serde_json::to_string(&ex).expect("json");
    assert_eq!(json.matches("実施事業）").count(), 1, "{json}");
}

#[test]
fn org_option_supplies_a_name_the_text_does_not_give() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/unseen/eval_tab.txt");
    let bytes = std::fs::read(path).expect("fixture");
    let options = ExtractOptions { organization: Some("みどり市".into()), ..Default::default() };
    let ex = extract_with("eval_tab.txt", &bytes, &options).expect("extracts");
    assert_eq!(ex.organization.as_deref(), Some("みどり市"));
    assert!(!ex.warnings.iter().any(|w| w.message.contains("--org")), "{:?}", ex.warnings);
}

#[test]
fn evaluation_sheet_in_space_aligned_columns_with_full_width_digits() {
    let ex = read("eval_spaces.txt");
    assert_eq!(ex.genre, Genre::EvaluationSheet);
    assert_eq!(ex.fiscal_year, Some(2023));
    assert_eq!(names(&ex), vec!["市民農園管理運営事業"]);
    assert_eq!(ex.initiatives[0].department.as_deref(), Some("産業振興部　農政課"));
    assert_eq!(ex.indicators.len(), 2, "{:?}", ex.indicators);
    let i = indicator(&ex, "農園の区画利用率");
    assert_eq!(
        (i.unit.as_deref(), i.baseline.as_deref(), i.target.as_deref()),
        (Some("％"), Some("８８"), Some("９５"))
    );
    let years: Vec<(u16, &str)> = i.actuals.iter().map(|a| (a.fiscal_year, a.value.as_str())).collect();
    assert_eq!(years, vec![(2022, "９０"), (2023, "９２")]);
    assert_eq!(ex.initiatives[0].measure.as_deref(), Some("３－２　農業の振興"));
    assert_eq!((section(&ex, "評価"), section(&ex, "今後の方向性")), (Some("Ｃ"), Some("縮小")));
    assert_eq!(ex.organization, None);
}

#[test]
fn two_evaluation_sheets_in_one_document() {
    let ex = read("eval_two_sheets.txt");
    assert_eq!(ex.genre, Genre::EvaluationSheet);
    assert_eq!((ex.organization.as_deref(), ex.fiscal_year), (Some("架空市"), Some(2025)));
    assert_eq!(names(&ex), vec!["高齢者見守りネットワーク事業", "介護予防体操普及事業"]);
    assert!(ex.initiatives.iter().all(|i| i.department.as_deref() == Some("長寿福祉課")));
    assert_eq!(ex.initiatives[1].measure.as_deref(), Some("２－２　いつまでも元気に暮らせる健康づくり"));
    let i = indicator(&ex, "体操教室の参加者数");
    assert_eq!((i.initiative.as_deref(), i.target.as_deref()), (Some("介護予防体操普及事業"), Some("６００")));
    assert_eq!((i.unit.as_deref(), i.baseline.as_deref(), i.baseline_year), (Some("人"), Some("４１０"), Some(2021)));
    assert_eq!(i.target_year, Some(2026));
    let years: Vec<(u16, &str)> = i.actuals.iter().map(|a| (a.fiscal_year, a.value.as_str())).collect();
    assert_eq!(years, vec![(2022, "４３０"), (2023, "３９５"), (2024, "３８０")]);
    let directions: Vec<Option<&str>> = ex
        .initiatives
        .iter()
        .map(|p| p.sections.iter().find(|s| s.label == "今後の方向性").map(|s| s.body.as_str()))
        .collect();
    assert_eq!(directions, vec![Some("継続"), Some("廃止")]);
}

#[test]
fn plan_chapter_with_goal_policy_measure_hierarchy() {
    let ex = read("plan_chapter_goal.txt");
    assert_eq!(ex.genre, Genre::PlanChapter);
    let m: Vec<(&str, Option<&str>, Option<&str>)> =
        ex.measures.iter().map(|m| (m.title.as_str(), m.code.as_deref(), m.parent.as_deref())).collect();
    assert_eq!(
        m,
        vec![
            ("自然と共生する安全なまち", Some("1"), None),
            ("環境にやさしい暮らしの実現", Some("1-1"), Some("1")),
            ("脱炭素社会への転換", Some("1-1-1"), Some("1-1")),
            ("ごみの減量と資源循環", Some("1-1-2"), Some("1-1")),
        ]
    );
    let actions: Vec<(&str, Option<&str>)> =
        ex.initiatives.iter().map(|i| (i.name.as_str(), i.measure.as_deref())).collect();
    assert_eq!(
        actions,
        vec![
            ("公共施設への太陽光発電設備の導入", Some("1-1-1")),
            ("住宅用蓄電池の購入費補助", Some("1-1-1")),
            ("エコドライブ講習会の開催", Some("1-1-1")),
            ("生ごみ堆肥化容器の普及", Some("1-1-2")),
            ("フードドライブの常設化", Some("1-1-2")),
        ]
    );
    let g = indicator(&ex, "市域の温室効果ガス排出量");
    assert_eq!((g.baseline_year, g.target_year), (Some(2021), Some(2030)), "years given with the values (R3, R12)");
    let i = indicator(&ex, "リサイクル率");
    assert_eq!(
        (i.baseline.as_deref(), i.target.as_deref(), i.measure.as_deref()),
        (Some("17.5%"), Some("22.0%"), Some("1-1-2"))
    );
    assert_eq!(ex.related_plans.len(), 3);
    // The city is named only in hiragana: no organization, a warning.
    assert_eq!(ex.organization, None);
    assert!(ex.warnings.iter().any(|w| w.message.contains("--org")));
}

#[test]
fn plan_chapter_with_markdown_headings() {
    let ex = read("plan_chapter_md.txt");
    assert_eq!(ex.genre, Genre::PlanChapter);
    assert_eq!(ex.title.as_deref(), Some("第２節　安心して子どもを産み育てられるまち"));
    let m: Vec<(&str, Option<&str>)> = ex.measures.iter().map(|m| (m.title.as_str(), m.code.as_deref())).collect();
    assert_eq!(
        m,
        vec![("安心して子どもを産み育てられるまち", Some("2")), ("妊娠・出産・子育ての切れ目ない支援", Some("2-4"))]
    );
    let measure = &ex.measures[1];
    assert!(measure.vision.as_deref().is_some_and(|v| v.contains("孤立しない")));
    assert!(measure.current_issues.as_deref().is_some_and(|v| v.contains("保育の需要")));
    assert_eq!(names(&ex), vec!["相談体制の充実", "保育の受け皿の確保"]);
    assert_eq!(ex.related_plans, vec!["架空市子ども・子育て支援事業計画"]);
    let i = indicator(&ex, "産後ケア事業の利用者数");
    assert_eq!(i.measure.as_deref(), Some("2-4"));
    assert_eq!((i.baseline.as_deref(), i.baseline_year), (Some("52人"), Some(2023)));
    assert_eq!((i.target.as_deref(), i.target_year), (Some("120人"), Some(2029)));
}

#[test]
fn department_policy_in_markdown_with_html_cells() {
    let ex = read("dept_policy_md.txt");
    assert_eq!(ex.genre, Genre::DepartmentPolicy);
    assert_eq!((ex.organization.as_deref(), ex.fiscal_year), (Some("架空市"), Some(2024)));
    assert_eq!(ex.departments, vec!["環境部", "建設部"]);
    assert!(ex.department_stances[0].text.starts_with("ごみの減量"));
    assert_eq!(
        names(&ex),
        vec![
            "剪定枝の資源化",
            "粗大ごみのネット予約",
            "公用車の電動化",
            "橋りょう点検の効率化",
            "道路占用申請の電子化"
        ]
    );
    let theme = |n: &str| ex.initiatives.iter().find(|i| i.name == n).and_then(|i| i.theme.as_deref());
    assert_eq!(theme("粗大ごみのネット予約"), Some("循環型社会の形成"));
    assert_eq!(theme("公用車の電動化"), Some("脱炭素の推進"));
    assert_eq!(theme("橋りょう点検の効率化"), Some("インフラの長寿命化"));
    assert_eq!(ex.initiatives[3].department.as_deref(), Some("建設部"));
    no_markup(&ex);
}

#[test]
fn organizational_goal_sheets_with_mission_policy_and_priorities() {
    let ex = read("dept_org_goals.txt");
    assert_eq!(ex.genre, Genre::DepartmentPolicy);
    assert_eq!((ex.organization.as_deref(), ex.fiscal_year), (Some("架空市"), Some(2025)));
    assert_eq!(ex.departments, vec!["市民生活部", "上下水道部"]);
    assert!(ex.department_stances.iter().any(|s| s.department == "上下水道部" && s.text.contains("管路の更新")));
    assert_eq!(
        names(&ex),
        vec![
            "書かない窓口の導入",
            "防犯カメラの増設",
            "自転車ヘルメットの着用促進",
            "基幹管路の耐震化",
            "下水道使用料の見直し"
        ]
    );
    let last = &ex.initiatives[4];
    assert_eq!(last.department.as_deref(), Some("上下水道部"));
    assert!(last.summary.as_deref().is_some_and(|s| s.contains("審議会")), "{last:?}");
}

#[test]
fn goal_review_with_an_achievement_column() {
    let ex = read("goal_review_tab.txt");
    assert_eq!(ex.genre, Genre::GoalReview);
    assert_eq!(ex.departments, vec!["子ども未来部"]);
    let annual: Vec<&str> = ex.initiatives.iter().filter(|i| i.kind == "annual").map(|i| i.name.as_str()).collect();
    assert_eq!(annual.len(), 3, "{:?}", ex.initiatives);
    let first = ex.initiatives.iter().find(|i| i.kind == "annual").expect("annual");
    assert_eq!(first.name, "放課後児童クラブの待機児童を解消する");
    assert!(first.result.as_deref().is_some_and(|r| r.contains("60人")));
    assert!(first.issues_next.as_deref().is_some_and(|r| r.contains("余裕教室")));
    let mid: Vec<&str> = ex.initiatives.iter().filter(|i| i.kind == "midterm").map(|i| i.name.as_str()).collect();
    assert_eq!(mid, vec!["こども家庭センターの機能充実", "保育士の確保"]);
    assert!(ex.warnings.iter().all(|w| !w.message.contains("no header")), "{:?}", ex.warnings);
    assert!(
        ex.warnings.iter().all(|w| !w.message.contains("not placed")),
        "the title is not content: {:?}",
        ex.warnings
    );
}

#[test]
fn goal_review_with_a_repeated_page_and_the_department_in_the_title() {
    let ex = read("goal_review_repeated.txt");
    assert_eq!(ex.genre, Genre::GoalReview);
    assert_eq!(ex.departments, vec!["危機管理部"]);
    let annual: Vec<&str> = ex.initiatives.iter().filter(|i| i.kind == "annual").map(|i| i.name.as_str()).collect();
    assert_eq!(annual, vec!["自主防災組織の結成率を80％に高める", "避難所運営訓練を全中学校区で行う"]);
    assert_eq!(ex.initiatives.iter().filter(|i| i.kind == "midterm").count(), 1);
    assert!(
        ex.warnings.iter().any(|w| w.line == 15 && w.message.contains("printed twice")),
        "the dropped copy is reported: {:?}",
        ex.warnings
    );
    assert_eq!(ex.organization, None);
}

#[test]
fn goal_review_with_bracket_headings_and_full_width_numbers() {
    let ex = read("goal_review_plain.txt");
    assert_eq!(ex.genre, Genre::GoalReview);
    assert_eq!((ex.departments.as_slice(), ex.fiscal_year), (&["福祉保健部".to_string()][..], Some(2026)));
    assert!(ex.department_stances[0].text.ends_with("連携を深める。"), "a wrapped line is joined");
    let annual: Vec<_> = ex.initiatives.iter().filter(|i| i.kind == "annual").collect();
    assert_eq!(annual.len(), 2);
    assert_eq!(annual[1].name, "地域包括支援センターを１か所増やす");
    assert_eq!(annual[1].sections.first().map(|s| (s.label.as_str(), s.body.as_str())), Some(("達成度", "Ａ")));
    let mid = ex.initiatives.iter().find(|i| i.kind == "midterm").expect("midterm");
    assert_eq!(mid.milestones.len(), 3);
}

#[test]
fn department_policy_in_plain_lines_with_bracketed_theme_numbers() {
    let ex = read("dept_policy_plain.txt");
    assert_eq!(ex.genre, Genre::DepartmentPolicy);
    assert_eq!((ex.organization.as_deref(), ex.fiscal_year), (Some("架空市"), Some(2026)));
    assert_eq!(ex.departments, vec!["教育委員会事務局", "消防本部"]);
    assert_eq!(ex.themes, vec!["業務の効率化", "財源の確保"]);
    assert!(ex.department_stances[0].text.contains("教育環境を整える。"), "{:?}", ex.department_stances);
    let got: Vec<(&str, Option<&str>, Option<&str>)> =
        ex.initiatives.iter().map(|i| (i.name.as_str(), i.department.as_deref(), i.theme.as_deref())).collect();
    assert_eq!(
        got,
        vec![
            ("校務支援システムの統一", Some("教育委員会事務局"), Some("業務の効率化")),
            ("学校施設の開放利用料の見直し", Some("教育委員会事務局"), Some("財源の確保")),
            ("救急搬送記録の電子化", Some("消防本部"), Some("業務の効率化")),
        ]
    );
    assert!(ex.initiatives[0].summary.as_deref().is_some_and(|s| s.ends_with("手間を減らす。")));
}

#[test]
fn goal_review_written_as_labelled_lines() {
    let ex = read("goal_review_labelled.txt");
    assert_eq!(ex.genre, Genre::GoalReview);
    assert_eq!(ex.departments, vec!["都市整備部"]);
    assert_eq!(ex.department_stances[0].text, "歩いて楽しい中心市街地をつくる\n安全な道路と公園を次の世代に残す");
    let annual: Vec<_> = ex.initiatives.iter().filter(|i| i.kind == "annual").collect();
    assert_eq!(annual.len(), 2);
    assert_eq!(annual[0].name, "駅前広場の再整備に着手する");
    assert_eq!(annual[0].result.as_deref(), Some("基本設計を終え、工事の入札を行った。"));
    assert_eq!(annual[0].issues_next.as_deref(), Some("工事中の歩行者動線を地元商店会と調整する。"));
    assert_eq!(annual[1].sections[0].body, "達成");
    let mid = ex.initiatives.iter().find(|i| i.kind == "midterm").expect("midterm");
    assert_eq!((mid.name.as_str(), mid.milestones.len()), ("立地適正化計画の見直し", 2));
}

#[test]
fn department_policy_with_labelled_lines_and_a_person_row() {
    let ex = read("dept_labelled.txt");
    assert_eq!(ex.genre, Genre::DepartmentPolicy);
    assert_eq!(ex.departments, vec!["市民協働部"]);
    assert!(ex.department_stances[0].text.starts_with("市民が地域の担い手"));
    assert_eq!(names(&ex), vec!["自治会加入の促進", "ＮＰＯ活動の支援"]);
    let i = &ex.initiatives[1];
    assert_eq!(i.summary.as_deref(), Some("活動資金の助成制度を見直し、若い団体も応募しやすくする。"));
    assert_eq!((i.sections[0].label.as_str(), i.sections[0].body.as_str()), ("担当課", "市民協働課"));
    // The person responsible is not policy text (the preview lists it as not placed); a
    // themeless layout gets one note.
    let drafts = hoshin_importer::Extraction { unplaced: Vec::new(), ..ex.clone() };
    assert!(ex.unplaced.iter().any(|u| u.message.contains("架空 一郎")), "{:?}", ex.unplaced);
    let json = serde_json::to_string(&drafts).expect("json");
    assert!(!json.contains("架空 一郎") && !json.contains("部長名"), "{json}");
    assert_eq!(ex.warnings.iter().filter(|w| w.message.contains("theme")).count(), 1, "{:?}", ex.warnings);
}

#[test]
fn goal_review_with_a_header_over_two_rows_and_br_in_cells() {
    let ex = read("goal_review_two_row_header.txt");
    assert_eq!(ex.genre, Genre::GoalReview);
    assert_eq!(ex.departments, vec!["環境部"]);
    assert_eq!(names(&ex), vec!["家庭ごみを3％減らす", "街路樹の点検を全路線で行う"]);
    let first = &ex.initiatives[0];
    assert_eq!(first.summary.as_deref(), Some("（令和6年度比）"));
    assert_eq!(first.result.as_deref(), Some("分別アプリを公開し、2.1％減った。"));
    assert_eq!(ex.initiatives[1].issues_next.as_deref(), Some("点検記録を電子化する。"));
    assert!(ex.warnings.iter().all(|w| !w.message.contains("column")), "{:?}", ex.warnings);
}

#[test]
fn department_headings_in_brackets_and_after_marks() {
    let ex = read("dept_bracketed.txt");
    assert_eq!(ex.genre, Genre::DepartmentPolicy);
    assert_eq!(ex.departments, vec!["環境部", "都市計画部"]);
    let got: Vec<(&str, Option<&str>)> =
        ex.initiatives.iter().map(|i| (i.name.as_str(), i.department.as_deref())).collect();
    assert_eq!(got, vec![("古紙回収の拡大", Some("環境部")), ("立地適正化計画の改定", Some("都市計画部"))]);
    // Without any department heading nothing is guessed, and the warning says why.
    let text = "令和８年度　部局運営方針\n\n基本的考え方\nごみを減らす。\n重点項目\t取組名\t取組の概要\n循環\t古紙回収\t回収を増やす。\n";
    let ex = extract("x.txt", text.as_bytes()).expect("extracts");
    assert!(ex.initiatives.is_empty());
    assert!(ex.warnings.iter().any(|w| w.message.starts_with("no department heading")), "{:?}", ex.warnings);
}

/// Every unseen fixture, damaged (lines dropped, repeated, cut and swapped) and read as its own
/// genre and as every other genre, never panics.
#[test]
fn unseen_fixtures_survive_damage_in_every_genre() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/unseen");
    let genres =
        [Genre::DepartmentPolicy, Genre::GoalReview, Genre::PlanChapter, Genre::MeasureSheet, Genre::EvaluationSheet];
    for entry in std::fs::read_dir(dir).expect("fixtures") {
        let text = std::fs::read_to_string(entry.expect("entry").path()).expect("text");
        for g in genres {
            common::survives_damage(&text, g, 8);
        }
    }
}

#[test]
fn evaluation_results_listed_one_program_per_row() {
    let ex = read("eval_list_table.txt");
    assert_eq!(ex.genre, Genre::EvaluationSheet);
    assert_eq!((ex.organization.as_deref(), ex.fiscal_year), (Some("架空市"), Some(2023)));
    assert_eq!(names(&ex), vec!["街路灯LED化事業", "古文書デジタル化事業", "空き家バンク運営事業"]);
    assert_eq!(ex.departments, vec!["道路課", "文化課", "住宅政策課"]);
    let last = &ex.initiatives[2];
    let sections: Vec<(&str, &str)> = last.sections.iter().map(|s| (s.label.as_str(), s.body.as_str())).collect();
    assert_eq!(sections, vec![("評価", "C"), ("今後の方向性", "拡充")]);
    let i = indicator(&ex, "成約件数");
    assert_eq!(
        (i.initiative.as_deref(), i.unit.as_deref(), i.baseline.as_deref(), i.target.as_deref()),
        (Some("空き家バンク運営事業"), Some("件"), Some("4"), Some("12"))
    );
}

#[test]
fn plan_chapter_with_policies_action_tables_and_kpi_tables() {
    let ex = read("plan_chapter_policy.txt");
    assert_eq!(ex.genre, Genre::PlanChapter);
    let m: Vec<(&str, Option<&str>, Option<&str>)> =
        ex.measures.iter().map(|m| (m.title.as_str(), m.code.as_deref(), m.kind.as_deref())).collect();
    assert_eq!(
        m,
        vec![
            ("誰もが健康に暮らせるまち", Some("2"), Some("政策")),
            ("健康づくりの推進", Some("2-1"), Some("施策")),
            ("地域医療の充実", Some("2-2"), Some("施策")),
        ]
    );
    let got: Vec<(&str, Option<&str>, Option<&str>)> =
        ex.initiatives.iter().map(|i| (i.name.as_str(), i.department.as_deref(), i.measure.as_deref())).collect();
    assert_eq!(
        got,
        vec![
            ("健診受診の勧奨", Some("健康推進課"), Some("2-1")),
            ("ウォーキングイベントの開催", Some("スポーツ振興課"), Some("2-1")),
            ("休日急病診療所の運営", Some("地域医療課"), Some("2-2")),
        ]
    );
    let i = indicator(&ex, "かかりつけ医を持つ市民の割合");
    assert_eq!((i.measure.as_deref(), i.baseline_year, i.target_year), (Some("2-2"), Some(2023), Some(2029)));
}

/// A form laid out in columns as a person types it (wide characters counted twice), with a
/// 政策 → 施策 → 基本事業 path, 区分 and 指標名 columns, a cost table in 千円 and a row of
/// judgements: none of its headings is one the importer was shown.
#[test]
fn evaluation_sheet_typed_in_columns_with_costs_and_judgements() {
    let ex = read("eval_form_columns.txt");
    assert_eq!(ex.genre, Genre::EvaluationSheet);
    assert_eq!((ex.organization.as_deref(), ex.fiscal_year), (Some("花咲市"), Some(2024)));
    let p = &ex.initiatives[0];
    assert_eq!(p.name, "子育て支援センター運営事業");
    assert_eq!(p.code.as_deref(), Some("0123"));
    assert_eq!(p.department.as_deref(), Some("こども未来局 子育て支援部 子育て支援課"));
    let path: Vec<(&str, Option<&str>)> = p.plan_path.iter().map(|s| (s.level.as_str(), s.code.as_deref())).collect();
    assert_eq!(path, [("政策", Some("2")), ("施策", Some("2-1")), ("基本事業", Some("2-1-3"))]);
    assert_eq!(p.period_start, Some(2008));
    assert_eq!(p.direction.as_deref(), Some("improve"));
    let judged: Vec<(&str, &str)> = p.judgements.iter().map(|j| (j.axis.as_str(), j.value.as_str())).collect();
    assert_eq!(judged, [("必要性", "A"), ("有効性", "B"), ("効率性", "B")]);
    let i = indicator(&ex, "相談件数");
    assert_eq!((i.kind.as_deref(), i.unit.as_deref()), (Some("activity"), Some("件")));
    assert_eq!(
        (i.baseline.as_deref(), i.baseline_year, i.target.as_deref(), i.target_year),
        (Some("1,350"), Some(2023), Some("1,450"), Some(2025))
    );
    assert_eq!(indicator(&ex, "不安が軽減した保護者の割合").kind.as_deref(), Some("outcome"));
    assert_eq!(ex.indicators.len(), 2);
    let cost =
        |item: &str, year: u16| p.costs.iter().find(|c| c.item == item && c.fiscal_year == year).and_then(|c| c.amount);
    assert_eq!(
        (cost("total", 2022), cost("general_fund", 2024), cost("total_cost", 2023)),
        (Some(30_000_000), Some(16_000_000), Some(39_100_000))
    );
    assert_eq!(p.costs.len(), 12, "{:?}", p.costs);
}
