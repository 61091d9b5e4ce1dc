//! `hoshin org add|list|set-code` and `hoshin department add|list`: setting up an organization that
//! starts in hoshin rather than from an imported document. Runs as the system actor; every
//! change is audited.

use super::user::{explain, find_departments, find_org};
use super::{column_width, pad};
use crate::cli::{DepartmentCommand, OrgCommand};
use crate::config::Config;
use anyhow::{anyhow, Result};
use hoshin_app::access::Actor;
use hoshin_app::setup::{create_department, create_organization, set_organization_code};
use hoshin_domain::*;
use hoshin_store::Page;
use std::process::ExitCode;

pub async fn org(cmd: OrgCommand, config: &Config) -> Result<ExitCode> {
    let store = super::open(config).await?;
    let s = store.as_ref();
    match cmd {
        OrgCommand::Add(a) => {
            let code = a.code.as_deref().map(OrgCode::parse).transpose().map_err(|e| anyhow!("--code: {e}"))?;
            let id = create_organization(s, &Actor::System, &a.name, code, a.prefecture.as_deref())
                .await
                .map_err(explain)?;
            println!("registered {} (id {id})", a.name.trim());
            println!("next: hoshin department add --org {} NAME, then hoshin user add --org {} … --role admin", id, id);
        }
        OrgCommand::SetCode(a) => {
            let code = OrgCode::parse(&a.code).map_err(|e| anyhow!("{}: {e}", a.code))?;
            let org = find_org(s, &a.org).await?;
            set_organization_code(s, &Actor::System, org.id, code.clone()).await.map_err(explain)?;
            println!("{}: 団体コード {code}", org.name);
        }
        OrgCommand::List(_) => {
            let mut all = Vec::new();
            let mut page = Page::first(Page::MAX_LIMIT);
            loop {
                let batch = s.list_organizations(page).await?;
                let done = batch.len() < page.limit as usize;
                all.extend(batch);
                if done {
                    break;
                }
                page = page.next();
            }
            let w = column_width(all.iter().map(|o| o.name.as_str()).chain(["name"]));
            println!("{:>6}  {}  {:<6}  prefecture", "id", pad("name", w), "code");
            for o in &all {
                let code = o.code.as_ref().map(ToString::to_string).unwrap_or_default();
                println!("{:>6}  {}  {:<6}  {}", o.id, pad(&o.name, w), code, o.prefecture.as_deref().unwrap_or(""));
            }
            println!("{} organization(s)", all.len());
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn department(cmd: DepartmentCommand, config: &Config) -> Result<ExitCode> {
    let store = super::open(config).await?;
    let s = store.as_ref();
    match cmd {
        DepartmentCommand::Add(a) => {
            let org = find_org(s, &a.org).await?;
            let parent = match &a.parent {
                Some(p) => Some(find_departments(s, org.id, std::slice::from_ref(p)).await?[0]),
                None => None,
            };
            let id = create_department(s, &Actor::System, org.id, &a.name, parent).await.map_err(explain)?;
            let kind = if parent.is_some() { "section (課)" } else { "department (部)" };
            println!("added {kind} {} (id {id}) to {}", a.name.trim(), org.name);
        }
        DepartmentCommand::List(a) => {
            let org = find_org(s, &a.org).await?;
            let all = s.list_departments(org.id).await?;
            let mut tops: Vec<&Department> = all.iter().filter(|d| d.parent_id.is_none()).collect();
            tops.sort_by_key(|d| (d.sort_order, d.id.0));
            for d in &tops {
                println!("{:>6}  {}", d.id, d.name);
                let mut sections: Vec<&Department> = all.iter().filter(|x| x.parent_id == Some(d.id)).collect();
                sections.sort_by_key(|x| (x.sort_order, x.id.0));
                for x in sections {
                    println!("{:>6}    └ {}", x.id, x.name);
                }
            }
            println!("{} department(s) and {} section(s) in {}", tops.len(), all.len() - tops.len(), org.name);
        }
    }
    Ok(ExitCode::SUCCESS)
}
