//! From what a person typed to a tantivy query. Words separated by spaces must all match
//! (AND); a word the analyzer splits into several terms (「子育て支援」 → 子育て 支援) must match
//! as a phrase, as must text in double quotes. Each word is looked for in the title (weighted
//! double) and the body. Filters (facets, who may see drafts) narrow without scoring.

use crate::bonus::WithBonus;
use crate::doc::DRAFT;
use crate::schema::{Facet, Fields};
use crate::tokenizer::{analyze, pair};
use lindera::segmenter::Segmenter;
use tantivy::query::{BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

/// Title matches weigh this much more than body matches.
const TITLE_BOOST: f32 = 2.0;

/// The units of a query string: quoted phrases and space-separated words.
pub fn split_words(q: &str) -> Vec<String> {
    let q = q.replace(['\u{3000}', '　'], " ").replace(['“', '”', '「', '」', '『', '』'], "\"");
    let mut out = Vec::new();
    for (i, part) in q.split('"').enumerate() {
        if i % 2 == 1 {
            if !part.trim().is_empty() {
                out.push(part.trim().to_string());
            }
        } else {
            out.extend(part.split_whitespace().map(str::to_string));
        }
    }
    out
}

fn word_query(field: Field, terms: &[String]) -> Box<dyn Query> {
    if terms.len() == 1 {
        Box::new(TermQuery::new(Term::from_field_text(field, &terms[0]), IndexRecordOption::WithFreqs))
    } else {
        Box::new(PhraseQuery::new(terms.iter().map(|t| Term::from_field_text(field, t)).collect()))
    }
}

/// The term of the pair `a` `b` in one of the pair fields.
fn pair_term(field: Field, a: &str, b: &str) -> Term {
    Term::from_field_text(field, &pair(a, b))
}

/// The one term that stands for a word of one or two terms: the term itself in `single`, or
/// the pair of the two in `pairs` (one posting list, exactly the two-term phrase); `None` for a
/// longer word.
fn word_term(single: Field, pairs: Field, terms: &[String]) -> Option<Term> {
    match terms {
        [t] => Some(Term::from_field_text(single, t)),
        [a, b] => Some(pair_term(pairs, a, b)),
        _ => None,
    }
}

/// A word that must match the title-and-body field: one or two terms as their [`word_term`];
/// more as a phrase whose adjacent pairs are also required, scoring nothing, so the shortest
/// pair list leads the intersection and positions are read only where every pair occurs.
fn required_word(f: &Fields, terms: &[String]) -> Vec<Box<dyn Query>> {
    if let Some(t) = word_term(f.all, f.pairs, terms) {
        return vec![Box::new(TermQuery::new(t, IndexRecordOption::WithFreqs))];
    }
    let mut parts: Vec<Box<dyn Query>> = terms
        .windows(2)
        .map(|w| {
            let q = TermQuery::new(pair_term(f.pairs, &w[0], &w[1]), IndexRecordOption::Basic);
            Box::new(ConstScoreQuery::new(Box::new(q), 0.0)) as Box<dyn Query>
        })
        .collect();
    parts.push(word_query(f.all, terms));
    parts
}

/// A word in the title (the bonus): a word of two terms as their pair in the title's pairs, so
/// the bonus reads no positions either (it is looked up on every hit).
fn title_word(f: &Fields, terms: &[String]) -> Box<dyn Query> {
    match word_term(f.title, f.title_pairs, terms) {
        Some(t) => Box::new(TermQuery::new(t, IndexRecordOption::WithFreqs)),
        None => word_query(f.title, terms),
    }
}

/// The text part: `None` when the query holds no searchable term. Every word must match the
/// title-and-body field ([`required_word`]; intersections that skip, whatever the hit count); a
/// word also in the title adds to the score, checked on the hits only ([`WithBonus`]).
///
/// A split word used to be a phrase over the whole field, with each of its terms required on its
/// own: 「子育て支援」 then read positions in ~190,000 documents of the national index (33 ms);
/// as one pair term it is a posting list like any word's.
pub fn text_query(f: &Fields, words: &[Vec<String>]) -> Option<Box<dyn Query>> {
    let mut required: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let mut bonuses: Vec<Box<dyn Query>> = Vec::new();
    for terms in words.iter().filter(|t| !t.is_empty()) {
        required.extend(required_word(f, terms).into_iter().map(|q| (Occur::Must, q)));
        bonuses.push(Box::new(BoostQuery::new(title_word(f, terms), OneWord::TITLE_BOOST)));
    }
    if bonuses.is_empty() {
        return None;
    }
    Some(Box::new(WithBonus { required: Box::new(BooleanQuery::new(required)), bonuses }))
}

/// A query of one word of one or two terms, in parts: the term every hit holds (the word, or
/// its pair) and the term of its title bonus — the very terms [`text_query`] builds its query
/// of, so that [`crate::prune`] ranks them the same.
#[derive(Debug, Clone)]
pub struct OneWord {
    pub required: TermQuery,
    /// The title term, before [`OneWord::TITLE_BOOST`].
    pub title: TermQuery,
}

impl OneWord {
    /// The factor of the title term's score in the bonus (as in [`text_query`]).
    pub const TITLE_BOOST: f32 = TITLE_BOOST - 1.0;

    /// The title bonus as [`text_query`] builds it.
    pub fn bonus(&self) -> BoostQuery {
        BoostQuery::new(Box::new(self.title.clone()), Self::TITLE_BOOST)
    }
}

/// The words of `q` ([`split_words`]), each as the terms the analyzer turns it into (none for a
/// word of particles or punctuation): analyzed once per search, for the query, the choice of
/// how to answer it, and the highlights.
pub fn analyzed_words(seg: &Segmenter, q: &str) -> Vec<Vec<String>> {
    split_words(q).iter().map(|w| analyze(seg, w).into_iter().map(|t| t.text).collect()).collect()
}

/// The parts of the query when it is one word ([`analyzed_words`]) of one or two terms.
pub fn one_word(f: &Fields, words: &[Vec<String>]) -> Option<OneWord> {
    let [terms] = words else { return None };
    Some(OneWord {
        required: TermQuery::new(word_term(f.all, f.pairs, terms)?, IndexRecordOption::WithFreqs),
        title: TermQuery::new(word_term(f.title, f.title_pairs, terms)?, IndexRecordOption::WithFreqs),
    })
}

/// The terms every hit holds, one per word, when the query has several words
/// ([`analyzed_words`]) and each is one or two terms: the terms of the required part of
/// [`text_query`], whose hits are then exactly the documents holding all of them.
pub fn word_terms(f: &Fields, words: &[Vec<String>]) -> Option<Vec<Term>> {
    let mut out = Vec::with_capacity(words.len());
    for terms in words.iter().filter(|t| !t.is_empty()) {
        out.push(word_term(f.all, f.pairs, terms)?);
    }
    (out.len() >= 2).then_some(out)
}

pub(crate) fn term(field: Field, v: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(Term::from_field_text(field, v), IndexRecordOption::Basic))
}

