//! Drawing search results: the facet lists (links that add or remove a filter, with counts),
//! and the hits with their highlighted title and snippet. No script: every filter is a link.

use super::params::Params;
use hoshin_app::search::{Facet, Kind};
use hoshin_app::search::{Hit, Marked};
use hoshin_domain::FiscalYear;
use maud::{html, Markup};
use std::collections::HashMap;

/// Values shown per facet (and asked of the search).
pub const FACET_VALUES: usize = 12;

/// How a facet value reads on the page (organizations by name, years in 和暦 …).
pub fn value_label(f: Facet, v: &str, orgs: &HashMap<i64, String>) -> String {
    match f {
        Facet::Kind => Kind::parse(v).map_or_else(|| v.to_string(), |k| k.label().to_string()),
        Facet::Year => v
            .parse::<u16>()
            .ok()
            .and_then(|y| FiscalYear::new(i64::from(y)).ok())
            .map_or_else(|| v.to_string(), |y| y.label()),
        Facet::Org => v.parse::<i64>().ok().and_then(|id| orgs.get(&id).cloned()).unwrap_or_else(|| v.to_string()),
        Facet::Sdg => format!("目標{v}"),
        _ => v.to_string(),
    }
}

pub fn marked(m: &Marked) -> Markup {
    html! {
        @for (text, hit) in m.runs() {
            @if hit { mark { (text) } } @else { (text) }
        }
    }
}

/// A facet count: 「約」 before it when it is estimated from a sample of many hits.
fn count(n: u32, estimated: bool) -> String {
    if estimated {
        format!("約{n}")
    } else {
        n.to_string()
    }
}

/// The facet lists; `estimated`: the counts come from a sample of the hits (many hits), which
/// the page says, and each count reads 「約N」.
pub fn facets(
    p: &Params,
    lists: &[(Facet, Vec<(String, u32)>)],
    estimated: bool,
    orgs: &HashMap<i64, String>,
) -> Markup {
    html! {
        nav.facets aria-labelledby="facets-heading" {
            h2 #facets-heading { "絞り込み" }
            @if estimated {
                p.muted { "該当件数が多いため、絞り込みの件数は一部の結果から推定した概数です（総件数は正確です）。" }
            }
            @if !p.filters.is_empty() {
                h3 { "選択中の条件" }
                ul {
                    @for (f, v) in &p.filters {
                        li {
                            (f.label()) "：" (value_label(*f, v, orgs)) " "
                            a href=(p.without(*f, v)) { "解除" span.visually-hidden { "（" (f.label()) "：" (value_label(*f, v, orgs)) "）" } }
                        }
                    }
                }
            }
            @for (f, values) in lists {
                @if !values.is_empty() {
                    h3 { (f.label()) }
                    ul {
                        @for (v, n) in values.iter().take(FACET_VALUES) {
                            li {
                                @if p.has(*f, v) {
                                    strong { (value_label(*f, v, orgs)) } " (" (count(*n, estimated)) ") "
                                    a href=(p.without(*f, v)) { "解除" }
                                } @else {
                                    a href=(p.with(*f, v)) { (value_label(*f, v, orgs)) } " (" (count(*n, estimated)) ")"
                                }
                            }
                        }
                    }
                    @if values.len() > FACET_VALUES { p.muted { "ほか" (values.len() - FACET_VALUES) "件" } }
                }
            }
        }
    }
}

pub fn hit(h: &Hit) -> Markup {
    html! {
        li {
            a href=(h.url) { (marked(&h.title)) }
            @if h.is_draft() { " " span.badge { "下書き（職員のみ）" } }
            div.muted {
                (h.kind.label()) "・" (h.org_name)
                @if let Some(p) = &h.prefecture { "（" (p) "）" }
                @if let Some(y) = h.year.and_then(|y| FiscalYear::new(i64::from(y)).ok()) { "・" (y.label()) }
                @if let Some(d) = &h.department { "・" (d) }
                @if let Some(t) = &h.theme { "・重点項目：" (t) }
            }
            @if !h.snippet.text.is_empty() { p.snippet { (marked(&h.snippet)) } }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn estimated_counts_are_labelled() {
        let p = Params::parse(Some("q=%E9%98%B2%E7%81%BD")).unwrap();
        let lists = vec![(Facet::Prefecture, vec![("東京都".to_string(), 1_600), ("大阪府".to_string(), 32)])];
        let exact = facets(&p, &lists, false, &HashMap::new()).into_string();
        assert!(exact.contains("(1600)") && !exact.contains("約"), "{exact}");
        let estimated = facets(&p, &lists, true, &HashMap::new()).into_string();
        assert!(estimated.contains("(約1600)") && estimated.contains("(約32)"), "{estimated}");
        assert!(estimated.contains("推定した概数"), "{estimated}");
    }
}
