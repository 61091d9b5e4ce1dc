//! The indicator chart, drawn on the server as SVG: baseline → yearly actuals → target,
//! with 和暦 year labels and the unit on the value axis. `role="img"` with `<title>` and
//! `<desc>`; the page puts the same numbers in a table beside it.

use hoshin_domain::*;
use maud::{html, Markup};

const W: f64 = 640.0;
const H: f64 = 320.0;
const LEFT: f64 = 78.0;
const RIGHT: f64 = 24.0;
const TOP: f64 = 24.0;
const BOTTOM: f64 = 56.0;

/// What the chart plots, in years and numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub baseline: Option<(FiscalYear, f64)>,
    /// Actuals as plotted: running totals for a cumulative indicator.
    pub actuals: Vec<(FiscalYear, f64)>,
    pub target: Option<(FiscalYear, f64)>,
}

impl Series {
    pub fn of(ind: &Indicator) -> Self {
        let base = ind.baseline.as_ref().and_then(|q| q.value);
        let mut running = base.unwrap_or(0.0);
        let mut actuals = Vec::new();
        for a in &ind.actuals {
            if let Some(v) = a.value.value {
                if ind.cumulative {
                    running += v;
                    actuals.push((a.fiscal_year, running));
                } else {
                    actuals.push((a.fiscal_year, v));
                }
            }
        }
        Self {
            baseline: ind.baseline_year.zip(base),
            actuals,
            target: ind.target_year.zip(ind.target.as_ref().and_then(|q| q.value)),
        }
    }

    fn points(&self) -> impl Iterator<Item = (FiscalYear, f64)> + '_ {
        self.baseline.into_iter().chain(self.actuals.iter().copied()).chain(self.target)
    }

    pub fn is_empty(&self) -> bool {
        self.points().next().is_none()
    }
}

/// A number for axis labels: thousands separators, at most two decimals.
pub fn fmt_num(v: f64) -> String {
    let neg = v < 0.0;
    let v = v.abs();
    let (int, frac) = if (v - v.round()).abs() < 1e-9 {
        (format!("{:.0}", v), String::new())
    } else {
        let s = format!("{:.2}", v);
        let (i, f) = s.split_once('.').unwrap_or((s.as_str(), ""));
        (i.to_string(), format!(".{}", f.trim_end_matches('0')))
    };
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{}{}{}", if neg { "-" } else { "" }, grouped, frac)
}

/// A "nice" tick step (1, 2, 5 × 10^n) for a span split into about `n` parts.
fn nice_step(span: f64, n: f64) -> f64 {
    let raw = (span / n).max(f64::MIN_POSITIVE);
    let mag = 10f64.powf(raw.log10().floor());
    let f = raw / mag;
    let nice = if f <= 1.0 {
        1.0
    } else if f <= 2.0 {
        2.0
    } else if f <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * mag
}

/// 和暦 without 年度 for axis labels: 令和5.
fn year_label(y: FiscalYear) -> String {
    let w = y.wareki();
    w.strip_suffix("年度").unwrap_or(&w).to_string()
}

