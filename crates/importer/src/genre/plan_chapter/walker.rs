//! Walks a plan chapter line by line, keeping the current plan node, section and action,
//! and fills the extraction.

use super::lines::{classify, LineKind, Section};
use super::tables::{self, TableRow};
use super::text::{clean, ends_like_sentence, key, starts_with_bullet, width};
use crate::draft::{Extraction, IndicatorDraft, InitiativeDraft, MeasureDraft};
use crate::raw::Line;

/// Where the walk is.
#[derive(Debug, Default)]
struct State {
    /// Open plan nodes, outermost first: (level word, index into measures).
    stack: Vec<(Option<String>, usize)>,
    section: Option<Section>,
    /// Index of the action being read.
    action: Option<usize>,
    /// The action being read came from a bulleted line (so bullets are siblings, not details).
    bullet_action: bool,
    /// Departments in charge of the current plan node.
    department: Option<(usize, String)>,
    /// The previous line was not blank (a paragraph continues).
    in_paragraph: bool,
    /// Indicators read from the last indicator table (for notes giving their years).
    last_indicators: Vec<usize>,
    /// SDG goal listing lines (read at the end).
    sdg_lines: Vec<Line>,
}

impl State {
    fn measure(&self) -> Option<usize> {
        self.stack.last().map(|(_, i)| *i)
    }
}

