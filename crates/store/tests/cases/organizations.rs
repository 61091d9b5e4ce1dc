//! Organizations and departments: CRUD, lookups, ordering, rename history.

use anyhow::Result;
use hoshin_domain::*;
use hoshin_store::{Page, StoreError};
use hoshin_testkit::{fixtures::*, TestDb};

pub async fn organizations_and_departments(db: TestDb) -> Result<()> {
    let s = &db.store;
    let tx = s.begin().await?;
    let code = OrgCode::parse("131016")?;
    let org = tx.insert_organization(&NewOrganization { code: Some(code.clone()), ..org("みどり野市") }).await?;
    let other = tx.insert_organization(&hoshin_testkit::fixtures::org("あおば町")).await?;
    let d2 = tx.insert_department(&department(org, "福祉部", 2)).await?;
    let d1 = tx.insert_department(&department(org, "総務部", 1)).await?;
    let sec = tx.insert_department(&NewDepartment { parent_id: Some(d1), ..department(org, "人事課", 3) }).await?;
    tx.insert_department(&department(other, "建設部", 1)).await?;
    tx.commit().await?;

    let got = s.get_organization(org).await?;
    assert_eq!(got.name, "みどり野市");
    assert_eq!(got.code, Some(code.clone()));
    assert_eq!(got.prefecture.as_deref(), Some("架空県"));
    assert_eq!(got.meta.version, 1);
    assert!(got.meta.created_at > 0 && got.meta.created_at == got.meta.updated_at);
    assert_eq!(s.find_organization_by_code(&code).await?.map(|o| o.id), Some(org));
    assert_eq!(s.find_organization_by_name("あおば町").await?.map(|o| o.id), Some(other));
    assert!(s.find_organization_by_name("どこにもない村").await?.is_none());
    let all = s.list_organizations(Page::default()).await?;
    assert_eq!(all.iter().map(|o| o.id).collect::<Vec<_>>(), vec![org, other]);
    assert_eq!(s.list_organizations(Page { limit: 1, offset: 1 }).await?.len(), 1);

    let depts = s.list_departments(org).await?;
    assert_eq!(depts.iter().map(|d| d.id).collect::<Vec<_>>(), vec![d1, d2, sec]);
    assert_eq!(depts[2].parent_id, Some(d1));

    let tx = s.begin().await?;
    let mut o = got.clone();
    o.name = "みどり野市（新）".into();
    o.code = None;
    assert_eq!(tx.update_organization(&o).await?, 2);
    tx.commit().await?;
    let o2 = s.get_organization(org).await?;
    assert_eq!((o2.name.as_str(), o2.code.clone(), o2.meta.version), ("みどり野市（新）", None, 2));
    assert!(o2.meta.updated_at >= got.meta.updated_at);

    let tx = s.begin().await?;
    tx.delete_organization(other, 1).await?;
    tx.commit().await?;
    assert!(matches!(s.get_organization(other).await, Err(StoreError::NotFound { .. })));
    assert!(s.list_departments(other).await?.is_empty(), "departments go with their organization");
    Ok(())
}

pub async fn department_rename_keeps_history(db: TestDb) -> Result<()> {
    let s = &db.store;
    let tx = s.begin().await?;
    let org = tx.insert_organization(&org("かわせみ市")).await?;
    let d = tx.insert_department(&department(org, "企画部", 1)).await?;
    tx.commit().await?;

    let tx = s.begin().await?;
    let v = tx.rename_department(d, 1, "政策企画部", Some(fy(2023))).await?;
    assert_eq!(v, 2);
    let mut dept = tx.get_department(d).await?;
    dept.sort_order = 5;
    assert_eq!(tx.update_department(&dept).await?, 3, "an update without a new name");
    tx.commit().await?;

    let dept = s.get_department(d).await?;
    assert_eq!((dept.name.as_str(), dept.sort_order, dept.meta.version), ("政策企画部", 5, 3));
    let names = s.department_names(d).await?;
    let listed: Vec<_> = names.iter().map(|n| (n.name.as_str(), n.valid_from.map(|y| y.year()))).collect();
    assert_eq!(listed, vec![("企画部", None), ("政策企画部", Some(2023))]);
    Ok(())
}
