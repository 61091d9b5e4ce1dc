//! Reads of department policies.

use crate::conv::fy_col;
use crate::error::Result;
use crate::exec::{query, Db};
use crate::rows::{self, policy_cols};
use hoshin_domain::*;

pub(crate) async fn get_department_policy(
    c: &mut Db<'_>,
    dept: DepartmentId,
    year: FiscalYear,
) -> Result<Option<DepartmentPolicy>> {
    query(concat!("SELECT ", policy_cols!(), " FROM department_policies WHERE department_id = $1 AND fiscal_year = $2"))
        .bind(dept.0)
        .bind(fy_col(Some(year)))
        .fetch_optional(&mut *c)
        .await?
        .as_ref()
        .map(rows::policy)
        .transpose()
}

pub(crate) async fn department_policies(c: &mut Db<'_>, dept: DepartmentId) -> Result<Vec<DepartmentPolicy>> {
    query(concat!("SELECT ", policy_cols!(), " FROM department_policies WHERE department_id = $1 ORDER BY fiscal_year"))
        .bind(dept.0)
        .fetch_all(&mut *c)
        .await?
        .iter()
        .map(rows::policy)
        .collect()
}
