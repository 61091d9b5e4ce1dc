//! The 財務会計 (financial accounting) system's CSV export: one line per 予算細事業 and fiscal
//! year with its 予算額, 決算額, 一般財源, 人件費 and トータルコスト. Columns are found by their
//! header names (with the usual variants), not by position; amounts are 円 unless the header
//! or a title line above it says 千円. Pure: bytes in, lines and errors naming their line out
//! (「budget.csv 12行目: 予算額が数値ではありません」).

use crate::error::ImportError;
use crate::input::{csv_records, decode_text};
use hoshin_domain::text::nfkc;
use hoshin_domain::{normalize_budget_code, BudgetLine, FiscalYear, Quantity};
use std::collections::HashMap;

/// How many records above the header may be title lines (「令和7年度 細事業別決算額（単位：千円）」).
const HEADER_SEARCH: usize = 10;

/// A problem with one line of the file (line 1 is the first line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for BudgetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}行目: {}", self.file, self.line, self.message)
    }
}

/// One data line read: where it is, the figures, and the 細事業名 when the file has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetRow {
    pub line: usize,
    pub name: Option<String>,
    pub figures: BudgetLine,
}

/// What a 財務会計 CSV holds. Usable only when `errors` is empty.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BudgetFile {
    pub file: String,
    /// The encoding the bytes were read in (UTF-8, Shift_JIS …).
    pub encoding: String,
    /// The headers recognized, as written, in column order.
    pub columns: Vec<String>,
    /// Which figures the file has a column for.
    pub present: Present,
    pub rows: Vec<BudgetRow>,
    pub errors: Vec<BudgetError>,
}

/// Which figures a file has a column for: a file of budgets alone (no 決算額 column) leaves the
/// stored settlements as they are, while an empty cell of a column it has clears the figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Present {
    pub budget: bool,
    pub settlement: bool,
    pub general_fund: bool,
    pub personnel: bool,
    pub total_cost: bool,
}

impl Present {
    /// `line` with the figures this file has no column for taken from `stored`.
    pub fn fill_absent(&self, line: &BudgetLine, stored: &BudgetLine) -> BudgetLine {
        let pick = |has: bool, new: Option<i64>, old: Option<i64>| if has { new } else { old };
        BudgetLine {
            code: line.code.clone(),
            fiscal_year: line.fiscal_year,
            budget: pick(self.budget, line.budget, stored.budget),
            settlement: pick(self.settlement, line.settlement, stored.settlement),
            general_fund: pick(self.general_fund, line.general_fund, stored.general_fund),
            personnel: pick(self.personnel, line.personnel, stored.personnel),
            total_cost: pick(self.total_cost, line.total_cost, stored.total_cost),
        }
    }
}

/// The fields a column can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Field {
    Code,
    Name,
    Year,
    Budget,
    Settlement,
    GeneralFund,
    Personnel,
    TotalCost,
}

impl Field {
    /// Japanese name for messages.
    fn label(self) -> &'static str {
        match self {
            Field::Code => "細事業コード",
            Field::Name => "細事業名",
            Field::Year => "年度",
            Field::Budget => "予算額",
            Field::Settlement => "決算額",
            Field::GeneralFund => "一般財源",
            Field::Personnel => "人件費",
            Field::TotalCost => "トータルコスト",
        }
    }
}

/// Header names per field, most specific first (a file with both 予算現額 and 当初予算額 gives
/// the current budget).
const HEADERS: &[(Field, &[&str])] = &[
    (Field::Code, &["細事業コード", "細事業番号", "予算細事業コード", "予算細事業番号", "予算細事業", "細事業CD"]),
    (Field::Name, &["細事業名", "予算細事業名", "細事業名称"]),
    (Field::Year, &["年度", "会計年度", "予算年度"]),
    (Field::Budget, &["予算額", "予算現額", "当初予算額", "当初予算", "予算"]),
    (Field::Settlement, &["決算額", "支出済額", "決算"]),
    (Field::GeneralFund, &["一般財源", "一般財源額"]),
    (Field::Personnel, &["人件費"]),
    (Field::TotalCost, &["トータルコスト", "総事業費", "総コスト"]),
];

