//! Tables written as tab-separated or Markdown rows, and the kinds of table plan documents
//! hold, recognised by their header vocabulary: indicators (指標/現状値/目標値/実績),
//! related plans (計画の名称/内容), themes (テーマ).

use super::text::{clean, key};
use crate::draft::{ActualDraft, IndicatorDraft, RelatedPlanDraft};
use hoshin_domain::{FiscalYear, Quantity};

/// One table row: its source line and cell texts (empty cells kept).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TableRow {
    pub line: usize,
    pub cells: Vec<String>,
}

impl TableRow {
    pub fn cell(&self, i: usize) -> &str {
        self.cells.get(i).map_or("", |c| clean(c))
    }

    pub fn filled(&self) -> usize {
        self.cells.iter().filter(|c| !clean(c).is_empty()).count()
    }
}

/// Cells of a tab-separated (`a\tb`) or Markdown (`| a | b |`) row; `None` for other lines
/// and for Markdown rule rows (`|---|`).
pub(crate) fn row_cells(text: &str) -> Option<Vec<String>> {
    let t = text.trim_end_matches(['\r', '\n']);
    if clean(t).starts_with('|') {
        let inner = clean(t).trim_start_matches('|').trim_end_matches('|');
        if inner.chars().all(|c| matches!(c, '-' | ':' | '|' | ' ')) {
            return None;
        }
        return Some(inner.split('|').map(cell_text).collect());
    }
    t.contains('\t').then(|| t.split('\t').map(cell_text).collect())
}

/// Cells of a line laid out with runs of spaces (pdftotext's layout mode): split at two or
/// more spaces; `None` unless that gives at least two cells.
pub(crate) fn spaced_cells(text: &str) -> Option<Vec<String>> {
    let t = clean(text);
    let mut cells = Vec::new();
    let mut cur = String::new();
    let mut spaces = String::new();
    for c in t.chars() {
        if c == ' ' || c == '\u{3000}' {
            spaces.push(c);
            continue;
        }
        if !spaces.is_empty() {
            if spaces.chars().count() >= 2 {
                cells.push(std::mem::take(&mut cur));
            } else {
                cur.push_str(&spaces);
            }
            spaces.clear();
        }
        cur.push(c);
    }
    cells.push(cur);
    (cells.len() >= 2).then_some(cells)
}

/// A cell's text: HTML (「<p>…</p>」「<br>」) turned into lines, spaces trimmed.
fn cell_text(c: &str) -> String {
    if c.contains('<') {
        let parts = crate::raw::html_parts(c);
        return parts.iter().map(|p| clean(&p.text)).filter(|t| !t.is_empty()).collect::<Vec<_>>().join("\n");
    }
    clean(c).to_string()
}

/// What a column of an indicator table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Col {
    Name,
    Unit,
    Baseline,
    Target,
    /// 実績 of a fiscal year (when the header names one).
    Actual(Option<u16>),
    Other,
}

/// Classifies an indicator-table header cell.
pub(crate) fn column_of(header: &str) -> Col {
    let k = key(header);
    if k.contains("単位") {
        Col::Unit
    } else if ["現状値", "基準値", "当初値", "現況値", "策定時", "現状"].iter().any(|w| k.contains(w))
    {
        Col::Baseline
    } else if k.contains("目標") {
        Col::Target
    } else if k.contains("実績") {
        Col::Actual(header_year(&k))
    } else if k.contains("指標") || k.contains("KPI") {
        Col::Name
    } else if let Some(y) = header_year(&k).filter(|_| !["見込", "予定", "計画", "予算"].iter().any(|w| k.contains(w)))
    {
        // A bare year column (「令和4年度」「R4」) holds that year's result.
        Col::Actual(Some(y))
    } else {
        Col::Other
    }
}

