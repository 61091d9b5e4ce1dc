//! The open-data bundle of one organization and fiscal year: a zip of CSV files and
//! `datapackage.json` (Frictionless Data Package), every row keyed by the organization's
//! 全国地方公共団体コード (`org_code`, empty when the organization has none registered), and
//! the catalogue of every organization-year that has one.
//!
//! Resources: `organization`, `departments`, `themes`, `policies`, `initiatives`,
//! `initiative_nodes`, `reviews`, `indicators`, `indicator_actuals` (the years up to the
//! bundle's), `plan_nodes`. Published data only, read as the pages read it.

use super::tables::{joined, year_reviews};
use super::{ascii_prefix, Named};
use crate::error::Result;
use crate::public;
use hoshin_domain::*;
use hoshin_exchange::datapackage::Package;
use hoshin_exchange::{Cell, Field, FieldType as T, Table};
use hoshin_store::{Page, Read};
use std::collections::HashSet;

/// The file name of a bundle (ASCII; the same for `filename` and `filename*`).
pub fn file_name(org: &Organization, year: FiscalYear) -> String {
    format!("{}_opendata.zip", ascii_prefix(org, year))
}

fn code_field() -> Field {
    Field::new("org_code", T::String, "全国地方公共団体コード", "総務省の全国地方公共団体コード（6桁、検査数字付き）")
}

fn year_field() -> Field {
    Field::new("fiscal_year", T::Year, "年度", "会計年度（西暦。2024は令和6年度）")
}