/// What nobody but `drafts_of`'s staff may see: every draft, or the drafts of the other
/// organizations. Used as an exclusion (drafts are few).
pub fn hidden(f: &Fields, drafts_of: Option<i64>) -> Box<dyn Query> {
    match drafts_of {
        None => term(f.vis, DRAFT),
        Some(org) => Box::new(BooleanQuery::new(vec![
            (Occur::Must, term(f.vis, DRAFT)),
            (Occur::MustNot, term(f.vis, &format!("{DRAFT}:{org}"))),
        ])),
    }
}

/// Facet filters: values of one facet are alternatives (OR), facets combine with AND.
pub fn facet_filter(f: &Fields, filters: &[(Facet, String)]) -> Vec<Box<dyn Query>> {
    let mut out = Vec::new();
    for facet in Facet::ALL {
        let values: Vec<&String> = filters.iter().filter(|(g, _)| *g == facet).map(|(_, v)| v).collect();
        if values.is_empty() {
            continue;
        }
        let field = f.facet(facet);
        out.push(match values.as_slice() {
            [one] => term(field, one),
            _ => Box::new(BooleanQuery::new(values.into_iter().map(|v| (Occur::Should, term(field, v))).collect())),
        });
    }
    out
}

/// Text AND facets AND NOT hidden; filters do not change scores.
pub fn combine(text: Box<dyn Query>, filters: Vec<Box<dyn Query>>, hidden: Box<dyn Query>) -> Box<dyn Query> {
    let mut parts = vec![(Occur::Must, text)];
    for q in filters {
        parts.push((Occur::Must, Box::new(ConstScoreQuery::new(q, 0.0)) as Box<dyn Query>));
    }
    parts.push((Occur::MustNot, hidden));
    Box::new(BooleanQuery::new(parts))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_words_and_quoted_phrases() {
        assert_eq!(split_words("防災　 \"子育て 支援\" DX"), ["防災", "子育て 支援", "DX"]);
        assert_eq!(split_words("「公共施設の管理」"), ["公共施設の管理"]);
    }
}