/// The year a header names: 「現状値（令和4年度）」「目標値(R10)」「基準値（2022年度）」.
pub(crate) fn header_year(h: &str) -> Option<u16> {
    if let Some(f) = super::org::first_fiscal_year(h) {
        return Some(f.year());
    }
    let k = key(h);
    let chars: Vec<char> = k.chars().collect();
    (0..chars.len()).find_map(|i| {
        let era = matches!(chars[i], 'R' | 'H') && (i == 0 || !chars[i - 1].is_ascii_alphabetic());
        let digits: String = chars[i + 1..].iter().take_while(|c| c.is_ascii_digit()).collect();
        (era && !digits.is_empty() && digits.len() <= 2)
            .then(|| FiscalYear::parse(&format!("{}{digits}", chars[i])).ok().map(|f| f.year()))
            .flatten()
    })
}

/// Is this the header row of an indicator table (a name column and a value column)?
pub(crate) fn is_indicator_header(row: &TableRow) -> bool {
    let cols: Vec<Col> = row.cells.iter().map(|c| column_of(c)).collect();
    cols.contains(&Col::Name) && cols.iter().any(|c| matches!(c, Col::Baseline | Col::Target | Col::Actual(_)))
}

/// Reads the rows under an indicator header.
pub(crate) fn indicators(header: &TableRow, rows: &[TableRow], measure: Option<&str>) -> Vec<IndicatorDraft> {
    let cols: Vec<Col> = header.cells.iter().map(|c| column_of(c)).collect();
    let header_year = |i: usize| header_year(header.cell(i));
    let mut out = Vec::new();
    for row in rows.iter().filter(|r| r.filled() > 0) {
        let mut ind = IndicatorDraft { measure: measure.map(str::to_string), line: row.line, ..Default::default() };
        let mut undated: Option<String> = None;
        for (i, col) in cols.iter().enumerate() {
            let cell = row.cell(i);
            if cell.is_empty() {
                continue;
            }
            match col {
                Col::Name => ind.name = cell.to_string(),
                Col::Unit => ind.unit = Some(cell.to_string()),
                // The year may come with the value (「412（R3）」) when the header only says 「（年度）」.
                Col::Baseline => {
                    let (v, note) = split_note(cell);
                    ind.baseline = Some(v);
                    ind.baseline_year = header_year(i).or_else(|| note.as_deref().and_then(note_year));
                    ind.baseline_note = note;
                }
                Col::Target => {
                    let (v, note) = split_note(cell);
                    ind.target = Some(v);
                    ind.target_year = header_year(i).or_else(|| note.as_deref().and_then(note_year));
                }
                Col::Actual(Some(y)) => ind.actuals.push(ActualDraft { fiscal_year: *y, value: cell.to_string() }),
                Col::Actual(None) => undated = Some(cell.to_string()),
                Col::Other => {}
            }
        }
        // A 実績 column without a year is the current value when no 現状値 column gives one.
        if ind.baseline.is_none() && ind.actuals.is_empty() {
            ind.baseline = undated;
        }
        if ind.name.is_empty() {
            continue;
        }
        finish_indicator(&mut ind);
        out.push(ind);
    }
    out
}

/// A note that is only a year (「R3」「令和3年度」「2021年度」), not 「令和5年10月時点」.
fn note_year(note: &str) -> Option<u16> {
    let k = key(note);
    let short = k.chars().count() <= 8 && !k.contains('月');
    short.then(|| super::tables::header_year(&k)).flatten()
}

/// Unit from the values when no unit column gave one; 累計 in the name marks a cumulative
/// indicator.
pub(crate) fn finish_indicator(ind: &mut IndicatorDraft) {
    // Without a 現状値 column, the latest result is the current value.
    if ind.baseline.is_none() {
        if let Some(a) = ind.actuals.iter().rev().find(|a| !is_dash(&a.value)) {
            ind.baseline = Some(a.value.clone());
            ind.baseline_year = Some(a.fiscal_year);
        }
    }
    if ind.unit.is_none() {
        ind.unit = [&ind.target, &ind.baseline]
            .into_iter()
            .flatten()
            .find_map(|v| Quantity::parse(v).unit)
            .filter(|u| u.chars().count() <= 6)
            .or_else(|| unit_in_name(&ind.name));
    }
    ind.cumulative = key(&ind.name).contains("累計");
}

