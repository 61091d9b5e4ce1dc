//! Reading the editing forms: repeated-key form bodies, milestone / SDG / 行革の視点 lines,
//! KPI and review fields, and the reverse (records back to the text an editor types), so a
//! form can be prefilled and a conflict shown field by field.

use crate::error::WebError;
use crate::views::policy::node_label;
use hoshin_app::editing::{IndicatorInput, InitiativeInput, ReviewInput};
pub use hoshin_app::field_text::{
    milestones_text, parse_perspectives, parse_sdgs, parse_yearly_targets, perspectives_text, sdgs_text,
};
use hoshin_app::AppError;
use hoshin_domain::text::nfkc;
use hoshin_domain::*;

/// A URL-encoded form body with repeated keys, in the order sent.
#[derive(Debug, Clone, Default)]
pub struct Fields(pub Vec<(String, String)>);

impl Fields {
    /// The first value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// Every value of `name`, in order.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0.iter().filter(|(k, _)| k == name).map(|(_, v)| v.as_str()).collect()
    }

    /// The trimmed text of `name`, `None` when missing or blank.
    pub fn text(&self, name: &str) -> Option<String> {
        self.get(name).map(str::trim).filter(|t| !t.is_empty()).map(str::to_string)
    }

    /// A checkbox: present with any value.
    pub fn checked(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// The optimistic-lock version the form was drawn from.
    pub fn version(&self) -> Result<i64, WebError> {
        self.get("version")
            .and_then(|v| v.trim().parse().ok())
            .ok_or_else(|| WebError::BadRequest("版番号（version）がありません".into()))
    }
}

/// An id field (`theme_id`, `node_ids`): empty is `None`.
fn id_of(s: &str, what: &str) -> Result<Option<i64>, WebError> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse().map(Some).map_err(|_| WebError::BadRequest(format!("{what}の指定が正しくありません")))
}

/// The schedule field's lines as milestones (see [`hoshin_app::field_text::parse_milestones`]).
pub fn parse_milestones(text: &str) -> Result<Vec<Milestone>, WebError> {
    Ok(hoshin_app::field_text::parse_milestones(text)?)
}

/// The add / save form of an initiative.
pub fn initiative_input(f: &Fields) -> Result<InitiativeInput, WebError> {
    let mut node_ids = Vec::new();
    for v in f.all("node_ids") {
        if let Some(n) = id_of(v, "関連する計画")? {
            if !node_ids.contains(&NodeId(n)) {
                node_ids.push(NodeId(n));
            }
        }
    }
    Ok(InitiativeInput {
        name: f.get("name").unwrap_or_default().trim().to_string(),
        summary: f.text("summary"),
        theme_id: id_of(f.get("theme_id").unwrap_or_default(), "重点項目")?.map(ThemeId),
        node_ids,
        reform_perspectives: perspectives_of(f),
        reform_text: f.text("reform_text"),
        // Ticked goals (one value each) or the older text field (「3, 11」).
        sdg_goals: parse_sdgs(&f.all("sdg_goals").join(","))?,
        milestones: parse_milestones(f.get("milestones").unwrap_or_default())?,
        section: id_of(f.get("section").unwrap_or_default(), "担当課")?.map(DepartmentId),
        kind: match f.text("kind") {
            None => None,
            Some(k) => Some(
                InitiativeKind::parse(&k).map_err(|_| WebError::BadRequest("種別の指定が正しくありません".into()))?,
            ),
        },
        // Absent (a form without the field): the codes stay as they are.
        budget_codes: f.get("budget_codes").map(parse_budget_codes),
    })
}

/// 行革の視点: the ticked choices and the lines typed for others, each once, in that order.
fn perspectives_of(f: &Fields) -> Vec<ReformPerspective> {
    let mut out: Vec<ReformPerspective> = Vec::new();
    for p in f.all("reform_perspectives").into_iter().flat_map(parse_perspectives) {
        if !out.contains(&p) {
            out.push(p);
        }
    }
    out
}

/// What a stored initiative's form would hold.
pub fn initiative_as_input(i: &Initiative) -> InitiativeInput {
    InitiativeInput::of(i)
}

