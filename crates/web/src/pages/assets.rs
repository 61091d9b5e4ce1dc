//! Static assets: the stylesheet (cached for a day).

use crate::views::style::CSS;
use axum::http::header;
use axum::response::IntoResponse;

pub async fn style() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=86400")], CSS)
}
