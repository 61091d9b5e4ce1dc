//! Reading an uploaded round-trip workbook, in two stages: [`open`] reads the file and its
//! hidden sheet (identity, format version, versions) — a file that is not such a workbook is
//! refused as a whole; [`parse`] then reads the stance, initiative and KPI rows against the
//! current draft, checking every cell the way the edit forms check their fields and
//! collecting every error with its sheet and cell (「福祉部!J12: 目標値が数値ではありません」).

use super::layout::*;
use super::snapshot::{Snapshot, Stamp, StampKind};
use crate::editing::{IndicatorInput, InitiativeInput, ReviewInput};
use crate::field_text::{parse_milestones, parse_perspectives, parse_sdgs};
use calamine::{open_workbook_from_rs, Data, Range, Reader, Xlsx};
use hoshin_domain::text::nfkc;
use hoshin_domain::*;
use std::collections::HashMap;
use std::io::Cursor;

/// One cell's problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellError {
    pub sheet: String,
    /// `A1`-style.
    pub cell: String,
    pub message: String,
}

impl std::fmt::Display for CellError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}!{}: {}", self.sheet, self.cell, self.message)
    }
}

/// What the hidden sheet says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meta {
    pub organization: i64,
    pub department: i64,
    /// The department's name when the workbook was made (for messages).
    pub department_name: String,
    pub year: i64,
    pub revision: i64,
    pub initiatives_sheet: String,
    pub kpis_sheet: String,
    /// Sorted.
    pub stamps: Vec<Stamp>,
}

/// A workbook read, before its rows are interpreted.
#[derive(Debug)]
pub struct Book {
    pub meta: Meta,
    sheets: HashMap<String, Range<Data>>,
}

/// Why a file is not a round-trip workbook (Japanese, for the page).
pub type Unreadable = String;

/// Reads the file and its hidden sheet.
pub fn open(bytes: &[u8]) -> Result<Book, Unreadable> {
    let not_ours = "このファイルは hoshin からダウンロードした部局運営方針のExcel（.xlsx）ではありません。\
                    編集画面の「Excelでダウンロード（オフライン編集用）」で取得したファイルを使ってください。";
    let mut wb = open_workbook_from_rs::<Xlsx<_>, _>(Cursor::new(bytes))
        .map_err(|_| format!("Excel（.xlsx）として読み取れませんでした。{not_ours}"))?;
    let mut sheets = HashMap::new();
    for name in wb.sheet_names() {
        if let Ok(range) = wb.worksheet_range(&name) {
            sheets.insert(name, range);
        }
    }
    let Some(meta) = sheets.get(META_SHEET) else {
        return Err(format!("識別用の隠しシート（{META_SHEET}）がありません。{not_ours}"));
    };
    let meta = read_meta(meta)?;
    Ok(Book { meta, sheets })
}

fn read_meta(range: &Range<Data>) -> Result<Meta, Unreadable> {
    let bad = |what: &str| {
        format!("識別用の隠しシート（{META_SHEET}）の{what}が読み取れません。ダウンロードし直してください。")
    };
    let cell = |r: u32, c: u32| range.get_value((r, c)).map(hoshin_importer::input::cell_text).unwrap_or_default();
    let int = |r: u32, c: u32| cell(r, c).trim().parse::<i64>().ok();
    let mut values: HashMap<String, u32> = HashMap::new();
    let mut stamps = Vec::new();
    let end = range.end().map_or(0, |(r, _)| r);
    for r in 0..=end {
        let key = cell(r, 0);
        if key == keys::STAMP {
            let kind = StampKind::parse(&cell(r, 1)).ok_or_else(|| bad("版情報"))?;
            let (Some(id), Some(version)) = (int(r, 2), int(r, 3)) else { return Err(bad("版情報")) };
            stamps.push(Stamp { kind, id, version });
        } else if !key.is_empty() {
            values.insert(key, r);
        }
    }
    stamps.sort();
    let row = |k: &str| values.get(k).copied();
    let format = row(keys::FORMAT).and_then(|r| int(r, 1)).ok_or_else(|| bad("形式の版"))?;
    if format != FORMAT_VERSION {
        return Err(format!(
            "このExcelの形式（第{format}版）は、いまの hoshin の形式（第{FORMAT_VERSION}版）と違うため読み取れません。ダウンロードし直してください。"
        ));
    }
    let num = |k: &str, what: &str| row(k).and_then(|r| int(r, 1)).ok_or_else(|| bad(what));
    let text = |k: &str, what: &str| row(k).map(|r| cell(r, 1)).filter(|t| !t.is_empty()).ok_or_else(|| bad(what));
    Ok(Meta {
        organization: num(keys::ORGANIZATION, "自治体")?,
        department: num(keys::DEPARTMENT, "部局")?,
        department_name: row(keys::DEPARTMENT).map(|r| cell(r, 2)).unwrap_or_default(),
        year: num(keys::YEAR, "年度")?,
        revision: num(keys::REVISION, "版")?,
        initiatives_sheet: text(keys::INITIATIVES_SHEET, "シート名")?,
        kpis_sheet: text(keys::KPIS_SHEET, "シート名")?,
        stamps,
    })
}

