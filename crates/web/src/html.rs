//! HTML building: the one escape function every value goes through, and the page layout.

/// Escapes text for HTML element content and double- or single-quoted attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A whole page around `body` (already-built HTML). The title is escaped here.
pub fn layout(title: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{} | hoshin</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <header><a href=\"/\">hoshin 施策管理</a></header>\n<main>\n{body}\n</main>\n</body>\n</html>\n",
        escape(title)
    )
}

const STYLE: &str = "body{font-family:system-ui,'Hiragino Sans','Noto Sans JP',sans-serif;margin:0;color:#222}\
header{background:#234;padding:.6em 1em}header a{color:#fff;text-decoration:none;font-weight:bold}\
main{max-width:72em;margin:1em auto;padding:0 1em}table{border-collapse:collapse;width:100%}\
th,td{border-bottom:1px solid #ddd;padding:.4em;text-align:left;vertical-align:top}\
nav.pager{margin:1em 0}nav.pager a,nav.pager span{margin-right:1em}.muted{color:#666}";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_attribute_breakouts() {
        assert_eq!(escape("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
        let attr = escape("x\" onerror=\"alert(1)");
        assert!(!attr.contains('"'), "{attr}");
        assert_eq!(escape("' onerror='x'"), "&#39; onerror=&#39;x&#39;");
        assert_eq!(escape("A&B 令和6年度"), "A&amp;B 令和6年度");
        assert_eq!(escape("&lt;"), "&amp;lt;");
    }

    #[test]
    fn layout_escapes_the_title() {
        let page = layout("<img src=x onerror=alert(1)>", "");
        assert!(!page.contains("<img"), "{page}");
    }
}
