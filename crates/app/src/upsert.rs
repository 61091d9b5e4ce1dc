//! Find-or-create on a transaction. Each helper looks a record up by its natural key
//! (a department by name, a node by code or title, an initiative by year, kind, name and
//! department …), inserts it when missing and updates it only when a field changed. Feeding
//! the same input twice therefore changes nothing the second time: this is what makes the
//! demo refreshable and a re-imported document update instead of duplicate.

use crate::error::Result;
use hoshin_domain::text::compare_key;
use hoshin_domain::*;
use hoshin_store::{NewDepartmentPolicy, NewGoalReview, NewPriorityTheme, NewRelatedPlan, Page, Tx};
use std::collections::HashMap;

/// What the helpers did, for reports and idempotency tests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Tally {
    pub inserted: usize,
    pub updated: usize,
    pub unchanged: usize,
}

impl Tally {
    fn add(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Inserted => self.inserted += 1,
            Outcome::Updated => self.updated += 1,
            Outcome::Unchanged => self.unchanged += 1,
        }
    }

    /// Rows written (inserted or updated).
    pub fn written(&self) -> usize {
        self.inserted + self.updated
    }
}

/// Runs `update` only when something changed, and counts either way. The future does
/// nothing until awaited, so an unchanged record costs no write.
async fn apply(
    tally: &mut Tally,
    changed: bool,
    update: impl std::future::Future<Output = hoshin_store::Result<i64>>,
) -> Result<()> {
    if changed {
        update.await?;
        tally.add(Outcome::Updated);
    } else {
        tally.add(Outcome::Unchanged);
    }
    Ok(())
}

#[derive(Debug, Clone, Copy)]
enum Outcome {
    Inserted,
    Updated,
    Unchanged,
}

/// Finds an organization by name (or code), creating it when missing; fills in a code or
/// prefecture it did not have.
pub async fn ensure_organization(
    tx: &dyn Tx,
    name: &str,
    code: Option<OrgCode>,
    prefecture: Option<&str>,
) -> Result<(OrgId, Tally)> {
    let mut tally = Tally::default();
    let found = match &code {
        Some(c) => tx.find_organization_by_code(c).await?,
        None => None,
    };
    let found = match found {
        Some(o) => Some(o),
        None => tx.find_organization_by_name(name).await?,
    };
    match found {
        Some(org) => {
            let mut next = org.clone();
            if next.code.is_none() {
                next.code = code;
            }
            if next.prefecture.is_none() {
                next.prefecture = prefecture.map(str::to_string);
            }
            if next != org {
                tx.update_organization(&next).await?;
                tally.add(Outcome::Updated);
            } else {
                tally.add(Outcome::Unchanged);
            }
            Ok((org.id, tally))
        }
        None => {
            let id = tx
                .insert_organization(&NewOrganization {
                    name: name.to_string(),
                    code,
                    prefecture: prefecture.map(str::to_string),
                })
                .await?;
            tally.add(Outcome::Inserted);
            Ok((id, tally))
        }
    }
}

/// Upserts within one organization, caching what it has read.
pub struct Writer<'a> {
    pub tx: &'a dyn Tx,
    pub org: OrgId,
    pub tally: Tally,
    departments: Vec<Department>,
    plans: Vec<Plan>,
    nodes: HashMap<PlanId, Vec<PlanNode>>,
    themes: HashMap<FiscalYear, Vec<PriorityTheme>>,
    initiatives: HashMap<Option<FiscalYear>, Vec<Initiative>>,
    related: Option<Vec<RelatedPlan>>,
    /// Every initiative [`Writer::initiative`] found or created, in order.
    pub touched_initiatives: Vec<InitiativeId>,
    /// Names (by [`compare_key`]) that mean a stored department under another name: a
    /// former name, or a person's choice on the import page.
    pub aliases: HashMap<String, DepartmentId>,
}

impl std::fmt::Debug for Writer<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Writer").field("org", &self.org).field("tally", &self.tally).finish_non_exhaustive()
    }
}

fn same(a: &str, b: &str) -> bool {
    compare_key(a) == compare_key(b)
}

/// Two titles of one plan node as different documents write them: equal, one inside the
/// other (「子育て支援」「子育て支援の充実」), or similar.
fn titles_agree(a: &str, b: &str) -> bool {
    let (x, y) = (compare_key(a), compare_key(b));
    x == y || x.contains(&y) || y.contains(&x) || hoshin_domain::similarity::similarity(a, b) >= 0.5
}

