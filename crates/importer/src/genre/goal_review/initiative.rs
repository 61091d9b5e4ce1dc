//! An item read from a table or from label lines turned into an initiative: the goal's first
//! paragraph is its name (or the text before the first 「(1)」), the rest its summary; list
//! items and the schedule are milestones; links fill the measures and basic policies.

use super::items::{Item, ItemKind};
use crate::draft::{BasicPolicyDraft, Extraction, InitiativeDraft, MeasureDraft, SectionDraft};
use crate::raw::PartKind;

/// The character as NFKC writes it when that is one character (「（」→「(」, 「１」→「1」), so
/// that markers are recognised in full-width text too.
fn folded(c: char) -> char {
    let s = hoshin_domain::text::nfkc(c.encode_utf8(&mut [0; 4]));
    let mut cs = s.chars();
    match (cs.next(), cs.next()) {
        (Some(f), None) => f,
        _ => c,
    }
}

fn is_circled(c: char) -> bool {
    ('①'..='⑳').contains(&c)
}

/// 「(1) 」「（２）」「① 」 at the start of a paragraph: the text after it.
pub(super) fn strip_marker(t: &str) -> &str {
    let t = t.trim_start();
    if let Some(rest) = t.strip_prefix(['(', '（']) {
        if let Some(p) = rest.find([')', '）']) {
            let inner = &rest[..p];
            if !inner.is_empty() && inner.chars().all(|c| folded(c).is_ascii_digit()) {
                return rest[p..].trim_start_matches([')', '）']).trim_start();
            }
        }
    }
    t.trim_start_matches(is_circled).trim_start()
}

/// Splits 「名前 (1) 本文…」 at the first enumerator that follows a space (compared after
/// NFKC: 「名前 （１） 本文」 splits the same way).
pub(super) fn split_name(text: &str) -> (String, Option<String>) {
    let t = text.trim();
    let cs: Vec<(usize, char)> = t.char_indices().collect();
    for (k, &(i, c)) in cs.iter().enumerate() {
        let after_space = k > 0 && cs[k - 1].1.is_whitespace();
        let marker = is_circled(c) || (folded(c) == '(' && cs.get(k + 1).is_some_and(|n| folded(n.1).is_ascii_digit()));
        if after_space && marker {
            return (t[..i].trim().to_string(), Some(t[i..].to_string()));
        }
    }
    (t.to_string(), None)
}

/// Splits a schedule written on one line at circled numbers (「①… ②…」).
fn schedule_items(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut prev_space = false;
    for c in text.chars() {
        if prev_space && is_circled(c) && !cur.trim().is_empty() {
            out.push(cur.trim().to_string());
            cur.clear();
        }
        prev_space = c.is_whitespace();
        cur.push(c);
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim().to_string());
    }
    out
}

/// Adds the item's initiative (and the measures and basic policies it links to) to `ex`.
pub(super) fn add(it: Item, department: Option<&str>, ex: &mut Extraction) {
    let mut parts = it.goal.into_iter();
    let Some(first) = parts.next() else {
        ex.warn(it.line, "item without a goal text");
        return;
    };
    let (name, rest) = split_name(&first.text);
    let mut summary: Vec<String> = rest.into_iter().collect();
    let mut milestones = Vec::new();
    for p in parts {
        match p.kind {
            PartKind::Item => milestones.push(p.text),
            _ => summary.push(p.text),
        }
    }
    if let Some(s) = summary.first_mut() {
        *s = strip_marker(s).to_string();
    }
    milestones.extend(it.schedule.iter().flat_map(|s| schedule_items(s)));
    for (code, title) in &it.measures {
        if !ex.measures.iter().any(|m| m.code.as_deref() == Some(code)) {
            ex.measures.push(MeasureDraft {
                code: Some(code.clone()),
                title: title.clone(),
                line: it.line,
                ..Default::default()
            });
        }
    }
    for (number, title) in &it.policies {
        if !ex.basic_policies.iter().any(|b| b.number.as_deref() == Some(number)) {
            ex.basic_policies.push(BasicPolicyDraft { number: Some(number.clone()), title: title.clone() });
        }
    }
    let join = |v: &[String]| (!v.is_empty()).then(|| v.join("\n"));
    ex.initiatives.push(InitiativeDraft {
        name,
        summary: join(&summary),
        department: department.map(str::to_string),
        measure: it.measures.first().map(|m| m.0.clone()),
        kind: match it.kind {
            ItemKind::Annual => "annual",
            ItemKind::Midterm => "midterm",
        }
        .to_string(),
        measure_refs: it.measures.iter().map(|m| m.0.clone()).collect(),
        basic_policy_refs: it.policies.iter().map(|(n, t)| format!("{n} {t}").trim().to_string()).collect(),
        milestones,
        result: join(&it.result),
        issues_next: join(&it.issues),
        sections: it.other.into_iter().map(|(label, body)| SectionDraft { label, body }).collect(),
        line: it.line,
        ..Default::default()
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_and_summary_split_at_a_marker_in_any_width() {
        let half = split_name("花壇の拡大 (1) 駅前に花壇を設けます。");
        assert_eq!(half, ("花壇の拡大".to_string(), Some("(1) 駅前に花壇を設けます。".to_string())));
        let full = split_name("花壇の拡大 （１） 駅前に花壇を設けます。");
        assert_eq!(full, ("花壇の拡大".to_string(), Some("（１） 駅前に花壇を設けます。".to_string())));
        assert_eq!(strip_marker("（１） 駅前に花壇を設けます。"), "駅前に花壇を設けます。");
        // A bracket that is not a marker stays in the name.
        assert_eq!(split_name("花壇 （仮称） の拡大").1, None);
    }

    #[test]
    fn a_schedule_on_one_line_splits_at_circled_numbers() {
        assert_eq!(schedule_items("①令和9年度 設計 ②令和10年度 工事"), vec!["①令和9年度 設計", "②令和10年度 工事"]);
    }
}
