//! Every table behind the public pages bumps the page generation (migration 0007), so that the
//! public page cache never serves a page older than the data. A table added later without a
//! trigger fails here unless it is named below as one no public page reads.

use anyhow::Result;
use hoshin_store::Backend;
use hoshin_testkit::TestDb;
use sqlx::Connection;

/// Tables no public page reads: accounts, sessions, access tokens, the audit log, import
/// staging, the search index's change queue, the generation itself, the inbox, the e-mail
/// outbox, the review comments and the review locks.
const NOT_PUBLIC: [&str; 13] = [
    "api_tokens",
    "audit_log",
    "import_uploads",
    "notifications",
    "outbox",
    "page_generation",
    "revision_removals",
    "review_comments",
    "review_locks",
    "search_changes",
    "sessions",
    "user_departments",
    "users",
];

/// Tables public pages read that only triggers on other tables write (derived data): a write
/// that changes them is a write to a table that bumps the generation, in the same statement.
const DERIVED: [&str; 2] = ["org_years", "plan_progress"];

pub async fn every_public_table_bumps_the_generation(db: TestDb) -> Result<()> {
    let mut c = sqlx::AnyConnection::connect(&db.url).await?;
    let (tables, triggered) = match db.backend() {
        Backend::Sqlite => (
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             AND name NOT LIKE '_sqlx%' ORDER BY name",
            "SELECT DISTINCT tbl_name FROM sqlite_master WHERE type = 'trigger' \
             AND name LIKE 'page_generation_%' ORDER BY tbl_name",
        ),
        Backend::Postgres => (
            "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema() \
             AND tablename NOT LIKE '_sqlx%' ORDER BY 1",
            "SELECT DISTINCT event_object_table::text FROM information_schema.triggers \
             WHERE trigger_name LIKE 'page_generation_%' ORDER BY 1",
        ),
    };
    let tables: Vec<String> = sqlx::query_scalar(tables).fetch_all(&mut c).await?;
    let triggered: Vec<String> = sqlx::query_scalar(triggered).fetch_all(&mut c).await?;
    assert!(tables.len() > NOT_PUBLIC.len() + 10, "{tables:?}");
    let missing: Vec<&String> = tables
        .iter()
        .filter(|t| !NOT_PUBLIC.contains(&t.as_str()) && !DERIVED.contains(&t.as_str()) && !triggered.contains(t))
        .collect();
    assert!(missing.is_empty(), "public tables without a page_generation trigger: {missing:?}");
    for t in NOT_PUBLIC.iter().chain(&DERIVED) {
        assert!(tables.iter().any(|n| n == t), "{t} is listed as not public but does not exist");
    }

    // And a write to one of them does bump it.
    let generation = "SELECT generation FROM page_generation WHERE id = 1";
    let before: i64 = sqlx::query_scalar(generation).fetch_one(&mut c).await?;
    let tx = db.store.begin().await?;
    tx.insert_organization(&hoshin_testkit::fixtures::org("世代市")).await?;
    tx.commit().await?;
    let after: i64 = sqlx::query_scalar(generation).fetch_one(&mut c).await?;
    assert!(after > before, "{before} → {after}");
    Ok(())
}
