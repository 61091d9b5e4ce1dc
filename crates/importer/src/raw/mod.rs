//! Stage 1: a lossless raw reading of the text, with source line numbers.
//! (Placeholder shape; the raw reader is being built.)

/// One source line, numbered from 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub no: usize,
    pub text: String,
}

/// The raw document.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RawDoc {
    pub lines: Vec<Line>,
}

/// Reads text into numbered lines.
pub fn read(text: &str) -> RawDoc {
    RawDoc { lines: text.lines().enumerate().map(|(i, t)| Line { no: i + 1, text: t.to_string() }).collect() }
}
