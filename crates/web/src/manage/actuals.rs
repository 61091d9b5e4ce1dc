//! Bulk entry of one year's KPI actuals for a revision (`/manage/revisions/{rev}/actuals`):
//! every KPI of the revision grouped by initiative with one text field each, and a textarea
//! that takes a column pasted from a spreadsheet (one line per KPI, in page order). All
//! values are saved in one transaction: a bad value or a conflict saves none of them.

use super::revision::forms::Fields;
use super::revision::{load, page_url};
use super::{actor, crumbs, csrf_field, layout, see_other};
use crate::error::WebError;
use crate::html::Crumb;
use crate::pages::{parse_year, PageResult};
use crate::session::Staff;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::Form;
use hoshin_app::access::may_edit_department;
use hoshin_app::editing::{set_actuals, split_column, ActualEntry};
use hoshin_app::{App, AppError};
use hoshin_domain::*;
use maud::{html, Markup};
use serde::Deserialize;

#[derive(Debug, Deserialize, Default)]
pub struct YearQuery {
    pub year: Option<String>,
    pub saved: Option<usize>,
    /// A reporting period's key (`?period=midyear`); none or the year-end: the year's actuals.
    pub period: Option<String>,
}

/// KPIs grouped under their captions, numbered from 1 across the groups in page order (the
/// order a pasted column follows); groups without KPIs are left out.
pub(crate) fn numbered<'a>(
    groups: impl IntoIterator<Item = (Markup, Vec<&'a Indicator>)>,
) -> Vec<(Markup, Vec<(usize, &'a Indicator)>)> {
    let mut count = 0usize;
    let mut out = Vec::new();
    for (caption, ks) in groups {
        if ks.is_empty() {
            continue;
        }
        let ks = ks
            .into_iter()
            .map(|k| {
                count += 1;
                (count, k)
            })
            .collect();
        out.push((caption, ks));
    }
    out
}

/// How one page shows a year's KPI actuals: a table per group, with a text field per KPI
/// and a textarea for a pasted column when editable, else the values as text.
pub(crate) struct ActualsTable {
    pub year: FiscalYear,
    pub editable: bool,
    /// The prefix of the value fields' ids.
    pub id_prefix: &'static str,
    /// Whether the target cell also gives the target's year.
    pub target_year: bool,
    /// Said after the paste instructions.
    pub paste_note: &'static str,
}

impl ActualsTable {
    /// The tables of the [`numbered`] groups and, when editable, the paste textarea and the
    /// save button (the caller wraps them in its form).
    pub(crate) fn fields(&self, groups: &[(Markup, Vec<(usize, &Indicator)>)]) -> Markup {
        let year = self.year;
        let count = groups.iter().map(|(_, ks)| ks.len()).sum::<usize>();
        let actual = |k: &Indicator| {
            k.actuals.iter().find(|a| a.fiscal_year == year).map(|a| a.value.text.clone()).unwrap_or_default()
        };
        html! {
            @for (caption, ks) in groups {
                table.actuals {
                    caption { (caption) }
                    thead { tr { th scope="col" { "指標" } th scope="col" { "目標値" } th scope="col" { (year.label()) "の実績" } } }
                    tbody {
                        @for (n, k) in ks {
                            tr {
                                th scope="row" { (n) ". " (k.name) @if let Some(u) = &k.unit { span.muted { "（" (u) "）" } } }
                                td {
                                    @match &k.target { Some(t) => { (t.text) }, None => { "－" } }
                                    @if self.target_year {
                                        @if let Some(y) = k.target_year { span.muted { "（" (y.wareki()) "）" } }
                                    }
                                }
                                td {
                                    @if self.editable {
                                        input type="hidden" name="indicator" value=(k.id);
                                        input type="hidden" name="version" value=(k.meta.version);
                                        label.visually-hidden for={ (self.id_prefix) (n) } { (k.name) "の" (year.label()) "の実績" }
                                        input type="text" id={ (self.id_prefix) (n) } name="value" size="14" value=(actual(k));
                                    } @else {
                                        @let v = actual(k);
                                        @if v.is_empty() { "－" } @else { (v) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            @if self.editable {
                p {
                    label for="paste" { "表計算ソフトから1列を貼り付け" }
                    br;
                    span.muted {
                        "上の表の番号順（1〜" (count) "）に、1行に1指標ずつ値を並べた列を貼り付けてください。"
                        "貼り付けた場合は上の入力欄より優先します。" (self.paste_note)
                    }
                    br;
                    textarea #paste name="paste" rows="6" cols="30" {}
                }
                p { button type="submit" { "実績を保存する" } }
            }
        }
    }
}

pub async fn show(
    State(app): State<App>,
    Staff(su): Staff,
    Path(rev): Path<i64>,
    Query(q): Query<YearQuery>,
) -> PageResult {
    let (r, d) = load(&app, &su, rev).await?;
    let periods = hoshin_app::periods::periods(&app, d.org_id).await?;
    if let Some(key) = q.period.as_deref().filter(|k| *k != hoshin_domain::period::YEAR_END) {
        let period = hoshin_app::periods::interim_period(&app, d.org_id, key).await?;
        let editable = r.state.editable() && may_edit_department(&su.user, &d);
        let title = format!("{}の値と振り返り（{}）", period.label, r.fiscal_year.label());
        let form = super::periods::body(&app, &su, &r, &d, &period, editable).await?;
        let body = html! {
            h1 { (title) }
            p.lead { (d.name) " 第" (r.number) "版（" (r.state.label()) "）" }
            (super::periods::chooser(r.id, &periods, &period.key))
            @if let Some(s) = q.saved {
                p.notice role="status" { (period.label) "の値と振り返りを保存しました（" (s) "件を更新）。" }
            }
            @if !editable {
                p.notice role="status" { "この改訂は変更できないため、閲覧のみできます。" }
            }
            (form)
        };
        let crumbs = crumbs(vec![
            Crumb::link(r.fiscal_year.label(), format!("/manage/{}", r.fiscal_year.year())),
            Crumb::link(d.name.clone(), page_url(r.fiscal_year, d.id)),
            Crumb::here(period.label.clone()),
        ]);
        return Ok(layout(&title, &su, &crumbs, body));
    }
    let year = match q.year.as_deref().map(str::trim).filter(|y| !y.is_empty()) {
        Some(y) => parse_year(y)?,
        None => r.fiscal_year,
    };
    let (items, kpis) = hoshin_app::editing::revision_rows(&app, r.id).await?;
    let editable = r.state.editable() && may_edit_department(&su.user, &d);
    let table = ActualsTable {
        year,
        editable,
        id_prefix: "v-",
        target_year: true,
        paste_note: "空の行の指標は上の入力欄の値のままです（値を消すときは上の入力欄を空にしてください）。値がないときは「－」と書けます。",
    };
    let groups = numbered(items.iter().map(|i| {
        let ks = kpis.iter().filter(|k| k.owner == Some(IndicatorOwner::Initiative(i.id))).collect();
        (html! { (i.name) }, ks)
    }));
    let here = format!("/manage/revisions/{}/actuals", r.id);
    let title = format!("指標の実績入力（{}）", year.label());
    let body = html! {
        h1 { (title) }
        p.lead { (d.name) " 第" (r.number) "版（" (r.state.label()) "）" }
        p { a href=(page_url(r.fiscal_year, d.id)) { "部局の方針に戻る" } }
        (super::periods::chooser(r.id, &periods, hoshin_domain::period::YEAR_END))
        @if let Some(s) = q.saved {
            p.notice role="status" { (year.label()) "の実績を保存しました（" (s) "件を更新）。" }
        }
        form.year method="get" action=(here) {
            label for="year" { "表示する年度" }
            " "
            input #year type="text" name="year" size="10" value=(year.year());
            " "
            button type="submit" { "表示" }
            " "
            @if let Some(p) = year.prev() { a href={ (here) "?year=" (p.year()) } { "前年度" } " " }
            @if let Some(nx) = year.next() { a href={ (here) "?year=" (nx.year()) } { "次年度" } }
        }
        @if !editable {
            p.notice role="status" {
                @if r.state.editable() { "この部局の方針を編集する権限がないため、閲覧のみできます。" }
                @else { "この改訂は「" (r.state.label()) "」のため実績を変更できません。" }
            }
        }
        @if groups.is_empty() {
            p.muted { "この改訂の取組には指標がありません。" }
        } @else {
            form.actuals method="post" action=(here) {
                (csrf_field(&su))
                input type="hidden" name="year" value=(year.year());
                (table.fields(&groups))
            }
        }
    };
    let crumbs = crumbs(vec![
        Crumb::link(r.fiscal_year.label(), format!("/manage/{}", r.fiscal_year.year())),
        Crumb::link(d.name.clone(), page_url(r.fiscal_year, d.id)),
        Crumb::here("指標の実績入力"),
    ]);
    Ok(layout(&title, &su, &crumbs, body))
}

/// The repeated (indicator, version, value) triples of the form, in page order.
fn entries(f: &Fields) -> Result<Vec<ActualEntry>, WebError> {
    let bad = || WebError::BadRequest("指標の指定が正しくありません".into());
    let mut out: Vec<ActualEntry> = Vec::new();
    for (k, v) in &f.0 {
        match k.as_str() {
            "indicator" => out.push(ActualEntry {
                indicator: IndicatorId(v.trim().parse().map_err(|_| bad())?),
                version: 0,
                text: String::new(),
            }),
            "version" => out.last_mut().ok_or_else(bad)?.version = v.trim().parse().map_err(|_| bad())?,
            "value" => out.last_mut().ok_or_else(bad)?.text = v.clone(),
            _ => {}
        }
    }
    Ok(out)
}

/// The submitted entries: the per-KPI fields, with, when a column was pasted, its non-blank
/// lines in their order over them (the paste must have a line per KPI).
pub(crate) fn submitted(f: &Fields) -> Result<Vec<ActualEntry>, WebError> {
    let mut list = entries(f)?;
    if let Some(paste) = f.get("paste").filter(|p| !p.trim().is_empty()) {
        let mut lines = split_column(paste);
        // Empty cells at the end of a copied column arrive as trailing empty lines; they
        // count when the paste has a line for every KPI.
        if lines.len() < list.len() && paste.lines().count() >= list.len() {
            lines.resize(list.len(), String::new());
        }
        if lines.len() != list.len() {
            return Err(AppError::invalid(
                "paste",
                format!(
                    "貼り付けた値は{}行ですが、指標は{}件です。指標の数と同じ行数を貼り付けてください",
                    lines.len(),
                    list.len()
                ),
            )
            .into());
        }
        // A blank line is a cell left empty in the sheet: the KPI keeps what its field says
        // (deleting a value is done in its field), so pasting a column with gaps loses nothing.
        for (e, line) in list.iter_mut().zip(lines) {
            if !line.trim().is_empty() {
                e.text = line;
            }
        }
    }
    Ok(list)
}

pub async fn submit(
    State(app): State<App>,
    Staff(su): Staff,
    Path(rev): Path<i64>,
    Form(f): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let f = Fields(f);
    let (r, _) = load(&app, &su, rev).await?;
    let year = parse_year(f.get("year").unwrap_or_default())?;
    let list = submitted(&f)?;
    let saved = set_actuals(&app, &actor(&su), r.id, year, &list).await?;
    Ok(see_other(&format!("/manage/revisions/{}/actuals?year={}&saved={saved}", r.id, year.year())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_follow_the_form_order() {
        let kv = |k: &str, v: &str| (k.to_string(), v.to_string());
        let f = Fields(vec![
            kv("_csrf", "x"),
            kv("year", "2024"),
            kv("indicator", "7"),
            kv("version", "2"),
            kv("value", "12件"),
            kv("indicator", "9"),
            kv("version", "1"),
            kv("value", ""),
        ]);
        let e = entries(&f).unwrap();
        assert_eq!(e.len(), 2);
        assert_eq!((e[0].indicator, e[0].version, e[0].text.as_str()), (IndicatorId(7), 2, "12件"));
        assert_eq!((e[1].indicator, e[1].version, e[1].text.as_str()), (IndicatorId(9), 1, ""));
        assert!(entries(&Fields(vec![kv("value", "1")])).is_err());
    }

    #[test]
    fn a_blank_pasted_line_keeps_the_field() {
        let kv = |k: &str, v: &str| (k.to_string(), v.to_string());
        let mut f = vec![kv("year", "2024")];
        for (id, value) in [("7", "12件"), ("8", "30%"), ("9", "")] {
            f.extend([kv("indicator", id), kv("version", "1"), kv("value", value)]);
        }
        // The sheet's column: a gap for the first KPI, a value for the second, a gap at the end.
        f.push(kv("paste", "\r\n45%\r\n\r\n"));
        let e = submitted(&Fields(f.clone())).unwrap();
        assert_eq!(e.iter().map(|e| e.text.as_str()).collect::<Vec<_>>(), ["12件", "45%", ""]);
        // A value typed in the field is deleted by emptying the field, not by a gap.
        f[3] = kv("value", "");
        let e = submitted(&Fields(f)).unwrap();
        assert_eq!(e[0].text, "");
    }
}