impl<'a> Writer<'a> {
    pub async fn new(tx: &'a dyn Tx, org: OrgId) -> Result<Self> {
        Ok(Self {
            tx,
            org,
            tally: Tally::default(),
            departments: tx.list_departments(org).await?,
            plans: tx.list_plans(org).await?,
            nodes: HashMap::new(),
            themes: HashMap::new(),
            initiatives: HashMap::new(),
            touched_initiatives: Vec::new(),
            related: None,
            aliases: HashMap::new(),
        })
    }

    /// A department or section by name (width and spacing ignored), or by an alias.
    pub fn find_department(&self, name: &str) -> Option<DepartmentId> {
        self.position_of_department(name).map(|i| self.departments[i].id)
    }

    fn position_of_department(&self, name: &str) -> Option<usize> {
        match self.aliases.get(&compare_key(name)) {
            Some(id) => self.departments.iter().position(|d| d.id == *id),
            None => self.departments.iter().position(|d| same(&d.name, name)),
        }
    }

    /// Finds or creates a department. `sort` `None` keeps an existing order (and appends a new one).
    pub async fn department(
        &mut self,
        parent: Option<DepartmentId>,
        name: &str,
        sort: Option<i32>,
    ) -> Result<DepartmentId> {
        if let Some(i) = self.position_of_department(name) {
            let old = &self.departments[i];
            let mut next = old.clone();
            if parent.is_some() && parent != Some(old.id) {
                next.parent_id = parent;
            }
            if let Some(s) = sort {
                next.sort_order = s;
            }
            if next != *old {
                next.meta.version = self.tx.update_department(&next).await?;
                self.departments[i] = next;
                self.tally.add(Outcome::Updated);
            } else {
                self.tally.add(Outcome::Unchanged);
            }
            return Ok(self.departments[i].id);
        }
        let sort_order = sort.unwrap_or(self.departments.len() as i32);
        let new = NewDepartment { org_id: self.org, parent_id: parent, name: name.to_string(), sort_order };
        let id = self.tx.insert_department(&new).await?;
        self.departments.push(self.tx.get_department(id).await?);
        self.tally.add(Outcome::Inserted);
        Ok(id)
    }

    pub async fn department_policy(
        &mut self,
        department_id: DepartmentId,
        fiscal_year: FiscalYear,
        stance: &str,
        notes: Option<String>,
    ) -> Result<DepartmentPolicyId> {
        match self.tx.get_department_policy(department_id, fiscal_year).await? {
            Some(old) => {
                let mut next = old.clone();
                next.stance = stance.to_string();
                if notes.is_some() {
                    next.notes = notes;
                }
                apply(&mut self.tally, old != next, self.tx.update_department_policy(&next)).await?;
                Ok(old.id)
            }
            None => {
                let new = NewDepartmentPolicy { department_id, fiscal_year, stance: stance.to_string(), notes };
                let id = self.tx.insert_department_policy(&new).await?;
                self.tally.add(Outcome::Inserted);
                Ok(id)
            }
        }
    }

    async fn themes_of(&mut self, year: FiscalYear) -> Result<&mut Vec<PriorityTheme>> {
        if !self.themes.contains_key(&year) {
            let list = self.tx.list_themes(self.org, year).await?;
            self.themes.insert(year, list);
        }
        Ok(self.themes.entry(year).or_default())
    }

    pub async fn find_theme(&mut self, year: FiscalYear, name: &str) -> Result<Option<ThemeId>> {
        Ok(self.themes_of(year).await?.iter().find(|t| same(&t.name, name)).map(|t| t.id))
    }

    /// Finds or creates a priority theme of one year.
    pub async fn theme(&mut self, year: FiscalYear, name: &str, sort: Option<i32>) -> Result<ThemeId> {
        let org = self.org;
        let tx = self.tx;
        let themes = self.themes_of(year).await?;
        if let Some(i) = themes.iter().position(|t| same(&t.name, name)) {
            let old = themes[i].clone();
            let mut next = old.clone();
            if let Some(s) = sort {
                next.sort_order = s;
            }
            if next != old {
                next.meta.version = tx.update_theme(&next).await?;
                themes[i] = next;
                self.tally.add(Outcome::Updated);
            } else {
                self.tally.add(Outcome::Unchanged);
            }
            return Ok(old.id);
        }
        let sort_order = sort.unwrap_or(themes.len() as i32);
        let new =
            NewPriorityTheme { org_id: org, fiscal_year: year, name: name.to_string(), sort_order, published: true };
        let id = tx.insert_theme(&new).await?;
        themes.push(tx.get_theme(id).await?);
        self.tally.add(Outcome::Inserted);
        Ok(id)
    }

