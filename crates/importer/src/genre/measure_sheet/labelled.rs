//! Labelled values of a 施策 sheet — 「label：value」 lines and `label | value` rows — read by
//! their label: 方針 (the theme) or 施策 starts a sheet as the form's first label does, 施策 gives
//! the measure, 目指す姿 / 現状と課題 / SDGsに向けた方向性 its texts, 関連する個別計画 its plans
//! (one a line), 取組み名 / 内容 / 行革の視点 / 行革の視点からの取組み内容 build the rows of
//! its actions, and 指標 starts an indicator that 現状値 / 目標値 / 単位 after it fill. A value runs on over the unlabelled lines under it until a blank line or the
//! next label.

use super::items::strip_number;
use super::lines::{measure, theme, SheetLine};
use super::sheet::{Doc, Sheet};
use crate::draft::Extraction;
use crate::draft::IndicatorDraft;
use crate::genre::plan_chapter::fields::{is_name, is_name_start, Field, Labelled};
use crate::genre::plan_chapter::tables::{finish_indicator, header_year, split_note, strip_quotes};
use crate::genre::plan_chapter::text::{clean, cut_at, join_broken, starts_with_bullet};
use crate::raw::Line;

/// A labelled value being read: its parts, each a line of text and whether it was set apart
/// (a further table row or cell line, or a line after one the hard wrap did not cut) rather
/// than wrapped onto the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct OpenField {
    pub field: Field,
    /// The label as written (a value's year may be in it: 「目標値（令和10年度）」).
    pub label: String,
    pub line: usize,
    pub parts: Vec<(String, bool)>,
}

impl OpenField {
    /// Adds a line of the value; `apart` when it is a separate item, not a wrapped remainder.
    pub fn push(&mut self, t: &str, apart: bool) {
        let t = clean(t);
        if !t.is_empty() {
            self.parts.push((t.to_string(), apart));
        }
    }

    fn text(&self) -> String {
        join_broken(self.parts.iter().map(|(t, _)| t.as_str()))
    }
}

/// Reads a labelled value (the line has been flushed before).
pub(super) fn field(l: &Line, f: Labelled, d: &mut Doc, sh: &mut Sheet, ex: &mut Extraction) {
    let value = f.value.as_str();
    match f.field {
        Field::Policy | Field::Theme | Field::Measure | Field::Vision => {
            sheet_label(&f.label, d, sh, ex);
        }
        _ => {}
    }
    match f.field {
        // A name the hard wrap cut may end like a verb (「…を活用した」).
        Field::Policy | Field::Theme if is_name(value) || (cut_at(&l.text, d.wrap) && is_name_start(value)) => {
            let item = theme(value)
                .unwrap_or_else(|| SheetLine::Theme { number: String::new(), title: strip_quotes(value).to_string() });
            super::line_item(l, item, d, sh, ex);
            sh.field = Some(OpenField { field: Field::Theme, label: f.written, line: l.no, parts: Vec::new() });
        }
        Field::Measure if !value.is_empty() => {
            // A sheet without a 方針 line: its 施策 starts it.
            if !sh.measures.is_empty() && sh.has_content() {
                d.finish_sheet(std::mem::take(sh), ex);
            }
            let item = measure(value).or_else(|| {
                is_name(value).then(|| SheetLine::Measure { code: String::new(), title: clean(value).to_string() })
            });
            match item {
                Some(item) => {
                    super::line_item(l, item, d, sh, ex);
                    sh.field =
                        Some(OpenField { field: Field::Measure, label: f.written, line: l.no, parts: Vec::new() });
                }
                None => ex.warn(l.no, format!("not a 施策: {}", value.chars().take(40).collect::<String>())),
            }
        }
        Field::Vision
        | Field::Issues
        | Field::SdgsDirection
        | Field::Plans
        | Field::PlanName
        | Field::Action
        | Field::Content
        | Field::Perspective
        | Field::Reform
        | Field::Indicator
        | Field::Baseline
        | Field::Target
        | Field::Unit => {
            let mut open = OpenField { field: f.field, label: f.written.clone(), line: l.no, parts: Vec::new() };
            for part in value.split('\n') {
                open.push(part, true);
            }
            sh.field = Some(open);
        }
        _ => {}
    }
}

/// Fields placed as soon as they are read (the theme, the measure): a line after them can
/// only finish their name.
pub(super) fn is_placed(f: Field) -> bool {
    matches!(f, Field::Theme | Field::Measure)
}

