//! Variant spellings of administrative vocabulary, folded to one form before tokenizing (at
//! index and at query time alike), so 子供 finds 子ども and ＤＸ finds デジタル変革. The list is
//! small and reviewed: every entry is a spelling cities really use for the same thing. Entries
//! are written after NFKC and lower-casing (see `normalize`); the canonical form comes first.

/// (canonical, variants). A variant is replaced by its canonical form wherever it occurs
/// (longest match first, one left-to-right pass, so replacements never cascade).
pub const GROUPS: &[(&str, &[&str])] = &[
    ("子ども", &["子供", "こども"]),
    ("取組", &["取り組み", "取組み", "取り組"]),
    ("dx", &["デジタルトランスフォーメーション", "デジタル・トランスフォーメーション", "デジタル変革"]),
    ("ict", &["情報通信技術"]),
    ("sdgs", &["持続可能な開発目標"]),
    ("障害", &["障がい", "障碍"]),
    ("まちづくり", &["まち作り", "街づくり", "町づくり", "街作り"]),
    ("ごみ", &["ゴミ"]),
    ("申込", &["申し込み", "申込み"]),
    ("手続", &["手続き"]),
    ("問合せ", &["問い合わせ", "問合わせ", "問い合せ"]),
];

/// Every (variant, canonical) pair, longest variant first.
pub fn pairs() -> Vec<(&'static str, &'static str)> {
    let mut out: Vec<(&str, &str)> =
        GROUPS.iter().flat_map(|(canon, vars)| vars.iter().map(move |v| (*v, *canon))).collect();
    out.sort_by(|a, b| b.0.chars().count().cmp(&a.0.chars().count()).then(a.0.cmp(b.0)));
    out
}
