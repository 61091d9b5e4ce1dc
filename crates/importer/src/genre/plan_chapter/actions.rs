//! Actions (取組) of a plan chapter and the tables that list things: actions from numbered,
//! bulleted or 「取組N」 lines and from action tables; indicator, related-plan and theme tables;
//! departments in charge.

use super::lines::Section;
use super::tables::{self, TableRow};
use super::text::{clean, ends_like_sentence, key, width};
use super::walker::{append, code_of, State};
use crate::draft::{Extraction, InitiativeDraft};

pub(super) fn table(rows: &[TableRow], st: &mut State, ex: &mut Extraction) {
    let Some(header) = rows.first() else { return };
    let measure = code_of(ex, st.measure());
    if super::records::is_field_block(rows) {
        super::records::field_rows(rows, st, ex);
    } else if tables::is_indicator_header(header) {
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
        action_rows(header, &rows[1..], cols, st, ex);
    } else if st.section == Some(Section::RelatedPlans) {
        add_plans(ex, tables::related_plans(rows, measure.as_deref()));
    } else if st.section != Some(Section::SdgsGoals) {
        ex.warn(header.line, format!("table not understood (header: {})", header.cells.join(" | ")));
    }
}

/// The rows of an actions table. A 施策 cell opens its plan node for the rows under it until
/// the next filled one (a spanned cell is empty, or repeated, in the rows it spans).
fn action_rows(header: &TableRow, rows: &[TableRow], cols: tables::ActionCols, st: &mut State, ex: &mut Extraction) {
    let level = cols.measure.map(|i| super::fields::fold(header.cell(i)));
    let mut node_cell = String::new();
    for r in rows {
        if let (Some(i), Some(level)) = (cols.measure, &level) {
            let cell = r.cell(i);
            if !cell.is_empty() && key(cell) != key(&node_cell) {
                if !super::walker::open_node(r.line, level, cell, st, ex) {
                    ex.warn(r.line, format!("not a plan node: {}", cell.chars().take(40).collect::<String>()));
                }
                node_cell = cell.to_string();
            }
        }
        let name = r.cell(cols.name);
        if name.is_empty() {
            continue;
        }
        let department = cols.department.map(|i| r.cell(i).to_string()).filter(|d| !d.is_empty());
        if let Some(d) = &department {
            add_departments(ex, d);
        }
        let text = |col: Option<usize>| col.map(|i| r.cell(i).to_string()).filter(|s| !s.is_empty());
        ex.initiatives.push(InitiativeDraft {
            name: name.to_string(),
            summary: text(cols.summary),
            department,
            measure: code_of(ex, st.measure()),
            kind: "action".into(),
            perspective: text(cols.perspective),
            reform: text(cols.reform),
            line: r.line,
            ..Default::default()
        });
    }
}

pub(super) fn add_plans(ex: &mut Extraction, plans: Vec<crate::draft::RelatedPlanDraft>) {
    for p in plans {
        if !ex.related_plans.iter().any(|n| key(n) == key(&p.name)) {
            ex.related_plans.push(p.name.clone());
        }
        ex.related_plan_details.push(p);
    }
}

/// Starts an action: 「名前」 or 「名前：説明」 (a sentence is its own summary).
pub(super) fn new_action(no: usize, t: &str, bullet: bool, st: &mut State, ex: &mut Extraction) {
    let (name, mut summary) = split_name(t);
    if summary.is_none() && !is_name_like(&name) {
        summary = Some(name.clone());
    }
    let (name, own_department) = split_department(&name);
    if let Some(d) = &own_department {
        add_departments(ex, d);
    }
    let measure = code_of(ex, st.measure());
    let department = own_department
        .or_else(|| st.department.as_ref().filter(|(m, _)| Some(*m) == st.measure()).map(|(_, d)| d.clone()));
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
    st.circled_action = false;
    st.section = Some(Section::Actions);
}

pub(super) fn is_bullet_item(t: &str) -> bool {
    t.starts_with(['・', '●', '○', '◆', '■', '◎', '□']) && super::text::width(t) > 1
}

/// 「みどり課、公園課」: departments in charge of the current node.
pub(super) fn add_departments(ex: &mut Extraction, t: &str) -> Vec<String> {
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

pub(super) fn append_summary(ex: &mut Extraction, action: Option<usize>, t: &str, new_item: bool) {
    if let Some(a) = action.and_then(|i| ex.initiatives.get_mut(i)) {
        append(&mut a.summary, t, !new_item);
    }
}

/// 「名前：説明」 → (名前, 説明).
pub(super) fn split_name(t: &str) -> (String, Option<String>) {
    match t.split_once(['：', ':']) {
        Some((n, s)) if width(n) <= 40 && !clean(s).is_empty() => {
            return (clean(n).to_string(), Some(clean(s).to_string()))
        }
        _ => {}
    }
    // 「花壇の管理　市民と花壇を管理します。」: a name, a wide space, a sentence.
    if let Some((n, s)) = clean(t).split_once('\u{3000}') {
        if is_name_like(n) && ends_like_sentence(s) && width(s) > width(n) {
            return (clean(n).to_string(), Some(clean(s).to_string()));
        }
    }
    (clean(t).to_string(), None)
}

/// 「花壇の管理（公園緑地課）」「花壇の管理【公園緑地課】」 → the name and the department in
/// charge, when the bracket names an office (…課, …室, …部, …局, …センター).
pub(super) fn split_department(name: &str) -> (String, Option<String>) {
    let t = clean(name);
    for (open, close) in [('（', '）'), ('(', ')'), ('【', '】'), ('［', '］')] {
        let Some(inner) = t.strip_suffix(close) else { continue };
        let Some(i) = inner.rfind(open) else { continue };
        let dept = clean(&inner[i + open.len_utf8()..]);
        let office = dept.split(['、', '・', ',']).all(|d| {
            let d = clean(d);
            !d.is_empty()
                && width(d) <= 15
                && ["課", "室", "部", "局", "センター", "事務所"].iter().any(|w| d.ends_with(w))
        });
        if office && i > 0 {
            return (clean(&inner[..i]).to_string(), Some(dept.to_string()));
        }
    }
    (t.to_string(), None)
}

pub(super) fn is_name_like(t: &str) -> bool {
    width(t) <= 40 && !t.contains('。') && !ends_like_sentence(t)
}
