//! The editing tables: accounts and sessions, revisions with their draft rows (hidden from
//! every public list), and the append-only audit log.

use anyhow::Result;
use hoshin_domain::*;
use hoshin_store::{NewAuditEntry, Page, StoreError};
use hoshin_testkit::{fixtures::*, TestDb};

pub async fn accounts_and_sessions(db: TestDb) -> Result<()> {
    let s = &db.store;
    let tx = s.begin().await?;
    let org = tx.insert_organization(&org("あじさい市")).await?;
    let d = tx.insert_department(&department(org, "市民部", 1)).await?;
    let new = NewUser {
        org_id: org,
        login: "sato".into(),
        display_name: "佐藤".into(),
        password_hash: "$argon2id$dummy".into(),
        role: Role::Editor,
        departments: vec![d, d],
    };
    let id = tx.insert_user(&new).await?;
    tx.commit().await?;
    // A failed statement ends a PostgreSQL transaction: each refusal gets its own.
    let tx = s.begin().await?;
    let Err(dup) = tx.insert_user(&new).await else { anyhow::bail!("a second account with the same login") };
    assert!(dup.is_constraint("users_login"), "{dup:?}");
    drop(tx);

    let (u, creds) = s.find_user_by_login("sato").await?.expect("found");
    assert_eq!((u.id, u.role, u.departments.clone()), (id, Role::Editor, vec![d]));
    assert_eq!(creds.failed_logins, 0);
    assert!(s.find_user_by_login("nobody").await?.is_none());

    let tx = s.begin().await?;
    tx.note_login(id, false, 3, Some(42)).await?;
    let v = tx.update_user(&User { role: Role::Viewer, departments: vec![], ..u.clone() }).await?;
    assert!(matches!(tx.update_user(&u).await, Err(StoreError::Conflict { .. })), "stale version");
    tx.set_password(id, v, "$argon2id$other").await?;
    tx.insert_session("hash-1", id, "csrf-1", 10_000).await?;
    tx.insert_session("hash-2", id, "csrf-2", i64::MAX / 2).await?;
    tx.commit().await?;
    let (u2, creds) = s.find_user_by_login("sato").await?.expect("found");
    assert_eq!(
        (u2.role, creds.password_hash.as_str(), creds.failed_logins, creds.locked_until),
        (Role::Viewer, "$argon2id$other", 0, None)
    );
    assert_eq!(s.find_session("hash-1").await?.map(|x| x.csrf_token), Some("csrf-1".into()));

    let tx = s.begin().await?;
    assert_eq!(tx.purge_sessions(20_000).await?, 1);
    assert_eq!(tx.delete_user_sessions(id).await?, 1);
    tx.commit().await?;
    assert!(s.find_session("hash-2").await?.is_none());
    assert_eq!(s.list_users(org).await?.len(), 1);
    Ok(())
}

