//! Text of HTML pages: character references decoded, whitespace collapsed the way a browser
//! shows it (without the spaces a source line break would put between Japanese characters).

/// Marks a line break inside a cell until the cell's whitespace is collapsed.
pub(crate) const HARD_BREAK: char = '\u{2028}';

/// Whitespace runs made one space, except a line break between two Japanese characters,
/// which is dropped (the source was only wrapped there).
pub(crate) fn collapse(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    let mut ws: Option<bool> = None;
    for c in t.chars() {
        if c.is_whitespace() && c != '\u{3000}' {
            ws = Some(ws.unwrap_or(false) || c == '\n');
            continue;
        }
        if let Some(newline) = ws.take() {
            let wrapped = newline && !c.is_ascii() && out.chars().last().is_some_and(|p| !p.is_ascii());
            if !wrapped {
                out.push(' ');
            }
        }
        out.push(c);
    }
    out.trim_matches(' ').to_string()
}

fn named(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" | "ensp" | "emsp" | "thinsp" => ' ',
        "copy" => '©',
        "reg" => '®',
        "yen" => '¥',
        "times" => '×',
        "divide" => '÷',
        "hellip" => '…',
        "mdash" => '—',
        "ndash" => '–',
        "middot" => '·',
        "laquo" => '«',
        "raquo" => '»',
        "sect" => '§',
        "deg" => '°',
        "plusmn" => '±',
        "rarr" => '→',
        "larr" => '←',
        "uarr" => '↑',
        "darr" => '↓',
        "bull" => '•',
        _ => return None,
    })
}

/// Decodes named and numeric character references; unknown ones stay as written.
pub(crate) fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest[1..].find(|c: char| !(c.is_ascii_alphanumeric() || c == '#')).map_or(rest.len(), |e| e + 1);
        let name = &rest[1..end];
        let c = match name.strip_prefix('#') {
            Some(num) => match num.strip_prefix(['x', 'X']) {
                Some(h) => u32::from_str_radix(h, 16).ok(),
                None => num.parse().ok(),
            }
            .and_then(char::from_u32),
            None => named(name),
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[end..];
                rest = rest.strip_prefix(';').unwrap_or(rest);
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_and_whitespace() {
        assert_eq!(decode_entities("&unknown; &lt &#12354;&amp;"), "&unknown; < あ&");
        assert_eq!(collapse("  市の\n  計画  and\n plans "), "市の計画 and plans");
    }
}
