//! The rows of the annual and mid-term tables: header rows name the columns (goal, 実績,
//! 課題, schedule, and 総合計画 / 基本政策 links), a row whose first cell is the next item
//! number starts an item, label rows (総合計画, 基本政策) start its links, and other rows
//! continue the item's columns.

use super::header::{is_group_header, is_header_row, is_number_header, role_of, Role};
use super::labels::LineState;
use super::refs::{self, RefKind};
use crate::draft::Extraction;
use crate::raw::{Part, PartKind, Row};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) enum ItemKind {
    #[default]
    Annual,
    Midterm,
}

/// An item number cell: 「1」「１」「①」「(1)」「1.」.
pub(super) fn number(text: &str) -> Option<u32> {
    let n = hoshin_domain::text::nfkc(text.trim());
    let n = n.strip_prefix('(').and_then(|x| x.strip_suffix(')')).unwrap_or(n.trim_end_matches('.'));
    (!n.is_empty() && n.len() <= 3 && n.chars().all(|c| c.is_ascii_digit())).then(|| n.parse().ok()).flatten()
}

/// One goal as read: its texts by field and its links.
#[derive(Debug, Default)]
pub(super) struct Item {
    pub(super) line: usize,
    pub(super) kind: ItemKind,
    /// The department named before the item (else the document's).
    pub(super) department: Option<String>,
    pub(super) goal: Vec<Part>,
    pub(super) result: Vec<String>,
    pub(super) issues: Vec<String>,
    pub(super) schedule: Vec<String>,
    /// Texts of [`Role::Other`] columns: (header, text).
    pub(super) other: Vec<(String, String)>,
    pub(super) measures: Vec<(String, String)>,
    pub(super) policies: Vec<(String, String)>,
}

#[derive(Debug, Default)]
pub(super) struct Items {
    pub(super) kind: ItemKind,
    roles: Vec<Option<Role>>,
    /// The header text of each column (for [`Role::Other`] columns).
    headers: Vec<String>,
    last_no: u32,
    pub(super) current: Option<Item>,
    done: Vec<Item>,
    mode: Option<RefKind>,
    /// The last link still waiting for its title (code or number in a cell of its own).
    awaiting: Option<RefKind>,
    /// What label lines have opened (see `labels.rs`).
    pub(super) lines: LineState,
    /// The department named last.
    pub(super) department: Option<String>,
}

impl Items {
    pub(super) fn start_section(&mut self, kind: ItemKind) {
        self.close();
        self.kind = kind;
        self.roles.clear();
        self.headers.clear();
        self.last_no = 0;
        self.mode = None;
        self.lines = LineState::default();
    }

    fn close(&mut self) {
        if let Some(it) = self.current.take() {
            self.done.push(it);
        }
        self.awaiting = None;
    }

    /// Starts the next item with its first goal texts.
    pub(super) fn start_item(&mut self, line: usize, kind: ItemKind, goal: Vec<Part>) {
        self.close();
        self.last_no += 1;
        self.mode = None;
        self.current = Some(Item { line, kind, goal, department: self.department.clone(), ..Default::default() });
    }

    /// Sets the columns of a table whose header was read elsewhere (by position): each
    /// column's role and header text.
    pub(super) fn set_columns(&mut self, columns: &[(Option<Role>, String)]) {
        self.roles = columns.iter().map(|c| c.0).collect();
        self.headers = columns.iter().map(|c| c.1.clone()).collect();
        self.mode = None;
    }

    pub(super) fn row(&mut self, row: &Row, ex: &mut Extraction) {
        if row.filled().next().is_none() {
            return;
        }
        // Once goals are read from label rows, rows are fields, not headers.
        if !self.lines.by_label && is_header_row(row) {
            for (i, c) in row.cells.iter().enumerate() {
                let t = c.text();
                let r = role_of(&t).or_else(|| {
                    (!t.trim().is_empty() && !is_number_header(&t) && !is_group_header(&t)).then_some(Role::Other)
                });
                if let Some(r) = r {
                    if self.roles.len() <= i {
                        self.roles.resize(i + 1, None);
                        self.headers.resize(i + 1, String::new());
                    }
                    self.roles[i] = Some(r);
                    self.headers[i] = crate::text::one_line(&t);
                }
            }
            self.mode = None;
            return;
        }
        // Without a header row, 「目標1 | …」「実績 | …」 rows are fields.
        if self.roles.is_empty() && self.field_row(row, ex) {
            return;
        }
        let first = row.text(0);
        let pairs = self.mode == Some(RefKind::Policy) && row.cells.iter().skip(2).any(|c| number(&c.text()).is_some());
        if number(&first) == Some(self.last_no + 1) && row.cells.len() > 1 && !pairs {
            self.start_item(row.line, self.kind, Vec::new());
            for (i, c) in row.cells.iter().enumerate().skip(1) {
                self.column(i, &c.parts, row.line, ex);
            }
            return;
        }
        for (i, c) in row.cells.iter().enumerate() {
            for p in &c.parts {
                self.token(i, p, row.line, ex);
            }
        }
    }

