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
    organizations::organizations_and_departments,
    organizations::department_rename_keeps_history,
    plans::plan_tree_queries,
    plans::deleting_a_node_removes_its_subtree,
    initiatives::initiative_round_trip_and_lookups,
    initiatives::updating_an_initiative_replaces_its_links,
    indicators::indicators_with_actuals,
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
