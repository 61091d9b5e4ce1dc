//! What the index holds of one record: [`IndexDoc`], built by the app from the store, and the
//! record kinds with their Japanese names.

use crate::schema::{Facet, Fields};
use tantivy::TantivyDocument;

/// The kind of record a hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Initiative,
    Program,
    Node,
    Indicator,
    Stance,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Initiative => "initiative",
            Kind::Program => "program",
            Kind::Node => "node",
            Kind::Indicator => "indicator",
            Kind::Stance => "stance",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        [Kind::Initiative, Kind::Program, Kind::Node, Kind::Indicator, Kind::Stance]
            .into_iter()
            .find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::Initiative => "取組",
            Kind::Program => "事務事業",
            Kind::Node => "政策・施策",
            Kind::Indicator => "指標",
            Kind::Stance => "部局運営方針",
        }
    }
}

/// The visibility term every draft carries.
pub const DRAFT: &str = "draft";

/// Who may see a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visibility {
    /// The published record: everyone.
    Public,
    /// A draft of this organization: its staff only.
    Draft(i64),
}

impl Visibility {
    /// The terms a document carries: drafts carry `draft` and `draft:ORG`, so the public
    /// filter is a cheap exclusion of the (few) drafts rather than a walk over every public doc.
    pub fn terms(self) -> Vec<String> {
        match self {
            Visibility::Public => vec!["pub".to_string()],
            Visibility::Draft(org) => vec![DRAFT.to_string(), format!("{DRAFT}:{org}")],
        }
    }
}

/// One record as the index sees it. `key` is unique (`i:12`, `n:3`, `k:7`, `s:5`).
#[derive(Debug, Clone, PartialEq)]
pub struct IndexDoc {
    pub key: String,
    pub kind: Kind,
    pub title: String,
    pub body: String,
    pub url: String,
    pub visibility: Visibility,
    pub org_id: i64,
    pub org_name: String,
    pub prefecture: Option<String>,
    pub year: Option<u16>,
    pub department: Option<String>,
    pub theme: Option<String>,
    pub perspectives: Vec<String>,
    pub sdgs: Vec<u8>,
    pub genres: Vec<String>,
}

impl IndexDoc {
    pub(crate) fn to_tantivy(&self, f: &Fields) -> TantivyDocument {
        let mut d = TantivyDocument::default();
        d.add_text(f.key, &self.key);
        d.add_text(f.title, &self.title);
        d.add_text(f.body, &self.body);
        d.add_text(f.all, &self.title);
        d.add_text(f.all, &self.body);
        d.add_text(f.pairs, &self.title);
        d.add_text(f.pairs, &self.body);
        d.add_text(f.title_pairs, &self.title);
        d.add_text(f.url, &self.url);
        d.add_text(f.org_name, &self.org_name);
        for t in self.visibility.terms() {
            d.add_text(f.vis, t);
        }
        d.add_u64(f.year_n, self.year.map(u64::from).unwrap_or(0));
        d.add_text(f.facet(Facet::Kind), self.kind.as_str());
        d.add_text(f.facet(Facet::Org), self.org_id.to_string());
        if let Some(p) = &self.prefecture {
            d.add_text(f.facet(Facet::Prefecture), p);
        }
        if let Some(y) = self.year {
            d.add_text(f.facet(Facet::Year), y.to_string());
        }
        if let Some(v) = &self.department {
            d.add_text(f.facet(Facet::Department), v);
        }
        if let Some(v) = &self.theme {
            d.add_text(f.facet(Facet::Theme), v);
        }
        for v in &self.perspectives {
            d.add_text(f.facet(Facet::Perspective), v);
        }
        for v in &self.sdgs {
            d.add_text(f.facet(Facet::Sdg), v.to_string());
        }
        for v in &self.genres {
            d.add_text(f.facet(Facet::Genre), v);
        }
        d
    }
}