/// 「参加者数（人）」「満足度（単位：％）」 → the unit the name ends with.
fn unit_in_name(name: &str) -> Option<String> {
    let t = clean(name).strip_suffix(['）', ')'])?;
    let open = t.rfind(['（', '('])?;
    let inner = &t[open..];
    let inner = clean(inner.trim_start_matches(['（', '(']));
    let inner = inner.strip_prefix("単位").map_or(inner, |r| clean(r.trim_start_matches(['：', ':'])));
    let short = !inner.is_empty() && inner.chars().count() <= 4 && !inner.chars().any(|c| c.is_ascii_digit());
    (short && inner != "累計").then(|| inner.to_string())
}

fn is_dash(t: &str) -> bool {
    matches!(clean(t), "-" | "－" | "―" | "—" | "ー" | "")
}

/// 「5,587人 （令和5年10月時点）」 → ("5,587人", Some("令和5年10月時点")).
pub(crate) fn split_note(cell: &str) -> (String, Option<String>) {
    let t = clean(cell);
    if let Some(open) = t.find(['（', '(']) {
        let value = clean(&t[..open]);
        let note = t[open..].trim_start_matches(['（', '(']).trim_end_matches(['）', ')']);
        if !value.is_empty() && value.chars().any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c)) {
            return (value.to_string(), Some(clean(note).to_string()));
        }
    }
    (t.to_string(), None)
}

/// Is this the header of a related-plans table (計画…名称 / 内容)?
pub(crate) fn is_plan_header(row: &TableRow) -> bool {
    let first = key(row.cell(0));
    (first.contains("計画") || first.contains("名称")) && row.cells.iter().skip(1).any(|c| is_description_word(c))
}

fn is_description_word(c: &str) -> bool {
    let k = key(c);
    ["内容", "概要", "説明", "目的", "計画期間", "期間", "所管", "担当"].iter().any(|w| k.contains(w))
}

/// Related plans from rows: the first filled cell names the plan, the next describes it.
pub(crate) fn related_plans(rows: &[TableRow], measure: Option<&str>) -> Vec<RelatedPlanDraft> {
    rows.iter()
        .filter_map(|r| {
            let mut filled = r.cells.iter().map(|c| clean(c)).filter(|c| !c.is_empty());
            let name = filled.next()?;
            Some(RelatedPlanDraft {
                name: strip_quotes(name).to_string(),
                description: filled.next().map(str::to_string),
                measure: measure.map(str::to_string),
            })
        })
        .collect()
}

/// 「『…計画』」 → 「…計画」.
pub(crate) fn strip_quotes(t: &str) -> &str {
    let t = clean(t).trim_start_matches(['・', '●', '○']);
    let t = clean(t);
    for (a, b) in [('「', '」'), ('『', '』')] {
        if let Some(inner) = t.strip_prefix(a).and_then(|x| x.strip_suffix(b)) {
            if !inner.contains([a, b]) {
                return inner;
            }
        }
    }
    t
}

/// Columns of an actions table: name, description, department, the plan node the action
/// belongs to (a 施策 column, its cell often spanning the rows of its actions), 行革の視点 and
/// what it means for the action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ActionCols {
    pub name: usize,
    pub summary: Option<usize>,
    pub department: Option<usize>,
    pub measure: Option<usize>,
    pub perspective: Option<usize>,
    pub reform: Option<usize>,
}

