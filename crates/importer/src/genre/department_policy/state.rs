//! The reading state of a department policy: which department, section and theme the next
//! text belongs to, and the initiative being read.

use super::classify as c;
use super::themes::Slots;
use crate::draft::{DepartmentStance, Extraction, InitiativeDraft, SectionDraft};

/// Start of the warning about an initiative without a theme.
pub(super) const OUTSIDE_THEME: &str = "initiative outside any theme";

/// An initiative being read: name, summary paragraphs, and the theme slot it falls under.
#[derive(Debug)]
struct Pending {
    line: usize,
    name: String,
    summary: Vec<String>,
    slot: Option<(String, u32)>,
    /// Labelled side columns (担当課 …) of the initiative's row.
    sections: Vec<SectionDraft>,
}

#[derive(Debug, Default)]
pub(super) struct State {
    department: Option<String>,
    /// Collecting stance lines (plain-line layouts) for the current department.
    stance: Option<(usize, Vec<String>)>,
    /// Current section key (vocabulary key of its heading; "" before any).
    section: String,
    /// Themes seen in the current department's current section.
    themes_in_section: u32,
    /// Current theme slot.
    slot: Option<(String, u32)>,
    pending: Option<Pending>,
    /// Columns the header row labels as side information (担当課, 備考 …): index and label.
    side_columns: Vec<(usize, String)>,
    /// Under a heading such as 重点取組 numbered lines are initiatives, not themes.
    numbered_initiatives: bool,
    /// Lines before the first department (title page, table of contents): first, last, count.
    front: Option<(usize, usize, usize)>,
    pub(super) slots: Slots,
}

impl State {
    /// A plain logical line.
    pub(super) fn line(&mut self, no: usize, text: &str, ex: &mut Extraction) {
        let t = text.trim();
        if t.is_empty() {
            return;
        }
        if let Some(d) = c::department_heading(t).or_else(|| c::department_line(t)) {
            self.start_department(d, ex);
            return;
        }
        if c::is_issuer(t) {
            return;
        }
        if let Some((label, value)) = c::labelled(t) {
            if c::is_department_label(&label) {
                self.start_department(value, ex);
                return;
            }
            if c::is_person_label(&label) {
                return;
            }
            if self.department.is_some() && c::is_stance_label(&label) {
                // The stance goes on over the following lines until a label or heading.
                self.close_stance(ex);
                self.stance = Some((no, vec![value]));
                return;
            }
            if self.department.is_some() {
                if let Some(kind) = c::initiative_label(&label) {
                    self.labelled_unit(no, kind, &label, &value, ex);
                    return;
                }
            }
        }
        if self.department.is_none() {
            self.skip_front(no);
            return;
        }
        if c::is_stance_label(t) {
            // A label broken over two lines (「部局運営に関する」「基本的考え方」) stays one.
            if !self.stance.as_ref().is_some_and(|(_, lines)| lines.is_empty()) {
                self.close_stance(ex);
                self.stance = Some((no, Vec::new()));
            }
            return;
        }
        if c::is_section_heading(t) {
            self.start_section(t, ex);
            return;
        }
        if let Some(h) = c::list_heading(t) {
            // A list heading on a line of its own (「重点取組」, 「重点項目」, 「重点取組２」).
            self.close_stance(ex);
            self.close_pending(ex);
            self.numbered_initiatives = c::is_initiative_list_heading(&h);
            return;
        }
        if let Some((_, lines)) = self.stance.as_mut() {
            lines.push(t.to_string());
            return;
        }
        if self.numbered_initiatives && c::is_numbered_theme(t) {
            let (_, name) = c::theme_label(t);
            self.unit(no, &name, ex);
            return;
        }
        if c::is_numbered_theme(t) {
            self.start_theme(no, t, ex);
            return;
        }
        self.unit(no, t, ex);
    }