    /// Finds a plan by kind and title or creates it; a given parent or period replaces the stored one.
    pub async fn plan(&mut self, new: NewPlan) -> Result<PlanId> {
        if let Some(i) = self.plans.iter().position(|p| p.kind == new.kind && same(&p.title, &new.title)) {
            let old = self.plans[i].clone();
            let mut next = old.clone();
            next.parent_plan_id = new.parent_plan_id.or(old.parent_plan_id);
            next.period_start = new.period_start.or(old.period_start);
            next.period_end = new.period_end.or(old.period_end);
            if next != old {
                next.meta.version = self.tx.update_plan(&next).await?;
                self.plans[i] = next;
                self.tally.add(Outcome::Updated);
            } else {
                self.tally.add(Outcome::Unchanged);
            }
            return Ok(old.id);
        }
        let id = self.tx.insert_plan(&new).await?;
        self.plans.push(self.tx.get_plan(id).await?);
        self.tally.add(Outcome::Inserted);
        Ok(id)
    }

    pub fn find_plan(&self, kind: PlanKind) -> Option<PlanId> {
        self.plans.iter().find(|p| p.kind == kind).map(|p| p.id)
    }

    async fn nodes_of(&mut self, plan: PlanId) -> Result<&mut Vec<PlanNode>> {
        if !self.nodes.contains_key(&plan) {
            let list = self.tx.plan_nodes(plan).await?;
            self.nodes.insert(plan, list);
        }
        Ok(self.nodes.entry(plan).or_default())
    }

    /// A node of `plan` whose code — or, failing that, title — matches `reference`.
    pub async fn find_node(&mut self, plan: PlanId, reference: &str) -> Result<Option<NodeId>> {
        let nodes = self.nodes_of(plan).await?;
        let by_code = nodes.iter().find(|n| n.code.as_deref().is_some_and(|c| same(c, reference)));
        Ok(by_code.or_else(|| nodes.iter().find(|n| same(&n.title, reference))).map(|n| n.id))
    }

    /// The node of `plan` a program's plan step names: by its code when the node's title agrees
    /// with the step's (a code alone may be another plan's numbering: 「1-1-1」 is everywhere),
    /// else by its title.
    pub async fn find_step_node(&mut self, plan: PlanId, code: Option<&str>, title: &str) -> Result<Option<NodeId>> {
        let nodes = self.nodes_of(plan).await?;
        if let Some(c) = code.filter(|c| !c.trim().is_empty()) {
            let by_code = nodes.iter().find(|n| n.code.as_deref().is_some_and(|x| same(x, c)));
            if let Some(n) = by_code.filter(|n| title.trim().is_empty() || titles_agree(&n.title, title)) {
                return Ok(Some(n.id));
            }
        }
        Ok(nodes.iter().find(|n| same(&n.title, title)).map(|n| n.id))
    }

    /// Finds a node by code (or by title when it has none) or creates it. Fields given
    /// replace stored ones; fields left empty keep what is stored.
    pub async fn node(&mut self, plan: PlanId, new: NewPlanNode) -> Result<NodeId> {
        let tx = self.tx;
        let nodes = self.nodes_of(plan).await?;
        let pos = match &new.code {
            Some(code) => nodes.iter().position(|n| n.code.as_deref().is_some_and(|c| same(c, code))),
            None => nodes.iter().position(|n| n.code.is_none() && same(&n.title, &new.title)),
        };
        if let Some(i) = pos {
            let old = nodes[i].clone();
            let mut next = old.clone();
            next.parent_id = new.parent_id.or(old.parent_id);
            if !new.kind_label.is_empty() {
                next.kind_label = new.kind_label;
            }
            next.title = new.title;
            next.vision = new.vision.or(old.vision.clone());
            next.current_issues = new.current_issues.or(old.current_issues.clone());
            next.sdgs_direction = new.sdgs_direction.or(old.sdgs_direction.clone());
            if !new.sdg_goals.is_empty() {
                next.sdg_goals = new.sdg_goals;
            }
            next.sort_order = new.sort_order;
            if next != old {
                next.meta.version = tx.update_node(&next).await?;
                nodes[i] = next;
                self.tally.add(Outcome::Updated);
            } else {
                self.tally.add(Outcome::Unchanged);
            }
            return Ok(old.id);
        }
        let id = tx.insert_node(&NewPlanNode { plan_id: Some(plan), ..new }).await?;
        nodes.push(tx.get_node(id).await?);
        self.tally.add(Outcome::Inserted);
        Ok(id)
    }

