//! Units of work: a failure midway leaves nothing behind; dropping without commit rolls
//! back; data survives reopening; migrations can run again.

use super::count;
use anyhow::Result;
use hoshin_store::{Page, StoreError};
use hoshin_testkit::{fixtures::*, TestDb};

pub async fn failed_unit_of_work_leaves_nothing(db: TestDb) -> Result<()> {
    let s = &db.store;
    let before = s.stats().await?;

    let tx = s.begin().await?;
    let org = tx.insert_organization(&org("いちょう市")).await?;
    let d = tx.insert_department(&department(org, "保健部", 1)).await?;
    for n in 0..5 {
        tx.insert_initiative(&initiative(org, Some(d), 2024, &format!("取組{n}"))).await?;
    }
    tx.insert_department_policy(&policy(d, 2024, "予防を重視")).await?;
    // The transaction sees its own writes.
    assert_eq!(tx.count_initiatives(org, None).await?, 5);
    // The sixth write fails: a second policy for the same department and year.
    let err = tx.insert_department_policy(&policy(d, 2024, "重複")).await;
    assert!(matches!(err, Err(StoreError::Constraint { .. })));
    tx.rollback().await?;

    assert_eq!(s.stats().await?, before, "nothing of the failed unit of work remains");
    assert!(s.get_organization(org).await.is_err());
    Ok(())
}

pub async fn dropped_transaction_rolls_back(db: TestDb) -> Result<()> {
    let s = &db.store;
    {
        let tx = s.begin().await?;
        let org = tx.insert_organization(&org("もくれん村")).await?;
        tx.insert_department(&department(org, "総務課", 1)).await?;
    }
    let stats = s.stats().await?;
    assert_eq!((count(&stats, "organizations"), count(&stats, "departments")), (0, 0));
    // The pool is still usable after the implicit rollback.
    let tx = s.begin().await?;
    tx.insert_organization(&org("もくれん村")).await?;
    tx.commit().await?;
    assert_eq!(s.list_organizations(Page::default()).await?.len(), 1);
    Ok(())
}

pub async fn reopen_keeps_data_and_migrations_are_idempotent(db: TestDb) -> Result<()> {
    let tx = db.store.begin().await?;
    let org = tx.insert_organization(&org("ひいらぎ市")).await?;
    tx.insert_initiative(&initiative(org, None, 2024, "図書館の夜間開館")).await?;
    tx.commit().await?;
    db.store.close().await;

    hoshin_store::migrate(&db.url).await?;
    let again = db.reopen().await?;
    again.migrate().await?;
    assert_eq!(again.get_organization(org).await?.name, "ひいらぎ市");
    assert_eq!(again.count_initiatives(org, None).await?, 1);
    assert_eq!(again.backend(), db.backend());
    assert!(again.size_bytes().await? > 0);
    Ok(())
}

pub async fn optimize_and_backup(db: TestDb) -> Result<()> {
    let tx = db.store.begin().await?;
    let org = tx.insert_organization(&org("なでしこ市")).await?;
    tx.insert_initiative(&initiative(org, None, 2024, "公園の再整備")).await?;
    tx.commit().await?;
    db.store.optimize().await?;
    assert_eq!(db.store.count_initiatives(org, None).await?, 1);

    let dir = tempfile::tempdir()?;
    let copy = dir.path().join("バックアップ.db");
    match db.backend() {
        hoshin_store::Backend::Sqlite => {
            db.store.backup_to(&copy).await?;
            assert!(matches!(db.store.backup_to(&copy).await, Err(StoreError::Invalid(_))), "never overwrites");
            let restored = hoshin_store::open(&format!("sqlite://{}", copy.display())).await?;
            assert_eq!(restored.get_organization(org).await?.name, "なでしこ市");
            assert_eq!(restored.count_initiatives(org, None).await?, 1);
        }
        hoshin_store::Backend::Postgres => {
            assert!(matches!(db.store.backup_to(&copy).await, Err(StoreError::Invalid(_))));
            assert!(!copy.exists());
        }
    }
    Ok(())
}

pub async fn concurrent_writers_serialize_and_conflict(db: TestDb) -> Result<()> {
    let s = db.store.clone();
    let tx = s.begin().await?;
    let org = tx.insert_organization(&org("けやき台市")).await?;
    let id = tx.insert_initiative(&initiative(org, None, 2024, "避難所の点検")).await?;
    tx.commit().await?;
    let read = s.get_initiative(id).await?;

    // Editor 1 holds an open transaction with its update; editor 2 starts while it is open.
    let first = s.begin().await?;
    let mut mine = read.clone();
    mine.summary = Some("編集者1".into());
    first.update_initiative(&mine).await?;
    let other = s.clone();
    let mut theirs = read.clone();
    theirs.summary = Some("編集者2".into());
    let second = tokio::spawn(async move {
        let tx = other.begin().await?;
        let r = tx.update_initiative(&theirs).await;
        drop(tx);
        Ok::<_, StoreError>(r)
    });
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(!second.is_finished(), "the second writer waits for the first");
    first.commit().await?;
    match second.await?? {
        Err(StoreError::Conflict { expected_version: 1, actual_version: 2, .. }) => {}
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(s.get_initiative(id).await?.summary.as_deref(), Some("編集者1"));
    Ok(())
}
