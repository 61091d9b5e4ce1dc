//! A year of an organization as the public pages show it: the departments of that year —
//! those with initiatives or a stance in it, not every department the organization ever had —
//! each under the name it had that year (the rename history).

use crate::error::Result;
use hoshin_domain::*;
use std::collections::{HashMap, HashSet};

/// A top-level department (部) as of one year.
#[derive(Debug, Clone, PartialEq)]
pub struct YearDepartment {
    pub department: Department,
    /// The name it had in that year.
    pub name: String,
    /// Initiatives of the year, its sections' included.
    pub initiatives: i64,
    /// It (or one of its sections) wrote a stance for the year.
    pub has_stance: bool,
}

/// The name a department had in `year`: the latest name valid from that year or before.
pub fn name_in_year(current: &str, history: &[DepartmentName], year: FiscalYear) -> String {
    history
        .iter()
        .filter(|n| n.valid_from.is_none_or(|from| from <= year))
        .max_by_key(|n| n.valid_from)
        .map_or_else(|| current.to_string(), |n| n.name.clone())
}

/// The organization's departments of `year`, in department order, with the initiatives not
/// assigned to any department.
pub async fn year_departments(
    r: &(impl crate::ReadDb + ?Sized),
    org: OrgId,
    year: FiscalYear,
) -> Result<(Vec<YearDepartment>, i64)> {
    let r = crate::db::read(r);
    // Read at once: on PostgreSQL they leave together (`store/src/pgread.rs`). Every rename
    // history in one read (it was one read per department).
    let (departments, counts, with_stance, all_names) = tokio::try_join!(
        r.list_departments(org),
        r.initiative_counts_by_department(org, year),
        r.year_policy_departments(org, year),
        r.org_department_names(org),
    )?;
    let counts: HashMap<Option<DepartmentId>, i64> = counts.into_iter().collect();
    let stances: HashSet<DepartmentId> = with_stance.into_iter().collect();
    let mut names: HashMap<DepartmentId, Vec<DepartmentName>> = HashMap::new();
    for n in all_names {
        names.entry(n.department_id).or_default().push(n);
    }
    let top_of = |d: &Department| d.parent_id.unwrap_or(d.id);
    let mut out = Vec::new();
    for top in departments.iter().filter(|d| d.parent_id.is_none()) {
        let family: Vec<&Department> = departments.iter().filter(|d| top_of(d) == top.id).collect();
        let initiatives: i64 = family.iter().map(|d| counts.get(&Some(d.id)).copied().unwrap_or(0)).sum();
        let has_stance = family.iter().any(|d| stances.contains(&d.id));
        if initiatives == 0 && !has_stance {
            continue;
        }
        let history = names.get(&top.id).map(Vec::as_slice).unwrap_or(&[]);
        out.push(YearDepartment {
            name: name_in_year(&top.name, history, year),
            department: top.clone(),
            initiatives,
            has_stance,
        });
    }
    Ok((out, counts.get(&None).copied().unwrap_or(0)))
}

/// The fiscal years in which an organization has published initiatives (those the public
/// pages list, and the years an open-data bundle exists for).
pub async fn published_years(r: &(impl crate::ReadDb + ?Sized), org: OrgId) -> Result<Vec<FiscalYear>> {
    let r = crate::db::read(r);
    Ok(r.org_years(&[org]).await?.into_iter().map(|(_, y)| y).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_history() {
        let fy = |y| FiscalYear::new(y).unwrap();
        let h = |name: &str, from: Option<i64>| DepartmentName {
            department_id: DepartmentId(1),
            name: name.into(),
            valid_from: from.map(fy),
        };
        let history = [h("総務部・選挙管理委員会事務局", None), h("総務部(選挙管理委員会事務局)", Some(2023))];
        assert_eq!(name_in_year("x", &history, fy(2021)), "総務部・選挙管理委員会事務局");
        assert_eq!(name_in_year("x", &history, fy(2024)), "総務部(選挙管理委員会事務局)");
        assert_eq!(name_in_year("今の名前", &[], fy(2024)), "今の名前");
    }
}