pub async fn drafts_stay_out_of_public_lists(db: TestDb) -> Result<()> {
    let s = &db.store;
    let tx = s.begin().await?;
    let org = tx.insert_organization(&org("かえで町")).await?;
    let d = tx.insert_department(&department(org, "総務部", 1)).await?;
    let live = tx.insert_initiative(&initiative(org, Some(d), 2024, "公開中の取組")).await?;
    let kpi = tx.insert_indicator(&indicator(org, Some(IndicatorOwner::Initiative(live)), "公開中の指標")).await?;
    let rev = tx
        .insert_revision(&NewRevision {
            department_id: d,
            fiscal_year: fy(2024),
            stance: "案".into(),
            notes: None,
            created_by: None,
        })
        .await?;
    let draft = Draft { revision_id: rev, live_id: Some(live.0) };
    let copy = tx.insert_draft_initiative(&initiative(org, Some(d), 2024, "下書きの取組"), draft).await?;
    tx.insert_draft_indicator(
        &indicator(org, Some(IndicatorOwner::Initiative(copy)), "下書きの指標"),
        Draft { revision_id: rev, live_id: Some(kpi.0) },
    )
    .await?;
    let fresh = tx
        .insert_draft_initiative(
            &initiative(org, Some(d), 2025, "来年度の案"),
            Draft { revision_id: rev, live_id: None },
        )
        .await?;
    tx.commit().await?;
    // A second unpublished revision of the same department and year is refused.
    let tx = s.begin().await?;
    let Err(second) = tx
        .insert_revision(&NewRevision {
            department_id: d,
            fiscal_year: fy(2024),
            stance: String::new(),
            notes: None,
            created_by: None,
        })
        .await
    else {
        anyhow::bail!("a second open revision")
    };
    assert!(second.is_constraint("policy_revisions_open"), "{second:?}");
    drop(tx);

    let y = fy(2024);
    let names = |v: Vec<Initiative>| v.into_iter().map(|i| i.name).collect::<Vec<_>>();
    assert_eq!(names(s.list_initiatives(org, Some(y), Page::default()).await?), ["公開中の取組"]);
    assert_eq!(names(s.list_initiatives(org, None, Page::default()).await?), ["公開中の取組"]);
    assert_eq!(names(s.department_initiatives(d, y, Page::default()).await?), ["公開中の取組"]);
    assert_eq!(names(s.departments_initiatives(&[d], y, Page::default()).await?), ["公開中の取組"]);
    assert_eq!(s.count_initiatives(org, None).await?, 1);
    assert_eq!(s.org_years(&[org]).await?, vec![(org, y)], "a year with only drafts is not published");
    assert!(s.search_initiatives("取組", InitiativeId(0), 1_000, 10).await?.0.iter().all(|i| i.draft.is_none()));
    assert_eq!(s.list_indicators(org, Page::default()).await?.len(), 1);
    assert_eq!(s.indicator_standings(org, y).await?.len(), 1);

    let drafts = s.revision_initiatives(rev).await?;
    assert_eq!(drafts.iter().map(|i| i.id).collect::<Vec<_>>(), [copy, fresh]);
    assert_eq!(drafts[0].draft, Some(Draft { revision_id: rev, live_id: Some(live.0) }));
    assert_eq!(s.revision_indicators(rev).await?.len(), 1);
    assert_eq!(s.draft_rows_of(live).await?, [copy]);
    assert_eq!(s.get_initiative(copy).await?.draft.map(|d| d.revision_id), Some(rev));

    let r = s.get_revision(rev).await?;
    assert_eq!((r.number, r.state), (1, RevisionState::Draft));
    let tx = s.begin().await?;
    tx.update_revision(&PolicyRevision { state: RevisionState::Published, ..r.clone() }).await?;
    assert!(matches!(tx.update_revision(&r).await, Err(StoreError::Conflict { .. })));
    let next = tx
        .insert_revision(&NewRevision {
            department_id: d,
            fiscal_year: y,
            stance: String::new(),
            notes: None,
            created_by: None,
        })
        .await?;
    tx.commit().await?;
    assert_eq!(s.get_revision(next).await?.number, 2);
    assert_eq!(s.revisions_of(d, y).await?.len(), 2);
    assert_eq!(s.year_revisions(org, y).await?.len(), 2);
    Ok(())
}

pub async fn audit_log_is_append_only(db: TestDb) -> Result<()> {
    let s = &db.store;
    let tx = s.begin().await?;
    let id = tx
        .record_audit(&NewAuditEntry {
            actor_id: Some(99),
            table_name: "initiatives".into(),
            row_id: 7,
            action: "update".into(),
            before: Some(serde_json::json!({"name": "前"})),
            after: Some(serde_json::json!({"name": "後"})),
        })
        .await?;
    tx.commit().await?;
    // Straight to the database, past the store's API: the triggers refuse both.
    let mut c = <sqlx::AnyConnection as sqlx::Connection>::connect(&db.url).await?;
    let upd = sqlx::query("UPDATE audit_log SET action = 'tampered' WHERE id = $1").bind(id).execute(&mut c).await;
    assert!(upd.is_err(), "UPDATE of the audit log must fail");
    let del = sqlx::query("DELETE FROM audit_log WHERE id = $1").bind(id).execute(&mut c).await;
    assert!(del.is_err(), "DELETE from the audit log must fail");
    let trail = s.audit_trail_of("initiatives", &[7, 8], Page::default()).await?;
    assert_eq!(trail.len(), 1);
    assert_eq!(trail[0].action, "update");
    assert_eq!(s.recent_audit(&[UserId(99)], Page::default()).await?.len(), 1);
    assert!(s.recent_audit(&[UserId(98)], Page::default()).await?.is_empty());
    Ok(())
}
