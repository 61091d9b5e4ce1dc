//! The index's fields: two analyzed text fields (title, body) with positions for phrases, a
//! visibility term (the public record, or one organization's drafts), the facets as raw
//! string fast fields, and what a result line shows (stored).

use crate::tokenizer;
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};

/// A facet: a property results are counted and filtered by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Facet {
    Prefecture,
    Org,
    Year,
    Department,
    Theme,
    Perspective,
    Sdg,
    Kind,
    Genre,
}

impl Facet {
    pub const ALL: [Facet; 9] = [
        Facet::Kind,
        Facet::Prefecture,
        Facet::Org,
        Facet::Year,
        Facet::Department,
        Facet::Theme,
        Facet::Perspective,
        Facet::Sdg,
        Facet::Genre,
    ];

    /// Field name in the index and parameter name in URLs.
    pub fn key(self) -> &'static str {
        match self {
            Facet::Prefecture => "pref",
            Facet::Org => "org",
            Facet::Year => "year",
            Facet::Department => "dept",
            Facet::Theme => "theme",
            Facet::Perspective => "persp",
            Facet::Sdg => "sdg",
            Facet::Kind => "kind",
            Facet::Genre => "genre",
        }
    }

    pub fn parse(key: &str) -> Option<Facet> {
        Facet::ALL.into_iter().find(|f| f.key() == key)
    }

    /// Japanese heading.
    pub fn label(self) -> &'static str {
        match self {
            Facet::Prefecture => "都道府県",
            Facet::Org => "自治体",
            Facet::Year => "年度",
            Facet::Department => "部局",
            Facet::Theme => "重点項目",
            Facet::Perspective => "行革の視点",
            Facet::Sdg => "SDGs",
            Facet::Kind => "種類",
            Facet::Genre => "文書の種類",
        }
    }
}

/// Field handles, resolved once.
#[derive(Debug, Clone)]
pub struct Fields {
    pub key: Field,
    pub title: Field,
    pub body: Field,
    /// Title and body together (not stored): what words must match.
    pub all: Field,
    /// Adjacent-term pairs of title and body (not stored, with frequencies, no positions): a
    /// word the analyzer splits in two is one term here; longer ones find their candidates here.
    pub pairs: Field,
    /// The title's adjacent-term pairs alone: the title bonus of a word split in two.
    pub title_pairs: Field,
    pub url: Field,
    pub org_name: Field,
    pub vis: Field,
    pub year_n: Field,
    pub facets: Vec<(Facet, Field)>,
}

impl Fields {
    pub fn facet(&self, f: Facet) -> Field {
        self.facets.iter().find(|(g, _)| *g == f).map(|(_, h)| *h).unwrap_or(self.key)
    }
}

/// Field name of the numeric year used to order equal scores.
pub const YEAR_N: &str = "year_n";

pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(tokenizer::NAME)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let text = TextOptions::default().set_stored().set_indexing_options(indexing.clone());
    let key = b.add_text_field("key", STRING | STORED);
    let title = b.add_text_field("title", text.clone());
    let body = b.add_text_field("body", text.clone());
    let all = b.add_text_field("all", TextOptions::default().set_indexing_options(indexing));
    let pair_options = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default().set_tokenizer(tokenizer::PAIRS).set_index_option(IndexRecordOption::WithFreqs),
    );
    let pairs = b.add_text_field("pairs", pair_options.clone());
    let title_pairs = b.add_text_field("title_pairs", pair_options);
    let url = b.add_text_field("url", STORED);
    let org_name = b.add_text_field("org_name", STORED);
    let vis = b.add_text_field("vis", STRING);
    let year_n = b.add_u64_field(YEAR_N, FAST | INDEXED);
    let facets = Facet::ALL.iter().map(|f| (*f, b.add_text_field(f.key(), STRING | FAST | STORED))).collect();
    (b.build(), Fields { key, title, body, all, pairs, title_pairs, url, org_name, vis, year_n, facets })
}

/// Resolves the handles of an index opened from disk.
pub fn fields_of(schema: &Schema) -> tantivy::Result<Fields> {
    let f = |n: &str| schema.get_field(n);
    let mut facets = Vec::new();
    for facet in Facet::ALL {
        facets.push((facet, f(facet.key())?));
    }
    Ok(Fields {
        key: f("key")?,
        title: f("title")?,
        body: f("body")?,
        all: f("all")?,
        pairs: f("pairs")?,
        title_pairs: f("title_pairs")?,
        url: f("url")?,
        org_name: f("org_name")?,
        vis: f("vis")?,
        year_n: f(YEAR_N)?,
        facets,
    })
}
