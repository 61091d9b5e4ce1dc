//! One 事務事業評価シート per initiative as xlsx, in the usual paper layout (A4 portrait,
//! fitted to one page wide): labels left, values right, sections for the program (事業名, 担当,
//! 施策体系), its purpose and content (目的・対象・意図, 取組内容 as the document's sections
//! say), its indicators with baseline, the actuals of the latest years and target, its costs
//! by year when the program has them, and the review (実績, 判定, 今後の方向性). The data are
//! those of the printable HTML sheet (`/initiatives/{id}/sheet`): [`crate::program::sheet_facts`]
//! over the published initiative ([`crate::public::initiative`]).

use super::{safe_name, NamedFile};
use crate::error::Result;
use crate::program::{cost_table, link_label, sheet_facts, sheet_years, SheetFacts};
use crate::public;
use hoshin_domain::*;
use hoshin_exchange::xlsx::{Block, Form, FORM_SLOTS};
use hoshin_exchange::Cell;
use hoshin_store::Read;
use std::collections::HashMap;

/// What a sheet names besides the initiative: its organization, department and links.
struct Context {
    org: Organization,
    department: Option<String>,
    theme: Option<String>,
    /// (label, `1-1 子育て支援の充実`) per linked plan node.
    links: Vec<(String, String)>,
}

/// The xlsx of one published initiative's sheet (a draft or unknown id: not found).
pub async fn initiative_workbook(r: &dyn Read, id: InitiativeId) -> Result<NamedFile> {
    let detail = public::initiative(r, id).await?;
    let i = detail.initiative;
    let org = public::organization(r, i.org_id).await?;
    let department = match i.department_id {
        Some(d) => r.list_departments(org.id).await?.into_iter().find(|x| x.id == d).map(|x| x.name),
        None => None,
    };
    let plan_kinds: HashMap<PlanId, PlanKind> =
        r.list_plans(org.id).await?.into_iter().map(|p| (p.id, p.kind)).collect();
    let nodes = r.nodes_by_ids(&i.node_ids).await?;
    let links = i
        .node_ids
        .iter()
        .filter_map(|n| nodes.iter().find(|x| x.id == *n))
        .map(|n| {
            let label = link_label(n, plan_kinds.get(&n.plan_id).copied());
            let text = match &n.code {
                Some(c) => format!("{c} {}", n.title),
                None => n.title.clone(),
            };
            (label, text)
        })
        .collect();
    let ctx = Context { org, department, theme: detail.theme.map(|t| t.name), links };
    let facts = sheet_facts(r, std::slice::from_ref(&i)).await?;
    let form = form(&ctx, &i, &facts);
    let bytes = hoshin_exchange::xlsx::form_workbook(&[form])?;
    let year = i.fiscal_year.map(|y| format!("_{}", y.wareki())).unwrap_or_default();
    let name: String = safe_name(&i.name).chars().take(60).collect();
    Ok(NamedFile {
        file_name: format!("{}{year}_事務事業評価シート_{name}.xlsx", safe_name(&ctx.org.name)),
        ascii_name: format!("initiative{}_sheet.xlsx", i.id.0),
        bytes,
    })
}

