//! Walks a plan chapter line by line, keeping the current plan node, section and action,
//! and fills the extraction.

use super::actions::{
    add_departments, add_plans, append_summary, is_bullet_item, is_name_like, new_action, split_name, table,
};
use super::fields::{self, Field};
use super::indicator_lines::{indicator_line, indicator_note};
use super::lines::{classify, LineKind, Section};
use super::records::{self, Subject};
use super::tables::{self, TableRow};
use super::text::{clean, cut_at, ends_like_sentence, key, starts_with_bullet, width, wrap_width};
use crate::draft::{Extraction, MeasureDraft};
use crate::raw::Line;

/// Where the walk is.
#[derive(Debug, Default)]
pub(super) struct State {
    /// Open plan nodes, outermost first: (level word, index into measures).
    pub(super) stack: Vec<(Option<String>, usize)>,
    pub(super) section: Option<Section>,
    /// Index of the action being read.
    pub(super) action: Option<usize>,
    /// The action being read came from a bulleted line (so bullets are siblings, not details).
    pub(super) bullet_action: bool,
    /// The action being read came from a circled-number line (「①…」), so the next 「②…」 is a
    /// sibling, not a detail.
    pub(super) circled_action: bool,
    /// Departments in charge of the current plan node.
    pub(super) department: Option<(usize, String)>,
    /// The previous line was not blank (a paragraph continues).
    pub(super) in_paragraph: bool,
    /// Indicators read from the last indicator table (for notes giving their years).
    pub(super) last_indicators: Vec<usize>,
    /// SDG goal listing lines (read at the end).
    pub(super) sdg_lines: Vec<Line>,
    /// What the labelled record being read is about (a 内容 describes it).
    pub(super) subject: Subject,
    /// The labelled field whose value the next unlabelled line continues (a hard wrap).
    pub(super) open: Option<Field>,
    /// The width the text was hard-wrapped at, if it was.
    pub(super) wrap: Option<usize>,
    /// The line before reached that width (the next line may finish its words).
    pub(super) prev_cut: bool,
    /// The line being read reaches that width.
    pub(super) line_cut: bool,
}

impl State {
    pub(super) fn measure(&self) -> Option<usize> {
        self.stack.last().map(|(_, i)| *i)
    }
}

pub(super) fn walk(lines: &[Line], ex: &mut Extraction) {
    let mut st = State { wrap: wrap_width(lines), ..State::default() };
    let mut i = 0;
    while i < lines.len() {
        let l = &lines[i];
        st.prev_cut = i > 0 && cut_at(&lines[i - 1].text, st.wrap);
        st.line_cut = cut_at(&l.text, st.wrap);
        if clean(&l.text).is_empty() {
            st.in_paragraph = false;
            st.open = None;
            i += 1;
            continue;
        }
        if tables::row_cells(&l.text).is_some() {
            let mut rows = Vec::new();
            while let Some(cells) = lines.get(i).and_then(|l| tables::row_cells(&l.text)) {
                if st.section == Some(Section::SdgsGoals) {
                    st.sdg_lines.push(lines[i].clone());
                }
                rows.push(TableRow { line: lines[i].no, cells });
                i += 1;
            }
            table(&rows, &mut st, ex);
            st.in_paragraph = false;
            continue;
        }
        // A space-aligned table (indicators, plans, themes, actions): a header of that
        // vocabulary, then the rows that split into about as many cells.
        if let Some(header) = tables::spaced_cells(&l.text).filter(|c| is_known_header(l.no, c)) {
            let mut rows = vec![TableRow { line: l.no, cells: header.clone() }];
            i += 1;
            while let Some(cells) = lines.get(i).and_then(|l| tables::spaced_cells(&l.text)) {
                if cells.len() + 1 < header.len() {
                    break;
                }
                rows.push(TableRow { line: lines[i].no, cells });
                i += 1;
            }
            table(&rows, &mut st, ex);
            st.in_paragraph = false;
            continue;
        }
        line(l, &mut st, ex);
        st.in_paragraph = true;
        i += 1;
    }
    super::sdgs::apply(&st.sdg_lines, ex);
}

/// A header row of a table kind we read: short cells (labels, not sentences) naming its columns.
fn is_known_header(no: usize, cells: &[String]) -> bool {
    let h = TableRow { line: no, cells: cells.to_vec() };
    let labels = cells.iter().all(|c| width(c) <= HEADER_CELL_MAX && !c.contains('。'));
    labels
        && (tables::is_indicator_header(&h)
            || tables::is_plan_header(&h)
            || tables::is_theme_header(&h)
            || tables::action_header(&h).is_some())
}

