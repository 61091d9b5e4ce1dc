//! Turns a database's constraint violation into [`StoreError::Constraint`] with the same
//! constraint name on both backends. PostgreSQL reports the unique index's name; SQLite
//! reports `UNIQUE constraint failed: table.col, table.col`, which is looked up here.

use crate::error::{ConstraintKind, StoreError};
use sqlx::error::{DatabaseError, ErrorKind};

/// Unique indexes: (name, table, columns, field a form should mark).
const UNIQUE: &[(&str, &str, &[&str], &str)] = &[
    ("reporting_periods_key", "reporting_periods", &["org_id", "period_key"], "period_key"),
    ("interim_actuals_one", "interim_actuals", &["indicator_id", "fiscal_year", "period_key"], "period_key"),
    ("interim_reviews_one", "interim_reviews", &["initiative_id", "fiscal_year", "period_key"], "period_key"),
    ("organizations_code", "organizations", &["code"], "code"),
    ("priority_themes_org_year_name", "priority_themes", &["org_id", "fiscal_year", "name"], "name"),
    ("department_policies_department_year", "department_policies", &["department_id", "fiscal_year"], "fiscal_year"),
    ("indicator_actuals_indicator_year", "indicator_actuals", &["indicator_id", "fiscal_year"], "fiscal_year"),
    ("goal_reviews_initiative_year", "goal_reviews", &["initiative_id", "fiscal_year"], "fiscal_year"),
    ("documents_org_hash", "documents", &["org_id", "content_hash"], "content_hash"),
    ("judgement_scales_org_name", "judgement_scales", &["org_id", "name"], "name"),
    ("initiative_nodes_pkey", "initiative_nodes", &["initiative_id", "node_id"], "node_ids"),
    ("related_plan_nodes_pkey", "related_plan_nodes", &["related_plan_id", "node_id"], "node_ids"),
    ("users_login", "users", &["login"], "login"),
    ("user_departments_pkey", "user_departments", &["user_id", "department_id"], "departments"),
    ("sessions_token", "sessions", &["token_hash"], "token"),
    ("api_tokens_hash", "api_tokens", &["token_hash"], "token"),
    ("fiscal_cycles_org_year", "fiscal_cycles", &["org_id", "fiscal_year"], "fiscal_year"),
    ("policy_revisions_number", "policy_revisions", &["department_id", "fiscal_year", "number"], "number"),
    ("policy_revisions_open", "policy_revisions", &["department_id", "fiscal_year"], "fiscal_year"),
    ("review_stages_name", "review_stages", &["org_id", "name"], "stages"),
    ("stage_evaluations_one", "stage_evaluations", &["initiative_id", "fiscal_year", "stage_id"], "stage"),
    ("review_locks_year", "review_locks", &["org_id", "fiscal_year"], "fiscal_year"),
];

/// The field of a named unique index.
fn unique_field(name: &str) -> Option<String> {
    UNIQUE.iter().find(|u| u.0 == name).map(|u| u.3.to_string())
}

/// PostgreSQL's default foreign-key name `<table>_<column>_fkey` → the column.
fn fk_field(name: &str, table: Option<&str>) -> Option<String> {
    let rest = name.strip_prefix(table?)?.strip_prefix('_')?;
    rest.strip_suffix("_fkey").map(str::to_string)
}

/// `"UNIQUE constraint failed: t.a, t.b"` → the index with that table and those columns.
fn sqlite_unique(message: &str) -> Option<&'static str> {
    let list = message.split_once("constraint failed: ")?.1;
    let mut table = None;
    let mut cols = Vec::new();
    for item in list.split(", ") {
        let (t, c) = item.trim().split_once('.')?;
        table = Some(t);
        cols.push(c);
    }
    let table = table?;
    UNIQUE.iter().find(|u| u.1 == table && u.2 == cols.as_slice()).map(|u| u.0)
}

/// `"NOT NULL constraint failed: t.col"` → (t.col, col).
fn sqlite_column(message: &str) -> Option<(String, String)> {
    let item = message.split_once("constraint failed: ")?.1.trim();
    let col = item.split_once('.').map(|(_, c)| c).unwrap_or(item);
    Some((item.to_string(), col.to_string()))
}

pub(crate) fn classify(db: &dyn DatabaseError) -> Option<StoreError> {
    let kind = match db.kind() {
        ErrorKind::UniqueViolation => ConstraintKind::Unique,
        ErrorKind::ForeignKeyViolation => ConstraintKind::ForeignKey,
        ErrorKind::NotNullViolation => ConstraintKind::NotNull,
        ErrorKind::CheckViolation => ConstraintKind::Check,
        _ => return None,
    };
    let message = db.message();
    let (constraint, field) = match (db.constraint(), kind) {
        (Some(name), ConstraintKind::Unique) => (name.to_string(), unique_field(name)),
        (Some(name), ConstraintKind::ForeignKey) => (name.to_string(), fk_field(name, db.table())),
        (Some(name), _) => (name.to_string(), None),
        (None, ConstraintKind::Unique) => match sqlite_unique(message) {
            Some(name) => (name.to_string(), unique_field(name)),
            None => (message.to_string(), None),
        },
        (None, ConstraintKind::NotNull) => match sqlite_column(message) {
            Some((name, col)) => (name, Some(col)),
            None => (message.to_string(), None),
        },
        (None, ConstraintKind::Check) => match message.split_once("constraint failed: ") {
            Some((_, name)) => (name.trim().to_string(), None),
            None => (message.to_string(), None),
        },
        (None, ConstraintKind::ForeignKey) => ("foreign_key".to_string(), None),
    };
    Some(StoreError::Constraint { kind, constraint, field })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_messages_map_to_index_names() {
        assert_eq!(
            sqlite_unique("UNIQUE constraint failed: goal_reviews.initiative_id, goal_reviews.fiscal_year"),
            Some("goal_reviews_initiative_year")
        );
        assert_eq!(sqlite_unique("UNIQUE constraint failed: organizations.code"), Some("organizations_code"));
        assert_eq!(sqlite_unique("UNIQUE constraint failed: nothing.here"), None);
        assert_eq!(unique_field("documents_org_hash").as_deref(), Some("content_hash"));
        assert_eq!(fk_field("initiatives_department_id_fkey", Some("initiatives")).as_deref(), Some("department_id"));
        assert_eq!(fk_field("initiatives_department_id_fkey", None), None);
        assert_eq!(
            sqlite_column("NOT NULL constraint failed: plans.title"),
            Some(("plans.title".to_string(), "title".to_string()))
        );
    }
}
