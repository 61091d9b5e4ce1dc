//! Reads of the audit log and per-table row counts.

use crate::error::Result;
use crate::exec::{query, query_scalar, Db};
use crate::records::{AuditEntry, Page, TableCount};
use crate::rows::{self, audit_cols};

pub(crate) async fn audit_trail(c: &mut Db<'_>, table: &str, row_id: i64, page: Page) -> Result<Vec<AuditEntry>> {
    query(concat!(
        "SELECT ",
        audit_cols!(),
        " FROM audit_log WHERE table_name = $1 AND row_id = $2 ORDER BY at DESC, id DESC LIMIT $3 OFFSET $4"
    ))
    .bind(table)
    .bind(row_id)
    .bind(page.limit_i64())
    .bind(page.offset_i64())
    .fetch_all(&mut *c)
    .await?
    .iter()
    .map(rows::audit)
    .collect()
}

/// Every table and the statement that counts its rows.
const COUNTS: &[(&str, &str)] = &[
    ("organizations", "SELECT COUNT(*) FROM organizations"),
    ("departments", "SELECT COUNT(*) FROM departments"),
    ("department_names", "SELECT COUNT(*) FROM department_names"),
    ("plans", "SELECT COUNT(*) FROM plans"),
    ("plan_nodes", "SELECT COUNT(*) FROM plan_nodes"),
    ("priority_themes", "SELECT COUNT(*) FROM priority_themes"),
    ("initiatives", "SELECT COUNT(*) FROM initiatives"),
    ("initiative_nodes", "SELECT COUNT(*) FROM initiative_nodes"),
    ("department_policies", "SELECT COUNT(*) FROM department_policies"),
    ("indicators", "SELECT COUNT(*) FROM indicators"),
    ("indicator_actuals", "SELECT COUNT(*) FROM indicator_actuals"),
    ("interim_actuals", "SELECT COUNT(*) FROM interim_actuals"),
    ("interim_reviews", "SELECT COUNT(*) FROM interim_reviews"),
    ("reporting_periods", "SELECT COUNT(*) FROM reporting_periods"),
    ("goal_reviews", "SELECT COUNT(*) FROM goal_reviews"),
    ("related_plans", "SELECT COUNT(*) FROM related_plans"),
    ("related_plan_nodes", "SELECT COUNT(*) FROM related_plan_nodes"),
    ("documents", "SELECT COUNT(*) FROM documents"),
    ("document_initiatives", "SELECT COUNT(*) FROM document_initiatives"),
    ("judgement_scales", "SELECT COUNT(*) FROM judgement_scales"),
    ("revision_removals", "SELECT COUNT(*) FROM revision_removals"),
    ("review_comments", "SELECT COUNT(*) FROM review_comments"),
    ("review_stages", "SELECT COUNT(*) FROM review_stages"),
    ("stage_evaluations", "SELECT COUNT(*) FROM stage_evaluations"),
    ("review_locks", "SELECT COUNT(*) FROM review_locks"),
    ("program_facts", "SELECT COUNT(*) FROM program_facts"),
    ("initiative_costs", "SELECT COUNT(*) FROM initiative_costs"),
    ("indicator_yearly", "SELECT COUNT(*) FROM indicator_yearly"),
    ("initiative_budget_codes", "SELECT COUNT(*) FROM initiative_budget_codes"),
    ("budget_costs", "SELECT COUNT(*) FROM budget_costs"),
    ("import_uploads", "SELECT COUNT(*) FROM import_uploads"),
    ("notifications", "SELECT COUNT(*) FROM notifications"),
    ("outbox", "SELECT COUNT(*) FROM outbox"),
    ("audit_log", "SELECT COUNT(*) FROM audit_log"),
];

pub(crate) async fn stats(c: &mut Db<'_>) -> Result<Vec<TableCount>> {
    let mut out = Vec::with_capacity(COUNTS.len());
    for (table, sql) in COUNTS {
        let rows: i64 = query_scalar(sql).fetch_one(&mut *c).await?;
        out.push(TableCount { table, rows });
    }
    Ok(out)
}
