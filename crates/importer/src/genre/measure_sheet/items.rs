//! The rows of a sheet's 取組み table as PDF text gives them: a name paragraph (often broken
//! across lines), a description paragraph and a perspective line (「②参加と協働 …」), not
//! always in that order. Rows are rebuilt in sequence; names and descriptions the layout
//! separated are paired afterwards, in order, and what stays alone is reported.

use crate::genre::plan_chapter::fields::Field;
use crate::genre::plan_chapter::text::{clean, ends_like_sentence, join_broken, width, Para};

/// Longest name (characters) of an action.
const NAME_MAX: usize = 40;

/// One rebuilt row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Item {
    pub line: usize,
    pub name: Option<String>,
    pub summary: Option<String>,
    pub perspective: Option<(String, String, usize)>,
    /// Listed as a bullet under an actions heading: complete without a description.
    pub listed: bool,
}

/// What a paragraph is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Piece {
    Name(String),
    Summary(String),
    NameAndSummary(String, String),
    /// Text that is neither (reported).
    Unknown(String),
}

/// 「①花の道づくり」「(2) 案内板」 → the name without its number.
pub(crate) fn strip_number(t: &str) -> &str {
    crate::genre::plan_chapter::text::circled_number(t)
        .or_else(|| crate::genre::plan_chapter::text::paren_number(t))
        .map_or(clean(t), |(_, rest)| rest)
}

fn name_like(t: &str) -> bool {
    let t = clean(t);
    !t.is_empty() && width(t) <= NAME_MAX && !t.contains(['。', '、']) && !ends_like_sentence(t)
}

fn sentence_like(t: &str) -> bool {
    let t = clean(t);
    t.contains('。') || ends_like_sentence(t) || width(t) > NAME_MAX
}

/// Classifies a text paragraph.
pub(crate) fn piece(p: &Para) -> Piece {
    let all = join_broken(p.lines.iter().map(|l| l.text.as_str()));
    // Leading short lines (a name, maybe broken) before a description.
    let k = p.lines.iter().take_while(|l| width(&l.text) <= 20 && name_like(&l.text)).count();
    if k >= 1 && k < p.lines.len() {
        let name = join_broken(p.lines[..k].iter().map(|l| l.text.as_str()));
        let rest = join_broken(p.lines[k..].iter().map(|l| l.text.as_str()));
        if name_like(&name) && sentence_like(&rest) && width(&rest) > width(&name) {
            return Piece::NameAndSummary(strip_number(&name).to_string(), rest);
        }
    }
    if name_like(&all) {
        Piece::Name(strip_number(&all).to_string())
    } else if sentence_like(&all) {
        Piece::Summary(all)
    } else {
        Piece::Unknown(all)
    }
}

/// Builds rows from pieces and perspective lines in source order.
#[derive(Debug, Default)]
pub(crate) struct Rows {
    pub items: Vec<Item>,
    /// A heading or label came after the last row: nothing more attaches to it.
    closed: bool,
    /// The last line of the reform text read (to tell a wrapped remainder from the next row).
    reform_line: String,
}

impl Rows {
    /// Ends the last row: what follows a heading or label does not continue it.
    pub fn close(&mut self) {
        self.closed = true;
    }

    fn open_last(&mut self) -> Option<&mut Item> {
        if self.closed {
            return None;
        }
        self.items.last_mut()
    }

    pub fn push_piece(&mut self, line: usize, piece: Piece) -> Option<(usize, String)> {
        let attach =
            self.open_last().is_some_and(|it| it.summary.is_none() && it.perspective.is_none() && it.name.is_some());
        match piece {
            Piece::Name(n) => self.items.push(Item { line, name: Some(n), ..Default::default() }),
            Piece::NameAndSummary(n, s) => {
                self.items.push(Item { line, name: Some(n), summary: Some(s), ..Default::default() })
            }
            Piece::Summary(s) => match self.items.last_mut().filter(|_| attach) {
                Some(it) => it.summary = Some(s),
                None => self.items.push(Item { line, summary: Some(s), ..Default::default() }),
            },
            Piece::Unknown(t) => return Some((line, t)),
        }
        self.closed = false;
        None
    }

