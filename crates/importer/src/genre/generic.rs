//! The generic reader, for plan documents of no genre the importer knows: numbered items
//! become initiatives (the item its name, the lines under it its summary, the heading above
//! the items their theme), and tables of values with targets become indicators. What it
//! finds comes with the low-confidence warning of [`crate::extract_full`].

use crate::draft::{Extraction, Genre, InitiativeDraft};
use crate::genre::evaluation_sheet::layout::table_indicators;
use crate::genre::plan_chapter::text::{clean, kept_lines};
use crate::raw::RawDoc;
use crate::vocab::Vocabulary;

/// Longest item line taken as a name (characters).
const NAME_MAX: usize = 60;

/// Reads the document generically; the extraction carries `genre` (the best guess).
pub fn interpret(doc: &RawDoc, v: &Vocabulary, genre: Genre) -> Extraction {
    let lines = kept_lines(doc, &|_| false);
    let mut ex = Extraction::empty(genre);
    ex.title = lines.iter().map(|l| clean(&l.text)).find(|t| !t.is_empty()).map(str::to_string);
    let mut heading: Option<String> = None;
    let mut current: Option<InitiativeDraft> = None;
    let mut summary: Vec<String> = Vec::new();
    let flush = |cur: &mut Option<InitiativeDraft>, summary: &mut Vec<String>, ex: &mut Extraction| {
        if let Some(mut ini) = cur.take() {
            if !summary.is_empty() {
                ini.summary = Some(crate::genre::plan_chapter::text::join_broken(summary.iter().map(String::as_str)));
            }
            ex.initiatives.push(ini);
        }
        summary.clear();
    };
    for (i, l) in lines.iter().enumerate() {
        let t = clean(&l.text);
        if t.is_empty() || t.contains('\t') {
            continue;
        }
        if let Some(name) = item(t) {
            flush(&mut current, &mut summary, &mut ex);
            let (name, rest) = match name.split_once(['：', ':']) {
                Some((n, r)) if !clean(n).is_empty() => (clean(n), clean(r)),
                _ => (name, ""),
            };
            if !rest.is_empty() {
                summary.push(rest.to_string());
            }
            current = Some(InitiativeDraft {
                name: name.to_string(),
                kind: "action".into(),
                theme: heading.clone(),
                line: l.no,
                ..Default::default()
            });
            continue;
        }
        let next_is_item =
            lines[i + 1..].iter().map(|n| clean(&n.text)).find(|n| !n.is_empty()).is_some_and(|n| item(n).is_some());
        if is_heading(t) && next_is_item {
            flush(&mut current, &mut summary, &mut ex);
            heading = Some(t.to_string());
            if !ex.themes.contains(&t.to_string()) {
                ex.themes.push(t.to_string());
            }
            continue;
        }
        if current.is_some() {
            summary.push(t.to_string());
        }
    }
    flush(&mut current, &mut summary, &mut ex);
    ex.indicators = table_indicators(&lines, v);
    if ex.initiatives.is_empty() && ex.indicators.is_empty() {
        ex.warn(lines.first().map_or(1, |l| l.no), "the generic reader found no numbered items and no table of values");
    }
    ex
}

/// The text of a numbered item line (「(1) 花壇の整備」「① 花壇の整備」「1. 花壇の整備」
/// 「ア 花壇の整備」), when short enough to be a name.
fn item(t: &str) -> Option<&str> {
    let rest = strip_number(t)?;
    let rest = clean(rest);
    (!rest.is_empty()
        && rest.chars().count() <= NAME_MAX
        && !rest.chars().all(|c| c.is_ascii_digit() || ",.%".contains(c)))
    .then_some(rest)
}

fn strip_number(t: &str) -> Option<&str> {
    let first = t.chars().next()?;
    if ('①'..='⑳').contains(&first) || ('⑴'..='⒇').contains(&first) {
        return Some(&t[first.len_utf8()..]);
    }
    let digits = |s: &str| {
        s.chars().take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(c)).map(char::len_utf8).sum::<usize>()
    };
    if let Some(inner) = t.strip_prefix(['(', '（']) {
        let n = digits(inner);
        let kana = inner.chars().next().filter(|c| ('ア'..='ン').contains(c)).map_or(0, char::len_utf8);
        let n = if n == 0 { kana } else { n };
        return (n > 0).then(|| inner[n..].strip_prefix([')', '）'])).flatten();
    }
    let n = digits(t);
    if n > 0 && n <= 6 {
        let rest = &t[n..];
        return rest.strip_prefix(['.', '．', '、', ' ', '\u{3000}', ')', '）']);
    }
    let kana = ('ア'..='ン').contains(&first).then(|| &t[first.len_utf8()..])?;
    kana.strip_prefix(['.', '．', '、', ' ', '\u{3000}'])
}

/// A short line that does not read as a sentence: a heading over items.
fn is_heading(t: &str) -> bool {
    let n = t.chars().count();
    (2..=40).contains(&n) && !t.ends_with(['。', '、']) && !t.contains('。')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_items_under_headings_become_initiatives() {
        let doc = crate::raw::read(
            "令和8年度 花のまち重点事業\n\n緑を増やす\n\n(1) 花壇の整備\n駅前の花壇を直す。\n(2) 街路樹の更新：古い木を植え替える。\n\n指標名\t単位\t令和6年度実績\t目標値（令和9年度）\n花壇の数\tか所\t12\t20\n",
        );
        let ex = interpret(&doc, &Vocabulary::builtin(), Genre::DepartmentPolicy);
        let names: Vec<&str> = ex.initiatives.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(names, ["花壇の整備", "街路樹の更新"]);
        assert_eq!(ex.initiatives[0].summary.as_deref(), Some("駅前の花壇を直す。"));
        assert_eq!(ex.initiatives[1].summary.as_deref(), Some("古い木を植え替える。"));
        assert_eq!(ex.initiatives[0].theme.as_deref(), Some("緑を増やす"));
        assert_eq!(ex.indicators.len(), 1);
        assert_eq!(ex.indicators[0].target.as_deref(), Some("20"));
    }
}