/// Every table of an organization's year.
pub async fn package(r: &dyn Read, org: OrgId, year: FiscalYear) -> Result<Package> {
    let o = r.get_organization(org).await?;
    let code = || Cell::text(o.code.as_ref().map(|c| c.as_str().to_string()));
    let fy = Cell::Int(i64::from(year.year()));

    let mut organization = Table::new(
        "organization",
        "団体",
        "団体の名称とコード",
        vec![
            code_field(),
            Field::new("org_id", T::Integer, "団体ID", "hoshin内の団体番号"),
            Field::new("name", T::String, "団体名", "団体の名称"),
            Field::new("prefecture", T::String, "都道府県", "所在する都道府県"),
        ],
    )
    .with_primary_key(&["org_id"]);
    organization.push(vec![code(), Cell::Int(o.id.0), o.name.clone().into(), Cell::text(o.prefecture.clone())]);

    // Departments, each under the name it had in the year.
    let all_departments = r.list_departments(org).await?;
    let mut departments = Table::new(
        "departments",
        "部局",
        "部と課（課は上位の部を持つ）。名称はその年度のもの",
        vec![
            code_field(),
            Field::new("department_id", T::Integer, "部局ID", "hoshin内の部局番号"),
            Field::new("parent_id", T::Integer, "上位部局ID", "課の場合、所属する部の部局ID"),
            Field::new("name", T::String, "部局名", "その年度の名称"),
            Field::new("sort_order", T::Integer, "並び順", "表示の順"),
        ],
    )
    .with_primary_key(&["department_id"])
    .with_foreign_key(&["parent_id"], "departments", &["department_id"]);
    for d in &all_departments {
        let history = r.department_names(d.id).await?;
        departments.push(vec![
            code(),
            Cell::Int(d.id.0),
            Cell::int(d.parent_id.map(|p| p.0)),
            crate::years::name_in_year(&d.name, &history, year).into(),
            Cell::Int(i64::from(d.sort_order)),
        ]);
    }

    let published_themes = r.published_themes(org, year).await?;
    let theme_ids: HashSet<ThemeId> = published_themes.iter().map(|t| t.id).collect();
    let mut themes = Table::new(
        "themes",
        "重点項目",
        "その年度の重点項目（公開されているもの）",
        vec![
            code_field(),
            year_field(),
            Field::new("theme_id", T::Integer, "重点項目ID", "hoshin内の重点項目番号"),
            Field::new("name", T::String, "重点項目", "名称"),
            Field::new("sort_order", T::Integer, "並び順", "表示の順"),
        ],
    )
    .with_primary_key(&["theme_id"]);
    for t in &published_themes {
        themes.push(vec![
            code(),
            fy.clone(),
            Cell::Int(t.id.0),
            t.name.clone().into(),
            Cell::Int(i64::from(t.sort_order)),
        ]);
    }

    let mut policies = Table::new(
        "policies",
        "部局運営方針",
        "部局ごとのその年度の基本的考え方",
        vec![
            code_field(),
            year_field(),
            Field::new("department_id", T::Integer, "部局ID", "方針を定めた部局"),
            Field::new("stance", T::String, "基本的考え方", "部局運営の基本的考え方"),
            Field::new("notes", T::String, "その他", "方針・総括などその他の記載"),
        ],
    )
    .with_primary_key(&["department_id", "fiscal_year"])
    .with_foreign_key(&["department_id"], "departments", &["department_id"]);
    for p in r.year_policies(org, year).await? {
        policies.push(vec![code(), fy.clone(), Cell::Int(p.department_id.0), p.stance.into(), Cell::text(p.notes)]);
    }

    let (items, _) = public::year_initiatives(r, org, year, usize::MAX).await?;
    let mut initiatives = Table::new(
        "initiatives",
        "取組",
        "部局運営方針の取組・事務事業など（公開されているもの）",
        vec![
            code_field(),
            year_field(),
            Field::new("initiative_id", T::Integer, "取組ID", "hoshin内の取組番号"),
            Field::new("department_id", T::Integer, "部局ID", "担当する部局"),
            Field::new("theme_id", T::Integer, "重点項目ID", "属する重点項目"),
            Field::new(
                "kind",
                T::String,
                "区分",
                "annual（当年度の取組）・midterm（中期目標）・action（施策の取組）・program（事務事業）",
            ),
            Field::new("name", T::String, "取組名", "名称"),
            Field::new("summary", T::String, "概要", "概要"),
            Field::new("reform", T::String, "行革の視点", "行財政改革の視点（「、」区切り）"),
            Field::new("reform_text", T::String, "行革の視点からの取組内容", "行革の視点からの取組み内容"),
            Field::new("sdgs", T::String, "SDGs", "関係するSDGsのゴール番号（「;」区切り）"),
            Field::new("schedule", T::String, "スケジュール", "年間の予定（改行区切り）"),
            Field::new("period_end", T::Year, "終了年度", "中期目標などの終了年度（西暦）"),
            Field::new("predecessor_id", T::Integer, "前年度の取組ID", "前年度の同じ取組（前年度の束に含まれる）"),
            Field::new("sort_order", T::Integer, "並び順", "表示の順"),
        ],
    )
    .with_primary_key(&["initiative_id"])
    .with_foreign_key(&["department_id"], "departments", &["department_id"])
    .with_foreign_key(&["theme_id"], "themes", &["theme_id"]);
    let mut links = Table::new(
        "initiative_nodes",
        "取組と計画の関係",
        "取組が関係する計画の政策・施策",
        vec![
            code_field(),
            Field::new("initiative_id", T::Integer, "取組ID", "取組"),
            Field::new("node_id", T::Integer, "計画項目ID", "計画の政策・施策など"),
        ],
    )
    .with_primary_key(&["initiative_id", "node_id"])
    .with_foreign_key(&["initiative_id"], "initiatives", &["initiative_id"])
    .with_foreign_key(&["node_id"], "plan_nodes", &["node_id"]);
    for i in &items {
        initiatives.push(vec![
            code(),
            fy.clone(),
            Cell::Int(i.id.0),
            Cell::int(i.department_id.map(|d| d.0)),
            // A theme the public may not see yet is left out, as on the pages.
            Cell::int(i.theme_id.filter(|t| theme_ids.contains(t)).map(|t| t.0)),
            i.kind.as_str().into(),
            i.name.clone().into(),
            Cell::text(i.summary.clone()),
            joined(i.reform_perspectives.iter().map(ReformPerspective::display), "、"),
            Cell::text(i.reform_text.clone()),
            joined(i.sdg_goals.iter().map(|g| g.number().to_string()), ";"),
            joined(i.milestones.iter().map(|m| m.text.clone()), "\n"),
            Cell::int(i.period_end.map(|y| i64::from(y.year()))),
            Cell::int(i.predecessor_id.map(|p| p.0)),
            Cell::Int(i64::from(i.sort_order)),
        ]);
        let mut nodes = i.node_ids.clone();
        nodes.sort_by_key(|n| n.0);
        nodes.dedup();
        for n in nodes {
            links.push(vec![code(), Cell::Int(i.id.0), Cell::Int(n.0)]);
        }
    }

    let ids: Vec<InitiativeId> = items.iter().map(|i| i.id).collect();
    let year_reviews = year_reviews(r, &ids, year).await?;
    let mut reviews = Table::new(
        "reviews",
        "目標と振り返り",
        "取組のその年度の実績・課題・進捗・判定",
        vec![
            code_field(),
            year_field(),
            Field::new("initiative_id", T::Integer, "取組ID", "取組"),
            Field::new("result", T::String, "実績", "取組みを行った内容・成果"),
            Field::new("issues_next", T::String, "課題・今後の方向性", "課題と今後の方向性"),
            Field::new("progress", T::Integer, "進捗率", "進捗率（%）"),
            Field::new("judgement", T::String, "判定", "団体の判定区分による判定"),
        ],
    )
    .with_primary_key(&["initiative_id", "fiscal_year"])
    .with_foreign_key(&["initiative_id"], "initiatives", &["initiative_id"]);
    for i in &items {
        if let Some(rv) = year_reviews.get(&i.id) {
            reviews.push(vec![
                code(),
                fy.clone(),
                Cell::Int(i.id.0),
                Cell::text(rv.result.clone()),
                Cell::text(rv.issues_next.clone()),
                Cell::int(rv.progress),
                Cell::text(rv.judgement.clone()),
            ]);
        }
    }

    let plan_nodes = plan_nodes_table(r, org, code()).await?;

    let list = public::all_indicators(r, org).await?;
    let node_ids: HashSet<i64> = node_ids_of(&plan_nodes);
    let item_ids: HashSet<InitiativeId> = ids.iter().copied().collect();
    let mut indicators = Table::new(
        "indicators",
        "指標",
        "指標（KPI）。基準値・目標値は資料の表記と、読み取った数値",
        vec![
            code_field(),
            Field::new("indicator_id", T::Integer, "指標ID", "hoshin内の指標番号"),
            Field::new("node_id", T::Integer, "計画項目ID", "指標を持つ計画の政策・施策（そうでなければ空）"),
            Field::new("initiative_id", T::Integer, "取組ID", "指標を持つこの年度の取組（そうでなければ空）"),
            Field::new("name", T::String, "指標名", "名称"),
            Field::new("unit", T::String, "単位", "単位"),
            Field::new("direction", T::String, "方向", "up（増加が望ましい）・down（減少が望ましい）"),
            Field::new("cumulative", T::Boolean, "累計", "実績は各年度の量で、目標は累計"),
            Field::new("baseline_text", T::String, "基準値（表記）", "資料の表記のまま"),
            Field::new("baseline", T::Number, "基準値", "数値"),
            Field::new("baseline_year", T::Year, "基準年度", "西暦"),
            Field::new("target_text", T::String, "目標値（表記）", "資料の表記のまま"),
            Field::new("target", T::Number, "目標値", "数値"),
            Field::new("target_year", T::Year, "目標年度", "西暦"),
            Field::new("status", T::String, "状況", "この年度時点の状況（順調・遅れ・実績なし）"),
        ],
    )
    .with_primary_key(&["indicator_id"])
    .with_foreign_key(&["node_id"], "plan_nodes", &["node_id"])
    .with_foreign_key(&["initiative_id"], "initiatives", &["initiative_id"]);
    let mut actuals = Table::new(
        "indicator_actuals",
        "指標の実績",
        "指標の年度ごとの実績（この年度まで）",
        vec![
            code_field(),
            Field::new("indicator_id", T::Integer, "指標ID", "指標"),
            year_field(),
            Field::new("value_text", T::String, "実績値（表記）", "資料の表記のまま"),
            Field::new("value", T::Number, "実績値", "数値"),
        ],
    )
    .with_primary_key(&["indicator_id", "fiscal_year"])
    .with_foreign_key(&["indicator_id"], "indicators", &["indicator_id"]);
    for i in &list {
        // An indicator of another year's initiative belongs to that year's bundle.
        let (node, item) = match i.owner {
            Some(IndicatorOwner::Node(n)) => (node_ids.contains(&n.0).then_some(n.0), None),
            Some(IndicatorOwner::Initiative(x)) if item_ids.contains(&x) => (None, Some(x.0)),
            Some(IndicatorOwner::Initiative(_)) => continue,
            None => (None, None),
        };
        let num = |q: &Option<Quantity>| q.as_ref().and_then(|q| q.value).map_or(Cell::Empty, Cell::Num);
        indicators.push(vec![
            code(),
            Cell::Int(i.id.0),
            Cell::int(node),
            Cell::int(item),
            i.name.clone().into(),
            Cell::text(i.unit.clone()),
            i.direction.as_str().into(),
            Cell::Bool(i.cumulative),
            Cell::text(i.baseline.as_ref().map(|q| q.text.clone())),
            num(&i.baseline),
            Cell::int(i.baseline_year.map(|y| i64::from(y.year()))),
            Cell::text(i.target.as_ref().map(|q| q.text.clone())),
            num(&i.target),
            Cell::int(i.target_year.map(|y| i64::from(y.year()))),
            i.status_in(year).label().into(),
        ]);
        for a in i.actuals.iter().filter(|a| a.fiscal_year <= year) {
            actuals.push(vec![
                code(),
                Cell::Int(i.id.0),
                Cell::Int(i64::from(a.fiscal_year.year())),
                a.value.text.clone().into(),
                a.value.value.map_or(Cell::Empty, Cell::Num),
            ]);
        }
    }

    let name = match &o.code {
        Some(c) => format!("hoshin-{}-{}", c.as_str(), year.year()),
        None => format!("hoshin-org{}-{}", o.id.0, year.year()),
    };
    Ok(Package {
        name,
        title: format!("{} {} 計画・取組・指標", o.name, year.label()),
        description: format!(
            "{}の{}の部局運営方針、取組、指標と実績、計画の体系（公開されているもの）。各行の org_code は全国地方公共団体コード。",
            o.name,
            year.label()
        ),
        keywords: vec![o.name.clone(), year.label(), "部局運営方針".into(), "KPI".into()],
        tables: vec![
            organization,
            departments,
            themes,
            policies,
            initiatives,
            links,
            reviews,
            plan_nodes,
            indicators,
            actuals,
        ],
    })
}

