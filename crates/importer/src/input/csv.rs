//! CSV and TSV: told from plain text by their shape (most records split into the same number
//! of fields, at least two), read with RFC 4180 quoting (quoted delimiters, doubled quotes and
//! line breaks inside a field). Each record becomes one tab row; a field's line break `<br>`.

use super::{cells_line, Decoded, InputKind, Lines, Origin};

/// One record: the line it starts on, its fields, and whether any field was quoted.
pub(super) struct Record {
    pub(super) line: usize,
    pub(super) fields: Vec<String>,
    quoted: bool,
}

/// Splits text into records; `None` when a quote is left open or a quoted field is followed
/// by more text (then the text is not CSV).
pub(super) fn records(text: &str, delimiter: char) -> Option<Vec<Record>> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    let mut line = 1;
    let mut rec = Record { line, fields: Vec::new(), quoted: false };
    let mut field = String::new();
    let mut at_field_start = true;
    while let Some(c) = chars.next() {
        match c {
            '"' if at_field_start => {
                rec.quoted = true;
                loop {
                    match chars.next()? {
                        '"' if chars.peek() == Some(&'"') => {
                            chars.next();
                            field.push('"');
                        }
                        '"' => break,
                        c => {
                            if c == '\n' {
                                line += 1;
                            }
                            field.push(c);
                        }
                    }
                }
                if !matches!(chars.peek(), None | Some('\n' | '\r')) && chars.peek() != Some(&delimiter) {
                    return None;
                }
                at_field_start = false;
            }
            c if c == delimiter => {
                rec.fields.push(std::mem::take(&mut field));
                at_field_start = true;
            }
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                rec.fields.push(std::mem::take(&mut field));
                line += 1;
                out.push(std::mem::replace(&mut rec, Record { line, fields: Vec::new(), quoted: false }));
                at_field_start = true;
            }
            c => {
                field.push(c);
                at_field_start = false;
            }
        }
    }
    if !field.is_empty() || !rec.fields.is_empty() {
        rec.fields.push(field);
        out.push(rec);
    }
    Some(out)
}

/// The delimiter when the text is a table: tab (TSV) or comma (CSV).
pub(crate) fn delimiter(text: &str) -> Option<char> {
    ['\t', ','].into_iter().find(|&d| records(text, d).is_some_and(|r| consistent(&r)))
}

/// At least two non-blank records, ≥ 80% of them with the same number (≥ 2) of fields.
fn consistent(records: &[Record]) -> bool {
    let counts: Vec<usize> =
        records.iter().filter(|r| r.fields.iter().any(|f| !f.trim().is_empty())).map(|r| r.fields.len()).collect();
    if counts.len() < 2 {
        return false;
    }
    let mut sorted = counts.clone();
    sorted.sort_unstable();
    let (mut mode, mut best, mut run) = (0, 0, 0);
    for (i, &c) in sorted.iter().enumerate() {
        run = if i > 0 && sorted[i - 1] == c { run + 1 } else { 1 };
        if run > best {
            (mode, best) = (c, run);
        }
    }
    mode >= 2 && best * 5 >= counts.len() * 4
}

/// Reads CSV or TSV text. A TSV record without quotes is kept exactly as written (it already
/// is a tab row for the raw reader); quoted fields are unquoted and escaped.
pub(crate) fn read(text: &str, delimiter: char, encoding: &'static str) -> Option<Decoded> {
    let recs = records(text, delimiter)?;
    let source: Vec<&str> = text.lines().collect();
    let mut out = Lines::default();
    for r in &recs {
        let line = if delimiter == '\t' && !r.quoted {
            source.get(r.line - 1).map_or_else(|| r.fields.join("\t"), |l| l.replace('\u{c}', ""))
        } else {
            cells_line(&r.fields)
        };
        out.push(line, Origin::Line(r.line));
    }
    let kind = if delimiter == '\t' { InputKind::Tsv } else { InputKind::Csv };
    Some(out.finish(kind, Some(encoding)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_fields_with_commas_quotes_and_line_breaks() {
        let text = "番号,事業名,概要\r\n1,\"公園、広場\",\"「緑」の\"\"整備\"\"\n二行目\"\r\n2,道路,補修\r\n";
        assert_eq!(delimiter(text), Some(','));
        let d = read(text, ',', "UTF-8").expect("csv");
        assert_eq!(d.text, "番号\t事業名\t概要\n1\t公園、広場\t「緑」の\"整備\"<br>二行目\n2\t道路\t補修\n");
        assert_eq!(d.origins, vec![Origin::Line(1), Origin::Line(2), Origin::Line(4)]);
    }

    #[test]
    fn prose_is_not_csv() {
        assert_eq!(delimiter("経費は26,200千円。\n前年は24,255千円、\n増えた。\n"), None);
        assert_eq!(delimiter("一行だけ,です\n"), None);
        assert_eq!(delimiter("a,\"open\nb,c\n"), None);
    }

    #[test]
    fn tsv_without_quotes_is_kept_as_written() {
        let text = "名称\t\t値\n公園\t\t<p>緑</p>\n";
        assert_eq!(delimiter(text), Some('\t'));
        assert_eq!(read(text, '\t', "UTF-8").expect("tsv").text, text);
    }
}
