//! Labelled values of a plan chapter — 「label：value」 lines and `label | value` rows — placed
//! by their label, whatever layout carries them: 施策 opens a plan node, 主な取組 an action,
//! 指標 an indicator (現状値 / 目標値 after it fill it), 計画等の名称 a related plan, テーマ a
//! theme; a 内容 describes what its record is about (the action, plan or theme just named),
//! and a line that continues a value (a hard wrap) goes with it.

use super::actions::{add_plans, append_summary, new_action};
use super::fields::{self, Field, Labelled};
use super::indicator_lines::indicator_line;
use super::lines::Section;
use super::tables::{strip_quotes, TableRow};
use super::text::{circled_number, clean, key, name_remainder, paren_number};
use super::walker::{append, code_of, line, open_node, section_text, State};
use crate::draft::{Extraction, IndicatorDraft, RelatedPlanDraft};
use crate::raw::Line;

/// What the record being read is about.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) enum Subject {
    #[default]
    None,
    Theme,
    /// A related plan (index into `related_plan_details`).
    Plan(usize),
    Action,
    Indicator,
}

/// Places a labelled value; false leaves the line to the line classifier (a bare section
/// label such as 「指標：」 or 「主な取組：」 with nothing after it).
pub(super) fn field(no: usize, f: &Labelled, st: &mut State, ex: &mut Extraction) -> bool {
    let value = f.value.as_str();
    st.open = None;
    match f.field {
        Field::Theme if is_name_so_far(value, st) => {
            let name = strip_quotes(value);
            if !ex.themes.iter().any(|t| key(t) == key(name)) {
                ex.themes.push(name.to_string());
            }
            st.subject = Subject::Theme;
            st.open = Some(Field::Theme);
        }
        Field::Policy | Field::Measure if !value.is_empty() => {
            let opened = open_node(no, &f.label, value, st, ex);
            st.open = opened.then_some(Field::Measure);
            return opened;
        }
        Field::PlanName if !value.is_empty() => {
            let name = strip_quotes(value).to_string();
            add_plans(ex, vec![RelatedPlanDraft { name, description: None, measure: code_of(ex, st.measure()) }]);
            st.subject = Subject::Plan(ex.related_plan_details.len() - 1);
            st.section = Some(Section::RelatedPlans);
            st.open = Some(Field::PlanName);
        }
        // In a theme's record, what its actions are (「具体的な取組（例）：…」) describes the theme.
        Field::Action if st.subject == Subject::Theme && st.in_paragraph => st.open = Some(Field::Content),
        Field::Action if is_name_so_far(value, st) => {
            // 「(1) 花壇の管理」「①花壇の管理」: the item number is no part of the name.
            let name = paren_number(value).or_else(|| circled_number(value)).map_or(value, |(_, rest)| rest);
            new_action(no, name, false, st, ex);
            // A name the wrap cut may end like a verb (「…を活用した」): it is no description.
            if let Some(a) = st.action.and_then(|i| ex.initiatives.get_mut(i)) {
                if a.summary.as_deref() == Some(a.name.as_str()) {
                    a.summary = None;
                }
            }
            st.subject = Subject::Action;
            st.open = Some(Field::Action);
        }
        // A sentence under an action label (「具体的な取組（例）：…を進めます。」) describes.
        Field::Action | Field::Content if !value.is_empty() => {
            describe(no, value, false, st, ex);
            st.open = Some(Field::Content);
        }
        // 「内容：」 with the text on the lines below.
        Field::Content if st.subject != Subject::None => st.open = Some(Field::Content),
        Field::Perspective | Field::Reform if st.subject == Subject::Action => {
            if !value.is_empty() {
                set_action_field(f.field, value, false, st, ex);
            }
            st.open = Some(f.field);
        }
        Field::Indicator if !value.is_empty() => {
            let measure = code_of(ex, st.measure());
            ex.indicators.push(IndicatorDraft { name: value.to_string(), measure, line: no, ..Default::default() });
            st.last_indicators = vec![ex.indicators.len() - 1];
            st.section = Some(Section::Indicators);
            st.subject = Subject::Indicator;
            st.open = Some(Field::Indicator);
        }
        Field::Baseline | Field::Target | Field::Unit => {
            return indicator_line(no, &format!("{}：{}", f.written, value), st, ex);
        }
        Field::Vision | Field::Issues | Field::SdgsDirection | Field::Plans | Field::Department => {
            st.section = Some(match f.field {
                Field::Vision => Section::Vision,
                Field::Issues => Section::Issues,
                Field::SdgsDirection => Section::SdgsDirection,
                Field::Plans => Section::RelatedPlans,
                _ => Section::Department,
            });
            st.action = None;
            st.subject = Subject::None;
            if !value.is_empty() {
                section_text(no, value, st, ex);
            }
        }
        _ => return false,
    }
    true
}

