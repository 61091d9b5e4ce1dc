//! Line-level cleanup before blocks are built: page numbers, running headers (repeats of the
//! document's opening lines) and whole repeated pages are taken out and recorded.

use super::{DropReason, Dropped, Line};
use std::collections::HashMap;

/// Lines shorter than this (non-blank characters) never anchor a repeated-page match.
const ANCHOR_CHARS: usize = 15;
/// A repeated run must have at least this many non-blank lines …
const MIN_RUN_LINES: usize = 8;
/// … of which at least this many are sentence-length (≥ 25 characters).
const MIN_RUN_SENTENCES: usize = 3;

/// Returns the kept lines (blank lines kept: they separate blocks).
pub(super) fn clean(lines: &[Line], dropped: &mut Vec<Dropped>) -> Vec<Line> {
    let mut keep = vec![true; lines.len()];
    mark_page_numbers(lines, &mut keep, dropped);
    mark_repeated_runs(lines, &mut keep, dropped);
    mark_running_headers(lines, &mut keep, dropped);
    mark_page_furniture(lines, &mut keep, dropped);
    lines.iter().zip(keep).filter(|(_, k)| *k).map(|(l, _)| l.clone()).collect()
}

fn drop_one(l: &Line, reason: DropReason, dropped: &mut Vec<Dropped>) {
    dropped.push(Dropped { reason, first: l.no, last: l.no, text: l.text.clone() });
}

/// A decorated page number: 「- 3 -」「－３－」「P3」「p.3」「3/12」「3ページ」.
fn decorated_page_number(t: &str) -> bool {
    let s: String = hoshin_domain::text::nfkc(t).chars().filter(|c| !c.is_whitespace()).collect();
    let digits = |x: &str| !x.is_empty() && x.len() <= 4 && x.chars().all(|c| c.is_ascii_digit());
    let dashes = |c: char| matches!(c, '-' | '‐' | '―' | 'ー' | '—' | '–' | '−');
    let of_total = |x: &str| x.split_once('/').is_some_and(|(a, b)| digits(a) && digits(b));
    if let Some(inner) = s.strip_prefix(dashes).and_then(|x| x.strip_suffix(dashes)) {
        let inner = inner.trim_matches(dashes);
        return digits(inner) || of_total(inner);
    }
    let lower = s.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("page") {
        return digits(rest.trim_start_matches('.')) || of_total(rest);
    }
    if let Some(rest) = s.strip_prefix(['P', 'p']) {
        return digits(rest.trim_start_matches('.'));
    }
    if let Some(n) = s.strip_suffix("ページ").or_else(|| s.strip_suffix("頁")) {
        return digits(n);
    }
    if let Some((a, b)) = s.split_once('/') {
        return digits(a) && digits(b);
    }
    false
}

