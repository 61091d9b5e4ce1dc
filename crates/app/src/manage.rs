//! What the staff pages of a department's policy read, gathered per page: the department's
//! page for a year (the open revision or the published record) and an initiative's edit
//! form. Rights are checked by the callers' scope ([`crate::editing::staff_scope`]); writes
//! are [`crate::editing`]'s and [`crate::workflow`]'s.

use crate::editing::{family, MAX_INITIATIVES};
use crate::error::Result;
use crate::ReadDb;
use hoshin_domain::*;
use hoshin_store::{Page, StoredScale};

/// Plans whose nodes an initiative is linked to from the forms.
pub const LINKABLE: [PlanKind; 3] = [PlanKind::Comprehensive, PlanKind::Basic, PlanKind::BasicPolicy];

/// The nodes an initiative may link to: every plan of a [`LINKABLE`] kind with its nodes
/// (plans without nodes left out), and the nodes of `selected` that are not in those plans.
#[derive(Debug, Default)]
pub struct LinkablePlans {
    pub plans: Vec<(Plan, Vec<PlanNode>)>,
    pub others: Vec<PlanNode>,
}

/// The 行革の視点 the organization uses (its initiatives', published and drafts): the choices
/// the initiative form offers.
pub async fn reform_perspectives(db: &(impl ReadDb + ?Sized), org: OrgId) -> Result<Vec<ReformPerspective>> {
    Ok(crate::db::read(db).reform_perspectives_of(org).await?)
}

pub async fn linkable_plans(db: &(impl ReadDb + ?Sized), org: OrgId, selected: &[NodeId]) -> Result<LinkablePlans> {
    let r = crate::db::read(db);
    let mut plans = Vec::new();
    for plan in r.list_plans(org).await?.into_iter().filter(|p| LINKABLE.contains(&p.kind)) {
        let nodes = r.plan_nodes(plan.id).await?;
        if !nodes.is_empty() {
            plans.push((plan, nodes));
        }
    }
    let missing: Vec<NodeId> =
        selected.iter().copied().filter(|n| !plans.iter().any(|(_, ns)| ns.iter().any(|x| x.id == *n))).collect();
    let others = if missing.is_empty() { Vec::new() } else { r.nodes_by_ids(&missing).await? };
    Ok(LinkablePlans { plans, others })
}

/// What an initiative's edit form shows besides the initiative.
#[derive(Debug)]
pub struct InitiativeForm {
    /// The themes of the revision's year.
    pub themes: Vec<PriorityTheme>,
    /// Every department of the organization (the 担当課 choice).
    pub departments: Vec<Department>,
    /// The linked nodes (read-only view; empty when editable).
    pub linked: Vec<PlanNode>,
    pub kpis: Vec<Indicator>,
    pub review: Option<GoalReview>,
    pub scales: Vec<StoredScale>,
}

pub async fn initiative_form(
    db: &(impl ReadDb + ?Sized),
    dept: &Department,
    year: FiscalYear,
    item: &Initiative,
    editable: bool,
) -> Result<InitiativeForm> {
    let r = crate::db::read(db);
    let themes = r.list_themes(dept.org_id, year).await?;
    let departments = r.list_departments(dept.org_id).await?;
    let linked = if editable { Vec::new() } else { r.nodes_by_ids(&item.node_ids).await? };
    let kpis = r.indicators_of(IndicatorOwner::Initiative(item.id)).await?;
    let review = r.get_goal_review(item.id, year).await?;
    let scales = r.judgement_scales(dept.org_id).await?;
    Ok(InitiativeForm { themes, departments, linked, kpis, review, scales })
}

/// What a department's staff page shows of one year: the open revision's rows, or (none
/// open) the published record of the department and its 課.
#[derive(Debug)]
pub struct YearContent {
    pub stance: String,
    pub notes: Option<String>,
    pub items: Vec<Initiative>,
    pub kpis: Vec<Indicator>,
    /// The year's reviews of `items`.
    pub reviews: Vec<GoalReview>,
}

pub async fn year_content(
    db: &(impl ReadDb + ?Sized),
    dept: &Department,
    year: FiscalYear,
    open: Option<&PolicyRevision>,
) -> Result<YearContent> {
    let r = crate::db::read(db);
    let (stance, notes, items, kpis) = match open {
        Some(rev) => {
            let items = r.revision_initiatives(rev.id).await?;
            let inds = r.revision_indicators(rev.id).await?;
            (rev.stance.clone(), rev.notes.clone(), items, inds)
        }
        None => {
            let fam = family(r, dept).await?;
            let items = r.departments_initiatives(&fam, year, Page::first(MAX_INITIATIVES)).await?;
            let mut inds = Vec::new();
            for i in &items {
                inds.extend(r.indicators_of(IndicatorOwner::Initiative(i.id)).await?);
            }
            let policy = r.get_department_policy(dept.id, year).await?;
            let (s, n) = policy.map(|p| (p.stance, p.notes)).unwrap_or_default();
            (s, n, items, inds)
        }
    };
    let ids: Vec<InitiativeId> = items.iter().map(|i| i.id).collect();
    let mut reviews = r.reviews_of(&ids).await?;
    reviews.retain(|g| g.fiscal_year == year);
    Ok(YearContent { stance, notes, items, kpis, reviews })
}

/// The department page's frame: its organization, every department, the department's
/// revisions of the year (oldest first), the year's themes.
#[derive(Debug)]
pub struct DepartmentYear {
    pub org: Organization,
    pub departments: Vec<Department>,
    pub revisions: Vec<PolicyRevision>,
    pub themes: Vec<PriorityTheme>,
}

pub async fn department_year(
    db: &(impl ReadDb + ?Sized),
    dept: &Department,
    year: FiscalYear,
) -> Result<DepartmentYear> {
    let r = crate::db::read(db);
    let org = r.get_organization(dept.org_id).await?;
    let departments = r.list_departments(org.id).await?;
    let revisions = r.revisions_of(dept.id, year).await?;
    let themes = r.list_themes(org.id, year).await?;
    Ok(DepartmentYear { org, departments, revisions, themes })
}

/// Plan nodes by id.
pub async fn nodes(db: &(impl ReadDb + ?Sized), ids: &[NodeId]) -> Result<Vec<PlanNode>> {
    Ok(crate::db::read(db).nodes_by_ids(ids).await?)
}

/// Display names of the users who created, submitted, decided and published `revs` (a
/// user that cannot be read is 「（不明）」).
pub async fn revision_people(db: &(impl ReadDb + ?Sized), revs: &[PolicyRevision]) -> Vec<(UserId, String)> {
    let r = crate::db::read(db);
    let mut ids: Vec<UserId> =
        revs.iter().flat_map(|r| [r.created_by, r.submitted_by, r.decided_by, r.published_by]).flatten().collect();
    ids.sort_by_key(|u| u.0);
    ids.dedup();
    let mut names = Vec::new();
    for id in ids {
        let name = match r.get_user(id).await {
            Ok(u) => u.display_name,
            Err(_) => "（不明）".to_string(),
        };
        names.push((id, name));
    }
    names
}