/// A name, or the start of one the hard wrap cut on this line.
fn is_name_so_far(value: &str, st: &State) -> bool {
    fields::is_name(value) || (st.line_cut && fields::is_name_start(value))
}

/// A description of the record's subject; `continues` joins it to the text before it.
fn describe(no: usize, t: &str, continues: bool, st: &mut State, ex: &mut Extraction) {
    match st.subject {
        Subject::Action => append_summary(ex, st.action, t, !continues),
        Subject::Plan(i) => {
            if let Some(p) = ex.related_plan_details.get_mut(i) {
                append(&mut p.description, t, continues);
            }
        }
        // A theme's or an indicator's description has no place in a draft.
        Subject::Theme | Subject::Indicator => {}
        Subject::None if !t.is_empty() => section_text(no, t, st, ex),
        Subject::None => {}
    }
}

fn set_action_field(f: Field, t: &str, continues: bool, st: &mut State, ex: &mut Extraction) {
    if let Some(a) = st.action.and_then(|i| ex.initiatives.get_mut(i)) {
        let target = if f == Field::Perspective { &mut a.perspective } else { &mut a.reform };
        append(target, t, continues);
    }
}

/// A line continuing the value of the labelled field `open`; false when it cannot. A name
/// runs on over a line only when the hard wrap cut it there (or, in text without a wrap
/// width, when the line is a few characters that end no sentence) and it stays a name; a line
/// under an action's name that does not finish it describes the action.
pub(super) fn continue_field(open: Field, t: &str, st: &mut State, ex: &mut Extraction) -> bool {
    match open {
        Field::Theme | Field::Measure | Field::PlanName | Field::Indicator | Field::Action
            if (st.prev_cut || (st.wrap.is_none() && name_remainder(t))) && extend_name(open, t, st, ex) => {}
        Field::Action => {
            let continues = st.action.and_then(|i| ex.initiatives.get(i)).is_some_and(|a| a.summary.is_some());
            describe(0, t, continues, st, ex);
            st.open = Some(Field::Content);
        }
        Field::Content if st.subject != Subject::None => describe(0, t, true, st, ex),
        Field::Perspective | Field::Reform => set_action_field(open, t, true, st, ex),
        _ => return false,
    }
    true
}

/// Appends `t` to the name the field `open` gave, when the result is still a name.
fn extend_name(open: Field, t: &str, st: &State, ex: &mut Extraction) -> bool {
    let name: Option<&mut String> = match (open, st.subject) {
        (Field::Theme, _) => ex.themes.last_mut(),
        (Field::Measure, _) => st.measure().and_then(|i| ex.measures.get_mut(i)).map(|m| &mut m.title),
        (Field::Indicator, _) => st.last_indicators.last().and_then(|&i| ex.indicators.get_mut(i)).map(|d| &mut d.name),
        (Field::Action, _) => {
            st.action.and_then(|i| ex.initiatives.get_mut(i)).filter(|a| a.summary.is_none()).map(|a| &mut a.name)
        }
        (Field::PlanName, Subject::Plan(i)) => {
            let old = ex.related_plan_details.get(i).map(|p| p.name.clone());
            let longer = old.as_ref().map(|o| format!("{o}{}", clean(t))).filter(|n| fields::is_name(n));
            let (Some(old), Some(longer)) = (old, longer) else { return false };
            for n in ex.related_plans.iter_mut().filter(|n| **n == old) {
                n.clone_from(&longer);
            }
            if let Some(p) = ex.related_plan_details.get_mut(i) {
                p.name = longer;
            }
            return true;
        }
        _ => None,
    };
    match name {
        Some(name) if fields::is_name(&format!("{name}{}", clean(t))) => {
            name.push_str(clean(t));
            true
        }
        _ => false,
    }
}

/// A block of `label | value` rows (a field table): each row read as its 「label：value」
/// line; a row with an empty label continues the field above on a new line.
pub(super) fn field_rows(rows: &[TableRow], st: &mut State, ex: &mut Extraction) {
    let mut last: Option<Labelled> = None;
    for r in rows {
        if let Some(f) = fields::field_row(r) {
            let text = format!("{}：{}", f.written, f.value);
            st.in_paragraph = false;
            if !field(r.line, &f, st, ex) {
                line(&Line { no: r.line, text }, st, ex);
            }
            last = Some(f);
        } else if let Some(value) = fields::continuation_row(r) {
            match (st.open, &last) {
                (Some(open), _) => {
                    st.in_paragraph = false;
                    continue_field(open, &value, st, ex);
                }
                // A further paragraph or list item of a section's field.
                (None, Some(f)) if is_section(f.field) => {
                    st.in_paragraph = false;
                    section_text(r.line, &value, st, ex);
                }
                _ => {
                    ex.warn(r.line, format!("text not placed: {}", clean(&value).chars().take(40).collect::<String>()))
                }
            }
        }
    }
    st.in_paragraph = false;
}

