//! Who may do what. Every use case that writes asks here first, on the server, whatever the
//! page showed: the role within the user's own organization and, for department editors,
//! the departments assigned to them (a 部 covers its 課).

use crate::error::{AppError, Result};
use hoshin_domain::*;

/// Who is acting: a signed-in staff member, or the system itself (the CLI, imports).
#[derive(Debug, Clone)]
pub enum Actor {
    System,
    User(User),
}

impl Actor {
    /// The id written to the audit log (`None` for the system).
    pub fn audit_id(&self) -> Option<i64> {
        match self {
            Actor::System => None,
            Actor::User(u) => Some(u.id.0),
        }
    }

    pub fn user(&self) -> Option<&User> {
        match self {
            Actor::System => None,
            Actor::User(u) => Some(u),
        }
    }

    pub fn user_id(&self) -> Option<UserId> {
        self.user().map(|u| u.id)
    }
}

fn same_org(user: &User, org: OrgId) -> bool {
    !user.disabled && user.org_id == org
}

/// Internal pages (drafts, the dashboard): any active staff member of the organization.
pub fn require_staff(actor: &Actor, org: OrgId) -> Result<()> {
    match actor {
        Actor::System => Ok(()),
        Actor::User(u) if same_org(u, org) => Ok(()),
        Actor::User(_) => Err(AppError::forbidden("この自治体の内部ページは閲覧できません")),
    }
}

/// Planning rights: the cycle, approval, publication, every department.
pub fn require_planning(actor: &Actor, org: OrgId) -> Result<()> {
    match actor {
        Actor::System => Ok(()),
        Actor::User(u) if same_org(u, org) && u.role.plans() => Ok(()),
        Actor::User(_) => Err(AppError::forbidden("企画担当（経営企画課）の権限が必要です")),
    }
}

/// Accounts and settings.
pub fn require_admin(actor: &Actor, org: OrgId) -> Result<()> {
    match actor {
        Actor::System => Ok(()),
        Actor::User(u) if same_org(u, org) && u.role == Role::Admin => Ok(()),
        Actor::User(_) => Err(AppError::forbidden("システム管理者の権限が必要です")),
    }
}

/// Whether `user` may write for `dept` (planning: any department of the organization;
/// editors: their own departments and those departments' sections).
pub fn may_edit_department(user: &User, dept: &Department) -> bool {
    if !same_org(user, dept.org_id) {
        return false;
    }
    match user.role {
        Role::Admin | Role::Planning => true,
        Role::Editor => {
            user.departments.contains(&dept.id) || dept.parent_id.is_some_and(|p| user.departments.contains(&p))
        }
        Role::Viewer => false,
    }
}

pub fn require_department(actor: &Actor, dept: &Department) -> Result<()> {
    match actor {
        Actor::System => Ok(()),
        Actor::User(u) if may_edit_department(u, dept) => Ok(()),
        Actor::User(_) => Err(AppError::forbidden(format!("「{}」を編集する権限がありません", dept.name))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(role: Role, org: i64, depts: &[i64]) -> User {
        User {
            id: UserId(1),
            org_id: OrgId(org),
            login: "u".into(),
            display_name: "u".into(),
            role,
            departments: depts.iter().map(|d| DepartmentId(*d)).collect(),
            disabled: false,
            meta: Meta::default(),
        }
    }

    fn dept(id: i64, org: i64, parent: Option<i64>) -> Department {
        Department {
            id: DepartmentId(id),
            org_id: OrgId(org),
            parent_id: parent.map(DepartmentId),
            name: "部".into(),
            sort_order: 0,
            meta: Meta::default(),
        }
    }

    #[test]
    fn editors_write_their_departments_and_sections_only() {
        let ed = user(Role::Editor, 1, &[10]);
        assert!(may_edit_department(&ed, &dept(10, 1, None)));
        assert!(may_edit_department(&ed, &dept(11, 1, Some(10))));
        assert!(!may_edit_department(&ed, &dept(20, 1, None)));
        assert!(!may_edit_department(&user(Role::Editor, 2, &[10]), &dept(10, 1, None)));
    }

    #[test]
    fn roles_stay_in_their_organization() {
        let planner = user(Role::Planning, 1, &[]);
        assert!(may_edit_department(&planner, &dept(20, 1, None)));
        assert!(!may_edit_department(&planner, &dept(20, 2, None)));
        assert!(require_planning(&Actor::User(planner.clone()), OrgId(2)).is_err());
        assert!(require_admin(&Actor::User(planner), OrgId(1)).is_err());
        assert!(!may_edit_department(&user(Role::Viewer, 1, &[20]), &dept(20, 1, None)));
        let mut gone = user(Role::Admin, 1, &[]);
        gone.disabled = true;
        assert!(require_staff(&Actor::User(gone), OrgId(1)).is_err());
    }
}
