//! HTML helpers: the page layout with its landmarks and breadcrumbs, multi-paragraph text
//! split into `<p>` (imported text is never passed through as markup), headings of a
//! computed level, and [`escape`] for the few strings built outside templates.

use maud::{html, Markup, DOCTYPE};

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

/// One step of the breadcrumb trail; the last one is the current page (no link).
#[derive(Debug, Clone)]
pub struct Crumb {
    pub label: String,
    pub href: Option<String>,
}

impl Crumb {
    pub fn link(label: impl Into<String>, href: impl Into<String>) -> Self {
        Self { label: label.into(), href: Some(href.into()) }
    }

    pub fn here(label: impl Into<String>) -> Self {
        Self { label: label.into(), href: None }
    }
}

/// A whole page: skip link, header with site navigation, breadcrumbs, `main`, footer.
pub fn page(title: &str, crumbs: &[Crumb], body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="ja" {
            (head(title, "hoshin 施策管理"))
            body {
                a.skip href="#main" { "本文へ移動" }
                header.site {
                    a.brand href="/" { "hoshin 施策管理" }
                    nav aria-label="サイト" {
                        ul {
                            li { a href="/" { "自治体一覧" } }
                            li { a href="/search" { "横断検索" } }
                            li { a href="/login" { "職員ログイン" } }
                        }
                    }
                }
                (breadcrumbs(crumbs))
                main #main tabindex="-1" { (body) }
                footer.site {
                    p { "hoshin — 自治体の計画・施策・指標を読むためのシステム。年度は和暦（西暦）で表示しています。" }
                    p { a href=(crate::urls::opendata()) { "オープンデータ（CSV・ZIPでダウンロード）" } }
                }
            }
        }
    }
}

/// `<head>`: charset, viewport, the title with the site name, the stylesheet.
pub fn head(title: &str, site: &str) -> Markup {
    html! {
        head {
            meta charset="utf-8";
            meta name="viewport" content="width=device-width, initial-scale=1";
            title { (title) " | " (site) }
            link rel="stylesheet" href="/assets/style.css";
        }
    }
}

/// The breadcrumb trail (nothing when empty); the last crumb is the current page.
pub fn breadcrumbs(crumbs: &[Crumb]) -> Markup {
    html! {
        @if !crumbs.is_empty() {
            nav.crumbs aria-label="パンくずリスト" {
                ol {
                    @for c in crumbs {
                        li {
                            @if let Some(h) = &c.href {
                                a href=(h) { (c.label) }
                            } @else {
                                span aria-current="page" { (c.label) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Text with line breaks as paragraphs: each non-empty line becomes one escaped `<p>`.
pub fn paragraphs(text: &str) -> Markup {
    html! {
        @for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            p { (line) }
        }
    }
}

/// A heading of a computed level (clamped to h1–h6), so fragments nest under any page.
pub fn heading(level: u8, id: Option<&str>, content: Markup) -> Markup {
    match level {
        0 | 1 => html! { h1 id=[id] { (content) } },
        2 => html! { h2 id=[id] { (content) } },
        3 => html! { h3 id=[id] { (content) } },
        4 => html! { h4 id=[id] { (content) } },
        5 => html! { h5 id=[id] { (content) } },
        _ => html! { h6 id=[id] { (content) } },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_attribute_breakouts() {
        assert_eq!(escape("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
        let attr = escape("x\" onerror=\"alert(1)");
        assert!(!attr.contains('"'), "{attr}");
        assert_eq!(escape("A&B 令和6年度"), "A&amp;B 令和6年度");
    }

    #[test]
    fn layout_escapes_the_title_and_crumbs() {
        let out = page("<img src=x onerror=alert(1)>", &[Crumb::here("<b>x</b>")], html! {}).into_string();
        assert!(!out.contains("<img") && !out.contains("<b>"), "{out}");
        assert!(out.contains("lang=\"ja\""));
    }

    #[test]
    fn paragraphs_split_lines_and_escape() {
        let out = paragraphs("一行目\n\n <script>x</script> \n三行目").into_string();
        assert_eq!(out, "<p>一行目</p><p>&lt;script&gt;x&lt;/script&gt;</p><p>三行目</p>");
    }
}