/// Every node of every plan of the organization.
async fn plan_nodes_table(r: &dyn Read, org: OrgId, code: Cell) -> Result<Table> {
    let mut t = Table::new(
        "plan_nodes",
        "計画の体系",
        "総合計画・基本計画などの政策・施策の木構造",
        vec![
            code_field(),
            Field::new("node_id", T::Integer, "計画項目ID", "hoshin内の計画項目番号"),
            Field::new("parent_id", T::Integer, "上位項目ID", "上位の計画項目"),
            Field::new("plan_id", T::Integer, "計画ID", "hoshin内の計画番号"),
            Field::new("plan_title", T::String, "計画名", "計画の名称"),
            Field::new("plan_kind", T::String, "計画の種類", "総合計画・基本計画・基本政策など"),
            Field::new("level", T::String, "階層", "その団体の呼び方（政策・施策など）"),
            Field::new("code", T::String, "コード", "計画に書かれた番号"),
            Field::new("title", T::String, "名称", "政策・施策の名称"),
            Field::new("vision", T::String, "目指す姿", "目指す姿"),
        ],
    )
    .with_primary_key(&["node_id"])
    .with_foreign_key(&["parent_id"], "plan_nodes", &["node_id"]);
    for p in r.list_plans(org).await? {
        for n in r.plan_nodes(p.id).await? {
            t.push(vec![
                code.clone(),
                Cell::Int(n.id.0),
                Cell::int(n.parent_id.map(|x| x.0)),
                Cell::Int(p.id.0),
                p.title.clone().into(),
                p.kind.label().into(),
                n.kind_label.clone().into(),
                Cell::text(n.code.clone()),
                n.title.clone().into(),
                Cell::text(n.vision.clone()),
            ]);
        }
    }
    Ok(t)
}

