//! Genre `goal_review` (部局の目標と振り返り): a department's mission (使命, its stance), then
//! numbered sections; the 当年度目標 tables give annual initiatives (goal text with its
//! schedule, 実績, 課題・今後の方向性) and the 中期目標 tables mid-term ones (with a schedule),
//! each followed by rows linking it to 総合計画 codes (5-2-①) and 基本政策 numbers (「70 …」).
//! Columns are found from the header rows' vocabulary, not from their positions.

mod items;
mod refs;

use crate::draft::{Extraction, Genre};
use crate::raw::{Block, RawDoc};
use crate::text::vocab_key;
use items::{ItemKind, Items};

/// What a numbered section of the document holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Front,
    Mission,
    Annual,
    Midterm,
    Other,
}

/// 「1. 部局の使命」「【当年度目標】」「Ⅱ 中期目標」 → the kind of section the heading opens. A
/// numbered heading with other words opens a section this genre does not read.
fn section_heading(text: &str) -> Option<Section> {
    let t = text.trim();
    if t.chars().count() > 80 || t.contains('。') {
        return None;
    }
    let marks = |c: char| matches!(c, '#' | '【' | '■' | '●' | '◆' | '□' | '▼' | '〔' | '［' | ' ' | '\u{3000}');
    let body = t.trim_start_matches(marks);
    let numeral = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c) || ('Ⅰ'..='Ⅻ').contains(&c);
    let digits = body.chars().take_while(|c| numeral(*c)).count();
    let rest: String = body.chars().skip(digits).collect();
    let rest = rest.trim_start_matches(['.', '．', ')', '）', '、', ' ', '\u{3000}']);
    let rest = rest.trim_end_matches(['】', '〕', '］', ' ']);
    let marked = digits > 0 || body.len() < t.len();
    if !marked || digits > 2 || rest.is_empty() {
        return None;
    }
    let k = vocab_key(rest);
    Some(if k.ends_with("使命") {
        Section::Mission
    } else if k.contains("中期目標") || k.contains("中長期目標") {
        Section::Midterm
    } else if k.contains("年度目標") || k.contains("年度の目標") {
        Section::Annual
    } else if digits > 0 {
        Section::Other
    } else {
        return None;
    })
}

fn is_department_label(text: &str) -> bool {
    matches!(vocab_key(text).as_str(), "部局" | "部局名" | "部署" | "部署名" | "所属" | "所属名" | "部課名")
}

/// Reads a goal review.
pub fn interpret(doc: &RawDoc) -> Extraction {
    let mut ex = Extraction::empty(Genre::GoalReview);
    let mut section = Section::Front;
    let mut mission: Vec<String> = Vec::new();
    let mut items = Items::default();
    let mut other_warned = false;
    // The opening lines before any section are the title (read by `meta`), not content.
    let title_lines: Vec<usize> = doc.logical_lines().iter().take(3).map(|l| l.no).collect();
    for b in &doc.blocks {
        match b {
            Block::Text(t) => {
                for l in &t.lines {
                    if let Some(s) = section_heading(&l.text) {
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
                    if matches!(section, Section::Annual | Section::Midterm)
                        && (items.text_item(l.no, &l.text) || items.text_field(&l.text))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_headings_in_several_shapes() {
        assert_eq!(section_heading("1. 部局の使命"), Some(Section::Mission));
        assert_eq!(section_heading("【今年度の目標】"), Some(Section::Annual));
        assert_eq!(section_heading("Ⅲ 中長期目標"), Some(Section::Midterm));
        assert_eq!(section_heading("2. 取り組み方針"), Some(Section::Other));
        assert_eq!(section_heading("部局の使命を果たすため、公園を守る。"), None);
        assert_eq!(section_heading("公園の再生"), None);
    }
}