/// The header of an actions table: a 取組/事業 name column and a 内容/概要 or 担当課 column.
pub(crate) fn action_header(row: &TableRow) -> Option<ActionCols> {
    use super::fields::{field_of, Field};
    let k: Vec<String> = row.cells.iter().map(|c| key(c).replace("取り組", "取組")).collect();
    let field = |i: usize| row.cells.get(i).and_then(|c| field_of(c));
    let reform = (0..k.len()).find(|&i| field(i) == Some(Field::Reform));
    let name = k.iter().enumerate().position(|(i, c)| {
        (c.contains("取組") || c.contains("事業") || c.contains("施策名")) && !c.contains("内容") && Some(i) != reform
    })?;
    let summary = k.iter().enumerate().position(|(i, c)| is_description_word(c) && Some(i) != reform);
    let department = k.iter().position(|c| ["担当", "所管", "関係課"].iter().any(|w| c.contains(w)));
    let measure = (0..k.len()).find(|&i| i != name && matches!(field(i), Some(Field::Measure) | Some(Field::Policy)));
    let perspective = (0..k.len()).find(|&i| field(i) == Some(Field::Perspective));
    (summary.is_some() || department.is_some()).then_some(ActionCols {
        name,
        summary,
        department,
        measure,
        perspective,
        reform,
    })
}

/// Is this the header of a themes table (テーマ / 取組)?
pub(crate) fn is_theme_header(row: &TableRow) -> bool {
    key(row.cell(0)).contains("テーマ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(line: usize, t: &str) -> TableRow {
        TableRow { line, cells: row_cells(t).unwrap_or_default() }
    }

    #[test]
    fn reads_an_indicator_table() {
        assert_eq!(header_year("目標値(R10)"), Some(2028));
        assert_eq!(unit_in_name("満足度（単位：％）").as_deref(), Some("％"));
        assert_eq!(unit_in_name("応募件数（累計）"), None);
        assert_eq!(header_year("基準値（2022年度）"), Some(2022));
        assert_eq!(row_cells("| 花壇 | <p>苗を</p><p>植える</p> |"), Some(vec!["花壇".into(), "苗を\n植える".into()]));
        let h = row(1, "指標名\t現状値（令和4年度）\t目標値（令和10年度）");
        assert!(is_indicator_header(&h));
        let rows =
            [row(2, "花壇の数（累計）\t12か所\t20か所"), row(3, "来場者数\t1,200人 （令和5年9月時点）\t1,500人")];
        let got = indicators(&h, &rows, Some("2-1"));
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].baseline.as_deref(), Some("12か所"));
        assert_eq!(got[0].unit.as_deref(), Some("か所"));
        assert!(got[0].cumulative);
        assert_eq!(got[0].baseline_year, Some(2022));
        assert_eq!(got[0].target_year, Some(2028));
        assert_eq!(got[1].baseline.as_deref(), Some("1,200人"));
        assert_eq!(got[1].baseline_note.as_deref(), Some("令和5年9月時点"));
        assert_eq!(got[1].measure.as_deref(), Some("2-1"));
    }

    #[test]
    fn year_columns_are_results_and_the_latest_is_the_baseline() {
        let h = row(1, "指標名\t単位\t令和2年度\t令和3年度\t目標値（令和7年度）");
        let got = indicators(&h, &[row(2, "利用者数\t人\t100\t120\t200")], None);
        assert_eq!((got[0].baseline.as_deref(), got[0].baseline_year), (Some("120"), Some(2021)));
        assert_eq!((got[0].target.as_deref(), got[0].target_year), (Some("200"), Some(2025)));
        assert_eq!(got[0].actuals.len(), 2);
    }

    #[test]
    fn reads_space_aligned_rows() {
        assert_eq!(
            spaced_cells("花壇の数    12か所   20か所"),
            Some(vec!["花壇の数".into(), "12か所".into(), "20か所".into()])
        );
        assert_eq!(spaced_cells("水防事務組合　水防計画"), None);
    }

    #[test]
    fn reads_markdown_rows_and_plan_tables() {
        assert_eq!(row_cells("| a | b |"), Some(vec!["a".into(), "b".into()]));
        assert_eq!(row_cells("|---|---|"), None);
        let h = row(1, "| 計画の名称 | 概要 |");
        assert!(is_plan_header(&h));
        let plans = related_plans(&[row(2, "| 「緑の計画」 | 緑を増やす計画です。 |")], None);
        assert_eq!(plans[0].name, "緑の計画");
        assert_eq!(plans[0].description.as_deref(), Some("緑を増やす計画です。"));
    }
}
