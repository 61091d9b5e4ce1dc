//! The text forms of an initiative's list-shaped fields — schedule (milestones), SDGs, 行革の
//! 視点 — read from what an editor types (a form field, a workbook cell) and written back the
//! same way, so a record shown for editing reads back unchanged.

use crate::error::{AppError, Result};
use hoshin_domain::text::nfkc;
use hoshin_domain::*;

/// 「2025-06-30 説明」「令和7年6月30日 説明」 → a dated milestone; any other line is text only. A line that starts
/// with something shaped like a date that is not one (2026-13-40) is refused, naming the line,
/// rather than silently losing its due date.
pub fn parse_milestones(text: &str) -> Result<Vec<Milestone>> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .enumerate()
        .map(|(n, line)| {
            let (done, line) = done_marker(line);
            let (head, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
            Ok(match parse_due(head) {
                Ok(Some(due)) if !rest.trim().is_empty() => {
                    Milestone { text: rest.trim().to_string(), due: Some(due.iso()), done }
                }
                Ok(Some(due)) => Milestone { text: line.to_string(), due: Some(due.iso()), done },
                Err(_) if hoshin_domain::looks_like_date(head) => {
                    return Err(AppError::invalid(
                        "milestones",
                        format!(
                        "スケジュール{}行目：「{head}」は日付として正しくありません（例：2025-06-30、令和7年6月30日）",
                        n + 1
                    ),
                    ))
                }
                _ => Milestone { text: line.to_string(), due: None, done },
            })
        })
        .collect()
}

/// A leading 「済」「完了」「✓」 (followed by a space or a colon) marks a finished milestone;
/// the line without it. 「済生会…」 is text, not a mark.
fn done_marker(line: &str) -> (bool, &str) {
    for mark in [DONE_MARK, "完了", "✓", "✔", "[x]", "[X]"] {
        if let Some(rest) = line.strip_prefix(mark) {
            if rest.starts_with(|c: char| c.is_whitespace() || c == ':' || c == '：') {
                let rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ':' || c == '：');
                if !rest.is_empty() {
                    return (true, rest);
                }
            }
        }
    }
    (false, line)
}

/// How a finished milestone is written in the schedule field.
const DONE_MARK: &str = "済";

/// Milestones as the lines an editor types.
pub fn milestones_text(ms: &[Milestone]) -> String {
    ms.iter()
        .map(|m| {
            let line = match &m.due {
                Some(d) if m.text != *d && !m.text.starts_with(d.as_str()) => format!("{d} {}", m.text),
                _ => m.text.clone(),
            };
            if m.done {
                format!("{DONE_MARK} {line}")
            } else {
                line
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// 「3, 11」「目標3、目標11」 → goals 3 and 11 (sorted, each once).
pub fn parse_sdgs(text: &str) -> Result<Vec<SdgGoal>, AppError> {
    let norm = nfkc(text);
    let mut goals = Vec::new();
    for tok in norm.split([',', '、', ' ', '・', '/', '\n', '\r', '\t']).map(str::trim).filter(|t| !t.is_empty()) {
        let digits = tok.trim_start_matches("目標").trim_start_matches("SDGs").trim_start_matches("SDG").trim();
        let goal = digits.parse::<i64>().ok().and_then(|n| SdgGoal::new(n).ok()).ok_or_else(|| {
            AppError::invalid(
                "sdg_goals",
                format!("SDGsは1〜17の目標番号をカンマ区切りで入力してください（「{tok}」）"),
            )
        })?;
        if !goals.contains(&goal) {
            goals.push(goal);
        }
    }
    goals.sort();
    Ok(goals)
}

pub fn sdgs_text(goals: &[SdgGoal]) -> String {
    goals.iter().map(|g| g.number().to_string()).collect::<Vec<_>>().join(", ")
}

/// One 行革の視点 per line: 「① 財務体質の強化」「1 xxx」「xxx」.
pub fn parse_perspectives(text: &str) -> Vec<ReformPerspective> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(ReformPerspective::parse).collect()
}

pub fn perspectives_text(ps: &[ReformPerspective]) -> String {
    ps.iter().map(ReformPerspective::display).collect::<Vec<_>>().join("\n")
}
