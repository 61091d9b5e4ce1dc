//! Synthetic data at national scale (`hoshin gen`): N municipalities × Y fiscal years of
//! departments, a plan tree, priority themes, department policies, initiatives with
//! continuity links, goal reviews and KPIs with yearly actuals.
//!
//! Deterministic: each municipality draws from its own RNG seeded by (seed, index), so the
//! same seed gives the same data whatever the batch size. Rows stream through the store's
//! bulk inserts, one transaction per group of municipalities; nothing is held beyond one
//! municipality.

mod words;

use crate::error::{AppError, Result};
use hoshin_domain::org_code::check_digit;
use hoshin_domain::*;
use hoshin_store::{NewDepartmentPolicy, NewGoalReview, NewPriorityTheme, Tx};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::time::Instant;
use words::*;

/// What to generate.
#[derive(Debug, Clone)]
pub struct GenOptions {
    pub municipalities: u32,
    pub years: u16,
    /// The first fiscal year (西暦).
    pub first_year: u16,
    pub seed: u64,
    /// Initiatives per municipality and year (on average).
    pub initiatives_per_year: u32,
    /// Municipalities per transaction.
    pub orgs_per_tx: u32,
}

impl Default for GenOptions {
    fn default() -> Self {
        Self { municipalities: 1741, years: 10, first_year: 2016, seed: 1, initiatives_per_year: 115, orgs_per_tx: 20 }
    }
}

/// Records written, by kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GenCounts {
    pub organizations: u64,
    pub departments: u64,
    pub plans: u64,
    pub nodes: u64,
    pub themes: u64,
    pub department_policies: u64,
    pub initiatives: u64,
    pub node_links: u64,
    pub goal_reviews: u64,
    pub indicators: u64,
    pub actuals: u64,
}

impl GenCounts {
    /// Every row written, links and actuals included.
    pub fn rows(&self) -> u64 {
        self.organizations
            + self.departments
            + self.plans
            + self.nodes
            + self.themes
            + self.department_policies
            + self.initiatives
            + self.node_links
            + self.goal_reviews
            + self.indicators
            + self.actuals
    }

    fn add(&mut self, o: &GenCounts) {
        self.organizations += o.organizations;
        self.departments += o.departments;
        self.plans += o.plans;
        self.nodes += o.nodes;
        self.themes += o.themes;
        self.department_policies += o.department_policies;
        self.initiatives += o.initiatives;
        self.node_links += o.node_links;
        self.goal_reviews += o.goal_reviews;
        self.indicators += o.indicators;
        self.actuals += o.actuals;
    }
}

/// Progress after each municipality.
#[derive(Debug, Clone, Copy)]
pub struct GenProgress {
    pub done: u32,
    pub total: u32,
    pub counts: GenCounts,
}

#[derive(Debug, Clone, Copy)]
pub struct GenReport {
    pub counts: GenCounts,
    pub seconds: f64,
}

/// The name, code and prefecture of municipality `i`: distinct for every `i` below 43 × 43.
pub fn municipality(i: u32, rng: &mut ChaCha8Rng) -> Result<(String, OrgCode, String)> {
    let a = PLACE_A[(i % 43) as usize];
    let b = PLACE_B[((i / 43) % 43) as usize];
    let round = i / (43 * 43);
    let suffix = ["市", "市", "町", "町", "村"][rng.gen_range(0..5)];
    let name = if round == 0 { format!("{a}{b}{suffix}") } else { format!("{a}{b}{}{suffix}", round + 1) };
    let pref = i % 47 + 1;
    let city = 100 + i / 47;
    let five = format!("{pref:02}{city:03}");
    let digits: Vec<u8> = five.bytes().map(|c| c - b'0').collect();
    let code = OrgCode::parse(&format!("{five}{}", check_digit(&digits)))?;
    Ok((name, code, format!("架空県{pref:02}")))
}

