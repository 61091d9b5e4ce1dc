//! What every staff form does after it is sent, in one place (issue 15, "Forms"):
//!
//! - **A refused form keeps its input.** When a form POST under `/manage` is refused as invalid
//!   (422 with the field and the reason), the page the form was on (the request's same-origin
//!   `Referer`) is drawn again for the same user and its form — the one whose `action` is the
//!   path that was posted to — gets back what was typed: text, dates, textareas, selections,
//!   checkboxes (never a password). The reason is written beside the field it is about
//!   (`aria-invalid`, `aria-describedby`), at the top of the form, and announced at the top of
//!   the page with a link to the form. Hidden fields come back as sent too, so a form made from
//!   an older version of a record still conflicts rather than overwriting a newer one. Without
//!   a usable `Referer`, or when the page holds no such form, the plain error page stays.
//! - **Every save says so.** A form POST answered by a redirect sets a short-lived cookie with a
//!   code for what was done (saved, deleted, submitted …); the next staff page shows it once
//!   (`role="status"`) and clears it. A redirect that carries its own message (`?saved=`) is
//!   left alone.
//!
//! Both work on the finished HTML (lol_html), so no page has to be written for them.

use crate::error::ErrorPage;
use axum::body::{to_bytes, Body};
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use hoshin_app::App;
use lol_html::html_content::ContentType;
use lol_html::{element, rewrite_str, RewriteStrSettings};
use std::cell::RefCell;
use std::collections::HashMap;
use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};
use tower::{Layer, Service};

/// The cookie that carries what the last form did to the next page.
pub const FLASH_COOKIE: &str = "hoshin_flash";

/// The most form bytes kept for redrawing (larger posts are uploads, answered as before).
const MAX_FORM_BYTES: usize = 2 << 20;

/// The most page bytes rewritten.
const MAX_PAGE_BYTES: usize = 8 << 20;

/// What a redirected form did, as the cookie names it, and what the next page says.
const FLASHES: &[(&str, &str)] = &[
    ("saved", "保存しました。"),
    ("deleted", "削除しました。"),
    ("submit", "提出しました。"),
    ("return", "差し戻しました。"),
    ("approve", "承認しました。"),
    ("publish", "公開しました。"),
    ("revoked", "無効にしました。"),
    ("read", "既読にしました。"),
    ("imported", "取り込みました。"),
    ("discarded", "取り込みを取りやめました。"),
];

/// The layer around the staff routes (see the module documentation).
#[derive(Debug, Clone)]
pub struct FormsLayer {
    app: App,
}

impl FormsLayer {
    pub fn new(app: &App) -> Self {
        Self { app: app.clone() }
    }
}

impl<S> Layer<S> for FormsLayer {
    type Service = Forms<S>;
    fn layer(&self, inner: S) -> Self::Service {
        Forms { inner, app: self.app.clone() }
    }
}

#[derive(Debug, Clone)]
pub struct Forms<S> {
    inner: S,
    app: App,
}

