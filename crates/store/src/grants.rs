//! PostgreSQL privileges for an application role that is not the tables' owner: everything
//! `hoshin serve` does, nothing that rewrites the audit log or the migrations. Statements
//! are composed by the server (`format('%I')` quotes the role), never by string pasting.

use crate::error::Result;
use sqlx::AnyPool;

/// Templates, `%I` standing for the role (the schema and database come from the server).
const TEMPLATES: &[&str] = &[
    "SELECT format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), $1::text)",
    "SELECT format('GRANT USAGE ON SCHEMA %I TO %I', current_schema(), $1::text)",
    "SELECT format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO %I', current_schema(), $1::text)",
    "SELECT format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO %I', current_schema(), $1::text)",
    "SELECT format('REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_log FROM %I', $1::text)",
    "SELECT format('REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON _sqlx_migrations FROM %I', $1::text)",
];

pub(crate) async fn grant_app_role(pool: &AnyPool, role: &str) -> Result<()> {
    let mut tx = pool.begin().await?;
    for template in TEMPLATES {
        let statement: String = sqlx::query_scalar(template).bind(role).fetch_one(&mut *tx).await?;
        sqlx::query(&statement).execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(())
}
