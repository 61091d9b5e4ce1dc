//! The one place errors become HTTP responses. Missing records are 404; unreadable input is
//! 400; everything else is logged with its detail and shown as a generic Japanese message
//! with the request's id (問い合わせ番号). Answers made elsewhere — axum's extractor
//! rejections, an unknown method, oversized requests — come here too, as
//! [`WebError::Status`], through [`crate::error_pages`]: every 4xx and 5xx is a Japanese page.

use crate::html::{page, Crumb};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use hoshin_app::AppError;
use maud::html;

#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error("not found")]
    NotFound,
    #[error("bad request: {0}")]
    BadRequest(String),
    /// A state-changing request without the session's CSRF token.
    #[error("csrf token missing or wrong")]
    Csrf,
    /// An upload larger than allowed; the message is Japanese and names the limit.
    #[error("too large: {0}")]
    TooLarge(String),
    #[error(transparent)]
    App(#[from] AppError),
    /// An answer decided by its status alone (a rejected extractor, 405, 413, 414, 431 …).
    #[error("status {0}")]
    Status(StatusCode),
    /// The server cannot do this now (a part not configured or not reachable).
    #[error("unavailable: {0}")]
    Unavailable(String),
}

/// Marks an error answer whose body is already what the client should get — a page of our
/// own (the conflict page with both versions, the login form with its message) or a
/// machine-read body (`/healthz`) — so that [`crate::error_pages`] leaves it as it is.
#[derive(Debug, Clone, Copy)]
pub struct KeepBody;

/// `res` marked [`KeepBody`].
pub fn keep_body(mut res: Response) -> Response {
    res.extensions_mut().insert(KeepBody);
    res
}

/// What an error page says, kept on the response so that staff pages can redraw it in the
/// staff layout ([`crate::manage::staff_error_pages`]).
#[derive(Debug, Clone)]
pub struct ErrorPage {
    pub title: &'static str,
    /// What the page says; for a refused input ([`AppError::Invalid`]) the bare reason, which
    /// the redrawn form shows beside its field.
    pub message: String,
    /// The form field a refused input is about ([`AppError::Invalid`]): the form is drawn
    /// again with the input kept ([`crate::forms`]).
    pub field: Option<String>,
    /// A stale form ([`AppError::Conflict`]): the page is drawn again with what was typed
    /// listed beside the form, never put back into it ([`crate::forms`]).
    pub conflict: bool,
}

/// The id to quote when reporting an error: the request's (it is in the log lines of the
/// request), or a fresh one outside a request.
fn request_id() -> String {
    crate::observe::current_request_id().unwrap_or_else(crate::observe::new_request_id)
}

/// Title and message of an answer decided by its status alone.
fn by_status(status: StatusCode) -> (&'static str, String) {
    let (title, message) = match status.as_u16() {
        400 => ("リクエストが正しくありません", "アドレス（URL）や送信された内容を読み取れませんでした。アドレスを確かめるか、前のページからやり直してください。"),
        404 => ("ページが見つかりません", "お探しのページは見つかりませんでした。"),
        405 => ("この操作はできません", "このページでは、その方法での操作を受け付けていません。"),
        408 => ("時間切れになりました", "リクエストの受信が時間内に終わりませんでした。もう一度お試しください。"),
        413 => ("送信内容が大きすぎます", "送信された内容が大きすぎるため、受け付けられませんでした（変更は保存されていません）。"),
        414 => ("アドレスが長すぎます", "アドレス（URL）が長すぎるため、受け付けられませんでした。"),
        415 => ("送信形式が正しくありません", "フォームの送信形式を受け付けられませんでした。ページを開き直してから操作してください（変更は保存されていません）。"),
        422 => ("入力内容の確認", "送信された内容を読み取れませんでした。ページを開き直してから、もう一度入力してください（変更は保存されていません）。"),
        429 => ("しばらくお待ちください", "短い時間に多くのリクエストがありました。しばらくしてからお試しください。"),
        431 => ("リクエストが大きすぎます", "リクエストのヘッダー（Cookie など）が大きすぎます。このサイトの Cookie を削除してから、もう一度お試しください。"),
        503 => ("ただいま利用できません", "ただいまサービスを利用できません。時間をおいて再度お試しください。"),
        _ if status.is_client_error() => ("リクエストを処理できません", "このリクエストは処理できませんでした。前のページからやり直してください。"),
        _ => ("エラー", "エラーが発生しました。時間をおいて再度お試しください。"),
    };
    (title, message.to_string())
}

