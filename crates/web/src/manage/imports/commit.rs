//! `POST /manage/imports/{batch}/commit` (`doc`: one upload id or `all`): stores the previewed
//! documents with the corrections the form carries, one transaction per document, audited; a
//! preview made before the stored data changed is refused (409) with the preview redrawn.
//! `POST /manage/imports/{batch}/discard` drops the batch.

use super::super::{actor, see_other};
use super::choices;
use super::preview::render;
use crate::error::WebError;
use crate::session::Staff;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Form;
use hoshin_app::import::uploads::{commit_batch, discard_batch};
use hoshin_app::{App, AppError};

/// `POST /manage/imports/{batch}/commit`.
pub async fn commit(
    State(app): State<App>,
    Staff(su): Staff,
    Path(batch): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let c = choices::parse(&fields);
    let doc = fields.iter().find(|(k, _)| k == "doc").map(|(_, v)| v.as_str()).unwrap_or("all");
    let only = match doc {
        "all" => None,
        n => Some(n.parse::<i64>().map_err(|_| WebError::BadRequest("取り込む文書を選び直してください".into()))?),
    };
    if let Some(msg) = c.year_errors.values().next() {
        let page = render(&app, &su, &batch, &c, Some(msg)).await?;
        return Ok(crate::error::keep_body((StatusCode::UNPROCESSABLE_ENTITY, page).into_response()));
    }
    let who = actor(&su);
    match commit_batch(&app, &who, &batch, only, &c.docs, &c.fingerprints, &app.imports.labels).await {
        Ok(done) => {
            if done.remaining > 0 {
                Ok(see_other(&super::batch_url(&batch)))
            } else {
                Ok(see_other("/manage/documents"))
            }
        }
        Err(AppError::Stale(m)) => {
            let page = render(&app, &su, &batch, &c, Some(&format!("{m}（何も取り込んでいません）"))).await?;
            Ok(crate::error::keep_body((StatusCode::CONFLICT, page).into_response()))
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /manage/imports/{batch}/discard`.
pub async fn discard(
    State(app): State<App>,
    Staff(su): Staff,
    Path(batch): Path<String>,
) -> Result<Response, WebError> {
    discard_batch(&app, &actor(&su), &batch).await?;
    Ok(see_other("/manage/imports"))
}