fn bare_number(t: &str) -> Option<u32> {
    let s = hoshin_domain::text::nfkc(t.trim());
    if s.is_empty() || s.len() > 4 || !s.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// A label such as 「NO.」「番号」 makes the number after it a value, not a page number.
fn is_number_label(t: &str) -> bool {
    let s = hoshin_domain::text::nfkc(t.trim()).to_lowercase();
    let s = s.trim_end_matches(['.', ':']);
    matches!(s, "no" | "番号" | "整理番号" | "シート番号")
}

/// Decorated page numbers always go; a bare number goes only when it belongs to a rising
/// sequence (3, 4, 5 …) of at least three lone numbers spread over the document.
fn mark_page_numbers(lines: &[Line], keep: &mut [bool], dropped: &mut Vec<Dropped>) {
    let mut candidates: Vec<(usize, u32)> = Vec::new();
    let mut prev_text = "";
    for (i, l) in lines.iter().enumerate() {
        let t = l.text.trim();
        if t.is_empty() {
            continue;
        }
        if decorated_page_number(t) {
            keep[i] = false;
            drop_one(l, DropReason::PageNumber, dropped);
        } else if let Some(n) = bare_number(t) {
            if !is_number_label(prev_text) && candidates.len() < 4096 {
                candidates.push((i, n));
            }
        }
        prev_text = t;
    }
    let mut in_chain = vec![false; candidates.len()];
    for start in 0..candidates.len() {
        if in_chain[start] {
            continue;
        }
        let mut chain = vec![start];
        for (k, &(i, n)) in candidates.iter().enumerate().skip(start + 1) {
            let (li, ln) = candidates[*chain.last().unwrap_or(&start)];
            if n > ln && n <= ln + 3 && i >= li + 10 {
                chain.push(k);
            }
        }
        if chain.len() >= 3 {
            for k in chain {
                in_chain[k] = true;
                let (i, _) = candidates[k];
                keep[i] = false;
                drop_one(&lines[i], DropReason::PageNumber, dropped);
            }
        }
    }
}

/// Later copies of the document's first (up to three) non-blank lines are running headers
/// (only title-like lines of 6 to 80 characters repeated at least twice: a label such as
/// 「NO.」 stays).
fn mark_running_headers(lines: &[Line], keep: &mut [bool], dropped: &mut Vec<Dropped>) {
    let front: Vec<(usize, &str)> = lines
        .iter()
        .enumerate()
        .filter(|(i, l)| keep[*i] && !l.text.trim().is_empty())
        .take(3)
        .filter(|(_, l)| !l.text.trim_start().starts_with('|') && !l.text.contains('\t'))
        .map(|(i, l)| (i, l.text.trim()))
        .filter(|(_, t)| (6..=80).contains(&t.chars().count()))
        .collect();
    let Some(&(last_front, _)) = front.last() else { return };
    // Copies inside a page already dropped as repeated count too: that page had the header.
    let copies = |f: &str| lines.iter().skip(last_front + 1).filter(|l| l.text.trim() == f).count();
    // A header repeats on at least two later pages; one copy is more likely a quotation,
    // unless it opens a page (the line before it, blanks aside, was a page number).
    let headers: Vec<&str> = front.iter().map(|(_, f)| *f).filter(|f| copies(f) >= 2).collect();
    let page_lines: Vec<usize> =
        dropped.iter().filter(|d| d.reason == DropReason::PageNumber).map(|d| d.first).collect();
    let opens_page = |i: usize| {
        let prev = lines[..i].iter().rev().find(|l| !l.text.trim().is_empty());
        prev.is_some_and(|p| page_lines.contains(&p.no))
    };
    let fronts: Vec<&str> = front.iter().map(|(_, f)| *f).collect();
    for (i, l) in lines.iter().enumerate().skip(last_front + 1) {
        let t = l.text.trim();
        if keep[i] && !t.is_empty() && (headers.contains(&t) || (fronts.first() == Some(&t) && opens_page(i))) {
            keep[i] = false;
            drop_one(l, DropReason::RunningHeader, dropped);
        }
    }
}

/// Short lines that stand next to a page number (within two non-blank lines) on at least three
/// pages, always the same text, are running headers or footers (「花見川市 部局運営方針」).
fn mark_page_furniture(lines: &[Line], keep: &mut [bool], dropped: &mut Vec<Dropped>) {
    let page_lines: Vec<usize> =
        dropped.iter().filter(|d| d.reason == DropReason::PageNumber).map(|d| d.first).collect();
    if page_lines.len() < 3 {
        return;
    }
    let visible: Vec<usize> = (0..lines.len()).filter(|&i| keep[i] && !lines[i].text.trim().is_empty()).collect();
    let mut near: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut all: HashMap<&str, usize> = HashMap::new();
    for &i in &visible {
        *all.entry(lines[i].text.trim()).or_default() += 1;
    }
    for &p in &page_lines {
        // The visible lines just before and after the page number.
        let at = visible.partition_point(|&i| lines[i].no < p);
        let from = at.saturating_sub(2);
        let to = (at + 2).min(visible.len());
        for &i in &visible[from..to] {
            let t = lines[i].text.trim();
            if t.chars().count() <= 40 && !near.get(t).is_some_and(|v| v.contains(&i)) {
                near.entry(t).or_default().push(i);
            }
        }
    }
    for (t, idx) in near {
        // Every copy of the line sits next to a page number.
        if idx.len() >= 3 && all.get(t) == Some(&idx.len()) {
            for i in idx {
                keep[i] = false;
                drop_one(&lines[i], DropReason::RunningHeader, dropped);
            }
        }
    }
}

/// A run of lines equal (ignoring surrounding spaces and blank lines) to an earlier run is a
/// page printed twice; the later copy goes.
fn mark_repeated_runs(lines: &[Line], keep: &mut [bool], dropped: &mut Vec<Dropped>) {
    let seq: Vec<(usize, &str)> = lines
        .iter()
        .enumerate()
        .filter(|(i, l)| keep[*i] && !l.text.trim().is_empty())
        .map(|(i, l)| (i, l.text.trim()))
        .collect();
    // Every earlier occurrence of a line: a heading that opens many pages (「重点項目：…」) repeats
    // on its own, so the copy a page run starts from is the one whose run is longest.
    let mut seen: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut p = 0;
    while p < seq.len() {
        let text = seq[p].1;
        let anchor = text.chars().count() >= ANCHOR_CHARS;
        if anchor {
            if let Some(earlier) = seen.get(text) {
                let run = |q: usize| {
                    let mut k = 0;
                    while p + k < seq.len() && q + k < p && seq[q + k].1 == seq[p + k].1 {
                        k += 1;
                    }
                    k
                };
                let k = earlier.iter().map(|&q| run(q)).max().unwrap_or(0);
                let sentences = seq[p..p + k].iter().filter(|(_, t)| t.chars().count() >= 25).count();
                if k >= MIN_RUN_LINES && sentences >= MIN_RUN_SENTENCES {
                    let (first, last) = (seq[p].0, seq[p + k - 1].0);
                    let text = seq[p..p + k].iter().map(|(_, t)| *t).collect::<Vec<_>>().join("\n");
                    for &(i, _) in &seq[p..p + k] {
                        keep[i] = false;
                    }
                    dropped.push(Dropped {
                        reason: DropReason::RepeatedPage,
                        first: lines[first].no,
                        last: lines[last].no,
                        text,
                    });
                    p += k;
                    continue;
                }
            }
            seen.entry(text).or_default().push(p);
        }
        p += 1;
    }
}
