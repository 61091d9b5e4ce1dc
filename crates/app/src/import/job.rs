//! One document's records: departments, themes and stances, the plan's chapter and measures,
//! basic policies, initiatives with their facts (costs, plan path, judgements, direction),
//! indicators with theirs, and related plans — each through the find-or-create [`Writer`].

use super::{facts, ImportCounts};
use crate::error::Result;
use crate::upsert::Writer;
use hoshin_domain::text::compare_key;
use hoshin_domain::*;
use hoshin_importer::draft::{IndicatorDraft, InitiativeDraft};
use hoshin_importer::{Extraction, Genre};
use hoshin_store::{NewGoalReview, NewRelatedPlan};
use std::collections::HashMap;

/// 「12 公園の再生」 → (Some("12"), "公園の再生"); text without a leading number → (None, text).
fn split_numbered(s: &str) -> (Option<String>, String) {
    let s = s.trim();
    let digits: String = s.chars().take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(c)).collect();
    if digits.is_empty() {
        return (None, s.to_string());
    }
    let rest = s[digits.len()..].trim_start_matches([' ', '　', '.', '．', ')', '）']).trim();
    (Some(digits), rest.to_string())
}

/// 「第7章 市民と市が…」 → (Some("第7章"), "市民と市が…"); a title without a chapter number
/// stays whole.
fn split_chapter(title: &str) -> (Option<String>, String) {
    let t = title.trim();
    if let Some(rest) = t.strip_prefix('第') {
        if let Some(end) = rest.find('章') {
            let number = &rest[..end];
            if !number.is_empty() && number.chars().count() <= 4 {
                let name = rest[end + '章'.len_utf8()..].trim_start_matches([' ', '　']).trim();
                let code = format!("第{number}章");
                return (Some(code), if name.is_empty() { t.to_string() } else { name.to_string() });
            }
        }
    }
    (None, t.to_string())
}

/// One document's import, holding the writer and what it collected.
pub(super) struct Job<'a, 'e> {
    pub w: Writer<'a>,
    pub ex: &'e Extraction,
    pub year: Option<FiscalYear>,
    /// The plan period a plan document states.
    pub period: Option<(FiscalYear, FiscalYear)>,
    pub warnings: Vec<String>,
    pub counts: ImportCounts,
}

impl Job<'_, '_> {
    pub(super) async fn run(&mut self) -> Result<()> {
        let ex = self.ex;
        for name in &ex.departments {
            self.w.department(None, name, None).await?;
            self.counts.departments += 1;
        }
        if let Some(year) = self.year {
            for (i, name) in ex.themes.iter().enumerate() {
                self.w.theme(year, name, Some(i as i32)).await?;
                self.counts.themes += 1;
            }
            for s in &ex.department_stances {
                let dept = self.w.department(None, &s.department, None).await?;
                self.w.department_policy(dept, year, &s.text, None).await?;
                self.counts.stances += 1;
            }
        } else if !ex.themes.is_empty() || !ex.department_stances.is_empty() {
            self.warnings
                .push("no fiscal year: priority themes and department stances were not stored (pass --year)".into());
        }

        let plan = self.measure_plan().await?;
        let chapter = self.chapter(plan).await?;
        self.measures(plan, chapter).await?;
        let policy_plan = self.basic_policies().await?;
        let initiative_ids = self.initiatives(plan, policy_plan).await?;
        self.indicators(plan, chapter, &initiative_ids).await?;
        self.related_plans(plan).await?;
        Ok(())
    }

    /// The plan measures and links belong to: the organization's 基本計画 (one per
    /// organization, created on first need), or the year's 部局運営方針 for that genre.
    async fn measure_plan(&mut self) -> Result<PlanId> {
        let org_id = self.w.org;
        if self.ex.genre == Genre::DepartmentPolicy {
            let title = match self.year {
                Some(y) => format!("部局運営方針（{}）", y.label()),
                None => "部局運営方針".to_string(),
            };
            let new = NewPlan {
                org_id,
                kind: PlanKind::DepartmentPolicy,
                title,
                parent_plan_id: None,
                period_start: self.year,
                period_end: self.year,
            };
            return self.w.plan(new).await;
        }
        let (period_start, period_end) = (self.period.map(|p| p.0), self.period.map(|p| p.1));
        if let Some(id) = self.w.find_plan(PlanKind::Basic) {
            if self.period.is_none() {
                return Ok(id);
            }
            let title = self.w.tx.get_plan(id).await?.title;
            let new = NewPlan { org_id, kind: PlanKind::Basic, title, parent_plan_id: None, period_start, period_end };
            return self.w.plan(new).await;
        }
        let new = NewPlan {
            org_id,
            kind: PlanKind::Basic,
            title: "基本計画".into(),
            parent_plan_id: None,
            period_start,
            period_end,
        };
        self.w.plan(new).await
    }

