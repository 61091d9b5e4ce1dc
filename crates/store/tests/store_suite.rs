//! The store suite: every case runs against SQLite and against PostgreSQL (a throwaway
//! cluster started by hoshin-testkit; without PostgreSQL installed these tests fail).

mod cases;

use hoshin_testkit::TestDb;

/// Declares each case twice: `sqlite::<case>` and `postgres::<case>`.
macro_rules! on_both_backends {
    ($($module:ident::$case:ident),* $(,)?) => {
        mod sqlite {
            use super::*;
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() -> anyhow::Result<()> {
                    cases::$module::$case(TestDb::sqlite().await?).await
                }
            )*
        }
        mod postgres {
            use super::*;
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() -> anyhow::Result<()> {
                    cases::$module::$case(TestDb::postgres().await?).await
                }
            )*
        }
    };
}

on_both_backends!(
    editing::accounts_and_sessions,
    editing::drafts_stay_out_of_public_lists,
    editing::audit_log_is_append_only,
    audit::every_rewrite_of_audit_rows_is_refused,
    generation::every_public_table_bumps_the_generation,
    organizations::organizations_and_departments,
    organizations::department_rename_keeps_history,
    plans::plan_tree_queries,
    plans::deleting_a_node_removes_its_subtree,
    plans::progress_rows_follow_every_write,
    initiatives::initiative_round_trip_and_lookups,
    initiatives::updating_an_initiative_replaces_its_links,
    initiatives::org_years_follow_every_write,
    indicators::indicators_with_actuals,
    indicators::numbers_after_no_number_on_one_connection,
    indicators::actuals_carry_their_indicators_organization,
    records::policies_reviews_themes,
    records::documents_by_hash,
    records::related_plans_scales_and_audit,
    errors::optimistic_lock_conflicts,
    errors::unique_constraints_name_the_field,
    errors::foreign_keys_are_constraint_errors,
    transactions::failed_unit_of_work_leaves_nothing,
    transactions::dropped_transaction_rolls_back,
    transactions::reopen_keeps_data_and_migrations_are_idempotent,
    transactions::optimize_and_backup,
    transactions::concurrent_writers_serialize_and_conflict,
    text::unicode_round_trips,
    bulk::bulk_inserts_count_and_keep_order,
    program::program_and_indicator_facts,
    program::uploads_by_batch_expire,
);

/// Issue 14: on PostgreSQL, reads outside a transaction share the store's own connections
/// (`pgread.rs`). When the server ends every session, no read fails: a read whose connection
/// was closed under it is run again on a new one, and so are reads asked for at once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_reads_recover_after_the_server_ends_their_sessions() -> anyhow::Result<()> {
    use hoshin_store::Page;
    use sqlx::Connection;
    let db = TestDb::postgres().await?;
    let tx = db.store.begin().await?;
    let org = tx.insert_organization(&hoshin_testkit::fixtures::org("読取市")).await?;
    tx.commit().await?;
    // Reads at once open every read connection.
    let reads = (0..12).map(|_| db.store.get_organization(org));
    for r in futures_util::future::join_all(reads).await {
        r?;
    }

    // Reads keep running on four tasks while the server ends every session, three times.
    let readers: Vec<_> = (0..4)
        .map(|_| {
            let store = db.store.clone();
            tokio::spawn(async move {
                let mut failed = Vec::new();
                for _ in 0..300 {
                    if let Err(e) = store.get_organization(org).await {
                        failed.push(e.to_string());
                    }
                }
                failed
            })
        })
        .collect();
    let mut admin = sqlx::AnyConnection::connect(&db.url).await?;
    let mut ended = 0;
    for _ in 0..3 {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        let n: Vec<bool> = sqlx::query_scalar(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'",
        )
        .fetch_all(&mut admin)
        .await?;
        ended += n.len();
    }
    assert!(ended >= 2, "the read connections were open");
    for r in readers {
        let failed = r.await?;
        assert!(failed.is_empty(), "reads failed while the server ended their sessions: {failed:?}");
    }

    for _ in 0..20 {
        assert_eq!(db.store.get_organization(org).await?.id, org);
        assert!(!db.store.list_organizations(Page { limit: 10, offset: 0 }).await?.is_empty());
    }
    Ok(())
}