/// One initiative row.
#[derive(Debug, Clone, PartialEq)]
pub struct InitiativeRow {
    /// Where the row is (「福祉部!A9」), for messages.
    pub at: String,
    /// `None`: a new initiative.
    pub id: Option<InitiativeId>,
    pub input: InitiativeInput,
    pub review: ReviewInput,
    pub remove: bool,
}

/// One KPI row.
#[derive(Debug, Clone, PartialEq)]
pub struct KpiRow {
    pub initiative: InitiativeId,
    /// `None`: a new KPI.
    pub id: Option<IndicatorId>,
    pub input: IndicatorInput,
    /// The year's actual as typed (empty: none).
    pub actual: String,
    pub remove: bool,
}

/// The workbook's content.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Parsed {
    pub stance: String,
    pub notes: Option<String>,
    pub initiatives: Vec<InitiativeRow>,
    pub kpis: Vec<KpiRow>,
}

/// A sheet being read, collecting errors.
struct Sheet<'a> {
    name: &'a str,
    range: &'a Range<Data>,
    errors: &'a mut Vec<CellError>,
}

impl Sheet<'_> {
    /// The cell's text as Excel shows it, line breaks as `\n`, trimmed.
    fn text(&self, row: u32, col: u16) -> String {
        let d = self.range.get_value((row, u32::from(col)));
        let t = d.map(hoshin_importer::input::cell_text).unwrap_or_default();
        t.replace("\r\n", "\n").replace('\r', "\n").trim().to_string()
    }

    fn opt(&self, row: u32, col: u16) -> Option<String> {
        Some(self.text(row, col)).filter(|t| !t.is_empty())
    }

    fn error(&mut self, row: u32, col: u16, message: impl Into<String>) {
        self.errors.push(CellError { sheet: self.name.to_string(), cell: address(row, col), message: message.into() });
    }

    fn last_row(&self) -> u32 {
        self.range.end().map_or(0, |(r, _)| r)
    }

    fn blank_row(&self, row: u32, cols: usize) -> bool {
        (0..cols as u16).all(|c| self.text(row, c).is_empty())
    }

    /// Checks the header row, so a moved or inserted column is not read as another field.
    fn check_head(&mut self, head: u32, columns: &[Column], skip: Option<u16>) -> bool {
        for (c, col) in columns.iter().enumerate() {
            let c = c as u16;
            if Some(c) == skip {
                continue;
            }
            if self.text(head, c) != col.title {
                self.error(
                    head,
                    c,
                    format!("見出し「{}」が見つかりません（列や行を挿入・削除・移動しないでください）", col.title),
                );
                return false;
            }
        }
        true
    }

    fn id(&mut self, row: u32, col: u16, what: &str) -> Option<i64> {
        let t = self.text(row, col);
        if t.is_empty() {
            return None;
        }
        match nfkc(&t).trim().parse::<i64>() {
            Ok(n) if n > 0 => Some(n),
            _ => {
                self.error(row, col, format!("{what}「{t}」は番号ではありません（ID列は変更しないでください）"));
                None
            }
        }
    }
}

