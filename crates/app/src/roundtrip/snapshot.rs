//! The draft as a workbook shows it: the revision with its department and organization, its
//! initiatives with their review of the year and KPIs, and what names in the workbook stand
//! for (themes, 担当課, plan-node codes, judgement labels) — plus the versions ("stamps") that
//! tell whether the draft changed after a workbook was made from it.

use crate::editing::family;
use crate::error::Result;
use hoshin_domain::*;
use hoshin_store::Read;
use std::collections::BTreeMap;

/// One initiative of the draft.
#[derive(Debug, Clone)]
pub struct Item {
    pub initiative: Initiative,
    /// The review of the revision's year, if any.
    pub review: Option<GoalReview>,
    pub kpis: Vec<Indicator>,
}

/// Everything a workbook is written from and read against.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub org: Organization,
    pub department: Department,
    pub revision: PolicyRevision,
    pub items: Vec<Item>,
    /// The year's priority themes.
    pub themes: Vec<PriorityTheme>,
    /// The department and its sections (the 担当課 an initiative may have).
    pub sections: Vec<Department>,
    /// Every node of the organization's plans (for 関連する計画 codes).
    pub nodes: Vec<PlanNode>,
    /// The judgement labels of the organization's scales (empty: any text).
    pub judgements: Vec<String>,
}

/// What a version stamp is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StampKind {
    Revision,
    Initiative,
    /// The review of an initiative (id: the initiative's).
    Review,
    Indicator,
}

impl StampKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Revision => "revision",
            Self::Initiative => "initiative",
            Self::Review => "review",
            Self::Indicator => "indicator",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Revision, Self::Initiative, Self::Review, Self::Indicator].into_iter().find(|k| k.as_str() == s)
    }
}

/// The version of one record as a workbook saw it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Stamp {
    pub kind: StampKind,
    pub id: i64,
    pub version: i64,
}

impl Snapshot {
    /// Loads the draft of `rev` (rights are checked by the caller).
    pub async fn load(r: &dyn Read, rev: &PolicyRevision, department: &Department) -> Result<Self> {
        let org = r.get_organization(department.org_id).await?;
        let mut items = Vec::new();
        for i in r.revision_initiatives(rev.id).await? {
            let review = r.get_goal_review(i.id, rev.fiscal_year).await?;
            let kpis = r.indicators_of(IndicatorOwner::Initiative(i.id)).await?;
            items.push(Item { initiative: i, review, kpis });
        }
        let themes = r.list_themes(org.id, rev.fiscal_year).await?;
        let ids = family(r, department).await?;
        let all = r.list_departments(org.id).await?;
        let sections = ids.iter().filter_map(|id| all.iter().find(|d| d.id == *id).cloned()).collect();
        let mut nodes = Vec::new();
        for plan in r.list_plans(org.id).await? {
            nodes.extend(r.plan_nodes(plan.id).await?);
        }
        let judgements = crate::periods::scale_labels(&r.judgement_scales(org.id).await?);
        Ok(Self {
            org,
            department: department.clone(),
            revision: rev.clone(),
            items,
            themes,
            sections,
            nodes,
            judgements,
        })
    }

    /// The versions of every record of the draft, sorted.
    pub fn stamps(&self) -> Vec<Stamp> {
        let mut out =
            vec![Stamp { kind: StampKind::Revision, id: self.revision.id.0, version: self.revision.meta.version }];
        for it in &self.items {
            let i = &it.initiative;
            out.push(Stamp { kind: StampKind::Initiative, id: i.id.0, version: i.meta.version });
            if let Some(r) = &it.review {
                out.push(Stamp { kind: StampKind::Review, id: i.id.0, version: r.meta.version });
            }
            for k in &it.kpis {
                out.push(Stamp { kind: StampKind::Indicator, id: k.id.0, version: k.meta.version });
            }
        }
        out.sort();
        out
    }

    pub fn item(&self, id: InitiativeId) -> Option<&Item> {
        self.items.iter().find(|i| i.initiative.id == id)
    }

    /// The KPI `id` and the item it belongs to.
    pub fn kpi(&self, id: IndicatorId) -> Option<(&Item, &Indicator)> {
        self.items.iter().find_map(|it| it.kpis.iter().find(|k| k.id == id).map(|k| (it, k)))
    }

    pub fn theme_name(&self, id: Option<ThemeId>) -> String {
        id.and_then(|t| self.themes.iter().find(|x| x.id == t)).map(|t| t.name.clone()).unwrap_or_default()
    }

    pub fn section_name(&self, id: Option<DepartmentId>) -> String {
        id.and_then(|d| self.sections.iter().find(|x| x.id == d)).map(|d| d.name.clone()).unwrap_or_default()
    }

    /// 関連する計画 as lines 「コード タイトル」 (a node without a code: its title).
    pub fn links_text(&self, ids: &[NodeId]) -> String {
        let by_id: BTreeMap<i64, &PlanNode> = self.nodes.iter().map(|n| (n.id.0, n)).collect();
        ids.iter()
            .map(|id| match by_id.get(&id.0) {
                Some(n) => match &n.code {
                    Some(c) if !c.trim().is_empty() => format!("{} {}", c.trim(), n.title),
                    _ => n.title.clone(),
                },
                None => format!("（番号{id}）"),
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The workbook's name of the draft: 「福祉部 令和8年度（2026年度）」.
    pub fn label(&self) -> String {
        format!("{} {}", self.department.name, self.revision.fiscal_year.label())
    }
}
