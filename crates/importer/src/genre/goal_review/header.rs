//! Header cells and labels: the role a column or a label names by its vocabulary (the goal,
//! 実績, 課題, schedule, 総合計画 / 基本政策 links, or another field kept as a section), and
//! which rows are rows of column headers.

use super::refs::{self, RefKind};
use crate::raw::Row;
use crate::text::vocab_key;

/// What a column (or a label) holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    Goal,
    Result,
    Issues,
    Schedule,
    /// 総合計画 codes (「5-2-① title」).
    Measure,
    /// 基本政策 numbers (「70 title」).
    Policy,
    /// A column this genre has no field for (達成状況, 評価 …): kept as a section under its header.
    Other,
}

impl Role {
    /// The goal, its result, issues or schedule: what a header row of a goal table names.
    fn is_item_field(self) -> bool {
        matches!(self, Role::Goal | Role::Result | Role::Issues | Role::Schedule)
    }

    pub(super) fn link(self) -> Option<RefKind> {
        match self {
            Role::Measure => Some(RefKind::Measure),
            Role::Policy => Some(RefKind::Policy),
            _ => None,
        }
    }
}

/// The role a header cell or a label names, by its vocabulary: 「総合計画」「基本政策」 links;
/// 「実績」「取組みを行った内容」 the result; 「当年度目標」「取組み事項」「取組み内容」「めざす成果」
/// the goal; 「スケジュール」「工程」 the schedule; 「課題」「今後の方向性」 the issues.
pub(super) fn role_of(header: &str) -> Option<Role> {
    if let Some(kind) = refs::label(header) {
        return Some(match kind {
            RefKind::Measure => Role::Measure,
            RefKind::Policy => Role::Policy,
        });
    }
    let k = vocab_key(header);
    let goal = k.contains("取組事項")
        || k.contains("年度目標")
        || k.contains("目標") && !k.contains("振り返り") && !k.contains("達成")
        || k.contains("目指す")
        || k.contains("内容");
    if k.contains("行った") || k.contains("実績") {
        Some(Role::Result)
    } else if goal {
        Some(Role::Goal)
    } else if k.contains("スケジュール") || k.contains("工程") {
        Some(Role::Schedule)
    } else if k.contains("課題") || k.contains("今後の方向性") {
        Some(Role::Issues)
    } else if k.contains("成果") {
        Some(Role::Result)
    } else {
        None
    }
}

pub(super) fn is_number_header(text: &str) -> bool {
    matches!(vocab_key(text).to_lowercase().as_str(), "no" | "no." | "番号" | "項番" | "項目" | "#")
}

/// A header spanning sub-columns named on the next header row (「振り返り」 over 実績 and 課題).
pub(super) fn is_group_header(text: &str) -> bool {
    matches!(vocab_key(text).as_str(), "振り返り" | "評価" | "自己評価" | "取組状況" | "進捗状況")
}

/// A short label (「達成状況」「評価」) that may head a column of a header row.
fn is_short_label(text: &str) -> bool {
    let t = text.trim();
    (1..=12).contains(&t.chars().count()) && !t.contains(['。', '、']) && !t.starts_with(|c: char| c.is_ascii_digit())
}

/// A row of column headers: every cell is a numbering label or a known role, or (with at least
/// two known roles) another short label; at least one names a field of the goal (a row of
/// 「総合計画」 alone is a link label, not a header).
pub(super) fn is_header_row(row: &Row) -> bool {
    let mut fields = 0;
    let mut roles = 0;
    let mut others = 0;
    for c in row.filled() {
        let t = c.text();
        // Header cells carry no item marker (「①1年目 課題の整理」 is a value) and no goal number.
        let marked = super::initiative::strip_marker(&t).len() != t.trim_start().len();
        if t.chars().count() > 40 || t.contains('。') || marked || super::labels::is_numbered_goal_label(&t) {
            return false;
        }
        if let Some(r) = role_of(&t) {
            roles += 1;
            fields += usize::from(r.is_item_field());
        } else if is_number_header(&t) || is_group_header(&t) {
            continue;
        } else if is_short_label(&t) {
            others += 1;
        } else {
            return false;
        }
    }
    fields > 0 && (others == 0 || roles >= 2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::raw::{Cell, Part, PartKind};

    #[test]
    fn roles_of_headers_and_labels() {
        assert_eq!(role_of("総合計画"), Some(Role::Measure));
        assert_eq!(role_of("基本政策"), Some(Role::Policy));
        assert_eq!(role_of("取組み内容・スケジュール"), Some(Role::Goal));
        assert_eq!(role_of("課題・めざす成果など"), Some(Role::Goal));
        assert_eq!(role_of("取組みを行った内容・成果"), Some(Role::Result));
        assert_eq!(role_of("課題・今後の方向性"), Some(Role::Issues));
        assert_eq!(role_of("スケジュール（工程）"), Some(Role::Schedule));
        assert_eq!(role_of("目標の達成状況"), None);
    }

    fn row(cells: &[&str]) -> Row {
        let cell = |t: &&str| Cell { parts: vec![Part { kind: PartKind::Plain, text: t.to_string() }] };
        Row { line: 1, cells: cells.iter().map(cell).collect() }
    }

    #[test]
    fn header_rows_and_rows_that_only_look_like_them() {
        assert!(is_header_row(&row(&["No", "目標", "実績", "達成状況"])));
        // 「総合計画」 alone is a link label; a goal's label and name are a field; a value
        // carries an item marker.
        assert!(!is_header_row(&row(&["総合計画"])));
        assert!(!is_header_row(&row(&["目標2", "課題の整理"])));
        assert!(!is_header_row(&row(&["スケジュール", "①1年目 課題の整理"])));
    }
}
