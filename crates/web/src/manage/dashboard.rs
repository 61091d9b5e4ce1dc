//! STUB — to be replaced: the planning dashboard (`/manage`, `/manage/{year}`) and the cycle
//! page (`/manage/cycle`: open a year, deadlines).

use crate::error::WebError;
use crate::pages::PageResult;
use crate::session::Staff;
use axum::extract::{Path, State};
use axum::response::Response;
use hoshin_app::App;
use maud::html;

pub async fn home(State(_app): State<App>, Staff(su): Staff) -> PageResult {
    Ok(super::layout("ダッシュボード", &su, &[], html! { h1 { "ダッシュボード" } }))
}

pub async fn year(State(_app): State<App>, Staff(su): Staff, Path(_year): Path<String>) -> PageResult {
    Ok(super::layout("ダッシュボード", &su, &[], html! { h1 { "ダッシュボード" } }))
}

pub async fn cycle(State(_app): State<App>, Staff(su): Staff) -> PageResult {
    Ok(super::layout("年度の設定", &su, &[], html! { h1 { "年度の設定" } }))
}

pub async fn open_year(State(_app): State<App>, Staff(_su): Staff) -> Result<Response, WebError> {
    Err(WebError::NotFound)
}

pub async fn deadlines(
    State(_app): State<App>,
    Staff(_su): Staff,
    Path(_year): Path<String>,
) -> Result<Response, WebError> {
    Err(WebError::NotFound)
}