    async fn initiatives_of(&mut self, year: Option<FiscalYear>) -> Result<&mut Vec<Initiative>> {
        if !self.initiatives.contains_key(&year) {
            let mut all = Vec::new();
            let mut page = Page::first(Page::MAX_LIMIT);
            loop {
                let batch = self.tx.list_initiatives(self.org, year, page).await?;
                let done = batch.len() < page.limit as usize;
                all.extend(batch.into_iter().filter(|i| i.fiscal_year == year));
                if done {
                    break;
                }
                page = page.next();
            }
            self.initiatives.insert(year, all);
        }
        Ok(self.initiatives.entry(year).or_default())
    }

    /// The initiative of `year` with this kind, department and name, if stored.
    pub async fn find_initiative(
        &mut self,
        year: FiscalYear,
        kind: InitiativeKind,
        department_id: Option<DepartmentId>,
        name: &str,
    ) -> Result<Option<InitiativeId>> {
        let list = self.initiatives_of(Some(year)).await?;
        Ok(list
            .iter()
            .find(|i| i.kind == kind && i.department_id == department_id && same(&i.name, name))
            .map(|i| i.id))
    }

    /// Finds an initiative by (year, kind, name, department) or creates it; when found,
    /// every field is replaced by `new` (a predecessor or node links left empty keep the stored ones).
    pub async fn initiative(&mut self, new: NewInitiative) -> Result<InitiativeId> {
        let tx = self.tx;
        let list = self.initiatives_of(new.fiscal_year).await?;
        let pos = list
            .iter()
            .position(|i| i.kind == new.kind && i.department_id == new.department_id && same(&i.name, &new.name));
        if let Some(i) = pos {
            let old = list[i].clone();
            let mut next = old.clone();
            next.period_end = new.period_end;
            next.theme_id = new.theme_id;
            next.summary = new.summary;
            next.reform_perspectives = new.reform_perspectives;
            next.reform_text = new.reform_text;
            next.sdg_goals = new.sdg_goals;
            next.milestones = new.milestones;
            next.sections = new.sections;
            next.predecessor_id = new.predecessor_id.or(old.predecessor_id);
            if !new.node_ids.is_empty() {
                next.node_ids = new.node_ids;
            }
            next.sort_order = new.sort_order;
            if next != old {
                next.meta.version = tx.update_initiative(&next).await?;
                list[i] = next;
                self.tally.add(Outcome::Updated);
            } else {
                self.tally.add(Outcome::Unchanged);
            }
            self.touched_initiatives.push(old.id);
            return Ok(old.id);
        }
        let id = tx.insert_initiative(&new).await?;
        list.push(tx.get_initiative(id).await?);
        self.tally.add(Outcome::Inserted);
        self.touched_initiatives.push(id);
        Ok(id)
    }

    /// Finds an indicator by owner and name or creates it; when found, fields given replace
    /// stored ones and actuals are merged by year.
    pub async fn indicator(&mut self, new: NewIndicator) -> Result<IndicatorId> {
        let candidates = match new.owner {
            Some(owner) => self.tx.indicators_of(owner).await?,
            None => {
                let mut all = Vec::new();
                let mut page = Page::first(Page::MAX_LIMIT);
                loop {
                    let batch = self.tx.list_indicators(self.org, page).await?;
                    let done = batch.len() < page.limit as usize;
                    all.extend(batch.into_iter().filter(|i| i.owner.is_none()));
                    if done {
                        break;
                    }
                    page = page.next();
                }
                all
            }
        };
        if let Some(old) = candidates.into_iter().find(|i| same(&i.name, &new.name)) {
            let mut next = old.clone();
            next.unit = new.unit.or(old.unit.clone());
            next.direction = new.direction;
            next.cumulative = new.cumulative;
            next.baseline = new.baseline.or(old.baseline.clone());
            next.baseline_year = new.baseline_year.or(old.baseline_year);
            next.baseline_note = new.baseline_note.or(old.baseline_note.clone());
            next.target = new.target.or(old.target.clone());
            next.target_year = new.target_year.or(old.target_year);
            for a in new.actuals {
                match next.actuals.iter_mut().find(|x| x.fiscal_year == a.fiscal_year) {
                    Some(x) => *x = a,
                    None => next.actuals.push(a),
                }
            }
            next.actuals.sort_by_key(|a| a.fiscal_year);
            next.sort_order = new.sort_order;
            apply(&mut self.tally, next != old, self.tx.update_indicator(&next)).await?;
            return Ok(old.id);
        }
        let id = self.tx.insert_indicator(&new).await?;
        self.tally.add(Outcome::Inserted);
        Ok(id)
    }

