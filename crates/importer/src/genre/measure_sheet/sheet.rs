//! One sheet being read (its measure, theme, texts, rows, plans), and what carries over from
//! sheet to sheet (measures seen, the sheet-start label, the last theme and measure).

use super::items::{piece, Rows};
use super::labelled::OpenField;
use super::lines::Section;
use crate::draft::{Extraction, IndicatorDraft, InitiativeDraft, MeasureDraft, RelatedPlanDraft};
use crate::genre::plan_chapter::text::{clean, join_broken, key, starts_with_bullet, Para};
use crate::raw::Line;

/// Document-level state.
#[derive(Debug, Default)]
pub(super) struct Doc {
    /// Key of the form label that opens every sheet (the first form label seen).
    pub sheet_start: Option<String>,
    pub last_theme: Option<String>,
    /// The measure of the previous sheet (a continuation page has none of its own).
    pub last_measure: Option<String>,
    /// Past the title line.
    pub started: bool,
    /// The text has (almost) no blank lines.
    pub dense: bool,
    /// The width the text was hard-wrapped at, if it was.
    pub wrap: Option<usize>,
    /// The line before reached that width (the next line may finish its words).
    pub prev_cut: bool,
}

/// The sheet being read.
#[derive(Debug, Default)]
pub(super) struct Sheet {
    pub section: Option<Section>,
    pub measures: Vec<String>,
    pub theme: Option<(String, String)>,
    pub department: Option<String>,
    pub expect_vision: bool,
    pub in_reform: bool,
    pub para: Vec<Line>,
    pub vision: Option<String>,
    pub issues: Vec<String>,
    pub sdgs: Option<String>,
    pub rows: Rows,
    pub plans: Vec<(usize, String)>,
    pub indicators: Vec<IndicatorDraft>,
    pub warnings: Vec<(usize, String)>,
    /// The labelled value being read (its lines until a blank line or the next label).
    pub field: Option<OpenField>,
}

impl Sheet {
    pub fn has_content(&self) -> bool {
        !self.measures.is_empty()
            || self.theme.is_some()
            || !self.rows.items.is_empty()
            || !self.plans.is_empty()
            || !self.issues.is_empty()
            || !self.warnings.is_empty()
    }

    /// Places the labelled value and the paragraph read so far.
    pub fn flush(&mut self, _ex: &mut Extraction) {
        if let Some(f) = self.field.take() {
            super::labelled::commit(f, self);
        }
        let lines = std::mem::take(&mut self.para);
        let Some(first) = lines.first() else { return };
        let p = Para { line: first.no, lines };
        let joined = join_broken(p.lines.iter().map(|l| l.text.as_str()));
        if self.expect_vision {
            self.expect_vision = false;
            self.vision = Some(joined);
            return;
        }
        match self.section {
            Some(Section::Issues) if starts_with_bullet(&joined) => {
                for item in joined.split('\n') {
                    self.issues.push(item.trim_start_matches(['●', '・', '○', '■']).to_string());
                }
                return;
            }
            Some(Section::SdgsDirection) => {
                self.sdgs = Some(joined);
                self.section = None;
                return;
            }
            Some(Section::Department) => {
                self.department = Some(joined);
                self.section = None;
                return;
            }
            _ => {}
        }
        if self.section == Some(Section::Issues) {
            self.section = None;
        }
        if key(&joined).starts_with("用語") {
            return; // a glossary entry
        }
        if joined.starts_with(['●', '○', '■', '◆', '□', '◎', '※']) && self.section != Some(Section::Actions)
        {
            self.warnings.push((p.line, format!("text not placed: {}", short(&joined))));
            return;
        }
        // 「・名前」 lines under an actions heading are actions by themselves.
        let bullets = p.lines.iter().all(|l| clean(&l.text).starts_with(['・', '○']));
        if self.section == Some(Section::Actions) && bullets && p.lines.iter().all(|l| !l.text.contains('。')) {
            for l in &p.lines {
                self.rows.push_listed(l.no, &l.text);
            }
            return;
        }
        let pc = piece(&p);
        if let Some(w) = self.rows.push_piece(p.line, pc) {
            self.warnings.push((w.0, format!("text not placed: {}", short(&w.1))));
        }
    }
}