/// Longest header cell (characters) of a space-aligned table.
const HEADER_CELL_MAX: usize = 20;

pub(super) fn code_of(ex: &Extraction, i: Option<usize>) -> Option<String> {
    i.and_then(|i| ex.measures.get(i)).map(|m| m.code.clone().unwrap_or_else(|| m.title.clone()))
}

pub(super) fn line(l: &Line, st: &mut State, ex: &mut Extraction) {
    // A bulleted line starts a new item even inside a paragraph.
    if starts_with_bullet(clean(&l.text)) {
        st.in_paragraph = false;
    }
    // 「label：value」: placed by its label, whatever section it stands in.
    if let Some(f) = fields::split(&l.text) {
        if records::field(l.no, &f, st, ex) {
            return;
        }
    }
    let kind = classify(&l.text);
    // An unlabelled line right under a labelled value continues it.
    if let (Some(open), LineKind::Text(t)) = (st.open, &kind) {
        if st.in_paragraph && records::continue_field(open, t, st, ex) {
            return;
        }
    }
    st.open = None;
    if matches!(kind, LineKind::Label(..) | LineKind::Chapter(_) | LineKind::Measure { .. }) {
        st.subject = Subject::None;
    }
    match kind {
        // The chapter heading again (a page header the reader kept) changes nothing.
        LineKind::Chapter(title) if ex.title.as_deref() == Some(title.as_str()) => {}
        LineKind::Chapter(title) => {
            if ex.title.is_none() {
                ex.title = Some(title);
            }
            st.stack.clear();
            st.section = None;
            st.action = None;
        }
        LineKind::Label(section, rest) => {
            st.section = Some(section);
            st.action = None;
            if !rest.is_empty() {
                section_text(l.no, &rest, st, ex);
            }
        }
        LineKind::Measure { level, number, title } => heading(l.no, level, Some(number), title, st, ex),
        LineKind::SdgGoal(g) => {
            if let Some(m) = st.measure().and_then(|i| ex.measures.get_mut(i)) {
                if !m.sdg_goals.contains(&g) {
                    m.sdg_goals.push(g);
                }
            }
        }
        LineKind::Paren(_, rest) if st.measure().is_some() && st.section != Some(Section::SdgsGoals) => {
            new_action(l.no, &rest, false, st, ex)
        }
        LineKind::Action(rest) => new_action(l.no, &rest, false, st, ex),
        LineKind::Circled(_, rest) if st.action.is_some() && !st.bullet_action && !st.circled_action => {
            append_summary(ex, st.action, &rest, true)
        }
        LineKind::Circled(_, rest) if st.measure().is_some() && is_name_like(split_name(&rest).0.as_str()) => {
            new_action(l.no, &rest, false, st, ex);
            st.circled_action = true;
        }
        LineKind::Text(t)
            if st.section == Some(Section::Actions)
                && st.measure().is_some()
                && is_bullet_item(&t)
                && (st.action.is_none() || st.bullet_action) =>
        {
            new_action(l.no, t.trim_start_matches(['・', '●', '○', '◆', '■', '◎', '□']), true, st, ex)
        }
        other => {
            let t = match other {
                LineKind::Paren(n, r) => format!("({n}) {r}"),
                LineKind::Circled(_, r) | LineKind::Text(r) => r,
                _ => String::new(),
            };
            section_text(l.no, &t, st, ex);
        }
    }
}

/// Opens a plan node: a numbered heading (`number`), or a node named only by its title.
fn heading(
    no: usize,
    level: Option<String>,
    number: Option<String>,
    title: String,
    st: &mut State,
    ex: &mut Extraction,
) {
    // Close nodes down to the level of this heading (same level word = sibling).
    if let Some(pos) = st.stack.iter().position(|(lv, _)| *lv == level) {
        st.stack.truncate(pos);
    }
    let parent = st.stack.last().map(|(_, i)| *i);
    let parent_code = code_of(ex, parent);
    let code = number.map(|number| match (&parent_code, number.contains('-')) {
        (Some(p), false) => format!("{p}-{number}"),
        _ => number,
    });
    let found = match &code {
        Some(code) => ex.measures.iter().position(|m| m.code.as_deref().map(key) == Some(key(code))),
        None => ex.measures.iter().position(|m| m.code.is_none() && key(&m.title) == key(&title)),
    };
    let idx = match found {
        Some(i) => i,
        None => {
            ex.measures.push(MeasureDraft {
                code,
                title,
                kind: level.clone(),
                parent: parent_code,
                line: no,
                ..Default::default()
            });
            ex.measures.len() - 1
        }
    };
    st.stack.push((level, idx));
    st.section = None;
    st.action = None;
    st.subject = Subject::None;
}

