//! What a re-import changes: the stored state of a document's initiatives (with their KPIs
//! and costs) before and after, compared record by record. Used by the preview, the staff
//! page's diff and `hoshin import --dry-run`.

use crate::error::Result;
use hoshin_domain::*;
use hoshin_store::{Read, StoreError};
use serde::Serialize;
use std::collections::BTreeMap;

/// One initiative as the diff sees it: its fields as text, its KPIs and costs by key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct InitiativeImage {
    pub name: String,
    pub fields: BTreeMap<String, String>,
    /// KPI name → its values as text.
    pub indicators: BTreeMap<String, String>,
    /// 「令和5年度 決算 事業費」 → the figure as written (and in yen).
    pub costs: BTreeMap<String, String>,
}

/// The images of several initiatives, by id.
pub type Snapshot = BTreeMap<InitiativeId, InitiativeImage>;

/// Reads the images of `ids` that exist (ids not stored are left out).
pub async fn snapshot(r: &(impl crate::ReadDb + ?Sized), ids: &[InitiativeId]) -> Result<Snapshot> {
    let r = crate::db::read(r);
    let mut out = Snapshot::new();
    let facts: BTreeMap<InitiativeId, ProgramFacts> = r.program_facts(ids).await?.into_iter().collect();
    for id in ids {
        let item = match r.get_initiative(*id).await {
            Ok(i) => i,
            Err(StoreError::NotFound { .. }) => continue,
            Err(e) => return Err(e.into()),
        };
        out.insert(*id, image(r, &item, facts.get(id)).await?);
    }
    Ok(out)
}

async fn image(r: &dyn Read, item: &Initiative, facts: Option<&ProgramFacts>) -> Result<InitiativeImage> {
    let mut fields = BTreeMap::new();
    let mut put = |k: &str, v: String| {
        if !v.is_empty() {
            fields.insert(k.to_string(), v);
        }
    };
    put("年度", item.fiscal_year.map(FiscalYear::label).unwrap_or_default());
    if let Some(d) = item.department_id {
        put("部局", r.get_department(d).await?.name);
    }
    put("概要", item.summary.clone().unwrap_or_default());
    for s in &item.sections {
        put(&s.label, s.body.clone());
    }
    if let Some(f) = facts {
        put("事業番号", f.code.clone().unwrap_or_default());
        put("施策体系", f.plan_path.iter().map(PlanStep::display).collect::<Vec<_>>().join(" → "));
        put("評価", f.judgements.iter().map(|j| format!("{}: {}", j.axis, j.value)).collect::<Vec<_>>().join("、"));
        put("今後の方向性", f.direction.map(|d| d.label().to_string()).unwrap_or_default());
    }
    let mut indicators = BTreeMap::new();
    let list = r.indicators_of(IndicatorOwner::Initiative(item.id)).await?;
    let ids: Vec<IndicatorId> = list.iter().map(|i| i.id).collect();
    let ifacts: BTreeMap<IndicatorId, IndicatorFacts> = r.indicator_facts(&ids).await?.into_iter().collect();
    for k in &list {
        indicators.insert(k.name.clone(), indicator_text(k, ifacts.get(&k.id)));
    }
    let mut costs = BTreeMap::new();
    for c in facts.map(|f| f.costs.as_slice()).unwrap_or_default() {
        let key = format!("{} {} {}", c.fiscal_year.wareki(), c.basis.label(), cost_item_label(&c.item));
        costs.insert(key, cost_text(c));
    }
    Ok(InitiativeImage { name: item.name.clone(), fields, indicators, costs })
}

/// 「1,130（1,130,000円）」.
pub fn cost_text(c: &Cost) -> String {
    match c.amount {
        Some(yen) => format!("{}（{}円）", c.written, yen),
        None => c.written.clone(),
    }
}

fn indicator_text(k: &Indicator, facts: Option<&IndicatorFacts>) -> String {
    let q = |v: &Option<Quantity>| v.as_ref().map(|q| q.text.clone()).unwrap_or_else(|| "—".into());
    let mut parts = vec![format!("現状値 {}", q(&k.baseline)), format!("目標値 {}", q(&k.target))];
    for a in &k.actuals {
        parts.push(format!("{}実績 {}", a.fiscal_year.wareki(), a.value.text));
    }
    if let Some(f) = facts {
        if let Some(kind) = f.kind {
            parts.push(kind.label().to_string());
        }
        for v in &f.yearly {
            parts.push(format!("{}{} {}", v.fiscal_year.wareki(), v.kind.label(), v.value.text));
        }
    }
    parts.join("、")
}

/// What happened to one record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Added,
    Changed,
    Removed,
}

impl ChangeKind {
    pub fn label(&self) -> &'static str {
        match self {
            ChangeKind::Added => "追加",
            ChangeKind::Changed => "変更",
            ChangeKind::Removed => "削除",
        }
    }
}

/// One line of the diff: which record, what happened, and for a change the values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub kind: ChangeKind,
    /// The initiative, and for a KPI or cost its own name after 「／」.
    pub subject: String,
    /// Field → (before, after), for changes.
    pub fields: Vec<(String, String, String)>,
}