/// Fields read as the text of a section (their further rows are further paragraphs).
fn is_section(f: Field) -> bool {
    matches!(f, Field::Vision | Field::Issues | Field::SdgsDirection | Field::Plans | Field::Department)
}

/// Is every row of the block a field row or the continuation of one, starting with a field?
pub(super) fn is_field_block(rows: &[TableRow]) -> bool {
    rows.first().is_some_and(|r| fields::field_row(r).is_some())
        && rows.iter().all(|r| fields::field_row(r).is_some() || fields::continuation_row(r).is_some())
}

#[cfg(test)]
mod tests {
    use crate::draft::{Extraction, Genre};
    use crate::genre::plan_chapter::text::hard_wrap;
    use crate::genre::plan_chapter::walker::walk;
    use crate::raw::Line;

    fn read(text: &str) -> Extraction {
        let lines: Vec<Line> = text.lines().enumerate().map(|(i, t)| Line { no: i + 1, text: t.into() }).collect();
        let mut ex = Extraction::empty(Genre::PlanChapter);
        walk(&lines, &mut ex);
        ex
    }

    #[test]
    fn labelled_records_give_nodes_actions_plans_themes_and_indicators() {
        let ex = read(
            "指標：花壇の数\n現状値：12か所\n【目標値】20か所\n\n計画等の名称：緑の計画\n内容：緑を増やす計画です。\n\n\
             テーマ：協働\n具体的な取組（例）：市民と協働で\n進めます。\n\n7 花のまち\n\n目指す姿：花が咲くまち\n\
             施策：7-1 花壇の整備\n主な取組：花壇の管理\n内容：市民と花壇を管理\nします。\n\n主な取組：苗の配布\n苗を配ります。\n\n主な取組：案内板の設\n置\n",
        );
        let ind = &ex.indicators[0];
        assert_eq!(
            (ind.name.as_str(), ind.baseline.as_deref(), ind.target.as_deref()),
            ("花壇の数", Some("12か所"), Some("20か所"))
        );
        assert_eq!(ex.related_plans, ["緑の計画"]);
        assert_eq!(ex.related_plan_details[0].description.as_deref(), Some("緑を増やす計画です。"));
        assert_eq!(ex.themes, ["協働"]);
        let m: Vec<_> = ex.measures.iter().map(|m| (m.code.as_deref(), m.parent.as_deref())).collect();
        assert_eq!(m, [(Some("7"), None), (Some("7-1"), Some("7"))]);
        assert_eq!(ex.measures[0].vision.as_deref(), Some("花が咲くまち"));
        let a: Vec<_> =
            ex.initiatives.iter().map(|a| (a.name.as_str(), a.measure.as_deref(), a.summary.as_deref())).collect();
        assert_eq!(
            a,
            [
                ("花壇の管理", Some("7-1"), Some("市民と花壇を管理します。")),
                ("苗の配布", Some("7-1"), Some("苗を配ります。")),
                ("案内板の設置", Some("7-1"), None)
            ]
        );
        assert!(ex.warnings.is_empty(), "{:?}", ex.warnings);
    }

    #[test]
    fn hard_wrapped_names_run_on() {
        let text = "テーマ：地域の多様な主体による協働\n\n計画等の名称：花山市みどりの基本計画\n\n\
                    8 みどり\n\n施策：8-1 公園と緑地の計画的な整備\n\
                    主な取組：公園の遊具の計画的な更新\n内容：古い遊具を点検し、順に新しくします。\n\n\
                    主な取組：媒体を活用した広報\n\n主な取組：(2) 苗の配布\n";
        let ex = read(&hard_wrap(text, 24));
        assert_eq!(ex.themes, ["地域の多様な主体による協働"]);
        assert_eq!(ex.related_plans, ["花山市みどりの基本計画"]);
        assert_eq!(ex.measures[1].title, "公園と緑地の計画的な整備");
        let a = &ex.initiatives[0];
        assert_eq!(
            (a.name.as_str(), a.summary.as_deref()),
            ("公園の遊具の計画的な更新", Some("古い遊具を点検し、順に新しくします。"))
        );
        // Cut right after 「…活用した」, which alone would end like a sentence.
        let b = &ex.initiatives[1];
        assert_eq!((b.name.as_str(), b.summary.as_deref()), ("媒体を活用した広報", None));
        assert_eq!(ex.initiatives[2].name, "苗の配布");
    }

    #[test]
    fn field_rows_read_like_labelled_lines() {
        let ex = read("5 緑のまち\n\n目指す姿\t緑が豊かなまち\n関連計画\t緑の基本計画\n\t花いっぱい条例\n");
        assert_eq!(ex.measures[0].vision.as_deref(), Some("緑が豊かなまち"));
        assert_eq!(ex.related_plans, ["緑の基本計画", "花いっぱい条例"]);
        assert!(ex.warnings.is_empty(), "{:?}", ex.warnings);
    }
}