    /// A plan chapter's own node (「第7章 …」): its top-level measures go under it, and its
    /// chapter-level KPIs (attached to no measure) belong to it (issue 10, item 6).
    async fn chapter(&mut self, plan: PlanId) -> Result<Option<NodeId>> {
        if self.ex.genre != Genre::PlanChapter {
            return Ok(None);
        }
        let Some(title) = self.ex.title.as_deref().map(str::trim).filter(|t| !t.is_empty()) else {
            return Ok(None);
        };
        let (code, name) = split_chapter(title);
        let loose_kpis = self.ex.indicators.iter().any(|i| i.measure.is_none() && i.initiative.is_none());
        if code.is_none() && !loose_kpis {
            return Ok(None);
        }
        let new = NewPlanNode {
            plan_id: Some(plan),
            kind_label: "章".into(),
            code,
            title: name,
            sort_order: 0,
            ..NewPlanNode::default()
        };
        self.counts.measures += 1;
        Ok(Some(self.w.node(plan, new).await?))
    }

    /// Nodes, parents before children: a measure whose parent is not yet placed waits for a
    /// later pass; one whose parent never appears is stored at the top with a warning.
    async fn measures(&mut self, plan: PlanId, chapter: Option<NodeId>) -> Result<()> {
        let mut pending: Vec<(usize, &hoshin_importer::draft::MeasureDraft)> =
            self.ex.measures.iter().enumerate().collect();
        while !pending.is_empty() {
            let mut waiting = Vec::new();
            let before = pending.len();
            for (i, m) in pending {
                let parent = match &m.parent {
                    Some(p) => match self.w.find_node(plan, p).await? {
                        Some(id) => Some(id),
                        None => {
                            waiting.push((i, m));
                            continue;
                        }
                    },
                    None => chapter,
                };
                self.node(plan, parent, i, m).await?;
            }
            if waiting.len() == before {
                for (i, m) in waiting {
                    self.warnings.push(format!(
                        "line {}: parent {:?} of measure {:?} not found; stored at the top level",
                        m.line,
                        m.parent.as_deref().unwrap_or_default(),
                        m.title
                    ));
                    self.node(plan, chapter, i, m).await?;
                }
                break;
            }
            pending = waiting;
        }
        Ok(())
    }

    async fn node(
        &mut self,
        plan: PlanId,
        parent_id: Option<NodeId>,
        i: usize,
        m: &hoshin_importer::draft::MeasureDraft,
    ) -> Result<NodeId> {
        let sdg_goals = self.sdgs(&m.sdg_goals, m.line);
        let new = NewPlanNode {
            plan_id: Some(plan),
            parent_id,
            kind_label: m.kind.clone().unwrap_or_else(|| "施策".into()),
            code: m.code.clone(),
            title: m.title.clone(),
            vision: m.vision.clone(),
            current_issues: m.current_issues.clone(),
            sdgs_direction: m.sdgs_direction.clone(),
            sdg_goals,
            sort_order: i as i32,
        };
        self.counts.measures += 1;
        self.w.node(plan, new).await
    }

    fn sdgs(&mut self, goals: &[u8], line: usize) -> Vec<SdgGoal> {
        let mut out = Vec::new();
        for g in goals {
            match SdgGoal::new(i64::from(*g)) {
                Ok(s) => out.push(s),
                Err(_) => self.warnings.push(format!("line {line}: SDG goal {g} ignored (not 1–17)")),
            }
        }
        out
    }

