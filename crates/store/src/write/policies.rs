//! Writes of department policies.

use super::common::{finish_delete, finish_update, version_sql};
use crate::conv::{fy_col, now_ms};
use crate::error::Result;
use crate::records::*;
use hoshin_domain::*;
use sqlx::AnyConnection;

pub(crate) async fn insert_department_policy(
    c: &mut AnyConnection,
    new: &NewDepartmentPolicy,
) -> Result<DepartmentPolicyId> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO department_policies (department_id, fiscal_year, stance, notes, created_at, updated_at, version) \
         VALUES ($1, $2, $3, $4, $5, $5, 1) RETURNING id",
    )
    .bind(new.department_id.0)
    .bind(fy_col(Some(new.fiscal_year)))
    .bind(&new.stance)
    .bind(&new.notes)
    .bind(now_ms())
    .fetch_one(&mut *c)
    .await?;
    Ok(DepartmentPolicyId(id))
}

pub(crate) async fn update_department_policy(c: &mut AnyConnection, p: &DepartmentPolicy) -> Result<i64> {
    let r = sqlx::query(
        "UPDATE department_policies SET fiscal_year = $1, stance = $2, notes = $3, updated_at = $4, \
         version = version + 1 WHERE id = $5 AND version = $6",
    )
    .bind(fy_col(Some(p.fiscal_year)))
    .bind(&p.stance)
    .bind(&p.notes)
    .bind(now_ms())
    .bind(p.id.0)
    .bind(p.meta.version)
    .execute(&mut *c)
    .await?;
    finish_update(
        c,
        "department_policies",
        version_sql!("department_policies"),
        p.id.0,
        p.meta.version,
        r.rows_affected(),
    )
    .await
}

pub(crate) async fn delete_department_policy(
    c: &mut AnyConnection,
    id: DepartmentPolicyId,
    version: i64,
) -> Result<()> {
    let r = sqlx::query("DELETE FROM department_policies WHERE id = $1 AND version = $2")
        .bind(id.0)
        .bind(version)
        .execute(&mut *c)
        .await?;
    finish_delete(c, "department_policies", version_sql!("department_policies"), id.0, version, r.rows_affected()).await
}
