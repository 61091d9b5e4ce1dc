//! hoshin-store
