//! Indicators written as lines in a plan chapter's 指標 section, and notes giving the years
//! of the values in the table above them.

use super::tables;
use super::text::{clean, key};
use super::walker::{code_of, State};
use crate::draft::{Extraction, IndicatorDraft};

/// 「指標名：…」「現状値：59件（令和4年度）」「目標値：90件」: an indicator written as lines.
pub(super) fn indicator_line(no: usize, t: &str, st: &mut State, ex: &mut Extraction) -> bool {
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
pub(super) fn indicator_note(t: &str, st: &mut State, ex: &mut Extraction) {
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
