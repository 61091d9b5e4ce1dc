//! Records → [`IndexDoc`]s: what each kind of record contributes to the index (title, body,
//! facets, link) and who may see it. Names (organizations, departments, themes) and revision
//! states are looked up through [`Names`], which loads each id once.

use crate::error::Result;
use hoshin_domain::*;
use hoshin_search::{IndexDoc, Kind, Visibility};
use hoshin_store::Read;
use std::collections::{HashMap, HashSet};

/// Index keys: one letter for the kind of record, then its id.
pub fn initiative_key(id: i64) -> String {
    format!("i:{id}")
}
pub fn indicator_key(id: i64) -> String {
    format!("k:{id}")
}
pub fn node_key(id: i64) -> String {
    format!("n:{id}")
}
pub fn stance_key(id: i64) -> String {
    format!("s:{id}")
}

/// Names and states by id, loaded on demand and kept (a rebuild reads each once).
#[derive(Debug, Default)]
pub struct Names {
    orgs: HashMap<OrgId, Organization>,
    depts: HashMap<DepartmentId, Department>,
    themes: HashMap<ThemeId, String>,
    revisions: HashMap<RevisionId, RevisionState>,
}

fn missing<K: Copy + Eq + std::hash::Hash, V>(have: &HashMap<K, V>, want: impl Iterator<Item = K>) -> Vec<K> {
    let mut seen = HashSet::new();
    want.filter(|k| !have.contains_key(k) && seen.insert(*k)).collect()
}

impl Names {
    /// Forgets everything (names may have changed).
    pub fn clear(&mut self) {
        *self = Self::default();
    }

    /// Forgets revision states (they change with the workflow).
    pub fn forget_revisions(&mut self) {
        self.revisions.clear();
    }

    async fn load(
        &mut self,
        store: &dyn Read,
        orgs: impl Iterator<Item = OrgId>,
        depts: impl Iterator<Item = DepartmentId>,
        themes: impl Iterator<Item = ThemeId>,
        revisions: impl Iterator<Item = RevisionId>,
    ) -> Result<()> {
        let d = missing(&self.depts, depts);
        for dept in store.departments_by_ids(&d).await? {
            self.depts.insert(dept.id, dept);
        }
        let dept_orgs: Vec<OrgId> = self.depts.values().map(|d| d.org_id).collect();
        let o = missing(&self.orgs, orgs.chain(dept_orgs));
        for org in store.orgs_by_ids(&o).await? {
            self.orgs.insert(org.id, org);
        }
        let t = missing(&self.themes, themes);
        for theme in store.themes_by_ids(&t).await? {
            self.themes.insert(theme.id, theme.name);
        }
        let r: Vec<i64> = missing(&self.revisions, revisions).into_iter().map(|r| r.0).collect();
        for (id, state) in store.revision_states(&r).await? {
            self.revisions.insert(id, state);
        }
        Ok(())
    }

    fn org(&self, id: OrgId) -> (String, Option<String>) {
        self.orgs.get(&id).map(|o| (o.name.clone(), o.prefecture.clone())).unwrap_or_default()
    }

    fn dept(&self, id: Option<DepartmentId>) -> Option<String> {
        id.and_then(|d| self.depts.get(&d)).map(|d| d.name.clone())
    }

    fn theme(&self, id: Option<ThemeId>) -> Option<String> {
        id.and_then(|t| self.themes.get(&t)).cloned()
    }

    /// Who may see a row: the public record; an open revision's row its organization's staff;
    /// a published revision's row (kept as the record of what was published) nobody.
    fn visibility(&self, draft: Option<&Draft>, org: OrgId) -> Option<Visibility> {
        match draft {
            None => Some(Visibility::Public),
            Some(d) => match self.revisions.get(&d.revision_id) {
                Some(RevisionState::Published) | None => None,
                Some(_) => Some(Visibility::Draft(org.0)),
            },
        }
    }
}

fn join(parts: impl IntoIterator<Item = Option<String>>) -> String {
    parts.into_iter().flatten().filter(|s| !s.trim().is_empty()).collect::<Vec<_>>().join("\n")
}