/// Issue 14: PostgreSQL reads outside a transaction share a few connections, each carrying the
/// statements of many callers at once (`pgread.rs`): two hundred reads asked for at once, from
/// one task and from many, all answer, on no more server sessions than the read connections
/// and sqlx's pool together; a read dropped before its answer came leaves the connection
/// usable for the next.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_reads_at_once_share_a_few_connections() -> anyhow::Result<()> {
    use sqlx::Connection;
    let db = TestDb::postgres().await?;
    let tx = db.store.begin().await?;
    let mut orgs = Vec::new();
    for n in 0..20 {
        orgs.push(tx.insert_organization(&hoshin_testkit::fixtures::org(&format!("同時{n}市"))).await?);
    }
    tx.commit().await?;

    let reads = (0..200).map(|n| db.store.get_organization(orgs[n % orgs.len()]));
    for (n, r) in futures_util::future::join_all(reads).await.into_iter().enumerate() {
        assert_eq!(r?.id, orgs[n % orgs.len()]);
    }
    let tasks: Vec<_> = (0..200)
        .map(|n| {
            let store = db.store.clone();
            let id = orgs[n % orgs.len()];
            tokio::spawn(async move { store.get_organization(id).await.map(|o| o.id == id) })
        })
        .collect();
    for t in tasks {
        assert!(t.await??);
    }

    // A read given up before its answer (a closed HTTP connection drops the page's future).
    for _ in 0..20 {
        let _ = tokio::time::timeout(std::time::Duration::from_micros(1), db.store.get_organization(orgs[0])).await;
    }
    assert_eq!(db.store.get_organization(orgs[1]).await?.id, orgs[1]);

    let mut admin = sqlx::AnyConnection::connect(&db.url).await?;
    let sessions: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() \
         AND pid <> pg_backend_pid() AND backend_type = 'client backend'",
    )
    .fetch_one(&mut admin)
    .await?;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as i64;
    let most = (2 * cores).max(4) + 8;
    assert!(sessions <= most, "{sessions} server sessions for 400 reads (at most {most} expected)");
    Ok(())
}

/// Issue 14: the PostgreSQL URL is read once, by sqlx, for writes and reads alike: forms
/// tokio-postgres's own parser would read differently (the port as a query parameter beside a
/// host, a percent-encoded name) open a store whose reads work, and whose health check reads
/// on the read connections too.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_urls_read_alike_for_reads_and_writes() -> anyhow::Result<()> {
    let db = TestDb::postgres().await?;
    let tx = db.store.begin().await?;
    let org = tx.insert_organization(&hoshin_testkit::fixtures::org("接続市")).await?;
    tx.commit().await?;
    // postgres://postgres@127.0.0.1:PORT/DB → postgres://postgres@127.0.0.1/DB?port=PORT
    let (head, db_name) = db.url.rsplit_once('/').expect("a database name");
    let (host, port) = head.rsplit_once(':').expect("a port");
    let url = format!("{host}/{db_name}?port={port}&application_name=hoshin%20test");
    let store = hoshin_store::open(&url).await?;
    assert_eq!(store.get_organization(org).await?.id, org);
    store.ping().await?;
    store.close().await;
    Ok(())
}

