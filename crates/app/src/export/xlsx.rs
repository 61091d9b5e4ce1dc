//! The xlsx downloads of the public pages (「Excelで開く」), one function per download, each
//! reading from the app's store what its page shows (published only, through
//! [`crate::public`]); the builders themselves take any [`hoshin_store::Read`]
//! ([`super::workbook`], [`super::sheet`]).

use super::NamedFile;
use crate::error::Result;
use crate::App;
use hoshin_domain::*;

/// A department's (and its 課') 部局運営方針 of a year.
pub async fn department(app: &App, org: OrgId, year: FiscalYear, dept: DepartmentId) -> Result<NamedFile> {
    super::workbook::department_file(app.store.as_ref(), org, year, dept).await
}

/// The organization-year workbook (every department, then the indicators); not found for a
/// year without published initiatives.
pub async fn year(app: &App, org: OrgId, year: FiscalYear) -> Result<NamedFile> {
    super::workbook::year_file(app.store.as_ref(), org, year).await
}

/// The organization's indicators with the actuals of each year up to `year`.
pub async fn indicators(app: &App, org: OrgId, year: FiscalYear) -> Result<NamedFile> {
    super::workbook::indicators_file(app.store.as_ref(), org, year).await
}

/// One published initiative's 事務事業評価シート.
pub async fn initiative_sheet(app: &App, id: InitiativeId) -> Result<NamedFile> {
    super::sheet::initiative_workbook(app.store.as_ref(), id).await
}
