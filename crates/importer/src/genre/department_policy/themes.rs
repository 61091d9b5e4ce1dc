//! Theme slots: each section's themes by number or position, with every label variant seen.
//! PDF tools mangle theme labels in narrow columns (「再編・公共施設管理の」, 「を持続的な成長
//! ・発展」); the slot's name is the variant that best covers all the others (character
//! bigrams), so one clean spelling anywhere in the document names the theme everywhere.

use crate::draft::Extraction;
use std::collections::{BTreeMap, HashSet};

/// A label similar to a slot's labels by at least this much (bigram containment) joins it.
const SAME_THEME: f64 = 0.5;
/// A label sharing less than this with every label at its position is a different theme.
const UNRELATED: f64 = 0.15;
/// Slot numbers of themes placed apart from the numbered and positional ones.
const NEW_SLOTS: u32 = 1000;

#[derive(Debug, Default)]
pub(crate) struct Slots {
    /// Section keys in order of first appearance.
    sections: Vec<String>,
    /// (section index, slot number) → label variants (cleaned) with first line.
    labels: BTreeMap<(usize, u32), Vec<(String, usize)>>,
}

fn bigrams(s: &str) -> HashSet<(char, char)> {
    let cs: Vec<char> = crate::text::vocab_key(s).chars().filter(|c| !c.is_ascii_digit()).collect();
    cs.windows(2).map(|w| (w[0], w[1])).collect()
}

/// How much of `a` is found in `b` (0..1).
fn covered(a: &str, b: &str) -> f64 {
    let (x, y) = (bigrams(a), bigrams(b));
    if x.is_empty() {
        return 0.0;
    }
    x.intersection(&y).count() as f64 / x.len() as f64
}

/// The placeholder written into initiatives until themes are resolved.
pub(super) fn slot_key(section: &str, n: u32) -> String {
    format!("\u{1}{section}\u{1}{n}")
}

impl Slots {
    /// Places a theme label and returns its slot number within the section.
    pub(super) fn place(&mut self, section: &str, label: &str, position: u32, line: usize) -> u32 {
        let si = match self.sections.iter().position(|s| s == section) {
            Some(i) => i,
            None => {
                self.sections.push(section.to_string());
                self.sections.len() - 1
            }
        };
        let (number, name) = super::classify::theme_label(label);
        let slot = number.unwrap_or_else(|| {
            let best = self
                .labels
                .iter()
                .filter(|((s, _), _)| *s == si)
                .map(|((_, n), vs)| {
                    let sim = vs.iter().map(|(v, _)| covered(&name, v).max(covered(v, &name))).fold(0.0, f64::max);
                    (*n, sim)
                })
                .max_by(|a, b| a.1.total_cmp(&b.1));
            match best {
                Some((n, sim)) if sim >= SAME_THEME => n,
                _ => {
                    // The slot at this position, when it holds labels sharing nothing with this
                    // one, is another department's theme: a slot of its own.
                    let unrelated = self
                        .labels
                        .get(&(si, position))
                        .is_some_and(|vs| vs.iter().all(|(v, _)| covered(&name, v).max(covered(v, &name)) < UNRELATED));
                    if unrelated {
                        NEW_SLOTS + self.labels.keys().filter(|(s, _)| *s == si).count() as u32
                    } else {
                        position
                    }
                }
            }
        });
        self.labels.entry((si, slot)).or_default().push((name, line));
        slot
    }

    /// The name of each slot: a spelling used by most of its labels, else the variant
    /// covering the others best (ties: the shorter).
    fn names(&self) -> BTreeMap<(usize, u32), String> {
        let mut out = BTreeMap::new();
        for (key, variants) in &self.labels {
            let count = |v: &str| variants.iter().filter(|(o, _)| o == v).count();
            if let Some((v, _)) = variants.iter().find(|(v, _)| count(v) >= 2 && 2 * count(v) > variants.len()) {
                out.insert(*key, v.clone());
                continue;
            }
            let score = |v: &str| variants.iter().map(|(o, _)| covered(o, v)).sum::<f64>();
            let best = variants
                .iter()
                .map(|(v, _)| v)
                .max_by(|a, b| score(a).total_cmp(&score(b)).then(b.chars().count().cmp(&a.chars().count())));
            if let Some(b) = best {
                out.insert(*key, b.clone());
            }
        }
        out
    }
}

/// Replaces slot placeholders in initiatives with theme names and lists the themes.
pub(super) fn resolve(slots: &Slots, ex: &mut Extraction) {
    let names = slots.names();
    let by_key: BTreeMap<String, String> = names
        .iter()
        .filter_map(|((si, n), name)| slots.sections.get(*si).map(|s| (slot_key(s, *n), name.clone())))
        .collect();
    for ((si, _), name) in &names {
        let _ = si;
        if !ex.themes.contains(name) {
            ex.themes.push(name.clone());
        }
    }
    for ini in &mut ex.initiatives {
        if let Some(t) = ini.theme.take() {
            ini.theme = by_key.get(&t).cloned();
        }
    }
}