/// Added, changed and removed initiatives, KPIs and costs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Diff {
    pub initiatives: Vec<Change>,
    pub indicators: Vec<Change>,
    pub costs: Vec<Change>,
}

impl Diff {
    pub fn is_empty(&self) -> bool {
        self.initiatives.is_empty() && self.indicators.is_empty() && self.costs.is_empty()
    }

    /// (added, changed, removed) over every kind of record.
    pub fn totals(&self) -> (usize, usize, usize) {
        let all = self.initiatives.iter().chain(&self.indicators).chain(&self.costs);
        all.fold((0, 0, 0), |(a, c, r), x| match x.kind {
            ChangeKind::Added => (a + 1, c, r),
            ChangeKind::Changed => (a, c + 1, r),
            ChangeKind::Removed => (a, c, r + 1),
        })
    }
}

/// Compares two snapshots. Initiatives only in `before` were removed.
pub fn compare(before: &Snapshot, after: &Snapshot) -> Diff {
    let mut d = Diff::default();
    let empty = InitiativeImage::default();
    let ids: std::collections::BTreeSet<&InitiativeId> = before.keys().chain(after.keys()).collect();
    for id in ids {
        let (b, a) = (before.get(id), after.get(id));
        let name = a.or(b).map(|x| x.name.clone()).unwrap_or_default();
        match (b, a) {
            (None, Some(_)) => {
                d.initiatives.push(Change { kind: ChangeKind::Added, subject: name.clone(), fields: Vec::new() })
            }
            (Some(_), None) => {
                d.initiatives.push(Change { kind: ChangeKind::Removed, subject: name.clone(), fields: Vec::new() })
            }
            (Some(b), Some(a)) => {
                let fields = map_changes(&b.fields, &a.fields);
                if !fields.is_empty() || b.name != a.name {
                    d.initiatives.push(Change { kind: ChangeKind::Changed, subject: name.clone(), fields });
                }
            }
            (None, None) => {}
        }
        let (b, a) = (b.unwrap_or(&empty), a.unwrap_or(&empty));
        d.indicators.extend(keyed(&name, &b.indicators, &a.indicators));
        d.costs.extend(keyed(&name, &b.costs, &a.costs));
    }
    d
}

fn map_changes(b: &BTreeMap<String, String>, a: &BTreeMap<String, String>) -> Vec<(String, String, String)> {
    let keys: std::collections::BTreeSet<&String> = b.keys().chain(a.keys()).collect();
    keys.into_iter()
        .filter_map(|k| {
            let (x, y) = (b.get(k).cloned().unwrap_or_default(), a.get(k).cloned().unwrap_or_default());
            (x != y).then(|| (k.clone(), x, y))
        })
        .collect()
}

fn keyed(owner: &str, b: &BTreeMap<String, String>, a: &BTreeMap<String, String>) -> Vec<Change> {
    let keys: std::collections::BTreeSet<&String> = b.keys().chain(a.keys()).collect();
    keys.into_iter()
        .filter_map(|k| {
            let subject = format!("{owner}／{k}");
            match (b.get(k), a.get(k)) {
                (None, Some(_)) => Some(Change { kind: ChangeKind::Added, subject, fields: Vec::new() }),
                (Some(_), None) => Some(Change { kind: ChangeKind::Removed, subject, fields: Vec::new() }),
                (Some(x), Some(y)) if x != y => {
                    Some(Change { kind: ChangeKind::Changed, subject, fields: vec![(k.clone(), x.clone(), y.clone())] })
                }
                _ => None,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn img(name: &str, summary: &str, kpi: Option<&str>) -> InitiativeImage {
        let mut i = InitiativeImage { name: name.into(), ..Default::default() };
        i.fields.insert("概要".into(), summary.into());
        if let Some(k) = kpi {
            i.indicators.insert("参加者数".into(), k.into());
        }
        i
    }

    #[test]
    fn added_changed_removed() {
        let before: Snapshot =
            [(InitiativeId(1), img("A", "x", Some("10人"))), (InitiativeId(2), img("B", "y", None))].into();
        let after: Snapshot = [(InitiativeId(1), img("A", "x2", None)), (InitiativeId(3), img("C", "z", None))].into();
        let d = compare(&before, &after);
        let kinds: Vec<(&str, &ChangeKind)> = d.initiatives.iter().map(|c| (c.subject.as_str(), &c.kind)).collect();
        assert_eq!(kinds, [("A", &ChangeKind::Changed), ("B", &ChangeKind::Removed), ("C", &ChangeKind::Added)]);
        assert_eq!(d.initiatives[0].fields, [("概要".to_string(), "x".to_string(), "x2".to_string())]);
        assert_eq!(d.indicators.len(), 1);
        assert_eq!(d.indicators[0].kind, ChangeKind::Removed);
        assert_eq!(d.totals(), (1, 1, 2));
        assert!(compare(&after, &after).is_empty());
    }
}