/// The chart; `id` makes the title/desc ids unique on the page.
pub fn chart(ind: &Indicator, id: &str) -> Markup {
    let s = Series::of(ind);
    let unit = ind.unit.clone().unwrap_or_default();
    let title_id = format!("{id}-title");
    let desc_id = format!("{id}-desc");
    let mut desc = Vec::new();
    if let Some((y, v)) = s.baseline {
        desc.push(format!("基準値 {}{}（{}）", fmt_num(v), unit, y.label()));
    }
    for (y, v) in &s.actuals {
        desc.push(format!("{} 実績 {}{}", y.label(), fmt_num(*v), unit));
    }
    if let Some((y, v)) = s.target {
        desc.push(format!("目標値 {}{}（{}）", fmt_num(v), unit, y.label()));
    }
    let desc = if desc.is_empty() { "数値のデータがありません。".to_string() } else { desc.join("、") };
    let title = format!("{}の推移{}", ind.name, if ind.cumulative { "（累計）" } else { "" });

    let years: Vec<u16> = s.points().map(|(y, _)| y.year()).collect();
    let values: Vec<f64> = s.points().map(|(_, v)| v).collect();
    let (Some(&y0), Some(&y1)) = (years.iter().min(), years.iter().max()) else {
        return html! { p.muted { (desc) } };
    };
    let (y0, y1) = if y0 == y1 { (y0.saturating_sub(1), y1 + 1) } else { (y0, y1) };
    let mut lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let mut hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if lo >= 0.0 {
        lo = 0.0;
    }
    if hi <= lo {
        hi = lo + 1.0;
    }
    let step = nice_step(hi - lo, 4.0);
    let lo = (lo / step).floor() * step;
    let hi = (hi / step).ceil() * step;
    let px = |y: u16| LEFT + (f64::from(y - y0)) / f64::from(y1 - y0) * (W - LEFT - RIGHT);
    let py = |v: f64| TOP + (hi - v) / (hi - lo) * (H - TOP - BOTTOM);
    let mut ticks = Vec::new();
    let mut t = lo;
    while t <= hi + step / 2.0 && ticks.len() < 12 {
        ticks.push(t);
        t += step;
    }
    let every = if y1 - y0 > 10 { 2 } else { 1 };
    let year_ticks: Vec<FiscalYear> =
        (y0..=y1).filter(|y| (y - y0) % every == 0).filter_map(|y| FiscalYear::new(i64::from(y)).ok()).collect();

    let mut line: Vec<(f64, f64)> = Vec::new();
    if let Some((y, v)) = s.baseline {
        line.push((px(y.year()), py(v)));
    }
    line.extend(s.actuals.iter().map(|(y, v)| (px(y.year()), py(*v))));
    let path = |pts: &[(f64, f64)]| pts.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect::<Vec<_>>().join(" ");
    let to_target = match (line.last(), s.target) {
        (Some(&last), Some((y, v))) => Some(path(&[last, (px(y.year()), py(v))])),
        _ => None,
    };

    html! {
        svg.chart xmlns="http://www.w3.org/2000/svg" viewBox=(format!("0 0 {W} {H}")) width=(W) height=(H)
            role="img" aria-labelledby=(format!("{title_id} {desc_id}")) {
            title id=(title_id) { (title) }
            desc id=(desc_id) { (desc) }
            @for t in &ticks {
                line x1=(LEFT) x2=(W - RIGHT) y1=(format!("{:.1}", py(*t))) y2=(format!("{:.1}", py(*t)))
                    stroke="#d0d4da" stroke-width="1" {}
                text x=(LEFT - 6.0) y=(format!("{:.1}", py(*t) + 4.0)) text-anchor="end" font-size="12" fill="#333" {
                    (fmt_num(*t))
                }
            }
            text x="8" y="16" font-size="12" fill="#333" { "（" @if unit.is_empty() { "値" } @else { (unit) } "）" }
            line x1=(LEFT) x2=(W - RIGHT) y1=(H - BOTTOM) y2=(H - BOTTOM) stroke="#555" stroke-width="1" {}
            @for y in &year_ticks {
                text x=(format!("{:.1}", px(y.year()))) y=(H - BOTTOM + 18.0) text-anchor="middle" font-size="12" fill="#333" {
                    (year_label(*y))
                }
            }
            @if let Some(p) = &to_target {
                polyline points=(p) fill="none" stroke="#8a1c12" stroke-width="2" stroke-dasharray="6 4" {}
            }
            @if line.len() > 1 {
                polyline points=(path(&line)) fill="none" stroke="#0a4a8f" stroke-width="2.5" {}
            }
            @if let Some((y, v)) = s.baseline {
                rect x=(format!("{:.1}", px(y.year()) - 5.0)) y=(format!("{:.1}", py(v) - 5.0)) width="10" height="10" fill="#555" {}
            }
            @for (y, v) in &s.actuals {
                circle cx=(format!("{:.1}", px(y.year()))) cy=(format!("{:.1}", py(*v))) r="4.5" fill="#0a4a8f" {}
            }
            @if let Some((y, v)) = s.target {
                polygon points=(diamond(px(y.year()), py(v))) fill="#8a1c12" {}
            }
            g font-size="12" fill="#333" {
                rect x=(LEFT) y=(H - 22.0) width="10" height="10" fill="#555" {}
                text x=(LEFT + 14.0) y=(H - 13.0) { "基準値" }
                circle cx=(LEFT + 80.0) cy=(H - 17.0) r="4.5" fill="#0a4a8f" {}
                text x=(LEFT + 90.0) y=(H - 13.0) { "実績" @if ind.cumulative { "（累計）" } }
                polygon points=(diamond(LEFT + 180.0, H - 17.0)) fill="#8a1c12" {}
                text x=(LEFT + 190.0) y=(H - 13.0) { "目標値" }
            }
        }
    }
}

