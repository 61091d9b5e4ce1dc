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

/// 年度別目標 as typed, one year a line: 「2026 120件」「令和9年度　150件」「R10: 180」 → the year and the
/// value as written (years each once, in order). A line whose year cannot be read, or without a
/// value, is refused naming it.
pub fn parse_yearly_targets(text: &str) -> Result<Vec<(FiscalYear, String)>, AppError> {
    let mut out: Vec<(FiscalYear, String)> = Vec::new();
    for (n, line) in text.lines().map(str::trim).filter(|l| !l.is_empty()).enumerate() {
        let bad = |why: &str| {
            AppError::invalid(
                "yearly_targets",
                format!("年度別目標{}行目（「{line}」）：{why}（例：2026 120件）", n + 1),
            )
        };
        let split =
            line.find(|c: char| c.is_whitespace() || c == ':' || c == '：').ok_or_else(|| bad("値がありません"))?;
        let (head, rest) = line.split_at(split);
        let value = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ':' || c == '：').trim();
        let year = FiscalYear::parse(head).map_err(|_| bad("年度が読めません"))?;
        if value.is_empty() {
            return Err(bad("値がありません"));
        }
        match out.iter_mut().find(|(y, _)| *y == year) {
            Some(slot) => slot.1 = value.to_string(),
            None => out.push((year, value.to_string())),
        }
    }
    out.sort_by_key(|(y, _)| *y);
    Ok(out)
}

/// The yearly targets of `facts` as the form shows them (西暦, one a line).
pub fn yearly_targets_text(facts: &IndicatorFacts) -> String {
    facts
        .yearly
        .iter()
        .filter(|v| v.kind == YearValueKind::Target)
        .map(|v| format!("{} {}", v.fiscal_year.year(), v.value.text))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod yearly_tests {
    use super::*;

    #[test]
    fn yearly_targets_read_as_typed() {
        let got = parse_yearly_targets("2027 150件\n令和8年度　120件\n\nR10: 180件\n2027 160件").unwrap();
        let years: Vec<(u16, &str)> = got.iter().map(|(y, v)| (y.year(), v.as_str())).collect();
        assert_eq!(years, [(2026, "120件"), (2027, "160件"), (2028, "180件")]);
        assert!(parse_yearly_targets("来年 100").is_err());
        assert!(parse_yearly_targets("2026").is_err());
        assert!(parse_yearly_targets("").unwrap().is_empty());
    }
}
