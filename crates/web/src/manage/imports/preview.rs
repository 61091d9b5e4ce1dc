//! `GET /manage/imports/{batch}`: the preview of an uploaded batch. For each document: what
//! it was read as, the organization, fiscal year and department mapping (pickers; 「確認し直す」
//! reloads the preview with the corrections), for a re-import the difference against what is
//! stored, every draft beside the source lines or cells it came from, the warnings and the
//! text that was not placed; then a button that commits it (and one for all).

use super::super::{actor, column_heads, crumbs, csrf_field, layout};
use super::choices::{self, Choices};
use super::{batch_url, messages};
use crate::error::WebError;
use crate::html::Crumb;
use crate::session::Staff;
use axum::extract::{Path, RawQuery, State};
use hoshin_app::accounts::SessionUser;
use hoshin_app::import::diff::Change;
use hoshin_app::import::preview::DocumentPreview;
use hoshin_app::import::uploads::{mapping_targets, preview_batch, BatchPreview};
use hoshin_app::import::{DepartmentChoice, DepartmentMatch, MatchHow};
use hoshin_app::{App, AppError};
use hoshin_domain::*;
use maud::{html, Markup};

/// The query string's pairs.
pub fn pairs(raw: Option<&str>) -> Vec<(String, String)> {
    raw.and_then(|q| serde_urlencoded::from_str::<Vec<(String, String)>>(q).ok()).unwrap_or_default()
}

/// `GET /manage/imports/{batch}`.
pub async fn show(
    State(app): State<App>,
    Staff(su): Staff,
    Path(batch): Path<String>,
    RawQuery(q): RawQuery,
) -> Result<Markup, WebError> {
    let c = choices::parse(&pairs(q.as_deref()));
    render(&app, &su, &batch, &c, None).await
}

/// The preview page (also answered by a refused commit, with its message).
pub async fn render(
    app: &App,
    su: &SessionUser,
    batch: &str,
    c: &Choices,
    notice: Option<&str>,
) -> Result<Markup, WebError> {
    let who = actor(su);
    let docs = preview_batch(&app, &who, batch, &c.docs, &app.imports.labels).await?;
    let departments = mapping_targets(&app, &who).await?;
    let title = "取り込み内容の確認";
    let ready: Vec<(i64, &DocumentPreview)> =
        docs.iter().filter_map(|d| d.preview.as_ref().ok().map(|p| (d.upload.id, p))).collect();
    let body = html! {
        h1 { (title) }
        p { "まだ何も保存していません。内容を確認し、必要なら年度と部局の対応を直してから「取り込む」を押してください。" }
        @if let Some(n) = notice { p.error role="alert" { (n) } }
        @for d in &docs { (document(su, batch, c, d, &departments)) }
        @if ready.len() > 1 {
            form method="post" action={ (batch_url(batch)) "/commit" } {
                (csrf_field(su))
                (choices::hidden(c, None))
                @for (id, p) in &ready { input type="hidden" name={ "fp." (id) } value=(p.fingerprint); }
                input type="hidden" name="doc" value="all";
                button type="submit" { "確認できた" (ready.len()) "件をすべて取り込む" }
            }
        }
        form method="post" action={ (batch_url(batch)) "/discard" } {
            (csrf_field(su))
            button type="submit" { "取り込まずに破棄する" }
        }
        p { a href="/manage/imports" { "別のファイルを選ぶ" } }
    };
    Ok(layout(title, su, &crumbs(vec![Crumb::link("文書の取り込み", "/manage/imports"), Crumb::here(title)]), body))
}

fn document(su: &SessionUser, batch: &str, c: &Choices, d: &BatchPreview, departments: &[Department]) -> Markup {
    let id = d.upload.id;
    let heading = format!("doc-{id}");
    html! {
        section.import-doc aria-labelledby=(heading) {
            h2 #(heading) { (d.upload.file_name) }
            @match &d.preview {
                Err(e) => p.error role="alert" { (error_text(e)) },
                Ok(p) => {
                    (summary(p))
                    (corrections(batch, c, id, p, departments))
                    @if p.reimport || !p.diff.is_empty() { (difference(p)) }
                    (drafts(p))
                    (notes("読み取りの注意", &p.warnings))
                    (notes("どこにも入らなかったテキスト", &p.unplaced))
                    @if !p.report.warnings.is_empty() {
                        details {
                            summary { "取り込み時の注意（" (p.report.warnings.len()) "件）" }
                            ul { @for w in &p.report.warnings { li { (w) } } }
                        }
                    }
                    form method="post" action={ (batch_url(batch)) "/commit" } {
                        (csrf_field(su))
                        (choices::hidden(c, None))
                        input type="hidden" name={ "fp." (id) } value=(p.fingerprint);
                        input type="hidden" name="doc" value=(id);
                        button type="submit" { "「" (d.upload.file_name) "」を取り込む" }
                    }
                }
            }
        }
    }
}

fn error_text(e: &AppError) -> String {
    match e {
        AppError::Extract(x) => messages::reading_error(x),
        AppError::Import(m) => format!("取り込めません：{m}"),
        AppError::Invalid { message, .. } => message.clone(),
        other => format!("確認できませんでした：{other}"),
    }
}