/// Issue 12, item 5: on PostgreSQL an application role that is not the owner, set up with
/// `grant_app_role`, works the store but cannot rewrite audit rows even past the triggers.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_app_role_cannot_rewrite_audit_rows() -> anyhow::Result<()> {
    use sqlx::Connection;
    let db = TestDb::postgres().await?;
    let role = format!("hoshin_app_{}", std::process::id());
    let mut owner = sqlx::AnyConnection::connect(&db.url).await?;
    let create = format!("CREATE ROLE {role} LOGIN"); // generated above, never input
    sqlx::query(&create).execute(&mut owner).await?;
    db.store.grant_app_role(&role).await?;
    let app_url = db.url.replacen("postgres@", &format!("{role}@"), 1);

    // The application opens (no migration to run), reads, writes, and appends audit rows.
    let store = hoshin_store::open(&app_url).await?;
    assert!(store.migration_status().await?.current());
    let tx = store.begin().await?;
    let org = tx.insert_organization(&hoshin_testkit::fixtures::org("権限市")).await?;
    let id = tx
        .record_audit(&hoshin_store::NewAuditEntry {
            actor_id: None,
            table_name: "organizations".into(),
            row_id: org.0,
            action: "insert".into(),
            before: None,
            after: Some(serde_json::json!({"name": "権限市"})),
        })
        .await?;
    tx.commit().await?;

    let mut app = sqlx::AnyConnection::connect(&app_url).await?;
    for sql in [
        "UPDATE audit_log SET action = 'tampered'",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
        "ALTER TABLE audit_log DISABLE TRIGGER ALL",
        "DROP TABLE audit_log",
        "DELETE FROM _sqlx_migrations",
    ] {
        let err = sqlx::query(sql).execute(&mut app).await.expect_err(sql).to_string();
        assert!(err.contains("permission denied") || err.contains("must be owner"), "{sql}: {err}");
    }
    let action: String =
        sqlx::query_scalar("SELECT action FROM audit_log WHERE id = $1").bind(id).fetch_one(&mut app).await?;
    assert_eq!(action, "insert");
    store.close().await;
    Ok(())
}

/// Reads outside a transaction open the file sqlx opened, whatever the URL's path spells: sqlx
/// decodes `%41` to `A`, so the direct readers must not take the path as written.
#[tokio::test]
async fn reads_find_the_file_a_percent_encoded_path_names() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let store = hoshin_store::open(&format!("sqlite://{}/h%41.db", dir.path().display())).await?;
    let tx = store.begin().await?;
    let org = tx
        .insert_organization(&hoshin_domain::NewOrganization { name: "符号市".into(), code: None, prefecture: None })
        .await?;
    tx.commit().await?;
    assert_eq!(store.get_organization(org).await?.name, "符号市");
    assert!(store.page_generation().await? > 0);
    store.close().await;
    assert!(matches!(store.get_organization(org).await, Err(hoshin_store::StoreError::Database(_))));
    Ok(())
}

/// Migration 0018's triggers keep `org_years` inside the writing transaction. A writer that
/// already holds the page generation (it wrote another public table first) and one whose first
/// write is an initiative of the same organization and year must queue, not deadlock: the
/// generation is taken before the initiative's row triggers lock `org_years`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_writers_of_one_year_queue_without_deadlock() -> anyhow::Result<()> {
    use hoshin_testkit::fixtures::{department, fy, initiative, org};
    let db = TestDb::postgres().await?;
    let s = db.store.clone();
    let tx = s.begin().await?;
    let o = tx.insert_organization(&org("順番市")).await?;
    tx.insert_initiative(&initiative(o, None, 2026, "既にある取組")).await?;
    tx.commit().await?;

    // Second: the generation first (a department), the initiative later.
    let second = s.begin().await?;
    second.insert_department(&department(o, "総務部", 1)).await?;
    // First: an initiative of the same year, which has to wait for the generation.
    let first = {
        let s = s.clone();
        tokio::spawn(async move {
            let tx = s.begin().await?;
            tx.insert_initiative(&initiative(o, None, 2026, "先の取組")).await?;
            tx.commit().await?;
            anyhow::Ok(())
        })
    };
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    // Past PostgreSQL's deadlock_timeout (1 s) a deadlock would have failed one of them.
    second.insert_initiative(&initiative(o, None, 2026, "後の取組")).await?;
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    second.commit().await?;
    first.await??;
    assert_eq!(s.org_years(&[o]).await?, vec![(o, fy(2026))]);
    assert_eq!(s.count_initiatives(o, Some(fy(2026))).await?, 3);
    Ok(())
}
