//! What a piece of department-policy text is: a department heading, a label (部局名,
//! 基本的考え方), a section heading, a theme label, the intro sentence of a theme, an
//! initiative name, or text.

use crate::meta::years_in;
use crate::text::vocab_key;

/// Longest initiative name, in characters.
const MAX_NAME: usize = 50;

/// Suffixes of department names.
const DEPT_SUFFIXES: [&str; 10] = ["部", "室", "局", "課", "本部", "委員会", "事務局", "センター", "所", "署"];

fn chars(s: &str) -> usize {
    s.trim().chars().count()
}

/// 「令和5年度 市長室運営方針」 → 「市長室」: a line naming a department's policy.
pub(super) fn department_heading(text: &str) -> Option<String> {
    let t = text.trim();
    if chars(t) > 50 || t.contains('。') {
        return None;
    }
    // 「運営方針（〇〇部）」: the department in brackets after the title word.
    if let Some(rest) = t.strip_prefix("部局運営方針").or_else(|| t.strip_prefix("運営方針")) {
        let inner = rest.trim().strip_prefix(['(', '（'])?.strip_suffix([')', '）'])?.trim();
        let ok = DEPT_SUFFIXES.iter().any(|s| inner.ends_with(s)) && chars(inner) <= 30;
        return ok.then(|| inner.to_string());
    }
    let body = t.strip_suffix("運営方針")?.trim_end();
    let body = body.strip_suffix("部局").unwrap_or(body).trim_end().trim_end_matches('の').trim_end();
    // Drop a leading fiscal year (和暦, optional 西暦 in brackets).
    let mut rest = body;
    if !years_in(body).is_empty() {
        if let Some(p) = body.find("年度") {
            rest = &body[p + "年度".len()..];
            let r = rest.trim_start();
            if r.starts_with(['(', '（']) && r.contains("年度") {
                if let Some(q) = r.find([')', '）']) {
                    rest = &r[q + r[q..].chars().next().map_or(1, char::len_utf8)..];
                }
            }
        }
    }
    let name = rest.trim();
    let ends_ok = DEPT_SUFFIXES.iter().any(|s| name.ends_with(s)) || name.ends_with([')', '）']);
    (!name.is_empty() && chars(name) <= 30 && ends_ok).then(|| name.to_string())
}

/// 「架空市　市民生活部」「上下水道部」: a line that is only a department's name, after the
/// municipality's at most.
pub(super) fn department_line(text: &str) -> Option<String> {
    // Heading marks around the name: 「【環境部】」「■ 環境部」「１．環境部」.
    let t = text.trim().trim_start_matches(['■', '●', '◆', '◇', '□', '▼', '▶', '◎', '【', '［', '〔']);
    let t = t.trim_end_matches(['】', '］', '〕']);
    let t = leading_marker(t).map_or(t, |(_, rest)| rest);
    let words: Vec<&str> = t.split_whitespace().collect();
    let (last, before) = words.split_last()?;
    let municipal = |w: &str| is_issuer(w);
    if before.len() > 1 || !before.iter().all(|w| municipal(w)) {
        return None;
    }
    crate::genre::org_unit::department_in(last).filter(|d| d == last)
}

/// 「架空市」: a line that is only a municipality's name (an issuer or footer line).
pub(super) fn is_issuer(text: &str) -> bool {
    let t = text.trim();
    let n = chars(t);
    (2..=8).contains(&n)
        && t.ends_with(['市', '町', '村'])
        && t.chars().all(|c| !c.is_ascii() && !c.is_whitespace() && !"、。・（）()".contains(c))
}

/// Headings of a list whose numbered entries are initiatives, not themes (重点取組, 主な取組).
pub(super) fn is_initiative_list_heading(text: &str) -> bool {
    matches!(vocab_key(text).as_str(), "重点取組" | "主な取組" | "取組内容" | "取組名" | "事業名" | "重点事業")
}

/// 部局名, 部署名, 所属 …: the label of a department-name cell.
pub(super) fn is_department_label(text: &str) -> bool {
    matches!(
        vocab_key(text).as_str(),
        "部局名" | "部局" | "部局等名" | "部署名" | "部署" | "所属" | "所属名" | "担当部局" | "所管部局" | "部名"
    )
}

/// 「部局名：公園緑地部」「基本的考え方：緑を守る。」: a label and its value on one line.
pub(super) fn labelled(text: &str) -> Option<(String, String)> {
    let t = text.trim();
    let (label, value) = t.split_once(['：', ':'])?;
    let (label, value) = (label.trim(), value.trim());
    (!label.is_empty() && !value.is_empty() && chars(label) <= 25).then(|| (label.to_string(), value.to_string()))
}

/// 部局運営に関する基本的考え方 (also split or scrambled by the PDF tool).
pub(super) fn is_stance_label(text: &str) -> bool {
    let k = vocab_key(text);
    chars(text) <= 25
        && !k.contains('。')
        && (k.contains("考え")
            || k.contains("運営に関する")
            || k.ends_with("基本方針")
            || k.ends_with("使命")
            || matches!(k.as_str(), "運営方針" | "部運営方針" | "局運営方針" | "方針"))
}

