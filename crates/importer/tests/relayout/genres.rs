//! Each genre's document rendered from a gold, with the genre's own headings and labels, in two
//! forms: `tables` (fields and tables, for the tab, Markdown, HTML and form layouts) and
//! `records` (label：value lines). Only the gold's content and a few invented sentences
//! (summary endings, results, purposes) go in; nothing is copied from the seed documents.

use crate::doc::{Block, Cell, Document, Grid};
use crate::gold::{wareki, Gold, Initiative, Sheet};

/// Invented endings that complete a gold's `summary_start` into a summary.
const ENDINGS: [&str; 3] = [
    "ついて、関係機関と協議しながら計画的に進める。今年度中に実施の手順を取りまとめる。",
    "向けて、必要な調整を行う。進捗は四半期ごとに確認する。",
    "ことを目指し、関係課と連携して取り組む。",
];

/// The summary: the gold's start and an invented ending.
pub fn summary(i: &Initiative, k: usize) -> String {
    let start = i.summary_start.as_deref().unwrap_or("").trim();
    if start.ends_with('。') {
        format!("{start}引き続き、関係課と連携して取り組む。")
    } else {
        format!("{start}{}", ENDINGS[k % ENDINGS.len()])
    }
}

pub fn title(g: &Gold) -> String {
    let year = g.fiscal_year.map(wareki);
    match g.genre.as_str() {
        "department_policy" => format!("{} {} 部局運営方針", year.unwrap_or_default(), g.org()),
        "plan_chapter" => match year {
            Some(y) => format!("{}総合計画 基本計画（{y}）", g.org()),
            None => format!("{}総合計画 基本計画", g.org()),
        },
        "measure_sheet" => format!("{} 施策内容（案）", g.org()),
        "goal_review" => format!("{} {} 部局の目標と振り返り", year.unwrap_or_default(), g.org()),
        _ => format!("{}総合計画 事務事業評価シート（{}実施事業）", g.org(), year.unwrap_or_default()),
    }
    .trim()
    .to_string()
}

pub fn tables(g: &Gold) -> Document {
    let blocks = match g.genre.as_str() {
        "department_policy" => department_policy(g, false),
        "plan_chapter" => plan_chapter(g, false),
        "measure_sheet" => measure_sheet(g, false),
        "goal_review" => goal_review(g, false),
        _ => evaluation_sheets(g, false),
    };
    Document { title: title(g), blocks }
}

pub fn records(g: &Gold) -> Document {
    let blocks = match g.genre.as_str() {
        "department_policy" => department_policy(g, true),
        "plan_chapter" => plan_chapter(g, true),
        "measure_sheet" => measure_sheet(g, true),
        "goal_review" => goal_review(g, true),
        _ => evaluation_sheets(g, true),
    };
    Document { title: title(g), blocks }
}

fn field(label: &str, value: impl Into<String>) -> Block {
    Block::Field(label.to_string(), value.into())
}

/// Consecutive runs of items with the same key: (key, items).
fn runs<T, K: PartialEq + Clone>(items: &[T], key: impl Fn(&T) -> K) -> Vec<(K, Vec<&T>)> {
    let mut out: Vec<(K, Vec<&T>)> = Vec::new();
    for it in items {
        let k = key(it);
        match out.last_mut() {
            Some((last, v)) if *last == k => v.push(it),
            _ => out.push((k, vec![it])),
        }
    }
    out
}