/// The page's markup for a title and message.
fn render(title: &str, message: &str) -> maud::Markup {
    let body = html! {
        h1 { (title) }
        p.error { (message) }
        p { a href="/" { "自治体一覧へ戻る" } }
    };
    page(title, &[Crumb::link("自治体一覧", "/"), Crumb::here(title)], body)
}

/// A whole HTTP/1.1 answer (head and page) for `status`, for the answers the HTTP parser
/// makes before a request exists ([`crate::canned`]); the connection closes after it.
pub fn plain_page(status: StatusCode) -> Vec<u8> {
    let (title, message) = by_status(status);
    let html = render(title, &message).into_string();
    format!(
        "HTTP/1.1 {} {}\r\ncontent-type: text/html; charset=utf-8\r\ncontent-length: {}\r\nconnection: close\r\n\
         cache-control: no-store\r\ncontent-security-policy: {}\r\nx-content-type-options: nosniff\r\n\
         x-frame-options: DENY\r\n\r\n{html}",
        status.as_u16(),
        status.canonical_reason().unwrap_or(""),
        html.len(),
        crate::headers::CSP,
    )
    .into_bytes()
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let (status, message) = match &self {
            WebError::NotFound | WebError::App(AppError::NotFound { .. }) => {
                (StatusCode::NOT_FOUND, "お探しのページは見つかりませんでした。".to_string())
            }
            WebError::BadRequest(m) => (StatusCode::BAD_REQUEST, format!("リクエストが正しくありません：{m}")),
            WebError::Csrf => (
                StatusCode::FORBIDDEN,
                "フォームの確認用トークンが一致しません。ページを開き直してから、もう一度操作してください。（変更は保存されていません）"
                    .to_string(),
            ),
            WebError::App(AppError::Forbidden(m)) => {
                (StatusCode::FORBIDDEN, format!("この操作を行う権限がありません：{m}。（変更は保存されていません）"))
            }
            WebError::App(AppError::Invalid { message, .. }) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                format!("入力内容を確認してください：{message}（変更は保存されていません。ブラウザの「戻る」で入力に戻れます）"),
            ),
            WebError::App(AppError::State(m)) => (StatusCode::CONFLICT, m.clone()),
            WebError::App(AppError::Stale(m)) => (StatusCode::CONFLICT, format!("{m}（何も取り込んでいません）")),
            WebError::TooLarge(m) => (StatusCode::PAYLOAD_TOO_LARGE, format!("{m}（何も保存していません）")),
            WebError::App(AppError::Extract(e)) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                format!("{}（何も保存していません）", crate::manage::imports::messages::reading_error(e)),
            ),
            WebError::App(AppError::Import(m)) => {
                (StatusCode::UNPROCESSABLE_ENTITY, format!("取り込めませんでした：{m}（何も保存していません）"))
            }
            WebError::App(AppError::Conflict { .. }) => (
                StatusCode::CONFLICT,
                "ほかの人が先に更新したため、保存しませんでした。ページを開き直して最新の内容を確認してください。".to_string(),
            ),
            WebError::Status(status) => {
                let (_, message) = by_status(*status);
                (*status, message)
            }
            WebError::Unavailable(why) => {
                tracing::error!(why = %why, "unavailable");
                (StatusCode::SERVICE_UNAVAILABLE, by_status(StatusCode::SERVICE_UNAVAILABLE).1)
            }
            WebError::App(e) => {
                tracing::error!(error = %e, "request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "エラーが発生しました。時間をおいて再度お試しください。".to_string(),
                )
            }
        };
        let title = match status {
            StatusCode::NOT_FOUND => "ページが見つかりません",
            StatusCode::FORBIDDEN => "操作できません",
            StatusCode::CONFLICT => "保存できませんでした",
            StatusCode::UNPROCESSABLE_ENTITY => "入力内容の確認",
            StatusCode::PAYLOAD_TOO_LARGE => "ファイルが大きすぎます",
            s => by_status(s).0,
        };
        // Server-side failures carry the id the log lines of the request carry.
        let message = if status.is_server_error() {
            format!("{message}（問い合わせ番号：{}）", request_id())
        } else {
            message
        };
        let mut res = (status, render(title, &message)).into_response();
        // A refused input: the form is drawn again with the bare reason beside the field.
        let (field, message) = match &self {
            WebError::App(AppError::Invalid { field, message: reason }) => (Some(field.clone()), reason.clone()),
            _ => (None, message),
        };
        let conflict = matches!(self, WebError::App(AppError::Conflict { .. }));
        res.extensions_mut().insert(ErrorPage { title, message, field, conflict });
        res
    }
}
