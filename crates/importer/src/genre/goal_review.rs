//! Genre `goal_review` (部局の目標と振り返り): a department's mission (使命, its stance), then
//! numbered sections; the 当年度目標 tables give annual initiatives (goal text with its
//! schedule, 実績, 課題・今後の方向性) and the 中期目標 tables mid-term ones (with a schedule),
//! each linked to 総合計画 codes (5-2-①) and 基本政策 numbers (「70 …」) by columns or by label
//! rows. Columns are named by the header rows' vocabulary (`items.rs`); a table aligned by
//! spaces, its cells wrapped inside their columns, is cut into columns by position
//! (`columns.rs`); goals written as label lines or label rows (「目標1：…」「実績：…」) are read
//! by their labels (`labels.rs`). A document may hold several departments, each named before
//! its goals (`department.rs`).

mod columns;
mod department;
mod header;
mod initiative;
mod items;
mod labels;
mod refs;
mod repeats;
mod sections;

use crate::draft::{Extraction, Genre};
use crate::raw::{Block, RawDoc};
use items::{ItemKind, Items};
use sections::{Headings, Section};

/// The department met last: later goals and mission text are its.
fn set_department(name: String, ex: &mut Extraction, items: &mut Items) {
    if !ex.departments.contains(&name) {
        ex.departments.push(name.clone());
    }
    items.department = Some(name);
}

/// The mission lines of the department met last.
fn mission<'a>(missions: &'a mut Vec<(Option<String>, Vec<String>)>, items: &Items) -> &'a mut Vec<String> {
    if missions.last().is_none_or(|m| m.0 != items.department) {
        missions.push((items.department.clone(), Vec::new()));
    }
    let last = missions.len() - 1;
    &mut missions[last].1
}

/// Reads a goal review.
pub fn interpret(doc: &RawDoc) -> Extraction {
    let mut ex = Extraction::empty(Genre::GoalReview);
    let mut section = Section::Front;
    let mut headings = Headings::default();
    // Mission lines by the department named before them.
    let mut missions: Vec<(Option<String>, Vec<String>)> = Vec::new();
    let mut items = Items::default();
    let mut other_warned = false;
    // The opening lines before any section are the title (read by `meta`), not content.
    let title_lines: Vec<usize> = doc.logical_lines().iter().take(3).map(|l| l.no).collect();
    // Tables laid out by spaces are read by position, once, where their first line stands.
    let positional = columns::tables(doc);
    let mut fed = vec![false; positional.len()];
    let mut claimed = |line: usize, section: Section, items: &mut Items, ex: &mut Extraction| {
        let Some(k) = positional.iter().position(|p| (p.first..=p.last).contains(&line)) else { return false };
        if !std::mem::replace(&mut fed[k], true) {
            if matches!(section, Section::Annual | Section::Midterm) {
                items.set_columns(&positional[k].columns);
                for r in &positional[k].rows {
                    items.row(r, ex);
                }
            } else {
                ex.warn(line, "table outside the annual and mid-term sections not interpreted");
            }
        }
        true
    };
    let repeated = repeats::heads(doc);
    for b in &doc.blocks {
        match b {
            Block::Text(t) => {
                for l in &t.lines {
                    if claimed(l.no, section, &mut items, &mut ex) {
                        continue;
                    }
                    if let Some((_, orig)) = repeated.iter().find(|r| r.0 == l.no) {
                        ex.warn(l.no, format!("repeats line {orig} at the head of a page printed twice; left out"));
                        continue;
                    }
                    if let Some(s) = headings.heading(&l.text) {
                        section = s;
                        items.start_section(match s {
                            Section::Midterm => ItemKind::Midterm,
                            _ => ItemKind::Annual,
                        });
                        continue;
                    }
                    if let Some(name) = department::in_line(&l.text) {
                        set_department(name, &mut ex, &mut items);
                        continue;
                    }
                    if matches!(section, Section::Annual | Section::Midterm) && items.text_line(l.no, &l.text, &mut ex)
                    {
                        continue;
                    }
                    match section {
                        Section::Mission => {
                            let t = l.text.trim().trim_start_matches(['-', '・', '*', '●']).trim();
                            if !t.is_empty() {
                                mission(&mut missions, &items).push(t.to_string());
                            }
                        }
                        Section::Front if title_lines.contains(&l.no) => {}
                        _ => ex.warn(l.no, format!("text not placed: {}", crate::text::one_line(&l.text))),
                    }
                }
            }
            Block::Table(t) => {
                for r in &t.rows {
                    if claimed(r.line, section, &mut items, &mut ex) {
                        continue;
                    }
                    // 部局 | 都市経営部 | 補職 | …: the department.
                    if let Some(name) = department::in_row(r) {
                        if let Some(name) = name {
                            set_department(name, &mut ex, &mut items);
                        }
                        continue;
                    }
                    let filled: Vec<&crate::raw::Cell> = r.filled().collect();
                    match section {
                        Section::Annual | Section::Midterm => items.row(r, &mut ex),
                        Section::Mission => mission(&mut missions, &items).extend(filled.iter().map(|c| c.text())),
                        Section::Front | Section::Other => {
                            if !other_warned && !filled.is_empty() {
                                ex.warn(
                                    r.line,
                                    "table outside the mission, annual and mid-term sections not interpreted",
                                );
                                other_warned = true;
                            }
                        }
                    }
                }
            }
        }
    }
    if ex.departments.is_empty() {
        // No 部局 cell: a department named in the title lines (「…振り返り（危機管理部）」).
        let title = doc.logical_lines().into_iter().take(3).find_map(|l| super::org_unit::department_in(&l.text));
        ex.departments.extend(title);
    }
    let department = ex.departments.first().cloned();
    if department.is_none() {
        ex.warn(doc.blocks.first().map_or(1, |b| b.line()), "no department (部局) named");
    }
    for (dept, lines) in missions {
        let Some(d) = dept.or_else(|| department.clone()) else { continue };
        match ex.department_stances.iter_mut().find(|s| s.department == d) {
            Some(s) => {
                s.text.push('\n');
                s.text.push_str(&lines.join("\n"));
            }
            None => {
                ex.department_stances.push(crate::draft::DepartmentStance { department: d, text: lines.join("\n") })
            }
        }
    }
    items.finish(department.as_deref(), &mut ex);
    ex
}
