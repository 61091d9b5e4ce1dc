//! Where things are in a round-trip workbook: the sheets, the rows above the tables, the
//! columns of the initiative and KPI tables, and the hidden sheet's keys. The writer and the
//! reader both use these, so a workbook reads back the way it was written.

/// Bumped whenever the layout changes; a workbook of another format version is refused.
pub const FORMAT_VERSION: i64 = 1;

/// The very hidden sheet holding the draft's identity and versions.
pub const META_SHEET: &str = "_hoshin";

/// The KPI sheet (the initiatives sheet is named after the department).
pub const KPI_SHEET: &str = "指標";

/// Row (0-based) of the stance (基本的考え方), its text in column B (merged to the right).
pub const STANCE_ROW: u32 = 2;
/// Row of the notes (備考).
pub const NOTES_ROW: u32 = 3;
/// Row of the header of the initiative table; its rows follow.
pub const INITIATIVE_HEAD: u32 = 6;
/// Row of the header of the KPI table.
pub const KPI_HEAD: u32 = 3;
/// Empty, editable rows left below each table for additions.
pub const SPARE_ROWS: u32 = 20;

/// A column of a table: its title and width (Excel's units).
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub title: &'static str,
    pub width: f64,
    /// Cells an editor may change (unlocked, tinted).
    pub editable: bool,
}

const fn col(title: &'static str, width: f64, editable: bool) -> Column {
    Column { title, width, editable }
}

/// Columns of the initiatives sheet, in order (see the `I_*` indexes).
pub const INITIATIVE_COLUMNS: [Column; 15] = [
    col("ID", 7.0, false),
    col("重点項目", 16.0, true),
    col("取組名", 24.0, true),
    col("担当課", 12.0, true),
    col("取組の概要", 36.0, true),
    col("スケジュール（目標）", 28.0, true),
    col("行革の視点", 16.0, true),
    col("行革の視点からの取組内容", 24.0, true),
    col("SDGs", 8.0, true),
    col("関連する計画（コード）", 18.0, true),
    col("実績", 28.0, true),
    col("課題・今後の方向性", 28.0, true),
    col("進捗率（%）", 8.0, true),
    col("判定", 8.0, true),
    col("削除", 6.0, true),
];
pub const I_ID: u16 = 0;
pub const I_THEME: u16 = 1;
pub const I_NAME: u16 = 2;
pub const I_SECTION: u16 = 3;
pub const I_SUMMARY: u16 = 4;
pub const I_SCHEDULE: u16 = 5;
pub const I_PERSPECTIVES: u16 = 6;
pub const I_REFORM_TEXT: u16 = 7;
pub const I_SDGS: u16 = 8;
pub const I_LINKS: u16 = 9;
pub const I_RESULT: u16 = 10;
pub const I_ISSUES: u16 = 11;
pub const I_PROGRESS: u16 = 12;
pub const I_JUDGEMENT: u16 = 13;
pub const I_REMOVE: u16 = 14;

/// Columns of the KPI sheet, in order (see the `K_*` indexes).
pub const KPI_COLUMNS: [Column; 13] = [
    col("取組ID", 7.0, true),
    col("取組名（参考）", 24.0, false),
    col("指標ID", 7.0, false),
    col("指標名", 24.0, true),
    col("単位", 7.0, true),
    col("方向", 7.0, true),
    col("累計", 6.0, true),
    col("現状値", 12.0, true),
    col("基準年度", 14.0, true),
    col("目標値", 12.0, true),
    col("目標年度", 14.0, true),
    col("実績", 12.0, true),
    col("削除", 6.0, true),
];
pub const K_INITIATIVE: u16 = 0;
pub const K_INITIATIVE_NAME: u16 = 1;
pub const K_ID: u16 = 2;
pub const K_NAME: u16 = 3;
pub const K_UNIT: u16 = 4;
pub const K_DIRECTION: u16 = 5;
pub const K_CUMULATIVE: u16 = 6;
pub const K_BASELINE: u16 = 7;
pub const K_BASELINE_YEAR: u16 = 8;
pub const K_TARGET: u16 = 9;
pub const K_TARGET_YEAR: u16 = 10;
pub const K_ACTUAL: u16 = 11;
pub const K_REMOVE: u16 = 12;

/// What the 削除 column holds for a row to remove (any non-empty text counts).
pub const REMOVE_MARK: &str = "削除";
/// What the 累計 column holds for a cumulative KPI.
pub const CUMULATIVE_MARK: &str = "○";

/// Keys of the hidden sheet (column A; values from column B).
pub mod keys {
    pub const FORMAT: &str = "format_version";
    pub const ORGANIZATION: &str = "organization";
    pub const DEPARTMENT: &str = "department";
    pub const YEAR: &str = "fiscal_year";
    pub const REVISION: &str = "revision";
    pub const INITIATIVES_SHEET: &str = "initiatives_sheet";
    pub const KPIS_SHEET: &str = "kpis_sheet";
    /// Rows `stamp | kind | id | version`: the versions the workbook was made from.
    pub const STAMP: &str = "stamp";
}

/// `A1`-style address of a 0-based cell.
pub fn address(row: u32, col: u16) -> String {
    let mut letters = String::new();
    let mut n = u32::from(col) + 1;
    while n > 0 {
        let r = (n - 1) % 26;
        letters.insert(0, char::from(b'A' + r as u8));
        n = (n - 1) / 26;
    }
    format!("{letters}{}", row + 1)
}

/// A valid tab name for `wanted` (at most 31 characters, none of `[]:*?/\`), not one of the
/// workbook's fixed sheets.
pub fn sheet_name(wanted: &str) -> String {
    let clean: String = wanted.chars().map(|c| if "[]:*?/\\".contains(c) { '_' } else { c }).collect();
    let clean = clean.trim_matches('\'').trim();
    let name: String = if clean.is_empty() { "取組".into() } else { clean.chars().take(31).collect() };
    if name == KPI_SHEET || name == META_SHEET {
        format!("{name}の取組")
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_a1() {
        assert_eq!(address(0, 0), "A1");
        assert_eq!(address(11, 3), "D12");
        assert_eq!(address(4, 25), "Z5");
        assert_eq!(address(4, 26), "AA5");
        assert_eq!(address(0, 701), "ZZ1");
        assert_eq!(address(0, 702), "AAA1");
    }

    #[test]
    fn sheet_names_are_valid() {
        assert_eq!(sheet_name("福祉部"), "福祉部");
        assert_eq!(sheet_name("a/b"), "a_b");
        assert_eq!(sheet_name("指標"), "指標の取組");
        assert_eq!(sheet_name(&"長".repeat(40)).chars().count(), 31);
    }
}
