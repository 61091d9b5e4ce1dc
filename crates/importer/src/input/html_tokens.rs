//! A forgiving HTML tokenizer for the page reader: tags with their attributes, text with its
//! entities decoded; comments, doctypes and the contents of script/style/template skipped.

/// One piece of an HTML page.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Token {
    /// A start tag: lowercase name and attributes (lowercase names, decoded values).
    Start(String, Vec<(String, String)>),
    End(String),
    Text(String),
}

use super::html_text::decode_entities;

/// Elements whose content is not text of the page.
const SKIPPED: [&str; 7] = ["script", "style", "template", "noscript", "title", "textarea", "svg"];

/// Splits a page into tokens.
pub(crate) fn tokens(html: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut i = 0;
    while i < html.len() {
        let rest = &html[i..];
        if rest.starts_with("<!--") {
            i += rest.find("-->").map_or(rest.len(), |e| e + 3);
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            i += rest.find('>').map_or(rest.len(), |e| e + 1);
            continue;
        }
        if let Some((token, len)) = tag(rest) {
            if !text.is_empty() {
                out.push(Token::Text(decode_entities(&std::mem::take(&mut text))));
            }
            i += len;
            if let Token::Start(name, _) = &token {
                if SKIPPED.contains(&name.as_str()) {
                    i += skip_to_close(&html[i..], name);
                    continue;
                }
            }
            out.push(token);
            continue;
        }
        let Some(c) = rest.chars().next() else { break };
        text.push(c);
        i += c.len_utf8();
    }
    if !text.is_empty() {
        out.push(Token::Text(decode_entities(&text)));
    }
    out
}

/// Length of `s` up to and including `</name…>`, or all of it when never closed.
fn skip_to_close(s: &str, name: &str) -> usize {
    let close = format!("</{name}");
    let lower = s.to_ascii_lowercase();
    match lower.find(&close) {
        Some(at) => s[at..].find('>').map_or(s.len(), |e| at + e + 1),
        None => s.len(),
    }
}

/// A tag at the start of `s`: the token and its length.
fn tag(s: &str) -> Option<(Token, usize)> {
    let rest = s.strip_prefix('<')?;
    let (closing, rest) = match rest.strip_prefix('/') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    if !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let name_len = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':')).unwrap_or(rest.len());
    let name = rest[..name_len].to_ascii_lowercase();
    let mut attrs = Vec::new();
    let bytes = rest.as_bytes();
    let mut j = name_len;
    loop {
        while j < bytes.len() && (bytes[j].is_ascii_whitespace() || bytes[j] == b'/') {
            j += 1;
        }
        if j >= bytes.len() {
            return None;
        }
        if bytes[j] == b'>' {
            break;
        }
        let start = j;
        while j < bytes.len() && !matches!(bytes[j], b'=' | b'>' | b'/') && !bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        let key = rest[start..j].to_ascii_lowercase();
        let mut value = String::new();
        if bytes.get(j) == Some(&b'=') {
            j += 1;
            match bytes.get(j) {
                Some(&q @ (b'"' | b'\'')) => {
                    let end = rest[j + 1..].find(char::from(q))? + j + 1;
                    value = decode_entities(&rest[j + 1..end]);
                    j = end + 1;
                }
                _ => {
                    let start = j;
                    while j < bytes.len() && bytes[j] != b'>' && !bytes[j].is_ascii_whitespace() {
                        j += 1;
                    }
                    value = decode_entities(&rest[start..j]);
                }
            }
        }
        attrs.push((key, value));
    }
    let len = 1 + usize::from(closing) + j + 1;
    Some((if closing { Token::End(name) } else { Token::Start(name, attrs) }, len))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_text_and_skipped_content() {
        let t = tokens("<td colspan=2 class='a'>A&amp;B&#x3042;</td><script>x<y</script><!-- c -->z");
        assert_eq!(
            t,
            vec![
                Token::Start("td".into(), vec![("colspan".into(), "2".into()), ("class".into(), "a".into())]),
                Token::Text("A&Bあ".into()),
                Token::End("td".into()),
                Token::Text("z".into()),
            ]
        );
        assert_eq!(tokens("a < b"), vec![Token::Text("a < b".into())]);
    }
}
