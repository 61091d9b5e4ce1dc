//! API errors as RFC 9457 problem details (`application/problem+json`): `type`, a Japanese
//! `title`, `status` and `detail`. [`Problem`] is what API handlers return;
//! [`crate::error_pages::japanese_errors`] turns every other error answer under `/api/`
//! (unknown address, 405, a rejected path parameter) into one with [`from_status`] instead of
//! the HTML page. Bodies are marked [`crate::error::KeepBody`].

use crate::error::keep_body;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use hoshin_app::AppError;
use serde::Serialize;

/// The media type of problem details.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// One problem answer.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    /// A reference to the docs page's section on the error.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// What is wrong where in the request body (the write API), each by JSON pointer.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// Sent as `WWW-Authenticate` (a 401 of the write API).
    #[serde(skip)]
    pub authenticate: Option<&'static str>,
}

/// One failing part of a request body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// RFC 6901 JSON pointer into the request body (`/items/3/value`).
    pub pointer: String,
    /// The status this part alone would get (400, 403, 404, 409).
    pub status: u16,
    /// Japanese explanation.
    pub detail: String,
}

/// Japanese title and default detail of a status.
fn words(status: StatusCode) -> (&'static str, &'static str) {
    match status.as_u16() {
        400 => ("リクエストが正しくありません", "パラメータを読み取れませんでした。"),
        404 => ("見つかりません", "指定されたデータは見つかりませんでした（公表されていないデータは返しません）。"),
        401 => ("認証が必要です", "有効な個人用アクセストークンを Authorization: Bearer で送ってください。"),
        403 => ("権限がありません", "この操作をする権限がありません。"),
        405 => ("この操作はできません", "この操作（HTTP メソッド）はこのアドレスでは受け付けていません。"),
        409 => ("競合しています", "データの状態が合わないため処理できませんでした。"),
        413 => ("リクエストが大きすぎます", "リクエストの本文が大きすぎます。"),
        415 => ("形式が正しくありません", "本文は application/json で送ってください。"),
        _ if status.is_client_error() => ("リクエストを処理できません", "このリクエストは処理できませんでした。"),
        _ => ("サーバーエラー", "エラーが発生しました。時間をおいて再度お試しください。"),
    }
}

impl Problem {
    pub fn new(status: StatusCode, detail: impl Into<String>) -> Self {
        let (title, _) = words(status);
        Self {
            kind: format!("/api#error-{}", status.as_u16()),
            title: title.to_string(),
            status: status.as_u16(),
            detail: detail.into(),
            errors: Vec::new(),
            authenticate: None,
        }
    }

    pub fn bad_request(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, detail)
    }
}

/// The problem for an answer decided by its status alone.
pub fn from_status(status: StatusCode) -> Problem {
    Problem::new(status, words(status).1)
}

impl From<AppError> for Problem {
    fn from(e: AppError) -> Self {
        match e {
            AppError::NotFound { table, id } => Problem::new(
                StatusCode::NOT_FOUND,
                format!("{table} {id} は見つかりません（公表されていないデータは返しません）。"),
            ),
            AppError::Domain(d) => Problem::bad_request(d.to_string()),
            AppError::Forbidden(m) => Problem::new(StatusCode::FORBIDDEN, m),
            AppError::Invalid { message, .. } => Problem::bad_request(message),
            AppError::State(m) | AppError::Stale(m) => Problem::new(StatusCode::CONFLICT, m),
            AppError::Conflict { .. } => Problem::new(
                StatusCode::CONFLICT,
                "ほかの人が同時に更新しました。最新の値を読み直してからもう一度送ってください。",
            ),
            e => {
                tracing::error!(error = %e, "api request failed");
                let id = crate::observe::current_request_id().unwrap_or_else(crate::observe::new_request_id);
                Problem::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    format!("{}（問い合わせ番号：{id}）", words(StatusCode::INTERNAL_SERVER_ERROR).1),
                )
            }
        }
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&self).unwrap_or_default();
        let mut res = (status, body).into_response();
        let h = res.headers_mut();
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        if let Some(a) = self.authenticate {
            h.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static(a));
        }
        keep_body(res)
    }
}
