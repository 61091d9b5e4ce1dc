//! What one public page shows, gathered in one call: the pages render these and read
//! nothing else. (Department pages: [`super::department_year`]; lists and records the API
//! shares: [`super::lists`].)

use crate::error::Result;
use crate::ReadDb;
use hoshin_domain::*;
use hoshin_store::{IndicatorStanding, Page};

/// `/`: a page of organizations with their years and plans.
#[derive(Debug)]
pub struct HomePage {
    pub orgs: Vec<Organization>,
    pub has_next: bool,
    pub years: Vec<(OrgId, FiscalYear)>,
    pub plans: Vec<Plan>,
}

/// Page `n` (from 1) of `per_page` organizations.
pub async fn home(db: &(impl ReadDb + ?Sized), n: u32, per_page: u32) -> Result<HomePage> {
    let r = crate::db::read(db);
    let mut orgs = r.list_organizations(Page { limit: per_page + 1, offset: (n - 1).saturating_mul(per_page) }).await?;
    let has_next = orgs.len() > per_page as usize;
    orgs.truncate(per_page as usize);
    let ids: Vec<OrgId> = orgs.iter().map(|o| o.id).collect();
    let (years, plans) = tokio::try_join!(r.org_years(&ids), r.plans_of_orgs(&ids))?;
    Ok(HomePage { orgs, has_next, years, plans })
}

/// An organization's plans (its page, its year page).
pub async fn org_plans(db: &(impl ReadDb + ?Sized), org: OrgId) -> Result<Vec<Plan>> {
    Ok(crate::db::read(db).list_plans(org).await?)
}

/// `/orgs/{org}/years/{year}`: the year's published themes, the organization's plans and the
/// standing of every KPI of the year.
#[derive(Debug)]
pub struct OrgYearPage {
    pub themes: Vec<PriorityTheme>,
    pub plans: Vec<Plan>,
    pub standings: Vec<IndicatorStanding>,
    /// Whether the year is published, for a year opened in hoshin.
    pub status: Option<crate::year_publishing::YearStatus>,
}

pub async fn org_year(db: &(impl ReadDb + ?Sized), org: OrgId, year: FiscalYear) -> Result<OrgYearPage> {
    let r = crate::db::read(db);
    let (themes, plans, standings, status) = tokio::try_join!(
        async { Ok::<_, crate::AppError>(r.published_themes(org, year).await?) },
        async { Ok(r.list_plans(org).await?) },
        async { Ok(r.indicator_standings(org, year).await?) },
        crate::year_publishing::year_status(r, org, year),
    )?;
    Ok(OrgYearPage { themes, plans, standings, status })
}

/// Every department (and 課) of an organization.
pub async fn departments(db: &(impl ReadDb + ?Sized), org: OrgId) -> Result<Vec<Department>> {
    Ok(crate::db::read(db).list_departments(org).await?)
}

/// `/plans/{id}`: a plan, its organization, its nodes and the plan it belongs under.
#[derive(Debug)]
pub struct PlanPage {
    pub plan: Plan,
    pub org: Organization,
    pub nodes: Vec<PlanNode>,
    pub parent_plan: Option<Plan>,
    /// Progress rolled up the tree in `year`, or without one in the latest measured year up
    /// to `today_year` (none without either).
    pub progress: super::rollup::PlanProgress,
}

pub async fn plan_page(
    db: &(impl ReadDb + ?Sized),
    id: PlanId,
    year: Option<FiscalYear>,
    today_year: Option<FiscalYear>,
) -> Result<PlanPage> {
    let r = crate::db::read(db);
    // Everything needs only the plan's id, so every read starts at once (on PostgreSQL they
    // leave together, `store/src/pgread.rs`: one round trip); for a plan that does not exist
    // they find nothing.
    let reads = async {
        Ok(match year.or(today_year) {
            Some(y) => Some(super::rollup::progress_reads(r, id, year, y).await?),
            None => None,
        })
    };
    let ((plan, org, parent_plan), nodes, reads) = tokio::try_join!(
        async { Ok::<_, crate::AppError>(r.plan_frame(id).await?) },
        async { Ok(r.plan_nodes(id).await?) },
        reads,
    )?;
    let progress = match reads {
        Some(reads) => super::rollup::progress_of(r, plan.id, &nodes, reads).await?,
        None => super::rollup::PlanProgress { year: None, nodes: std::collections::HashMap::new() },
    };
    Ok(PlanPage { plan, org, nodes, parent_plan, progress })
}

