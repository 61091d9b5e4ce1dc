//! The Japanese analyzer: [`fold`](crate::normalize::fold) (NFKC, case, synonyms), then IPADIC
//! segmentation with lindera, dropping particles, auxiliary endings and punctuation. Positions
//! count the kept tokens, so 「施設の管理」 and 「施設管理」 are the same phrase. Offsets point
//! into the original text (for highlighting).

use crate::dictionary::segmenter;
use crate::error::Result;
use crate::normalize::fold;
use lindera::segmenter::Segmenter;
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use std::sync::Arc;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// Name the tokenizer is registered under in the index.
pub const NAME: &str = "ja";

/// Name of the tokenizer of adjacent-term pairs ([`JaTokenizer::pairs`]).
pub const PAIRS: &str = "ja_pairs";

/// Joins the two terms of a pair (never inside an analyzed term).
const PAIR_SEP: char = '\u{1f}';

/// The pair term of two adjacent terms.
pub fn pair(a: &str, b: &str) -> String {
    format!("{a}{PAIR_SEP}{b}")
}

/// Particles, auxiliaries and light verbs that say nothing on their own.
const STOP: &[&str] = &[
    "の",
    "に",
    "を",
    "は",
    "が",
    "と",
    "で",
    "へ",
    "や",
    "も",
    "から",
    "まで",
    "より",
    "か",
    "な",
    "た",
    "て",
    "だ",
    "です",
    "ます",
    "する",
    "し",
    "され",
    "さ",
    "れ",
    "ある",
    "いる",
    "こと",
    "等",
    "など",
    "及び",
    "および",
    "並びに",
    "又は",
    "または",
    "ため",
    "よう",
    "おり",
    "ます。",
    "せ",
    "ない",
    "ず",
    "ん",
    "う",
    "ば",
    "つ",
    "ね",
    "よ",
    "について",
];

/// One analyzed token: folded text, original byte range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// Analyzes `text` into the terms the index holds.
pub fn analyze(seg: &Segmenter, text: &str) -> Vec<Term> {
    let folded = fold(text);
    let Ok(tokens) = seg.segment(Cow::Borrowed(folded.text.as_str())) else { return Vec::new() };
    let mut out = Vec::with_capacity(tokens.len());
    for t in tokens {
        let s: &str = &t.surface;
        if s.is_empty() || STOP.contains(&s) || s.chars().all(|c| !c.is_alphanumeric()) {
            continue;
        }
        // A token mixing scripts (「デジタル技術」, 「dx推進」, unknown to the dictionary) is cut
        // where katakana, Latin letters and digits meet other scripts.
        let mut from = 0;
        let pieces: Vec<(usize, usize)> = {
            let mut v = Vec::new();
            let mut prev: Option<Script> = None;
            for (i, c) in s.char_indices() {
                let sc = script(c);
                if prev.is_some_and(|p| p != sc) {
                    v.push((from, i));
                    from = i;
                }
                prev = Some(sc);
            }
            v.push((from, s.len()));
            v
        };
        for (a, b) in pieces {
            let piece = &s[a..b];
            if STOP.contains(&piece) || piece.chars().all(|c| !c.is_alphanumeric()) {
                continue;
            }
            let (start, end) = folded.original(t.byte_start + a, t.byte_start + b);
            out.push(Term { text: piece.to_string(), start, end });
        }
    }
    out
}

/// How many of the texts last analyzed for the index each thread keeps, with their terms.
const RECENT_TEXTS: usize = 2;

thread_local! {
    /// The texts last analyzed by the index's tokenizers on this thread. A document's title and
    /// body each go into several fields (their own, the combined one, the pairs, the title's
    /// pairs), one after another: kept here, each is segmented once instead of three or four
    /// times (analysis is a function of the text alone).
    static RECENT: RefCell<VecDeque<(String, Rc<Vec<Term>>)>> = const { RefCell::new(VecDeque::new()) };
}

/// [`analyze`] through this thread's [`RECENT`] texts.
fn analyze_for_index(seg: &Segmenter, text: &str) -> Rc<Vec<Term>> {
    RECENT.with(|recent| {
        let mut recent = recent.borrow_mut();
        if let Some((_, terms)) = recent.iter().find(|(t, _)| t == text) {
            return Rc::clone(terms);
        }
        let terms = Rc::new(analyze(seg, text));
        if recent.len() == RECENT_TEXTS {
            recent.pop_front();
        }
        recent.push_back((text.to_string(), Rc::clone(&terms)));
        terms
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    Katakana,
    Latin,
    Other,
}

fn script(c: char) -> Script {
    match c {
        'ァ'..='ヺ' | 'ー' => Script::Katakana,
        c if c.is_ascii_alphanumeric() => Script::Latin,
        _ => Script::Other,
    }
}

/// The tantivy side of [`analyze`]: the terms themselves ([`JaTokenizer::new`], registered as
/// [`NAME`]), or every pair of adjacent terms as one term ([`JaTokenizer::pairs`], as [`PAIRS`]).
///
/// Positions count the kept terms, so a pair is exactly a two-term phrase: a word the analyzer
/// splits in two (「子育て支援」 → 子育て 支援) is then one posting list of its own instead of a
/// phrase whose positions are read in every document holding both parts; a longer word's pairs
/// pick the candidates its phrase then checks.
#[derive(Clone)]
pub struct JaTokenizer {
    seg: Arc<Segmenter>,
    buf: Vec<Token>,
    pairs: bool,
}

impl std::fmt::Debug for JaTokenizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JaTokenizer").field("pairs", &self.pairs).finish_non_exhaustive()
    }
}

