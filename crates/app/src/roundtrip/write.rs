//! Writing the round-trip workbook: the initiatives sheet (named after the department: title,
//! stance, notes, how to fill it in, then one row per initiative), the KPI sheet (one row per
//! KPI), both print-ready (A4 landscape, fitted to the width, header rows repeated, page
//! numbers) and protected without a password so that only the tinted cells take input; and the
//! very hidden [`META_SHEET`] with the draft's identity and versions.

use super::layout::*;
use super::snapshot::{Snapshot, Stamp};
use crate::field_text::{milestones_text, perspectives_text, sdgs_text};
use hoshin_domain::*;
use rust_xlsxwriter::{
    Color, DataValidation, Format, FormatAlign, FormatBorder, ProtectionOptions, Workbook, Worksheet, XlsxError,
};

/// The tint of the cells an editor may change.
const EDITABLE: u32 = 0x00FF_F8DC;

struct Formats {
    title: Format,
    label: Format,
    head: Format,
    locked: Format,
    open: Format,
    open_number: Format,
    note: Format,
}

fn formats() -> Formats {
    let cell = Format::new().set_text_wrap().set_align(FormatAlign::Top).set_border(FormatBorder::Thin);
    Formats {
        title: Format::new().set_bold().set_font_size(14),
        label: Format::new().set_bold().set_align(FormatAlign::Top).set_border(FormatBorder::Thin),
        head: Format::new()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_border(FormatBorder::Thin)
            .set_background_color(Color::RGB(0x00DD_E4EE)),
        locked: cell.clone().set_background_color(Color::RGB(0x00F2_F2F2)),
        open: cell.clone().set_unlocked().set_background_color(Color::RGB(EDITABLE)),
        open_number: cell.set_unlocked().set_background_color(Color::RGB(EDITABLE)).set_num_format("0"),
        note: Format::new().set_text_wrap().set_align(FormatAlign::Top),
    }
}

/// One row of cells, `None` for an empty one.
type Row = Vec<Option<Value>>;

enum Value {
    Text(String),
    Int(i64),
}

fn text(s: impl Into<String>) -> Option<Value> {
    let s = s.into();
    (!s.is_empty()).then_some(Value::Text(s))
}

/// The workbook of the draft.
pub fn workbook(s: &Snapshot) -> Result<Vec<u8>, XlsxError> {
    let f = formats();
    let mut wb = Workbook::new();
    let name = sheet_name(&s.department.name);
    {
        let ws = wb.add_worksheet();
        ws.set_name(&name)?;
        initiatives_sheet(ws, s, &f)?;
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name(KPI_SHEET)?;
        kpi_sheet(ws, s, &f)?;
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name(META_SHEET)?;
        meta_sheet(ws, s, &name)?;
        ws.set_very_hidden(true);
    }
    wb.save_to_buffer()
}

fn print_setup(ws: &mut Worksheet, head: u32) -> Result<(), XlsxError> {
    ws.set_paper_size(9); // A4
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(head, head)?;
    ws.set_freeze_panes(head + 1, 0)?;
    ws.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    ws.set_print_center_horizontally(true);
    ws.set_footer("&C&P / &N");
    // Protected without a password: only the tinted cells take input; columns and rows can
    // still be resized.
    let options =
        ProtectionOptions { format_columns: true, format_rows: true, format_cells: true, ..ProtectionOptions::new() };
    ws.protect_with_options(&options);
    Ok(())
}

/// The header and rows of a table at `head`, then [`SPARE_ROWS`] empty editable rows.
/// `retitle`: a column whose title is not the fixed one.
fn table(
    ws: &mut Worksheet,
    f: &Formats,
    head: u32,
    columns: &[Column],
    rows: &[Row],
    retitle: Option<(u16, &str)>,
) -> Result<u32, XlsxError> {
    for (c, col) in columns.iter().enumerate() {
        let c = c as u16;
        ws.set_column_width(c, col.width)?;
        let title = retitle.filter(|(rc, _)| *rc == c).map_or(col.title, |(_, t)| t);
        ws.write_string_with_format(head, c, title, &f.head)?;
    }
    let mut r = head;
    for row in rows {
        r += 1;
        for (c, col) in columns.iter().enumerate() {
            let format = match (col.editable, row.get(c)) {
                (false, _) => &f.locked,
                (true, Some(Some(Value::Int(_)))) => &f.open_number,
                (true, _) => &f.open,
            };
            let c = c as u16;
            match row.get(c as usize) {
                Some(Some(Value::Text(t))) => ws.write_string_with_format(r, c, t, format).map(|_| ())?,
                Some(Some(Value::Int(n))) => ws.write_number_with_format(r, c, *n as f64, format).map(|_| ())?,
                _ => ws.write_blank(r, c, format).map(|_| ())?,
            }
        }
    }
    for _ in 0..SPARE_ROWS {
        r += 1;
        for (c, col) in columns.iter().enumerate() {
            ws.write_blank(r, c as u16, if col.editable { &f.open } else { &f.locked })?;
        }
    }
    Ok(r)
}