/// Documents for `items`, and the keys of those nobody may see (to delete).
pub async fn initiative_docs(
    store: &(impl crate::ReadDb + ?Sized),
    names: &mut Names,
    items: &[Initiative],
) -> Result<(Vec<IndexDoc>, Vec<String>)> {
    let store = crate::db::read(store);
    let ids: Vec<InitiativeId> = items.iter().map(|i| i.id).collect();
    let raw: Vec<i64> = ids.iter().map(|i| i.0).collect();
    let mut reviews: HashMap<InitiativeId, Vec<String>> = HashMap::new();
    for r in store.reviews_of(&ids).await? {
        reviews.entry(r.initiative_id).or_default().extend([r.result, r.issues_next].into_iter().flatten());
    }
    let mut genres: HashMap<InitiativeId, Vec<String>> = HashMap::new();
    for (id, g) in store.initiative_genres(&raw).await? {
        let label = g.label().to_string();
        let list = genres.entry(id).or_default();
        if !list.contains(&label) {
            list.push(label);
        }
    }
    names
        .load(
            store,
            items.iter().map(|i| i.org_id),
            items.iter().filter_map(|i| i.department_id),
            items.iter().filter_map(|i| i.theme_id),
            items.iter().filter_map(|i| i.draft.as_ref().map(|d| d.revision_id)),
        )
        .await?;
    let (mut docs, mut hidden) = (Vec::with_capacity(items.len()), Vec::new());
    for i in items {
        let key = initiative_key(i.id.0);
        let Some(visibility) = names.visibility(i.draft.as_ref(), i.org_id) else {
            hidden.push(key);
            continue;
        };
        let url = match &i.draft {
            Some(d) => format!("/manage/revisions/{}/initiatives/{}", d.revision_id.0, i.id.0),
            None => format!("/initiatives/{}", i.id.0),
        };
        let body = join(
            [i.summary.clone(), i.reform_text.clone()]
                .into_iter()
                .chain(i.sections.iter().map(|s| Some(s.body.clone())))
                .chain(i.milestones.iter().map(|m| Some(m.text.clone())))
                .chain(reviews.remove(&i.id).unwrap_or_default().into_iter().map(Some)),
        );
        let (org_name, prefecture) = names.org(i.org_id);
        docs.push(IndexDoc {
            key,
            kind: if i.kind == InitiativeKind::Program { Kind::Program } else { Kind::Initiative },
            title: i.name.clone(),
            body,
            url,
            visibility,
            org_id: i.org_id.0,
            org_name,
            prefecture,
            year: i.fiscal_year.map(|y| y.year()),
            department: names.dept(i.department_id),
            theme: names.theme(i.theme_id),
            perspectives: i.reform_perspectives.iter().map(|p| p.name.clone()).collect(),
            sdgs: i.sdg_goals.iter().map(|g| g.number()).collect(),
            genres: genres.remove(&i.id).unwrap_or_default(),
        });
    }
    Ok((docs, hidden))
}

