//! hoshin-testkit
