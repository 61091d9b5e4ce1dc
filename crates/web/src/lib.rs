//! hoshin-web
