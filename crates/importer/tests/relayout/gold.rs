//! The gold annotations the re-layout check renders documents from: ../shared/gold (one gold
//! per genre) and tests/gold/corpus (the 京都市 and 池田市 evaluation sheets), read into the
//! few fields a document needs.

use serde::Deserialize;
use std::path::Path;

#[derive(Debug, Clone, Deserialize)]
pub struct Gold {
    /// A short name for tables and file names ("000", "ikeda", "kyoto-r6-010"); not in the JSON.
    #[serde(skip)]
    pub id: String,
    /// The JSON as read (merged for a file of several golds), for the scorer.
    #[serde(skip)]
    pub raw: serde_json::Value,
    /// The sheets of a file made of several golds' sheets, each gold's own.
    #[serde(skip)]
    pub merged_sheets: Option<Vec<Sheet>>,
    pub organization: Option<String>,
    pub fiscal_year: Option<u16>,
    pub genre: String,
    #[serde(default)]
    pub departments: Vec<String>,
    #[serde(default)]
    pub department_stances: Vec<Stance>,
    #[serde(default)]
    pub themes: Vec<String>,
    #[serde(default)]
    pub measures: Vec<Measure>,
    #[serde(default)]
    pub initiatives: Vec<Initiative>,
    #[serde(default)]
    pub indicators: Vec<Indicator>,
    #[serde(default)]
    pub related_plans: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Stance {
    pub department: String,
    pub text: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Measure {
    pub code: Option<String>,
    pub title: String,
    pub vision: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Initiative {
    pub department: Option<String>,
    pub measure: Option<String>,
    pub theme: Option<String>,
    pub name: String,
    pub kind: Option<String>,
    pub summary_start: Option<String>,
    pub perspective: Option<String>,
    pub reform: Option<String>,
    #[serde(default)]
    pub measure_refs: Vec<String>,
    #[serde(default)]
    pub basic_policy_refs: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Indicator {
    pub name: String,
    pub baseline: Option<String>,
    pub baseline_note: Option<String>,
    pub target: Option<String>,
    pub unit: Option<String>,
}

impl Gold {
    pub fn read(path: &Path, id: &str) -> Gold {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let raw: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut gold: Gold = serde_json::from_value(raw.clone()).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        gold.id = id.to_string();
        gold.raw = raw;
        gold
    }

    pub fn org(&self) -> &str {
        self.organization.as_deref().unwrap_or("")
    }

    /// The measure with this code (or title).
    pub fn measure(&self, key: &str) -> Option<&Measure> {
        self.measures
            .iter()
            .find(|m| m.code.as_deref() == Some(key))
            .or_else(|| self.measures.iter().find(|m| m.title == key))
    }

    /// 「5-2-① 公正で…」: a measure reference written with its title, as documents cite it.
    pub fn cite(&self, code: &str) -> String {
        match self.measure(code) {
            Some(m) if m.title != code => format!("{code} {}", m.title),
            _ => code.to_string(),
        }
    }

    /// Departments in the order their initiatives come (then any without initiatives).
    pub fn departments_in_order(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for d in self.initiatives.iter().filter_map(|i| i.department.clone()).chain(self.departments.iter().cloned()) {
            if !out.contains(&d) {
                out.push(d);
            }
        }
        out
    }

    pub fn stance(&self, department: &str) -> Option<&str> {
        self.department_stances.iter().find(|s| s.department == department).map(|s| s.text.as_str())
    }

    /// The evaluation sheets of the gold: one per initiative, with its indicators (an equal share
    /// in order when they divide evenly, as 池田市's three sheets of one indicator each; else all
    /// on the first sheet, as a 京都市 sheet with several).
    pub fn sheets(&self) -> Vec<Sheet> {
        if let Some(s) = &self.merged_sheets {
            return s.clone();
        }
        let n = self.initiatives.len();
        let per = if n > 0 && self.indicators.len().is_multiple_of(n) { self.indicators.len() / n } else { 0 };
        self.initiatives
            .iter()
            .enumerate()
            .map(|(k, i)| Sheet {
                initiative: i.clone(),
                indicators: if per > 0 {
                    self.indicators[k * per..(k + 1) * per].to_vec()
                } else if k == 0 {
                    self.indicators.clone()
                } else {
                    Vec::new()
                },
            })
            .collect()
    }

    /// The gold of one file holding the sheets of several golds of one city (two sheets per
    /// page): their initiatives and indicators in order.
    pub fn merged(id: &str, golds: &[&Gold]) -> Gold {
        let first = golds[0];
        let mut g = Gold {
            id: id.to_string(),
            departments: Vec::new(),
            initiatives: Vec::new(),
            indicators: Vec::new(),
            ..first.clone()
        };
        let mut raw = first.raw.clone();
        for key in ["departments", "initiatives", "indicators"] {
            let mut all: Vec<serde_json::Value> = Vec::new();
            for x in golds {
                for v in x.raw.get(key).and_then(|v| v.as_array()).into_iter().flatten() {
                    if key != "departments" || !all.contains(v) {
                        all.push(v.clone());
                    }
                }
            }
            raw[key] = serde_json::Value::Array(all);
        }
        g.raw = raw;
        g.merged_sheets = Some(golds.iter().flat_map(|x| x.sheets()).collect());
        for x in golds {
            for d in &x.departments {
                if !g.departments.contains(d) {
                    g.departments.push(d.clone());
                }
            }
            g.initiatives.extend(x.initiatives.iter().cloned());
            g.indicators.extend(x.indicators.iter().cloned());
        }
        g
    }

    /// The gold as the scorer reads it.
    pub fn to_json(&self) -> &serde_json::Value {
        &self.raw
    }
}

/// One evaluation sheet: a program and its indicators.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub initiative: Initiative,
    pub indicators: Vec<Indicator>,
}

/// 2023 → 「令和5年度」, 2019 → 「令和元年度」, 2018 → 「平成30年度」.
pub fn wareki(year: u16) -> String {
    let (era, n) = if year >= 2019 { ("令和", year - 2018) } else { ("平成", year.saturating_sub(1988)) };
    if n == 1 {
        format!("{era}元年度")
    } else {
        format!("{era}{n}年度")
    }
}
