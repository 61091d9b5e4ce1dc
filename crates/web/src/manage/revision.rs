//! STUB — to be replaced: a department's policy revision page and its edits (`/manage/{year}/departments/{dept}`, `/manage/revisions/{rev}/…`).

use crate::error::WebError;
use axum::response::Response;

pub async fn show() -> Result<Response, WebError> {
    Err(WebError::NotFound)
}

pub async fn revise() -> Result<Response, WebError> {
    Err(WebError::NotFound)
}

pub async fn stance() -> Result<Response, WebError> {
    Err(WebError::NotFound)
}

pub async fn add_initiative() -> Result<Response, WebError> {
    Err(WebError::NotFound)
}

pub async fn edit_initiative() -> Result<Response, WebError> {
    Err(WebError::NotFound)
}

pub async fn save_initiative() -> Result<Response, WebError> {
    Err(WebError::NotFound)
}

pub async fn move_initiative() -> Result<Response, WebError> {
    Err(WebError::NotFound)
}

pub async fn delete_initiative() -> Result<Response, WebError> {
    Err(WebError::NotFound)
}

pub async fn add_indicator() -> Result<Response, WebError> {
    Err(WebError::NotFound)
}

pub async fn save_indicator() -> Result<Response, WebError> {
    Err(WebError::NotFound)
}

pub async fn delete_indicator() -> Result<Response, WebError> {
    Err(WebError::NotFound)
}

pub async fn save_review() -> Result<Response, WebError> {
    Err(WebError::NotFound)
}

pub async fn transition() -> Result<Response, WebError> {
    Err(WebError::NotFound)
}
