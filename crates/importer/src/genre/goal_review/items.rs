//! The rows of the annual and mid-term tables: header rows name the columns, a row whose
//! first cell is the next item number starts an item, label rows (総合計画, 基本政策) start
//! its links, and other rows continue the item's columns.

use super::refs::{self, RefKind};
use crate::draft::{BasicPolicyDraft, Extraction, InitiativeDraft, MeasureDraft, SectionDraft};
use crate::raw::{Part, PartKind, Row};
use crate::text::vocab_key;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) enum ItemKind {
    #[default]
    Annual,
    Midterm,
}

/// What a column holds, from its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Goal,
    Result,
    Issues,
    Schedule,
    /// A column this genre has no field for (達成状況, 評価 …): kept as a section under its header.
    Other,
}

fn role_of(header: &str) -> Option<Role> {
    let k = vocab_key(header);
    if k.contains("取組事項") || k.contains("年度目標") || k.contains("目標") && !k.contains("振り返り") {
        Some(Role::Goal)
    } else if k.contains("スケジュール") || k.contains("工程") {
        Some(Role::Schedule)
    } else if k.contains("課題") || k.contains("今後の方向性") {
        Some(Role::Issues)
    } else if k.contains("取組を行った内容") || k.contains("実績") || k.contains("成果") {
        Some(Role::Result)
    } else {
        None
    }
}

fn is_number_header(text: &str) -> bool {
    matches!(vocab_key(text).to_lowercase().as_str(), "no" | "no." | "番号" | "項番" | "項目" | "#")
}

/// A header spanning sub-columns named on the next header row (「振り返り」 over 実績 and 課題).
fn is_group_header(text: &str) -> bool {
    matches!(vocab_key(text).as_str(), "振り返り" | "評価" | "自己評価" | "取組状況" | "進捗状況")
}

/// A short label (「達成状況」「評価」) that may head a column of a header row.
fn is_short_label(text: &str) -> bool {
    let t = text.trim();
    (1..=12).contains(&t.chars().count()) && !t.contains(['。', '、']) && !t.starts_with(|c: char| c.is_ascii_digit())
}

/// A row of column headers: every cell is a numbering label or a known role, or (with at least
/// two known roles) another short label.
fn is_header_row(row: &Row) -> bool {
    let mut roles = 0;
    let mut others = 0;
    for c in row.filled() {
        let t = c.text();
        if t.chars().count() > 40 || t.contains('。') {
            return false;
        }
        if role_of(&t).is_some() {
            roles += 1;
        } else if is_number_header(&t) || is_group_header(&t) {
            continue;
        } else if is_short_label(&t) {
            others += 1;
        } else {
            return false;
        }
    }
    roles > 0 && (others == 0 || roles >= 2)
}

/// An item number cell: 「1」「１」「①」「(1)」「1.」.
fn number(text: &str) -> Option<u32> {
    let n = hoshin_domain::text::nfkc(text.trim());
    let n = n.strip_prefix('(').and_then(|x| x.strip_suffix(')')).unwrap_or(n.trim_end_matches('.'));
    (!n.is_empty() && n.len() <= 3 && n.chars().all(|c| c.is_ascii_digit())).then(|| n.parse().ok()).flatten()
}

#[derive(Debug, Default)]
struct Item {
    line: usize,
    kind: ItemKind,
    goal: Vec<Part>,
    result: Vec<String>,
    issues: Vec<String>,
    schedule: Vec<String>,
    /// Texts of [`Role::Other`] columns: (header, text).
    other: Vec<(String, String)>,
    measures: Vec<(String, String)>,
    policies: Vec<(String, String)>,
}

#[derive(Debug, Default)]
pub(super) struct Items {
    kind: ItemKind,
    roles: Vec<Option<Role>>,
    /// The header text of each column (for [`Role::Other`] columns).
    headers: Vec<String>,
    last_no: u32,
    current: Option<Item>,
    done: Vec<Item>,
    mode: Option<RefKind>,
    /// The last link still waiting for its title (code or number in a cell of its own).
    awaiting: Option<RefKind>,
}

impl Items {
    pub(super) fn start_section(&mut self, kind: ItemKind) {
        self.close();
        self.kind = kind;
        self.roles.clear();
        self.headers.clear();
        self.last_no = 0;
        self.mode = None;
    }

    fn close(&mut self) {
        if let Some(it) = self.current.take() {
            self.done.push(it);
        }
        self.awaiting = None;
    }