/// Appends `t` to the theme's or the measure's name just read, when the result is still a
/// name; false when it is not.
pub(super) fn extend_name(f: Field, t: &str, d: &mut Doc, sh: &mut Sheet, ex: &mut Extraction) -> bool {
    let t = clean(t);
    match f {
        Field::Theme => {
            let Some((_, old)) = sh.theme.clone() else { return false };
            let longer = format!("{old}{t}");
            if !is_name(&longer) {
                return false;
            }
            // The theme may already be known whole from an earlier sheet.
            if ex.themes.contains(&longer) {
                ex.themes.retain(|x| *x != old);
            } else {
                ex.themes.iter_mut().filter(|x| **x == old).for_each(|x| x.clone_from(&longer));
            }
            d.last_theme = Some(longer.clone());
            if let Some(th) = &mut sh.theme {
                th.1 = longer;
            }
            true
        }
        Field::Measure => {
            let Some(own) = sh.measures.last().cloned() else { return false };
            let Some(m) = ex.measures.iter_mut().find(|m| m.code.as_deref().unwrap_or(&m.title) == own) else {
                return false;
            };
            let longer = format!("{}{t}", m.title);
            if !is_name(&longer) {
                return false;
            }
            if m.code.is_none() {
                if let Some(last) = sh.measures.last_mut() {
                    last.clone_from(&longer);
                }
            }
            m.title = longer;
            true
        }
        _ => false,
    }
}

/// A form label that starts each sheet: when it recurs after content, the sheet before ends.
pub(super) fn sheet_label(label: &str, d: &mut Doc, sh: &mut Sheet, ex: &mut Extraction) {
    let first = d.sheet_start.get_or_insert_with(|| label.to_string());
    if first == label && sh.has_content() {
        d.finish_sheet(std::mem::take(sh), ex);
    }
}