/// `/nodes/{id}`: a plan node with its ancestors (root first, at most `max_depth`), children,
/// page `n` of its initiatives, its KPIs, related plans and the department names.
#[derive(Debug)]
pub struct NodePage {
    pub node: PlanNode,
    pub plan: Plan,
    pub org: Organization,
    pub ancestors: Vec<PlanNode>,
    pub children: Vec<PlanNode>,
    pub items: Vec<Initiative>,
    pub has_next: bool,
    pub indicators: Vec<Indicator>,
    /// The KPIs' yearly values (their status is judged against the targets); the kinds are
    /// not read (`kind` is `None`).
    pub facts: std::collections::HashMap<IndicatorId, IndicatorFacts>,
    pub related: Vec<RelatedPlan>,
    pub departments: Vec<Department>,
}

pub async fn node_page(
    db: &(impl ReadDb + ?Sized),
    id: NodeId,
    n: u32,
    per_page: u32,
    max_depth: usize,
) -> Result<NodePage> {
    let r = crate::db::read(db);
    let page = Page { limit: per_page + 1, offset: (n - 1).saturating_mul(per_page) };
    // Everything is chosen by the node's id, so every read starts at once: the plan, its
    // organization and departments by the node (`node_frame`), not after its row; the KPIs'
    // yearly targets (their status is judged against them) by the node, not by the KPIs' ids
    // (`indicators_with_yearly`). On PostgreSQL the reads running at once leave together
    // (`store/src/pgread.rs`): one round trip. For a node that does not exist the reads find
    // nothing; a root node has no ancestors to find.
    let depth = u32::try_from(max_depth).unwrap_or(u32::MAX);
    let owners = async {
        let (node, (plan, org, departments)) = tokio::try_join!(r.get_node(id), r.node_frame(id))?;
        Ok::<_, crate::AppError>((node, plan, org, departments))
    };
    let kpis = async {
        let (indicators, yearly) = r.indicators_with_yearly(IndicatorOwner::Node(id)).await?;
        // The page judges statuses by the yearly values; it shows no kind.
        Ok::<_, crate::AppError>((indicators, crate::periods::yearly_facts(yearly)))
    };
    let ((node, plan, org, departments), ancestors, children, mut items, (indicators, facts), related) = tokio::try_join!(
        owners,
        async { Ok(r.node_ancestors(id, depth).await?) },
        async { Ok(r.child_nodes(id).await?) },
        async { Ok(r.node_initiatives(id, page).await?) },
        kpis,
        async { Ok(r.node_related_plans(id).await?) },
    )?;
    let has_next = items.len() > per_page as usize;
    items.truncate(per_page as usize);
    Ok(NodePage { node, plan, org, ancestors, children, items, has_next, indicators, facts, related, departments })
}

/// What an indicator's page shows besides the indicator: its organization, its owner (node
/// or initiative) and the organization's judgement scales.
#[derive(Debug)]
pub struct IndicatorContext {
    pub org: Organization,
    pub owner_node: Option<PlanNode>,
    pub owner_initiative: Option<Initiative>,
    pub scales: Vec<hoshin_store::StoredScale>,
}

pub async fn indicator_context(db: &(impl ReadDb + ?Sized), ind: &Indicator) -> Result<IndicatorContext> {
    let r = crate::db::read(db);
    let owner = async {
        Ok(match ind.owner {
            Some(IndicatorOwner::Node(n)) => (Some(r.get_node(n).await?), None),
            Some(IndicatorOwner::Initiative(i)) => (None, Some(r.get_initiative(i).await?)),
            None => (None, None),
        })
    };
    let (org, (owner_node, owner_initiative), scales) =
        tokio::try_join!(async { Ok::<_, crate::AppError>(r.get_organization(ind.org_id).await?) }, owner, async {
            Ok(r.judgement_scales(ind.org_id).await?)
        },)?;
    Ok(IndicatorContext { org, owner_node, owner_initiative, scales })
}

/// What an initiative's page shows besides [`super::InitiativeDetail`]: its organization,
/// department, predecessor and successors.
#[derive(Debug)]
pub struct InitiativeContext {
    pub org: Organization,
    pub department: Option<Department>,
    pub predecessor: Option<Initiative>,
    pub successors: Vec<Initiative>,
}

pub async fn initiative_context(db: &(impl ReadDb + ?Sized), i: &Initiative) -> Result<InitiativeContext> {
    let r = crate::db::read(db);
    let department = async {
        Ok(match i.department_id {
            Some(d) => Some(r.get_department(d).await?),
            None => None,
        })
    };
    let (org, department, (predecessor, successors)) =
        tokio::try_join!(async { Ok::<_, crate::AppError>(r.get_organization(i.org_id).await?) }, department, async {
            Ok(r.initiative_neighbours(i.id, i.predecessor_id).await?)
        },)?;
    Ok(InitiativeContext { org, department, predecessor, successors })
}