fn short(t: &str) -> String {
    t.chars().take(40).collect()
}

impl Doc {
    /// Records a measure (first sighting wins; later ones fill what is missing); one without
    /// a code (「施策：花の道」) is known by its title.
    pub fn add_measure(&mut self, no: usize, code: &str, title: &str, ex: &mut Extraction) {
        let own = if code.is_empty() { title } else { code };
        if let Some(m) = ex.measures.iter_mut().find(|m| key(&measure_key(m)) == key(own)) {
            if m.parent.is_none() {
                m.parent = self.last_theme.clone();
            }
            return;
        }
        ex.measures.push(MeasureDraft {
            code: (!code.is_empty()).then(|| code.to_string()),
            title: title.to_string(),
            kind: Some("施策".into()),
            parent: self.last_theme.clone(),
            line: no,
            ..Default::default()
        });
    }

    /// Files a finished sheet into the extraction.
    pub fn finish_sheet(&mut self, sh: Sheet, ex: &mut Extraction) {
        let mut codes = sh.measures.clone();
        codes.dedup();
        let own = match codes.as_slice() {
            [one] => Some(one.clone()),
            [] => None,
            _ => {
                // A table of contents: several measures, no sheet texts.
                self.last_theme = None;
                None
            }
        };
        let code = own.clone().or_else(|| if codes.is_empty() { self.last_measure.clone() } else { None });
        let idx = code.as_ref().and_then(|c| ex.measures.iter().position(|m| measure_key(m) == *c));
        if let Some(m) = idx.and_then(|i| ex.measures.get_mut(i)) {
            fill(&mut m.vision, sh.vision.clone());
            if !sh.issues.is_empty() {
                fill(&mut m.current_issues, Some(sh.issues.join("\n")));
            }
            fill(&mut m.sdgs_direction, sh.sdgs.clone());
            if let Some((_, t)) = &sh.theme {
                fill(&mut m.parent, Some(t.clone()));
            }
        }
        let theme = sh.theme.as_ref().map(|t| t.1.clone()).or_else(|| idx.and_then(|i| ex.measures[i].parent.clone()));
        for (line, msg) in sh.warnings {
            ex.warn(line, msg);
        }
        let (rows, alone) = sh.rows.finish();
        for (line, msg) in alone {
            ex.warn(line, msg);
        }
        if code.is_none() && !rows.is_empty() {
            ex.warn(rows[0].line, "actions on a sheet without a measure line (施策 code)");
        }
        for r in rows {
            let name = r.name.unwrap_or_default();
            let (perspective, reform) = match r.perspective {
                Some((p, rf, _)) => ((!p.is_empty()).then_some(p), (!rf.is_empty()).then_some(rf)),
                None => (None, None),
            };
            let existing = ex.initiatives.iter_mut().find(|i| i.measure == code && key(&i.name) == key(&name));
            if let Some(i) = existing {
                fill(&mut i.summary, r.summary);
                fill(&mut i.perspective, perspective);
                fill(&mut i.reform, reform);
                continue;
            }
            ex.initiatives.push(InitiativeDraft {
                name,
                summary: r.summary,
                department: sh.department.clone(),
                measure: code.clone(),
                theme: theme.clone(),
                kind: "action".into(),
                perspective,
                reform,
                line: r.line,
                ..Default::default()
            });
        }
        if let Some(dep) = &sh.department {
            if !ex.departments.iter().any(|d| key(d) == key(dep)) {
                ex.departments.push(dep.clone());
            }
        }
        for (_, name) in sh.plans {
            let name = clean(&name).to_string();
            if !ex.related_plans.iter().any(|p| key(p) == key(&name)) {
                ex.related_plans.push(name.clone());
                ex.related_plan_details.push(RelatedPlanDraft { name, description: None, measure: code.clone() });
            }
        }
        for mut ind in sh.indicators {
            ind.measure = code.clone();
            ex.indicators.push(ind);
        }
        if own.is_some() {
            self.last_measure = own;
        }
    }
}

/// What a sheet calls its measure by: the code, else the title.
fn measure_key(m: &MeasureDraft) -> String {
    m.code.clone().unwrap_or_else(|| m.title.clone())
}

fn fill(target: &mut Option<String>, value: Option<String>) {
    if target.is_none() {
        *target = value;
    }
}
