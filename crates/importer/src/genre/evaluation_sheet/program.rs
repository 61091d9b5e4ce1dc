//! A program (事務事業) from its labelled fields, whichever reader found them: the name, the
//! owner (a 課 over its 部), the place in the plan, the period, the texts, the judgements and
//! the direction.

use super::{measure_level, period};
use crate::draft::{InitiativeDraft, JudgementDraft, PlanStepDraft, SectionDraft};
use crate::genre::plan_chapter::org::first_fiscal_year;
use crate::genre::plan_chapter::text::{clean, key};
use crate::vocab::{Field, Vocabulary};

/// A labelled value and how sure its reader is of it (0 best).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Labelled {
    pub field: Field,
    pub value: String,
    pub line: usize,
    pub rank: u8,
}

/// The best value of a one-line field: the surest, then the first.
fn best(fields: &[Labelled], field: Field) -> Option<&Labelled> {
    fields.iter().filter(|f| f.field == field && !clean(&f.value).is_empty()).min_by_key(|f| (f.rank, f.line))
}

/// Builds the program; `None` without a name.
pub(crate) fn build(fields: &[Labelled], v: &Vocabulary) -> Option<InitiativeDraft> {
    let name = best(fields, Field::Name)?;
    let mut ini =
        InitiativeDraft { kind: "program".into(), name: one_line(&name.value), line: name.line, ..Default::default() };
    ini.code = best(fields, Field::Code).map(|f| one_line(&f.value));
    owner(fields, &mut ini);
    for (field, level) in [(Field::Policy, "政策"), (Field::Measure, "施策"), (Field::BasicProject, "基本事業")]
    {
        if let Some(f) = best(fields, field) {
            let (code, title) = split_code(&one_line(&f.value));
            ini.plan_path.push(PlanStepDraft { level: level.into(), code, title });
        }
    }
    ini.measure = best(fields, Field::Measure).map(|f| measure_level(&f.value));
    if let Some(f) = best(fields, Field::Period) {
        (ini.period_start, ini.period_end) = period(&f.value);
    }
    if let Some(f) = best(fields, Field::PeriodStart) {
        ini.period_start = first_fiscal_year(&f.value).map(|y| y.year()).or(ini.period_start);
    }
    if let Some(f) = best(fields, Field::PeriodEnd) {
        ini.period_end = first_fiscal_year(&f.value).map(|y| y.year()).or(ini.period_end);
    }
    let mut summary: Vec<&str> = Vec::new();
    let mut seen: Vec<(Field, String)> = Vec::new();
    let mut ordered: Vec<&Labelled> = fields.iter().collect();
    ordered.sort_by_key(|f| f.line);
    for f in ordered {
        let body = clean(&f.value);
        if body.is_empty() || !is_text(f.field) || seen.iter().any(|(g, b)| *g == f.field && b == body) {
            continue;
        }
        seen.push((f.field, body.to_string()));
        if matches!(f.field, Field::Method | Field::Content | Field::Purpose) {
            summary.push(body);
        }
        if is_judgement(f.field) && body.chars().count() <= 40 {
            ini.judgements.push(JudgementDraft { axis: f.field.label().into(), value: one_line(body) });
        }
        if f.field == Field::Direction && ini.direction.is_none() {
            ini.direction = v.direction(body).map(|d| d.as_str().to_string());
        }
        ini.sections.push(SectionDraft { label: f.field.label().to_string(), body: body.to_string() });
    }
    if !summary.is_empty() {
        ini.summary = Some(summary.join("\n"));
    }
    Some(ini)
}

/// Fields kept as the program's labelled texts (sections).
fn is_text(f: Field) -> bool {
    !matches!(
        f,
        Field::Name
            | Field::Code
            | Field::Department
            | Field::Bureau
            | Field::Section
            | Field::Policy
            | Field::Measure
            | Field::BasicProject
    ) && !f.is_table_header()
        && !matches!(f, Field::Indicator | Field::ActivityIndicator | Field::OutcomeIndicator | Field::Cost)
}

fn is_judgement(f: Field) -> bool {
    matches!(f, Field::Evaluation | Field::Necessity | Field::Effectiveness | Field::Efficiency | Field::Fairness)
}

