//! `GET /manage/imports`: the upload form; `POST /manage/imports` (multipart): reads the files
//! — each at most the configured size, refused with a Japanese message naming the file and
//! the limit — and, when every file can be read, keeps them as a batch and shows its preview.
//! A file that cannot be read is named with what went wrong, and nothing is kept.

use super::super::{actor, crumbs, csrf_field, layout, see_other};
use super::{batch_url, messages};
use crate::error::WebError;
use crate::html::Crumb;
use crate::session::{MultipartCsrf, Staff};
use axum::extract::multipart::{Multipart, MultipartError};
use axum::extract::{Extension, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use hoshin_app::access::require_planning;
use hoshin_app::accounts::SessionUser;
use hoshin_app::import::uploads::{upload as keep_upload, UploadFile};
use hoshin_app::{App, AppError};
use maud::{html, Markup};

/// 32 MiB → 「32MB」.
pub fn mib(bytes: usize) -> String {
    let m = bytes as f64 / (1024.0 * 1024.0);
    if m >= 1.0 {
        format!("{}MB", (m * 10.0).round() / 10.0)
    } else {
        format!("{}KB", bytes.div_ceil(1024))
    }
}

fn form_page(app: &App, su: &SessionUser, error: Option<&str>) -> Markup {
    let title = "文書の取り込み";
    let limit = mib(app.imports.max_upload_bytes);
    let body = html! {
        h1 { (title) }
        p {
            "市が公表している計画書・部局運営方針・事務事業評価シートなど（PDF・Excel・Word・HTML・CSV・テキスト）を取り込みます。"
            "ファイルを選ぶと、保存する前に、読み取った内容を元の行やセルと並べて確認できます。"
        }
        @if let Some(e) = error { p.error role="alert" #upload-error { (e) } }
        form method="post" action="/manage/imports" enctype="multipart/form-data" {
            (csrf_field(su))
            p {
                label for="files" { "ファイル（" (app.imports.max_files) "件まで、1件" (limit) "まで）" }
                input #files type="file" name="files" multiple required aria-describedby=[error.map(|_| "upload-error")];
            }
            button type="submit" { "読み取って確認する" }
        }
        p.muted { "取り込み先は " (su.user.display_name) " さんの自治体です。確認画面で年度と部局の対応を直せます。アップロードしたファイルは取り込むか24時間たつと消えます。" }
    };
    layout(title, su, &crumbs(vec![Crumb::here(title)]), body)
}

/// `GET /manage/imports`.
pub async fn show(State(app): State<App>, Staff(su): Staff) -> Result<Markup, WebError> {
    require_planning(&actor(&su), su.user.org_id)?;
    Ok(form_page(&app, &su, None))
}

/// The form again with the message, answered with `status`; nothing was kept.
fn refuse(app: &App, su: &SessionUser, status: StatusCode, message: &str) -> Response {
    // The form again with the message, not the generic error page.
    crate::error::keep_body((status, form_page(app, su, Some(message))).into_response())
}

/// A multipart body that could not be read: too large (`too_large` says what the limit is) or
/// malformed. Shared by every upload form.
pub fn multipart_error(e: &MultipartError, too_large: impl FnOnce() -> String) -> WebError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        WebError::TooLarge(too_large())
    } else {
        WebError::BadRequest(format!("送信された内容を読み取れませんでした：{}", e.body_text()))
    }
}

fn upload_error(app: &App, e: &MultipartError) -> WebError {
    multipart_error(e, || {
        format!(
            "送信されたファイルが大きすぎます。1件{}まで、{}件までにしてください。",
            mib(app.imports.max_upload_bytes),
            app.imports.max_files
        )
    })
}

/// `POST /manage/imports`.
pub async fn submit(
    State(app): State<App>,
    Staff(su): Staff,
    csrf: Option<Extension<MultipartCsrf>>,
    mut form: Multipart,
) -> Result<Response, WebError> {
    let Some(Extension(csrf)) = csrf else {
        return Err(WebError::BadRequest("ファイルを選んで送信してください".into()));
    };
    // The token comes first: nothing of the files is read before it is checked.
    let first = form.next_field().await.map_err(|e| upload_error(&app, &e))?;
    let token = match first {
        Some(f) if f.name() == Some("_csrf") => Some(f.text().await.map_err(|e| upload_error(&app, &e))?),
        _ => None,
    };
    csrf.check(token.as_deref())?;
    require_planning(&actor(&su), su.user.org_id)?;
    let limit = app.imports.max_upload_bytes;
    let mut files = Vec::new();
    while let Some(mut field) = form.next_field().await.map_err(|e| upload_error(&app, &e))? {
        if field.name() != Some("files") {
            continue;
        }
        let name = field.file_name().map(str::to_string).unwrap_or_default();
        if name.is_empty() {
            continue;
        }
        if files.len() >= app.imports.max_files {
            let msg = format!("一度に取り込めるのは{}件までです。", app.imports.max_files);
            return Ok(refuse(&app, &su, StatusCode::PAYLOAD_TOO_LARGE, &msg));
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(|e| upload_error(&app, &e))? {
            if bytes.len() + chunk.len() > limit {
                let msg = format!(
                    "「{name}」は大きすぎます。1件{}までのファイルにしてください。（何も保存していません）",
                    mib(limit)
                );
                return Ok(refuse(&app, &su, StatusCode::PAYLOAD_TOO_LARGE, &msg));
            }
            bytes.extend_from_slice(&chunk);
        }
        files.push(UploadFile { file_name: name, bytes });
    }
    if files.is_empty() {
        return Ok(refuse(&app, &su, StatusCode::UNPROCESSABLE_ENTITY, "ファイルを選んでください。"));
    }
    match keep_upload(&app, &actor(&su), &files, &app.imports.labels).await {
        Ok(batch) => Ok(see_other(&batch_url(&batch))),
        Err(AppError::Extract(e)) => {
            let msg = format!("{}（何も保存していません）", messages::reading_error(&e));
            Ok(refuse(&app, &su, StatusCode::UNPROCESSABLE_ENTITY, &msg))
        }
        Err(e) => Err(e.into()),
    }
}
