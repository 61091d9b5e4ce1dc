//! Every URL the pages link to, in one place, so links and routes cannot drift apart.
//! Years appear as 西暦 numbers in paths (`/orgs/1/years/2024`); 和暦 is accepted too.

use hoshin_domain::*;

pub fn home() -> String {
    "/".to_string()
}

pub fn home_page(page: u32) -> String {
    format!("/?page={page}")
}

pub fn org(o: OrgId) -> String {
    format!("/orgs/{}", o.0)
}

pub fn org_year(o: OrgId, y: FiscalYear) -> String {
    format!("/orgs/{}/years/{}", o.0, y.year())
}

pub fn booklet(o: OrgId, y: FiscalYear) -> String {
    format!("{}/booklet", org_year(o, y))
}

pub fn city_compare(o: OrgId, y: FiscalYear) -> String {
    format!("{}/compare", org_year(o, y))
}

pub fn indicators(o: OrgId, y: FiscalYear) -> String {
    format!("{}/indicators", org_year(o, y))
}

pub fn department(o: OrgId, y: FiscalYear, d: DepartmentId) -> String {
    format!("{}/departments/{}", org_year(o, y), d.0)
}

pub fn review(o: OrgId, y: FiscalYear, d: DepartmentId) -> String {
    format!("{}/review", department(o, y, d))
}

pub fn dept_compare(o: OrgId, y: FiscalYear, d: DepartmentId) -> String {
    format!("{}/compare", department(o, y, d))
}

/// The CSV of a department's initiatives (`?encoding=sjis` for Shift_JIS).
pub fn department_csv(o: OrgId, y: FiscalYear, d: DepartmentId) -> String {
    format!("{}/initiatives.csv", department(o, y, d))
}

/// The CSV of the year's departments.
pub fn departments_csv(o: OrgId, y: FiscalYear) -> String {
    format!("{}/departments.csv", org_year(o, y))
}

/// The CSV of the indicators with the year's actuals.
pub fn indicators_csv(o: OrgId, y: FiscalYear) -> String {
    format!("{}/indicators.csv", org_year(o, y))
}

/// The xlsx of a department's 部局運営方針 of a year.
pub fn department_xlsx(o: OrgId, y: FiscalYear, d: DepartmentId) -> String {
    format!("{}/policy.xlsx", department(o, y, d))
}

/// The organization-year workbook (a sheet per department and the indicators).
pub fn year_xlsx(o: OrgId, y: FiscalYear) -> String {
    format!("{}/workbook.xlsx", org_year(o, y))
}

/// The xlsx of the indicators with actuals by year.
pub fn indicators_xlsx(o: OrgId, y: FiscalYear) -> String {
    format!("{}/indicators.xlsx", org_year(o, y))
}

/// The open-data bundle (zip) of an organization's year.
pub fn opendata_zip(o: OrgId, y: FiscalYear) -> String {
    format!("{}/opendata.zip", org_year(o, y))
}

/// The catalogue of open-data bundles.
pub fn opendata() -> String {
    "/opendata".to_string()
}

pub fn opendata_page(page: u32) -> String {
    format!("/opendata?page={page}")
}

pub fn plan(p: PlanId) -> String {
    format!("/plans/{}", p.0)
}

pub fn node(n: NodeId) -> String {
    format!("/nodes/{}", n.0)
}

pub fn initiative(i: InitiativeId) -> String {
    format!("/initiatives/{}", i.0)
}

/// The 事務事業評価シート of one initiative, for printing.
/// The similar initiatives of other organizations, waited for.
pub fn initiative_similar(i: InitiativeId) -> String {
    format!("/initiatives/{}/similar", i.0)
}

pub fn initiative_sheet(i: InitiativeId) -> String {
    format!("/initiatives/{}/sheet", i.0)
}

/// The 事務事業評価シート of one initiative as xlsx.
pub fn initiative_sheet_xlsx(i: InitiativeId) -> String {
    format!("{}.xlsx", initiative_sheet(i))
}

/// The year's 事務事業評価シート, of one department (with its sections) or of all.
pub fn sheets(o: OrgId, y: FiscalYear, d: Option<DepartmentId>) -> String {
    match d {
        Some(d) => format!("{}/sheets?dept={}", org_year(o, y), d.0),
        None => format!("{}/sheets", org_year(o, y)),
    }
}

pub fn indicator(i: IndicatorId) -> String {
    format!("/indicators/{}", i.0)
}

/// The CSV of one indicator's values (baseline, actuals, target).
pub fn indicator_csv(i: IndicatorId) -> String {
    format!("{}/values.csv", indicator(i))
}

pub fn search(q: &str, page: u32) -> String {
    if page <= 1 {
        format!("/search?q={}", encode(q))
    } else {
        format!("/search?q={}&page={page}", encode(q))
    }
}

/// Percent-encodes a query value (UTF-8 bytes; unreserved ASCII kept).
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_stable() {
        let y = FiscalYear::new(2024).unwrap();
        assert_eq!(department(OrgId(3), y, DepartmentId(7)), "/orgs/3/years/2024/departments/7");
        assert_eq!(search("DX 推進&x", 2), "/search?q=DX%20%E6%8E%A8%E9%80%B2%26x&page=2");
    }
}