/// Opens the plan node a labelled value or a table cell names (「33-1 市民参画意識の高揚」, or
/// a title alone) at the level its label gives; false when the value is no node's name.
pub(super) fn open_node(no: usize, level: &str, value: &str, st: &mut State, ex: &mut Extraction) -> bool {
    let level = Some(level.to_string());
    match classify(value) {
        LineKind::Measure { number, title, .. } => heading(no, level, Some(number), title, st, ex),
        _ if fields::is_name(value) => heading(no, level, None, clean(value).to_string(), st, ex),
        _ => return false,
    }
    true
}

/// Text under the current section.
pub(super) fn section_text(no: usize, t: &str, st: &mut State, ex: &mut Extraction) {
    let t = clean(t);
    let m = st.measure();
    match st.section {
        Some(Section::Vision) if m.is_some() => append(&mut ex.measures[m.unwrap_or(0)].vision, t, st.in_paragraph),
        Some(Section::Issues) if m.is_some() => {
            append(&mut ex.measures[m.unwrap_or(0)].current_issues, t, st.in_paragraph)
        }
        Some(Section::SdgsDirection) if m.is_some() => {
            append(&mut ex.measures[m.unwrap_or(0)].sdgs_direction, t, st.in_paragraph)
        }
        Some(Section::SdgsGoals) => {
            // 「3、4、11」 under a node: its goals by number.
            let numbers: Vec<u8> = t
                .split(|c: char| !c.is_ascii_digit())
                .filter(|n| !n.is_empty())
                .filter_map(|n| n.parse().ok())
                .collect();
            let only_numbers = t.chars().all(|c| c.is_ascii_digit() || "、,・ 　".contains(c));
            match m.and_then(|i| ex.measures.get_mut(i)) {
                Some(node) if only_numbers && numbers.iter().all(|n| (1..=17).contains(n)) => {
                    for n in numbers {
                        if !node.sdg_goals.contains(&n) {
                            node.sdg_goals.push(n);
                        }
                    }
                }
                _ => st.sdg_lines.push(Line { no, text: t.to_string() }),
            }
        }
        Some(Section::Indicators) => {
            if !indicator_line(no, t, st, ex) {
                indicator_note(t, st, ex)
            }
        }
        Some(Section::Department) => {
            let names = add_departments(ex, t).join("、");
            if let Some(m) = m {
                let code = code_of(ex, Some(m));
                for a in ex.initiatives.iter_mut().filter(|a| a.measure == code && a.department.is_none()) {
                    a.department = Some(names.clone());
                }
                st.department = Some((m, names));
            }
        }
        Some(Section::RelatedPlans) => {
            // 「・緑の基本計画：緑の保全と創出の方針」: a name and what it is.
            let (name, description) = split_name(t);
            let name = tables::strip_quotes(&name).to_string();
            if !name.is_empty() {
                add_plans(ex, vec![crate::draft::RelatedPlanDraft { name, description, measure: code_of(ex, m) }]);
            }
        }
        Some(Section::Actions) if st.action.is_some() && (st.in_paragraph || starts_with_bullet(t)) => {
            append_summary(ex, st.action, t, false)
        }
        Some(Section::Actions) if st.action.is_some() && ends_like_sentence(t) && width(t) > 20 => {
            append_summary(ex, st.action, t, true)
        }
        None if m.is_none() => {} // the chapter's lead text
        Some(Section::Structure) | Some(Section::Other) => {}
        _ => ex.warn(no, format!("text not placed: {}", t.chars().take(40).collect::<String>())),
    }
}

/// Appends `t` to an optional text: joined to the last line when the paragraph continues,
/// on a new line otherwise.
pub(super) fn append(target: &mut Option<String>, t: &str, continues: bool) {
    let t = clean(t.strip_prefix("- ").unwrap_or(t).trim_start_matches(['○', '●', '◆', '■', '◇', '□']));
    match target {
        Some(s) if continues && !starts_with_bullet(t) => s.push_str(t),
        Some(s) => {
            s.push('\n');
            s.push_str(t);
        }
        None => *target = Some(t.to_string()),
    }
}
