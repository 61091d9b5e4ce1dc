//! Tables of a 施策 sheet (tab, Markdown or HTML rows): `label | value` rows read as labelled
//! values (方針, 施策, 目指す姿, 関連する個別計画 …; a row with an empty label continues the
//! one above), and tables under a header row: indicators, related plans, and the 取組み table
//! whose header names its columns (取組み名, 内容, 行革の視点, 行革の視点からの取組み内容).

use super::sheet::{Doc, Sheet};
use crate::draft::Extraction;
use crate::genre::plan_chapter::fields::{self, Field};
use crate::genre::plan_chapter::tables::{self, TableRow};
use crate::raw::Line;

/// Reads a block of consecutive table rows.
pub(super) fn read(rows: &[TableRow], d: &mut Doc, sh: &mut Sheet, ex: &mut Extraction) {
    let mut i = 0;
    while i < rows.len() {
        let r = &rows[i];
        if let Some(f) = fields::field_row(r) {
            let l = Line { no: r.line, text: f.label.clone() };
            super::line_item(&l, super::lines::SheetLine::Field(f), d, sh, ex);
            i += 1;
            continue;
        }
        if let Some(value) = fields::continuation_row(r) {
            match &mut sh.field {
                Some(open) => value.split('\n').for_each(|p| open.push(p, true)),
                None => ex.warn(r.line, format!("text not placed: {}", value.chars().take(40).collect::<String>())),
            }
            i += 1;
            continue;
        }
        // A header and its rows, up to the next field row.
        let end = rows[i + 1..].iter().position(|r| fields::field_row(r).is_some()).map_or(rows.len(), |p| i + 1 + p);
        sh.flush(ex);
        header_table(&rows[i..end], sh, ex);
        i = end;
    }
    sh.flush(ex);
}

/// A table under a header row.
fn header_table(rows: &[TableRow], sh: &mut Sheet, ex: &mut Extraction) {
    let Some(header) = rows.first() else { return };
    if tables::is_indicator_header(header) {
        sh.indicators.extend(tables::indicators(header, &rows[1..], None));
        return;
    }
    if tables::is_plan_header(header) {
        for p in tables::related_plans(&rows[1..], None) {
            sh.plans.push((header.line, p.name));
        }
        return;
    }
    let cols = fields::header(header).unwrap_or_default();
    let col = |f: Field| cols.iter().position(|c| *c == Some(f));
    let Some(name) = col(Field::Action) else {
        ex.warn(header.line, format!("table not understood (header: {})", header.cells.join(" | ")));
        return;
    };
    let text = |r: &TableRow, c: Option<usize>| c.map(|c| r.cell(c).to_string()).filter(|t| !t.is_empty());
    for r in &rows[1..] {
        let Some(n) = text(r, Some(name)) else { continue };
        let (p, rf) = (text(r, col(Field::Perspective)), text(r, col(Field::Reform)));
        let perspective = (p.is_some() || rf.is_some()).then(|| (p.unwrap_or_default(), rf.unwrap_or_default()));
        sh.rows.push_record(r.line, n, text(r, col(Field::Content)), perspective);
    }
}

#[cfg(test)]
mod tests {
    use crate::genre::measure_sheet::interpret;
    use crate::raw;

    #[test]
    fn field_rows_and_an_action_table_make_a_sheet() {
        let text = "花山市 施策内容\n\n方針\t「緑あふれるまち」\n施策\t緑1-1 公園の充実\n目指す姿\t公園がある\n\
                    関連する個別計画\t花山市みどりの基本計画\n\t花いっぱい条例\n\n施策実現のための取組み\n\n\
                    取 組 み 名\t内　　容\t行革の視点\t行革の視点からの取組み内容\n\
                    遊具の更新\t古い遊具を更新します。\t⑥市有財産\t施設の長寿命化\n苗の配布\t苗を配ります。\t\t\n\n\
                    | 方針 | 花のまち |\n|---|---|\n| 施策 | 緑2-1 花の道 |\n| 関連する個別計画 | 花の道計画<br>沿道緑化方針 |\n\n\
                    | 取組み名 | 内容 |\n|---|---|\n| 花壇づくり | 花壇をつくります。 |\n";
        let ex = interpret(&raw::read(text));
        assert_eq!(ex.themes, ["緑あふれるまち", "花のまち"]);
        let m: Vec<_> = ex.measures.iter().map(|m| (m.code.as_deref(), m.vision.as_deref())).collect();
        assert_eq!(m, [(Some("緑1-1"), Some("公園がある")), (Some("緑2-1"), None)]);
        assert_eq!(ex.related_plans, ["花山市みどりの基本計画", "花いっぱい条例", "花の道計画", "沿道緑化方針"]);
        let a: Vec<_> =
            ex.initiatives.iter().map(|a| (a.name.as_str(), a.measure.as_deref(), a.theme.as_deref())).collect();
        assert_eq!(
            a,
            [
                ("遊具の更新", Some("緑1-1"), Some("緑あふれるまち")),
                ("苗の配布", Some("緑1-1"), Some("緑あふれるまち")),
                ("花壇づくり", Some("緑2-1"), Some("花のまち")),
            ]
        );
        assert_eq!(ex.initiatives[0].reform.as_deref(), Some("施設の長寿命化"));
        assert_eq!(ex.initiatives[1].perspective, None);
        assert!(ex.warnings.is_empty(), "{:?}", ex.warnings);
    }
}