/// Places a finished labelled value in the sheet.
pub(super) fn commit(open: OpenField, sh: &mut Sheet) {
    let text = open.text();
    if text.is_empty() {
        return;
    }
    match open.field {
        Field::Vision => sh.vision = Some(text),
        Field::SdgsDirection => sh.sdgs = Some(text),
        Field::Issues => {
            let items = if open.parts.iter().any(|(t, _)| starts_with_bullet(t)) {
                text.split('\n').map(|t| t.trim_start_matches(['●', '・', '○', '■']).to_string()).collect()
            } else {
                vec![text]
            };
            sh.issues.extend(items);
        }
        Field::Plans | Field::PlanName => {
            // Each part is a plan; a wrapped remainder continues the name the wrap cut.
            let mut plans: Vec<String> = Vec::new();
            for (t, apart) in &open.parts {
                match plans.last_mut() {
                    Some(last) if !apart => last.push_str(t),
                    _ => plans.push(t.clone()),
                }
            }
            sh.plans.extend(plans.into_iter().map(|p| (open.line, strip_quotes(&p).to_string())));
        }
        Field::Action => {
            // The name runs on over the lines the hard wrap cut; a sentence (under the label
            // at once, or after the name) describes the action.
            let k = 1 + open.parts.iter().skip(1).take_while(|(_, apart)| !apart).count();
            let name = join_broken(open.parts[..k].iter().map(|(t, _)| t.as_str()));
            let rest = join_broken(open.parts[k..].iter().map(|(t, _)| t.as_str()));
            if is_name(&name) {
                sh.rows.push_labelled(open.line, Field::Action, strip_number(&name).to_string());
                if !rest.is_empty() {
                    sh.rows.push_labelled(open.line, Field::Content, rest);
                }
            } else {
                sh.rows.push_labelled(open.line, Field::Content, text);
            }
        }
        Field::Content => sh.rows.push_labelled(open.line, Field::Content, text),
        Field::Perspective => match super::lines::classify(&text).as_slice() {
            // 「②参加と協働 地域との連携強化」: the perspective and what it means here.
            [SheetLine::Perspective { perspective, reform }] if !reform.is_empty() => {
                sh.rows.push_labelled(open.line, Field::Perspective, perspective.clone());
                sh.rows.push_labelled(open.line, Field::Reform, reform.clone());
            }
            _ => sh.rows.push_labelled(open.line, Field::Perspective, text),
        },
        Field::Reform => sh.rows.push_labelled(open.line, Field::Reform, text),
        Field::Indicator => {
            sh.indicators.push(IndicatorDraft { name: text, line: open.line, ..Default::default() });
        }
        Field::Baseline | Field::Target | Field::Unit => {
            let Some(ind) = sh.indicators.last_mut() else { return };
            let (v, note) = split_note(&text);
            let year = header_year(&open.label).or_else(|| note.as_deref().and_then(header_year));
            match open.field {
                Field::Baseline => (ind.baseline, ind.baseline_year, ind.baseline_note) = (Some(v), year, note),
                Field::Target => (ind.target, ind.target_year) = (Some(v), year),
                _ => ind.unit = Some(text),
            }
            finish_indicator(ind);
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use crate::genre::measure_sheet::interpret;
    use crate::genre::plan_chapter::text::hard_wrap;
    use crate::raw;

    #[test]
    fn hard_wrapped_names_run_on() {
        let text = "花山市 施策内容\n\n方針：安全で安心して暮らせるまちづくり\n施策：安1-1 災害に強い都市基盤の構築\n\
                    目指す姿：災害に強く、だれもが安心して暮らせるまちになっている\n\
                    関連する個別計画：花山市地域防災計画（令和６年度改定）\n花山市耐震改修促進計画\n\n\
                    取組み名：避難所の円滑な運営のための委員会の設置\n内容：避難所ごとに委員会を設け、運営の手順を決めます。\n\n\
                    取組み名：物資を提供した事業者への支援\n\n取組み名：③備蓄倉庫の整備\n";
        let ex = interpret(&raw::read(&hard_wrap(text, 24)));
        assert_eq!(ex.themes, ["安全で安心して暮らせるまちづくり"]);
        let m = &ex.measures[0];
        assert_eq!((m.code.as_deref(), m.title.as_str()), (Some("安1-1"), "災害に強い都市基盤の構築"));
        assert_eq!(ex.related_plans, ["花山市地域防災計画（令和６年度改定）", "花山市耐震改修促進計画"]);
        let a = &ex.initiatives[0];
        assert_eq!(a.name, "避難所の円滑な運営のための委員会の設置");
        assert_eq!(a.summary.as_deref(), Some("避難所ごとに委員会を設け、運営の手順を決めます。"));
        assert_eq!(a.theme.as_deref(), Some("安全で安心して暮らせるまちづくり"));
        // Cut right after 「…提供した」, which alone would end like a sentence.
        assert_eq!(ex.initiatives[1].name, "物資を提供した事業者への支援");
        assert_eq!(ex.initiatives[2].name, "備蓄倉庫の整備");
    }

    #[test]
    fn labelled_lines_make_sheets() {
        let text = "花山市 施策内容\n\n方針：緑あふれるまち\n施策：緑1-1 公園の充実\n目指す姿：だれもが歩いて\n行ける公園がある\n\
                    関連する個別計画：花山市みどりの基本計画\n花いっぱい条例\n\n施策実現のための取組み\n\n\
                    取組み名：遊具の更新\n内容：古い遊具を点検し、\n更新します。\n行革の視点：⑥市有財産\n\
                    行革の視点からの取組み内容：施設の長寿命化\n\n取組み名：苗の配布\n苗を配ります。\n\n\
                    方針：花のまち\n施策：緑2-1 花の道\n\n取組み名：花壇づくり\n\n\
                    成果指標：花の道の延長\n現状値：1.2km（令和5年度）\n目標値（令和10年度）：3km\n";
        let ex = interpret(&raw::read(text));
        assert_eq!(ex.themes, ["緑あふれるまち", "花のまち"]);
        let m: Vec<_> = ex.measures.iter().map(|m| (m.code.as_deref(), m.parent.as_deref())).collect();
        assert_eq!(m, [(Some("緑1-1"), Some("緑あふれるまち")), (Some("緑2-1"), Some("花のまち"))]);
        assert_eq!(ex.measures[0].vision.as_deref(), Some("だれもが歩いて行ける公園がある"));
        assert_eq!(ex.related_plans, ["花山市みどりの基本計画", "花いっぱい条例"]);
        let a: Vec<_> = ex
            .initiatives
            .iter()
            .map(|a| (a.name.as_str(), a.measure.as_deref(), a.theme.as_deref(), a.summary.as_deref()))
            .collect();
        assert_eq!(
            a,
            [
                ("遊具の更新", Some("緑1-1"), Some("緑あふれるまち"), Some("古い遊具を点検し、更新します。")),
                ("苗の配布", Some("緑1-1"), Some("緑あふれるまち"), Some("苗を配ります。")),
                ("花壇づくり", Some("緑2-1"), Some("花のまち"), None),
            ]
        );
        assert_eq!(ex.initiatives[0].perspective.as_deref(), Some("⑥市有財産"));
        assert_eq!(ex.initiatives[0].reform.as_deref(), Some("施設の長寿命化"));
        let i = &ex.indicators[0];
        let got = (i.name.as_str(), i.measure.as_deref(), i.baseline.as_deref(), i.baseline_year, i.target_year);
        assert_eq!(got, ("花の道の延長", Some("緑2-1"), Some("1.2km"), Some(2023), Some(2028)));
        assert!(ex.warnings.is_empty(), "{:?}", ex.warnings);
    }
}
