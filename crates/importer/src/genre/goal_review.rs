//! Genre `goal_review` (部局の目標と振り返り): a department's mission (使命, its stance), then
//! numbered sections; the 当年度目標 tables give annual initiatives (goal text with its
//! schedule, 実績, 課題・今後の方向性) and the 中期目標 tables mid-term ones (with a schedule),
//! each followed by rows linking it to 総合計画 codes (5-2-①) and 基本政策 numbers (「70 …」).
//! Columns are found from the header rows' vocabulary, not from their positions.

mod columns;
mod initiative;
mod items;
mod labels;
mod refs;
mod sections;

use crate::draft::{Extraction, Genre};
use crate::raw::{Block, RawDoc};
use crate::text::vocab_key;
use items::{ItemKind, Items};
use sections::{Headings, Section};

fn is_department_label(text: &str) -> bool {
    matches!(vocab_key(text).as_str(), "部局" | "部局名" | "部署" | "部署名" | "所属" | "所属名" | "部課名")
}

/// Reads a goal review.
pub fn interpret(doc: &RawDoc) -> Extraction {
    let mut ex = Extraction::empty(Genre::GoalReview);
    let mut section = Section::Front;
    let mut headings = Headings::default();
    let mut mission: Vec<String> = Vec::new();
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
    for b in &doc.blocks {
        match b {
            Block::Text(t) => {
                for l in &t.lines {
                    if claimed(l.no, section, &mut items, &mut ex) {
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
                    if let Some((label, value)) = l.text.split_once(['：', ':']) {
                        if is_department_label(label) && !value.trim().is_empty() {
                            // 「部局名：都市整備部」 on a line of its own.
                            let name = value.trim().to_string();
                            if !ex.departments.contains(&name) {
                                ex.departments.push(name);
                            }
                            continue;
                        }
                    }
                    if matches!(section, Section::Annual | Section::Midterm) && items.text_line(l.no, &l.text, &mut ex)
                    {
                        continue;
                    }
                    match section {
                        Section::Mission => {
                            let t = l.text.trim().trim_start_matches(['-', '・', '*', '●']).trim();
                            if !t.is_empty() {
                                mission.push(t.to_string());
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
                    let filled: Vec<&crate::raw::Cell> = r.filled().collect();
                    if let Some(k) = filled.iter().position(|c| is_department_label(&c.text())) {
                        if let Some(d) = filled.get(k + 1) {
                            let name = d.text();
                            if !ex.departments.contains(&name) {
                                ex.departments.push(name);
                            }
                        }
                        continue;
                    }
                    match section {
                        Section::Annual | Section::Midterm => items.row(r, &mut ex),
                        Section::Mission => mission.extend(filled.iter().map(|c| c.text())),
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
    if !mission.is_empty() {
        if let Some(d) = &department {
            ex.department_stances
                .push(crate::draft::DepartmentStance { department: d.clone(), text: mission.join("\n") });
        }
    }
    items.finish(department.as_deref(), &mut ex);
    ex
}