    /// Cell content of the item's row or of a continuation row, by column role.
    fn column(&mut self, i: usize, parts: &[Part], line: usize, ex: &mut Extraction) {
        if parts.iter().all(|p| p.text.trim().is_empty()) {
            return;
        }
        if self.current.is_none() {
            ex.warn(line, format!("text outside any item: {}", crate::text::one_line(&parts[0].text)));
            return;
        }
        let Some(role) = self.roles.get(i).copied().flatten() else {
            ex.warn(line, format!("column {} has no header; not placed", i + 1));
            return;
        };
        let label = self.headers.get(i).cloned().unwrap_or_default();
        for p in parts {
            self.push(role, &label, p, line, ex);
        }
    }

    /// Adds a text to the current item's field `role` (`label` names an [`Role::Other`]
    /// section). A link that does not read as one is reported.
    pub(super) fn push(&mut self, role: Role, label: &str, p: &Part, line: usize, ex: &mut Extraction) {
        let t = p.text.trim();
        if t.is_empty() {
            return;
        }
        if let Some(kind) = role.link() {
            if !self.links(kind, t, line) {
                ex.warn(line, format!("not a {} link: {t}", link_name(kind)));
            }
            return;
        }
        let Some(it) = self.current.as_mut() else {
            ex.warn(line, format!("text outside any item: {}", crate::text::one_line(t)));
            return;
        };
        match role {
            Role::Goal => it.goal.push(p.clone()),
            Role::Result => it.result.push(p.text.clone()),
            Role::Issues => it.issues.push(p.text.clone()),
            Role::Schedule => it.schedule.push(p.text.clone()),
            Role::Other | Role::Measure | Role::Policy => it.other.push((label.to_string(), p.text.clone())),
        }
    }

    /// Links of `kind` in `t` (several may follow one another; 「－」「0-0-0」 mean none), or
    /// the title of a code given alone just before. False when `t` is none of these.
    pub(super) fn links(&mut self, kind: RefKind, t: &str, _line: usize) -> bool {
        let awaiting = self.awaiting.take();
        let Some(it) = self.current.as_mut() else { return false };
        if refs::is_none(t) {
            return true;
        }
        let list = match kind {
            RefKind::Measure => &mut it.measures,
            RefKind::Policy => &mut it.policies,
        };
        let found = refs::all(kind, t);
        if found.is_empty() {
            if awaiting == Some(kind) {
                if let Some(last) = list.last_mut() {
                    last.1 = t.to_string();
                    return true;
                }
            }
            return false;
        }
        for (code, title) in found {
            if refs::is_placeholder(&code) {
                self.awaiting = None;
                continue;
            }
            self.awaiting = title.is_empty().then_some(kind);
            list.push((code, title));
        }
        true
    }

    /// One paragraph of a row that does not start an item: a link label, a link, or more text.
    fn token(&mut self, i: usize, p: &Part, line: usize, ex: &mut Extraction) {
        let t = p.text.trim();
        if t.is_empty() {
            return;
        }
        if let Some(kind) = refs::label(t) {
            self.mode = Some(kind);
            self.awaiting = None;
            return;
        }
        let Some(mode) = self.mode else {
            self.column(i, std::slice::from_ref(p), line, ex);
            return;
        };
        if self.current.is_none() {
            ex.warn(line, format!("link outside any item: {t}"));
            return;
        }
        if !self.links(mode, t, line) {
            ex.warn(line, format!("not a {} link: {t}", link_name(mode)));
        }
    }