/// An initiative's fields as labelled text, for the conflict page.
pub fn initiative_rows(
    i: &InitiativeInput,
    themes: &[PriorityTheme],
    nodes: &[PlanNode],
) -> Vec<(&'static str, String)> {
    let theme = i
        .theme_id
        .map(|t| themes.iter().find(|x| x.id == t).map_or_else(|| format!("（番号{t}）"), |x| x.name.clone()))
        .unwrap_or_else(|| "重点項目なし".into());
    let links = i
        .node_ids
        .iter()
        .map(|n| nodes.iter().find(|x| x.id == *n).map_or_else(|| format!("（番号{n}）"), node_label))
        .collect::<Vec<_>>()
        .join("\n");
    vec![
        ("取組名", i.name.clone()),
        ("取組の概要", i.summary.clone().unwrap_or_default()),
        ("重点項目", theme),
        ("関連する計画", links),
        ("SDGs", sdgs_text(&i.sdg_goals)),
        ("スケジュール", milestones_text(&i.milestones)),
        ("行革の視点", perspectives_text(&i.reform_perspectives)),
        ("行革の視点からの取組内容", i.reform_text.clone().unwrap_or_default()),
    ]
}

fn year_field(f: &Fields, name: &str, label: &str) -> Result<Option<FiscalYear>, AppError> {
    match f.text(name) {
        None => Ok(None),
        Some(t) => FiscalYear::parse(&t).map(Some).map_err(|_| {
            AppError::invalid(name, format!("{label}を年度として読めません（「{t}」、例：2024 または 令和6年度）"))
        }),
    }
}

/// The add / save form of a KPI.
pub fn indicator_input(f: &Fields) -> Result<IndicatorInput, AppError> {
    let direction = match f.get("direction").map(str::trim) {
        None | Some("") => Direction::Up,
        Some(d) => Direction::parse(d)
            .ok_or_else(|| AppError::invalid("direction", "方向は「増加」か「減少」を選んでください"))?,
    };
    Ok(IndicatorInput {
        name: f.get("name").unwrap_or_default().trim().to_string(),
        unit: f.text("unit"),
        direction,
        cumulative: f.checked("cumulative"),
        baseline: f.text("baseline"),
        baseline_year: year_field(f, "baseline_year", "基準年度")?,
        target: f.text("target"),
        target_year: year_field(f, "target_year", "目標年度")?,
        yearly_targets: f.get("yearly_targets").map(parse_yearly_targets).transpose()?,
    })
}

pub fn indicator_as_input(i: &Indicator) -> IndicatorInput {
    IndicatorInput::of(i)
}

pub fn indicator_rows(i: &IndicatorInput) -> Vec<(&'static str, String)> {
    let year = |y: Option<FiscalYear>| y.map(FiscalYear::label).unwrap_or_default();
    vec![
        ("指標名", i.name.clone()),
        ("単位", i.unit.clone().unwrap_or_default()),
        ("望ましい方向", i.direction.label().to_string()),
        ("累計", if i.cumulative { "累計" } else { "単年度" }.to_string()),
        ("現状値", i.baseline.clone().unwrap_or_default()),
        ("基準年度", year(i.baseline_year)),
        ("目標値", i.target.clone().unwrap_or_default()),
        ("目標年度", year(i.target_year)),
    ]
}

/// The review form; the version is `None` when the form was drawn before any review existed.
pub fn review_input(f: &Fields) -> Result<(Option<i64>, ReviewInput), WebError> {
    let version = match f.text("version") {
        None => None,
        Some(v) => Some(v.parse().map_err(|_| WebError::BadRequest("版番号（version）が正しくありません".into()))?),
    };
    let progress = match f.text("progress") {
        None => None,
        Some(p) => {
            let n = nfkc(&p);
            let n = n.trim().trim_end_matches('%').trim();
            let bad = || AppError::invalid("progress", format!("進捗率は0〜100の数字で入力してください（「{p}」）"));
            let v: i64 = n.parse().map_err(|_| bad())?;
            Some(progress_percent(v).map_err(|_| bad())?)
        }
    };
    Ok((
        version,
        ReviewInput {
            result: f.text("result"),
            issues_next: f.text("issues_next"),
            progress,
            judgement: f.text("judgement"),
        },
    ))
}

pub fn review_as_input(r: &GoalReview) -> ReviewInput {
    ReviewInput {
        result: r.result.clone(),
        issues_next: r.issues_next.clone(),
        progress: r.progress,
        judgement: r.judgement.clone(),
    }
}

