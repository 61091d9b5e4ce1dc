//! `/manage/budget`: the import of the 財務会計 system's CSV (issue 15), planning and admin
//! only. The upload (multipart; the CSRF token is the first field, the file at most
//! [`budget::MAX_BYTES`]) is answered with the preview — which initiatives get which costs,
//! which codes match nothing, every error by line — and nothing is stored; the confirm carries
//! the same file (base64) and `hoshin_app::budget::apply` reads it again and stores it in one
//! transaction (303 back here with the counts). A file with errors is never applied.

use super::{actor, column_heads, crumbs, csrf_field, layout, see_other};
use crate::error::{keep_body, WebError};
use crate::html::Crumb;
use crate::manage::imports::upload::mib;
use crate::pages::PageResult;
use crate::session::{MultipartCsrf, Staff};
use crate::urls;
use axum::extract::multipart::{Multipart, MultipartError};
use axum::extract::{Extension, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Form;
use base64::Engine;
use hoshin_app::accounts::SessionUser;
use hoshin_app::budget::{self, BudgetPreview, LineChange};
use hoshin_app::App;
use hoshin_domain::*;
use maud::{html, Markup};
use serde::Deserialize;

const HERE: &str = "/manage/budget";
const TITLE: &str = "予算・決算の取り込み（財務会計CSV）";

#[derive(Debug, Deserialize, Default)]
pub struct Applied {
    pub inserted: Option<usize>,
    pub updated: Option<usize>,
    pub unchanged: Option<usize>,
}

fn upload_form(su: &SessionUser) -> Markup {
    html! {
        form method="post" action=(HERE) enctype="multipart/form-data" {
            (csrf_field(su))
            p {
                label for="budget-file" { "財務会計システムから出力したCSV（UTF-8 または Shift_JIS、" (mib(budget::MAX_BYTES)) "まで）" }
                input #budget-file type="file" name="file" accept=".csv,text/csv" required;
            }
            button type="submit" { "読み取って確認する" }
        }
    }
}

/// `GET /manage/budget`: the upload form, and what the last apply did.
pub async fn show(Staff(su): Staff, Query(q): Query<Applied>) -> PageResult {
    budget::may_import(&actor(&su), su.user.org_id)?;
    let body = html! {
        h1 { (TITLE) }
        @if let (Some(i), Some(u), Some(n)) = (q.inserted, q.updated, q.unchanged) {
            p.notice role="status" { "取り込みました：新規" (i) "件、更新" (u) "件、変更なし" (n) "件。" }
        }
        p.lead {
            "財務会計システムの予算細事業ごと・年度ごとの予算額・決算額などを取り込みます。"
            "取組の「予算細事業コード」と同じコードの行が、その取組の事業費として公開ページと事務事業評価シートに表示されます"
            "（同じ年度の評価シートの事業費に代わります）。"
        }
        p {
            "見出し行の列名で読み取ります（列の順番は問いません）：細事業コード（細事業番号・予算細事業）、年度（2025 や 令和7年度）、"
            "予算額（当初予算額・予算現額）、決算額（支出済額）、一般財源、人件費、トータルコスト（総事業費）。"
            "金額は円で読みます。見出しに「（千円）」があるか、見出しより上の行に「単位：千円」があれば千円として読みます。"
        }
        (upload_form(&su))
    };
    Ok(layout(TITLE, &su, &crumbs(vec![Crumb::here(TITLE)]), body))
}

fn multipart_error(e: &MultipartError) -> WebError {
    crate::manage::imports::upload::multipart_error(e, || {
        format!("ファイルが大きすぎます。{}までのCSVにしてください。", mib(budget::MAX_BYTES))
    })
}

/// `POST /manage/budget` (multipart): the preview, or the file's errors (422).
pub async fn upload(
    State(app): State<App>,
    Staff(su): Staff,
    csrf: Option<Extension<MultipartCsrf>>,
    mut form: Multipart,
) -> Result<Response, WebError> {
    let Some(Extension(csrf)) = csrf else {
        return Err(WebError::BadRequest("ファイルを選んで送信してください".into()));
    };
    let first = form.next_field().await.map_err(|e| multipart_error(&e))?;
    let token = match first {
        Some(f) if f.name() == Some("_csrf") => Some(f.text().await.map_err(|e| multipart_error(&e))?),
        _ => None,
    };
    csrf.check(token.as_deref())?;
    budget::may_import(&actor(&su), su.user.org_id)?;
    let (mut name, mut bytes) = (String::new(), Vec::new());
    while let Some(mut field) = form.next_field().await.map_err(|e| multipart_error(&e))? {
        if field.name() != Some("file") {
            continue;
        }
        name = field.file_name().map(str::to_string).unwrap_or_default();
        while let Some(chunk) = field.chunk().await.map_err(|e| multipart_error(&e))? {
            if bytes.len() + chunk.len() > budget::MAX_BYTES {
                return Err(WebError::TooLarge(format!(
                    "ファイルが大きすぎます。{}までのCSVにしてください。（何も保存していません）",
                    mib(budget::MAX_BYTES)
                )));
            }
            bytes.extend_from_slice(&chunk);
        }
    }
    if bytes.is_empty() {
        return Err(WebError::App(hoshin_app::AppError::invalid("file", "CSVファイルを選んでください。")));
    }
    let p = budget::preview(&app, &actor(&su), su.user.org_id, &name, &bytes).await?;
    let status = if p.errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    Ok(keep_body((status, preview_page(&su, &p, &bytes)).into_response()))
}

/// `POST /manage/budget/apply`: the file of the preview, stored.
pub async fn apply(
    State(app): State<App>,
    Staff(su): Staff,
    Form(f): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let get = |k: &str| f.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str()).unwrap_or_default();
    budget::may_import(&actor(&su), su.user.org_id)?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(get("file").trim())
        .map_err(|_| WebError::BadRequest("取り込むCSVの内容がありません。もう一度アップロードしてください".into()))?;
    let done = budget::apply(&app, &actor(&su), su.user.org_id, get("name"), &bytes).await?;
    Ok(see_other(&format!("{HERE}?inserted={}&updated={}&unchanged={}", done.inserted, done.updated, done.unchanged)))
}

