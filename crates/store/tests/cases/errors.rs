//! Error classification: optimistic-lock conflicts, not-found, unique and foreign-key
//! violations reported with the same constraint names on both backends.

use anyhow::Result;
use hoshin_domain::*;
use hoshin_store::{ConstraintKind, StoreError};
use hoshin_testkit::{fixtures::*, TestDb};

pub async fn optimistic_lock_conflicts(db: TestDb) -> Result<()> {
    let s = &db.store;
    let tx = s.begin().await?;
    let org = tx.insert_organization(&org("からまつ市")).await?;
    let id = tx.insert_initiative(&initiative(org, None, 2024, "相談窓口の開設")).await?;
    tx.commit().await?;

    // Two editors read version 1; the first saves, the second gets a conflict.
    let first = s.get_initiative(id).await?;
    let mut second = first.clone();
    let mut edited = first.clone();
    edited.summary = Some("第一の編集".into());
    let tx = s.begin().await?;
    assert_eq!(tx.update_initiative(&edited).await?, 2);
    tx.commit().await?;

    second.summary = Some("第二の編集".into());
    let tx = s.begin().await?;
    match tx.update_initiative(&second).await {
        Err(StoreError::Conflict { expected_version, actual_version, table, .. }) => {
            assert_eq!((expected_version, actual_version, table), (1, 2, "initiatives"));
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    match tx.delete_initiative(id, 1).await {
        Err(StoreError::Conflict { actual_version: 2, .. }) => {}
        other => panic!("expected a conflict, got {other:?}"),
    }
    drop(tx);
    assert_eq!(s.get_initiative(id).await?.summary.as_deref(), Some("第一の編集"));

    // A row that does not exist is NotFound, for updates and deletes alike.
    let mut ghost = first.clone();
    ghost.id = InitiativeId(id.0 + 1000);
    let tx = s.begin().await?;
    assert!(matches!(tx.update_initiative(&ghost).await, Err(StoreError::NotFound { table: "initiatives", .. })));
    assert!(matches!(tx.delete_plan(PlanId(999), 1).await, Err(StoreError::NotFound { .. })));
    let org_row = tx.get_organization(org).await?;
    let mut stale = org_row.clone();
    stale.meta.version = 7;
    assert!(matches!(tx.update_organization(&stale).await, Err(StoreError::Conflict { actual_version: 1, .. })));
    drop(tx);
    assert!(matches!(s.get_initiative(ghost.id).await, Err(StoreError::NotFound { .. })));
    Ok(())
}

pub async fn unique_constraints_name_the_field(db: TestDb) -> Result<()> {
    let s = &db.store;
    let tx = s.begin().await?;
    let org =
        tx.insert_organization(&NewOrganization { code: Some(OrgCode::parse("131016")?), ..org("ならやま市") }).await?;
    let d = tx.insert_department(&department(org, "税務部", 1)).await?;
    let ini = tx.insert_initiative(&initiative(org, Some(d), 2024, "電子申告の普及")).await?;
    tx.insert_department_policy(&policy(d, 2024, "公平な課税")).await?;
    tx.insert_goal_review(&review(ini, 2024, 50)).await?;
    tx.insert_theme(&theme(org, 2024, "納税環境の整備")).await?;
    tx.commit().await?;

    // Each duplicate in its own transaction (PostgreSQL aborts a transaction on error).
    let expect = |r: Result<(), StoreError>, name: &str, field: &str| match r {
        Err(StoreError::Constraint { kind: ConstraintKind::Unique, constraint, field: f }) => {
            assert_eq!((constraint.as_str(), f.as_deref()), (name, Some(field)));
        }
        other => panic!("expected unique violation {name}, got {other:?}"),
    };
    let tx = s.begin().await?;
    expect(
        tx.insert_department_policy(&policy(d, 2024, "別の方針")).await.map(|_| ()),
        "department_policies_department_year",
        "fiscal_year",
    );
    drop(tx);
    let tx = s.begin().await?;
    expect(
        tx.insert_goal_review(&review(ini, 2024, 10)).await.map(|_| ()),
        "goal_reviews_initiative_year",
        "fiscal_year",
    );
    drop(tx);
    let tx = s.begin().await?;
    expect(
        tx.insert_organization(&NewOrganization {
            code: Some(OrgCode::parse("131016")?),
            ..hoshin_testkit::fixtures::org("別の市")
        })
        .await
        .map(|_| ()),
        "organizations_code",
        "code",
    );
    drop(tx);
    let tx = s.begin().await?;
    expect(
        tx.insert_theme(&theme(org, 2024, "納税環境の整備")).await.map(|_| ()),
        "priority_themes_org_year_name",
        "name",
    );
    drop(tx);
    // Another year is fine.
    let tx = s.begin().await?;
    tx.insert_department_policy(&policy(d, 2025, "公平な課税")).await?;
    tx.insert_goal_review(&review(ini, 2025, 10)).await?;
    tx.commit().await?;
    assert_eq!(s.department_policies(d).await?.len(), 2);

    // Empty names are refused before reaching the database, as a field error.
    let tx = s.begin().await?;
    match tx.insert_department(&department(org, "  ", 1)).await {
        Err(StoreError::Constraint { field: Some(f), .. }) => assert_eq!(f, "name"),
        other => panic!("expected a field error, got {other:?}"),
    }
    Ok(())
}

pub async fn foreign_keys_are_constraint_errors(db: TestDb) -> Result<()> {
    let s = &db.store;
    let tx = s.begin().await?;
    let org = tx.insert_organization(&org("えのき町")).await?;
    tx.commit().await?;
    let tx = s.begin().await?;
    let r = tx.insert_initiative(&initiative(org, Some(DepartmentId(4242)), 2024, "孤立した取組")).await;
    match r {
        // PostgreSQL names the column; SQLite does not say which key failed.
        Err(StoreError::Constraint { kind: ConstraintKind::ForeignKey, field, .. }) => match db.backend() {
            hoshin_store::Backend::Postgres => assert_eq!(field.as_deref(), Some("department_id")),
            hoshin_store::Backend::Sqlite => assert_eq!(field, None),
        },
        other => panic!("expected a foreign-key violation, got {other:?}"),
    }
    drop(tx);

    // A department that still owns initiatives cannot be deleted.
    let tx = s.begin().await?;
    let d = tx.insert_department(&department(org, "産業部", 1)).await?;
    tx.insert_initiative(&initiative(org, Some(d), 2024, "商店街の支援")).await?;
    tx.commit().await?;
    let tx = s.begin().await?;
    let r = tx.delete_department(d, 1).await;
    assert!(matches!(r, Err(StoreError::Constraint { kind: ConstraintKind::ForeignKey, .. })), "{r:?}");
    drop(tx);
    assert_eq!(s.get_department(d).await?.name, "産業部");
    Ok(())
}
