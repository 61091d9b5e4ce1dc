//! What every genre shares: the organization (市名) and fiscal year read from the text, and
//! the title. Interpreters may set these themselves; [`fill_common`] fills what they left,
//! warning when the document does not say.

use crate::draft::Extraction;
use crate::raw::{DropReason, Line, RawDoc};
use crate::text::vocab_key;
use hoshin_domain::FiscalYear;
use std::collections::HashMap;

/// How many leading logical lines count as the title area.
const TITLE_LINES: usize = 3;
/// Weight of a mention in the title area; a name needs [`MIN_WEIGHT`] to be believed, so one
/// passing mention of another city (「山形市との交流」) is not taken for the author.
const TITLE_WEIGHT: usize = 5;
const MIN_WEIGHT: usize = 2;

/// Words before 市 that do not make a name: 本市, 他市, 各市, 近隣市, 都市, 中核市 ….
const NOT_NAMES: [&str; 15] =
    ["本", "同", "他", "各", "全", "当", "隣", "近", "核", "令", "例", "等", "都", "両", "旧"];

fn is_kanji(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || c == '々' || c == 'ヶ' || c == 'ケ'
}

/// Municipality names ending in `suffix` in one line: the kanji run before it (after a
/// 「第N次」 ordinal or a prefecture), one to four characters.
fn names_in(t: &str, suffix: char) -> Vec<String> {
    let chars: Vec<char> = t.chars().collect();
    let mut out = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        if c != suffix || i == 0 || matches!(chars.get(i + 1), Some('町' | '村' | '区' | '場' | '街')) {
            continue;
        }
        let mut start = i;
        while start > 0 && is_kanji(chars[start - 1]) {
            start -= 1;
        }
        let mut run: Vec<char> = chars[start..i].to_vec();
        if let Some(p) = run.iter().rposition(|c| matches!(c, '次' | '県' | '府' | '道')) {
            run = run[p + 1..].to_vec();
        }
        if run.is_empty() || run.len() > 4 || run[0] == '第' {
            continue;
        }
        let name: String = run.iter().collect();
        if NOT_NAMES.iter().any(|w| name.ends_with(w)) && name != "京都" {
            continue;
        }
        out.push(format!("{name}{suffix}"));
    }
    out
}

/// The municipality the document is about: the 〇〇市 (else 町, 村) named most, mentions in
/// the title area weighing more. `None` when no name is mentioned enough.
pub fn organization(lines: &[Line]) -> Option<(String, usize)> {
    for suffix in ['市', '町', '村'] {
        let mut counts: HashMap<String, (usize, usize)> = HashMap::new();
        for (k, l) in lines.iter().enumerate() {
            let names = names_in(&l.text, suffix);
            // A line that is only the name is the issuer's (a cover or footer line).
            let issuer = names.len() == 1 && vocab_key(&l.text) == names[0];
            let weight = if k < TITLE_LINES || issuer { TITLE_WEIGHT } else { 1 };
            for name in names {
                let e = counts.entry(name).or_insert((0, l.no));
                e.0 += weight;
            }
        }
        let best = counts
            .into_iter()
            .filter(|(_, (w, _))| *w >= MIN_WEIGHT)
            .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1)));
        if let Some((name, (_, line))) = best {
            return Some((name, line));
        }
    }
    None
}

/// Every 和暦 or 西暦 fiscal year written in the text (「令和5年度」「2023年度」), with its line.
pub fn years_in(text: &str) -> Vec<FiscalYear> {
    let chars: Vec<char> = hoshin_domain::text::nfkc(text).chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let era = ["令和", "平成"].iter().find(|e| chars[i..].starts_with(&e.chars().collect::<Vec<_>>()));
        let start = i;
        let mut j = i + era.map_or(0, |_| 2);
        while j < chars.len() && chars[j] == ' ' {
            j += 1;
        }
        let digits_start = j;
        while j < chars.len() && (chars[j].is_ascii_digit() || chars[j] == '元') {
            j += 1;
        }
        let n = j - digits_start;
        let ok_len = if era.is_some() {
            (1..=2).contains(&n)
        } else {
            n == 4 && (start == 0 || !chars[start - 1].is_ascii_digit())
        };
        if ok_len && j < chars.len() && chars[j] == '年' {
            let s: String = chars[start..=j].iter().collect();
            if let Ok(fy) = FiscalYear::parse(&s) {
                if (1989..=2100).contains(&fy.year()) {
                    out.push(fy);
                }
            }
            i = j + 1;
            continue;
        }
        i = if era.is_some() { i + 2 } else { i + 1 };
    }
    out
}

/// The fiscal year stated in the title area (first lines), if any.
pub fn title_year(lines: &[Line]) -> Option<(FiscalYear, usize)> {
    lines.iter().take(TITLE_LINES).find_map(|l| years_in(&l.text).first().map(|fy| (*fy, l.no)))
}

/// The one municipality the text names at all, however rarely, and never as a partner
/// (「山形市との交流」「A市や B市」): a guess the caller warns about. Its own offices and area
/// (「京都市内」「京都市産業技術研究所」) are how a city names itself in passing.
fn only_mention(lines: &[Line]) -> Option<String> {
    ['市', '町', '村'].iter().find_map(|&s| {
        let mut names: Vec<String> = Vec::new();
        for l in lines {
            for name in names_in(&l.text, s) {
                let partner = l.text.match_indices(name.as_str()).any(|(i, _)| {
                    let after = &l.text[i + name.len()..];
                    ["と", "や", "及び", "および", "、", "・"].iter().any(|w| after.starts_with(w))
                });
                if partner {
                    return None;
                }
                names.push(name);
            }
        }
        names.sort();
        names.dedup();
        (names.len() == 1).then(|| names.remove(0))
    })
}