/// 部局運営方針: per department its name, its stance (部局運営に関する基本的考え方) and its
/// initiatives by 重点項目 (the theme cell spans its initiatives' rows).
fn department_policy(g: &Gold, records: bool) -> Vec<Block> {
    let mut b = vec![Block::Title(title(g))];
    let mut k = 0;
    for dept in g.departments_in_order() {
        b.push(field("部局名", dept.clone()));
        if let Some(s) = g.stance(&dept) {
            b.push(field("部局運営に関する基本的考え方", s));
        }
        let inis: Vec<Initiative> =
            g.initiatives.iter().filter(|i| i.department.as_deref() == Some(dept.as_str())).cloned().collect();
        if records {
            b.push(Block::Break);
            for (theme, items) in runs(&inis, |i| i.theme.clone()) {
                b.push(field("重点項目", theme.unwrap_or_default()));
                for i in items {
                    b.push(field("取組名", i.name.clone()));
                    b.push(field("取組内容", summary(i, k)));
                    b.push(Block::Break);
                    k += 1;
                }
            }
        } else if !inis.is_empty() {
            let mut t = Grid::with_header(&["重点項目", "取組名", "取組の概要"]);
            for (theme, items) in runs(&inis, |i| i.theme.clone()) {
                for (n, i) in items.iter().enumerate() {
                    let mut row = Vec::new();
                    if n == 0 {
                        row.push(Cell::td(theme.clone().unwrap_or_default()).rows(items.len()));
                    }
                    row.push(Cell::td(i.name.clone()));
                    row.push(Cell::td(summary(i, k)));
                    k += 1;
                    t.row(row);
                }
            }
            b.push(Block::Table(t));
        }
    }
    b
}

/// 総合計画 chapter: its 指標 (現状値 with its note, 目標値), 関連計画, the chapter's themes,
/// then per 施策 (code and title) its 目指す姿 and its sub-施策 with their 主な取組.
fn plan_chapter(g: &Gold, records: bool) -> Vec<Block> {
    let mut b = vec![Block::Title(title(g))];
    if !g.indicators.is_empty() {
        b.push(Block::Heading("【指標】".into()));
        let mut t = Grid::with_header(&["指標", "現状値", "目標値"]);
        for i in &g.indicators {
            let base = match (&i.baseline, &i.baseline_note) {
                (Some(v), Some(n)) => format!("{v}（{n}）"),
                (Some(v), None) => v.clone(),
                (None, _) => "－".into(),
            };
            let target = i.target.clone().unwrap_or_else(|| "－".into());
            if records {
                b.extend([field("指標", i.name.clone()), field("現状値", base), field("目標値", target), Block::Break]);
            } else {
                t.row(vec![Cell::td(i.name.clone()), Cell::td(base), Cell::td(target)]);
            }
        }
        if !records {
            b.push(Block::Table(t));
        }
    }
    if !g.related_plans.is_empty() {
        b.push(Block::Heading("【関連計画等（主要なもの）】".into()));
        let mut t = Grid::with_header(&["計画等の名称", "内容"]);
        for p in &g.related_plans {
            let what = "本章の施策と連携して推進する計画です。";
            if records {
                b.extend([field("計画等の名称", p.clone()), field("内容", what), Block::Break]);
            } else {
                t.row(vec![Cell::td(p.clone()), Cell::td(what)]);
            }
        }
        if !records {
            b.push(Block::Table(t));
        }
    }
    if !g.themes.is_empty() {
        b.push(Block::Heading(format!("【{}の取組】", g.themes.join("と"))));
        let mut t = Grid::with_header(&["テーマ", "具体的な取組（例）"]);
        for th in &g.themes {
            let what = format!("{th}の視点から、各施策の取組を分野横断的に進めます。");
            if records {
                b.extend([field("テーマ", th.clone()), field("具体的な取組（例）", what), Block::Break]);
            } else {
                t.row(vec![Cell::td(th.clone()), Cell::td(what)]);
            }
        }
        if !records {
            b.push(Block::Table(t));
        }
    }
    // 施策 (a code without a hyphen) and the sub-施策 under it.
    let tops: Vec<_> = g.measures.iter().filter(|m| m.code.as_deref().is_some_and(|c| !c.contains('-'))).collect();
    let mut k = 0;
    let mut placed = vec![false; g.initiatives.len()];
    for top in tops {
        let code = top.code.clone().unwrap_or_default();
        b.push(Block::Heading(format!("{code} {}", top.title)));
        if let Some(v) = &top.vision {
            b.push(field("目指す姿", v.clone()));
        }
        let prefix = format!("{code}-");
        let inis: Vec<(usize, &Initiative)> = g
            .initiatives
            .iter()
            .enumerate()
            .filter(|(_, i)| i.measure.as_deref().is_some_and(|m| m.starts_with(&prefix) || m == code))
            .collect();
        for (n, _) in &inis {
            placed[*n] = true;
        }
        b.extend(plan_initiatives(g, &inis, records, &mut k));
    }
    let rest: Vec<(usize, &Initiative)> = g.initiatives.iter().enumerate().filter(|(n, _)| !placed[*n]).collect();
    if !rest.is_empty() {
        b.extend(plan_initiatives(g, &rest, records, &mut k));
    }
    b
}