pub fn review_rows(r: &ReviewInput) -> Vec<(&'static str, String)> {
    vec![
        ("実績", r.result.clone().unwrap_or_default()),
        ("課題・今後の方向性", r.issues_next.clone().unwrap_or_default()),
        ("進捗率", r.progress.map(|p| format!("{p}%")).unwrap_or_default()),
        ("判定", r.judgement.clone().unwrap_or_default()),
    ]
}

/// A workflow step from the form.
pub fn step(s: &str) -> Result<Transition, WebError> {
    match s.trim() {
        "submit" => Ok(Transition::Submit),
        "return" => Ok(Transition::Return),
        "approve" => Ok(Transition::Approve),
        "publish" => Ok(Transition::Publish),
        other => Err(WebError::BadRequest(format!("操作「{other}」は使えません"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn milestones_keep_a_leading_iso_date_as_due() {
        let ms = parse_milestones("2025-06-30 説明会を開く\n6月 募集開始\n\n  随時  \n2025/9/1\tアンケート").unwrap();
        assert_eq!(ms.len(), 4);
        assert_eq!((ms[0].due.as_deref(), ms[0].text.as_str()), (Some("2025-06-30"), "説明会を開く"));
        assert_eq!((ms[1].due.as_deref(), ms[1].text.as_str()), (None, "6月 募集開始"));
        assert_eq!(ms[2].text, "随時");
        assert_eq!(ms[3].due.as_deref(), Some("2025-09-01"));
        assert_eq!(parse_milestones(&milestones_text(&ms)).unwrap(), ms);
        let err = parse_milestones("2026-04-01 開始\n2026-13-40 ありえない日").unwrap_err();
        assert!(format!("{err:?}").contains("2行目"), "{err:?}");
        assert!(parse_milestones("2026年度中 検討").is_ok(), "text that is not date-shaped stays text");
        let ms = parse_milestones("令和9年6月30日 報告書をまとめる\nR9.3.1 中間報告").unwrap();
        assert_eq!((ms[0].due.as_deref(), ms[0].text.as_str()), (Some("2027-06-30"), "報告書をまとめる"));
        assert_eq!(ms[1].due.as_deref(), Some("2027-03-01"));
        let ms = parse_milestones("済 2026-05-31 説明会を開く\n完了：委託先を決める\n済生会と協議する\n済").unwrap();
        assert_eq!(
            ms.iter().map(|m| (m.done, m.due.as_deref(), m.text.as_str())).collect::<Vec<_>>(),
            [
                (true, Some("2026-05-31"), "説明会を開く"),
                (true, None, "委託先を決める"),
                (false, None, "済生会と協議する"),
                (false, None, "済")
            ]
        );
        assert_eq!(parse_milestones(&milestones_text(&ms)).unwrap(), ms, "written back as typed");
        let err = parse_milestones("令和9年2月30日 ありえない日").unwrap_err();
        assert!(format!("{err:?}").contains("1行目"), "{err:?}");
    }

    #[test]
    fn sdgs_accept_commas_and_full_width_digits() {
        let g = parse_sdgs("11、３, 目標3").unwrap();
        assert_eq!(g.iter().map(|g| g.number()).collect::<Vec<_>>(), vec![3, 11]);
        assert!(parse_sdgs("18").is_err());
        assert!(parse_sdgs("三").is_err());
        assert!(parse_sdgs("  ").unwrap().is_empty());
    }

    #[test]
    fn perspectives_round_trip_through_lines() {
        let ps = parse_perspectives("① 財務体質の強化\n2 参加と協働\n事務の見直し");
        assert_eq!(ps[0].number, Some(1));
        assert_eq!(ps[1].number, Some(2));
        assert_eq!(parse_perspectives(&perspectives_text(&ps)), ps);
    }

    #[test]
    fn review_progress_is_checked() {
        let f = |p: &str| Fields(vec![("progress".into(), p.into()), ("version".into(), String::new())]);
        assert_eq!(review_input(&f("８０%")).unwrap().1.progress, Some(80));
        assert!(review_input(&f("120")).is_err());
        assert_eq!(review_input(&f("")).unwrap(), (None, ReviewInput::default()));
    }
}
