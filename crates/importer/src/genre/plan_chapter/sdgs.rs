//! SDG goals listed with the plan nodes they concern: 「ゴール16：…」 followed by
//! 「33-1. …」 codes; each code gets the goal numbers it is listed under.

use super::text::key;
use crate::draft::Extraction;
use crate::raw::Line;

pub(super) fn apply(lines: &[Line], ex: &mut Extraction) {
    let mut goal: Option<u8> = None;
    for l in lines {
        let k = key(&l.text);
        if let Some(g) = goal_number(&k) {
            goal = Some(g);
        }
        let Some(g) = goal else { continue };
        for code in codes(&k) {
            if let Some(m) = ex.measures.iter_mut().find(|m| m.code.as_deref().map(key) == Some(code.clone())) {
                if !m.sdg_goals.contains(&g) {
                    m.sdg_goals.push(g);
                }
            }
        }
    }
}

/// The 17 goals' Japanese names, for 「11 住み続けられるまちづくりを」 lines that list goals
/// rather than head plan nodes.
const GOALS: [&str; 17] = hoshin_domain::SdgGoal::NAMES;

/// The goal a numbered line names: 「3 すべての人に健康と福祉を」 → 3.
pub(crate) fn goal_named(number: &str, title: &str) -> Option<u8> {
    let n: u8 = key(number).parse().ok()?;
    let t = key(title);
    let goal = GOALS.get(usize::from(n).checked_sub(1)?)?;
    (t.starts_with(goal) || (t.chars().count() >= 5 && goal.starts_with(&t))).then_some(n)
}

/// 「ゴール16」「目標3」「Goal 7」 → the number (1–17).
fn goal_number(k: &str) -> Option<u8> {
    for w in ["ゴール", "目標", "Goal", "GOAL"] {
        if let Some(p) = k.find(w) {
            let n: String = k[p + w.len()..].chars().take_while(|c| c.is_ascii_digit()).collect();
            if let Ok(v) = n.parse::<u8>() {
                if (1..=17).contains(&v) {
                    return Some(v);
                }
            }
        }
    }
    None
}

/// Codes like 「33-1」 followed by 「.」 in a listing line.
fn codes(k: &str) -> Vec<String> {
    let chars: Vec<char> = k.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() && (i == 0 || !chars[i - 1].is_ascii_digit()) {
            let mut j = i;
            while j < chars.len() && (chars[j].is_ascii_digit() || chars[j] == '-') {
                j += 1;
            }
            let code: String = chars[i..j].iter().collect();
            if code.contains('-') && !code.ends_with('-') && chars.get(j) == Some(&'.') {
                out.push(code);
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_goal_listings() {
        assert_eq!(goal_number("ゴール11:住み続けられるまちづくりを"), Some(11));
        assert_eq!(goal_named("7", "エネルギーをみんなに そしてクリーンに"), Some(7));
        assert_eq!(goal_named("7", "公園と緑"), None);
        assert_eq!(codes("2-1.花の道(植栽)2-3.水辺"), vec!["2-1".to_string(), "2-3".to_string()]);
    }
}