/// The department: a 課 when the sheet names one, with its 部 as the parent; 「産業振興部　農政課」
/// in one cell stays as written, its 部 the parent.
fn owner(fields: &[Labelled], ini: &mut InitiativeDraft) {
    let section = best(fields, Field::Section).map(|f| one_line(&f.value));
    let bureau = best(fields, Field::Bureau).map(|f| one_line(&f.value));
    let department = best(fields, Field::Department).map(|f| one_line(&f.value));
    let (dep, parent) = match (section, department, bureau) {
        (Some(s), d, b) => (Some(s), b.or(d)),
        // Kept as written; the 部 it names is the parent.
        (None, Some(d), b) => {
            let parent = split_unit(&d).map(|(upper, _)| upper).or(b);
            (Some(d), parent)
        }
        (None, None, b) => (b, None),
    };
    ini.parent_department = parent.filter(|p| dep.as_deref() != Some(p.as_str()));
    ini.department = dep;
}

/// 「産業振興部　農政課」 → (部, 課).
fn split_unit(t: &str) -> Option<(String, String)> {
    let parts: Vec<&str> = t.split([' ', '\u{3000}', '／', '/']).filter(|p| !p.is_empty()).collect();
    let [upper, lower] = parts[..] else { return None };
    let is_upper = upper.ends_with(['部', '局', '区']);
    let is_lower = ["課", "係", "室", "センター", "所", "館"].iter().any(|w| lower.ends_with(w));
    (is_upper && is_lower).then(|| (upper.to_string(), lower.to_string()))
}

/// 「1-2 子育て支援」「①花のあるまち」「(3) 防災」 → (number, title); the title as written
/// when there is no number.
pub(crate) fn split_code(t: &str) -> (Option<String>, String) {
    let t = clean(t);
    let first = t.chars().next().unwrap_or(' ');
    if ('①'..='⑳').contains(&first) {
        let rest = clean(&t[first.len_utf8()..]);
        return (Some(first.to_string()), rest.to_string());
    }
    let code: String = t
        .chars()
        .take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(c) || "-－‐.．()（）".contains(*c))
        .collect();
    let has_digit = code.chars().any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c));
    if has_digit && code.len() < t.len() {
        let rest = clean(&t[code.len()..]);
        return (Some(key(&code)), rest.to_string());
    }
    (None, t.to_string())
}

/// A value that should be one line: its lines joined.
fn one_line(t: &str) -> String {
    crate::genre::plan_chapter::text::join_broken(t.lines())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l(field: Field, value: &str, rank: u8) -> Labelled {
        Labelled { field, value: value.into(), line: 1, rank }
    }

    #[test]
    fn a_section_is_more_specific_than_its_bureau() {
        let v = Vocabulary::builtin();
        let ini = build(
            &[l(Field::Name, "花壇事業", 0), l(Field::Bureau, "みどり部", 0), l(Field::Section, "公園課", 0)],
            &v,
        )
        .unwrap();
        assert_eq!(ini.department.as_deref(), Some("公園課"));
        assert_eq!(ini.parent_department.as_deref(), Some("みどり部"));
        let ini = build(&[l(Field::Name, "花壇事業", 0), l(Field::Department, "みどり部　公園課", 0)], &v).unwrap();
        assert_eq!(ini.department.as_deref(), Some("みどり部　公園課"));
        assert_eq!(ini.parent_department.as_deref(), Some("みどり部"));
    }

    #[test]
    fn the_surest_value_wins_and_the_plan_path_is_kept() {
        let v = Vocabulary::builtin();
        let ini = build(
            &[
                l(Field::Name, "誤読", 2),
                l(Field::Name, "花壇事業", 0),
                l(Field::Policy, "1 緑のまち", 0),
                l(Field::Measure, "1-2 花のある暮らし", 0),
                l(Field::Direction, "拡充", 0),
                l(Field::Evaluation, "A", 0),
            ],
            &v,
        )
        .unwrap();
        assert_eq!(ini.name, "花壇事業");
        assert_eq!(ini.plan_path.len(), 2);
        assert_eq!(ini.plan_path[1].code.as_deref(), Some("1-2"));
        assert_eq!(ini.plan_path[1].title, "花のある暮らし");
        assert_eq!(ini.direction.as_deref(), Some("expand"));
        assert_eq!(ini.judgements[0].value, "A");
    }
}