/// What a department's 目標と振り返り page shows of a year.
#[derive(Debug)]
pub struct ReviewYear {
    pub org: Organization,
    /// The years the organization has published initiatives in (the year navigation).
    pub years: Vec<FiscalYear>,
    pub departments: Vec<Department>,
    pub department: Department,
    /// 段階評価 of the year (issue 15).
    pub evaluations: crate::stages::YearEvaluations,
    /// Its and its 課' published initiatives, at most [`super::MAX_DEPARTMENT_ITEMS`].
    pub items: Vec<Initiative>,
    pub limited: bool,
    /// The nodes the initiatives link to, their plans' kinds, the year's published themes.
    pub links: super::LinkContext,
    pub policy: Option<DepartmentPolicy>,
    /// The initiatives' goal reviews of the year.
    pub reviews: Vec<GoalReview>,
    /// Their interim reviews (中間 …) of the year, and the periods they belong to (none read
    /// when there are none).
    pub interim: Vec<InterimReview>,
    pub periods: Vec<ReportingPeriod>,
}

/// Reads a department's 目標と振り返り page (not found: the organization, or a department of
/// another one). Two steps, each a round trip on PostgreSQL (`store/src/pgread.rs`): what
/// needs only the organization, department and year; then, once the department's 課 are
/// known, their initiatives with what belongs to them, each read by the departments and year
/// rather than by the initiatives read first.
pub async fn review_year(
    db: &(impl ReadDb + ?Sized),
    org: OrgId,
    year: FiscalYear,
    dept: DepartmentId,
) -> Result<ReviewYear> {
    let r = crate::db::read(db);
    let (org, years, departments, evaluations, themes, policy, periods) = tokio::try_join!(
        async { Ok::<_, crate::AppError>(r.get_organization(org).await?) },
        super::years_of(r, org),
        async { Ok(r.list_departments(org).await?) },
        crate::stages::year_evaluations(r, org, year),
        async { Ok(r.published_themes(org, year).await?) },
        async { Ok(r.get_department_policy(dept, year).await?) },
        crate::periods::periods_in(r, org),
    )?;
    let department = super::department_in(&departments, dept)?;
    let fam = super::family(&departments, department.id);
    let ((items, limited), nodes, reviews, interim) = tokio::try_join!(
        super::department_initiatives(r, &fam, year),
        async { Ok(r.departments_year_nodes(&fam, year).await?) },
        async { Ok(r.departments_year_reviews(&fam, year).await?) },
        async { Ok(r.departments_year_interims(&fam, year).await?) },
    )?;
    let periods = if interim.is_empty() { Vec::new() } else { periods };
    let links = super::LinkContext::of(nodes, themes);
    Ok(ReviewYear {
        org,
        years,
        departments,
        department,
        evaluations,
        items,
        limited,
        links,
        policy,
        reviews,
        interim,
        periods,
    })
}

/// Every department's stance of a year (the booklet).
pub async fn year_policies(db: &(impl ReadDb + ?Sized), org: OrgId, year: FiscalYear) -> Result<Vec<DepartmentPolicy>> {
    Ok(crate::db::read(db).year_policies(org, year).await?)
}

/// The year before `year` that the organization has records of.
pub async fn year_before(db: &(impl ReadDb + ?Sized), org: OrgId, year: FiscalYear) -> Result<Option<FiscalYear>> {
    Ok(crate::db::read(db).year_before(org, year).await?)
}

/// The search page's fallback while the index is not ready: initiatives whose name or summary
/// contains `text`, scanning ids in `(after, after + window]`, at most `limit`, with their
/// organizations; and where to continue.
#[derive(Debug)]
pub struct TextScan {
    pub items: Vec<Initiative>,
    pub next: Option<InitiativeId>,
    pub orgs: Vec<Organization>,
}

pub async fn scan_initiatives(
    db: &(impl ReadDb + ?Sized),
    text: &str,
    after: InitiativeId,
    window: i64,
    limit: u32,
) -> Result<TextScan> {
    let r = crate::db::read(db);
    let (items, next) = r.search_initiatives(text, after, window, limit).await?;
    let mut org_ids: Vec<OrgId> = items.iter().map(|i| i.org_id).collect();
    org_ids.sort_by_key(|o| o.0);
    org_ids.dedup();
    let orgs = r.orgs_by_ids(&org_ids).await?;
    Ok(TextScan { items, next, orgs })
}

/// Organizations by id (the search page names its facets' organizations).
pub async fn orgs_by_ids(db: &(impl ReadDb + ?Sized), ids: &[OrgId]) -> Result<Vec<Organization>> {
    Ok(crate::db::read(db).orgs_by_ids(ids).await?)
}

/// Priority theme names with how many organizations use them, most used first.
pub async fn common_themes(db: &(impl ReadDb + ?Sized), limit: u32) -> Result<Vec<(String, i64)>> {
    Ok(crate::db::read(db).common_themes(limit).await?)
}
