//! The Excel round trip of a draft (`/manage/revisions/{rev}/workbook…`): the download, the
//! upload (multipart; the CSRF token is the first field, the file at most
//! [`roundtrip::MAX_BYTES`]) answered with the preview of the difference — nothing stored —
//! and the confirm, which checks the same workbook again and applies it in one transaction
//! (303 back to the department page). A refused workbook gets its own page: the conflict (409)
//! with what changed since the download, or every cell error by sheet and cell (422).

use super::{actor, column_heads, crumbs, csrf_field, layout, see_other};
use crate::error::{keep_body, WebError};
use crate::html::Crumb;
use crate::manage::imports::upload::mib;
use crate::manage::revision::page_url;
use crate::session::{MultipartCsrf, Staff};
use axum::extract::multipart::{Multipart, MultipartError};
use axum::extract::{Extension, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Form;
use base64::Engine;
use hoshin_app::accounts::SessionUser;
use hoshin_app::dashboard::wareki_time;
use hoshin_app::editing::RevisionScope;
use hoshin_app::roundtrip::{self, Outcome, Preview, Refusal};
use hoshin_app::App;
use hoshin_domain::*;
use maud::{html, Markup};

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Whether `path` is a workbook upload (a multipart route, see [`crate::session`]).
pub fn is_upload(path: &str) -> bool {
    path.strip_prefix("/manage/revisions/")
        .and_then(|rest| rest.strip_suffix("/workbook"))
        .is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()))
}

fn base(rev: RevisionId) -> String {
    format!("/manage/revisions/{rev}/workbook")
}

/// The section of the department page: the download link and the upload form.
pub fn section(su: &SessionUser, rev: &PolicyRevision) -> Markup {
    html! {
        section #workbook {
            h2 { "Excelでのオフライン編集" }
            p { a href={ (base(rev.id)) ".xlsx" } download { "Excelでダウンロード（オフライン編集用）" } }
            p {
                "色の付いたセルを編集してアップロードすると、反映する前に現在の内容との違いを確認できます。"
                "取組や指標を削除するのは「削除」列に「削除」と書いた行だけです（行を消しても削除されません）。"
                "ダウンロードした後にこの案が更新されていると、そのExcelは反映できません（最新の内容でダウンロードし直します）。"
            }
            form method="post" action=(base(rev.id)) enctype="multipart/form-data" {
                (csrf_field(su))
                p {
                    label for="workbook-file" { "編集したExcel（.xlsx、" (mib(roundtrip::MAX_BYTES)) "まで）" }
                    input #workbook-file type="file" name="workbook" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required;
                }
                button type="submit" { "読み取って確認する" }
            }
        }
    }
}

/// `GET /manage/revisions/{rev}/workbook.xlsx`.
pub async fn download(State(app): State<App>, Staff(su): Staff, Path(rev): Path<i64>) -> Result<Response, WebError> {
    let d = roundtrip::download(&app, &actor(&su), RevisionId(rev)).await?;
    let mut res = crate::download::attachment(d.bytes, XLSX, &d.file_name, &d.ascii_name);
    res.headers_mut().insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store"));
    Ok(res)
}

fn multipart_error(e: &MultipartError) -> WebError {
    crate::manage::imports::upload::multipart_error(e, || {
        format!("ファイルが大きすぎます。{}までのExcelにしてください。", mib(roundtrip::MAX_BYTES))
    })
}

/// `POST /manage/revisions/{rev}/workbook` (multipart): the preview, or why not.
pub async fn upload(
    State(app): State<App>,
    Staff(su): Staff,
    Path(rev): Path<i64>,
    csrf: Option<Extension<MultipartCsrf>>,
    mut form: Multipart,
) -> Result<Response, WebError> {
    let Some(Extension(csrf)) = csrf else {
        return Err(WebError::BadRequest("ファイルを選んで送信してください".into()));
    };
    // The token comes first: nothing of the file is read before it and the rights are checked.
    let first = form.next_field().await.map_err(|e| multipart_error(&e))?;
    let token = match first {
        Some(f) if f.name() == Some("_csrf") => Some(f.text().await.map_err(|e| multipart_error(&e))?),
        _ => None,
    };
    csrf.check(token.as_deref())?;
    let scope = roundtrip::draft(&app, &actor(&su), RevisionId(rev)).await?;
    let mut bytes = Vec::new();
    while let Some(mut field) = form.next_field().await.map_err(|e| multipart_error(&e))? {
        if field.name() != Some("workbook") {
            continue;
        }
        while let Some(chunk) = field.chunk().await.map_err(|e| multipart_error(&e))? {
            if bytes.len() + chunk.len() > roundtrip::MAX_BYTES {
                let msg = format!(
                    "ファイルが大きすぎます。{}までのExcelにしてください。（何も保存していません）",
                    mib(roundtrip::MAX_BYTES)
                );
                return Ok(refused(&su, &scope, StatusCode::PAYLOAD_TOO_LARGE, &Refusal::Unreadable(msg)));
            }
            bytes.extend_from_slice(&chunk);
        }
    }
    if bytes.is_empty() {
        let msg = "Excelファイルを選んでください。".to_string();
        return Ok(refused(&su, &scope, StatusCode::UNPROCESSABLE_ENTITY, &Refusal::Unreadable(msg)));
    }
    Ok(match roundtrip::preview(&app, &actor(&su), RevisionId(rev), &bytes).await? {
        Outcome::Done(p) => preview_page(&su, &p, &bytes).into_response(),
        Outcome::Refused(why) => refused(&su, &scope, status(&why), &why),
    })
}