    /// The mayor's numbered policies, as nodes of the organization's 基本政策 plan.
    async fn basic_policies(&mut self) -> Result<Option<PlanId>> {
        let refs_used = self.ex.initiatives.iter().any(|i| !i.basic_policy_refs.is_empty());
        if self.ex.basic_policies.is_empty() && !refs_used {
            return Ok(None);
        }
        let plan = match self.w.find_plan(PlanKind::BasicPolicy) {
            Some(id) => id,
            None => {
                let new = NewPlan {
                    org_id: self.w.org,
                    kind: PlanKind::BasicPolicy,
                    title: "基本政策".into(),
                    parent_plan_id: None,
                    period_start: None,
                    period_end: None,
                };
                self.w.plan(new).await?
            }
        };
        let mut policies: Vec<(Option<String>, String)> =
            self.ex.basic_policies.iter().map(|p| (p.number.clone(), p.title.clone())).collect();
        for r in self.ex.initiatives.iter().flat_map(|i| &i.basic_policy_refs) {
            let (number, title) = split_numbered(r);
            let known = policies.iter().any(|(n, t)| match (&number, n) {
                (Some(a), Some(b)) => compare_key(a) == compare_key(b),
                _ => compare_key(t) == compare_key(&title),
            });
            if !known && !title.is_empty() {
                policies.push((number, title));
            }
        }
        for (i, (number, title)) in policies.into_iter().enumerate() {
            let new = NewPlanNode {
                plan_id: Some(plan),
                kind_label: "基本政策".into(),
                code: number,
                title,
                sort_order: i as i32,
                ..NewPlanNode::default()
            };
            self.w.node(plan, new).await?;
        }
        Ok(Some(plan))
    }

    async fn initiatives(
        &mut self,
        plan: PlanId,
        policy_plan: Option<PlanId>,
    ) -> Result<HashMap<String, InitiativeId>> {
        let mut ids = HashMap::new();
        for (i, d) in self.ex.initiatives.iter().enumerate() {
            let id = self.initiative(plan, policy_plan, i, d).await?;
            ids.insert(compare_key(&d.name), id);
        }
        Ok(ids)
    }