    /// A table row: `cells` whole, `parts` the paragraphs and items of each cell.
    pub(super) fn row(&mut self, no: usize, cells: &[String], parts: &[Vec<String>], ex: &mut Extraction) {
        let filled: Vec<usize> = (0..cells.len()).filter(|&i| !cells[i].trim().is_empty()).collect();
        if filled.is_empty() {
            return;
        }
        if filled.iter().any(|&i| c::is_header_cell(&cells[i])) {
            // Column headings end a stance given as plain lines.
            self.close_stance(ex);
            self.side_columns = filled
                .iter()
                .filter(|&&i| c::is_side_header(&cells[i]))
                .map(|&i| (i, cells[i].trim().to_string()))
                .collect();
            return;
        }
        // Labelled cells: 部局名 | 市長室 | 基本的考え方 | stance.
        let mut used = vec![false; cells.len()];
        let mut side = Vec::new();
        for (i, label) in &self.side_columns {
            if let Some(t) = cells.get(*i).filter(|t| !t.trim().is_empty()) {
                used[*i] = true;
                side.push(SectionDraft { label: label.clone(), body: t.trim().to_string() });
            }
        }
        for (k, &i) in filled.iter().enumerate() {
            let next = filled.get(k + 1).copied();
            if c::is_department_label(&cells[i]) {
                if let Some(j) = next {
                    self.start_department(cells[j].trim().to_string(), ex);
                    used[i] = true;
                    used[j] = true;
                }
            } else if c::is_person_label(&cells[i]) && !used[i] {
                // 部長名 | 架空 一郎: who is responsible, not policy text.
                used[i] = true;
                if let Some(j) = next {
                    used[j] = true;
                }
            } else if self.department.is_some() && !used[i] && c::is_stance_label(&cells[i]) {
                used[i] = true;
                match next {
                    Some(j) => {
                        // Rows of one cell below go on with it.
                        self.close_stance(ex);
                        self.stance = Some((no, parts[j].clone()));
                        used[j] = true;
                    }
                    None => {
                        self.close_stance(ex);
                        self.stance = Some((no, Vec::new()));
                    }
                }
            }
        }
        if self.department.is_none() {
            self.skip_front(no);
            return;
        }
        let rest: Vec<usize> = filled.iter().copied().filter(|&i| !used[i]).collect();
        let Some(&first) = rest.first() else { return };
        if rest.len() == 1 && c::is_section_heading(&cells[first]) {
            self.start_section(&cells[first], ex);
            return;
        }
        if rest.len() > 1 || used.iter().any(|&u| u) {
            // A row of several cells (or one that gave a label of its own) is not the stance's.
            if self.stance.as_ref().is_some_and(|(l, lines)| *l != no && !lines.is_empty()) {
                self.close_stance(ex);
            }
        }
        if let Some((_, lines)) = self.stance.as_mut() {
            // A stance label in a plain line, its text in a row; or the stance's next paragraph.
            lines.extend(rest.iter().flat_map(|&i| parts[i].iter().cloned()));
            return;
        }
        let mut units = rest.as_slice();
        if first == 0 && !c::is_intro(&cells[0]) && (rest.len() > 1 || c::is_numbered_theme(&cells[0])) {
            // First column: the theme (重点項目).
            self.start_theme(no, &cells[0], ex);
            units = &rest[1..];
        }
        for &i in units {
            for p in &parts[i] {
                self.unit(no, p, ex);
            }
        }
        if let Some(p) = self.pending.as_mut().filter(|p| p.line == no) {
            p.sections.extend(side);
        }
    }

    /// 「取組名：…」「取組内容：…」「重点項目：…」「担当課：…」 lines.
    fn labelled_unit(&mut self, no: usize, kind: c::InitiativeLabel, label: &str, value: &str, ex: &mut Extraction) {
        self.close_stance(ex);
        match kind {
            c::InitiativeLabel::Name => {
                self.close_pending(ex);
                self.pending = Some(Pending {
                    line: no,
                    name: value.to_string(),
                    summary: Vec::new(),
                    slot: self.slot.clone(),
                    sections: Vec::new(),
                });
            }
            c::InitiativeLabel::Summary => match self.pending.as_mut() {
                Some(p) => p.summary.push(value.to_string()),
                None => ex.warn(no, format!("{label} outside any initiative: {}", short(value))),
            },
            c::InitiativeLabel::Theme => self.start_theme(no, value, ex),
            c::InitiativeLabel::Side => match self.pending.as_mut() {
                Some(p) => p.sections.push(SectionDraft { label: label.to_string(), body: value.to_string() }),
                None => ex.warn(no, format!("{label} outside any initiative: {}", short(value))),
            },
        }
    }

    /// Text before the first department: counted, reported once.
    fn skip_front(&mut self, no: usize) {
        let f = self.front.get_or_insert((no, no, 0));
        f.1 = no;
        f.2 += 1;
    }

    fn start_department(&mut self, name: String, ex: &mut Extraction) {
        if let Some((first, last, n)) = self.front.take() {
            if n > 1 {
                ex.warn(first, format!("{n} lines before the first department (lines {first}-{last}: title page, contents) were not read as policy"));
            }
        }
        self.finish(ex);
        if !ex.departments.contains(&name) {
            ex.departments.push(name.clone());
        }
        self.department = Some(name);
        self.side_columns.clear();
        self.section.clear();
        self.numbered_initiatives = false;
        self.themes_in_section = 0;
        self.slot = None;
    }

