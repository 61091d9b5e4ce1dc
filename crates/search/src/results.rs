//! What a search answers: hits with highlighted title and snippet, the total, facet counts.

use crate::doc::Kind;
use crate::schema::Facet;
use std::ops::Range;

/// Text with byte ranges to highlight.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Marked {
    pub text: String,
    pub marks: Vec<Range<usize>>,
}

impl Marked {
    /// The text cut into (piece, highlighted) runs, for rendering with `<mark>`.
    pub fn runs(&self) -> Vec<(&str, bool)> {
        // Touching ranges (「こども」「家庭」「センター」) read as one highlight.
        let mut merged: Vec<Range<usize>> = Vec::new();
        for r in &self.marks {
            match merged.last_mut() {
                Some(last) if last.end == r.start => last.end = r.end,
                _ => merged.push(r.clone()),
            }
        }
        let mut out = Vec::new();
        let mut at = 0;
        for r in &merged {
            if r.start < at || r.end > self.text.len() || r.start > r.end {
                continue;
            }
            if let (Some(before), Some(mark)) = (self.text.get(at..r.start), self.text.get(r.start..r.end)) {
                if !before.is_empty() {
                    out.push((before, false));
                }
                out.push((mark, true));
                at = r.end;
            }
        }
        if let Some(rest) = self.text.get(at..) {
            if !rest.is_empty() {
                out.push((rest, false));
            }
        }
        out
    }
}

/// One result line.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub key: String,
    pub kind: Kind,
    pub title: Marked,
    pub snippet: Marked,
    pub url: String,
    pub org_id: i64,
    pub org_name: String,
    pub prefecture: Option<String>,
    pub year: Option<u16>,
    pub department: Option<String>,
    pub theme: Option<String>,
    pub score: f32,
}

impl Hit {
    /// A draft (visible to its organization's staff only).
    pub fn is_draft(&self) -> bool {
        self.url.starts_with("/manage/")
    }
}

#[derive(Debug, Clone, Default)]
pub struct Results {
    pub total: u64,
    pub hits: Vec<Hit>,
    /// Every facet with its values and counts, most frequent first.
    pub facets: Vec<(Facet, Vec<(String, u32)>)>,
    /// The facet counts are estimated from a sample of the hits (many hits); `total` and the
    /// ranking are always exact.
    pub facets_estimated: bool,
}