/// 行政改革に係る取組, 特定課題に係る取組: a section of themes.
pub(super) fn is_section_heading(text: &str) -> bool {
    let k = vocab_key(text);
    chars(text) <= 20 && k.ends_with("取組") && (k.contains("係る") || k.contains("関する")) && !k.contains("について")
}

/// The row of column headings (重点項目 | 取組名 | 取組の概要).
pub(super) fn is_header_cell(text: &str) -> bool {
    let k = vocab_key(text);
    matches!(
        k.as_str(),
        "重点項目"
            | "重点取組"
            | "重点テーマ"
            | "取組項目"
            | "取組名"
            | "取組の概要"
            | "取組内容"
            | "概要"
            | "内容"
            | "事業名"
            | "主な取組"
            | "重点事業"
    )
}

/// 部長名, 氏名, 補職 …: a label of the person responsible, whose value is not policy text.
pub(super) fn is_person_label(text: &str) -> bool {
    matches!(
        vocab_key(text).as_str(),
        "部長名"
            | "部長"
            | "局長名"
            | "氏名"
            | "補職"
            | "職名"
            | "役職"
            | "職氏名"
            | "責任者"
            | "作成者"
            | "記入者"
            | "所属長"
    )
}

/// What a 「label：value」 line gives an initiative.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum InitiativeLabel {
    Name,
    Summary,
    Theme,
    Side,
}

/// 取組名 / 取組内容 / 重点項目 / 担当課 … as the label of a 「label：value」 line.
pub(super) fn initiative_label(label: &str) -> Option<InitiativeLabel> {
    let k = vocab_key(label);
    Some(match k.as_str() {
        "取組名" | "事業名" | "取組項目" | "取組" => InitiativeLabel::Name,
        "取組内容" | "取組の概要" | "概要" | "内容" | "取組の内容" | "事業概要" | "事業内容" => {
            InitiativeLabel::Summary
        }
        "重点項目" | "重点テーマ" | "テーマ" => InitiativeLabel::Theme,
        _ if is_side_header(label) => InitiativeLabel::Side,
        _ => return None,
    })
}

/// A list heading on a line of its own, possibly numbered or bracketed (「重点取組１」「【重点項目】」).
pub(super) fn list_heading(text: &str) -> Option<String> {
    let t = text.trim().trim_start_matches(['【', '〔', '［', '■', '●', '◆']).trim_end_matches(['】', '〕', '］']);
    let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c) || c.is_whitespace();
    let t = t.trim_end_matches(digit).trim();
    (!t.is_empty() && is_header_cell(t)).then(|| t.to_string())
}

/// Column headings of side information kept with an initiative (not read as its text).
pub(super) fn is_side_header(text: &str) -> bool {
    let k = vocab_key(text);
    k.chars().count() <= 10
        && ["担当", "所管", "備考", "関連", "スケジュール", "時期", "予算"].iter().any(|w| k.contains(w))
}

/// The sentence that opens a theme (「…の取組について」): not an initiative.
pub(super) fn is_intro(text: &str) -> bool {
    let k = vocab_key(text);
    k.ends_with("について") && k.contains("取組")
}

/// A theme label with its number: 「1 財務体質の強化」 → (Some(1), 「財務体質の強化」). The number
/// may stand anywhere in a label mangled by the PDF tool (「再 3 編・…」).
pub(super) fn theme_label(text: &str) -> (Option<u32>, String) {
    let t = text.trim();
    if let Some((n, rest)) = leading_marker(t) {
        return (Some(n), rest.split([' ', '\u{3000}']).collect());
    }
    let mut number = None;
    let mut rest = Vec::new();
    for tok in t.split([' ', '\u{3000}']).filter(|s| !s.is_empty()) {
        let n = hoshin_domain::text::nfkc(tok);
        if number.is_none() && n.len() <= 2 && n.chars().all(|c| c.is_ascii_digit()) {
            number = n.parse().ok();
        } else {
            rest.push(tok);
        }
    }
    (number, rest.concat())
}

/// 「(1) 業務の効率化」「（２）財源」「３．…」「④ …」: the leading enumerator's number and the rest.
fn leading_marker(t: &str) -> Option<(u32, &str)> {
    let first = t.chars().next()?;
    if ('①'..='⑳').contains(&first) {
        return Some((first as u32 - '①' as u32 + 1, t[first.len_utf8()..].trim_start()));
    }
    let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let (open, rest) = match t.strip_prefix(['(', '（']) {
        Some(r) => (true, r),
        None => (false, t),
    };
    let end = rest.find(|c: char| !digit(c))?;
    if end == 0 {
        return None;
    }
    let n: u32 = hoshin_domain::text::nfkc(&rest[..end]).parse().ok()?;
    let after = &rest[end..];
    let close = if open { [')', '）'].as_slice() } else { ['.', '．', ')', '）'].as_slice() };
    let c = after.chars().next()?;
    if !close.contains(&c) {
        return None;
    }
    let body = after[c.len_utf8()..].trim_start();
    (!body.is_empty() && n <= 99).then_some((n, body))
}