/// KPI documents; an initiative's KPI takes its year, department and theme.
pub async fn indicator_docs(
    store: &(impl crate::ReadDb + ?Sized),
    names: &mut Names,
    items: &[Indicator],
) -> Result<(Vec<IndexDoc>, Vec<String>)> {
    let store = crate::db::read(store);
    let owners: Vec<i64> = items
        .iter()
        .filter_map(|k| match k.owner {
            Some(IndicatorOwner::Initiative(i)) => Some(i.0),
            _ => None,
        })
        .collect();
    let owners: HashMap<InitiativeId, Initiative> =
        store.initiatives_by_ids(&owners).await?.into_iter().map(|i| (i.id, i)).collect();
    names
        .load(
            store,
            items.iter().map(|k| k.org_id),
            owners.values().filter_map(|i| i.department_id),
            owners.values().filter_map(|i| i.theme_id),
            items.iter().filter_map(|k| k.draft.as_ref().map(|d| d.revision_id)),
        )
        .await?;
    let (mut docs, mut hidden) = (Vec::with_capacity(items.len()), Vec::new());
    for k in items {
        let key = indicator_key(k.id.0);
        let owner = match k.owner {
            Some(IndicatorOwner::Initiative(i)) => owners.get(&i),
            _ => None,
        };
        let url = match (&k.draft, owner) {
            (None, _) => Some(format!("/indicators/{}", k.id.0)),
            (Some(d), Some(o)) => Some(format!("/manage/revisions/{}/initiatives/{}", d.revision_id.0, o.id.0)),
            (Some(_), None) => None,
        };
        let (Some(visibility), Some(url)) = (names.visibility(k.draft.as_ref(), k.org_id), url) else {
            hidden.push(key);
            continue;
        };
        let q = |label: &str, v: &Option<Quantity>| v.as_ref().map(|q| format!("{label}：{}", q.text));
        let body = join([
            owner.map(|o| o.name.clone()),
            q("現状値", &k.baseline),
            k.baseline_note.clone(),
            q("目標値", &k.target),
            k.unit.clone(),
        ]);
        let (org_name, prefecture) = names.org(k.org_id);
        docs.push(IndexDoc {
            key,
            kind: Kind::Indicator,
            title: k.name.clone(),
            body,
            url,
            visibility,
            org_id: k.org_id.0,
            org_name,
            prefecture,
            year: owner.and_then(|o| o.fiscal_year).or(k.target_year).map(|y| y.year()),
            department: owner.and_then(|o| names.dept(o.department_id)),
            theme: owner.and_then(|o| names.theme(o.theme_id)),
            perspectives: Vec::new(),
            sdgs: Vec::new(),
            genres: Vec::new(),
        });
    }
    Ok((docs, hidden))
}

/// Plan-node documents (政策・施策 and their 目指す姿, 現況と課題).
pub async fn node_docs(
    store: &(impl crate::ReadDb + ?Sized),
    names: &mut Names,
    items: &[(PlanNode, OrgId)],
) -> Result<Vec<IndexDoc>> {
    let store = crate::db::read(store);
    names
        .load(store, items.iter().map(|(_, o)| *o), std::iter::empty(), std::iter::empty(), std::iter::empty())
        .await?;
    Ok(items
        .iter()
        .map(|(n, org)| {
            let (org_name, prefecture) = names.org(*org);
            IndexDoc {
                key: node_key(n.id.0),
                kind: Kind::Node,
                title: match &n.code {
                    Some(c) => format!("{c} {}", n.title),
                    None => n.title.clone(),
                },
                body: join([n.vision.clone(), n.current_issues.clone(), n.sdgs_direction.clone()]),
                url: format!("/nodes/{}", n.id.0),
                visibility: Visibility::Public,
                org_id: org.0,
                org_name,
                prefecture,
                year: None,
                department: None,
                theme: None,
                perspectives: Vec::new(),
                sdgs: n.sdg_goals.iter().map(|g| g.number()).collect(),
                genres: Vec::new(),
            }
        })
        .collect())
}

/// Department stance documents (部局運営方針の基本的考え方).
pub async fn stance_docs(
    store: &(impl crate::ReadDb + ?Sized),
    names: &mut Names,
    items: &[DepartmentPolicy],
) -> Result<Vec<IndexDoc>> {
    let store = crate::db::read(store);
    names
        .load(store, std::iter::empty(), items.iter().map(|p| p.department_id), std::iter::empty(), std::iter::empty())
        .await?;
    let mut out = Vec::with_capacity(items.len());
    for p in items {
        let Some(dept) = names.depts.get(&p.department_id) else { continue };
        let (org_name, prefecture) = names.org(dept.org_id);
        out.push(IndexDoc {
            key: stance_key(p.id.0),
            kind: Kind::Stance,
            title: format!("{}の部局運営方針（{}）", dept.name, p.fiscal_year.label()),
            body: join([Some(p.stance.clone()), p.notes.clone()]),
            url: format!("/orgs/{}/years/{}/departments/{}", dept.org_id.0, p.fiscal_year.year(), dept.id.0),
            visibility: Visibility::Public,
            org_id: dept.org_id.0,
            org_name,
            prefecture,
            year: Some(p.fiscal_year.year()),
            department: Some(dept.name.clone()),
            theme: None,
            perspectives: Vec::new(),
            sdgs: Vec::new(),
            genres: Vec::new(),
        });
    }
    Ok(out)
}
