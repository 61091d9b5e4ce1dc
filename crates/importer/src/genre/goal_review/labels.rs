//! Goals written as lines instead of tables. An item starts at a label naming the goal
//! (「目標1：…」「中期目標2：…」「取組名：…」) or at a numbered line (「(1) 駅前広場の再整備」);
//! the label lines under it (「取組み内容：…」「実績：…」「総合計画：5-2-① …」) fill its fields,
//! and a line without a label continues the field opened last (a second link, the ② of a
//! schedule, the next paragraph of a text).

use super::header::{role_of, Role};
use super::items::{paragraph, ItemKind, Items};
use super::refs;
use crate::draft::Extraction;
use crate::raw::{Part, PartKind};
use crate::text::vocab_key;

/// The marker that starts items written as numbered lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    /// 「(1)」「（１）」
    Paren,
    /// 「①」
    Circled,
}

/// What the label lines of a section have opened.
#[derive(Debug, Default)]
pub(super) struct LineState {
    /// The field the last label opened (its role and label): lines without a label continue it.
    open: Option<(Role, String)>,
    /// Items of this section start at goal labels, so numbered lines are not items.
    pub(super) by_label: bool,
    /// The marker of the numbered lines that started items.
    marker: Option<Marker>,
}

fn marker_of(t: &str) -> Option<Marker> {
    let body = super::initiative::strip_marker(t);
    if body.len() == t.trim_start().len() {
        None
    } else if t.trim_start().starts_with(['(', '（']) {
        Some(Marker::Paren)
    } else {
        Some(Marker::Circled)
    }
}

/// 「label：value」 with a label of at most 30 characters that is not a sentence and does not
/// start with an item marker (「②工事：令和11年度」 is a schedule line); also 「【label】value」,
/// and 「label　　value」 (set apart by a tab or two or more spaces) when the label names a field
/// of a goal. The value may be empty.
fn split_label(t: &str) -> Option<(&str, &str)> {
    let t = t.trim();
    let (label, value) = if let Some(rest) = t.strip_prefix(['【', '［', '[']) {
        rest.split_once(['】', '］', ']'])?
    } else if let Some(pair) = t.split_once(['：', ':']) {
        pair
    } else {
        let (label, value) = spaced(t)?;
        let known = role_of(label).is_some() || item_label(label, ItemKind::Annual).is_some();
        if !known || label.chars().count() > 15 {
            return None;
        }
        (label, value)
    };
    let label = label.trim();
    let n = label.chars().count();
    let sentence = label.contains(['。', '、']);
    let numeric = label.chars().all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c));
    if n == 0 || n > 30 || sentence || numeric || marker_of(label).is_some() {
        return None;
    }
    Some((label, value.trim()))
}

/// A line cut at its first tab or run of two or more spaces (ideographic ones too).
fn spaced(t: &str) -> Option<(&str, &str)> {
    let cs: Vec<(usize, char)> = t.char_indices().collect();
    let gap = |c: char| c == ' ' || c == '\u{3000}';
    let k = (0..cs.len()).find(|&k| cs[k].1 == '\t' || gap(cs[k].1) && cs.get(k + 1).is_some_and(|n| gap(n.1)))?;
    Some((&t[..cs[k].0], t[cs[k].0..].trim_start()))
}

/// A label naming the goal itself (「目標1」「中期目標（２）」「当年度目標(当初設定)」「取組名」):
/// the kind of item it starts, the section's unless the label says (中期 / 年度目標).
fn item_label(label: &str, section: ItemKind) -> Option<ItemKind> {
    let mut k = vocab_key(label);
    // A note in brackets (「(当初設定)」) or a number (「(2)」「2」「②」) at the end.
    if k.ends_with(')') {
        if let Some(open) = k.rfind('(') {
            k.truncate(open);
        }
    }
    let base = k.trim_end_matches(|c: char| c.is_ascii_digit() || ('①'..='⑳').contains(&c) || c == '.' || c == '-');
    let names_goal = base.ends_with("目標") && !base.contains("数値") && !base.contains("指標")
        || matches!(base, "取組" | "取組名" | "取組事項" | "取組項目" | "重点取組" | "目標名" | "目標項目");
    if !names_goal {
        return None;
    }
    Some(if base.contains("中期") || base.contains("中長期") {
        ItemKind::Midterm
    } else if base.contains("年度目標") || base.contains("年度の目標") {
        ItemKind::Annual
    } else {
        section
    })
}

/// A goal label with its number (「目標1」「中期目標（２）」): a record's first field, never a
/// column header.
pub(super) fn is_numbered_goal_label(text: &str) -> bool {
    let k = vocab_key(text);
    let k = k.trim_end_matches(')');
    item_label(text, ItemKind::Annual).is_some()
        && k.ends_with(|c: char| c.is_ascii_digit() || ('①'..='⑳').contains(&c))
}