fn yen(v: Option<i64>) -> Markup {
    html! {
        @match v {
            Some(y) => { (format_thousand_yen(y)) },
            None => { span.muted { "—" } },
        }
    }
}

fn preview_page(su: &SessionUser, p: &BudgetPreview, bytes: &[u8]) -> Markup {
    let title = "財務会計CSVの内容の確認";
    let body = html! {
        h1 { (title) }
        p { "「" (p.file) "」" @if !p.encoding.is_empty() { "（" (p.encoding) "）" } "の内容です。まだ何も保存していません。" }
        @if !p.errors.is_empty() {
            p.error role="alert" { "次の" (p.errors.len()) "か所を直してから、もう一度アップロードしてください（何も保存していません）。" }
            ul #budget-errors { @for e in &p.errors { li { (e) } } }
        } @else {
            p role="status" {
                (p.lines.len()) "行：新規" (p.count(LineChange::New)) "件、更新" (p.count(LineChange::Changed))
                "件、変更なし" (p.count(LineChange::Unchanged)) "件。"
            }
        }
        @if !p.unmatched.is_empty() {
            section #unmatched {
                h2 { "どの取組にも結び付いていないコード" }
                p.muted { "取り込みはしますが、取組の「予算細事業コード」に同じコードを入力するまで表示されません。" }
                ul.tags { @for c in &p.unmatched { li { (c) } } }
            }
        }
        @if !p.lines.is_empty() {
            table #budget-lines {
                caption { "取り込む行（金額の単位：千円）" }
                (column_heads(&["行", "細事業コード", "年度", "予算額", "決算額", "一般財源", "人件費", "トータルコスト", "取組", "取り込み"]))
                tbody {
                    @for l in &p.lines {
                        tr {
                            td.num { (l.line) }
                            td { (l.figures.code) @if let Some(n) = &l.name { br; span.muted { (n) } } }
                            td { (l.figures.fiscal_year.label()) }
                            td.num { (yen(l.figures.budget)) }
                            td.num { (yen(l.figures.settlement)) }
                            td.num { (yen(l.figures.general_fund)) }
                            td.num { (yen(l.figures.personnel)) }
                            td.num { (yen(l.figures.total_cost)) }
                            td {
                                @if l.initiatives.is_empty() { span.muted { "なし" } }
                                @for (id, name) in &l.initiatives { a href=(urls::initiative(*id)) { (name) } br; }
                            }
                            td { (l.change.label()) }
                        }
                    }
                }
            }
        }
        @if p.errors.is_empty() && !p.lines.is_empty() {
            form method="post" action={ (HERE) "/apply" } {
                (csrf_field(su))
                input type="hidden" name="name" value=(p.file);
                input type="hidden" name="file" value=(base64::engine::general_purpose::STANDARD.encode(bytes));
                p { button type="submit" { "取り込む" } }
            }
        }
        h2 { "別のファイルを読み取る" }
        (upload_form(su))
        p { a href=(HERE) { "取り込まずに戻る" } }
    };
    layout(title, su, &crumbs(vec![Crumb::link(TITLE, HERE), Crumb::here(title)]), body)
}
