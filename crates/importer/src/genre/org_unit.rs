//! Departments (部, 局, 室 …) named in a title or issuer line rather than in a labelled cell:
//! 「令和５年度 部局の目標と振り返り （危機管理部）」「架空市　市民生活部」.

/// Suffixes that end a department's name.
const SUFFIXES: [&str; 5] = ["部", "局", "室", "本部", "事務局"];

/// Words ending in a suffix that are not a department's name.
const NOT_NAMES: [&str; 8] = ["部局", "全部", "各部", "本部局", "一部", "内部", "外部", "全局"];

fn name_char(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
        || ('\u{3041}'..='\u{309f}').contains(&c)
        || ('\u{30a0}'..='\u{30ff}').contains(&c)
        || c == '々'
}

/// The first department name standing as a word of its own (between spaces or brackets) in
/// `text`, a short title-like line.
pub(crate) fn department_in(text: &str) -> Option<String> {
    let t = text.trim();
    if t.chars().count() > 60 || t.contains('。') {
        return None;
    }
    let seps = |c: char| c.is_whitespace() || "()（）【】「」［］[]〔〕<>＜＞".contains(c);
    t.split(seps).map(str::trim).find_map(|w| {
        let n = w.chars().count();
        let ok = (3..=15).contains(&n)
            && w.chars().all(name_char)
            && SUFFIXES.iter().any(|s| w.ends_with(s))
            && !NOT_NAMES.contains(&w)
            && !w.contains(['を', 'が', 'は', 'で', 'る', 'の'])
            && !w.contains("運営")
            && !w.contains("目標");
        ok.then(|| w.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn departments_in_title_and_issuer_lines() {
        assert_eq!(department_in("令和９年度　部局の目標と振り返り（公園緑地部）").as_deref(), Some("公園緑地部"));
        assert_eq!(department_in("花見川市　水道局").as_deref(), Some("水道局"));
        assert_eq!(department_in("令和９年度 部局の目標と振り返り"), None);
        assert_eq!(department_in("各部の取組をまとめる。"), None);
        assert_eq!(department_in("部局名"), None);
    }
}
