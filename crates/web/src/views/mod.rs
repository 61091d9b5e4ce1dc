//! Fragments shared by several pages.

pub mod chart;
pub mod diff;
pub mod periods;
pub mod policy;
pub mod program;
pub mod sheet;
pub mod status;
pub mod style;
