//! The demo city サンプル市: `data/sample_city.toml` (our own invented text) written into a
//! store in one transaction. Seeding is idempotent: every record is found by its natural
//! key and updated only when it differs, so running it again leaves the counts unchanged.

mod spec;

mod accounts;
pub use accounts::{seed_demo_accounts, DemoAccount};

use crate::error::{AppError, Result};
use crate::upsert::{ensure_organization, Tally, Writer};
use hoshin_domain::*;
use hoshin_store::{NewGoalReview, NewRelatedPlan};
use spec::CitySpec;
use std::collections::HashMap;

/// The bundled demo data.
pub const SAMPLE_CITY_TOML: &str = include_str!("../../data/sample_city.toml");

/// What seeding did.
#[derive(Debug, Clone)]
pub struct DemoReport {
    pub org_id: OrgId,
    pub org_name: String,
    pub tally: Tally,
}

fn fy(y: u16) -> Result<FiscalYear> {
    Ok(FiscalYear::new(i64::from(y))?)
}

fn sdgs(list: &[i64]) -> Result<Vec<SdgGoal>> {
    list.iter().map(|n| SdgGoal::new(*n).map_err(AppError::from)).collect()
}

fn missing(what: &str, name: &str) -> AppError {
    AppError::Demo(format!("{what} {name:?} is referenced but not defined"))
}

/// Every dated entry must fall in one of the city's declared fiscal years.
fn check_years(spec: &CitySpec) -> Result<()> {
    let stances = spec.departments.iter().flat_map(|d| d.stances.iter().map(|s| s.year));
    let themes = spec.themes.iter().map(|t| t.year);
    let initiatives = spec.initiatives.iter().flat_map(|i| i.years.iter().map(|y| y.year));
    match stances.chain(themes).chain(initiatives).find(|y| !spec.years.contains(y)) {
        Some(y) => Err(AppError::Demo(format!("year {y} is not one of the declared years {:?}", spec.years))),
        None => Ok(()),
    }
}

