//! A compact text rendering of the raw structure, for eyeballing and snapshot tests.

use super::{Block, PartKind, RawDoc};
use std::fmt::Write;

impl RawDoc {
    /// One line per logical line or table row: `12 T text`, `14 R [cell|cell]`, and
    /// `30 - reason: text` for what was dropped.
    pub fn outline(&self) -> String {
        let mut s = String::new();
        for b in &self.blocks {
            match b {
                Block::Text(t) => {
                    for l in &t.lines {
                        let _ = writeln!(s, "{:>5} T {}", l.no, l.text);
                    }
                }
                Block::Table(t) => {
                    for r in &t.rows {
                        let cells: Vec<String> = r
                            .cells
                            .iter()
                            .map(|c| {
                                c.parts
                                    .iter()
                                    .map(|p| match p.kind {
                                        PartKind::Plain => p.text.clone(),
                                        PartKind::Paragraph => format!("¶{}", p.text),
                                        PartKind::Item => format!("•{}", p.text),
                                    })
                                    .collect::<Vec<_>>()
                                    .join(" ")
                            })
                            .collect();
                        let _ = writeln!(s, "{:>5} R [{}]", r.line, cells.join(" | "));
                    }
                }
            }
        }
        for d in &self.dropped {
            let _ = writeln!(
                s,
                "{:>5} - {:?} ({}-{}): {}",
                d.first,
                d.reason,
                d.first,
                d.last,
                d.text.lines().next().unwrap_or("")
            );
        }
        s
    }
}
