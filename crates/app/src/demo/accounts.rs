//! Demo staff accounts, so the editing side can be tried at once: one per role, with
//! random passwords that are returned (and printed by the CLI) only when an account is
//! created. Existing accounts are left alone.

use crate::access::Actor;
use crate::accounts::{create_user, UserInput};
use crate::auth::token::random_token;
use crate::error::Result;
use hoshin_domain::*;

/// One demo account; `password` is `Some` only when it was created just now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoAccount {
    pub login: &'static str,
    pub role: Role,
    pub department: Option<&'static str>,
    pub password: Option<String>,
}

const ACCOUNTS: &[(&str, &str, Role, Option<&str>)] = &[
    ("admin", "管理 太郎", Role::Admin, None),
    ("kikaku", "企画 花子", Role::Planning, None),
    ("kodomo", "子育 一郎", Role::Editor, Some("こども未来部")),
    ("kankyo", "環境 次郎", Role::Editor, Some("環境部")),
    ("etsuran", "閲覧 三子", Role::Viewer, None),
];

/// Creates the demo accounts that do not exist yet.
pub async fn seed_demo_accounts(store: &(impl crate::Db + ?Sized), org: OrgId) -> Result<Vec<DemoAccount>> {
    let store = crate::db::store(store);
    let depts = store.list_departments(org).await?;
    let mut out = Vec::new();
    for (login, name, role, dept) in ACCOUNTS {
        let exists = store.find_user_by_login(login).await?.is_some();
        let password = if exists {
            None
        } else {
            let password: String = random_token().chars().take(16).collect();
            let departments =
                dept.and_then(|n| depts.iter().find(|d| d.name == n)).map(|d| vec![d.id]).unwrap_or_default();
            let input = UserInput {
                org_id: org,
                login: login.to_string(),
                display_name: name.to_string(),
                password: password.clone(),
                role: *role,
                departments,
            };
            create_user(store, &Actor::System, &input).await?;
            Some(password)
        };
        out.push(DemoAccount { login, role: *role, department: *dept, password });
    }
    Ok(out)
}