/// A municipality named in the file name (「花見川市_部局運営方針.txt」), the last resort when
/// the text names none.
pub fn organization_in_file_name(file_name: &str) -> Option<String> {
    let stem = std::path::Path::new(file_name).file_stem()?.to_string_lossy().to_string();
    ['市', '町', '村'].iter().find_map(|&s| names_in(&stem, s).into_iter().next())
}

/// A goal review looks forward from its year, never back: without a year in the title, its
/// year is the earliest one its annual goals and results mention.
fn year_of_annual_goals(ex: &Extraction) -> Option<u16> {
    if ex.genre != crate::draft::Genre::GoalReview {
        return None;
    }
    ex.initiatives
        .iter()
        .filter(|i| i.kind == "annual")
        .flat_map(|i| {
            let texts = [Some(&i.name), i.summary.as_ref(), i.result.as_ref()];
            texts.into_iter().flatten().chain(i.milestones.iter()).flat_map(|t| years_in(t)).collect::<Vec<_>>()
        })
        .map(|fy| fy.year())
        .min()
}

/// Fills organization, fiscal year and title when the interpreter (or the caller) left them
/// empty: from the text, for the organization then from the file name, else a warning.
pub fn fill_common(doc: &RawDoc, file_name: &str, ex: &mut Extraction) {
    let lines = doc.logical_lines();
    let first = lines.first().map_or(1, |l| l.no);
    for d in doc.dropped.iter().filter(|d| d.reason == DropReason::RepeatedPage) {
        ex.warn(
            d.first,
            format!(
                "lines {}–{} repeat earlier lines word for word (a page printed twice) and were left out",
                d.first, d.last
            ),
        );
    }
    // An interpreter reading source lines may have kept Markdown heading marks.
    if let Some(t) = ex.title.as_mut() {
        *t = crate::raw::strip_heading_marks(t).to_string();
    }
    if ex.title.is_none() {
        ex.title = doc.blocks.iter().find_map(|b| match b {
            crate::raw::Block::Text(t) => t.lines.iter().find(|l| !l.text.trim().is_empty()).map(|l| l.text.clone()),
            crate::raw::Block::Table(_) => None,
        });
    }
    if ex.organization.is_none() {
        match (organization(&lines), organization_in_file_name(file_name), only_mention(&lines)) {
            (Some((name, _)), _, _) => ex.organization = Some(name),
            (None, Some(name), _) => {
                ex.warn(first, format!("the document does not name its municipality; took {name} from the file name"));
                ex.organization = Some(name);
            }
            (None, None, Some(name)) => {
                ex.warn(
                    first,
                    format!("the document names no municipality as its author; took {name}, the only one it mentions"),
                );
                ex.organization = Some(name);
            }
            (None, None, None) => {
                ex.warn(first, "the document does not name its municipality (〇〇市); give it with --org")
            }
        }
    }
    if ex.fiscal_year.is_none() {
        match (title_year(&lines), year_of_annual_goals(ex)) {
            (Some((fy, _)), _) => ex.fiscal_year = Some(fy.year()),
            (None, Some(y)) => {
                ex.fiscal_year = Some(y);
                ex.warn(
                    first,
                    format!(
                        "no fiscal year in the title; took {y}, the earliest year the annual goals and results mention"
                    ),
                );
            }
            (None, None) => ex.warn(first, "no fiscal year in the title; give it with --year"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(texts: &[&str]) -> Vec<Line> {
        texts.iter().enumerate().map(|(i, t)| Line { no: i + 1, text: t.to_string() }).collect()
    }

    #[test]
    fn the_city_named_in_the_title_wins() {
        let l = lines(&["第３次花見川市総合計画 実施計画", "本市と山形市の交流", "都市の魅力"]);
        assert_eq!(organization(&l).map(|o| o.0), Some("花見川市".to_string()));
    }

    #[test]
    fn one_passing_mention_of_another_city_is_not_the_author() {
        let l = lines(&["部局の目標", "概要", "説明", "中核市である山形市との人材交流"]);
        assert_eq!(organization(&l), None);
    }

    #[test]
    fn a_line_that_is_only_the_city_name_names_the_issuer() {
        let l = lines(&["部局の目標", "概要", "説明", "花見川市との交流", "本文", "山形市"]);
        assert_eq!(organization(&l).map(|o| o.0), Some("山形市".to_string()));
    }

    #[test]
    fn the_only_city_mentioned_is_a_last_guess() {
        let l = lines(&["事業の概要", "目的", "内容", "対象", "京都市内の企業を支援する。"]);
        assert_eq!(organization(&l), None);
        assert_eq!(only_mention(&l).as_deref(), Some("京都市"));
        let l = lines(&["花見川市と山形市の交流"]);
        assert_eq!(only_mention(&l), None);
        let l = lines(&["部局の目標", "概要", "説明", "中核市である山形市との人材交流"]);
        assert_eq!(only_mention(&l), None);
    }

    #[test]
    fn the_file_name_is_the_last_resort() {
        assert_eq!(organization_in_file_name("docs/花見川市_部局の目標.txt").as_deref(), Some("花見川市"));
        assert_eq!(organization_in_file_name("004_a1b2.txt"), None);
    }

    #[test]
    fn years_are_read_in_both_calendars() {
        let ys: Vec<u16> = years_in("令和5年度(2023年度)と平成30年、令和 元年度").iter().map(|f| f.year()).collect();
        assert_eq!(ys, vec![2023, 2023, 2018, 2019]);
        assert!(years_in("12345年 5年").is_empty());
    }
}