fn diamond(x: f64, y: f64) -> String {
    format!("{:.1},{:.1} {:.1},{:.1} {:.1},{:.1} {:.1},{:.1}", x, y - 6.0, x + 6.0, y, x, y + 6.0, x - 6.0, y)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn indicator(cumulative: bool) -> Indicator {
        let fy = |y| FiscalYear::new(y).unwrap();
        Indicator {
            id: IndicatorId(1),
            org_id: OrgId(1),
            owner: None,
            name: "<b>件数</b>".into(),
            unit: Some("件".into()),
            direction: Direction::Up,
            cumulative,
            baseline: Some(Quantity::parse("59件")),
            baseline_year: Some(fy(2020)),
            baseline_note: None,
            target: Some(Quantity::parse("90件")),
            target_year: Some(fy(2025)),
            actuals: vec![
                Actual { fiscal_year: fy(2021), value: Quantity::parse("10件") },
                Actual { fiscal_year: fy(2022), value: Quantity::parse("―") },
                Actual { fiscal_year: fy(2023), value: Quantity::parse("12件") },
            ],
            sort_order: 0,
            draft: None,
            meta: Meta::default(),
        }
    }

    #[test]
    fn cumulative_series_are_running_totals() {
        let s = Series::of(&indicator(true));
        let y = |n| FiscalYear::new(n).unwrap();
        assert_eq!(s.actuals, vec![(y(2021), 69.0), (y(2023), 81.0)]);
        assert_eq!(Series::of(&indicator(false)).actuals, vec![(y(2021), 10.0), (y(2023), 12.0)]);
        assert_eq!(s.target, Some((y(2025), 90.0)));
    }

    #[test]
    fn chart_is_labelled_in_wareki_and_escaped() {
        let svg = chart(&indicator(true), "c").into_string();
        assert!(svg.contains("role=\"img\"") && svg.contains("aria-labelledby=\"c-title c-desc\""));
        assert!(svg.contains("令和2") && svg.contains("令和7") && svg.contains("（件）"));
        assert!(svg.contains("基準値 59件（令和2年度（2020年度））"));
        assert!(!svg.contains("<b>") && svg.contains("&lt;b&gt;件数&lt;/b&gt;の推移（累計）"));
        assert_eq!(svg.matches("<circle").count(), 2 + 1, "two actuals and the legend");
    }

    #[test]
    fn numbers_and_steps() {
        assert_eq!(fmt_num(1234567.0), "1,234,567");
        assert_eq!(fmt_num(97.4), "97.4");
        assert_eq!(fmt_num(-1200.5), "-1,200.5");
        assert_eq!(nice_step(90.0, 4.0), 50.0);
        assert_eq!(nice_step(7.0, 4.0), 2.0);
    }
}
