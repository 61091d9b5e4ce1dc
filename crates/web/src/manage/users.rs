//! STUB — to be replaced: user administration (`/manage/users`).

use crate::error::WebError;
use axum::response::Response;

pub async fn list() -> Result<Response, WebError> {
    Err(WebError::NotFound)
}

pub async fn create() -> Result<Response, WebError> {
    Err(WebError::NotFound)
}

pub async fn show() -> Result<Response, WebError> {
    Err(WebError::NotFound)
}

pub async fn update() -> Result<Response, WebError> {
    Err(WebError::NotFound)
}

pub async fn password() -> Result<Response, WebError> {
    Err(WebError::NotFound)
}