    /// Turns the items into initiatives. A goal written again word for word (same kind,
    /// department and goal text: a page printed twice that the raw reader kept) is left out.
    pub(super) fn finish(&mut self, department: Option<&str>, ex: &mut Extraction) {
        self.close();
        let mut seen: Vec<(ItemKind, Option<String>, Vec<String>, usize)> = Vec::new();
        for it in std::mem::take(&mut self.done) {
            let goal: Vec<String> = it.goal.iter().map(|p| p.text.trim().to_string()).collect();
            if let Some(first) = seen.iter().find(|s| s.0 == it.kind && s.1 == it.department && s.2 == goal) {
                ex.warn(it.line, format!("goal repeats the one on line {}; left out (a page printed twice?)", first.3));
                continue;
            }
            if !goal.is_empty() {
                seen.push((it.kind, it.department.clone(), goal, it.line));
            }
            let d = it.department.clone();
            super::initiative::add(it, d.as_deref().or(department), ex);
        }
    }
}

fn link_name(kind: RefKind) -> &'static str {
    match kind {
        RefKind::Measure => "総合計画",
        RefKind::Policy => "基本政策",
    }
}

/// A paragraph of plain text (a value of a label line, a line of a positional cell).
pub(super) fn paragraph(text: &str) -> Part {
    let t = text.trim();
    let kind = if t.starts_with(['・', '･', '●', '○', '◯']) { PartKind::Item } else { PartKind::Paragraph };
    let text =
        if kind == PartKind::Item { t.trim_start_matches(['・', '･', '●', '○', '◯']).trim() } else { t };
    Part { kind, text: text.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::raw::Cell;

    #[test]
    fn item_numbers_in_several_shapes() {
        for t in ["2", "２", "②", "(2)", "（２）", "2."] {
            assert_eq!(number(t), Some(2), "{t}");
        }
        assert_eq!(number("2-1"), None);
    }

    #[test]
    fn a_goal_written_twice_is_read_once() {
        let mut items = Items::default();
        let mut ex = Extraction::empty(crate::draft::Genre::GoalReview);
        for line in [1, 5] {
            items.start_section(ItemKind::Midterm);
            items.row(&row(line, &["No", "中期目標", "スケジュール"]), &mut ex);
            items.row(&row(line + 1, &["1", "公園の再生 (1) 作り替えます。", "①設計"]), &mut ex);
        }
        items.row(&row(7, &["2", "花壇の拡大", "①設計"]), &mut ex);
        items.finish(None, &mut ex);
        let names: Vec<&str> = ex.initiatives.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(names, vec!["公園の再生", "花壇の拡大"]);
        assert!(ex.warnings.iter().any(|w| w.line == 6 && w.message.contains("line 2")), "{:?}", ex.warnings);
    }

    fn row(line: usize, cells: &[&str]) -> Row {
        let cells = cells
            .iter()
            .map(|t| Cell {
                parts: if t.is_empty() {
                    Vec::new()
                } else {
                    vec![Part { kind: PartKind::Plain, text: t.to_string() }]
                },
            })
            .collect();
        Row { line, cells }
    }

    #[test]
    fn link_columns_named_in_the_header_give_the_links_of_each_row() {
        let mut items = Items::default();
        let mut ex = Extraction::empty(crate::draft::Genre::GoalReview);
        items.row(&row(1, &["No", "目標", "実績", "総合計画", "基本政策"]), &mut ex);
        items.row(&row(2, &["1", "花壇の拡大", "3か所", "3-1-② 公園を整えます。 3-2-① 緑を守ります。", "－"]), &mut ex);
        items.row(&row(3, &["2", "遊具の更新", "5か所", "0-0-0", "12 公園の再生 15 緑の保全"]), &mut ex);
        items.finish(Some("公園部"), &mut ex);
        let [a, b] = ex.initiatives.as_slice() else { panic!("{:#?}", ex.initiatives) };
        assert_eq!(a.measure_refs, vec!["3-1-②", "3-2-①"]);
        assert_eq!(a.measure.as_deref(), Some("3-1-②"));
        assert!(a.basic_policy_refs.is_empty());
        assert!(b.measure_refs.is_empty());
        assert_eq!(b.basic_policy_refs, vec!["12 公園の再生", "15 緑の保全"]);
        assert_eq!(ex.measures.len(), 2);
        assert!(ex.warnings.is_empty(), "{:?}", ex.warnings);
    }
}
