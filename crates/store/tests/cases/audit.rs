//! The audit log cannot be rewritten (issue 12, item 5): not by UPDATE or DELETE, nor by the
//! statements that rewrite a row without either — SQLite's `REPLACE INTO` / `INSERT OR
//! REPLACE` (they delete without firing delete triggers), an upsert, PostgreSQL's `TRUNCATE`
//! (row triggers do not see it) — and on PostgreSQL an application role set up with
//! `grant_app_role` lacks the privileges altogether, triggers or not.

use anyhow::Result;
use hoshin_store::{Backend, NewAuditEntry};
use hoshin_testkit::TestDb;
use sqlx::Connection;

async fn one_row(db: &TestDb) -> Result<i64> {
    let tx = db.store.begin().await?;
    let id = tx
        .record_audit(&NewAuditEntry {
            actor_id: Some(5),
            table_name: "initiatives".into(),
            row_id: 3,
            action: "delete".into(),
            before: Some(serde_json::json!({"name": "削除された取組"})),
            after: None,
        })
        .await?;
    tx.commit().await?;
    Ok(id)
}

/// The row as text, to compare before and after the attempts.
async fn image(c: &mut sqlx::AnyConnection, id: i64) -> Result<String> {
    let row: (i64, String, String, Option<String>) =
        sqlx::query_as("SELECT row_id, action, table_name, before_json FROM audit_log WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *c)
            .await?;
    Ok(format!("{row:?}"))
}

pub async fn every_rewrite_of_audit_rows_is_refused(db: TestDb) -> Result<()> {
    let id = one_row(&db).await?;
    let mut c = sqlx::AnyConnection::connect(&db.url).await?;
    let before = image(&mut c, id).await?;
    let cols =
        "(id, actor_id, at, table_name, row_id, action, before_json, after_json, created_at, updated_at, version)";
    let vals = "($1, 1, 1, 'initiatives', 3, 'insert', NULL, '{}', 1, 1, 1)";
    let mut attempts = vec![
        "UPDATE audit_log SET action = 'tampered' WHERE id = $1".to_string(),
        "DELETE FROM audit_log WHERE id = $1".to_string(),
        format!("INSERT INTO audit_log {cols} VALUES {vals} ON CONFLICT (id) DO UPDATE SET action = 'tampered'"),
    ];
    match db.backend() {
        Backend::Sqlite => attempts.extend([
            format!("REPLACE INTO audit_log {cols} VALUES {vals}"),
            format!("INSERT OR REPLACE INTO audit_log {cols} VALUES {vals}"),
            "UPDATE OR REPLACE audit_log SET action = 'tampered' WHERE id = $1".to_string(),
        ]),
        Backend::Postgres => attempts.push("TRUNCATE audit_log".to_string()),
    }
    for sql in &attempts {
        let q = sqlx::query(sql);
        let q = if sql.contains("$1") { q.bind(id) } else { q };
        assert!(q.execute(&mut c).await.is_err(), "must be refused: {sql}");
        assert_eq!(image(&mut c, id).await?, before, "changed by {sql}");
    }
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log").fetch_one(&mut c).await?;
    assert_eq!(n, 1);
    // Appending still works.
    one_row(&db).await?;
    Ok(())
}
