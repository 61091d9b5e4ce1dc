//! Text similarity for matching a year's initiatives with the previous year's: character
//! bigrams of folded text (Japanese has no spaces, so words are not available without a
//! dictionary), compared with the Dice coefficient. Texts are folded as the search index folds
//! them ([`crate::fold`]: NFKC, lower case, variant spellings such as 子供/こども → 子ども), so an
//! initiative that only changed its spelling from one year to the next is the same initiative.

use crate::fold::fold_text;
use std::collections::HashMap;

/// Bigram multiset of `s` folded, ignoring whitespace and punctuation.
fn bigrams(s: &str) -> Bigrams {
    let chars: Vec<char> = fold_text(s).chars().filter(|c| c.is_alphanumeric()).collect();
    let mut map = HashMap::new();
    if chars.len() == 1 {
        *map.entry((chars[0], ' ')).or_insert(0) += 1;
    }
    for w in chars.windows(2) {
        *map.entry((w[0], w[1])).or_insert(0) += 1;
    }
    let total = map.values().sum();
    Bigrams { map, total }
}

/// A text's bigram multiset and its size, computed once per text (matching compares every
/// pair of a department's items; each text is normalized and split once, not once per pair).
#[derive(Debug, Default)]
struct Bigrams {
    map: HashMap<(char, char), u32>,
    total: u32,
}

impl Bigrams {
    fn dice(&self, other: &Bigrams) -> f64 {
        let total = self.total + other.total;
        if total == 0 {
            return 0.0;
        }
        let (small, large) = if self.map.len() <= other.map.len() { (self, other) } else { (other, self) };
        let shared: u32 = small.map.iter().map(|(k, n)| (*n).min(*large.map.get(k).unwrap_or(&0))).sum();
        f64::from(2 * shared) / f64::from(total)
    }
}

/// Dice coefficient of the bigram multisets: 1.0 for equal texts, 0.0 for texts that share
/// no bigram (or when either is empty).
pub fn similarity(a: &str, b: &str) -> f64 {
    bigrams(a).dice(&bigrams(b))
}

/// One initiative as seen for matching: its id, name and summary.
#[derive(Debug, Clone, Copy)]
pub struct MatchItem<'a, Id> {
    pub id: Id,
    pub name: &'a str,
    pub summary: &'a str,
    /// An explicit continuity link to an item of the previous year.
    pub predecessor: Option<Id>,
}

/// How a current item relates to the previous year.
#[derive(Debug, Clone, PartialEq)]
pub enum Pairing<Id> {
    /// Linked explicitly, or the same name.
    Continued { prev: Id, curr: Id },
    /// A different name, but similar enough to be a likely successor.
    Renamed { prev: Id, curr: Id, score: f64 },
    /// No counterpart last year.
    New { curr: Id },
    /// Last year's item with no counterpart this year.
    Dropped { prev: Id },
}

/// Score of a candidate pair: names weigh more than summaries.
fn pair_score(p: &Prepared, c: &Prepared) -> f64 {
    let names = p.name.dice(&c.name);
    match (&p.summary, &c.summary) {
        (Some(ps), Some(cs)) => 0.4 * names + 0.6 * ps.dice(cs),
        _ => names,
    }
}

/// The bigrams matching compares of an item, computed once per item (and only for items
/// left unpaired after the links and equal names): of its name and of its (non-empty) summary.
struct Prepared {
    name: Bigrams,
    summary: Option<Bigrams>,
}

impl Prepared {
    fn of<Id>(item: &MatchItem<'_, Id>) -> Self {
        Self { name: bigrams(item.name), summary: (!item.summary.is_empty()).then(|| bigrams(item.summary)) }
    }
}

/// The key under which two names are the same: folded ([`crate::fold`]), spacing ignored.
fn name_key(name: &str) -> String {
    fold_text(name).chars().filter(|c| !c.is_whitespace()).collect()
}