impl<S> Service<Request> for Forms<S>
where
    S: Service<Request, Response = Response, Error = Infallible> + Clone + Send + 'static,
    S::Future: Send + 'static,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        // The service that was polled ready serves this request; a clone, the redraw.
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let app = self.app.clone();
        Box::pin(async move {
            if !req.uri().path().starts_with("/manage") {
                return inner.call(req).await;
            }
            if req.method() == Method::GET {
                return Ok(with_flash(&app, req, inner).await);
            }
            let declared = req
                .headers()
                .get(header::CONTENT_LENGTH)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.parse::<usize>().ok());
            // Larger bodies go to the route as they are (its own limit answers them).
            if req.method() != Method::POST
                || !is_urlencoded(req.headers())
                || declared.is_some_and(|n| n > MAX_FORM_BYTES)
            {
                return inner.call(req).await;
            }
            let (parts, body) = req.into_parts();
            let Ok(bytes) = to_bytes(body, MAX_FORM_BYTES).await else {
                return Ok(StatusCode::PAYLOAD_TOO_LARGE.into_response());
            };
            let posted = parts.uri.path().to_string();
            let headers = parts.headers.clone();
            let secure = secure(&app, &parts);
            let res = inner.call(Request::from_parts(parts, Body::from(bytes.clone()))).await?;
            let fields: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
            if res.status().is_redirection() {
                return Ok(flash_after(res, &posted, &fields, secure));
            }
            let Some(err) = res.extensions().get::<ErrorPage>().cloned() else { return Ok(res) };
            let invalid = res.status() == StatusCode::UNPROCESSABLE_ENTITY && err.field.is_some();
            let stale = res.status() == StatusCode::CONFLICT && err.conflict;
            if !(invalid || stale) {
                return Ok(res);
            }
            let Some(back) = referer_path(&headers) else { return Ok(res) };
            let mut redraw = Request::builder().method(Method::GET).uri(back.as_str());
            for name in [header::COOKIE, header::HOST, header::ACCEPT_LANGUAGE, header::USER_AGENT] {
                for v in headers.get_all(&name) {
                    redraw = redraw.header(&name, v);
                }
            }
            let Ok(redraw) = redraw.body(Body::empty()) else { return Ok(res) };
            let page = inner.call(redraw).await?;
            Ok(redrawn(page, &posted, &fields, &err).await.unwrap_or(res))
        })
    }
}

fn is_urlencoded(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"))
}

fn secure(app: &App, parts: &axum::http::request::Parts) -> bool {
    app.secure_cookies || crate::client::resolve(crate::client::peer(parts), &parts.headers, &app.trusted_proxies).https
}

/// The path and query of a same-origin staff page the request came from.
fn referer_path(headers: &HeaderMap) -> Option<String> {
    let referer = headers.get(header::REFERER)?.to_str().ok()?;
    let host = headers.get(header::HOST)?.to_str().ok()?;
    let rest = referer.strip_prefix("http://").or_else(|| referer.strip_prefix("https://"))?;
    let (authority, path) = rest.split_at(rest.find('/')?);
    let path = path.split('#').next().unwrap_or(path);
    (authority == host && path.starts_with("/manage") && !path.starts_with("//")).then(|| path.to_string())
}

/// The code of what a redirected form did.
fn flash_code(posted: &str, fields: &[(String, String)]) -> &'static str {
    let field = |name: &str| fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
    if posted.ends_with("/transition") {
        return match field("step") {
            Some("submit") => "submit",
            Some("return") => "return",
            Some("approve") => "approve",
            Some("publish") => "publish",
            _ => "saved",
        };
    }
    match posted.rsplit('/').next() {
        Some("delete") => "deleted",
        Some("revoke") => "revoked",
        Some("read" | "read-all") => "read",
        Some("commit") => "imported",
        Some("discard") => "discarded",
        _ => "saved",
    }
}

fn flash_after(mut res: Response, posted: &str, fields: &[(String, String)], secure: bool) -> Response {
    let location = res.headers().get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or("");
    // Only to a staff page of this site, and not where the page says it itself (the actuals and
    // 中間 pages' count, the budget import's, the year page's publication).
    let own = ["saved=", "inserted=", "done="].iter().any(|q| location.contains(q));
    if !location.starts_with("/manage") || own {
        return res;
    }
    let cookie = flash_cookie(flash_code(posted, fields), 60, secure);
    res.headers_mut().append(header::SET_COOKIE, cookie);
    res
}

fn flash_cookie(code: &str, max_age: i64, secure: bool) -> HeaderValue {
    let s = format!(
        "{FLASH_COOKIE}={code}; Path=/manage; HttpOnly; SameSite=Strict; Max-Age={max_age}{}",
        if secure { "; Secure" } else { "" }
    );
    HeaderValue::from_str(&s).unwrap_or_else(|_| HeaderValue::from_static("hoshin_flash=; Max-Age=0"))
}