/// True when `text` starts with a theme number (「1 財務体質の強化」).
pub(super) fn is_numbered_theme(text: &str) -> bool {
    let t = text.trim();
    chars(t) <= 30
        && !t.contains('。')
        && t.chars().next().is_some_and(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
        && t.chars().nth(1).is_some_and(|c| c == ' ' || c == '\u{3000}')
}

/// A short line without a sentence end: an initiative name.
pub(super) fn is_name(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty() && chars(t) <= MAX_NAME && !t.ends_with('。') && !t.ends_with('.')
}

/// 「名前 概要文。」 in one cell: split at the first space when the part before it is a name
/// (no comma or full stop) and the rest is sentence-long.
pub(super) fn split_name_summary(text: &str) -> Option<(String, String)> {
    let t = text.trim();
    let (i, c) = t.char_indices().find(|(_, c)| *c == ' ' || *c == '\u{3000}')?;
    let (name, summary) = (&t[..i], t[i + c.len_utf8()..].trim());
    // A comma is allowed in a long name, not near its start (「また、…」 opens a sentence).
    let comma_ok = name.chars().position(|c| c == '、').is_none_or(|p| p >= 3 && chars(name) >= 8);
    let ok = is_name(name)
        && comma_ok
        && !name.contains('。')
        && !name.ends_with('、')
        && chars(name) >= 3
        && chars(name) <= 40
        && chars(summary) >= 15;
    ok.then(|| (name.to_string(), summary.to_string()))
}

/// Splits text after each sentence end (。) that a space follows: PDF tools put several
/// 「名前 概要。」 pairs of one column into one line.
pub(super) fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut after_stop = false;
    for ch in text.chars() {
        if after_stop && (ch == ' ' || ch == '\u{3000}') {
            out.push(std::mem::take(&mut cur));
            after_stop = false;
            continue;
        }
        after_stop = ch == '。';
        cur.push(ch);
    }
    out.push(cur);
    out.into_iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn department_headings_in_several_shapes() {
        assert_eq!(department_heading("令和9年度 公園緑地部運営方針").as_deref(), Some("公園緑地部"));
        assert_eq!(department_heading("令和9年度（2027年度） 水道局 部局運営方針").as_deref(), Some("水道局"));
        assert_eq!(
            department_heading("令和9年度 総務部(選挙管理委員会事務局)運営方針").as_deref(),
            Some("総務部(選挙管理委員会事務局)")
        );
        assert_eq!(department_heading("部局運営方針（公園緑地部）").as_deref(), Some("公園緑地部"));
        assert_eq!(department_heading("令和9年度部局運営方針"), None);
        assert_eq!(department_heading("運営方針を定めて公園を守る。"), None);
    }

    #[test]
    fn department_lines_and_issuer_lines() {
        assert_eq!(department_line("花見川市　公園緑地部").as_deref(), Some("公園緑地部"));
        assert_eq!(department_line("水道局").as_deref(), Some("水道局"));
        assert_eq!(department_line("【水道局】").as_deref(), Some("水道局"));
        assert_eq!(department_line("■ 水道局").as_deref(), Some("水道局"));
        assert_eq!(department_line("２．水道局").as_deref(), Some("水道局"));
        assert_eq!(department_line("公園の整備を進める部"), None);
        assert_eq!(department_line("令和9年度 公園緑地部 運営方針"), None);
        assert!(is_issuer("花見川市"));
        assert!(!is_issuer("花見川市の公園"));
    }

    #[test]
    fn labels_with_their_value_on_one_line() {
        assert_eq!(labelled("部局名：公園緑地部"), Some(("部局名".to_string(), "公園緑地部".to_string())));
        assert_eq!(labelled("作成日: 令和9年4月1日").map(|l| l.0), Some("作成日".to_string()));
        assert_eq!(labelled("公園を守る。"), None);
    }

    #[test]
    fn theme_labels_keep_their_number_even_when_mangled() {
        assert_eq!(theme_label("1 財源の確保"), (Some(1), "財源の確保".to_string()));
        assert_eq!(theme_label("事 2 務の効率化"), (Some(2), "事務の効率化".to_string()));
        assert_eq!(theme_label("花と緑"), (None, "花と緑".to_string()));
        assert_eq!(theme_label("(1) 業務の効率化"), (Some(1), "業務の効率化".to_string()));
        assert_eq!(theme_label("（２）財源の確保"), (Some(2), "財源の確保".to_string()));
        assert_eq!(theme_label("３．花と緑"), (Some(3), "花と緑".to_string()));
    }

    #[test]
    fn name_and_summary_in_one_cell() {
        assert_eq!(
            split_name_summary("検針業務の委託 検針を民間に委ね、人件費を抑える。"),
            Some(("検針業務の委託".to_string(), "検針を民間に委ね、人件費を抑える。".to_string()))
        );
        assert_eq!(split_name_summary("また、 公園の利用者を増やすため広報を強める。"), None);
        assert_eq!(sentences("甲を進める。 乙 丙を行う。"), vec!["甲を進める。", "乙 丙を行う。"]);
    }
}