    fn start_section(&mut self, heading: &str, ex: &mut Extraction) {
        self.close_stance(ex);
        self.close_pending(ex);
        self.section = crate::text::vocab_key(heading);
        self.numbered_initiatives = false;
        self.themes_in_section = 0;
        self.slot = None;
    }

    fn start_theme(&mut self, no: usize, label: &str, ex: &mut Extraction) {
        self.close_stance(ex);
        self.close_pending(ex);
        self.themes_in_section += 1;
        let slot = self.slots.place(&self.section, label, self.themes_in_section, no);
        self.slot = Some((self.section.clone(), slot));
    }

    /// A paragraph of initiative text: a name, a summary, or both in one.
    fn unit(&mut self, no: usize, text: &str, ex: &mut Extraction) {
        let t = text.trim();
        if t.is_empty() {
            return;
        }
        if c::is_intro(t) {
            // A short line just before the intro was the theme label, not an initiative.
            if let Some(p) = self.pending.take_if(|p| p.summary.is_empty()) {
                self.start_theme(p.line, &p.name, ex);
            }
            return;
        }
        if c::is_name(t) {
            self.close_pending(ex);
            self.pending = Some(Pending {
                line: no,
                name: t.to_string(),
                summary: Vec::new(),
                slot: self.slot.clone(),
                sections: Vec::new(),
            });
            return;
        }
        for (k, sentence) in c::sentences(t).into_iter().enumerate() {
            let fresh = self.pending.as_ref().is_some_and(|p| p.summary.is_empty());
            if !(k == 0 && fresh) {
                if let Some((name, summary)) = c::split_name_summary(&sentence) {
                    self.close_pending(ex);
                    self.pending = Some(Pending {
                        line: no,
                        name,
                        summary: vec![summary],
                        slot: self.slot.clone(),
                        sections: Vec::new(),
                    });
                    continue;
                }
            }
            match self.pending.as_mut() {
                Some(p) if k > 0 => {
                    if let Some(last) = p.summary.last_mut() {
                        last.push(' ');
                        last.push_str(&sentence);
                    }
                }
                Some(p) => p.summary.push(sentence),
                None => ex.warn(no, format!("text outside any initiative: {}", short(&sentence))),
            }
        }
    }

    fn close_stance(&mut self, ex: &mut Extraction) {
        if let Some((no, lines)) = self.stance.take() {
            let text = lines.join("\n");
            match (&self.department, text.trim().is_empty()) {
                (Some(d), false) => match ex.department_stances.last_mut().filter(|s| &s.department == d) {
                    // A second stance text (部の使命, then 運営方針) adds to the first.
                    Some(s) => {
                        s.text.push('\n');
                        s.text.push_str(&text);
                    }
                    None => ex.department_stances.push(DepartmentStance { department: d.clone(), text }),
                },
                (Some(d), true) => ex.warn(no, format!("stance label without text for {d}")),
                (None, _) => ex.warn(no, "stance outside any department"),
            }
        }
    }

    fn close_pending(&mut self, ex: &mut Extraction) {
        let Some(p) = self.pending.take() else { return };
        if p.summary.is_empty() {
            ex.warn(p.line, format!("initiative without summary: {}", p.name));
        }
        if p.slot.is_none() {
            ex.warn(p.line, format!("{OUTSIDE_THEME}: {}", p.name));
        }
        ex.initiatives.push(InitiativeDraft {
            name: p.name,
            summary: (!p.summary.is_empty()).then(|| p.summary.join("\n")),
            department: self.department.clone(),
            // The theme slot, replaced by the theme's name once every label is known.
            theme: p.slot.map(|(s, n)| super::themes::slot_key(&s, n)),
            kind: "annual".to_string(),
            sections: p.sections,
            line: p.line,
            ..Default::default()
        });
    }

    /// The end of the document: what is open is closed; text never placed under a department
    /// is reported.
    pub(super) fn end(&mut self, ex: &mut Extraction) {
        self.finish(ex);
        if let Some((first, last, n)) = self.front.take() {
            if self.department.is_none() {
                ex.warn(first, format!("no department heading (〇〇部運営方針, 部局名) found: {n} lines (lines {first}-{last}) not read"));
            }
        }
    }

    /// Closes what is open (at a new department and at the end).
    pub(super) fn finish(&mut self, ex: &mut Extraction) {
        self.close_stance(ex);
        self.close_pending(ex);
    }
}

fn short(t: &str) -> String {
    let s: String = t.chars().take(30).collect();
    if t.chars().count() > 30 {
        format!("{s}…")
    } else {
        s
    }
}