    /// Replaces a program's facts (number, plan path, judgements, direction, costs) when
    /// they changed.
    pub async fn program_facts(&mut self, id: InitiativeId, facts: &ProgramFacts) -> Result<()> {
        let old = self.tx.program_facts(&[id]).await?.pop().map(|(_, f)| f).unwrap_or_default();
        if old == *facts {
            if !facts.is_empty() {
                self.tally.add(Outcome::Unchanged);
            }
            return Ok(());
        }
        self.tx.set_program_facts(id, facts).await?;
        self.tally.add(if old.is_empty() { Outcome::Inserted } else { Outcome::Updated });
        Ok(())
    }

    /// Replaces an indicator's kind and yearly values when they changed.
    pub async fn indicator_facts(&mut self, id: IndicatorId, facts: &IndicatorFacts) -> Result<()> {
        let old = self.tx.indicator_facts(&[id]).await?.pop().map(|(_, f)| f).unwrap_or_default();
        if old == *facts {
            if !facts.is_empty() {
                self.tally.add(Outcome::Unchanged);
            }
            return Ok(());
        }
        self.tx.set_indicator_facts(id, facts).await?;
        self.tally.add(if old.is_empty() { Outcome::Inserted } else { Outcome::Updated });
        Ok(())
    }

    /// One review per initiative and year: inserted or replaced.
    pub async fn goal_review(&mut self, new: NewGoalReview) -> Result<GoalReviewId> {
        match self.tx.get_goal_review(new.initiative_id, new.fiscal_year).await? {
            Some(old) => {
                let mut next = old.clone();
                next.result = new.result;
                next.issues_next = new.issues_next;
                next.progress = new.progress.or(old.progress);
                next.judgement = new.judgement.or(old.judgement.clone());
                apply(&mut self.tally, next != old, self.tx.update_goal_review(&next)).await?;
                Ok(old.id)
            }
            None => {
                let id = self.tx.insert_goal_review(&new).await?;
                self.tally.add(Outcome::Inserted);
                Ok(id)
            }
        }
    }

    /// Finds a related plan by name or creates it; node links are added, never removed.
    pub async fn related_plan(&mut self, new: NewRelatedPlan) -> Result<RelatedPlanId> {
        if self.related.is_none() {
            self.related = Some(self.tx.list_related_plans(self.org).await?);
        }
        let tx = self.tx;
        let list = self.related.get_or_insert_with(Vec::new);
        if let Some(i) = list.iter().position(|r| same(&r.name, &new.name)) {
            let old = list[i].clone();
            let mut next = old.clone();
            next.description = new.description.or(old.description.clone());
            for n in new.node_ids {
                if !next.node_ids.contains(&n) {
                    next.node_ids.push(n);
                }
            }
            if next != old {
                next.meta.version = tx.update_related_plan(&next).await?;
                list[i] = next;
                self.tally.add(Outcome::Updated);
            } else {
                self.tally.add(Outcome::Unchanged);
            }
            return Ok(old.id);
        }
        let id = tx.insert_related_plan(&new).await?;
        list.push(tx.get_related_plan(id).await?);
        self.tally.add(Outcome::Inserted);
        Ok(id)
    }

    /// Adds a judgement scale unless the organization has one of that name.
    pub async fn judgement_scale(&mut self, scale: &JudgementScale, is_default: bool) -> Result<()> {
        let existing = self.tx.judgement_scales(self.org).await?;
        if existing.iter().any(|s| s.scale.name == scale.name) {
            self.tally.add(Outcome::Unchanged);
        } else {
            self.tx.insert_judgement_scale(self.org, scale, is_default).await?;
            self.tally.add(Outcome::Inserted);
        }
        Ok(())
    }
}
