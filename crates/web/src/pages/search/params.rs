//! The search page's URL: `q`, `page` and any number of facet filters (`pref=`, `org=`,
//! `year=`, `dept=`, `theme=`, `persp=`, `sdg=`, `kind=`, `genre=`, each repeatable), so a
//! result page with its filters can be bookmarked and shared.

use crate::urls::encode;
use hoshin_app::search::Facet;

/// Longest query accepted (characters).
pub const MAX_QUERY: usize = 100;
/// Filters accepted at most (further ones are ignored).
const MAX_FILTERS: usize = 20;
/// Result pages reachable (a larger number shows the last of them).
const MAX_PAGE: u32 = 500;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params {
    pub q: String,
    pub page: u32,
    pub filters: Vec<(Facet, String)>,
    /// `after=` of the fallback scan (while the index is being built).
    pub after: i64,
}

impl Params {
    /// The parameters of a query string; a `page` or `after` that is not a number in range is
    /// refused (what it says is wrong), as every other page refuses it, rather than guessed.
    pub fn parse(raw: Option<&str>) -> Result<Self, String> {
        let pairs: Vec<(String, String)> = match raw {
            Some(r) => serde_urlencoded::from_str(r).map_err(|_| "検索条件を読み取れません".to_string())?,
            None => Vec::new(),
        };
        let mut p = Params { page: 1, ..Params::default() };
        for (k, v) in pairs {
            match k.as_str() {
                "q" => p.q = v.trim().chars().take(MAX_QUERY).collect(),
                "page" => match v.trim().parse::<u32>() {
                    Ok(n) if n >= 1 => p.page = n.min(MAX_PAGE),
                    _ => return Err(format!("page は 1 から {MAX_PAGE} までの数です")),
                },
                "after" => match v.trim().parse::<i64>() {
                    Ok(n) if n >= 0 => p.after = n,
                    _ => return Err("after は 0 以上の数です".to_string()),
                },
                _ => {
                    if let Some(f) = Facet::parse(&k) {
                        let v: String = v.trim().chars().take(MAX_QUERY).collect();
                        if !v.is_empty() && p.filters.len() < MAX_FILTERS && !p.filters.contains(&(f, v.clone())) {
                            p.filters.push((f, v));
                        }
                    }
                }
            }
        }
        Ok(p)
    }

    pub fn is_empty(&self) -> bool {
        self.q.is_empty() && self.filters.is_empty()
    }

    pub fn has(&self, f: Facet, v: &str) -> bool {
        self.filters.iter().any(|(g, w)| *g == f && w == v)
    }

    /// This search's URL on page `page`.
    pub fn url(&self, page: u32) -> String {
        let mut s = format!("/search?q={}", encode(&self.q));
        for (f, v) in &self.filters {
            s.push_str(&format!("&{}={}", f.key(), encode(v)));
        }
        if page > 1 {
            s.push_str(&format!("&page={page}"));
        }
        s
    }

    /// The URL with one filter added (from page 1).
    pub fn with(&self, f: Facet, v: &str) -> String {
        let mut p = self.clone();
        if !p.has(f, v) {
            p.filters.push((f, v.to_string()));
        }
        p.url(1)
    }

    /// The URL with one filter removed (from page 1).
    pub fn without(&self, f: Facet, v: &str) -> String {
        let mut p = self.clone();
        p.filters.retain(|(g, w)| !(*g == f && w == v));
        p.url(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_filters_through_the_url() {
        let p =
            Params::parse(Some("q=%E9%98%B2%E7%81%BD&year=2024&year=2023&pref=%E6%9D%B1%E4%BA%AC%E9%83%BD&page=3&x=1"))
                .unwrap();
        assert_eq!(p.q, "防災");
        assert_eq!(p.page, 3);
        assert_eq!(p.filters.len(), 3);
        assert_eq!(Params::parse(Some(p.url(3).trim_start_matches("/search?"))).unwrap(), p);
        assert!(!Params::parse(Some(&p.without(Facet::Year, "2024")["/search?".len()..]))
            .unwrap()
            .has(Facet::Year, "2024"));
        for bad in ["page=0", "page=-1", "page=abc", "page=99999999999", "after=x", "after=-5"] {
            assert!(Params::parse(Some(bad)).is_err(), "{bad}");
        }
        assert_eq!(Params::parse(Some("page=9999")).unwrap().page, MAX_PAGE);
        assert_eq!(Params::parse(None).unwrap(), Params { page: 1, ..Params::default() });
    }
}