    /// A bulleted action 「・名前」 or 「・名前：説明」.
    pub fn push_listed(&mut self, line: usize, t: &str) {
        let t = clean(t.trim_start_matches(['・', '●', '○', '◆', '■']));
        let (name, summary) = match t.split_once(['：', ':']) {
            Some((n, s)) if width(n) <= NAME_MAX => (clean(n).to_string(), Some(clean(s).to_string())),
            _ => (t.to_string(), None),
        };
        self.items.push(Item { line, name: Some(name), summary, listed: true, ..Default::default() });
        self.closed = false;
    }

    /// A row of a table whose header names its columns: complete as it stands.
    pub fn push_record(
        &mut self,
        line: usize,
        name: String,
        summary: Option<String>,
        perspective: Option<(String, String)>,
    ) {
        let perspective = perspective.map(|(p, r)| (p, r, line));
        self.items.push(Item { line, name: Some(name), summary, perspective, listed: true });
        self.closed = false;
    }

    /// A labelled value of an action record (取組み名：…, 内容：…, 行革の視点：…, 行革の視点からの
    /// 取組み内容：…): a name starts a row, the others fill the row it started.
    pub fn push_labelled(&mut self, line: usize, field: Field, value: String) {
        let last = self.items.last_mut().filter(|it| it.listed);
        match (field, last) {
            (Field::Action, _) => {
                self.items.push(Item { line, name: Some(value), listed: true, ..Default::default() });
            }
            (Field::Content, Some(it)) if it.summary.is_none() => it.summary = Some(value),
            (Field::Content, _) => self.items.push(Item { line, summary: Some(value), ..Default::default() }),
            (Field::Perspective, Some(it)) => match &mut it.perspective {
                Some(p) => p.0 = value,
                None => it.perspective = Some((value, String::new(), line)),
            },
            (Field::Reform, Some(it)) => match &mut it.perspective {
                Some(p) => p.1 = value,
                None => it.perspective = Some((String::new(), value, line)),
            },
            (_, _) => return,
        }
        self.closed = false;
    }

    pub fn push_perspective(&mut self, line: usize, perspective: String, reform: String) {
        let open = self.open_last().is_some_and(|it| it.perspective.is_none());
        self.closed = false;
        match self.items.last_mut().filter(|_| open) {
            Some(it) if it.perspective.is_none() => it.perspective = Some((perspective, reform.clone(), line)),
            _ => self.items.push(Item {
                line,
                perspective: Some((perspective, reform.clone(), line)),
                ..Default::default()
            }),
        }
        self.reform_line = reform;
    }

    /// Appends a continuation line of the last perspective's reform text. In a `dense` text (no
    /// blank lines to end the row) only when it is one: the first line under a bare
    /// perspective, the next item of a 「・」 list, or the short remainder of a wrapped line.
    /// Returns false for a line that starts something else.
    pub fn continue_reform(&mut self, t: &str, dense: bool) -> bool {
        let last = self.reform_line.clone();
        let continues = !dense
            || last.is_empty()
            || (t.starts_with('・') && last.starts_with('・'))
            || (width(&last) >= 25 && width(t) <= 6 && !last.ends_with('。'));
        if !continues {
            return false;
        }
        if let Some((_, reform, _)) = self.items.last_mut().and_then(|it| it.perspective.as_mut()) {
            *reform = join_broken([reform.as_str(), t]);
            self.reform_line = t.to_string();
            return true;
        }
        false
    }

    /// Complete rows; names without a description are paired with descriptions (that have
    /// a perspective) without a name: each description takes the nearest name after it. Returns the rows and what stayed alone.
    pub fn finish(self) -> (Vec<Item>, Vec<(usize, String)>) {
        let mut done = Vec::new();
        let mut names = Vec::new();
        let mut nameless = Vec::new();
        let mut alone = Vec::new();
        for it in self.items {
            match (&it.name, &it.summary) {
                (Some(_), Some(_)) => done.push(it),
                (Some(_), None) if it.listed => done.push(it),
                (Some(_), None) => names.push(it),
                (None, Some(_)) if it.perspective.is_some() => nameless.push(it),
                (None, _) => {
                    let what =
                        it.summary.clone().or_else(|| it.perspective.as_ref().map(|p| format!("{} {}", p.0, p.1)));
                    alone.push((it.line, format!("description without a name: {}", short(&what.unwrap_or_default()))));
                }
            }
        }
        // Each description takes the nearest unpaired name after it (else the nearest before).
        let mut names: Vec<Option<Item>> = names.into_iter().map(Some).collect();
        for d in nameless {
            let after = names
                .iter()
                .enumerate()
                .filter(|(_, n)| n.as_ref().is_some_and(|n| n.line > d.line))
                .map(|(i, _)| i)
                .next();
            let before = names
                .iter()
                .enumerate()
                .rev()
                .find(|(_, n)| n.as_ref().is_some_and(|n| n.line < d.line))
                .map(|(i, _)| i);
            match after.or(before).and_then(|i| names[i].take()) {
                Some(n) => {
                    let what = format!(
                        "name and description far apart, paired by position: {}",
                        short(n.name.as_deref().unwrap_or(""))
                    );
                    alone.push((n.line, what));
                    done.push(Item {
                        line: n.line,
                        name: n.name,
                        summary: d.summary,
                        perspective: d.perspective,
                        listed: false,
                    });
                }
                None => alone.push((
                    d.line,
                    format!("description without a name: {}", short(d.summary.as_deref().unwrap_or(""))),
                )),
            }
        }
        for n in names.into_iter().flatten() {
            alone.push((n.line, format!("text not placed: {}", short(n.name.as_deref().unwrap_or("")))));
        }
        done.sort_by_key(|it| it.line);
        (done, alone)
    }
}