/// Reads every row of the workbook against the draft; all cell errors, or the content.
pub fn parse(book: &Book, s: &Snapshot) -> Result<Parsed, Vec<CellError>> {
    let mut errors = Vec::new();
    let mut out = Parsed::default();
    let names = [&book.meta.initiatives_sheet, &book.meta.kpis_sheet];
    for name in names {
        if !book.sheets.contains_key(name.as_str()) {
            errors.push(CellError {
                sheet: name.clone(),
                cell: "A1".into(),
                message: "シートが見つかりません（シート名を変えないでください）".into(),
            });
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    {
        let range = &book.sheets[names[0].as_str()];
        let mut sh = Sheet { name: names[0], range, errors: &mut errors };
        initiatives(&mut sh, s, &mut out);
    }
    {
        let range = &book.sheets[names[1].as_str()];
        let mut sh = Sheet { name: names[1], range, errors: &mut errors };
        kpis(&mut sh, s, &mut out);
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// The user's message of a field error.
fn message(e: crate::AppError) -> String {
    match e {
        crate::AppError::Invalid { message, .. } => message,
        other => other.to_string(),
    }
}

fn same(a: &str, b: &str) -> bool {
    nfkc(a).trim() == nfkc(b).trim()
}

fn initiatives(sh: &mut Sheet, s: &Snapshot, out: &mut Parsed) {
    if sh.text(STANCE_ROW, 0) != "基本的考え方" || sh.text(NOTES_ROW, 0) != "備考" {
        sh.error(STANCE_ROW, 0, "「基本的考え方」「備考」の行が見つかりません（行を挿入・削除しないでください）");
        return;
    }
    out.stance = sh.text(STANCE_ROW, 1);
    out.notes = sh.opt(NOTES_ROW, 1);
    if !sh.check_head(INITIATIVE_HEAD, &INITIATIVE_COLUMNS, None) {
        return;
    }
    let mut seen: Vec<InitiativeId> = Vec::new();
    for row in INITIATIVE_HEAD + 1..=sh.last_row() {
        if sh.blank_row(row, INITIATIVE_COLUMNS.len()) {
            continue;
        }
        let id = match sh.id(row, I_ID, "ID") {
            None => None,
            Some(n) => {
                let id = InitiativeId(n);
                if s.item(id).is_none() {
                    sh.error(
                        row,
                        I_ID,
                        format!("IDが{n}の取組はこの部局運営方針（案）にありません（ID列は変更しないでください）"),
                    );
                    continue;
                }
                if seen.contains(&id) {
                    sh.error(row, I_ID, format!("IDが{n}の取組が2回以上あります"));
                    continue;
                }
                seen.push(id);
                Some(id)
            }
        };
        let remove = !sh.text(row, I_REMOVE).is_empty();
        if remove && id.is_none() {
            continue; // a new row marked for removal: nothing to add
        }
        let name = sh.text(row, I_NAME);
        if !remove && name.is_empty() {
            sh.error(row, I_NAME, "取組名を入力してください");
        } else if name.chars().count() > 200 {
            sh.error(row, I_NAME, "取組名は200文字以内にしてください");
        }
        let theme = match sh.opt(row, I_THEME) {
            None => None,
            Some(t) => match s.themes.iter().find(|x| same(&x.name, &t)) {
                Some(x) => Some(x.id),
                None => {
                    let list = s.themes.iter().map(|x| format!("「{}」", x.name)).collect::<Vec<_>>().join("");
                    sh.error(
                        row,
                        I_THEME,
                        format!("重点項目「{t}」はこの年度にありません（{list}から選ぶか空欄にします）"),
                    );
                    None
                }
            },
        };
        let section = match sh.opt(row, I_SECTION) {
            None => None,
            Some(t) => match s.sections.iter().find(|d| same(&d.name, &t)) {
                Some(d) => Some(d.id),
                None => {
                    sh.error(row, I_SECTION, format!("担当課「{t}」は{}またはその課ではありません", s.department.name));
                    None
                }
            },
        };
        let milestones = parse_milestones(&sh.text(row, I_SCHEDULE)).unwrap_or_else(|e| {
            sh.error(row, I_SCHEDULE, message(e));
            Vec::new()
        });
        let sdg_goals = parse_sdgs(&sh.text(row, I_SDGS)).unwrap_or_else(|e| {
            sh.error(row, I_SDGS, message(e));
            Vec::new()
        });
        let node_ids = links(sh, row, s);
        let progress = match sh.opt(row, I_PROGRESS) {
            None => None,
            Some(t) => match nfkc(&t).trim().trim_end_matches('%').trim().parse::<u8>() {
                Ok(p) if p <= 100 => Some(p),
                _ => {
                    sh.error(row, I_PROGRESS, format!("進捗率は0〜100の整数で入力してください（「{t}」）"));
                    None
                }
            },
        };
        let judgement = sh.opt(row, I_JUDGEMENT);
        if let Some(j) = &judgement {
            if !s.judgements.is_empty() && !s.judgements.contains(j) {
                let list = s.judgements.iter().map(|x| format!("「{x}」")).collect::<Vec<_>>().join("");
                sh.error(row, I_JUDGEMENT, format!("判定「{j}」は選べません（{list}のいずれか）"));
            }
        }
        out.initiatives.push(InitiativeRow {
            at: format!("{}!{}", sh.name, address(row, I_NAME)),
            id,
            input: InitiativeInput {
                name,
                summary: sh.opt(row, I_SUMMARY),
                theme_id: theme,
                node_ids,
                reform_perspectives: parse_perspectives(&sh.text(row, I_PERSPECTIVES)),
                reform_text: sh.opt(row, I_REFORM_TEXT),
                sdg_goals,
                milestones,
                section,
                // The workbook has no kind column: a row keeps the kind it has.
                kind: None,
                budget_codes: None,
            },
            review: ReviewInput {
                result: sh.opt(row, I_RESULT),
                issues_next: sh.opt(row, I_ISSUES),
                progress,
                judgement,
            },
            remove,
        });
    }
}

/// 関連する計画: one node per line, 「コード タイトル」 or a code or a title alone.
fn links(sh: &mut Sheet, row: u32, s: &Snapshot) -> Vec<NodeId> {
    let mut ids = Vec::new();
    for line in sh.text(row, I_LINKS).lines().map(str::trim).filter(|l| !l.is_empty()) {
        let found: Vec<&PlanNode> = {
            let whole: Vec<&PlanNode> = s.nodes.iter().filter(|n| same(&label(n), line)).collect();
            if !whole.is_empty() {
                whole
            } else {
                let code = line.split_whitespace().next().unwrap_or(line);
                let by_code: Vec<&PlanNode> =
                    s.nodes.iter().filter(|n| n.code.as_deref().is_some_and(|c| same(c, code))).collect();
                if by_code.is_empty() {
                    s.nodes.iter().filter(|n| same(&n.title, line)).collect()
                } else {
                    by_code
                }
            }
        };
        match found.as_slice() {
            [n] => {
                if !ids.contains(&n.id) {
                    ids.push(n.id);
                }
            }
            [] => {
                sh.error(row, I_LINKS, format!("関連する計画「{line}」が見つかりません（コードとタイトルを1行に1つ）"))
            }
            _ => sh.error(
                row,
                I_LINKS,
                format!("関連する計画「{line}」に当てはまる項目が複数あります（コードの後にタイトルも書いてください）"),
            ),
        }
    }
    ids
}

/// A node as [`Snapshot::links_text`] writes it.
fn label(n: &PlanNode) -> String {
    match &n.code {
        Some(c) if !c.trim().is_empty() => format!("{} {}", c.trim(), n.title),
        _ => n.title.clone(),
    }
}

fn kpis(sh: &mut Sheet, s: &Snapshot, out: &mut Parsed) {
    if !sh.check_head(KPI_HEAD, &KPI_COLUMNS, Some(K_ACTUAL)) {
        return;
    }
    let mut seen: Vec<IndicatorId> = Vec::new();
    for row in KPI_HEAD + 1..=sh.last_row() {
        if sh.blank_row(row, KPI_COLUMNS.len()) {
            continue;
        }
        let Some(owner) = sh.id(row, K_INITIATIVE, "取組ID") else {
            if sh.text(row, K_INITIATIVE).is_empty() {
                sh.error(
                    row,
                    K_INITIATIVE,
                    "取組IDを入力してください（新しい取組の指標は、反映した後に画面で追加します）",
                );
            }
            continue;
        };
        let owner = InitiativeId(owner);
        if s.item(owner).is_none() {
            sh.error(row, K_INITIATIVE, format!("IDが{owner}の取組はこの部局運営方針（案）にありません"));
            continue;
        }
        let id = match sh.id(row, K_ID, "指標ID") {
            None => None,
            Some(n) => {
                let id = IndicatorId(n);
                match s.kpi(id) {
                    Some((it, _)) if it.initiative.id == owner => {}
                    Some(_) => {
                        sh.error(
                            row,
                            K_INITIATIVE,
                            format!("指標ID {n} はこの取組の指標ではありません（ID列は変更しないでください）"),
                        );
                        continue;
                    }
                    None => {
                        sh.error(row, K_ID, format!("指標IDが{n}の指標はこの部局運営方針（案）にありません"));
                        continue;
                    }
                }
                if seen.contains(&id) {
                    sh.error(row, K_ID, format!("指標IDが{n}の指標が2回以上あります"));
                    continue;
                }
                seen.push(id);
                Some(id)
            }
        };
        let remove = !sh.text(row, K_REMOVE).is_empty();
        if remove && id.is_none() {
            continue;
        }
        let name = sh.text(row, K_NAME);
        if !remove && name.is_empty() {
            sh.error(row, K_NAME, "指標名を入力してください");
        }
        let direction = match sh.opt(row, K_DIRECTION).as_deref().map(nfkc).as_deref().map(str::trim) {
            None | Some("増加" | "増加が望ましい" | "up" | "↑") => Direction::Up,
            Some("減少" | "減少が望ましい" | "down" | "↓") => Direction::Down,
            Some(other) => {
                sh.error(row, K_DIRECTION, format!("方向は「増加」か「減少」にしてください（「{other}」）"));
                Direction::Up
            }
        };
        let cumulative = match sh.opt(row, K_CUMULATIVE).as_deref() {
            None => false,
            Some("○" | "〇" | "◯" | "累計" | "1" | "TRUE") => true,
            Some(other) => {
                sh.error(row, K_CUMULATIVE, format!("累計の指標は「○」、そうでなければ空欄にします（「{other}」）"));
                false
            }
        };
        let mut number = |col: u16, label: &str| {
            let t = sh.opt(row, col)?;
            if Quantity::parse(&t).value.is_none() {
                sh.error(row, col, format!("{label}が数値ではありません（「{t}」、例：1,200人、約30%）"));
            }
            Some(t)
        };
        let baseline = number(K_BASELINE, "現状値");
        let target = number(K_TARGET, "目標値");
        let mut year = |col: u16, label: &str| {
            let t = sh.opt(row, col)?;
            match FiscalYear::parse(&t) {
                Ok(y) => Some(y),
                Err(_) => {
                    sh.error(row, col, format!("{label}を年度として読めません（「{t}」、例：2024 または 令和6年度）"));
                    None
                }
            }
        };
        let baseline_year = year(K_BASELINE_YEAR, "基準年度");
        let target_year = year(K_TARGET_YEAR, "目標年度");
        if let (Some(b), Some(t)) = (baseline_year, target_year) {
            if t < b {
                sh.error(
                    row,
                    K_TARGET_YEAR,
                    format!("目標年度（{}）は基準年度（{}）より後にしてください", t.label(), b.label()),
                );
            }
        }
        let actual = sh.text(row, K_ACTUAL);
        if !actual.is_empty() && Quantity::parse(&actual).value.is_none() && !crate::editing::is_placeholder(&actual) {
            sh.error(row, K_ACTUAL, format!("実績が数値ではありません（「{actual}」、わからないときは空欄か「―」）"));
        }
        out.kpis.push(KpiRow {
            initiative: owner,
            id,
            input: IndicatorInput {
                name,
                unit: sh.opt(row, K_UNIT),
                direction,
                cumulative,
                baseline,
                baseline_year,
                target,
                target_year,
                yearly_targets: None,
            },
            actual,
            remove,
        });
    }
}
