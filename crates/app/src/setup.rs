//! Setting up an organization that starts in hoshin rather than from an imported document:
//! the organization itself (by the system operator) and its departments (部) and sections (課)
//! (by an administrator). Each is one transaction with an audit row.

use crate::access::{require_admin, Actor};
use crate::audit;
use crate::error::{AppError, Result};
use hoshin_domain::text::compare_key;
use hoshin_domain::*;

/// Creates an organization. Only the system actor (the `hoshin` command run by the operator)
/// may: an account belongs to an organization and cannot create another.
pub async fn create_organization(
    store: &(impl crate::Db + ?Sized),
    actor: &Actor,
    name: &str,
    code: Option<OrgCode>,
    prefecture: Option<&str>,
) -> Result<OrgId> {
    let store = crate::db::store(store);
    if !matches!(actor, Actor::System) {
        return Err(AppError::forbidden("自治体の登録はシステムの運用者だけが行えます"));
    }
    let name = name.trim();
    if name.is_empty() {
        return Err(AppError::invalid("name", "自治体名を入力してください"));
    }
    let tx = store.begin().await?;
    if tx.find_organization_by_name(name).await?.is_some() {
        return Err(AppError::invalid("name", format!("「{name}」はすでに登録されています")));
    }
    if let Some(c) = &code {
        if let Some(other) = tx.find_organization_by_code(c).await? {
            return Err(AppError::invalid("code", format!("団体コード {c} は「{}」に使われています", other.name)));
        }
    }
    let new = NewOrganization {
        name: name.to_string(),
        code,
        prefecture: prefecture.map(str::trim).filter(|p| !p.is_empty()).map(str::to_string),
    };
    let id = tx.insert_organization(&new).await?;
    let created = tx.get_organization(id).await?;
    audit::record::<(), _>(tx.as_ref(), actor, "organizations", id.0, "insert", None, Some(&created)).await?;
    tx.commit().await?;
    Ok(id)
}

/// Sets (or corrects) an organization's 全国地方公共団体コード — for one registered by an
/// imported document, which rarely names it. System actor only, as [`create_organization`];
/// a code another organization holds is refused; audited with before and after.
pub async fn set_organization_code(
    store: &(impl crate::Db + ?Sized),
    actor: &Actor,
    org: OrgId,
    code: OrgCode,
) -> Result<()> {
    let store = crate::db::store(store);
    if !matches!(actor, Actor::System) {
        return Err(AppError::forbidden("団体コードの設定はシステムの運用者だけが行えます"));
    }
    let tx = store.begin().await?;
    let before = tx.get_organization(org).await?;
    if let Some(other) = tx.find_organization_by_code(&code).await?.filter(|o| o.id != org) {
        return Err(AppError::invalid("code", format!("団体コード {code} は「{}」に使われています", other.name)));
    }
    if before.code.as_ref() == Some(&code) {
        return Ok(());
    }
    let mut next = before.clone();
    next.code = Some(code);
    tx.update_organization(&next).await?;
    let after = tx.get_organization(org).await?;
    audit::record(tx.as_ref(), actor, "organizations", org.0, "update", Some(&before), Some(&after)).await?;
    tx.commit().await?;
    Ok(())
}

/// Creates a department (部) or, under `parent`, a section (課), after its siblings.
pub async fn create_department(
    store: &(impl crate::Db + ?Sized),
    actor: &Actor,
    org: OrgId,
    name: &str,
    parent: Option<DepartmentId>,
) -> Result<DepartmentId> {
    let store = crate::db::store(store);
    require_admin(actor, org)?;
    let name = name.trim();
    if name.is_empty() {
        return Err(AppError::invalid("name", "部局名を入力してください"));
    }
    let tx = store.begin().await?;
    let all = tx.list_departments(org).await?;
    if let Some(p) = parent {
        match all.iter().find(|d| d.id == p) {
            None => return Err(AppError::invalid("parent", "親の部局がこの自治体にありません")),
            Some(d) if d.parent_id.is_some() => {
                return Err(AppError::invalid("parent", format!("「{}」は課です。課の下には作れません", d.name)))
            }
            Some(_) => {}
        }
    }
    let siblings: Vec<&Department> = all.iter().filter(|d| d.parent_id == parent).collect();
    if let Some(same) = siblings.iter().find(|d| compare_key(&d.name) == compare_key(name)) {
        return Err(AppError::invalid("name", format!("「{}」はすでにあります", same.name)));
    }
    let sort_order = siblings.iter().map(|d| d.sort_order).max().map_or(0, |m| m + 1);
    let new = NewDepartment { org_id: org, parent_id: parent, name: name.to_string(), sort_order };
    let id = tx.insert_department(&new).await?;
    let created = tx.get_department(id).await?;
    audit::record::<(), _>(tx.as_ref(), actor, "departments", id.0, "insert", None, Some(&created)).await?;
    tx.commit().await?;
    Ok(id)
}

/// Every department (and 課) of an organization, as the staff pages list them.
pub async fn departments(db: &(impl crate::ReadDb + ?Sized), org: OrgId) -> Result<Vec<Department>> {
    Ok(crate::db::read(db).list_departments(org).await?)
}