fn form(ctx: &Context, i: &Initiative, all: &SheetFacts) -> Form {
    let facts = all.facts(i.id);
    let kpis = all.indicators(i.id);
    let reviews = all.reviews(i.id);
    let year = i.fiscal_year;
    let text = |s: &str| Cell::Text(s.to_string());
    let mut b = vec![Block::Section("事業の概要".into()), Block::Field("事業名".into(), text(&i.name))];
    if let Some(c) = &facts.code {
        b.push(Block::Field("事業番号".into(), text(c)));
    }
    if !all.budget_codes(i.id).is_empty() {
        b.push(Block::Field("予算細事業コード".into(), text(&all.budget_codes(i.id).join("、"))));
    }
    b.push(Block::Field("担当".into(), Cell::text(ctx.department.clone())));
    let plan = if !facts.plan_path.is_empty() {
        facts.plan_path.iter().map(|s| format!("{} {}", s.level, s.display())).collect::<Vec<_>>().join("\n")
    } else {
        ctx.links.iter().map(|(l, t)| format!("{l} {t}")).collect::<Vec<_>>().join("\n")
    };
    b.push(Block::Field("施策体系".into(), if plan.is_empty() { Cell::Empty } else { Cell::Text(plan) }));
    if let Some(t) = &ctx.theme {
        b.push(Block::Field("重点項目".into(), text(t)));
    }
    if let (Some(a), Some(z)) = (year, i.period_end) {
        b.push(Block::Field("期間".into(), Cell::Text(format!("{}～{}", a.label(), z.label()))));
    }
    b.push(Block::Field("区分".into(), text(i.kind.label())));

    b.push(Block::Section("事業の目的・内容".into()));
    b.push(Block::Field("概要".into(), Cell::text(i.summary.clone())));
    for s in &i.sections {
        b.push(Block::Field(s.label.clone(), text(&s.body)));
    }
    if !i.milestones.is_empty() {
        let m = i.milestones.iter().map(|m| m.text.as_str()).collect::<Vec<_>>().join("\n");
        b.push(Block::Field("スケジュール".into(), Cell::Text(m)));
    }

    b.push(Block::Section("指標".into()));
    if kpis.is_empty() {
        b.push(Block::Note("指標は登録されていません。".into()));
    } else {
        let years = sheet_years(kpis.iter().map(|(k, _)| k), year);
        let mut header = vec!["指標".to_string(), "基準値".to_string()];
        header.extend(years.iter().map(|y| format!("実績\n{}", y.label())));
        header.push("目標値".into());
        let with_year = |q: Option<&Quantity>, y: Option<FiscalYear>| match (q, y) {
            (None, None) => Cell::Empty,
            (q, y) => Cell::Text(
                [q.map(|q| q.text.clone()), y.map(|y| format!("（{}）", y.label()))]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
        };
        let rows = kpis
            .iter()
            .map(|(k, f)| {
                let mut name = k.name.clone();
                if let Some(kind) = f.as_ref().and_then(|f| f.kind) {
                    name.push_str(&format!("（{}）", kind.label()));
                }
                if let Some(u) = &k.unit {
                    name.push_str(&format!("［{u}］"));
                }
                let mut row = vec![Cell::Text(name), with_year(k.baseline.as_ref(), k.baseline_year)];
                for y in &years {
                    row.push(Cell::text(k.actuals.iter().find(|a| a.fiscal_year == *y).map(|a| a.value.text.clone())));
                }
                row.push(with_year(k.target.as_ref(), k.target_year));
                row
            })
            .collect();
        b.push(Block::Grid { header, rows });
        let yearly: Vec<Vec<Cell>> = kpis
            .iter()
            .filter_map(|(k, f)| f.as_ref().map(|f| (k, f)))
            .flat_map(|(k, f)| {
                f.yearly.iter().map(move |v| {
                    vec![
                        Cell::Text(k.name.clone()),
                        Cell::Text(v.fiscal_year.label()),
                        v.kind.label().into(),
                        Cell::Text(v.value.text.clone()),
                    ]
                })
            })
            .collect();
        if !yearly.is_empty() {
            b.push(Block::Grid {
                header: vec!["指標（年度ごとの目標・計画）".into(), "年度".into(), "区分".into(), "値".into()],
                rows: yearly,
            });
        }
    }

    let costs = cost_table(&facts.costs);
    if !costs.columns.is_empty() {
        b.push(Block::Section("事業費（単位：千円）".into()));
        // The latest columns that fit the form.
        let skip = costs.columns.len().saturating_sub(usize::from(FORM_SLOTS));
        let mut header = vec!["区分".to_string()];
        header.extend(costs.columns.iter().skip(skip).map(|(y, basis)| format!("{}\n{}", y.label(), basis.label())));
        let rows = costs
            .rows
            .iter()
            .map(|(item, cells)| {
                let mut row = vec![Cell::Text(cost_item_label(item).to_string())];
                row.extend(cells.iter().skip(skip).map(|c| match c {
                    Some((Some(yen), _)) => Cell::Num(*yen as f64 / 1000.0),
                    Some((None, written)) => Cell::Text(written.clone()),
                    None => Cell::Empty,
                }));
                row
            })
            .collect();
        b.push(Block::Grid { header, rows });
        if skip > 0 {
            b.push(Block::Note(format!("古い{skip}列は省略しています。")));
        }
    }

    b.push(Block::Section("評価".into()));
    // The review of the sheet's year, else the latest one (as the HTML sheet chooses).
    let review = reviews.iter().rev().find(|r| Some(r.fiscal_year) == year).or(reviews.last());
    if review.is_none() && facts.judgements.is_empty() && facts.direction.is_none() {
        b.push(Block::Note("評価は登録されていません。".into()));
    }
    if let Some(r) = review {
        b.push(Block::Field(format!("実績（{}）", r.fiscal_year.label()), Cell::text(r.result.clone())));
        b.push(Block::Field("進捗率（%）".into(), Cell::int(r.progress)));
        b.push(Block::Field("判定".into(), Cell::text(r.judgement.clone())));
        b.push(Block::Field("課題・今後の方向性".into(), Cell::text(r.issues_next.clone())));
    }
    for j in &facts.judgements {
        b.push(Block::Field(j.axis.clone(), text(&j.value)));
    }
    if let Some(d) = facts.direction {
        b.push(Block::Field("今後の方向性".into(), text(d.label())));
    }

    let head = match year {
        Some(y) => format!("事務事業評価シート　{}　{}", ctx.org.name, y.label()),
        None => format!("事務事業評価シート　{}", ctx.org.name),
    };
    Form { name: "事務事業評価シート".into(), head, title: i.name.clone(), blocks: b }
}
