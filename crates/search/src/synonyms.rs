//! Variant spellings of administrative vocabulary, folded to one form before tokenizing (at
//! index and at query time alike), so 子供 finds 子ども and ＤＸ finds デジタル変革. The list is
//! kept in the domain crate ([`hoshin_domain::fold::GROUPS`]), because matching a year's
//! initiatives with the previous year's folds with it too.

pub use hoshin_domain::fold::{pairs, GROUPS};