/// A staff page, with the message of the form sent just before it (then forgotten).
async fn with_flash<S>(app: &App, req: Request, mut inner: S) -> Response
where
    S: Service<Request, Response = Response, Error = Infallible>,
{
    let code = crate::session::cookie(req.headers(), FLASH_COOKIE);
    let (parts, body) = req.into_parts();
    let secure = secure(app, &parts);
    let Ok(res) = inner.call(Request::from_parts(parts, body)).await;
    let Some(text) = code.and_then(|c| FLASHES.iter().find(|(k, _)| *k == c).map(|(_, t)| *t)) else {
        return res;
    };
    if res.status() != StatusCode::OK || !is_html(res.headers()) {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_PAGE_BYTES).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let html = String::from_utf8_lossy(&bytes);
    let notice = format!(r#"<p class="notice flash" role="status">{}</p>"#, escape(text));
    let out = rewrite_str(
        &html,
        RewriteStrSettings {
            element_content_handlers: vec![element!("main", |el| {
                el.prepend(&notice, ContentType::Html);
                Ok(())
            })],
            ..RewriteStrSettings::new()
        },
    )
    .unwrap_or_else(|_| html.into_owned());
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.append(header::SET_COOKIE, flash_cookie("", 0, secure));
    Response::from_parts(parts, Body::from(out))
}

fn is_html(headers: &HeaderMap) -> bool {
    headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("text/html"))
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The page of the refused form with the form filled in again and the reason beside its field;
/// `None` when the page is not a page or holds no form posting to `posted`.
async fn redrawn(page: Response, posted: &str, fields: &[(String, String)], err: &ErrorPage) -> Option<Response> {
    if page.status() != StatusCode::OK || !is_html(page.headers()) {
        return None;
    }
    let (mut parts, body) = page.into_parts();
    let bytes = to_bytes(body, MAX_PAGE_BYTES).await.ok()?;
    let html = String::from_utf8_lossy(&bytes);
    let out = if err.conflict {
        parts.status = StatusCode::CONFLICT;
        unsaved(&html, posted, fields)?
    } else {
        parts.status = StatusCode::UNPROCESSABLE_ENTITY;
        refill(&html, posted, fields, err.field.as_deref().unwrap_or(""), &err.message)?
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    Some(Response::from_parts(parts, Body::from(out)))
}

/// `html` (the page drawn anew) with what a stale form carried listed at the top of the form
/// that was sent, each value under its field's label, and the conflict announced at the top of
/// the page. The form itself shows the current values and versions: putting the stale values
/// back could write an old value over someone else's newer one in a field the user never
/// touched. `None` when the page holds no such form.
pub fn unsaved(html: &str, action: &str, fields: &[(String, String)]) -> Option<String> {
    let Sent { form_sel, target, .. } = Sent::find(html, action, fields)?;
    // The page's labels (by the id they name), the form fields' ids (by name), and the names
    // of the sent form's hidden fields (never listed: the user did not type them).
    let labels: Rc<RefCell<Labels>> = Rc::default();
    let ids: Rc<RefCell<HashMap<String, String>>> = Rc::default();
    let hidden: Rc<RefCell<(usize, Vec<String>)>> = Rc::default();
    let (l1, l2, i1, h1, h2) = (labels.clone(), labels.clone(), ids.clone(), hidden.clone(), hidden.clone());
    rewrite_str(
        html,
        RewriteStrSettings {
            element_content_handlers: vec![
                element!(form_sel, move |_| {
                    h1.borrow_mut().0 += 1;
                    Ok(())
                }),
                element!(format!(r#"{form_sel} input[type="hidden"][name]"#), move |el| {
                    let mut h = h2.borrow_mut();
                    if h.0 == target + 1 {
                        h.1.extend(el.get_attribute("name"));
                    }
                    Ok(())
                }),
                element!("label[for]", move |el| {
                    l1.borrow_mut().1 = el.get_attribute("for");
                    Ok(())
                }),
                lol_html::text!("label[for]", move |t| {
                    let mut l = l2.borrow_mut();
                    if let Some(id) = l.1.clone() {
                        l.0.entry(id).or_default().push_str(t.as_str());
                    }
                    Ok(())
                }),
                element!(format!("{form_sel} [name][id]"), move |el| {
                    if let (Some(n), Some(id)) = (el.get_attribute("name"), el.get_attribute("id")) {
                        i1.borrow_mut().entry(n).or_insert(id);
                    }
                    Ok(())
                }),
            ],
            ..RewriteStrSettings::new()
        },
    )
    .ok()?;
    let (labels, ids, hidden) = (labels.borrow().0.clone(), ids.borrow().clone(), hidden.borrow().1.clone());
    let typed: Vec<(String, &str)> = fields
        .iter()
        .filter(|(k, v)| identifies(k) && !v.trim().is_empty() && !k.contains("password"))
        .filter(|(k, _)| !hidden.contains(k))
        .map(|(k, v)| {
            let label = ids.get(k).and_then(|id| labels.get(id)).map(|l| l.trim().to_string());
            (label.filter(|l| !l.is_empty()).unwrap_or_else(|| k.clone()), v.as_str())
        })
        .collect();
    let message = "ほかの人が先に更新したため、保存しませんでした。フォームには最新の内容を表示しています。あなたの入力は下に残してあるので、確認して入力し直してください。";
    let mut kept = format!(r#"<div class="error form-error" id="form-error" role="alert"><p>{message}</p>"#);
    if !typed.is_empty() {
        kept.push_str("<details open><summary>保存されなかった入力内容</summary><dl>");
        for (label, value) in &typed {
            kept.push_str(&format!("<dt>{}</dt><dd>{}</dd>", escape(label), escape(value).replace('\n', "<br>")));
        }
        kept.push_str("</dl></details>");
    }
    kept.push_str("</div>");
    let page_alert = format!(r##"<p class="error" role="alert"><a href="#form-error">{message}</a></p>"##);
    let count = Rc::new(RefCell::new(0usize));
    let out = rewrite_str(
        html,
        RewriteStrSettings {
            element_content_handlers: vec![
                element!("main", |el| {
                    el.prepend(&page_alert, ContentType::Html);
                    Ok(())
                }),
                element!(form_sel, move |el| {
                    let mut n = count.borrow_mut();
                    if *n == target {
                        el.prepend(&kept, ContentType::Html);
                    }
                    *n += 1;
                    Ok(())
                }),
            ],
            ..RewriteStrSettings::new()
        },
    )
    .ok();
    out
}

/// The page's label texts by the id they name, and the label being read.
type Labels = (HashMap<String, String>, Option<String>);

/// Whether the rewrite reached the form, and which select it is inside.
#[derive(Default)]
struct State {
    forms: usize,
    /// Whether the form being read is the one that was sent.
    inside: bool,
    marked: bool,
    select: Option<String>,
}

/// Hidden fields that identify which of a page's forms was sent (the initiative of a comment
/// form, the step of a workflow button, the stage of an evaluation): every hidden field but the
/// token and the versions (a version may have moved on; the handler judges it).
fn identifies(name: &str) -> bool {
    name != "_csrf" && !name.contains("version")
}

/// What was sent, by name, and which of the page's forms posting to its path sent it.
struct Sent<'a> {
    values: HashMap<&'a str, Vec<&'a str>>,
    /// `form[action="…"]`.
    form_sel: String,
    /// The index among those forms ([`sent_form`]).
    target: usize,
}

impl<'a> Sent<'a> {
    /// `None` when `action` is not a plain path of this site (a selector that does not parse
    /// would panic in lol_html) or no form on the page sent `fields`.
    fn find(html: &str, action: &str, fields: &'a [(String, String)]) -> Option<Self> {
        if !action.starts_with('/') || !action.chars().all(|c| c.is_ascii_alphanumeric() || "/-_.".contains(c)) {
            return None;
        }
        let mut values: HashMap<&str, Vec<&str>> = HashMap::new();
        for (k, v) in fields {
            values.entry(k.as_str()).or_default().push(v.as_str());
        }
        let form_sel = format!(r#"form[action="{action}"]"#);
        let target = sent_form(html, &form_sel, &values)?;
        Some(Sent { values, form_sel, target })
    }
}

/// The index, among the forms posting to `form_sel`, of the one that was sent: of those whose
/// identifying hidden fields all carry the values that were sent, the one with the most such
/// fields (the first of equals). `None` when none does — then no form is filled in, rather than
/// the wrong one.
fn sent_form(html: &str, form_sel: &str, values: &HashMap<&str, Vec<&str>>) -> Option<usize> {
    // Per form: whether every identifying field matched, and how many there were.
    let forms: Rc<RefCell<Vec<(bool, usize)>>> = Rc::new(RefCell::new(Vec::new()));
    let (f1, f2) = (forms.clone(), forms.clone());
    rewrite_str(
        html,
        RewriteStrSettings {
            element_content_handlers: vec![
                element!(form_sel, move |_| {
                    f1.borrow_mut().push((true, 0));
                    Ok(())
                }),
                element!(format!(r#"{form_sel} input[type="hidden"][name]"#), move |el| {
                    let name = el.get_attribute("name").unwrap_or_default();
                    if identifies(&name) {
                        let own = el.get_attribute("value").unwrap_or_default();
                        let ok = values.get(name.as_str()).is_some_and(|sent| sent.contains(&own.as_str()));
                        if let Some((all, n)) = f2.borrow_mut().last_mut() {
                            *all &= ok;
                            *n += 1;
                        }
                    }
                    Ok(())
                }),
            ],
            ..RewriteStrSettings::new()
        },
    )
    .ok()?;
    // The most specific match: a form without identifying fields matches any post to its
    // action, so it is taken only when no form that names more matched.
    let list = forms.borrow();
    let best =
        list.iter().enumerate().filter(|(_, (all, _))| *all).max_by_key(|(i, (_, n))| (*n, std::cmp::Reverse(*i)));
    best.map(|(i, _)| i)
}

/// `html` with the form that was sent — of those posting to `action`, the one whose hidden
/// fields match `fields` ([`sent_form`]) — filled with `fields` and `message` shown beside the
/// field named `field` and at the top of the form and the page. Other forms, even with the same
/// action, are left as drawn. `None` when there is no such form.
pub fn refill(html: &str, action: &str, fields: &[(String, String)], field: &str, message: &str) -> Option<String> {
    let Sent { values, form_sel, target } = Sent::find(html, action, fields)?;
    let state = Rc::new(RefCell::new(State::default()));
    let err_id = "form-error";
    let field_err_id = "form-error-field";
    let alert = format!(
        r#"<p class="error form-error" id="{err_id}" role="alert">{}（変更は保存されていません）</p>"#,
        escape(message)
    );
    let beside = format!(r#"<p class="error field-error" id="{field_err_id}">{}</p>"#, escape(message));
    let page_alert = format!(
        r##"<p class="error" role="alert"><a href="#{err_id}">入力内容を確認してください：{}</a></p>"##,
        escape(message)
    );
    let sel = |rest: &str| format!("{form_sel} {rest}");
    let (s1, s2, s3, s4, s5) = (state.clone(), state.clone(), state.clone(), state.clone(), state.clone());
    let values_in = &values;
    let mark = |el: &mut lol_html::html_content::Element, st: &Rc<RefCell<State>>| {
        let name = el.get_attribute("name").unwrap_or_default();
        if name == field && !st.borrow().marked {
            st.borrow_mut().marked = true;
            let _ = el.set_attribute("aria-invalid", "true");
            let described = match el.get_attribute("aria-describedby") {
                Some(d) if !d.is_empty() => format!("{field_err_id} {d}"),
                _ => field_err_id.to_string(),
            };
            let _ = el.set_attribute("aria-describedby", &described);
            el.after(&beside, ContentType::Html);
        }
    };
    let out = rewrite_str(
        html,
        RewriteStrSettings {
            element_content_handlers: vec![
                element!("main", |el| {
                    el.prepend(&page_alert, ContentType::Html);
                    Ok(())
                }),
                element!(form_sel, move |el| {
                    let mut st = s1.borrow_mut();
                    st.inside = st.forms == target;
                    st.forms += 1;
                    if st.inside {
                        el.prepend(&alert, ContentType::Html);
                    }
                    Ok(())
                }),
                element!(sel("input[name]"), move |el| {
                    if !s2.borrow().inside {
                        return Ok(());
                    }
                    let name = el.get_attribute("name").unwrap_or_default();
                    let kind = el.get_attribute("type").unwrap_or_else(|| "text".into()).to_ascii_lowercase();
                    if let Some(sent) = values_in.get(name.as_str()) {
                        match kind.as_str() {
                            "password" | "file" | "submit" | "button" | "reset" | "image" => {}
                            "checkbox" | "radio" => {
                                let own = el.get_attribute("value").unwrap_or_else(|| "on".into());
                                if sent.contains(&own.as_str()) {
                                    let _ = el.set_attribute("checked", "");
                                } else {
                                    el.remove_attribute("checked");
                                }
                            }
                            _ => {
                                // lol_html escapes only the quote; the rest is ours.
                                let v = sent[0].replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
                                let _ = el.set_attribute("value", &v);
                            }
                        }
                    } else if kind == "checkbox" {
                        // A checkbox left unticked is not sent at all.
                        el.remove_attribute("checked");
                    }
                    mark(el, &s2);
                    Ok(())
                }),
                element!(sel("textarea[name]"), move |el| {
                    if !s3.borrow().inside {
                        return Ok(());
                    }
                    let name = el.get_attribute("name").unwrap_or_default();
                    if let Some(sent) = values_in.get(name.as_str()) {
                        el.set_inner_content(sent[0], ContentType::Text);
                    }
                    mark(el, &s3);
                    Ok(())
                }),
                element!(sel("select[name]"), move |el| {
                    if !s4.borrow().inside {
                        s4.borrow_mut().select = None;
                        return Ok(());
                    }
                    let name = el.get_attribute("name").unwrap_or_default();
                    s4.borrow_mut().select = Some(name);
                    mark(el, &s4);
                    Ok(())
                }),
                element!(sel("option"), move |el| {
                    let Some(name) = s5.borrow().select.clone() else { return Ok(()) };
                    if let Some(sent) = values_in.get(name.as_str()) {
                        let own = el.get_attribute("value").unwrap_or_default();
                        if sent.contains(&own.as_str()) {
                            let _ = el.set_attribute("selected", "");
                        } else {
                            el.remove_attribute("selected");
                        }
                    }
                    Ok(())
                }),
            ],
            ..RewriteStrSettings::new()
        },
    )
    .ok()?;
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    const PAGE: &str = r#"<html><body><main><h1>t</h1>
<form method="post" action="/manage/x"><input type="hidden" name="version" value="3"><label for="n">名</label><input id="n" type="text" name="name" value="old"><textarea name="summary">old text</textarea><select name="theme"><option value="1" selected>a</option><option value="2">b</option></select><input type="checkbox" name="done" value="on" checked><input type="password" name="password"></form>
<form method="post" action="/manage/other"><input type="text" name="name" value="keep"></form></main></body></html>"#;

    #[test]
    fn the_refused_form_gets_its_input_back_with_the_reason_beside_the_field() {
        let sent = f(&[
            ("version", "2"),
            ("name", "新しい名前\"<script>"),
            ("summary", "説明</textarea><b>x"),
            ("theme", "2"),
            ("password", "secret"),
        ]);
        let out = refill(PAGE, "/manage/x", &sent, "name", "名前を入力してください").unwrap();
        assert!(out.contains(r#"name="version" value="2""#), "{out}");
        assert!(out.contains(r#"value="新しい名前&quot;&lt;script&gt;""#), "{out}");
        assert!(!out.contains("<script>"), "{out}");
        assert!(out.contains("説明&lt;/textarea&gt;&lt;b&gt;x</textarea>"), "{out}");
        assert!(
            out.contains(r#"<option value="2" selected="">"#) || out.contains(r#"<option value="2" selected>"#),
            "{out}"
        );
        assert!(!out.contains(r#"<option value="1" selected"#), "{out}");
        assert!(!out.contains("checked"), "an unsent checkbox is unticked: {out}");
        assert!(!out.contains("secret"), "passwords never come back: {out}");
        assert!(out.contains(r#"aria-invalid="true""#) && out.contains(r#"aria-describedby="form-error-field""#));
        assert!(out.contains(r#"<p class="error field-error" id="form-error-field">名前を入力してください</p>"#));
        assert!(out.contains(r#"value="keep""#), "another form is untouched: {out}");
        assert_eq!(out.matches("role=\"alert\"").count(), 2, "{out}");
    }

    #[test]
    fn of_forms_with_the_same_action_only_the_one_sent_is_filled() {
        let page = r#"<html><body><main><h1>t</h1>
<form method="post" action="/manage/c"><input type="hidden" name="_csrf" value="t"><input type="hidden" name="initiative" value="1"><textarea name="body"></textarea></form>
<form method="post" action="/manage/c"><input type="hidden" name="_csrf" value="t"><input type="hidden" name="initiative" value="2"><textarea name="body"></textarea></form>
<form method="post" action="/manage/c"><input type="hidden" name="step" value="approve"><button>承認</button></form>
<form method="post" action="/manage/c"><input type="hidden" name="step" value="return"><input type="hidden" name="version" value="4"><textarea name="comment"></textarea></form>
</main></body></html>"#;
        let out =
            refill(page, "/manage/c", &f(&[("_csrf", "t"), ("initiative", "2"), ("body", "二番目へ")]), "body", "m")
                .unwrap();
        assert_eq!(out.matches("二番目へ").count(), 1, "{out}");
        assert!(out.contains(r#"name="initiative" value="1"><textarea name="body"></textarea>"#), "{out}");
        assert!(out.contains(r#"value="2"><textarea name="body" aria-invalid="true""#), "{out}");
        assert_eq!(out.matches(r#"id="form-error""#).count(), 1, "{out}");
        // The return's reason refused: the approve button keeps its step.
        let out =
            refill(page, "/manage/c", &f(&[("step", "return"), ("version", "3"), ("comment", " ")]), "comment", "m")
                .unwrap();
        assert!(out.contains(r#"name="step" value="approve""#), "{out}");
        assert!(out.contains(r#"name="version" value="3""#), "the sent version comes back: {out}");
        // No form carries what was sent: none is filled (the plain error page stays).
        assert!(refill(page, "/manage/c", &f(&[("initiative", "9"), ("body", "x")]), "body", "m").is_none());
    }

    #[test]
    fn no_form_for_the_action_means_no_redraw() {
        assert!(refill(PAGE, "/manage/none", &f(&[("name", "x")]), "name", "m").is_none());
    }

    #[test]
    fn flash_codes_name_what_was_done() {
        assert_eq!(flash_code("/manage/revisions/3/transition", &f(&[("step", "return")])), "return");
        assert_eq!(flash_code("/manage/revisions/3/initiatives/4/delete", &[]), "deleted");
        assert_eq!(flash_code("/manage/revisions/3/stance", &[]), "saved");
        assert!(FLASHES.iter().any(|(k, _)| *k == flash_code("/manage/inbox/read-all", &[])));
    }

    #[test]
    fn only_same_origin_staff_referers_are_redrawn() {
        let h = |referer: &str| {
            let mut m = HeaderMap::new();
            m.insert(header::HOST, HeaderValue::from_static("city.example"));
            m.insert(header::REFERER, HeaderValue::from_str(referer).unwrap());
            referer_path(&m)
        };
        assert_eq!(
            h("https://city.example/manage/2026/departments/3#x").as_deref(),
            Some("/manage/2026/departments/3")
        );
        assert_eq!(h("https://evil.example/manage/2026"), None);
        assert_eq!(h("https://city.example/orgs/1"), None);
        assert_eq!(h("https://city.example//evil.example/manage"), None);
    }
}