impl Items {
    /// A plain line of an annual or mid-term section. Returns false when it is no item, label
    /// or continuation (the caller reports it as not placed).
    pub(super) fn text_line(&mut self, line: usize, text: &str, ex: &mut Extraction) -> bool {
        let t = text.trim();
        if t.is_empty() {
            return true;
        }
        if let Some((label, value)) = split_label(t) {
            let values: Vec<Part> = if value.is_empty() { Vec::new() } else { vec![paragraph(value)] };
            if self.field(line, label, &values, ex) {
                return true;
            }
        }
        if !self.lines.by_label {
            if let Some(m) = marker_of(t) {
                let body = super::initiative::strip_marker(t);
                if self.lines.marker.is_none_or(|x| x == m) && !body.is_empty() && body.chars().count() <= 80 {
                    let goal = vec![Part { kind: PartKind::Plain, text: body.to_string() }];
                    self.start_item(line, self.kind, goal);
                    self.lines.marker = Some(m);
                    self.lines.open = None;
                    return true;
                }
            }
        }
        self.continued(line, &paragraph(t), ex)
    }

    /// A row of a field table (「目標1 | 遊具の更新」「実績 | 5か所替えた。」「 | 3-2-① …」) in a
    /// section whose goals have no header row: read as label lines are. False when the row is
    /// not one.
    pub(super) fn field_row(&mut self, row: &crate::raw::Row, ex: &mut Extraction) -> bool {
        let filled: Vec<(usize, &crate::raw::Cell)> =
            row.cells.iter().enumerate().filter(|(_, c)| !c.is_empty()).collect();
        match filled.as_slice() {
            [(0, label), rest @ ..] if rest.len() <= 1 => {
                let label = crate::text::one_line(&label.text());
                let values: Vec<Part> =
                    rest.iter().flat_map(|(_, c)| c.parts.iter().map(|p| paragraph(&p.text))).collect();
                split_label(&format!("{label}：")).is_some() && self.field(row.line, &label, &values, ex)
            }
            [(k, value)] if *k > 0 => value.parts.iter().all(|p| self.continued(row.line, &paragraph(&p.text), ex)),
            _ => false,
        }
    }

    /// A label and its values (none: the lines below give them). False when the label names
    /// no field of a goal, or there is no goal to give it to.
    fn field(&mut self, line: usize, label: &str, values: &[Part], ex: &mut Extraction) -> bool {
        if let Some(kind) = item_label(label, self.kind) {
            let goal = values.iter().map(|p| Part { kind: PartKind::Plain, text: p.text.clone() }).collect();
            self.start_item(line, kind, goal);
            self.lines.by_label = true;
            self.lines.open = Some((Role::Goal, label.to_string()));
            return true;
        }
        if super::header::is_number_header(label) {
            return true;
        }
        let short = label.chars().count() <= 15 && !values.is_empty();
        let Some(role) = role_of(label).or_else(|| short.then_some(Role::Other)) else { return false };
        if self.current.is_none() {
            return false;
        }
        self.lines.open = Some((role, label.to_string()));
        for p in values {
            self.push(role, label, p, line, ex);
        }
        true
    }

