//! STUB — to be replaced: bulk entry of a year's KPI actuals (`/manage/revisions/{rev}/actuals`).

use crate::error::WebError;
use axum::response::Response;

pub async fn show() -> Result<Response, WebError> {
    Err(WebError::NotFound)
}

pub async fn submit() -> Result<Response, WebError> {
    Err(WebError::NotFound)
}
