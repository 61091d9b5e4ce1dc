//! Evaluation results listed as one table, a program per row (事務事業評価一覧): a header with
//! a program-name column and other label columns (担当課, 施策, 指標名, 単位, 実績, 目標値).

use super::fields::label_in;
use crate::draft::{IndicatorDraft, InitiativeDraft};
use crate::genre::plan_chapter::tables::{self, Col, TableRow};
use crate::genre::plan_chapter::text::clean;
use crate::raw::Line;
use crate::vocab::{Field, Vocabulary};

/// Programs (and their indicators) from every list table in the lines.
pub(crate) fn read(v: &Vocabulary, lines: &[Line]) -> Vec<(InitiativeDraft, Option<IndicatorDraft>)> {
    let mut out = Vec::new();
    let mut run: Vec<TableRow> = Vec::new();
    for l in lines.iter().chain(std::iter::once(&Line { no: 0, text: String::new() })) {
        if let Some(cells) = tables::row_cells(&l.text) {
            run.push(TableRow { line: l.no, cells });
            continue;
        }
        let rows = std::mem::take(&mut run);
        if let Some((header, body)) = rows.split_first() {
            out.extend(read_table(v, header, body));
        }
    }
    out
}

fn read_table(v: &Vocabulary, header: &TableRow, body: &[TableRow]) -> Vec<(InitiativeDraft, Option<IndicatorDraft>)> {
    let fields: Vec<Option<Field>> =
        header.cells.iter().map(|c| label_in(v, c).filter(|(_, rest)| rest.is_empty()).map(|(f, _)| f)).collect();
    let Some(name_col) = fields.iter().position(|f| *f == Some(Field::Name)) else { return Vec::new() };
    // Every header cell names a column (a label/value grid has values among its labels).
    let all_labels =
        header.cells.iter().zip(&fields).all(|(c, f)| {
            clean(c).is_empty() || f.is_some() || tables::column_of(c) != Col::Other || is_number_header(c)
        });
    if !all_labels || fields.iter().flatten().count() < 2 || body.len() < 2 {
        return Vec::new();
    }
    let has_indicator = header.cells.iter().any(|c| tables::column_of(c) == Col::Name);
    let mut out = Vec::new();
    for row in body {
        let name = clean(row.cell(name_col));
        if name.is_empty() {
            continue;
        }
        let mut ini =
            InitiativeDraft { name: name.to_string(), kind: "program".into(), line: row.line, ..Default::default() };
        for (i, f) in fields.iter().enumerate() {
            let val = row.cell(i);
            if val.is_empty() {
                continue;
            }
            match f {
                Some(Field::Department | Field::Section) => ini.department = Some(val.to_string()),
                Some(Field::Measure) => ini.measure = Some(val.to_string()),
                Some(Field::Method | Field::Content) => ini.summary = Some(val.to_string()),
                Some(f @ (Field::Evaluation | Field::Direction | Field::DirectionNote | Field::Purpose)) => ini
                    .sections
                    .push(crate::draft::SectionDraft { label: f.label().to_string(), body: val.to_string() }),
                _ => {}
            }
        }
        let indicator = has_indicator
            .then(|| tables::indicators(header, std::slice::from_ref(row), ini.measure.as_deref()))
            .and_then(|mut v| v.pop())
            .map(|mut ind| {
                ind.initiative = Some(ini.name.clone());
                ind
            });
        out.push((ini, indicator));
    }
    out
}

/// 「No.」「番号」「#」: a column of row numbers.
fn is_number_header(c: &str) -> bool {
    let k = crate::genre::plan_chapter::text::key(c).to_lowercase();
    matches!(k.trim_end_matches('.'), "no" | "番号" | "項番" | "#" | "整理番号")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_program_per_row() {
        let text = "事業名\t担当課\t施策\t指標名\t単位\t令和4年度実績\t目標値\n\
                    花壇事業\tみどり課\t2-1\t花壇の数\tか所\t12\t20\n\
                    清掃事業\t公園課\t2-2\t清掃回数\t回\t10\t12";
        let lines: Vec<Line> = text.lines().enumerate().map(|(i, t)| Line { no: i + 1, text: t.into() }).collect();
        let got = read(&Vocabulary::builtin(), &lines);
        assert_eq!(got.len(), 2);
        assert_eq!((got[1].0.name.as_str(), got[1].0.department.as_deref()), ("清掃事業", Some("公園課")));
        let ind = got[0].1.as_ref().expect("indicator");
        assert_eq!(
            (ind.name.as_str(), ind.baseline.as_deref(), ind.target.as_deref()),
            ("花壇の数", Some("12"), Some("20"))
        );
    }
}
