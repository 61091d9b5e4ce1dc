//! The IPADIC dictionary, compiled by `build.rs` from MeCab's source and embedded in the binary,
//! so every server carries its own and needs no file at run time. Only what segmentation reads
//! is embedded (about 14 MB): the per-word details (readings, conjugations; 33 MB) are left
//! out, since the analyzer uses surfaces only.

use crate::error::{Result, SearchError};
use lindera::segmenter::Segmenter;
use lindera_dictionary::dictionary::character_definition::CharacterDefinition;
use lindera_dictionary::dictionary::connection_cost_matrix::ConnectionCostMatrix;
use lindera_dictionary::dictionary::metadata::Metadata;
use lindera_dictionary::dictionary::prefix_dictionary::PrefixDictionary;
use lindera_dictionary::dictionary::unknown_dictionary::UnknownDictionary;
use lindera_dictionary::dictionary::Dictionary;
use lindera_dictionary::mode::Mode;
use std::sync::{Arc, OnceLock};

macro_rules! part {
    ($name:literal) => {
        include_bytes!(concat!(env!("LINDERA_WORKDIR"), "/ipadic/", $name))
    };
}

static CHAR_DEF: &[u8] = part!("char_def.bin");
static MATRIX: &[u8] =
    lindera_dictionary::include_bytes_aligned!(concat!(env!("LINDERA_WORKDIR"), "/ipadic/matrix.mtx"));
static TRIE: &[u8] = part!("dict.trie");
static VALS_IDX: &[u8] = part!("dict.valsidx");
static VALS: &[u8] = part!("dict.vals");
static UNKNOWN: &[u8] = part!("unk.bin");
static METADATA: &[u8] = part!("metadata.json");
static EMPTY: &[u8] = &[];

fn load() -> lindera_dictionary::LinderaResult<Dictionary> {
    let metadata = Metadata::load(METADATA)?;
    metadata.validate_format_version()?;
    // No word details: an empty index and table (`Token::details` is never called).
    let prefix = PrefixDictionary::load(TRIE, VALS_IDX, VALS, EMPTY, EMPTY)?;
    Ok(Dictionary {
        prefix_dictionary: Arc::new(prefix),
        connection_cost_matrix: Arc::new(ConnectionCostMatrix::load(MATRIX)?),
        character_definition: Arc::new(CharacterDefinition::load(CHAR_DEF)?),
        unknown_dictionary: Arc::new(UnknownDictionary::load(UNKNOWN)?),
        metadata: Arc::new(metadata),
    })
}

static SEGMENTER: OnceLock<std::result::Result<Arc<Segmenter>, String>> = OnceLock::new();

/// The shared segmenter (the dictionary is loaded once per process).
pub fn segmenter() -> Result<Arc<Segmenter>> {
    SEGMENTER
        .get_or_init(|| load().map(|d| Arc::new(Segmenter::new(Mode::Normal, d, None))).map_err(|e| e.to_string()))
        .clone()
        .map_err(SearchError::Dictionary)
}
