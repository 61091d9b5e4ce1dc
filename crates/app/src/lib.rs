//! hoshin-app