    pub(super) fn row(&mut self, row: &Row, ex: &mut Extraction) {
        if row.filled().next().is_none() {
            return;
        }
        if is_header_row(row) {
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
        let first = row.text(0);
        let pairs = self.mode == Some(RefKind::Policy) && row.cells.iter().skip(2).any(|c| number(&c.text()).is_some());
        if number(&first) == Some(self.last_no + 1) && row.cells.len() > 1 && !pairs {
            self.close();
            self.last_no += 1;
            self.mode = None;
            self.current = Some(Item { line: row.line, kind: self.kind, ..Default::default() });
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
        let role = self.roles.get(i).copied().flatten();
        let Some(it) = self.current.as_mut() else {
            ex.warn(line, format!("text outside any item: {}", crate::text::one_line(&parts[0].text)));
            return;
        };
        let texts = || parts.iter().map(|p| p.text.clone());
        match role {
            Some(Role::Goal) => it.goal.extend(parts.iter().cloned()),
            Some(Role::Result) => it.result.extend(texts()),
            Some(Role::Issues) => it.issues.extend(texts()),
            Some(Role::Schedule) => it.schedule.extend(texts()),
            Some(Role::Other) => {
                let label = self.headers.get(i).cloned().unwrap_or_default();
                it.other.extend(texts().map(|t| (label.clone(), t)));
            }
            None => ex.warn(line, format!("column {} has no header; not placed", i + 1)),
        }
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
        let Some(it) = self.current.as_mut() else {
            ex.warn(line, format!("link outside any item: {t}"));
            return;
        };
        let parsed = match mode {
            RefKind::Measure => refs::measure_code(t),
            RefKind::Policy => refs::policy_number(t),
        };
        let list = match mode {
            RefKind::Measure => &mut it.measures,
            RefKind::Policy => &mut it.policies,
        };
        match parsed {
            Some((code, _)) if refs::is_placeholder(&code) => self.awaiting = None,
            Some((code, title)) => {
                self.awaiting = title.is_empty().then_some(mode);
                list.push((code, title));
            }
            None if self.awaiting == Some(mode) => {
                if let Some(last) = list.last_mut() {
                    last.1 = t.to_string();
                }
                self.awaiting = None;
            }
            None => ex.warn(
                line,
                format!("not a {} link: {t}", if mode == RefKind::Measure { "総合計画" } else { "基本政策" }),
            ),
        }
    }

    /// 「(1) 駅前広場の再整備」 on a plain line of an annual or mid-term section: a new item.
    /// Returns false when the line is not such an item.
    pub(super) fn text_item(&mut self, line: usize, text: &str) -> bool {
        let t = text.trim();
        let body = strip_marker(t);
        if body.len() == t.len() || body.is_empty() || body.chars().count() > 80 {
            return false;
        }
        self.close();
        self.last_no += 1;
        self.mode = None;
        let goal = vec![Part { kind: PartKind::Plain, text: body.to_string() }];
        self.current = Some(Item { line, kind: self.kind, goal, ..Default::default() });
        true
    }

    /// 「実績：…」「達成状況：…」 under a text item: the field its label names. Returns false when
    /// there is no item or no label.
    pub(super) fn text_field(&mut self, text: &str) -> bool {
        let Some(it) = self.current.as_mut() else { return false };
        let Some((label, value)) = text.trim().split_once(['：', ':']) else { return false };
        let (label, value) = (label.trim(), value.trim());
        if label.is_empty() || label.chars().count() > 15 || value.is_empty() {
            return false;
        }
        match role_of(label) {
            Some(Role::Goal) => it.goal.push(Part { kind: PartKind::Paragraph, text: value.to_string() }),
            Some(Role::Result) => it.result.push(value.to_string()),
            Some(Role::Issues) => it.issues.push(value.to_string()),
            Some(Role::Schedule) => it.schedule.push(value.to_string()),
            Some(Role::Other) | None => it.other.push((label.to_string(), value.to_string())),
        }
        true
    }

    /// Turns the items into initiatives.
    pub(super) fn finish(&mut self, department: Option<&str>, ex: &mut Extraction) {
        self.close();
        for it in std::mem::take(&mut self.done) {
            initiative(it, department, ex);
        }
    }
}

/// 「(1) 」「（２）」「① 」 at the start of a paragraph.
fn strip_marker(t: &str) -> &str {
    let t = t.trim_start();
    if let Some(rest) = t.strip_prefix(['(', '（']) {
        if let Some(p) = rest.find([')', '）']) {
            let inner = &rest[..p];
            if !inner.is_empty() && inner.chars().all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c)) {
                return rest[p..].trim_start_matches([')', '）']).trim_start();
            }
        }
    }
    t.trim_start_matches(|c: char| ('①'..='⑳').contains(&c)).trim_start()
}

/// Splits 「名前 (1) 本文…」 at the first enumerator that follows a space.
fn split_name(text: &str) -> (String, Option<String>) {
    let t = text.trim();
    let cs: Vec<(usize, char)> = t.char_indices().collect();
    for (k, &(i, c)) in cs.iter().enumerate() {
        let after_space = k > 0 && cs[k - 1].1.is_whitespace();
        let marker = ('①'..='⑳').contains(&c)
            || (matches!(c, '(' | '（') && cs.get(k + 1).is_some_and(|n| n.1.is_ascii_digit()));
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
        if prev_space && ('①'..='⑳').contains(&c) && !cur.trim().is_empty() {
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

fn initiative(it: Item, department: Option<&str>, ex: &mut Extraction) {
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
    #[test]
    fn item_numbers_in_several_shapes() {
        for t in ["2", "２", "②", "(2)", "（２）", "2."] {
            assert_eq!(super::number(t), Some(2), "{t}");
        }
        assert_eq!(super::number("2-1"), None);
    }
}
