//! Text folding before tokenizing, at index and query time alike: the domain's
//! [`hoshin_domain::fold`] (NFKC, lower case, the variant-spelling list), which the pairing of
//! a year's initiatives with the previous year's uses too. Keeps, for every byte of the folded
//! text, the range of the original text it came from, so highlights point at what the page shows.

pub use hoshin_domain::fold::{fold, Folded};
