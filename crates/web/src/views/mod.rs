//! Fragments shared by several pages.

pub mod chart;
pub mod diff;
pub mod policy;
pub mod status;
pub mod style;
