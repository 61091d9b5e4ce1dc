//! The one place errors become HTTP responses. Missing records are 404; everything else is
//! logged with its detail and shown to the user as a generic Japanese message.

use crate::html::{escape, layout};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use hoshin_app::store::StoreError;
use hoshin_app::AppError;

#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error("not found")]
    NotFound,
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error(transparent)]
    App(#[from] AppError),
}

impl From<StoreError> for WebError {
    fn from(e: StoreError) -> Self {
        WebError::App(AppError::Store(e))
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let (status, message) = match &self {
            WebError::NotFound | WebError::App(AppError::Store(StoreError::NotFound { .. })) => {
                (StatusCode::NOT_FOUND, "ページが見つかりません。".to_string())
            }
            WebError::BadRequest(m) => (StatusCode::BAD_REQUEST, format!("リクエストが正しくありません：{m}")),
            WebError::App(e) => {
                tracing::error!(error = %e, "request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "エラーが発生しました。時間をおいて再度お試しください。".to_string(),
                )
            }
        };
        let body = format!("<p class=\"error\">{}</p><p><a href=\"/\">トップへ戻る</a></p>", escape(&message));
        (status, Html(layout("エラー", &body))).into_response()
    }
}
