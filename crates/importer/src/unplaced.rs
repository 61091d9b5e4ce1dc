//! What went into no draft: pieces of the document's text (cells, or runs of a line set apart
//! by spaces) found in none of the extraction's values, so that a person sees in the preview
//! what the importer left behind. Labels, numbers, page furniture and blank lines are not
//! reported. One pass of an Aho–Corasick automaton over the extraction's text.

use crate::draft::{Extraction, Warning};
use crate::form::grid::Grid;
use crate::raw::RawDoc;
use crate::vocab::Vocabulary;
use aho_corasick::AhoCorasick;

/// At most this many lines are reported.
const MAX_LINES: usize = 300;

/// Lines with text that no draft holds.
pub fn unplaced(doc: &RawDoc, ex: &Extraction, v: &Vocabulary) -> Vec<Warning> {
    let dropped: Vec<usize> = doc.dropped.iter().flat_map(|d| d.first..=d.last).collect();
    let lines: Vec<crate::raw::Line> = doc.lines.iter().filter(|l| !dropped.contains(&l.no)).cloned().collect();
    let grid = Grid::new(&lines);
    // Each piece worth reporting, with its line.
    let mut pieces: Vec<(usize, String, String)> = Vec::new();
    for l in &grid.lines {
        for f in &l.frags {
            let t = f.text.trim();
            // Notes on a form (「（誰を、何を）」「※ 該当する場合のみ」) are not content.
            let note = t.starts_with(['（', '(']) && t.ends_with(['）', ')']) || t.starts_with('※');
            if note || v.label(t).is_some_and(|h| h.rest.is_empty()) {
                continue;
            }
            // 「取組名：自治会加入の促進」: the label and the value are looked for apart.
            for part in t.split(['：', ':']) {
                let k = fold(part);
                if k.chars().count() >= 4 {
                    pieces.push((l.no, k, part.trim().to_string()));
                }
            }
        }
    }
    if pieces.is_empty() {
        return Vec::new();
    }
    let mut hay = String::new();
    if let Ok(json) = serde_json::to_value(ex) {
        collect(&json, &mut hay);
    }
    let Ok(ac) = AhoCorasick::new(pieces.iter().map(|p| p.1.as_str())) else { return Vec::new() };
    let mut found = vec![false; pieces.len()];
    for m in ac.find_overlapping_iter(&hay) {
        found[m.pattern().as_usize()] = true;
    }
    let mut out: Vec<Warning> = Vec::new();
    for (i, (line, _, text)) in pieces.iter().enumerate() {
        if found[i] {
            continue;
        }
        let full = out.len() >= MAX_LINES;
        match out.last_mut() {
            Some(w) if w.line == *line => {
                w.message.push_str(" / ");
                w.message.push_str(text);
            }
            _ if full => break,
            _ => out.push(Warning { line: *line, message: text.clone() }),
        }
    }
    out
}

/// Every string of the extraction, folded, one after another.
fn collect(v: &serde_json::Value, out: &mut String) {
    match v {
        serde_json::Value::String(s) => {
            out.push_str(&fold(s));
            out.push('\u{1}');
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| collect(x, out)),
        serde_json::Value::Object(o) => o.values().for_each(|x| collect(x, out)),
        _ => {}
    }
}

/// NFKC without spaces, HTML tags or punctuation: what is compared.
fn fold(s: &str) -> String {
    let plain: String = crate::raw::html_parts(s).iter().map(|p| p.text.as_str()).collect::<Vec<_>>().join("");
    hoshin_domain::text::nfkc(&plain)
        .chars()
        .filter(|c| c.is_alphanumeric() && !c.is_ascii_digit() || matches!(c, '%'))
        .collect()
}
