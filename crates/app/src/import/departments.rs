//! Which stored department each department a document names is: by its current name, by a
//! name it had before (the rename history), or — for a department renamed between years — by
//! a similar name no other department of the document takes. What matches nothing is new.
//! The staff page shows this mapping and lets a person correct it; the CLI takes it as proposed.

use crate::access::Actor;
use crate::audit;
use crate::error::Result;
use hoshin_domain::similarity::similarity;
use hoshin_domain::text::compare_key;
use hoshin_domain::*;
use hoshin_importer::Extraction;
use hoshin_store::{Page, Read, Tx};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Names closer than this (Dice coefficient of character bigrams) are proposed as one
/// department renamed: 「総務部・選挙管理委員会事務局」 and 「総務部(選挙管理委員会事務局)」.
const RENAME_SIMILARITY: f64 = 0.75;

/// Where a department the document names goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "choice", content = "id")]
pub enum DepartmentChoice {
    /// A stored department of the organization.
    Existing(DepartmentId),
    /// A new department of that name.
    New,
}

/// How a stored department was found for a document's name.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchHow {
    /// Its current name.
    Name,
    /// A name it had before (rename history).
    FormerName(String),
    /// A similar name: proposed as the same department, renamed.
    Similar,
    /// A person chose it.
    Chosen,
}

/// One department the document names, and where it goes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DepartmentMatch {
    /// As the document writes it.
    pub written: String,
    pub choice: DepartmentChoice,
    /// The stored department's current name, when the choice is an existing one.
    pub stored_name: Option<String>,
    pub how: Option<MatchHow>,
}

/// Every department name a document uses, in order of first use.
pub fn document_departments(ex: &Extraction) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let names = ex
        .departments
        .iter()
        .chain(ex.department_stances.iter().map(|s| &s.department))
        .chain(ex.initiatives.iter().flat_map(|i| i.parent_department.iter().chain(i.department.iter())));
    for n in names {
        if !n.trim().is_empty() && !out.iter().any(|o| compare_key(o) == compare_key(n)) {
            out.push(n.clone());
        }
    }
    out
}

/// Proposes where each name goes; `chosen` (the staff page's corrections, by name as
/// written) overrides the proposal.
pub async fn propose(
    r: &(impl crate::ReadDb + ?Sized),
    org: Option<OrgId>,
    names: &[String],
    chosen: &BTreeMap<String, DepartmentChoice>,
) -> Result<Vec<DepartmentMatch>> {
    let r = crate::db::read(r);
    let stored = match org {
        Some(o) => r.list_departments(o).await?,
        None => Vec::new(),
    };
    let mut former: Vec<(String, DepartmentId)> = Vec::new();
    for d in &stored {
        for n in r.department_names(d.id).await? {
            if compare_key(&n.name) != compare_key(&d.name) {
                former.push((n.name, d.id));
            }
        }
    }
    let by_id: HashMap<DepartmentId, &Department> = stored.iter().map(|d| (d.id, d)).collect();
    let mut out: Vec<DepartmentMatch> = names
        .iter()
        .map(|w| {
            let key = compare_key(w);
            let (choice, how) = if let Some(c) = chosen.get(w) {
                (*c, matches!(c, DepartmentChoice::Existing(_)).then_some(MatchHow::Chosen))
            } else if let Some(d) = stored.iter().find(|d| compare_key(&d.name) == key) {
                (DepartmentChoice::Existing(d.id), Some(MatchHow::Name))
            } else if let Some((n, id)) = former.iter().find(|(n, _)| compare_key(n) == key) {
                (DepartmentChoice::Existing(*id), Some(MatchHow::FormerName(n.clone())))
            } else {
                (DepartmentChoice::New, None)
            };
            DepartmentMatch { written: w.clone(), choice, stored_name: None, how }
        })
        .collect();
    // Renamed between years: a new name close to a stored department no name of this
    // document takes, best pairs first.
    let mut pairs: Vec<(f64, usize, DepartmentId)> = Vec::new();
    for (i, m) in out.iter().enumerate() {
        if m.choice != DepartmentChoice::New || chosen.contains_key(&m.written) {
            continue;
        }
        for d in &stored {
            let s = similarity(&m.written, &d.name);
            if s >= RENAME_SIMILARITY {
                pairs.push((s, i, d.id));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (_, i, id) in pairs {
        let taken = out.iter().any(|m| m.choice == DepartmentChoice::Existing(id));
        if !taken && out[i].choice == DepartmentChoice::New {
            out[i].choice = DepartmentChoice::Existing(id);
            out[i].how = Some(MatchHow::Similar);
        }
    }
    for m in &mut out {
        if let DepartmentChoice::Existing(id) = m.choice {
            m.stored_name = by_id.get(&id).map(|d| d.name.clone());
        }
    }
    Ok(out)
}

/// Applies a mapping inside the import's transaction: returns the aliases (name as written →
/// department) for the writer. A department found under a different name for a year later
/// than any year it has initiatives in is renamed from that year on (audited), so its pages
/// show the name of each year; for an older document the name is only mapped.
pub(crate) async fn apply(
    tx: &dyn Tx,
    actor: &Actor,
    org: OrgId,
    matches: &[DepartmentMatch],
    year: Option<FiscalYear>,
    warnings: &mut Vec<String>,
) -> Result<HashMap<String, DepartmentId>> {
    let mut aliases = HashMap::new();
    for m in matches {
        let DepartmentChoice::Existing(id) = m.choice else { continue };
        let dept = tx.get_department(id).await?;
        if dept.org_id != org {
            return Err(crate::AppError::invalid(
                "departments",
                format!("「{}」はこの自治体の部局ではありません", dept.name),
            ));
        }
        aliases.insert(compare_key(&m.written), id);
        if compare_key(&dept.name) == compare_key(&m.written) || matches!(m.how, Some(MatchHow::FormerName(_))) {
            continue;
        }
        match year {
            Some(y) if latest_year(tx, org, id).await?.is_none_or(|last| last < y) => {
                let version = tx.rename_department(id, dept.meta.version, &m.written, Some(y)).await?;
                let after = Department { name: m.written.clone(), meta: Meta { version, ..dept.meta }, ..dept.clone() };
                audit::record(tx, actor, "departments", id.0, "rename", Some(&dept), Some(&after)).await?;
                warnings.push(format!("部局「{}」を{}から「{}」に改称しました", dept.name, y.label(), m.written));
            }
            _ => warnings.push(format!("部局「{}」は「{}」として取り込みます", m.written, dept.name)),
        }
    }
    Ok(aliases)
}

/// The latest fiscal year in which the department or its sections have initiatives.
async fn latest_year(r: &dyn Read, org: OrgId, dept: DepartmentId) -> Result<Option<FiscalYear>> {
    let departments = r.list_departments(org).await?;
    let family: Vec<DepartmentId> =
        departments.iter().filter(|d| d.id == dept || d.parent_id == Some(dept)).map(|d| d.id).collect();
    let mut latest = None;
    for (_, year) in r.org_years(&[org]).await? {
        if !r.departments_initiatives(&family, year, Page::first(1)).await?.is_empty() {
            latest = Some(year);
        }
    }
    Ok(latest)
}
