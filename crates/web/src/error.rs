//! The one place errors become HTTP responses. Missing records are 404; unreadable input is
//! 400; everything else is logged with its detail and shown as a generic Japanese message.

use crate::html::{page, Crumb};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use hoshin_app::store::StoreError;
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
}

impl From<StoreError> for WebError {
    fn from(e: StoreError) -> Self {
        WebError::App(AppError::Store(e))
    }
}

/// What an error page says, kept on the response so that staff pages can redraw it in the
/// staff layout ([`crate::manage::staff_error_pages`]).
#[derive(Debug, Clone)]
pub struct ErrorPage {
    pub title: &'static str,
    pub message: String,
}

/// An id to quote when reporting an error: it appears in the log line with the detail.
fn request_id() -> String {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    format!("{:x}", nanos & 0xffff_ffff_ffff)
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let (status, message) = match &self {
            WebError::NotFound | WebError::App(AppError::Store(StoreError::NotFound { .. })) => {
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
            WebError::App(AppError::Store(StoreError::Conflict { .. })) => (
                StatusCode::CONFLICT,
                "ほかの人が先に更新したため、保存しませんでした。ページを開き直して最新の内容を確認してください。".to_string(),
            ),
            WebError::App(e) => {
                let id = request_id();
                tracing::error!(error = %e, request_id = %id, "request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    format!("エラーが発生しました。時間をおいて再度お試しください。（問い合わせ番号：{id}）"),
                )
            }
        };
        let title = match status {
            StatusCode::NOT_FOUND => "ページが見つかりません",
            StatusCode::FORBIDDEN => "操作できません",
            StatusCode::CONFLICT => "保存できませんでした",
            StatusCode::UNPROCESSABLE_ENTITY => "入力内容の確認",
            StatusCode::PAYLOAD_TOO_LARGE => "ファイルが大きすぎます",
            _ => "エラー",
        };
        let body = html! {
            h1 { (title) }
            p.error { (message) }
            p { a href="/" { "自治体一覧へ戻る" } }
        };
        let mut res =
            (status, page(title, &[Crumb::link("自治体一覧", "/"), Crumb::here(title)], body)).into_response();
        res.extensions_mut().insert(ErrorPage { title, message });
        res
    }
}