    async fn initiative(
        &mut self,
        plan: PlanId,
        policy_plan: Option<PlanId>,
        order: usize,
        d: &InitiativeDraft,
    ) -> Result<InitiativeId> {
        let kind = InitiativeKind::parse(&d.kind).unwrap_or_else(|_| {
            self.warnings.push(format!("line {}: unknown initiative kind {:?}; stored as annual", d.line, d.kind));
            InitiativeKind::Annual
        });
        let parent = match &d.parent_department {
            Some(name) if !name.trim().is_empty() => Some(self.w.department(None, name, None).await?),
            _ => None,
        };
        let department_id = match &d.department {
            Some(name) if !name.trim().is_empty() => Some(self.w.department(parent, name, None).await?),
            _ => parent,
        };
        let mut facts = facts::program_facts(d, &mut self.warnings);
        self.resolve_plan_path(plan, &mut facts).await?;
        let fiscal_year = match d.period_start {
            Some(y) => Some(FiscalYear::new(i64::from(y))?),
            None if kind == InitiativeKind::PlanAction => None,
            None => self.year,
        };
        let period_end = d.period_end.map(|y| FiscalYear::new(i64::from(y))).transpose()?;
        let theme_id = match (&d.theme, fiscal_year) {
            (Some(t), Some(y)) => Some(self.w.theme(y, t, None).await?),
            _ => None,
        };
        let mut node_ids = Vec::new();
        for r in d.measure.iter().chain(&d.measure_refs) {
            match self.w.find_node(plan, r).await? {
                Some(id) if !node_ids.contains(&id) => node_ids.push(id),
                Some(_) => {}
                None => {
                    self.warnings.push(format!("line {}: measure {r:?} of {:?} not found; not linked", d.line, d.name))
                }
            }
        }
        if let Some(pp) = policy_plan {
            for r in &d.basic_policy_refs {
                let found = match self.w.find_node(pp, r).await? {
                    Some(id) => Some(id),
                    None => {
                        let (number, title) = split_numbered(r);
                        match number {
                            Some(n) => self.w.find_node(pp, &n).await?,
                            None => self.w.find_node(pp, &title).await?,
                        }
                    }
                };
                match found {
                    Some(id) if !node_ids.contains(&id) => node_ids.push(id),
                    Some(_) => {}
                    None => self
                        .warnings
                        .push(format!("line {}: basic policy {r:?} of {:?} not found; not linked", d.line, d.name)),
                }
            }
        }
        // The deepest plan step found in the plan is the node the program serves.
        if let Some(node) = facts.plan_path.iter().rev().find_map(|s| s.node_id) {
            if !node_ids.contains(&node) {
                node_ids.push(node);
            }
        }
        let predecessor_id = match fiscal_year.and_then(FiscalYear::prev) {
            Some(prev) => self.w.find_initiative(prev, kind, department_id, &d.name).await?,
            None => None,
        };
        let sdg_goals = self.sdgs(&d.sdg_goals, d.line);
        let new = NewInitiative {
            department_id,
            fiscal_year,
            period_end,
            theme_id,
            summary: d.summary.clone(),
            reform_perspectives: d.perspective.iter().map(|p| ReformPerspective::parse(p)).collect(),
            reform_text: d.reform.clone(),
            sdg_goals,
            milestones: d.milestones.iter().map(|m| Milestone { text: m.clone(), due: None, done: false }).collect(),
            sections: d.sections.iter().map(|s| TextSection { label: s.label.clone(), body: s.body.clone() }).collect(),
            predecessor_id,
            node_ids,
            sort_order: order as i32,
            ..NewInitiative::named(self.w.org, kind, d.name.clone())
        };
        let id = self.w.initiative(new).await?;
        self.counts.initiatives += 1;
        self.counts.costs += facts.costs.len();
        self.w.program_facts(id, &facts).await?;
        if d.result.is_some() || d.issues_next.is_some() {
            match fiscal_year.or(self.year) {
                Some(year) => {
                    let review = NewGoalReview {
                        initiative_id: id,
                        fiscal_year: year,
                        result: d.result.clone(),
                        issues_next: d.issues_next.clone(),
                        progress: None,
                        judgement: None,
                    };
                    self.w.goal_review(review).await?;
                    self.counts.reviews += 1;
                }
                None => self
                    .warnings
                    .push(format!("line {}: review of {:?} has no fiscal year; not stored", d.line, d.name)),
            }
        }
        Ok(id)
    }

    /// Links each plan step to its node in the plan, when there is one (see
    /// [`Writer::find_step_node`]).
    async fn resolve_plan_path(&mut self, plan: PlanId, facts: &mut ProgramFacts) -> Result<()> {
        for step in &mut facts.plan_path {
            step.node_id = self.w.find_step_node(plan, step.code.as_deref(), &step.title).await?;
        }
        Ok(())
    }

    async fn indicators(
        &mut self,
        plan: PlanId,
        chapter: Option<NodeId>,
        initiatives: &HashMap<String, InitiativeId>,
    ) -> Result<()> {
        for (i, d) in self.ex.indicators.iter().enumerate() {
            let owner = match self.indicator_owner(plan, initiatives, d).await? {
                None if d.measure.is_none() && d.initiative.is_none() => chapter.map(IndicatorOwner::Node),
                found => found,
            };
            if owner.is_none() {
                self.warnings.push(format!(
                    "line {}: indicator {:?} is not attached to a measure or initiative",
                    d.line, d.name
                ));
            }
            let new = indicator_record(self.w.org, owner, i, d)?;
            let facts = facts::indicator_facts(d, &mut self.warnings);
            let id = self.w.indicator(new).await?;
            self.w.indicator_facts(id, &facts).await?;
            self.counts.indicators += 1;
        }
        Ok(())
    }

    async fn indicator_owner(
        &mut self,
        plan: PlanId,
        initiatives: &HashMap<String, InitiativeId>,
        d: &IndicatorDraft,
    ) -> Result<Option<IndicatorOwner>> {
        if let Some(name) = &d.initiative {
            if let Some(id) = initiatives.get(&compare_key(name)) {
                return Ok(Some(IndicatorOwner::Initiative(*id)));
            }
        }
        if let Some(m) = &d.measure {
            if let Some(id) = self.w.find_node(plan, m).await? {
                return Ok(Some(IndicatorOwner::Node(id)));
            }
        }
        // An evaluation sheet describes one program: its indicators belong to it.
        if self.ex.genre == Genre::EvaluationSheet && initiatives.len() == 1 {
            if let Some(id) = initiatives.values().next() {
                return Ok(Some(IndicatorOwner::Initiative(*id)));
            }
        }
        Ok(None)
    }