const AMOUNTS: [Field; 5] = [Field::Budget, Field::Settlement, Field::GeneralFund, Field::Personnel, Field::TotalCost];

/// A header's name without its unit annotation, and the unit: 「予算額（千円）」 → (予算額, 千円).
fn split_header(h: &str) -> (String, Option<&'static str>) {
    let n: String = nfkc(h).chars().filter(|c| !c.is_whitespace()).collect();
    let unit = if n.contains("千円") {
        Some("千円")
    } else if n.contains('円') {
        Some("円")
    } else {
        None
    };
    let name = match n.find(['(', '[', '<']) {
        Some(i) => n[..i].to_string(),
        None => n.trim_end_matches("千円").trim_end_matches('円').to_string(),
    };
    (name, unit)
}

/// The column of each field in a header record, with each amount column's yen multiplier.
fn columns(fields: &[String], default_thousand: bool) -> HashMap<Field, (usize, i64, String)> {
    let names: Vec<(String, Option<&str>)> = fields.iter().map(|f| split_header(f)).collect();
    let mut out = HashMap::new();
    for (field, aliases) in HEADERS {
        let found = aliases.iter().find_map(|a| names.iter().position(|(n, _)| n == a));
        if let Some(i) = found {
            let multiplier = match names[i].1 {
                Some("千円") => 1000,
                Some(_) => 1,
                None if default_thousand => 1000,
                None => 1,
            };
            out.insert(*field, (i, multiplier, fields[i].trim().to_string()));
        }
    }
    out
}

/// A cell's amount in yen: 「1,234」, 「▲12」, 「1,234千円」; `Ok(None)` when empty.
fn amount(cell: &str, multiplier: i64) -> Result<Option<i64>, ()> {
    let t = cell.trim();
    if t.is_empty() || t == "-" || t == "―" || t == "－" {
        return Ok(None);
    }
    let q = Quantity::parse(t);
    let value = q.value.ok_or(())?;
    let scale = match q.unit.as_deref() {
        None | Some("") => multiplier as f64,
        Some("円") => 1.0,
        Some("千円") => 1000.0,
        Some(_) => return Err(()),
    };
    if q.approx || q.qualifier.is_some() {
        return Err(());
    }
    let yen = (value * scale).round();
    if !yen.is_finite() || yen.abs() > 9.0e15 {
        return Err(());
    }
    Ok(Some(yen as i64))
}

