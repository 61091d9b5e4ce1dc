//! The downloads of the public table pages and the open-data bundle:
//!
//! - `/orgs/{org}/years/{year}/departments/{dept}/initiatives.csv` — the department page's
//!   initiatives, with the year's review,
//! - `/orgs/{org}/years/{year}/departments.csv` — the year page's table of departments,
//! - `/orgs/{org}/years/{year}/indicators.csv` — the indicator list (all pages) with the
//!   year's actual and status,
//! - `/indicators/{id}/values.csv` — one indicator's table (baseline, actuals, target),
//! - `/orgs/{org}/years/{year}/opendata.zip` — the open-data bundle (CSV files and
//!   `datapackage.json`); 404 for a year without published initiatives;
//!
//! and the xlsx downloads (「Excelで開く」, `hoshin_app::export::xlsx`):
//!
//! - `/orgs/{org}/years/{year}/departments/{dept}/policy.xlsx` — the department's 部局運営方針,
//! - `/orgs/{org}/years/{year}/workbook.xlsx` — the organization-year workbook (a sheet per
//!   department and the indicators); 404 for a year without published initiatives,
//! - `/orgs/{org}/years/{year}/indicators.xlsx` — the indicators with actuals by year,
//! - `/initiatives/{id}/sheet.xlsx` — the initiative's 事務事業評価シート (a draft: 404).
//!
//! CSV is UTF-8 with a BOM; `?encoding=sjis` gives Shift_JIS (see `hoshin_exchange::csv` for
//! the replacement and formula rules). Each reads what its page reads (`hoshin_app::export`,
//! through `hoshin_app::public`). Anonymous GETs, so the page cache keeps them like pages.

use super::parse_year;
use crate::download::{attachment, csv_type};
use crate::error::WebError;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use hoshin_app::export::exchange::csv::{self, Charset, Header};
use hoshin_app::export::{opendata, tables, xlsx, Named, NamedFile, XLSX_TYPE};
use hoshin_app::App;
use hoshin_domain::*;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct CsvParams {
    encoding: Option<String>,
}

fn charset(p: &CsvParams) -> Result<Charset, WebError> {
    let e = p.encoding.as_deref().unwrap_or("");
    Charset::parse(e)
        .ok_or_else(|| WebError::BadRequest(format!("文字コードは utf-8 または sjis を指定してください（指定：{e}）")))
}

fn csv_answer(named: &Named, charset: Charset) -> Result<Response, WebError> {
    let bytes = csv::write(&named.table, Header::Titles, charset).map_err(hoshin_app::AppError::from)?;
    let (file, ascii) = match charset {
        Charset::Utf8Bom => (named.file_name.clone(), named.ascii_name.clone()),
        Charset::ShiftJis => (with_suffix(&named.file_name, "_sjis"), with_suffix(&named.ascii_name, "_sjis")),
    };
    Ok(attachment(bytes, &csv_type(charset), &file, &ascii))
}

/// `a.csv` → `a_sjis.csv`.
fn with_suffix(name: &str, suffix: &str) -> String {
    match name.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}{suffix}.{ext}"),
        None => format!("{name}{suffix}"),
    }
}

pub async fn department(
    State(app): State<App>,
    Path((org, year, dept)): Path<(i64, String, i64)>,
    Query(p): Query<CsvParams>,
) -> Result<Response, WebError> {
    let year = parse_year(&year)?;
    let charset = charset(&p)?;
    let named = tables::department_initiatives(&app, OrgId(org), year, DepartmentId(dept)).await?;
    csv_answer(&named, charset)
}

pub async fn departments(
    State(app): State<App>,
    Path((org, year)): Path<(i64, String)>,
    Query(p): Query<CsvParams>,
) -> Result<Response, WebError> {
    let year = parse_year(&year)?;
    let charset = charset(&p)?;
    let named = tables::year_departments(&app, OrgId(org), year).await?;
    csv_answer(&named, charset)
}

pub async fn indicators(
    State(app): State<App>,
    Path((org, year)): Path<(i64, String)>,
    Query(p): Query<CsvParams>,
) -> Result<Response, WebError> {
    let year = parse_year(&year)?;
    let charset = charset(&p)?;
    let named = tables::year_indicators(&app, OrgId(org), year).await?;
    csv_answer(&named, charset)
}

pub async fn indicator_values(
    State(app): State<App>,
    Path(id): Path<i64>,
    Query(p): Query<CsvParams>,
) -> Result<Response, WebError> {
    let charset = charset(&p)?;
    let named = tables::indicator_values(&app, IndicatorId(id)).await?;
    csv_answer(&named, charset)
}

pub async fn bundle(State(app): State<App>, Path((org, year)): Path<(i64, String)>) -> Result<Response, WebError> {
    let year = parse_year(&year)?;
    let o = super::organization(&app, org).await?;
    if !hoshin_app::years::published_years(&app, o.id).await?.contains(&year) {
        return Err(WebError::NotFound);
    }
    let bytes = opendata::bundle(&app, o.id, year).await?;
    Ok(attachment(bytes, "application/zip", &opendata::japanese_file_name(&o, year), &opendata::file_name(&o, year)))
}

fn xlsx_answer(f: NamedFile) -> Response {
    attachment(f.bytes, XLSX_TYPE, &f.file_name, &f.ascii_name)
}

pub async fn department_xlsx(
    State(app): State<App>,
    Path((org, year, dept)): Path<(i64, String, i64)>,
) -> Result<Response, WebError> {
    let year = parse_year(&year)?;
    Ok(xlsx_answer(xlsx::department(&app, OrgId(org), year, DepartmentId(dept)).await?))
}

pub async fn year_xlsx(State(app): State<App>, Path((org, year)): Path<(i64, String)>) -> Result<Response, WebError> {
    let year = parse_year(&year)?;
    Ok(xlsx_answer(xlsx::year(&app, OrgId(org), year).await?))
}

pub async fn indicators_xlsx(
    State(app): State<App>,
    Path((org, year)): Path<(i64, String)>,
) -> Result<Response, WebError> {
    let year = parse_year(&year)?;
    Ok(xlsx_answer(xlsx::indicators(&app, OrgId(org), year).await?))
}

pub async fn initiative_sheet_xlsx(State(app): State<App>, Path(id): Path<i64>) -> Result<Response, WebError> {
    Ok(xlsx_answer(xlsx::initiative_sheet(&app, InitiativeId(id)).await?))
}