pub(super) fn walk(lines: &[Line], ex: &mut Extraction) {
    let mut st = State::default();
    let mut i = 0;
    while i < lines.len() {
        let l = &lines[i];
        if clean(&l.text).is_empty() {
            st.in_paragraph = false;
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
        line(l, &mut st, ex);
        st.in_paragraph = true;
        i += 1;
    }
    super::sdgs::apply(&st.sdg_lines, ex);
}

fn code_of(ex: &Extraction, i: Option<usize>) -> Option<String> {
    i.and_then(|i| ex.measures.get(i)).map(|m| m.code.clone().unwrap_or_else(|| m.title.clone()))
}

fn table(rows: &[TableRow], st: &mut State, ex: &mut Extraction) {
    let Some(header) = rows.first() else { return };
    let measure = code_of(ex, st.measure());
    if tables::is_indicator_header(header) {
        let found = tables::indicators(header, &rows[1..], measure.as_deref());
        st.last_indicators = (ex.indicators.len()..ex.indicators.len() + found.len()).collect();
        ex.indicators.extend(found);
    } else if tables::is_plan_header(header) {
        add_plans(ex, tables::related_plans(&rows[1..], measure.as_deref()));
    } else if tables::is_theme_header(header) {
        for r in &rows[1..] {
            let name = r.cell(0);
            if !name.is_empty() && !ex.themes.iter().any(|t| key(t) == key(name)) {
                ex.themes.push(name.to_string());
            }
        }
    } else if let Some(cols) = tables::action_header(header) {
        for r in &rows[1..] {
            let name = r.cell(cols.name);
            if name.is_empty() {
                continue;
            }
            let department = cols.department.map(|i| r.cell(i).to_string()).filter(|d| !d.is_empty());
            if let Some(d) = &department {
                add_departments(ex, d);
            }
            ex.initiatives.push(InitiativeDraft {
                name: name.to_string(),
                summary: cols.summary.map(|i| r.cell(i).to_string()).filter(|s| !s.is_empty()),
                department,
                measure: measure.clone(),
                kind: "action".into(),
                line: r.line,
                ..Default::default()
            });
        }
    } else if st.section == Some(Section::RelatedPlans) {
        add_plans(ex, tables::related_plans(rows, measure.as_deref()));
    } else if st.section != Some(Section::SdgsGoals) {
        ex.warn(header.line, format!("table not understood (header: {})", header.cells.join(" | ")));
    }
}

fn add_plans(ex: &mut Extraction, plans: Vec<crate::draft::RelatedPlanDraft>) {
    for p in plans {
        if !ex.related_plans.iter().any(|n| key(n) == key(&p.name)) {
            ex.related_plans.push(p.name.clone());
        }
        ex.related_plan_details.push(p);
    }
}

fn line(l: &Line, st: &mut State, ex: &mut Extraction) {
    // A bulleted line starts a new item even inside a paragraph.
    if starts_with_bullet(clean(&l.text)) {
        st.in_paragraph = false;
    }
    match classify(&l.text) {
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
        LineKind::Measure { level, number, title } => heading(l.no, level, number, title, st, ex),
        LineKind::Paren(_, rest) if st.measure().is_some() && st.section != Some(Section::SdgsGoals) => {
            new_action(l.no, &rest, false, st, ex)
        }
        LineKind::Action(rest) => new_action(l.no, &rest, false, st, ex),
        LineKind::Circled(_, rest) if st.action.is_some() && !st.bullet_action => {
            append_summary(ex, st.action, &rest, true)
        }
        LineKind::Circled(_, rest) if st.measure().is_some() && is_name_like(split_name(&rest).0.as_str()) => {
            new_action(l.no, &rest, false, st, ex)
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

/// Starts an action: 「名前」 or 「名前：説明」 (a sentence is its own summary).
fn new_action(no: usize, t: &str, bullet: bool, st: &mut State, ex: &mut Extraction) {
    let (name, mut summary) = split_name(t);
    if summary.is_none() && !is_name_like(&name) {
        summary = Some(name.clone());
    }
    let measure = code_of(ex, st.measure());
    let department = st.department.as_ref().filter(|(m, _)| Some(*m) == st.measure()).map(|(_, d)| d.clone());
    ex.initiatives.push(InitiativeDraft {
        name,
        summary,
        measure,
        department,
        kind: "action".into(),
        line: no,
        ..Default::default()
    });
    st.action = Some(ex.initiatives.len() - 1);
    st.bullet_action = bullet;
    st.section = Some(Section::Actions);
}

fn is_bullet_item(t: &str) -> bool {
    t.starts_with(['・', '●', '○', '◆', '■', '◎', '□']) && super::text::width(t) > 1
}

/// 「みどり課、公園課」: departments in charge of the current node.
fn add_departments(ex: &mut Extraction, t: &str) -> Vec<String> {
    let names: Vec<String> = t
        .split(['、', ',', '，', '・', '/', '／'])
        .flat_map(|p| p.split_whitespace())
        .map(|p| clean(p).to_string())
        .filter(|p| !p.is_empty())
        .collect();
    for n in &names {
        if !ex.departments.iter().any(|d| key(d) == key(n)) {
            ex.departments.push(n.clone());
        }
    }
    names
}

fn heading(no: usize, level: Option<String>, number: String, title: String, st: &mut State, ex: &mut Extraction) {
    // Close nodes down to the level of this heading (same level word = sibling).
    if let Some(pos) = st.stack.iter().position(|(lv, _)| *lv == level) {
        st.stack.truncate(pos);
    }
    let parent = st.stack.last().map(|(_, i)| *i);
    let parent_code = code_of(ex, parent);
    let code = match (&parent_code, number.contains('-')) {
        (Some(p), false) => format!("{p}-{number}"),
        _ => number,
    };
    let code_key = key(&code);
    let idx = match ex.measures.iter().position(|m| m.code.as_deref().map(key) == Some(code_key.clone())) {
        Some(i) => i,
        None => {
            ex.measures.push(MeasureDraft {
                code: Some(code),
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
}

/// Text under the current section.
fn section_text(no: usize, t: &str, st: &mut State, ex: &mut Extraction) {
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
        Some(Section::SdgsGoals) => st.sdg_lines.push(Line { no, text: t.to_string() }),
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
            let name = tables::strip_quotes(t);
            if !name.is_empty() {
                add_plans(
                    ex,
                    vec![crate::draft::RelatedPlanDraft {
                        name: name.to_string(),
                        description: None,
                        measure: code_of(ex, m),
                    }],
                );
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
fn append(target: &mut Option<String>, t: &str, continues: bool) {
    let t = clean(t.strip_prefix("- ").unwrap_or(t));
    match target {
        Some(s) if continues && !starts_with_bullet(t) => s.push_str(t),
        Some(s) => {
            s.push('\n');
            s.push_str(t);
        }
        None => *target = Some(t.to_string()),
    }
}

fn append_summary(ex: &mut Extraction, action: Option<usize>, t: &str, new_item: bool) {
    if let Some(a) = action.and_then(|i| ex.initiatives.get_mut(i)) {
        append(&mut a.summary, t, !new_item);
    }
}

/// 「名前：説明」 → (名前, 説明).
fn split_name(t: &str) -> (String, Option<String>) {
    match t.split_once(['：', ':']) {
        Some((n, s)) if width(n) <= 40 && !clean(s).is_empty() => (clean(n).to_string(), Some(clean(s).to_string())),
        _ => (clean(t).to_string(), None),
    }
}

fn is_name_like(t: &str) -> bool {
    width(t) <= 40 && !t.contains('。') && !ends_like_sentence(t)
}

/// 「指標名：…」「現状値：59件（令和4年度）」「目標値：90件」: an indicator written as lines.
fn indicator_line(no: usize, t: &str, st: &mut State, ex: &mut Extraction) -> bool {
    let Some((label, value)) = t.split_once(['：', ':']) else { return false };
    let value = clean(value);
    if super::text::width(label) > 12 || value.is_empty() {
        return false;
    }
    let year = tables::header_year(label);
    match tables::column_of(label) {
        tables::Col::Name => {
            let measure = code_of(ex, st.measure());
            ex.indicators.push(IndicatorDraft { name: value.to_string(), measure, line: no, ..Default::default() });
            st.last_indicators = vec![ex.indicators.len() - 1];
        }
        col @ (tables::Col::Baseline | tables::Col::Target | tables::Col::Unit) => {
            let Some(ind) = st.last_indicators.last().and_then(|&i| ex.indicators.get_mut(i)) else { return false };
            let (v, note) = tables::split_note(value);
            let note_year = note.as_deref().and_then(tables::header_year);
            match col {
                tables::Col::Baseline => {
                    ind.baseline = Some(v);
                    ind.baseline_year = year.or(note_year);
                    ind.baseline_note = note;
                }
                tables::Col::Target => {
                    ind.target = Some(v);
                    ind.target_year = year.or(note_year);
                }
                _ => ind.unit = Some(value.to_string()),
            }
            tables::finish_indicator(ind);
        }
        _ => return false,
    }
    true
}

/// 「現状値＝…令和4年度実績 目標値＝令和10年度目標」: years for the last indicator table.
fn indicator_note(t: &str, st: &mut State, ex: &mut Extraction) {
    let k = key(t);
    let year_after = |word: &str| k.find(word).and_then(|p| super::org::first_fiscal_year(&k[p..])).map(|f| f.year());
    let (base, target) = (year_after("現状値").or_else(|| year_after("基準値")), year_after("目標値"));
    for &i in &st.last_indicators {
        let ind: &mut IndicatorDraft = &mut ex.indicators[i];
        if ind.baseline_year.is_none() && ind.baseline_note.is_none() {
            ind.baseline_year = base;
        }
        ind.target_year = ind.target_year.or(target);
    }
}
