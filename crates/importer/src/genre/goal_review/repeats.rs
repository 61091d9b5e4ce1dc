//! Short lines left at the head of a page printed twice. The raw reader drops a repeated run
//! from its first long line on, so a short line opening the copy (「目標5：公園の再生」) stays
//! behind and would start a second item that takes the fields of the page after the copy.
//! A kept line just before a dropped repeat that equals the line just before the first copy
//! (page numbers, running headers and blank lines aside) belongs to the copy.

use crate::raw::{DropReason, RawDoc};

/// Source lines that open a dropped repeated page, with the line each repeats.
pub(super) fn heads(doc: &RawDoc) -> Vec<(usize, usize)> {
    let dropped = |no: usize| doc.dropped.iter().any(|d| (d.first..=d.last).contains(&no));
    // Kept non-blank source lines: (number, text).
    let kept: Vec<(usize, &str)> = doc
        .lines
        .iter()
        .filter(|l| !l.text.trim().is_empty() && !dropped(l.no))
        .map(|l| (l.no, l.text.trim()))
        .collect();
    let mut out = Vec::new();
    for d in doc.dropped.iter().filter(|d| d.reason == DropReason::RepeatedPage) {
        let Some(first) = d.text.lines().next().map(str::trim) else { continue };
        // The first copy: the earliest kept line with the copy's first text.
        let Some(orig) = doc.lines.iter().find(|l| l.no < d.first && l.text.trim() == first && !dropped(l.no)) else {
            continue;
        };
        // Walk back from both, pairwise, while the lines are equal.
        let mut a = kept.iter().rposition(|(no, _)| *no < d.first);
        let mut b = kept.iter().rposition(|(no, _)| *no < orig.no);
        while let (Some(i), Some(j)) = (a, b) {
            if kept[i].1 != kept[j].1 || kept[i].0 <= orig.no {
                break;
            }
            out.push((kept[i].0, kept[j].0));
            a = i.checked_sub(1);
            b = j.checked_sub(1);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_line_opening_a_repeated_page_belongs_to_the_copy() {
        let page = [
            "目標2：遊具",
            "取組内容：古い遊具を安全なものに順に替えていきます。",
            "実績：五か所の遊具を新しいものに替えることができた。",
            "課題：残りの公園の遊具も計画に沿って替えていく。",
            "総合計画：3-1-② 公園を整えます。",
            "基本政策：12 公園の再生",
            "目標3：花壇",
            "取組内容：駅前の花壇を増やし、季節の花を植えていきます。",
            "実績：花壇を三か所増やし、ボランティアが世話をした。",
        ];
        let mut text = String::from("令和7年度 部局の目標と振り返り\n目標1：広場\n実績：広場を整えた。\n\n- 1 -\n");
        for copy in 0..2 {
            text.push_str(&page.join("\n"));
            text.push_str(&format!("\n\n- {} -\n", copy + 2));
        }
        text.push_str("課題：世話をする人を増やす。\n");
        let doc = crate::raw::read(&text);
        assert!(doc.dropped.iter().any(|d| d.reason == DropReason::RepeatedPage), "{:?}", doc.dropped);
        let h = heads(&doc);
        assert_eq!(h, vec![(17, 6)], "{h:?} {:?}", doc.dropped);
    }
}