/// `POST /manage/revisions/{rev}/workbook/apply`: the workbook of the preview, applied.
pub async fn apply(
    State(app): State<App>,
    Staff(su): Staff,
    Path(rev): Path<i64>,
    Form(f): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let scope = roundtrip::draft(&app, &actor(&su), RevisionId(rev)).await?;
    let field = f.iter().find(|(k, _)| k == "workbook").map(|(_, v)| v.as_str()).unwrap_or_default();
    let bytes = base64::engine::general_purpose::STANDARD.decode(field.trim()).map_err(|_| {
        WebError::BadRequest("反映するExcelの内容がありません。もう一度アップロードしてください".into())
    })?;
    Ok(match roundtrip::apply(&app, &actor(&su), RevisionId(rev), &bytes).await? {
        Outcome::Done(p) => see_other(&format!("{}#initiatives", page_url(p.revision.fiscal_year, p.department.id))),
        Outcome::Refused(why) => refused(&su, &scope, status(&why), &why),
    })
}

fn status(why: &Refusal) -> StatusCode {
    match why {
        Refusal::Conflict(_) => StatusCode::CONFLICT,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    }
}

fn page_crumbs(rev: &PolicyRevision, dept: &Department, here: &str) -> Vec<Crumb> {
    crumbs(vec![
        Crumb::link(rev.fiscal_year.label(), format!("/manage/{}", rev.fiscal_year.year())),
        Crumb::link(dept.name.clone(), page_url(rev.fiscal_year, dept.id)),
        Crumb::here(here),
    ])
}

fn preview_page(su: &SessionUser, p: &Preview, bytes: &[u8]) -> Markup {
    let title = "Excelの内容の確認";
    let back = format!("{}#workbook", page_url(p.revision.fiscal_year, p.department.id));
    let body = html! {
        h1 { (title) }
        p {
            (p.department.name) "の" (p.revision.fiscal_year.label()) "（第" (p.revision.number) "版）の案と、"
            "アップロードしたExcelの違いです。まだ何も保存していません。"
        }
        p.muted {
            "Excelから消した行の取組・指標はそのまま残ります。削除するのは「削除」列に「削除」と書いた行だけです。"
            "行の並び順は反映しません（並べ替えは部局運営方針の画面で行います）。"
        }
        @if p.changes.is_empty() {
            p #no-changes role="status" { "現在の内容との違いはありません。反映するものはありません。" }
        } @else {
            p role="status" { (p.changes.len()) "件の変更があります。" }
            @for (n, c) in p.changes.iter().enumerate() {
                section.change id={ "change-" (n + 1) } {
                    h2 { span.diff-mark { (c.kind.label()) } "：" (c.subject) }
                    table.conflict {
                        caption { (c.subject) "の" (c.kind.label()) }
                        (column_heads(&["項目", "現在の内容", "Excelの内容"]))
                        tbody {
                            @for f in &c.fields {
                                tr.differs {
                                    th scope="row" { (f.label) }
                                    td.pre { (f.before) }
                                    td.pre { (f.after) }
                                }
                            }
                        }
                    }
                }
            }
            form method="post" action={ (base(p.revision.id)) "/apply" } {
                (csrf_field(su))
                input type="hidden" name="workbook" value=(base64::engine::general_purpose::STANDARD.encode(bytes));
                p { button type="submit" { "反映する" } }
            }
        }
        p { a href=(back) { "反映せずに部局運営方針へ戻る" } }
    };
    layout(title, su, &page_crumbs(&p.revision, &p.department, title), body)
}

/// The page of a refused workbook, with `status`; nothing was stored.
fn refused(su: &SessionUser, scope: &RevisionScope, status: StatusCode, why: &Refusal) -> Response {
    let (rev, dept) = (&scope.revision, &scope.department);
    let back = format!("{}#workbook", page_url(rev.fiscal_year, dept.id));
    let title = match why {
        Refusal::Conflict(_) => "Excelを反映できません（ダウンロード後に更新されています）",
        Refusal::Cells(_) => "Excelの内容に誤りがあります",
        Refusal::Unreadable(_) | Refusal::OtherDraft(_) => "Excelを読み取れません",
    };
    let body = html! {
        h1 { (title) }
        @match why {
            Refusal::Conflict(stale) => {
                p.error role="alert" {
                    "このExcelをダウンロードした後に、次の内容が更新されました。"
                    "ほかの人の変更を上書きしないよう、このExcelは反映していません（何も保存していません）。"
                }
                table.conflict {
                    caption { "ダウンロード後に更新された内容" }
                    (column_heads(&["内容", "更新", "更新した人・日時"]))
                    tbody {
                        @for s in stale {
                            tr {
                                th scope="row" { (s.what) }
                                td { (s.how) }
                                td {
                                    @match &s.last {
                                        Some(l) => { (l.who) "（" (wareki_time(l.at)) "）" }
                                        None => { "－" }
                                    }
                                }
                            }
                        }
                    }
                }
                p {
                    "最新の内容でExcelをダウンロードし直し、必要な変更をもう一度入力してからアップロードしてください。"
                }
                p { a href={ (base(rev.id)) ".xlsx" } download { "最新の内容でExcelをダウンロード" } }
            }
            Refusal::Cells(errors) => {
                p.error role="alert" {
                    "次の" (errors.len()) "か所を直してから、もう一度アップロードしてください（何も保存していません）。"
                }
                ul #cell-errors {
                    @for e in errors { li { (e.to_string()) } }
                }
            }
            Refusal::Unreadable(m) | Refusal::OtherDraft(m) => {
                p.error role="alert" { (m) "（何も保存していません）" }
            }
        }
        p { a href=(back) { (dept.name) "の部局運営方針へ戻る" } }
    };
    keep_body((status, layout(title, su, &page_crumbs(rev, dept, title), body)).into_response())
}