fn node_ids_of(t: &Table) -> HashSet<i64> {
    t.rows
        .iter()
        .filter_map(|r| match r.get(1) {
            Some(Cell::Int(n)) => Some(*n),
            _ => None,
        })
        .collect()
}

/// The zip of an organization's year.
pub async fn bundle(r: &dyn Read, org: OrgId, year: FiscalYear) -> Result<Vec<u8>> {
    Ok(hoshin_exchange::datapackage::bundle(&package(r, org, year).await?)?)
}

/// The bundle's tables as [`Named`] CSV files (`hoshin export --format csv`).
pub async fn csv_files(r: &dyn Read, org: OrgId, year: FiscalYear) -> Result<Vec<Named>> {
    let p = package(r, org, year).await?;
    Ok(p.tables.into_iter().map(|t| Named { file_name: t.file_name(), ascii_name: t.file_name(), table: t }).collect())
}

/// One bundle in the catalogue.
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogueEntry {
    pub org: Organization,
    pub year: FiscalYear,
    /// Published initiatives of the year (the bundle's largest resource).
    pub initiatives: i64,
}

/// Organizations per catalogue page.
pub const CATALOGUE_PAGE: u32 = 50;

/// One page of the catalogue (by organization, [`CATALOGUE_PAGE`] at a time): every year of
/// each organization that has published initiatives; `true` when more organizations follow.
pub async fn catalogue(r: &dyn Read, page: u32) -> Result<(Vec<CatalogueEntry>, bool)> {
    let n = page.max(1);
    let mut orgs = r
        .list_organizations(Page { limit: CATALOGUE_PAGE + 1, offset: (n - 1).saturating_mul(CATALOGUE_PAGE) })
        .await?;
    let more = orgs.len() > CATALOGUE_PAGE as usize;
    orgs.truncate(CATALOGUE_PAGE as usize);
    let ids: Vec<OrgId> = orgs.iter().map(|o| o.id).collect();
    let years = r.org_years(&ids).await?;
    let mut out = Vec::new();
    for o in &orgs {
        for (_, y) in years.iter().filter(|(id, _)| *id == o.id) {
            let initiatives = r.count_initiatives(o.id, Some(*y)).await?;
            out.push(CatalogueEntry { org: o.clone(), year: *y, initiatives });
        }
    }
    Ok((out, more))
}