    async fn related_plans(&mut self, plan: PlanId) -> Result<()> {
        let org_id = self.w.org;
        let details = &self.ex.related_plan_details;
        let mut seen = Vec::new();
        for r in details {
            let node_ids = match &r.measure {
                Some(m) => self.w.find_node(plan, m).await?.into_iter().collect(),
                None => Vec::new(),
            };
            seen.push(compare_key(&r.name));
            let new = NewRelatedPlan { org_id, name: r.name.clone(), description: r.description.clone(), node_ids };
            self.w.related_plan(new).await?;
            self.counts.related_plans += 1;
        }
        for name in &self.ex.related_plans {
            if seen.contains(&compare_key(name)) {
                continue;
            }
            seen.push(compare_key(name));
            let new = NewRelatedPlan { org_id, name: name.clone(), description: None, node_ids: Vec::new() };
            self.w.related_plan(new).await?;
            self.counts.related_plans += 1;
        }
        Ok(())
    }
}

/// Maps an indicator draft to a record. Direction is not written in documents; a target
/// below the baseline means lower is better.
fn indicator_record(
    org_id: OrgId,
    owner: Option<IndicatorOwner>,
    order: usize,
    d: &IndicatorDraft,
) -> Result<NewIndicator> {
    let baseline = d.baseline.as_deref().map(Quantity::parse);
    let target = d.target.as_deref().map(Quantity::parse);
    let direction = match (baseline.as_ref().and_then(|q| q.value), target.as_ref().and_then(|q| q.value)) {
        (Some(b), Some(t)) if t < b => Direction::Down,
        _ => Direction::Up,
    };
    let unit = d.unit.clone().or_else(|| target.as_ref().and_then(|q| q.unit.clone()));
    let actuals = d
        .actuals
        .iter()
        .map(|a| {
            Ok(Actual { fiscal_year: FiscalYear::new(i64::from(a.fiscal_year))?, value: Quantity::parse(&a.value) })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(NewIndicator {
        org_id,
        owner,
        name: d.name.clone(),
        unit,
        direction,
        cumulative: d.cumulative,
        baseline,
        baseline_year: d.baseline_year.map(|y| FiscalYear::new(i64::from(y))).transpose()?,
        baseline_note: d.baseline_note.clone(),
        target,
        target_year: d.target_year.map(|y| FiscalYear::new(i64::from(y))).transpose()?,
        actuals,
        sort_order: order as i32,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_references_split_into_code_and_title() {
        assert_eq!(split_numbered("12 公園の再生"), (Some("12".into()), "公園の再生".into()));
        assert_eq!(split_numbered("７０　みんなで"), (Some("７０".into()), "みんなで".into()));
        assert_eq!(split_numbered("公園の再生"), (None, "公園の再生".into()));
        assert_eq!(split_numbered("3"), (Some("3".into()), String::new()));
    }

    #[test]
    fn chapter_titles_split_into_number_and_name() {
        assert_eq!(split_chapter("第7章 市民と市がともに"), (Some("第7章".into()), "市民と市がともに".into()));
        assert_eq!(split_chapter("第１０章　まち"), (Some("第１０章".into()), "まち".into()));
        assert_eq!(split_chapter("市民参画"), (None, "市民参画".into()));
    }

    #[test]
    fn direction_follows_baseline_and_target() {
        let d = IndicatorDraft {
            name: "待機児童数".into(),
            baseline: Some("18人".into()),
            target: Some("0人".into()),
            ..IndicatorDraft::default()
        };
        let r = indicator_record(OrgId(1), None, 0, &d).unwrap();
        assert_eq!((r.direction, r.unit.as_deref()), (Direction::Down, Some("人")));
        let d = IndicatorDraft { target: Some("25人".into()), ..d };
        assert_eq!(indicator_record(OrgId(1), None, 0, &d).unwrap().direction, Direction::Up);
    }
}