fn plan_initiatives(g: &Gold, inis: &[(usize, &Initiative)], records: bool, k: &mut usize) -> Vec<Block> {
    let mut b = Vec::new();
    let mut t = Grid::with_header(&["施策", "主な取組", "内容"]);
    for (measure, items) in runs(inis, |(_, i)| i.measure.clone()) {
        let cited = measure.as_deref().map(|m| g.cite(m)).unwrap_or_default();
        if records {
            b.push(field("施策", cited.clone()));
        }
        for (n, (_, i)) in items.iter().enumerate() {
            if records {
                b.extend([field("主な取組", i.name.clone()), field("内容", summary(i, *k)), Block::Break]);
            } else {
                let mut row = Vec::new();
                if n == 0 {
                    row.push(Cell::td(cited.clone()).rows(items.len()));
                }
                row.extend([Cell::td(i.name.clone()), Cell::td(summary(i, *k))]);
                t.row(row);
            }
            *k += 1;
        }
    }
    if !records && t.rows.len() > 1 {
        b.push(Block::Table(t));
    }
    b
}

/// 施策シート: per 施策 its 方針 (theme), code and title, 目指す姿, 関連する個別計画 and the
/// table of 施策実現のための取組み with 行革の視点.
fn measure_sheet(g: &Gold, records: bool) -> Vec<Block> {
    let mut b = vec![Block::Title(title(g))];
    let with_inis: Vec<_> = g
        .measures
        .iter()
        .filter(|m| g.initiatives.iter().any(|i| i.measure == m.code || i.measure.as_ref() == Some(&m.title)))
        .collect();
    let n = with_inis.len().max(1);
    let mut k = 0;
    for (mi, m) in with_inis.iter().enumerate() {
        let key = m.code.clone().unwrap_or_else(|| m.title.clone());
        let inis: Vec<&Initiative> =
            g.initiatives.iter().filter(|i| i.measure.as_deref() == Some(key.as_str())).collect();
        let theme = inis.iter().find_map(|i| i.theme.clone()).unwrap_or_default();
        // The related plans, spread over the sheets in order.
        let plans: Vec<&String> = g
            .related_plans
            .iter()
            .enumerate()
            .filter(|(p, _)| p * n / g.related_plans.len() == mi)
            .map(|(_, p)| p)
            .collect();
        if mi > 0 {
            b.push(Block::Break);
        }
        b.push(field("方針", theme));
        b.push(field("施策", g.cite(&key)));
        if let Some(v) = &m.vision {
            b.push(field("目指す姿", v.clone()));
        }
        if !plans.is_empty() {
            b.push(field("関連する個別計画", plans.iter().map(|p| p.as_str()).collect::<Vec<_>>().join("\n")));
        }
        b.push(Block::Heading("施策実現のための取組み".into()));
        let mut t = Grid::with_header(&["取組み名", "内容", "行革の視点", "行革の視点からの取組み内容"]);
        for i in inis {
            let persp = i.perspective.clone().unwrap_or_default();
            let reform = i.reform.clone().unwrap_or_default();
            if records {
                b.extend([field("取組み名", i.name.clone()), field("内容", summary(i, k))]);
                if !persp.is_empty() {
                    b.push(field("行革の視点", persp));
                }
                if !reform.is_empty() {
                    b.push(field("行革の視点からの取組み内容", reform));
                }
                b.push(Block::Break);
            } else {
                t.row(vec![Cell::td(i.name.clone()), Cell::td(summary(i, k)), Cell::td(persp), Cell::td(reform)]);
            }
            k += 1;
        }
        if !records {
            b.push(Block::Table(t));
        }
    }
    b
}

