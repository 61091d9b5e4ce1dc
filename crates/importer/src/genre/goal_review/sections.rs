//! Section headings (「1. 部局の使命」「【当年度目標】」「Ⅱ 中期目標」) and the kind of section
//! each opens. A heading naming the mission, the annual or the mid-term goals is known by its
//! words; a numbered heading with other words opens a section this genre does not read only
//! when its number follows the last heading's (「69 創る改革…」 under 「2.」 is a link, not a
//! heading).

use crate::text::vocab_key;

/// What a numbered section of the document holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Section {
    Front,
    Mission,
    Annual,
    Midterm,
    Other,
}

/// 「1. 部局の使命」「【今年度の目標】」 → the kind of section and the heading's number.
fn section_heading(text: &str) -> Option<(Section, Option<u32>)> {
    let t = text.trim();
    if t.chars().count() > 80 || t.contains('。') {
        return None;
    }
    // A bracketed heading is the whole line (「【中期目標1】公園の再生」 is a goal's label).
    if t.starts_with(['【', '〔', '［']) && !t.ends_with(['】', '〕', '］']) {
        return None;
    }
    let marks = |c: char| matches!(c, '#' | '【' | '■' | '●' | '◆' | '□' | '▼' | '〔' | '［' | ' ' | '\u{3000}');
    let body = t.trim_start_matches(marks);
    let roman = |c: char| ('Ⅰ'..='Ⅻ').contains(&c);
    let numeral = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c) || roman(c);
    let digits: String = body.chars().take_while(|c| numeral(*c)).collect();
    let number = match digits.chars().next() {
        Some(c) if roman(c) => Some(c as u32 - 'Ⅰ' as u32 + 1),
        Some(_) => hoshin_domain::text::nfkc(&digits).parse().ok(),
        None => None,
    };
    let count = digits.chars().count();
    let rest: String = body.chars().skip(count).collect();
    let rest = rest.trim_start_matches(['.', '．', ')', '）', '、', ' ', '\u{3000}']);
    let rest = rest.trim_end_matches(['】', '〕', '］', ' ']);
    let marked = count > 0 || body.len() < t.len();
    if !marked || count > 2 || rest.is_empty() {
        return None;
    }
    let k = vocab_key(rest);
    let section = if k.ends_with("使命") {
        Section::Mission
    } else if k.contains("中期目標") || k.contains("中長期目標") {
        Section::Midterm
    } else if k.contains("年度目標") || k.contains("年度の目標") {
        Section::Annual
    } else if count > 0 {
        Section::Other
    } else {
        return None;
    };
    Some((section, number))
}

/// A heading of a section known by its words (the mission, the annual or mid-term goals).
pub(super) fn names_section(text: &str) -> bool {
    section_heading(text).is_some_and(|(s, _)| s != Section::Other)
}

/// The headings met so far: their last number.
#[derive(Debug, Default)]
pub(super) struct Headings {
    last: u32,
}

impl Headings {
    /// The section `text` opens, if it is a heading.
    pub(super) fn heading(&mut self, text: &str) -> Option<Section> {
        let (section, number) = section_heading(text)?;
        if section == Section::Other {
            // Another numbered heading continues the numbering (one may be skipped).
            let n = number?;
            if n <= self.last || n > self.last + 2 {
                return None;
            }
        }
        if let Some(n) = number {
            self.last = n;
        }
        Some(section)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_headings_in_several_shapes() {
        let s = |t: &str| section_heading(t).map(|h| h.0);
        assert_eq!(s("1. 部局の使命"), Some(Section::Mission));
        assert_eq!(s("【今年度の目標】"), Some(Section::Annual));
        assert_eq!(s("Ⅲ 中長期目標"), Some(Section::Midterm));
        assert_eq!(s("2. 取り組み方針"), Some(Section::Other));
        assert_eq!(s("部局の使命を果たすため、公園を守る。"), None);
        assert_eq!(s("公園の再生"), None);
        assert_eq!(s("【中期目標1】公園の再生"), None);
        assert_eq!(section_heading("Ⅲ 中長期目標").and_then(|h| h.1), Some(3));
        assert!(names_section("3. 中期目標(概ね今後4年間)") && !names_section("3. その他"));
    }

    #[test]
    fn a_numbered_line_out_of_sequence_is_no_heading() {
        let mut h = Headings::default();
        assert_eq!(h.heading("1. 部局の使命"), Some(Section::Mission));
        assert_eq!(h.heading("２．当年度目標"), Some(Section::Annual));
        // A basic policy listed under a goal: 「12 公園の再生」.
        assert_eq!(h.heading("12 公園の再生"), None);
        assert_eq!(h.heading("3. その他の取組"), Some(Section::Other));
        assert_eq!(h.heading("Ⅳ 中期目標"), Some(Section::Midterm));
    }
}