/// A drop-down list on `col` of the table's rows, when the choices fit Excel's limit.
fn choices(ws: &mut Worksheet, head: u32, last: u32, col: u16, list: &[String]) -> Result<(), XlsxError> {
    let total: usize = list.iter().map(|s| s.chars().count() + 1).sum();
    if list.is_empty() || total > 250 || list.iter().any(|s| s.contains(',')) {
        return Ok(());
    }
    let v = DataValidation::new().allow_list_strings(list)?.ignore_blank(true);
    ws.add_data_validation(head + 1, col, last, col, &v)?;
    Ok(())
}

fn initiatives_sheet(ws: &mut Worksheet, s: &Snapshot, f: &Formats) -> Result<(), XlsxError> {
    let last_col = (INITIATIVE_COLUMNS.len() - 1) as u16;
    let year = s.revision.fiscal_year;
    ws.write_string_with_format(
        0,
        0,
        format!(
            "{} 部局運営方針（案） {}（{}・第{}版）",
            s.department.name,
            year.label(),
            s.org.name,
            s.revision.number
        ),
        &f.title,
    )?;
    ws.write_string_with_format(STANCE_ROW, 0, "基本的考え方", &f.label)?;
    ws.merge_range(STANCE_ROW, 1, STANCE_ROW, last_col, &s.revision.stance, &f.open)?;
    ws.set_row_height(STANCE_ROW, 90)?;
    ws.write_string_with_format(NOTES_ROW, 0, "備考", &f.label)?;
    ws.merge_range(NOTES_ROW, 1, NOTES_ROW, last_col, s.revision.notes.as_deref().unwrap_or_default(), &f.open)?;
    ws.set_row_height(NOTES_ROW, 45)?;
    ws.merge_range(
        NOTES_ROW + 1,
        0,
        NOTES_ROW + 1,
        last_col,
        "色の付いたセルを編集できます。新しい取組は、下の空いた行にIDを空欄のまま書きます。\
         取組を削除するときは「削除」列に「削除」と書きます（行を消しても削除にはなりません）。\
         スケジュール・行革の視点・関連する計画は1行に1つ（セル内の改行はAlt+Enter）、SDGsは目標番号をカンマ区切りで書きます。\
         ID列・シート名・隠しシートは変更しないでください。",
        &f.note,
    )?;
    ws.set_row_height(NOTES_ROW + 1, 45)?;
    let rows: Vec<Row> = s
        .items
        .iter()
        .map(|it| {
            let i = &it.initiative;
            let r = it.review.as_ref();
            vec![
                Some(Value::Int(i.id.0)),
                text(s.theme_name(i.theme_id)),
                text(i.name.clone()),
                text(s.section_name(i.department_id)),
                text(i.summary.clone().unwrap_or_default()),
                text(milestones_text(&i.milestones)),
                text(perspectives_text(&i.reform_perspectives)),
                text(i.reform_text.clone().unwrap_or_default()),
                text(sdgs_text(&i.sdg_goals)),
                text(s.links_text(&i.node_ids)),
                text(r.and_then(|r| r.result.clone()).unwrap_or_default()),
                text(r.and_then(|r| r.issues_next.clone()).unwrap_or_default()),
                r.and_then(|r| r.progress).map(|p| Value::Int(i64::from(p))),
                text(r.and_then(|r| r.judgement.clone()).unwrap_or_default()),
                None,
            ]
        })
        .collect();
    let last = table(ws, f, INITIATIVE_HEAD, &INITIATIVE_COLUMNS, &rows, None)?;
    let themes: Vec<String> = s.themes.iter().map(|t| t.name.clone()).collect();
    choices(ws, INITIATIVE_HEAD, last, I_THEME, &themes)?;
    let sections: Vec<String> = s.sections.iter().map(|d| d.name.clone()).collect();
    choices(ws, INITIATIVE_HEAD, last, I_SECTION, &sections)?;
    choices(ws, INITIATIVE_HEAD, last, I_JUDGEMENT, &s.judgements)?;
    choices(ws, INITIATIVE_HEAD, last, I_REMOVE, &[REMOVE_MARK.to_string()])?;
    print_setup(ws, INITIATIVE_HEAD)
}

