//! HTML fragments found inside cells (`<p>`, `<ul><li>`, `<br>`, attributes) turned into
//! paragraphs and list items. Tags never pass through; entities are decoded.

use super::{Part, PartKind};

/// Characters that open a bullet item when `<li>` tags were lost.
const BULLETS: [char; 6] = ['・', '●', '○', '◆', '■', '◇'];

#[derive(Default)]
struct Builder {
    parts: Vec<Part>,
    buf: String,
    kind: Option<PartKind>,
    /// Index in `parts` where an open `<ul>`/`<ol>` without any `<li>` started.
    bare_list: Option<usize>,
}

impl Builder {
    fn flush(&mut self) {
        let text = self.buf.trim();
        if !text.is_empty() {
            let kind = self.kind.unwrap_or(if self.bare_list.is_some() { PartKind::Item } else { PartKind::Plain });
            self.parts.push(Part { kind, text: text.to_string() });
        }
        self.buf.clear();
    }

    /// Ends a list whose items were not tagged: its text is split at bullets and sentence ends.
    fn close_bare_list(&mut self) {
        self.flush();
        if let Some(start) = self.bare_list.take() {
            let items: Vec<Part> = self.parts.drain(start..).collect();
            for p in items {
                if p.kind == PartKind::Item {
                    for t in split_items(&p.text) {
                        self.parts.push(Part { kind: PartKind::Item, text: t });
                    }
                } else {
                    self.parts.push(p);
                }
            }
        }
    }

    fn tag(&mut self, name: &str, closing: bool) {
        match name {
            "p" | "div" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "tr" | "td" | "th" | "dd" | "dt" => {
                if !closing && self.bare_list.is_some() {
                    self.close_bare_list();
                }
                self.flush();
                self.kind = if closing { None } else { Some(PartKind::Paragraph) };
            }
            "li" => {
                self.flush();
                self.bare_list = None;
                self.kind = if closing { None } else { Some(PartKind::Item) };
            }
            "ul" | "ol" => {
                if closing {
                    self.close_bare_list();
                } else {
                    self.flush();
                    self.bare_list = Some(self.parts.len());
                }
                self.kind = None;
            }
            "br" => self.flush(),
            _ => {}
        }
    }
}

/// Splits the text of an untagged list into items: at a bullet after a space, or after a
/// sentence end (。) followed by a space. Leading bullets are removed.
fn split_items(text: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let after_space = i > 0 && chars[i - 1].is_whitespace();
        let after_stop = i > 1
            && chars[i - 1].is_whitespace()
            && chars[..i - 1].iter().rev().find(|c| !c.is_whitespace()) == Some(&'。');
        if (after_space && BULLETS.contains(&c)) || (after_stop && !c.is_whitespace()) {
            push_item(&mut items, &cur);
            cur.clear();
        }
        cur.push(c);
    }
    push_item(&mut items, &cur);
    items
}

fn push_item(items: &mut Vec<String>, text: &str) {
    let t = text.trim().trim_start_matches(BULLETS).trim();
    if !t.is_empty() {
        items.push(t.to_string());
    }
}

/// Decodes the common entities; unknown ones stay as written.
fn decode_entity(s: &str) -> Option<(char, usize)> {
    let end = s.find(';').filter(|&e| e <= 10)?;
    let name = &s[1..end];
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" | "#39" => '\'',
        "nbsp" => ' ',
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(h) => u32::from_str_radix(h, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code)?
        }
    };
    Some((c, end + 1))
}

/// Reads a tag at the start of `s` (which begins with '<'): (lowercase name, closing, length).
fn read_tag(s: &str) -> Option<(String, bool, usize)> {
    let rest = &s[1..];
    let (closing, rest) = match rest.strip_prefix('/') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    if !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let end = s.find('>')?;
    let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase();
    Some((name, closing, end + 1))
}

/// Length of `s` up to and including `</name …>`, or all of `s` when the tag is never closed.
fn skip_to_close(s: &str, name: &str) -> usize {
    let lower = s.to_ascii_lowercase();
    let close = format!("</{name}");
    match lower.find(&close) {
        Some(at) => s[at..].find('>').map_or(s.len(), |e| at + e + 1),
        None => s.len(),
    }
}

/// True when the text holds at least one HTML tag.
pub(crate) fn has_tags(text: &str) -> bool {
    text.char_indices().any(|(i, c)| c == '<' && read_tag(&text[i..]).is_some())
}

/// Splits cell text into parts. Text without tags becomes one plain part.
pub fn html_parts(text: &str) -> Vec<Part> {
    let mut b = Builder::default();
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let Some(c) = rest.chars().next() else { break };
        if c == '<' {
            if let Some((name, closing, len)) = read_tag(rest) {
                i += len;
                if !closing && matches!(name.as_str(), "script" | "style") {
                    // Code is not content: skip to the closing tag (or the end).
                    i += skip_to_close(&text[i..], &name);
                    continue;
                }
                b.tag(&name, closing);
                continue;
            }
        } else if c == '&' {
            if let Some((d, len)) = decode_entity(rest) {
                b.buf.push(d);
                i += len;
                continue;
            }
        }
        b.buf.push(c);
        i += c.len_utf8();
    }
    b.close_bare_list();
    b.flush();
    b.parts
}