fn rng_for(seed: u64, i: u32) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(seed ^ (u64::from(i) + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

fn fy(y: u16) -> Result<FiscalYear> {
    Ok(FiscalYear::new(i64::from(y))?)
}

/// Generates into `store`, calling `progress` after each municipality.
pub async fn generate(
    store: &(impl crate::Db + ?Sized),
    opts: &GenOptions,
    progress: &(dyn Fn(&GenProgress) + Send + Sync),
) -> Result<GenReport> {
    let store = crate::db::store(store);
    if opts.municipalities == 0 || opts.municipalities > 40_000 || opts.years == 0 || opts.years > 60 {
        return Err(AppError::Gen("municipalities must be 1–40000 and years 1–60".into()));
    }
    fy(opts.first_year)?;
    fy(opts.first_year + opts.years - 1)?;
    let (first_name, _, _) = municipality(0, &mut rng_for(opts.seed, 0))?;
    if store.find_organization_by_name(&first_name).await?.is_some() {
        return Err(AppError::Gen(format!(
            "the database already holds generated data ({first_name} exists); generate into a fresh database"
        )));
    }
    let started = Instant::now();
    let mut total = GenCounts::default();
    let mut i = 0;
    while i < opts.municipalities {
        let end = (i + opts.orgs_per_tx.max(1)).min(opts.municipalities);
        let tx = store.begin().await?;
        for m in i..end {
            let c = municipality_rows(tx.as_ref(), opts, m).await?;
            total.add(&c);
            progress(&GenProgress { done: m + 1, total: opts.municipalities, counts: total });
        }
        // The search index of a generated database is built by a rebuild, not by replaying
        // millions of change-log rows (see search/): keep the log empty.
        tx.clear_search_changes().await?;
        tx.commit().await?;
        i = end;
    }
    Ok(GenReport { counts: total, seconds: started.elapsed().as_secs_f64() })
}

/// Everything of one municipality.
async fn municipality_rows(tx: &dyn Tx, opts: &GenOptions, index: u32) -> Result<GenCounts> {
    let mut rng = rng_for(opts.seed, index);
    let mut c = GenCounts::default();
    let (name, code, prefecture) = municipality(index, &mut rng)?;
    let org_id =
        tx.insert_organization(&NewOrganization { name, code: Some(code), prefecture: Some(prefecture) }).await?;
    c.organizations += 1;

    // Departments: 8–12 部 with 2–4 課 each.
    let mut dept_idx: Vec<usize> = (0..DEPARTMENTS.len()).collect();
    dept_idx.shuffle(&mut rng);
    dept_idx.truncate(rng.gen_range(8..=12));
    dept_idx.sort_unstable();
    let tops: Vec<NewDepartment> = dept_idx
        .iter()
        .enumerate()
        .map(|(k, &d)| NewDepartment {
            org_id,
            parent_id: None,
            name: DEPARTMENTS[d].0.to_string(),
            sort_order: (k as i32 + 1) * 100,
        })
        .collect();
    let top_ids = tx.insert_departments_batch(&tops).await?;
    let mut sections = Vec::new();
    for (k, &d) in dept_idx.iter().enumerate() {
        let n = rng.gen_range(2..=4);
        for (j, s) in DEPARTMENTS[d].1.iter().take(n).enumerate() {
            sections.push(NewDepartment {
                org_id,
                parent_id: Some(top_ids[k]),
                name: (*s).to_string(),
                sort_order: (k as i32 + 1) * 100 + j as i32 + 1,
            });
        }
    }
    let section_ids = tx.insert_departments_batch(&sections).await?;
    c.departments += (tops.len() + sections.len()) as u64;

    // The plan: 5 政策 → 3–5 施策 → 2–3 取組方針.
    let last_year = opts.first_year + opts.years - 1;
    let plan_id = tx
        .insert_plan(&NewPlan {
            org_id,
            kind: PlanKind::Basic,
            title: format!("第{}次総合計画 基本計画", rng.gen_range(3..=7)),
            parent_plan_id: None,
            period_start: Some(fy(opts.first_year)?),
            period_end: Some(fy(last_year)?),
        })
        .await?;
    c.plans += 1;
    let policies: Vec<NewPlanNode> = POLICIES
        .iter()
        .enumerate()
        .map(|(p, (title, _))| NewPlanNode {
            plan_id: Some(plan_id),
            kind_label: "政策".into(),
            code: Some(format!("{}", p + 1)),
            title: (*title).to_string(),
            sort_order: p as i32,
            ..NewPlanNode::default()
        })
        .collect();
    let policy_ids = tx.insert_nodes_batch(&policies).await?;
    let mut measures = Vec::new();
    let mut measure_topics = Vec::new();
    for (p, (_, topics)) in POLICIES.iter().enumerate() {
        let n = rng.gen_range(3..=5);
        for (m, topic) in topics.iter().take(n).enumerate() {
            let goal = SdgGoal::new(rng.gen_range(1..=17))?;
            measures.push(NewPlanNode {
                plan_id: Some(plan_id),
                parent_id: Some(policy_ids[p]),
                kind_label: "施策".into(),
                code: Some(format!("{}-{}", p + 1, m + 1)),
                title: format!("{topic}{}", ACTIONS[rng.gen_range(0..3)]),
                vision: Some(format!(
                    "{topic}が充実し、市民が{}を実感しています。",
                    GOALS[rng.gen_range(0..GOALS.len())]
                )),
                current_issues: Some(format!("{topic}の需要が高まる一方、担い手と財源の確保が課題です。")),
                sdg_goals: vec![goal],
                sort_order: (p * 10 + m) as i32,
                ..NewPlanNode::default()
            });
            measure_topics.push(*topic);
        }
    }
    let measure_ids = tx.insert_nodes_batch(&measures).await?;
    let mut leaves = Vec::new();
    let mut leaf_topics = Vec::new();
    for (k, m) in measures.iter().enumerate() {
        let n = rng.gen_range(2..=3);
        for l in 0..n {
            let topic = measure_topics[k];
            leaves.push(NewPlanNode {
                plan_id: Some(plan_id),
                parent_id: Some(measure_ids[k]),
                kind_label: "取組方針".into(),
                code: m.code.as_ref().map(|c| format!("{c}-{}", l + 1)),
                title: format!(
                    "{}{}{}",
                    QUALIFIERS[rng.gen_range(0..QUALIFIERS.len())],
                    topic,
                    ACTIONS[rng.gen_range(0..ACTIONS.len())]
                ),
                sort_order: l,
                ..NewPlanNode::default()
            });
            leaf_topics.push(topic);
        }
    }
    let leaf_ids = tx.insert_nodes_batch(&leaves).await?;
    c.nodes += (policies.len() + measures.len() + leaves.len()) as u64;

    // Plan-level KPIs: one per 施策, with an actual every year.
    let mut node_kpis = Vec::new();
    for (k, topic) in measure_topics.iter().enumerate() {
        node_kpis.push(kpi(
            &mut rng,
            org_id,
            IndicatorOwner::Node(measure_ids[k]),
            topic,
            opts.first_year,
            last_year,
            k,
        )?);
    }
    c.actuals += node_kpis.iter().map(|k| k.actuals.len() as u64).sum::<u64>();
    c.indicators += node_kpis.len() as u64;
    tx.insert_indicators_batch(&node_kpis).await?;

    // Years.
    let mut previous: Vec<(InitiativeId, NewInitiative)> = Vec::new();
    for y in opts.first_year..=last_year {
        let year = fy(y)?;
        let mut theme_idx: Vec<usize> = (0..THEMES.len()).collect();
        theme_idx.shuffle(&mut rng);
        theme_idx.truncate(rng.gen_range(3..=5));
        let mut theme_ids = Vec::new();
        for (k, &t) in theme_idx.iter().enumerate() {
            let new = NewPriorityTheme {
                org_id,
                fiscal_year: year,
                name: THEMES[t].to_string(),
                sort_order: k as i32,
                published: true,
            };
            theme_ids.push(tx.insert_theme(&new).await?);
        }
        c.themes += theme_ids.len() as u64;

        let stances: Vec<NewDepartmentPolicy> = top_ids
            .iter()
            .map(|&d| NewDepartmentPolicy {
                department_id: d,
                fiscal_year: year,
                stance: format!(
                    "{}を重点に、{}を進めます。",
                    GOALS[rng.gen_range(0..GOALS.len())],
                    MEANS[rng.gen_range(0..MEANS.len())]
                ),
                notes: None,
            })
            .collect();
        tx.insert_department_policies_batch(&stances).await?;
        c.department_policies += stances.len() as u64;

        let spread = (opts.initiatives_per_year / 5).max(1);
        let n = opts.initiatives_per_year.saturating_sub(spread) + rng.gen_range(0..=spread * 2);
        let mut rows: Vec<NewInitiative> = Vec::with_capacity(n as usize);
        for k in 0..n as usize {
            // Most initiatives continue last year's; some are renamed, the rest are new.
            let carried = previous.get(k).filter(|_| rng.gen_bool(0.85));
            let leaf = rng.gen_range(0..leaf_ids.len());
            let topic = leaf_topics[leaf];
            let name = match carried {
                Some((_, p)) if !rng.gen_bool(0.05) => p.name.clone(),
                _ => format!(
                    "{}{}{}",
                    QUALIFIERS[rng.gen_range(0..QUALIFIERS.len())],
                    topic,
                    ACTIONS[rng.gen_range(0..ACTIONS.len())]
                ),
            };
            let mut node_ids = vec![leaf_ids[leaf]];
            if rng.gen_bool(0.3) {
                let other = leaf_ids[rng.gen_range(0..leaf_ids.len())];
                if other != node_ids[0] {
                    node_ids.push(other);
                }
            }
            let kind = if rng.gen_bool(0.1) { InitiativeKind::MidTerm } else { InitiativeKind::Annual };
            let milestones = (0..rng.gen_range(0..=2))
                .map(|m| Milestone {
                    text: format!("{}（{}月）", MEANS[rng.gen_range(0..MEANS.len())], 4 + m * 4),
                    due: None,
                    done: false,
                })
                .collect();
            rows.push(NewInitiative {
                department_id: Some(section_ids[rng.gen_range(0..section_ids.len())]),
                fiscal_year: Some(year),
                period_end: (kind == InitiativeKind::MidTerm).then(|| fy((y + 2).min(last_year))).transpose()?,
                theme_id: if rng.gen_bool(0.4) { Some(theme_ids[rng.gen_range(0..theme_ids.len())]) } else { None },
                summary: Some(format!(
                    "{topic}について、{}により{}を図ります。",
                    MEANS[rng.gen_range(0..MEANS.len())],
                    GOALS[rng.gen_range(0..GOALS.len())]
                )),
                reform_perspectives: if rng.gen_bool(0.3) {
                    vec![ReformPerspective::parse(PERSPECTIVES[rng.gen_range(0..PERSPECTIVES.len())])]
                } else {
                    Vec::new()
                },
                sdg_goals: vec![SdgGoal::new(rng.gen_range(1..=17))?],
                milestones,
                predecessor_id: carried.map(|(id, _)| *id),
                node_ids,
                sort_order: k as i32,
                ..NewInitiative::named(org_id, kind, name)
            });
        }
        let ids = tx.insert_initiatives_batch(&rows).await?;
        c.initiatives += rows.len() as u64;
        c.node_links += rows.iter().map(|r| r.node_ids.len() as u64).sum::<u64>();

        // Reviews for about a third; a KPI for about a tenth.
        let mut reviews = Vec::new();
        let mut kpis = Vec::new();
        for (k, id) in ids.iter().enumerate() {
            if rng.gen_bool(0.3) {
                let progress = rng.gen_range(20..=100u8);
                let judgement = JUDGEMENTS[match progress {
                    100 => 0,
                    80..=99 => 1,
                    50..=79 => 2,
                    _ => 3,
                }];
                reviews.push(NewGoalReview {
                    initiative_id: *id,
                    fiscal_year: year,
                    result: Some(format!("計画どおり{}を実施しました。", MEANS[rng.gen_range(0..MEANS.len())])),
                    issues_next: Some(format!("引き続き{}に取り組みます。", GOALS[rng.gen_range(0..GOALS.len())])),
                    progress: Some(progress),
                    judgement: Some(judgement.to_string()),
                });
            }
            if rng.gen_bool(0.1) {
                let topic = leaf_topics[rng.gen_range(0..leaf_topics.len())];
                kpis.push(kpi(&mut rng, org_id, IndicatorOwner::Initiative(*id), topic, y - 1, y, k)?);
            }
        }
        tx.insert_goal_reviews_batch(&reviews).await?;
        c.goal_reviews += reviews.len() as u64;
        tx.insert_indicators_batch(&kpis).await?;
        c.indicators += kpis.len() as u64;
        c.actuals += kpis.iter().map(|k| k.actuals.len() as u64).sum::<u64>();
        previous = ids.into_iter().zip(rows).collect();
    }
    Ok(c)
}

/// A KPI with a baseline in `from`, a target in `to` and an actual for every year after `from`.
fn kpi(
    rng: &mut ChaCha8Rng,
    org_id: OrgId,
    owner: IndicatorOwner,
    topic: &str,
    from: u16,
    to: u16,
    order: usize,
) -> Result<NewIndicator> {
    let (metric, unit, down) = METRICS[rng.gen_range(0..METRICS.len())];
    let base: f64 = f64::from(rng.gen_range(10..5_000u32));
    let change = base * rng.gen_range(0.05..0.4);
    let target = if down { (base - change).round().max(0.0) } else { (base + change).round() };
    let cumulative = !down && rng.gen_bool(0.15);
    let mut actuals = Vec::new();
    let span = f64::from((to - from).max(1));
    for (k, y) in (from + 1..=to).enumerate() {
        let share = (k as f64 + 1.0) / span * rng.gen_range(0.6..1.2);
        let v = if cumulative { change / span * rng.gen_range(0.5..1.3) } else { base + (target - base) * share };
        actuals.push(Actual { fiscal_year: fy(y)?, value: Quantity::from_value(v.round(), Some(unit)) });
    }
    Ok(NewIndicator {
        org_id,
        owner: Some(owner),
        name: format!("{topic}{metric}"),
        unit: Some(unit.to_string()),
        direction: if down { Direction::Down } else { Direction::Up },
        cumulative,
        baseline: Some(Quantity::from_value(base, Some(unit))),
        baseline_year: Some(fy(from)?),
        baseline_note: None,
        target: Some(Quantity::from_value(target, Some(unit))),
        target_year: Some(fy(to)?),
        actuals,
        sort_order: order as i32,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn municipality_names_and_codes_are_distinct() {
        let mut names = std::collections::HashSet::new();
        let mut codes = std::collections::HashSet::new();
        for i in 0..1741 {
            let (n, c, _) = municipality(i, &mut rng_for(7, i)).unwrap();
            assert!(names.insert(n.trim_end_matches(['市', '町', '村']).to_string()), "{n}");
            assert!(codes.insert(c), "{i}");
        }
    }

    #[test]
    fn same_seed_same_draws() {
        let a: Vec<u32> = (0..5).map(|_| rng_for(3, 9).gen()).collect();
        let b: Vec<u32> = (0..5).map(|_| rng_for(3, 9).gen()).collect();
        assert_eq!(a, b);
        assert_ne!(rng_for(3, 9).gen::<u64>(), rng_for(4, 9).gen::<u64>());
    }
}