/// Pairs this year's items with last year's: explicit links first, then equal names
/// (folded as search folds them, spacing ignored), then greedily the most similar remaining pairs scoring at least
/// `threshold`. Every item appears in exactly one pairing.
pub fn pair_years<Id: Copy + Eq + std::hash::Hash>(
    prev: &[MatchItem<'_, Id>],
    curr: &[MatchItem<'_, Id>],
    threshold: f64,
) -> Vec<Pairing<Id>> {
    use std::collections::HashSet;
    let mut used_prev: HashSet<Id> = HashSet::new();
    let mut used_curr: HashSet<Id> = HashSet::new();
    let mut out = Vec::new();
    let prev_ids: HashSet<Id> = prev.iter().map(|p| p.id).collect();
    for c in curr {
        if let Some(p) = c.predecessor.filter(|p| prev_ids.contains(p) && !used_prev.contains(p)) {
            used_prev.insert(p);
            used_curr.insert(c.id);
            out.push(Pairing::Continued { prev: p, curr: c.id });
        }
    }
    let prev_keys: Vec<String> = prev.iter().map(|p| name_key(p.name)).collect();
    for c in curr {
        if used_curr.contains(&c.id) {
            continue;
        }
        let key = name_key(c.name);
        let same_name = prev.iter().zip(&prev_keys).find(|(p, k)| !used_prev.contains(&p.id) && **k == key);
        if let Some((p, _)) = same_name {
            used_prev.insert(p.id);
            used_curr.insert(c.id);
            out.push(Pairing::Continued { prev: p.id, curr: c.id });
        }
    }
    // A Dice score is at most 1: above that, nothing is paired by similarity.
    let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
    if threshold <= 1.0 {
        let left = |used: &HashSet<Id>, items: &[MatchItem<'_, Id>]| -> Vec<(usize, Prepared)> {
            items.iter().enumerate().filter(|(_, i)| !used.contains(&i.id)).map(|(n, i)| (n, Prepared::of(i))).collect()
        };
        let (left_prev, left_curr) = (left(&used_prev, prev), left(&used_curr, curr));
        for (ci, c) in &left_curr {
            for (pi, p) in &left_prev {
                let s = pair_score(p, c);
                if s >= threshold {
                    candidates.push((s, *pi, *ci));
                }
            }
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    for (s, pi, ci) in candidates {
        let (p, c) = (&prev[pi], &curr[ci]);
        if used_prev.contains(&p.id) || used_curr.contains(&c.id) {
            continue;
        }
        used_prev.insert(p.id);
        used_curr.insert(c.id);
        out.push(Pairing::Renamed { prev: p.id, curr: c.id, score: s });
    }
    out.extend(curr.iter().filter(|c| !used_curr.contains(&c.id)).map(|c| Pairing::New { curr: c.id }));
    out.extend(prev.iter().filter(|p| !used_prev.contains(&p.id)).map(|p| Pairing::Dropped { prev: p.id }));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item<'a>(id: u32, name: &'a str, summary: &'a str) -> MatchItem<'a, u32> {
        MatchItem { id, name, summary, predecessor: None }
    }

    #[test]
    fn similarity_bounds() {
        assert_eq!(similarity("図書館の改修", "図書館の改修"), 1.0);
        assert_eq!(similarity("ＤＸ推進", "DX推進"), 1.0);
        assert_eq!(similarity("公園", "税務"), 0.0);
        assert_eq!(similarity("", "税務"), 0.0);
        let s = similarity("窓口のオンライン化", "窓口手続のオンライン化");
        assert!(s > 0.6 && s < 1.0, "{s}");
    }

    #[test]
    fn pairs_links_names_renames_new_and_dropped() {
        let prev = [
            item(1, "公用車の削減", "台数を見直して維持費を抑える"),
            item(2, "会議資料の電子化", "会議資料を紙で配らずタブレットで共有し印刷費を削減する"),
            item(3, "夏祭りの開催", "地域の夏祭りを支援する"),
            item(4, "防犯灯のLED化", "防犯灯をLEDに替える"),
        ];
        let mut curr = vec![
            item(10, "公用車の削減", "台数をさらに見直す"),
            item(11, "ペーパーレス会議の推進", "会議資料をタブレットで共有し紙と印刷費を削減する"),
            item(12, "空き家対策", "空き家の所有者に助言する"),
            item(13, "照明の省エネ化", "庁舎照明を替える"),
        ];
        curr[3].predecessor = Some(4);
        let pairs = pair_years(&prev, &curr, 0.3);
        assert!(pairs.contains(&Pairing::Continued { prev: 4, curr: 13 }));
        assert!(pairs.contains(&Pairing::Continued { prev: 1, curr: 10 }));
        assert!(pairs.iter().any(|p| matches!(p, Pairing::Renamed { prev: 2, curr: 11, score } if *score >= 0.3)));
        assert!(pairs.contains(&Pairing::New { curr: 12 }));
        assert!(pairs.contains(&Pairing::Dropped { prev: 3 }));
        assert_eq!(pairs.len(), 5);
    }

    #[test]
    fn above_one_pairs_equal_names_only() {
        let prev = [item(1, "ＤＸ の推進", "庁内の手続をオンライン化する"), item(2, "会議資料の電子化", "紙をなくす")];
        let curr = [item(10, "DXの推進", "別の概要"), item(11, "会議資料の電子化の推進", "紙をなくす")];
        let pairs = pair_years(&prev, &curr, f64::INFINITY);
        assert_eq!(
            pairs,
            vec![Pairing::Continued { prev: 1, curr: 10 }, Pairing::New { curr: 11 }, Pairing::Dropped { prev: 2 }]
        );
        // The same items with a threshold: the similar pair is found.
        assert!(pair_years(&prev, &curr, 0.3).iter().any(|p| matches!(p, Pairing::Renamed { prev: 2, curr: 11, .. })));
    }

    /// A name that changed only its spelling (子供 → こども after 2023, 取り組み → 取組, ＤＸ →
    /// デジタル変革) is the same initiative: continued, as search would find both by either.
    #[test]
    fn variant_spellings_are_the_same_name() {
        let prev = [
            item(1, "子供の居場所づくり", "放課後に子供が過ごせる場所を増やす"),
            item(2, "ＤＸ推進の取り組み", "窓口手続きをオンラインにする"),
            item(3, "障害者の就労支援", "職場実習を広げる"),
        ];
        let curr = [
            item(10, "こどもの居場所づくり", "放課後にこどもが過ごせる場所を増やす"),
            item(11, "デジタル変革推進の取組", "窓口手続をオンラインにする"),
            item(12, "障がい者の就労支援", "職場実習を広げ、定着を支える"),
        ];
        let pairs = pair_years(&prev, &curr, 0.3);
        for (p, c) in [(1, 10), (2, 11), (3, 12)] {
            assert!(pairs.contains(&Pairing::Continued { prev: p, curr: c }), "{p} → {c}: {pairs:?}");
        }
        assert_eq!(pairs.len(), 3);
        assert_eq!(similarity("子供の居場所", "こどもの居場所"), 1.0);
        assert_eq!(similarity("取り組みの推進", "取組の推進"), 1.0);
    }
}
