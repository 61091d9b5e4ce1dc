//! KPI status and judgement badges: always a word, the colour only reinforces it. Also the
//! status of an indicator from its folded standing (the org/year summary).

use hoshin_domain::*;
use maud::{html, Markup};

pub fn status_class(s: KpiStatus) -> &'static str {
    match s {
        KpiStatus::OnTrack => "status on-track",
        KpiStatus::Behind => "status behind",
        KpiStatus::NoData => "status no-data",
    }
}

/// 「順調」 with a symbol and colour; the text carries the meaning.
pub fn badge(s: KpiStatus) -> Markup {
    let mark = match s {
        KpiStatus::OnTrack => "○",
        KpiStatus::Behind => "▲",
        KpiStatus::NoData => "－",
    };
    html! { span class=(status_class(s)) { span aria-hidden="true" { (mark) } " " (s.label()) } }
}

/// A judgement label (S, A, 順調 …) as a badge.
pub fn judgement(label: &str) -> Markup {
    html! { span.judgement { "判定：" (label) } }
}

/// The status an indicator has as of `year`, from its folded standing: the same judgement
/// the staff dashboard makes.
pub use hoshin_app::dashboard::standing_status;

/// The year an indicator's status is judged at when the page gives none: its latest actual.
pub fn latest_year(ind: &Indicator) -> Option<FiscalYear> {
    ind.actuals.iter().filter(|a| a.value.value.is_some()).map(|a| a.fiscal_year).max()
}

/// Achievement rate as a percentage text.
pub fn rate_text(rate: Option<f64>) -> String {
    match rate {
        Some(r) => format!("{:.1}%", r * 100.0),
        None => "算出できません".to_string(),
    }
}

/// The 判定 field of a review form: a choice of the organization's judgement labels (「（未判定）」
/// first; a stored label no longer on the scales stays choosable), or a text field when the
/// organization has no scales.
pub fn judgement_field(id: &str, name: &str, bands: &[String], current: &str) -> Markup {
    html! {
        @if bands.is_empty() {
            input id=(id) type="text" name=(name) value=(current);
        } @else {
            select id=(id) name=(name) {
                option value="" selected[current.is_empty()] { "（未判定）" }
                @for b in bands { option value=(b) selected[*b == current] { (b) } }
                @if !current.is_empty() && !bands.iter().any(|b| b == current) {
                    option value=(current) selected { (current) "（一覧にない判定）" }
                }
            }
        }
    }
}
