//! STUB — to be replaced: the audit history of one record with a readable diff (`/manage/history/{table}/{id}`).

use crate::error::WebError;
use axum::response::Response;

pub async fn show() -> Result<Response, WebError> {
    Err(WebError::NotFound)
}