/// Reads a 財務会計 CSV. Never fails: what cannot be read is in `errors`, by line.
pub fn parse(file: &str, bytes: &[u8]) -> BudgetFile {
    let mut out = BudgetFile { file: file.to_string(), ..BudgetFile::default() };
    let err = |line: usize, message: String| BudgetError { file: file.to_string(), line, message };
    let text = match decode_text(file, bytes) {
        Ok((text, encoding)) => {
            out.encoding = encoding.to_string();
            text
        }
        Err(e) => {
            let line = match &e {
                ImportError::NotUtf8 { line, .. }
                | ImportError::Binary { line, .. }
                | ImportError::Undecodable { line, .. }
                | ImportError::Garbled { line, .. } => *line,
                _ => 1,
            };
            out.errors.push(err(
                line,
                "文字コードを判別できません（UTF-8 または Shift_JIS の CSV で保存してください）".into(),
            ));
            return out;
        }
    };
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let delimiter = if first.contains('\t') && !first.contains(',') { '\t' } else { ',' };
    let Some(records) = csv_records(&text, delimiter) else {
        out.errors.push(err(1, "CSV として読めません（引用符が閉じられていません）".into()));
        return out;
    };
    let blank = |f: &[String]| f.iter().all(|c| c.trim().is_empty());
    let mut thousand = false;
    let mut header = None;
    for (i, (_, fields)) in records.iter().enumerate().filter(|(_, (_, f))| !blank(f)).take(HEADER_SEARCH) {
        let cols = columns(fields, thousand);
        if cols.contains_key(&Field::Code) {
            header = Some((i, cols));
            break;
        }
        // A title line above the header: 「（単位：千円）」 makes every amount 千円.
        if fields.iter().any(|f| nfkc(f).contains("千円")) {
            thousand = true;
        }
    }
    let Some((at, cols)) = header else {
        out.errors
            .push(err(1, "見出し行に細事業コードの列（細事業コード・細事業番号・予算細事業）がありません".into()));
        return out;
    };
    let header_line = records[at].0;
    if !cols.contains_key(&Field::Year) {
        out.errors.push(err(header_line, "見出し行に年度の列がありません".into()));
    }
    if !AMOUNTS.iter().any(|f| cols.contains_key(f)) {
        out.errors.push(err(
            header_line,
            "見出し行に金額の列（予算額・決算額・一般財源・人件費・トータルコスト）がありません".into(),
        ));
    }
    if !out.errors.is_empty() {
        return out;
    }
    let mut ordered: Vec<(usize, String)> = cols.values().map(|(i, _, h)| (*i, h.clone())).collect();
    ordered.sort();
    out.columns = ordered.into_iter().map(|(_, h)| h).collect();
    out.present = Present {
        budget: cols.contains_key(&Field::Budget),
        settlement: cols.contains_key(&Field::Settlement),
        general_fund: cols.contains_key(&Field::GeneralFund),
        personnel: cols.contains_key(&Field::Personnel),
        total_cost: cols.contains_key(&Field::TotalCost),
    };
    let mut seen: HashMap<(String, FiscalYear), usize> = HashMap::new();
    for (line, fields) in records.iter().skip(at + 1) {
        if blank(fields) {
            continue;
        }
        let cell = |f: Field| cols.get(&f).and_then(|(i, _, _)| fields.get(*i)).map_or("", |s| s.as_str());
        let before = out.errors.len();
        let code = normalize_budget_code(cell(Field::Code));
        if code.is_none() {
            out.errors.push(err(*line, "細事業コードがありません".into()));
        }
        let year = match FiscalYear::parse(cell(Field::Year)) {
            Ok(y) => Some(y),
            Err(_) => {
                out.errors.push(err(*line, format!("年度が読めません（「{}」）", cell(Field::Year).trim())));
                None
            }
        };
        let mut figures: HashMap<Field, Option<i64>> = HashMap::new();
        for f in AMOUNTS {
            let Some((_, multiplier, _)) = cols.get(&f) else { continue };
            match amount(cell(f), *multiplier) {
                Ok(v) => {
                    figures.insert(f, v);
                }
                Err(()) => out.errors.push(err(*line, format!("{}が数値ではありません", f.label()))),
            }
        }
        let (Some(code), Some(year)) = (code, year) else { continue };
        if out.errors.len() > before {
            continue;
        }
        if let Some(first) = seen.insert((code.clone(), year), *line) {
            out.errors.push(err(*line, format!("細事業コード {code} の{}が{first}行目と重複しています", year.label())));
            continue;
        }
        let get = |f: Field| figures.get(&f).copied().flatten();
        let name = Some(cell(Field::Name).trim().to_string()).filter(|n| !n.is_empty());
        out.rows.push(BudgetRow {
            line: *line,
            name,
            figures: BudgetLine {
                code,
                fiscal_year: year,
                budget: get(Field::Budget),
                settlement: get(Field::Settlement),
                general_fund: get(Field::GeneralFund),
                personnel: get(Field::Personnel),
                total_cost: get(Field::TotalCost),
            },
        });
    }
    if out.rows.is_empty() && out.errors.is_empty() {
        out.errors.push(err(header_line, "見出し行の後にデータの行がありません".into()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fy(y: u16) -> FiscalYear {
        FiscalYear::new(i64::from(y)).unwrap()
    }

    #[test]
    fn utf8_with_bom_and_headers_by_name() {
        let csv = "\u{feff}年度,細事業名,細事業コード,当初予算額,支出済額,一般財源,人件費,総事業費\n\
                   2025,子育て相談,0101-01,\"1,200,000\",\"1,150,000\",▲12,300000,1450000\n\
                   令和6年度,子育て相談,0101-01,1000000,,,,\n";
        let f = parse("budget.csv", csv.as_bytes());
        assert!(f.errors.is_empty(), "{:?}", f.errors);
        assert_eq!(f.encoding, "UTF-8");
        assert_eq!(f.rows.len(), 2);
        let r = &f.rows[0].figures;
        assert_eq!((r.code.as_str(), r.fiscal_year), ("0101-01", fy(2025)));
        assert_eq!(
            (r.budget, r.settlement, r.general_fund, r.personnel, r.total_cost),
            (Some(1_200_000), Some(1_150_000), Some(-12), Some(300_000), Some(1_450_000))
        );
        assert_eq!(f.rows[0].name.as_deref(), Some("子育て相談"));
        assert_eq!((f.rows[1].line, f.rows[1].figures.fiscal_year, f.rows[1].figures.settlement), (3, fy(2024), None));
    }

    #[test]
    fn shift_jis_and_thousand_yen() {
        let text = "令和7年度 細事業別予算（単位：千円）\n\n細事業番号,年度,予算現額,決算額\n０２０１,R7,\"1,234\",\n";
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(text);
        let f = parse("予算.csv", &bytes);
        assert!(f.errors.is_empty(), "{:?}", f.errors);
        assert_eq!(f.encoding, "Shift_JIS");
        assert_eq!(f.rows[0].line, 4);
        assert_eq!((f.rows[0].figures.code.as_str(), f.rows[0].figures.budget), ("0201", Some(1_234_000)));
        // A unit in the header wins over the title line.
        let f = parse("b.csv", "予算細事業,年度,予算額(円),人件費（千円）\nA,2024,500,3\n".as_bytes());
        assert_eq!((f.rows[0].figures.budget, f.rows[0].figures.personnel), (Some(500), Some(3_000)));
    }

    #[test]
    fn errors_name_their_line() {
        let csv =
            "細事業コード,年度,予算額,決算額\nA,2025,100,90\n\nB,2025,abc,1\n,2025,1,1\nC,昔,1,1\nA,令和7年度,5,5\n";
        let f = parse("budget.csv", csv.as_bytes());
        let msgs: Vec<String> = f.errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            msgs,
            [
                "budget.csv 4行目: 予算額が数値ではありません",
                "budget.csv 5行目: 細事業コードがありません",
                "budget.csv 6行目: 年度が読めません（「昔」）",
                "budget.csv 7行目: 細事業コード A の令和7年度（2025年度）が2行目と重複しています",
            ]
        );
        assert_eq!(f.rows.len(), 1);
    }

    #[test]
    fn missing_columns_and_bad_bytes() {
        let f = parse("x.csv", "名前,金額\na,1\n".as_bytes());
        assert_eq!(f.errors[0].line, 1);
        assert!(f.errors[0].message.contains("細事業コード"));
        let f = parse("x.csv", "細事業コード,予算額\na,1\n".as_bytes());
        assert_eq!(f.errors[0].to_string(), "x.csv 1行目: 見出し行に年度の列がありません");
        let f = parse("x.csv", &[0x82, 0xa0, 0xff, 0xff, 0x00, 0x01]);
        assert!(!f.errors.is_empty() && f.rows.is_empty());
    }
}