fn summary(p: &DocumentPreview) -> Markup {
    let ex = &p.extraction;
    html! {
        dl.meta {
            dt { "文書の種類" } dd { (ex.genre.label()) }
            @if let Some(t) = &ex.title { dt { "表題" } dd { (t) } }
            dt { "ファイル" }
            dd {
                @if let Some(k) = ex.input { (format!("{k:?}").to_uppercase()) }
                @if let Some(e) = &ex.encoding { "（" (e) "）" }
            }
            dt { "取り込み先" }
            dd {
                (p.organization)
                @if let Some(o) = p.document_organization.as_ref().filter(|o| **o != p.organization) {
                    " " span.warning { "（文書の表記は「" (o) "」です。ログイン中の自治体に取り込みます）" }
                }
            }
            dt { "年度" } dd { @match p.fiscal_year { Some(y) => (y.label()), None => span.muted { "なし" } } }
            @if let Some((s, e)) = p.period { dt { "計画期間" } dd { (s.label()) "～" (e.label()) } }
            dt { "件数" }
            dd {
                "取組・事業 " (p.report.counts.initiatives) "件、指標 " (p.report.counts.indicators) "件、施策 "
                (p.report.counts.measures) "件、事業費 " (p.report.counts.costs) "件"
            }
        }
    }
}

fn how_label(m: &DepartmentMatch) -> String {
    match &m.how {
        Some(MatchHow::Name) => "同じ名前".into(),
        Some(MatchHow::FormerName(n)) => format!("旧称「{n}」"),
        Some(MatchHow::Similar) => "似た名前（改称とみなします）".into(),
        Some(MatchHow::Chosen) => "選択".into(),
        None => "新しい部局".into(),
    }
}

fn corrections(batch: &str, c: &Choices, id: i64, p: &DocumentPreview, departments: &[Department]) -> Markup {
    let year_field = format!("year-{id}");
    let year_text = c.year_text.get(&id).cloned().unwrap_or_default();
    let year_error = c.year_errors.get(&id);
    html! {
        form.corrections method="get" action=(batch_url(batch)) {
            (choices::hidden(c, Some(id)))
            h3 { "年度と部局の対応" }
            p {
                label for=(year_field) { "年度（空欄なら文書のとおり）" }
                input id=(year_field) type="text" name={ "y." (id) } value=(year_text) placeholder="令和6年度 または 2024"
                    aria-invalid=[year_error.map(|_| "true")];
                @if let Some(e) = year_error { span.error role="alert" { (e) } }
            }
            @if !p.departments.is_empty() {
                table {
                    caption { "文書の部局名と、登録済みの部局" }
                    (column_heads(&["文書の部局名", "取り込み先", "判定"]))
                    tbody {
                        @for (i, m) in p.departments.iter().enumerate() {
                            @let field = format!("dept-{id}-{i}");
                            tr {
                                th scope="row" { label for=(field) { (m.written) } }
                                td {
                                    select id=(field) name={ "dept." (id) "." (m.written) } {
                                        option value="new" selected[m.choice == DepartmentChoice::New] { "新しい部局として登録" }
                                        @for d in departments {
                                            option value=(d.id.0) selected[m.choice == DepartmentChoice::Existing(d.id)] {
                                                (d.name) @if d.parent_id.is_some() { "（課）" }
                                            }
                                        }
                                    }
                                }
                                td { (how_label(m)) }
                            }
                        }
                    }
                }
            }
            button type="submit" { "この対応で確認し直す" }
        }
    }
}

fn changes(caption: &str, list: &[Change]) -> Markup {
    html! {
        @if !list.is_empty() {
            table.diff {
                caption { (caption) }
                (column_heads(&["区分", "対象", "変更前", "変更後"]))
                tbody {
                    @for ch in list {
                        @if ch.fields.is_empty() {
                            tr { td { (ch.kind.label()) } th scope="row" { (ch.subject) } td {} td {} }
                        }
                        @for (field, before, after) in &ch.fields {
                            tr {
                                td { (ch.kind.label()) }
                                th scope="row" { (ch.subject) " " span.muted { (field) } }
                                td { del { (before) } }
                                td { ins { (after) } }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn difference(p: &DocumentPreview) -> Markup {
    let (a, c, r) = p.diff.totals();
    html! {
        h3 { "保存済みの内容との違い" }
        @if p.diff.is_empty() {
            p { "保存済みの内容と同じです。取り込んでも何も変わりません。" }
        } @else {
            p { "追加 " (a) "件、変更 " (c) "件、削除 " (r) "件" }
            (changes("取組・事業", &p.diff.initiatives))
            (changes("指標", &p.diff.indicators))
            (changes("事業費", &p.diff.costs))
        }
    }
}

fn drafts(p: &DocumentPreview) -> Markup {
    html! {
        h3 { "保存される内容と元の文書" }
        @if p.drafts.is_empty() { p.muted { "保存される取組・指標・施策はありません。" } }
        @else {
            table.drafts {
                caption { "読み取った内容（" (p.drafts.len()) "件）" }
                (column_heads(&["種類", "名称と内容", "元の文書"]))
                tbody {
                    @for d in &p.drafts {
                        tr {
                            td { (d.kind) }
                            th scope="row" {
                                (d.name)
                                @if !d.details.is_empty() {
                                    dl.compact { @for (k, v) in &d.details { dt { (k) } dd { (v) } } }
                                }
                            }
                            td {
                                @if d.source.is_empty() { span.muted { "—" } }
                                ol.source { @for s in &d.source { li { span.origin { (s.origin) } " " (s.text) } } }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn notes(title: &str, list: &[hoshin_app::import::preview::Note]) -> Markup {
    html! {
        @if !list.is_empty() {
            details {
                summary { (title) "（" (list.len()) "件）" }
                ul { @for n in list { li { span.origin { (n.origin) } " " (n.message) } } }
            }
        }
    }
}