impl JaTokenizer {
    /// The analyzed terms.
    pub fn new() -> Result<Self> {
        Ok(Self { seg: segmenter()?, buf: Vec::new(), pairs: false })
    }

    /// The pairs of adjacent analyzed terms ([`pair`]).
    pub fn pairs() -> Result<Self> {
        Ok(Self { pairs: true, ..Self::new()? })
    }
}

/// Tokens of one text, computed eagerly.
#[derive(Debug)]
pub struct JaTokenStream<'a> {
    tokens: &'a mut Vec<Token>,
    next: usize,
}

impl Tokenizer for JaTokenizer {
    type TokenStream<'a> = JaTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> JaTokenStream<'a> {
        self.buf.clear();
        let terms = analyze_for_index(&self.seg, text);
        if self.pairs {
            for (position, w) in terms.windows(2).enumerate() {
                self.buf.push(Token {
                    offset_from: w[0].start,
                    offset_to: w[1].end,
                    position,
                    text: pair(&w[0].text, &w[1].text),
                    position_length: 1,
                });
            }
        } else {
            for (position, t) in terms.iter().enumerate() {
                self.buf.push(Token {
                    offset_from: t.start,
                    offset_to: t.end,
                    position,
                    text: t.text.clone(),
                    position_length: 1,
                });
            }
        }
        JaTokenStream { tokens: &mut self.buf, next: 0 }
    }
}

impl TokenStream for JaTokenStream<'_> {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        let seg = segmenter().expect("dictionary");
        analyze(&seg, text).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn segments_administrative_text() {
        assert_eq!(
            words("公共施設マネジメント基本方針及び再編計画に基づく施設の適正管理"),
            ["公共", "施設", "マネジメント", "基本", "方針", "再編", "計画", "基づく", "施設", "適正", "管理"]
        );
    }

    #[test]
    fn mixed_script_tokens_are_cut() {
        assert_eq!(words("デジタル技術を生かして"), ["デジタル", "技術", "生かし"]);
        assert_eq!(words("ＤＸ推進"), ["dx", "推進"]);
    }

    #[test]
    fn variants_give_the_same_terms() {
        assert_eq!(words("子供の居場所づくり"), words("こどもの居場所づくり"));
        assert_eq!(words("ＤＸの推進"), words("DXの推進"));
        assert_eq!(words("デジタル変革の推進"), words("dxの推進"));
        assert_eq!(words("取り組み"), words("取組"));
    }

    #[test]
    fn pairs_join_adjacent_kept_terms() {
        let mut t = JaTokenizer::pairs().expect("dictionary");
        let mut stream = t.token_stream("防災訓練の実施");
        let mut got = Vec::new();
        while stream.advance() {
            got.push(stream.token().text.clone());
        }
        assert_eq!(got, [pair("防災", "訓練"), pair("訓練", "実施")]);
        let mut one = t.token_stream("防災");
        assert!(!one.advance(), "one term has no pair");
    }

    /// The index's tokenizers answer from the texts they analyzed last exactly as a fresh
    /// analysis would, whichever text comes in between.
    #[test]
    fn recent_texts_give_what_analysis_gives() {
        let seg = segmenter().expect("dictionary");
        let mut t = JaTokenizer::new().expect("dictionary");
        let texts =
            ["子育て支援の充実", "ＤＸ推進のための取り組み", "子育て支援の充実", "防災", "ＤＸ推進のための取り組み"];
        for text in texts.iter().chain(texts.iter().rev()) {
            let mut stream = t.token_stream(text);
            let mut got = Vec::new();
            while stream.advance() {
                let k = stream.token();
                got.push(Term { text: k.text.clone(), start: k.offset_from, end: k.offset_to });
            }
            assert_eq!(got, analyze(&seg, text), "{text}");
        }
    }

    #[test]
    fn offsets_point_into_the_original() {
        let seg = segmenter().expect("dictionary");
        let text = "子供食堂への支援";
        for t in analyze(&seg, text) {
            assert!(text.get(t.start..t.end).is_some(), "{t:?}");
        }
        let first = &analyze(&seg, text)[0];
        assert_eq!(&text[first.start..first.end], "子供");
    }
}
