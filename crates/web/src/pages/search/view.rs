//! Drawing search results: the facet lists (links that add or remove a filter, with counts),
//! and the hits with their highlighted title and snippet. No script: every filter is a link.

use super::params::Params;
use hoshin_app::search::{Facet, Kind};
use hoshin_app::search::{Hit, Marked};
use hoshin_domain::FiscalYear;
use maud::{html, Markup};
use std::collections::HashMap;

/// Values shown per facet.
const FACET_VALUES: usize = 12;

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

pub fn facets(p: &Params, lists: &[(Facet, Vec<(String, u32)>)], orgs: &HashMap<i64, String>) -> Markup {
    html! {
        nav.facets aria-labelledby="facets-heading" {
            h2 #facets-heading { "絞り込み" }
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
                                    strong { (value_label(*f, v, orgs)) } " (" (n) ") "
                                    a href=(p.without(*f, v)) { "解除" }
                                } @else {
                                    a href=(p.with(*f, v)) { (value_label(*f, v, orgs)) } " (" (n) ")"
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