fn short(t: &str) -> String {
    t.chars().take(40).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::raw::Line;

    fn para(no: usize, t: &str) -> Para {
        Para { line: no, lines: t.lines().enumerate().map(|(i, s)| Line { no: no + i, text: s.into() }).collect() }
    }

    #[test]
    fn tells_names_from_descriptions() {
        assert_eq!(piece(&para(1, "花壇の共同管理の\n推進")), Piece::Name("花壇の共同管理の推進".into()));
        assert_eq!(
            piece(&para(1, "花壇の管理\n地域の団体と花壇を管理します")),
            Piece::NameAndSummary("花壇の管理".into(), "地域の団体と花壇を管理します".into())
        );
        assert!(matches!(
            piece(&para(1, "市内の花壇を、地域の団体と協力して管理し、\n花を増やします。")),
            Piece::Summary(_)
        ));
    }

    #[test]
    fn pairs_separated_names_and_descriptions_by_order() {
        let mut rows = Rows::default();
        rows.push_piece(1, Piece::Name("花壇の管理".into()));
        rows.push_piece(2, Piece::Summary("花壇を管理します。".into()));
        rows.push_perspective(3, "①協働".into(), "地域と管理".into());
        rows.push_piece(4, Piece::Summary("苗を配ります。".into()));
        rows.push_perspective(5, "②市民".into(), "配布".into());
        rows.push_piece(6, Piece::Name("苗の配布".into()));
        rows.push_piece(7, Piece::Name("様式の説明".into()));
        let (done, alone) = rows.finish();
        let names: Vec<_> = done.iter().map(|i| (i.name.clone().unwrap_or_default(), i.summary.clone())).collect();
        assert_eq!(names[0], ("花壇の管理".to_string(), Some("花壇を管理します。".to_string())));
        assert_eq!(names[1], ("苗の配布".to_string(), Some("苗を配ります。".to_string())));
        assert_eq!(done[1].perspective.as_ref().map(|p| p.0.as_str()), Some("②市民"));
        assert_eq!(done.len(), 2);
        assert_eq!(alone.len(), 2, "{alone:?}");
    }

    #[test]
    fn labelled_values_build_rows() {
        let mut rows = Rows::default();
        rows.push_labelled(1, Field::Action, "花壇の管理".into());
        rows.push_labelled(2, Field::Content, "花壇を管理します。".into());
        rows.push_labelled(3, Field::Perspective, "②協働".into());
        rows.push_labelled(4, Field::Reform, "地域と管理".into());
        rows.push_labelled(6, Field::Action, "苗の配布".into());
        rows.push_record(8, "案内板".into(), None, Some(("①市民".into(), String::new())));
        let (done, alone) = rows.finish();
        let got: Vec<_> =
            done.iter().map(|i| (i.name.as_deref(), i.summary.as_deref(), i.perspective.clone())).collect();
        assert_eq!(
            got,
            [
                (Some("花壇の管理"), Some("花壇を管理します。"), Some(("②協働".into(), "地域と管理".into(), 3))),
                (Some("苗の配布"), None, None),
                (Some("案内板"), None, Some(("①市民".into(), String::new(), 8))),
            ]
        );
        assert!(alone.is_empty(), "{alone:?}");
    }
}