    /// A text without a label: more of the field opened last. False when none is open, or a
    /// list of links meets a text that is not one.
    fn continued(&mut self, line: usize, p: &Part, ex: &mut Extraction) -> bool {
        let Some((role, label)) = self.lines.open.clone() else { return false };
        if self.current.is_none() {
            return false;
        }
        let t = p.text.trim();
        if let Some(kind) = role.link() {
            if refs::is_none(t) || self.links(kind, t, line) {
                return true;
            }
            self.lines.open = None;
            return false;
        }
        self.push(role, &label, p, line, ex);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::Genre;

    fn read(lines: &[&str]) -> Extraction {
        let mut items = Items::default();
        let mut ex = Extraction::empty(Genre::GoalReview);
        for (i, l) in lines.iter().enumerate() {
            if !items.text_line(i + 1, l, &mut ex) {
                ex.warn(i + 1, format!("text not placed: {l}"));
            }
        }
        items.finish(Some("公園部"), &mut ex);
        ex
    }

    #[test]
    fn goal_labels_start_items_and_other_labels_fill_them() {
        let ex = read(&[
            "目標1：花壇の拡大",
            "取組み内容：(1) 駅前に花壇を設けます。",
            "実績：3か所に設けた。",
            "総合計画：3-1-② 公園を整えます。",
            "3-2-① 緑を守ります。",
            "基本政策：－",
            "目標２：遊具の更新",
            "取組内容：(1) 古い遊具を替えます。",
            "基本政策：12 公園の再生",
            "15 緑の保全",
        ]);
        assert!(ex.warnings.is_empty(), "{:?}", ex.warnings);
        let [a, b] = ex.initiatives.as_slice() else { panic!("{:#?}", ex.initiatives) };
        assert_eq!(a.name, "花壇の拡大");
        assert_eq!(a.summary.as_deref(), Some("駅前に花壇を設けます。"));
        assert_eq!(a.result.as_deref(), Some("3か所に設けた。"));
        assert_eq!(a.measure_refs, vec!["3-1-②", "3-2-①"]);
        assert!(a.basic_policy_refs.is_empty());
        assert_eq!(b.name, "遊具の更新");
        assert_eq!(b.basic_policy_refs, vec!["12 公園の再生", "15 緑の保全"]);
    }

    #[test]
    fn an_unlabelled_line_continues_the_schedule_not_a_new_item() {
        let ex = read(&[
            "中期目標1：公園の再生",
            "課題・めざす成果など：(1) 利用の少ない公園を作り替えます。",
            "スケジュール(工程)：①令和9年度 設計",
            "②令和10年度 工事",
        ]);
        let [m] = ex.initiatives.as_slice() else { panic!("{:#?}", ex.initiatives) };
        assert_eq!((m.name.as_str(), m.kind.as_str()), ("公園の再生", "midterm"));
        assert_eq!(m.summary.as_deref(), Some("利用の少ない公園を作り替えます。"));
        assert_eq!(m.milestones, vec!["①令和9年度 設計", "②令和10年度 工事"]);
    }

    #[test]
    fn numbered_lines_start_items_when_no_goal_label_does() {
        let ex = read(&["(1) 花壇の拡大", "実績：3か所に設けた。", "スケジュール：①設計", "②工事", "(2) 遊具の更新"]);
        let names: Vec<&str> = ex.initiatives.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(names, vec!["花壇の拡大", "遊具の更新"]);
        assert_eq!(ex.initiatives[0].milestones, vec!["①設計", "②工事"]);
    }

    #[test]
    fn a_table_of_label_and_value_rows_reads_as_label_lines() {
        let row = |line: usize, cells: &[&str]| crate::raw::Row {
            line,
            cells: cells
                .iter()
                .map(|t| crate::raw::Cell {
                    parts: t
                        .split('\n')
                        .filter(|x| !x.is_empty())
                        .map(|x| Part { kind: PartKind::Plain, text: x.into() })
                        .collect(),
                })
                .collect(),
        };
        let mut items = Items::default();
        let mut ex = Extraction::empty(Genre::GoalReview);
        let rows = [
            row(1, &["目標1", "花壇の拡大"]),
            row(2, &["取組み内容", "(1) 駅前に花壇を設けます。"]),
            row(3, &["総合計画", "3-1-② 公園を整えます。\n3-2-① 緑を守ります。"]),
            row(4, &["", "3-3-① 川を守ります。"]),
            row(5, &["基本政策", "－"]),
        ];
        assert!(rows.iter().all(|r| items.field_row(r, &mut ex)), "{:?}", ex.warnings);
        // A row of a goal table is not a field row.
        assert!(!items.field_row(&row(6, &["2", "遊具の更新", "5か所"]), &mut ex));
        items.finish(None, &mut ex);
        let [a] = ex.initiatives.as_slice() else { panic!("{:#?}", ex.initiatives) };
        assert_eq!((a.name.as_str(), a.summary.as_deref()), ("花壇の拡大", Some("駅前に花壇を設けます。")));
        assert_eq!(a.measure_refs, vec!["3-1-②", "3-2-①", "3-3-①"]);
    }

    #[test]
    fn labels_that_name_the_goal() {
        assert_eq!(item_label("目標1", ItemKind::Annual), Some(ItemKind::Annual));
        assert_eq!(item_label("中期目標（２）", ItemKind::Annual), Some(ItemKind::Midterm));
        assert_eq!(item_label("当年度目標(当初設定)", ItemKind::Midterm), Some(ItemKind::Annual));
        assert_eq!(item_label("取組名", ItemKind::Annual), Some(ItemKind::Annual));
        assert_eq!(item_label("数値目標", ItemKind::Annual), None);
        assert_eq!(item_label("取組み内容", ItemKind::Annual), None);
        assert_eq!(split_label("②工事：令和11年度"), None);
        assert_eq!(split_label("【実績】3か所"), Some(("実績", "3か所")));
        assert_eq!(split_label("目標１　　花壇の拡大"), Some(("目標１", "花壇の拡大")));
        assert_eq!(split_label("実績"), None);
        // Words set apart by spaces are a label only when they name a field.
        assert_eq!(split_label("駅前  花壇"), None);
        assert!(is_numbered_goal_label("目標１") && is_numbered_goal_label("中期目標(2)"));
        assert!(!is_numbered_goal_label("当年度目標(当初設定)"));
    }
}