/// 総合計画 / 基本政策 references of a goal, one a line; 「－」 when none.
fn refs(g: &Gold, codes: &[String], cite: bool) -> String {
    if codes.is_empty() {
        return "－".into();
    }
    codes.iter().map(|c| if cite { g.cite(c) } else { c.clone() }).collect::<Vec<_>>().join("\n")
}

/// 部局の目標と振り返り: the department, its 使命, the year's goals (with 実績, 課題・今後の方向性
/// and their 総合計画 / 基本政策 references) and the mid-term goals.
fn goal_review(g: &Gold, records: bool) -> Vec<Block> {
    let mut b = vec![Block::Title(title(g))];
    for dept in g.departments_in_order() {
        b.push(field(if records { "部局名" } else { "部局" }, dept.clone()));
        if let Some(s) = g.stance(&dept) {
            b.push(Block::Heading("1. 部局の使命".into()));
            b.push(Block::Para(s.to_string()));
        }
        let mine: Vec<&Initiative> =
            g.initiatives.iter().filter(|i| i.department.as_deref() == Some(dept.as_str())).collect();
        let annual: Vec<&Initiative> = mine.iter().copied().filter(|i| i.kind.as_deref() != Some("midterm")).collect();
        let midterm: Vec<&Initiative> = mine.iter().copied().filter(|i| i.kind.as_deref() == Some("midterm")).collect();
        let mut k = 0;
        if !annual.is_empty() {
            b.push(Block::Heading("2. 当年度目標と振り返り".into()));
            let mut t = Grid::default();
            t.row(vec![
                Cell::th("No").rows(2),
                Cell::th("当年度目標(当初設定)"),
                Cell::th("実績").cols(2),
                Cell::th("総合計画").rows(2),
                Cell::th("基本政策").rows(2),
            ]);
            t.row(vec![
                Cell::th("取組み事項及びその内容・スケジュール"),
                Cell::th("取組みを行った内容・成果"),
                Cell::th("課題・今後の方向性"),
            ]);
            for (n, i) in annual.iter().enumerate() {
                let goal = format!("(1) {}", summary(i, k));
                let result = "年度当初の計画に沿って取組を進め、予定した工程を概ね実施した。";
                let issue = "成果を検証し、次年度の取組に反映する。";
                let (plan, policy) = (refs(g, &i.measure_refs, true), refs(g, &i.basic_policy_refs, false));
                if records {
                    b.extend([
                        field(&format!("目標{}", n + 1), i.name.clone()),
                        field("取組み内容・スケジュール", goal),
                        field("実績", result),
                        field("課題・今後の方向性", issue),
                        field("総合計画", plan),
                        field("基本政策", policy),
                        Block::Break,
                    ]);
                } else {
                    t.row(vec![
                        Cell::td((n + 1).to_string()),
                        Cell::td(format!("{}\n{goal}", i.name)),
                        Cell::td(result),
                        Cell::td(issue),
                        Cell::td(plan),
                        Cell::td(policy),
                    ]);
                }
                k += 1;
            }
            if !records {
                b.push(Block::Table(t));
            }
        }
        if !midterm.is_empty() {
            b.push(Block::Heading("3. 中期目標(概ね今後4年間)".into()));
            let mut t = Grid::with_header(&[
                "No",
                "取組み事項及び取組みにあたっての課題・めざす成果など",
                "スケジュール(工程)",
                "総合計画",
                "基本政策",
            ]);
            for (n, i) in midterm.iter().enumerate() {
                let goal = format!("(1) {}", summary(i, k));
                let schedule = "①1年目 現状の把握と課題の整理\n②2年目以降 取組の実施と検証";
                let (plan, policy) = (refs(g, &i.measure_refs, true), refs(g, &i.basic_policy_refs, false));
                if records {
                    b.extend([
                        field(&format!("中期目標{}", n + 1), i.name.clone()),
                        field("課題・めざす成果など", goal),
                        field("スケジュール(工程)", schedule),
                        field("総合計画", plan),
                        field("基本政策", policy),
                        Block::Break,
                    ]);
                } else {
                    t.row(vec![
                        Cell::td((n + 1).to_string()),
                        Cell::td(format!("{}\n{goal}", i.name)),
                        Cell::td(schedule),
                        Cell::td(plan),
                        Cell::td(policy),
                    ]);
                }
                k += 1;
            }
            if !records {
                b.push(Block::Table(t));
            }
        }
    }
    b
}