/// The 方向 column's words.
pub fn direction_text(d: Direction) -> &'static str {
    match d {
        Direction::Up => "増加",
        Direction::Down => "減少",
    }
}

fn kpi_sheet(ws: &mut Worksheet, s: &Snapshot, f: &Formats) -> Result<(), XlsxError> {
    let year = s.revision.fiscal_year;
    ws.write_string_with_format(0, 0, format!("{} 指標（KPI） {}", s.department.name, year.label()), &f.title)?;
    ws.merge_range(
        1,
        0,
        1,
        (KPI_COLUMNS.len() - 1) as u16,
        &format!(
            "「実績」は{}の実績です。新しい指標は、空いた行に取組IDを書き、指標IDを空欄にします（新しい取組の指標は、反映した後に画面で追加します）。\
             指標を削除するときは「削除」列に「削除」と書きます。方向は「増加」か「減少」、累計の指標は「累計」列に「○」。",
            year.label()
        ),
        &f.note,
    )?;
    ws.set_row_height(1, 45)?;
    let mut rows: Vec<Row> = Vec::new();
    for it in &s.items {
        for k in &it.kpis {
            let q = |x: &Option<Quantity>| text(x.as_ref().map(|q| q.text.clone()).unwrap_or_default());
            let y = |x: Option<FiscalYear>| text(x.map(FiscalYear::label).unwrap_or_default());
            let actual = k.actuals.iter().find(|a| a.fiscal_year == year).map(|a| a.value.text.clone());
            rows.push(vec![
                Some(Value::Int(it.initiative.id.0)),
                text(it.initiative.name.clone()),
                Some(Value::Int(k.id.0)),
                text(k.name.clone()),
                text(k.unit.clone().unwrap_or_default()),
                text(direction_text(k.direction)),
                text(if k.cumulative { CUMULATIVE_MARK } else { "" }),
                q(&k.baseline),
                y(k.baseline_year),
                q(&k.target),
                y(k.target_year),
                text(actual.unwrap_or_default()),
                None,
            ]);
        }
    }
    let actual = format!("実績（{}）", year.label());
    let last = table(ws, f, KPI_HEAD, &KPI_COLUMNS, &rows, Some((K_ACTUAL, &actual)))?;
    choices(ws, KPI_HEAD, last, K_DIRECTION, &["増加".into(), "減少".into()])?;
    choices(ws, KPI_HEAD, last, K_CUMULATIVE, &[CUMULATIVE_MARK.into()])?;
    choices(ws, KPI_HEAD, last, K_REMOVE, &[REMOVE_MARK.into()])?;
    print_setup(ws, KPI_HEAD)
}

fn meta_sheet(ws: &mut Worksheet, s: &Snapshot, initiatives_sheet: &str) -> Result<(), XlsxError> {
    let mut r = 0;
    let mut line = |ws: &mut Worksheet, key: &str, values: &[Value]| -> Result<(), XlsxError> {
        ws.write_string(r, 0, key)?;
        for (c, v) in values.iter().enumerate() {
            let c = c as u16 + 1;
            match v {
                Value::Text(t) => ws.write_string(r, c, t)?,
                Value::Int(n) => ws.write_number(r, c, *n as f64)?,
            };
        }
        r += 1;
        Ok(())
    };
    line(ws, keys::FORMAT, &[Value::Int(FORMAT_VERSION)])?;
    line(ws, keys::ORGANIZATION, &[Value::Int(s.org.id.0), Value::Text(s.org.name.clone())])?;
    line(ws, keys::DEPARTMENT, &[Value::Int(s.department.id.0), Value::Text(s.department.name.clone())])?;
    line(ws, keys::YEAR, &[Value::Int(i64::from(s.revision.fiscal_year.year()))])?;
    line(ws, keys::REVISION, &[Value::Int(s.revision.id.0), Value::Int(s.revision.number.into())])?;
    line(ws, keys::INITIATIVES_SHEET, &[Value::Text(initiatives_sheet.to_string())])?;
    line(ws, keys::KPIS_SHEET, &[Value::Text(KPI_SHEET.to_string())])?;
    for Stamp { kind, id, version } in s.stamps() {
        line(ws, keys::STAMP, &[Value::Text(kind.as_str().into()), Value::Int(id), Value::Int(version)])?;
    }
    Ok(())
}