/// Creates or refreshes the demo city in `store`.
pub async fn seed_demo(store: &(impl crate::Db + ?Sized)) -> Result<DemoReport> {
    let store = crate::db::store(store);
    let spec: CitySpec = toml::from_str(SAMPLE_CITY_TOML).map_err(|e| AppError::Demo(e.to_string()))?;
    check_years(&spec)?;
    let code = spec.organization.code.as_deref().map(OrgCode::parse).transpose()?;
    let tx = store.begin().await?;
    let (org_id, org_tally) =
        ensure_organization(tx.as_ref(), &spec.organization.name, code, spec.organization.prefecture.as_deref())
            .await?;
    let mut w = Writer::new(tx.as_ref(), org_id).await?;
    w.tally = org_tally;

    let scale = match spec.judgement_scale.as_str() {
        "sabc" => JudgementScale::sabc(),
        "progress" => JudgementScale::progress(),
        other => return Err(AppError::Demo(format!("unknown judgement scale {other:?}"))),
    };
    w.judgement_scale(&scale, true).await?;

    for (i, d) in spec.departments.iter().enumerate() {
        let base = (i as i32 + 1) * 100;
        let id = w.department(None, &d.name, Some(base)).await?;
        for (j, s) in d.sections.iter().enumerate() {
            w.department(Some(id), s, Some(base + j as i32 + 1)).await?;
        }
        for st in &d.stances {
            w.department_policy(id, fy(st.year)?, &st.text, None).await?;
        }
    }

    for t in &spec.themes {
        for (i, name) in t.names.iter().enumerate() {
            w.theme(fy(t.year)?, name, Some(i as i32)).await?;
        }
    }

    let comprehensive = w
        .plan(NewPlan {
            org_id,
            kind: PlanKind::Comprehensive,
            title: spec.comprehensive_plan.title.clone(),
            parent_plan_id: None,
            period_start: Some(fy(spec.comprehensive_plan.period[0])?),
            period_end: Some(fy(spec.comprehensive_plan.period[1])?),
        })
        .await?;
    let basic = w
        .plan(NewPlan {
            org_id,
            kind: PlanKind::Basic,
            title: spec.basic_plan.title.clone(),
            parent_plan_id: Some(comprehensive),
            period_start: Some(fy(spec.basic_plan.period[0])?),
            period_end: Some(fy(spec.basic_plan.period[1])?),
        })
        .await?;
    let mut nodes: HashMap<&str, NodeId> = HashMap::new();
    for (i, n) in spec.nodes.iter().enumerate() {
        let parent_id = match &n.parent {
            Some(p) => Some(*nodes.get(p.as_str()).ok_or_else(|| missing("parent node", p))?),
            None => None,
        };
        let new = NewPlanNode {
            plan_id: Some(basic),
            parent_id,
            kind_label: n.kind.clone(),
            code: Some(n.code.clone()),
            title: n.title.clone(),
            vision: n.vision.clone(),
            current_issues: n.current_issues.clone(),
            sdgs_direction: None,
            sdg_goals: sdgs(&n.sdgs)?,
            sort_order: i as i32,
        };
        nodes.insert(&n.code, w.node(basic, new).await?);
    }

    let bp = &spec.basic_policy_plan;
    let policy_plan = w
        .plan(NewPlan {
            org_id,
            kind: PlanKind::BasicPolicy,
            title: bp.title.clone(),
            parent_plan_id: None,
            period_start: Some(fy(bp.period[0])?),
            period_end: Some(fy(bp.period[1])?),
        })
        .await?;
    let mut policies: HashMap<&str, NodeId> = HashMap::new();
    for (i, p) in bp.policies.iter().enumerate() {
        let new = NewPlanNode {
            plan_id: Some(policy_plan),
            kind_label: "基本政策".into(),
            code: Some(p.number.clone()),
            title: p.title.clone(),
            sort_order: i as i32,
            ..NewPlanNode::default()
        };
        policies.insert(&p.number, w.node(policy_plan, new).await?);
    }

    let node_ids = |codes: &[String]| -> Result<Vec<NodeId>> {
        codes.iter().map(|c| nodes.get(c.as_str()).copied().ok_or_else(|| missing("node", c))).collect()
    };
    for r in &spec.related_plans {
        let new = NewRelatedPlan {
            org_id,
            name: r.name.clone(),
            description: r.description.clone(),
            node_ids: node_ids(&r.nodes)?,
        };
        w.related_plan(new).await?;
    }

    let mut latest: HashMap<&str, InitiativeId> = HashMap::new();
    for (order, spec_i) in spec.initiatives.iter().enumerate() {
        let department_id =
            Some(w.find_department(&spec_i.department).ok_or_else(|| missing("department", &spec_i.department))?);
        let kind = match spec_i.kind.as_deref() {
            None | Some("annual") => InitiativeKind::Annual,
            Some("midterm") => InitiativeKind::MidTerm,
            Some(other) => return Err(AppError::Demo(format!("unknown initiative kind {other:?}"))),
        };
        let mut links = node_ids(&spec_i.nodes)?;
        for p in &spec_i.policies {
            links.push(*policies.get(p.as_str()).ok_or_else(|| missing("basic policy", p))?);
        }
        let perspectives: Vec<ReformPerspective> =
            spec_i.perspectives.iter().map(|p| ReformPerspective::parse(p)).collect();
        let mut prev: Option<(u16, InitiativeId)> = None;
        let mut years = spec_i.years.clone();
        years.sort_by_key(|y| y.year);
        for y in &years {
            let year = fy(y.year)?;
            let theme_id = match &spec_i.theme {
                Some(t) => {
                    if !spec.themes.iter().any(|ty| ty.names.contains(t)) {
                        return Err(missing("theme", t));
                    }
                    w.find_theme(year, t).await?
                }
                None => None,
            };
            let milestones = y
                .milestones
                .iter()
                .map(|m| Milestone { text: m.text.clone(), due: m.due.clone(), done: false })
                .collect();
            let new = NewInitiative {
                department_id,
                fiscal_year: Some(year),
                period_end: match spec_i.period {
                    Some([_, end]) => Some(fy(end)?),
                    None => None,
                },
                theme_id,
                summary: y.summary.clone(),
                reform_perspectives: perspectives.clone(),
                reform_text: spec_i.reform.clone(),
                sdg_goals: sdgs(&spec_i.sdgs)?,
                milestones,
                predecessor_id: prev.filter(|(py, _)| py + 1 == y.year).map(|(_, id)| id),
                node_ids: links.clone(),
                sort_order: order as i32,
                ..NewInitiative::named(org_id, kind, y.name.clone())
            };
            let id = w.initiative(new).await?;
            if let Some(r) = &y.review {
                let progress = r.progress.map(progress_percent).transpose()?;
                let new = NewGoalReview {
                    initiative_id: id,
                    fiscal_year: year,
                    result: r.result.clone(),
                    issues_next: r.issues_next.clone(),
                    progress,
                    judgement: r.judgement.clone(),
                };
                w.goal_review(new).await?;
            }
            prev = Some((y.year, id));
        }
        if let Some((_, id)) = prev {
            latest.insert(&spec_i.key, id);
        }
    }

    for (i, ind) in spec.indicators.iter().enumerate() {
        let owner = match (&ind.node, &ind.initiative) {
            (Some(code), None) => IndicatorOwner::Node(*nodes.get(code.as_str()).ok_or_else(|| missing("node", code))?),
            (None, Some(key)) => {
                IndicatorOwner::Initiative(*latest.get(key.as_str()).ok_or_else(|| missing("initiative", key))?)
            }
            _ => return Err(AppError::Demo(format!("indicator {:?} needs exactly one of node, initiative", ind.name))),
        };
        let direction = Direction::parse(&ind.direction)
            .ok_or_else(|| AppError::Demo(format!("direction {:?} is neither up nor down", ind.direction)))?;
        let actuals = ind
            .actuals
            .iter()
            .map(|a| Ok(Actual { fiscal_year: fy(a.year)?, value: Quantity::parse(&a.value) }))
            .collect::<Result<Vec<_>>>()?;
        let new = NewIndicator {
            org_id,
            owner: Some(owner),
            name: ind.name.clone(),
            unit: ind.unit.clone(),
            direction,
            cumulative: ind.cumulative,
            baseline: ind.baseline.as_deref().map(Quantity::parse),
            baseline_year: ind.baseline_year.map(fy).transpose()?,
            baseline_note: None,
            target: ind.target.as_deref().map(Quantity::parse),
            target_year: ind.target_year.map(fy).transpose()?,
            actuals,
            sort_order: i as i32,
        };
        w.indicator(new).await?;
    }

    let tally = w.tally;
    if tally.written() > 0 {
        // The demo data is written by the system like an import: one audit row saying so.
        let after = serde_json::json!({
            "name": spec.organization.name,
            "inserted": tally.inserted,
            "updated": tally.updated,
            "unchanged": tally.unchanged,
        });
        crate::audit::record(
            tx.as_ref(),
            &crate::access::Actor::System,
            "organizations",
            org_id.0,
            "demo",
            None::<&()>,
            Some(&after),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(DemoReport { org_id, org_name: spec.organization.name, tally })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_city_parses_and_is_consistent() {
        let spec: CitySpec = toml::from_str(SAMPLE_CITY_TOML).unwrap();
        assert!(spec.departments.len() >= 10);
        assert_eq!(spec.years, vec![2024, 2025]);
        let codes: Vec<&str> = spec.nodes.iter().map(|n| n.code.as_str()).collect();
        for n in &spec.nodes {
            if let Some(p) = &n.parent {
                assert!(codes.contains(&p.as_str()), "parent {p} of {}", n.code);
            }
        }
        // Continuity cases the demo must show: renamed, dropped and new initiatives.
        let renamed = spec.initiatives.iter().filter(|i| i.years.len() == 2 && i.years[0].name != i.years[1].name);
        assert!(renamed.count() >= 1);
        assert!(spec.initiatives.iter().any(|i| i.years.len() == 1 && i.years[0].year == 2024));
        assert!(spec.initiatives.iter().any(|i| i.years.len() == 1 && i.years[0].year == 2025));
        // Every indicator direction and quantity reads.
        for ind in &spec.indicators {
            assert!(Direction::parse(&ind.direction).is_some(), "{}", ind.name);
            assert!(Quantity::parse(ind.target.as_deref().unwrap()).value.is_some(), "{}", ind.name);
        }
    }
}
