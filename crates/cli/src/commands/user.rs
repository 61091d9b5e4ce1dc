//! `hoshin user add|list|disable|reset-password|email`: account administration from the shell —
//! how the first administrator is created. Runs as the system actor; every change is audited.

use super::{column_width, pad};
use crate::cli::UserCommand;
use crate::config::Config;
use anyhow::{anyhow, bail, Context, Result};
use hoshin_app::access::Actor;
use hoshin_app::accounts::{create_user, reset_password, update_user, UserInput};
use hoshin_app::notify::inbox::set_email_of;
use hoshin_domain::*;
use hoshin_store::{Page, Read};
use std::io::BufRead;
use std::process::ExitCode;

pub async fn run(cmd: UserCommand, config: &Config) -> Result<ExitCode> {
    let store = super::open(config).await?;
    let s = store.as_ref();
    match cmd {
        UserCommand::Add(a) => {
            let org = find_org(s, &a.org).await?;
            let role = Role::parse(&a.role).map_err(|_| anyhow!("--role must be admin, planning, editor or viewer"))?;
            let departments = find_departments(s, org.id, &a.departments).await?;
            let (password, generated) = password(a.password_stdin)?;
            let input = UserInput {
                org_id: org.id,
                login: a.login.clone(),
                display_name: a.name.clone(),
                password: password.clone(),
                role,
                departments,
            };
            let id = create_user(s, &Actor::System, &input).await.map_err(explain)?;
            if let Some(email) = &a.email {
                let app = hoshin_app::App::new(store.clone());
                set_email_of(&app, &Actor::System, id, email).await.map_err(explain)?;
            }
            println!("created user {} (id {id}) in {} as {} ({})", a.login, org.name, role.as_str(), role.label());
            if generated {
                println!("initial password (shown once; give it to the user in person): {password}");
            }
        }
        UserCommand::List(a) => {
            let org = find_org(s, &a.org).await?;
            let depts = s.list_departments(org.id).await?;
            let users = s.list_users(org.id).await?;
            let dept_names = |u: &User| -> String {
                let names: Vec<&str> = u
                    .departments
                    .iter()
                    .filter_map(|d| depts.iter().find(|x| x.id == *d).map(|x| x.name.as_str()))
                    .collect();
                names.join(", ")
            };
            let lw = column_width(users.iter().map(|u| u.login.as_str()).chain(["login"]));
            let nw = column_width(users.iter().map(|u| u.display_name.as_str()).chain(["name"]));
            println!("{}  {}  {:<10} {:<8} departments", pad("login", lw), pad("name", nw), "role", "state");
            for u in &users {
                let state = if u.disabled { "disabled" } else { "active" };
                println!(
                    "{}  {}  {:<10} {:<8} {}",
                    pad(&u.login, lw),
                    pad(&u.display_name, nw),
                    u.role.as_str(),
                    state,
                    dept_names(u)
                );
            }
            println!("{} account(s) in {}", users.len(), org.name);
        }
        UserCommand::Disable(a) => {
            let mut user = find_user(s, &a.login).await?;
            user.disabled = !a.enable;
            update_user(s, &Actor::System, &user).await.map_err(explain)?;
            println!("{} is now {}", a.login, if a.enable { "enabled" } else { "disabled (sessions ended)" });
        }
        UserCommand::ResetPassword(a) => {
            let user = find_user(s, &a.login).await?;
            let (password, generated) = password(a.password_stdin)?;
            reset_password(s, &Actor::System, user.id, &password).await.map_err(explain)?;
            println!("password of {} reset (lockout cleared, sessions ended)", a.login);
            if generated {
                println!("new password (shown once): {password}");
            }
        }
        UserCommand::Email(a) => {
            let user = find_user(s, &a.login).await?;
            let app = hoshin_app::App::new(store.clone());
            let address = a.address.as_deref().unwrap_or("");
            match set_email_of(&app, &Actor::System, user.id, address).await.map_err(explain)? {
                Some(e) => println!("notifications of {} are mailed to {e}", a.login),
                None => println!("notifications of {} stay in the inbox (no address)", a.login),
            }
        }
    }
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

/// Use-case errors carry Japanese messages meant for the person at the keyboard.
pub(super) fn explain(e: hoshin_app::AppError) -> anyhow::Error {
    match e {
        hoshin_app::AppError::Invalid { field, message } => anyhow!("{field}: {message}"),
        other => anyhow::Error::new(other),
    }
}

fn password(from_stdin: bool) -> Result<(String, bool)> {
    if from_stdin {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).context("reading the password from stdin")?;
        let p = line.trim_end_matches(['\r', '\n']).to_string();
        if p.is_empty() {
            bail!("no password on stdin");
        }
        return Ok((p, false));
    }
    // 24 URL-safe characters from 18 random bytes: about 144 bits.
    let token = hoshin_app::auth::token::random_token();
    Ok((token.chars().take(24).collect(), true))
}

pub(super) async fn find_org(s: &dyn Read, key: &str) -> Result<Organization> {
    if let Ok(code) = OrgCode::parse(key) {
        if let Some(o) = s.find_organization_by_code(&code).await? {
            return Ok(o);
        }
    }
    if let Some(o) = s.find_organization_by_name(key).await? {
        return Ok(o);
    }
    if let Ok(id) = key.parse::<i64>() {
        if let Ok(o) = s.get_organization(OrgId(id)).await {
            return Ok(o);
        }
    }
    let known: Vec<String> = s.list_organizations(Page::first(10)).await?.into_iter().map(|o| o.name).collect();
    bail!("no organization {key:?} (by name, code or id); some that exist: {}", known.join(", "))
}

pub(super) async fn find_departments(s: &dyn Read, org: OrgId, keys: &[String]) -> Result<Vec<DepartmentId>> {
    let all = s.list_departments(org).await?;
    keys.iter()
        .map(|k| {
            all.iter()
                .find(|d| d.name == *k || d.id.0.to_string() == *k)
                .map(|d| d.id)
                .ok_or_else(|| anyhow!("no department {k:?} in this organization"))
        })
        .collect()
}

async fn find_user(s: &dyn Read, login: &str) -> Result<User> {
    Ok(hoshin_app::accounts::find_login(s, login).await?.ok_or_else(|| anyhow!("no user with login {login:?}"))?.0)
}
