//! Field names as data: the labels cities give each field of a program sheet, read from the
//! reviewed file `labels.toml` and extended per organization (`[import.labels]` in
//! hoshin.toml, `--labels FILE`). A label is recognised after folding (see [`fold`]): spaced
//! labels, full-width digits, item marks (①, ⑴, ア.) and year prefixes are handled here once
//! for every genre.

mod fold;
mod label;

pub(crate) use fold::{fold_plain, label_key};
pub use label::{Direction, Field};

use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

/// Labels an organization adds: field name (as in labels.toml) → labels.
pub type LabelAdditions = BTreeMap<String, Vec<String>>;

const BUILTIN: &str = include_str!("labels.toml");

/// One label of the vocabulary.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    key: Vec<char>,
    field: Field,
    /// Only the whole cell is the label (no value may follow it in the same cell).
    exact: bool,
}

/// A recognised label in a cell, and what follows it in the same cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelHit {
    pub field: Field,
    /// The value written after the label in the same cell (「事業名：花壇事業」), trimmed;
    /// empty when the cell holds only the label (and perhaps a note in parentheses).
    pub rest: String,
}

/// The field vocabulary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vocabulary {
    /// Longest key first, so 「事務事業名」 wins over 「事業名」.
    entries: Vec<Entry>,
    directions: Vec<(Direction, Vec<String>)>,
}

#[derive(Debug, Deserialize)]
struct FieldTable {
    #[serde(default)]
    labels: Vec<String>,
    #[serde(default)]
    exact: Vec<String>,
}

impl Vocabulary {
    /// The reviewed vocabulary shipped with hoshin.
    pub fn builtin() -> Arc<Vocabulary> {
        static V: OnceLock<Arc<Vocabulary>> = OnceLock::new();
        V.get_or_init(|| Arc::new(Vocabulary::parse(BUILTIN).unwrap_or_else(|e| panic!("labels.toml: {e}")))).clone()
    }

    /// The built-in vocabulary plus an organization's labels; an unknown field name is an
    /// error that lists the known ones.
    pub fn with_additions(additions: &LabelAdditions) -> Result<Arc<Vocabulary>, String> {
        if additions.values().all(Vec::is_empty) {
            return Ok(Self::builtin());
        }
        let mut v = (*Self::builtin()).clone();
        for (name, labels) in additions {
            let field = Field::parse(name).ok_or_else(|| {
                let known: Vec<&str> = Field::all().map(|f| f.as_str()).collect();
                format!("unknown field `{name}` in the import labels; known fields: {}", known.join(", "))
            })?;
            for l in labels {
                v.push(l, field, false);
            }
        }
        v.sort();
        Ok(Arc::new(v))
    }

    fn parse(text: &str) -> Result<Vocabulary, String> {
        let mut tables: BTreeMap<String, toml::Value> = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut v = Vocabulary { entries: Vec::new(), directions: Vec::new() };
        if let Some(dirs) = tables.remove("directions") {
            let dirs: BTreeMap<String, Vec<String>> = dirs.try_into().map_err(|e: toml::de::Error| e.to_string())?;
            for (name, words) in dirs {
                let d = Direction::parse(&name).ok_or_else(|| format!("unknown direction `{name}`"))?;
                v.directions.push((d, words));
            }
            v.directions.sort_by_key(|(d, _)| *d);
        }
        for (name, table) in tables {
            let field = Field::parse(&name).ok_or_else(|| format!("unknown field `{name}`"))?;
            let t: FieldTable = table.try_into().map_err(|e: toml::de::Error| format!("{name}: {e}"))?;
            for l in &t.labels {
                v.push(l, field, false);
            }
            for l in &t.exact {
                v.push(l, field, true);
            }
        }
        v.sort();
        Ok(v)
    }

    fn push(&mut self, label: &str, field: Field, exact: bool) {
        let key: Vec<char> = label_key(label).chars().collect();
        let key = strip_note(&key).to_vec();
        if !key.is_empty() {
            self.entries.push(Entry { key, field, exact });
        }
    }

    fn sort(&mut self) {
        // Where a label is listed both ways, the exact (stricter) reading wins.
        self.entries.sort_by(|a, b| b.key.len().cmp(&a.key.len()).then(b.exact.cmp(&a.exact)));
        self.entries.dedup_by(|a, b| a.key == b.key && a.field == b.field);
    }

    /// The label at the start of `text`, if any, and the value that follows it in the cell.
    pub fn label(&self, text: &str) -> Option<LabelHit> {
        label::find(self, text)
    }

    /// The field `text` labels when the whole cell is a label (a table header).
    pub fn field_of(&self, text: &str) -> Option<Field> {
        self.label(text).filter(|h| h.rest.is_empty()).map(|h| h.field)
    }

    /// The direction word (今後の方向性) in `text`: the longest word of any direction found.
    pub fn direction(&self, text: &str) -> Option<Direction> {
        let k: String = fold_plain(text).chars.into_iter().collect();
        self.directions
            .iter()
            .flat_map(|(d, words)| words.iter().map(move |w| (*d, w)))
            .filter(|(_, w)| k.contains(w.as_str()))
            .max_by_key(|(_, w)| w.chars().count())
            .map(|(d, _)| d)
    }
}

/// A key without a trailing note in parentheses (「事業の対象（誰を、何を）」).
fn strip_note(k: &[char]) -> &[char] {
    if k.last() == Some(&')') {
        if let Some(open) = k.iter().rposition(|&c| c == '(') {
            if open > 0 {
                return &k[..open];
            }
        }
    }
    k
}

#[cfg(test)]
mod tests;
