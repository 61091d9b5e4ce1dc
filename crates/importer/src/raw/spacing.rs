//! Headings spaced out character by character (「部 局 運 営 に 関 す る」) collapsed back
//! into words.

/// True for characters that PDF tools space out in headings: kanji, kana and full-width
/// letters, not ASCII digits or list markers.
fn spaced_char(c: char) -> bool {
    !c.is_ascii() && !c.is_whitespace() && !('①'..='⑳').contains(&c)
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\u{3000}'
}

/// Collapses runs of single characters separated by single spaces: a run of three or more,
/// or a whole text of two or more (「部 局」 → 「部局」). Other text is returned as it was.
pub fn collapse_spaced(text: &str) -> String {
    let tokens: Vec<&str> = text.split(is_space).collect();
    if tokens.len() < 2 {
        return text.to_string();
    }
    let single = |t: &str| {
        let mut cs = t.chars();
        matches!((cs.next(), cs.next()), (Some(c), None) if spaced_char(c))
    };
    // Empty tokens (double spaces) break runs and are kept as they were.
    let all_single = tokens.iter().filter(|t| !t.is_empty()).all(|t| single(t))
        && tokens.iter().filter(|t| !t.is_empty()).count() >= 2
        && !tokens.iter().any(|t| t.is_empty());
    if all_single {
        return tokens.concat();
    }
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let mut changed = false;
    while i < tokens.len() {
        let mut j = i;
        while j < tokens.len() && single(tokens[j]) {
            j += 1;
        }
        if i > 0 {
            out.push(' ');
        }
        if j - i >= 3 {
            out.push_str(&tokens[i..j].concat());
            changed = true;
            i = j;
        } else {
            out.push_str(tokens[i]);
            i += 1;
        }
    }
    if changed {
        out
    } else {
        text.to_string()
    }
}