/// 事務事業評価シート: one sheet per program (整理番号, 事業名, 所属名, 施策, 目的, 事業内容, the
/// 成果指標 with 単位 / 現状値 / 目標値, 事業費 in 千円, 今後の方向性).
fn evaluation_sheets(g: &Gold, records: bool) -> Vec<Block> {
    let mut b = vec![Block::Title(title(g))];
    let year = g.fiscal_year.unwrap_or(2024);
    for (k, sheet) in g.sheets().iter().enumerate() {
        if k > 0 {
            b.push(Block::Sheet);
        }
        b.extend(evaluation_sheet(sheet, k, year, records));
    }
    b
}

fn evaluation_sheet(s: &Sheet, k: usize, year: u16, records: bool) -> Vec<Block> {
    let i = &s.initiative;
    let mut b = vec![field("整理番号", (k + 1).to_string()), field("事業名", i.name.clone())];
    if let Some(d) = &i.department {
        b.push(field("所属名", d.clone()));
    }
    if let Some(m) = &i.measure {
        b.push(field("施策", m.clone()));
    }
    b.push(field("目的", "市民サービスの向上を図るため、対象者のニーズを踏まえて事業を実施する。"));
    b.push(field("事業内容", "年間計画に沿って事業を実施し、実施状況を関係機関と共有する。"));
    let (before, now) = (wareki(year - 1), wareki(year));
    let cost = (5_000 + 350 * k, 5_200 + 410 * k);
    let money = |n: usize| format!("{},{:03}", n / 1000, n % 1000);
    if records {
        for ind in &s.indicators {
            b.push(field("成果指標", ind.name.clone()));
            if let Some(u) = &ind.unit {
                b.push(field("単位", u.clone()));
            }
            if let Some(v) = &ind.baseline {
                b.push(field("現状値", v.clone()));
            }
            if let Some(v) = &ind.target {
                b.push(field("目標値", v.clone()));
            }
        }
        b.push(field("事業費（千円）", format!("{before}決算 {}　{now}決算 {}", money(cost.0), money(cost.1))));
        b.push(field("今後の方向性", "継続"));
        return b;
    }
    if !s.indicators.is_empty() {
        let mut t = Grid::default();
        t.row(vec![
            Cell::th("区分").rows(2),
            Cell::th("指標名").rows(2),
            Cell::th("単位").rows(2),
            Cell::th("数値").cols(2),
        ]);
        t.row(vec![Cell::th("現状値"), Cell::th("目標値")]);
        for (n, ind) in s.indicators.iter().enumerate() {
            let mut row = Vec::new();
            if n == 0 {
                row.push(Cell::td("成果指標").rows(s.indicators.len()));
            }
            row.extend([
                Cell::td(ind.name.clone()),
                Cell::td(ind.unit.clone().unwrap_or_default()),
                Cell::td(ind.baseline.clone().unwrap_or_else(|| "－".into())),
                Cell::td(ind.target.clone().unwrap_or_else(|| "－".into())),
            ]);
            t.row(row);
        }
        b.push(Block::Table(t));
    }
    let mut c = Grid::with_header(&["区分", &format!("{before}決算"), &format!("{now}決算")]);
    c.row(vec![Cell::td("事業費（千円）"), Cell::td(money(cost.0)), Cell::td(money(cost.1))]);
    b.push(Block::Table(c));
    b.push(field("今後の方向性", "継続"));
    b
}
