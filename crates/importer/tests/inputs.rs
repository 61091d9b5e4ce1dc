//! The readers, one invented file (架空市) per kind: workbooks (xlsx built here with
//! rust_xlsxwriter, a committed xls, an ods and a docx built here with zip), PDFs (made by
//! Chromium from tests/fixtures/inputs/sheet-pdf-source.html, one with only a drawing, two
//! encrypted with qpdf: with a user password, and with an owner password forbidding copying) and files no reader takes. Each test checks the decoded lines, cells
//! and origins, or the error. The text kinds (HTML, CSV, TSV, encodings) are in
//! tests/inputs_text.rs.

mod common;

use std::io::Write;
use std::path::PathBuf;

use hoshin_importer::input::{decode, Decoded, InputKind, Origin};
use hoshin_importer::{extract, ImportError};
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};

fn fixture(name: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/inputs").join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn lines(d: &Decoded) -> Vec<&str> {
    d.text.lines().collect()
}

/// The 1-based line whose text starts with `prefix`.
fn line_starting(d: &Decoded, prefix: &str) -> usize {
    lines(d).iter().position(|l| l.starts_with(prefix)).map(|i| i + 1).unwrap_or_else(|| panic!("no {prefix}: {d:#?}"))
}

fn cell(sheet: &str, row: u32, col: u32) -> Origin {
    Origin::Cell { sheet: sheet.into(), row, col }
}

/// A form sheet (merged cells, a cell with a line break, a date, a fraction) and a wide table
/// (a hidden helper row above a 120-column header, a formula with its cached result).
fn workbook() -> Vec<u8> {
    let mut wb = Workbook::new();
    let merged = Format::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let form = wb.add_worksheet();
    form.set_name("福祉部").expect("name");
    form.merge_range(0, 0, 0, 3, "架空市 事務事業評価シート（令和6年度）", &merged).expect("merge");
    form.write_string(2, 0, "事業名").expect("write");
    form.merge_range(2, 1, 2, 3, "見守り配食サービス事業", &merged).expect("merge");
    form.write_string(3, 0, "担当課").expect("write");
    form.write_string(3, 1, "福祉部 高齢福祉課").expect("write");
    form.write_string(3, 2, "事業費（千円）").expect("write");
    form.write_number(3, 3, 4800.0).expect("write");
    form.write_string(4, 0, "目的").expect("write");
    form.write_string(4, 1, "高齢者の食事と安否を\n毎日確認する。<重点> & 継続").expect("write");
    form.write_string(6, 0, "開始日").expect("write");
    let day = ExcelDateTime::from_ymd(2024, 4, 1).expect("date");
    form.write_datetime_with_format(6, 1, &day, &date).expect("write");
    form.write_string(6, 2, "達成率").expect("write");
    form.write_number(6, 3, 0.1 + 0.2).expect("write");
    let wide = wb.add_worksheet();
    wide.set_name("事業一覧").expect("name");
    for c in 0..120u16 {
        wide.write_string(0, c, format!("col{c:03}")).expect("write");
        let header = match c {
            0 => "事業名".to_string(),
            1 => "所管課".to_string(),
            2 => "事業費".to_string(),
            3 => "事業費（2倍）".to_string(),
            _ => format!("項目{c}"),
        };
        wide.write_string(1, c, header).expect("write");
    }
    wide.set_row_hidden(0).expect("hide");
    wide.write_string(2, 0, "見守り配食サービス事業").expect("write");
    wide.write_string(2, 1, "高齢福祉課").expect("write");
    wide.write_number(2, 2, 4800.0).expect("write");
    wide.write_formula(2, 3, Formula::new("=C3*2").set_result("9600")).expect("write");
    wide.write_string(2, 119, "最終列").expect("write");
    wide.write_string(3, 0, "子ども食堂支援事業").expect("write");
    wide.write_string(3, 1, "子育て支援課").expect("write");
    wb.save_to_buffer().expect("xlsx")
}

#[test]
fn xlsx_every_sheet_row_by_row() {
    let d = decode("book.bin", &workbook()).expect("decodes");
    assert_eq!(d.kind, InputKind::Xlsx);
    let l = lines(&d);
    assert_eq!(l[0], "架空市 事務事業評価シート（令和6年度）");
    assert_eq!(l[1], "", "a blank row stays a blank line");
    assert_eq!(
        l[2], "事業名\t見守り配食サービス事業",
        "merged: the value in the top-left cell, trailing empties trimmed"
    );
    assert_eq!(l[3], "担当課\t福祉部 高齢福祉課\t事業費（千円）\t4800");
    assert_eq!(l[4], "目的\t高齢者の食事と安否を<br>毎日確認する。&lt;重点&gt; &amp; 継続");
    assert_eq!(l[6], "開始日\t2024-04-01\t達成率\t0.3");
    assert_eq!(d.origins[2], cell("福祉部", 3, 1));
    assert_eq!(d.origins[2].describe(), "福祉部!A3");
    assert_eq!(d.pages.len(), 2, "each sheet starts a page: {:?}", d.pages);
    let second = d.pages[1];
    assert_eq!(d.origin(second), Some(&cell("事業一覧", 1, 1)), "the hidden helper row is kept");
    let header: Vec<&str> = l[second].split('\t').collect();
    assert_eq!(header.len(), 120);
    assert_eq!(&header[..4], ["事業名", "所管課", "事業費", "事業費（2倍）"]);
    let row: Vec<&str> = l[second + 1].split('\t').collect();
    assert_eq!(row.len(), 120, "empty cells kept up to the last filled one");
    assert_eq!(&row[..4], ["見守り配食サービス事業", "高齢福祉課", "4800", "9600"], "formula: its cached value");
    assert_eq!(row[119], "最終列");
    assert_eq!(l[second + 2], "子ども食堂支援事業\t子育て支援課");
    assert_eq!(d.origins[second + 1].describe(), "事業一覧!A3");
    // The raw reader gives back each cell's own text.
    let doc = hoshin_importer::raw::read(&d.text);
    let cells: Vec<String> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            hoshin_importer::raw::Block::Table(t) => Some(t.rows.iter().map(|r| r.text(1)).collect::<Vec<_>>()),
            _ => None,
        })
        .flatten()
        .collect();
    assert!(cells.contains(&"高齢者の食事と安否を\n毎日確認する。<重点> & 継続".to_string()), "{cells:?}");
}

#[test]
fn xls_fixture_reads_like_xlsx() {
    let d = decode("old-book", &fixture("workbook.xls")).expect("decodes");
    assert_eq!(d.kind, InputKind::Xls);
    let l = lines(&d);
    assert_eq!(l[0], "架空市 事務事業評価シート");
    assert_eq!(l[2], "事業名\t見守り配食サービス事業");
    assert_eq!(l[4], "事業費（千円）\t4800\t12.5");
    assert_eq!(l[5], "開始日\t2024-04-01");
    assert_eq!(l[6], "備考：昼食の配達と安否確認");
    assert_eq!(d.origins[4].describe(), "福祉部!A5");
    let second = d.pages[1];
    assert_eq!(l[second - 1], "番号\t事業名\t担当課");
    assert_eq!(l[second], "1\t見守り配食サービス事業\t高齢福祉課");
}

/// A zip of the given parts, the first stored uncompressed (as ODF wants its mimetype).
fn zip_of(parts: &[(&str, &str)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (i, (name, body)) in parts.iter().enumerate() {
        let method = if i == 0 { zip::CompressionMethod::Stored } else { zip::CompressionMethod::Deflated };
        let opts = zip::write::SimpleFileOptions::default().compression_method(method);
        w.start_file(*name, opts).expect("entry");
        w.write_all(body.as_bytes()).expect("write");
    }
    w.finish().expect("zip").into_inner()
}

#[test]
fn ods_spreadsheet() {
    let content = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet>
<table:table table:name="環境部"><table:table-row><table:table-cell office:value-type="string"><text:p>事業名</text:p></table:table-cell><table:table-cell/><table:table-cell office:value-type="string"><text:p>川の清掃活動支援</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell office:value-type="string"><text:p>参加者数</text:p></table:table-cell><table:table-cell/><table:table-cell office:value-type="float" office:value="350"><text:p>350</text:p></table:table-cell></table:table-row></table:table>
<table:table table:name="メモ"><table:table-row><table:table-cell office:value-type="string"><text:p>一行目</text:p><text:p>二行目</text:p></table:table-cell></table:table-row></table:table>
</office:spreadsheet></office:body></office:document-content>"#;
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let bytes = zip_of(&[
        ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
        ("content.xml", content),
        ("META-INF/manifest.xml", manifest),
    ]);
    let d = decode("calc", &bytes).expect("decodes");
    assert_eq!(d.kind, InputKind::Ods);
    let l = lines(&d);
    assert_eq!(l[..2], ["事業名\t\t川の清掃活動支援", "参加者数\t\t350"]);
    assert_eq!(d.origins[1].describe(), "環境部!A2");
    assert_eq!(l[d.pages[1] - 1], "一行目<br>二行目");
}

#[path = "inputs/docx_fixture.rs"]
mod docx_fixture;

#[test]
fn docx_paragraphs_tables_and_numbering() {
    let d = decode("report", &docx_fixture::build()).expect("decodes");
    assert_eq!(d.kind, InputKind::Docx);
    let l: Vec<&str> = lines(&d).into_iter().filter(|l| !l.is_empty()).collect();
    assert_eq!(
        l,
        [
            "架空市 地域交通部 運営方針",
            "1. 路線バスの維持",
            "① 停留所の改善",
            "② 時刻表の見直し",
            "2. 乗合タクシーの導入",
            "事業名\t内容\t\t担当",
            "バス\t停留所<br>上屋を設ける\t\t交通政策課",
            "バス\t時刻表を改める\t\t交通政策課",
            "名前\tA &amp; B",
            "結び",
        ],
        "{:#?}",
        d
    );
    assert!(!d.text.contains("ヘッダー"), "headers are left out");
    assert!(matches!(d.origin(line_starting(&d, "結び")), Some(Origin::Block(_))));
}

#[test]
fn pdf_keeps_reading_order_columns_and_pages() {
    let d = decode("sheet", &fixture("sheet.pdf")).expect("decodes");
    assert_eq!(d.kind, InputKind::Pdf);
    assert_eq!(d.pages.len(), 2, "{:?}", d.pages);
    let l = lines(&d);
    assert!(l[0].contains("架空市 事務事業評価シート"), "{l:?}");
    let name = line_starting(&d, "事業名");
    assert!(l[name - 1].contains("花壇ボランティア支援事業") && l[name - 1].contains("緑政部 公園緑化課"), "{l:?}");
    let row = line_starting(&d, "登録団体数");
    let cells: Vec<&str> = l[row - 1].split("  ").map(str::trim).filter(|c| !c.is_empty()).collect();
    assert_eq!(cells, ["登録団体数", "団体", "12", "15"]);
    let eval = line_starting(&d, "評価と今後の方向性");
    assert!(eval >= d.pages[1], "on the second page");
    assert_eq!(d.origin(eval), Some(&Origin::Page { page: 2, line: 1 }));
    assert_eq!(d.origin(eval).map(Origin::describe).as_deref(), Some("p.2 行1"));
    assert!(!d.text.contains('\u{c}'));
}

#[test]
fn pdf_without_text_or_with_a_password_is_refused_clearly() {
    let err = extract("scan.pdf", &fixture("drawing-only.pdf")).expect_err("no text");
    assert_eq!(err, ImportError::PdfNoText { file: "scan.pdf".into(), pages: 1 });
    assert!(err.to_string().contains("OCR"), "{err}");
    let err = extract("locked.pdf", &fixture("encrypted.pdf")).expect_err("encrypted");
    assert_eq!(err, ImportError::PdfEncrypted { file: "locked.pdf".into() });
    // Encrypted with an owner password only (copying forbidden, as many city PDFs are): read.
    let d = decode("no-copy.pdf", &fixture("no-copy-permission.pdf")).expect("readable without a password");
    assert!(d.text.contains("花壇ボランティア支援事業"));
    let err = extract("cut.pdf", b"%PDF-1.7\n\x00\x01\x02binary").expect_err("damaged");
    assert!(matches!(&err, ImportError::Damaged { kind, .. } if kind == "PDF"), "{err:?}");
}

#[test]
fn files_no_reader_takes_are_named() {
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("photo.pdf", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(), "PNG image"),
        ("photo.jpg", b"\xFF\xD8\xFF\xE0\0\x10JFIF".to_vec(), "JPEG image"),
        ("old.doc", [b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".as_slice(), &[0; 64]].concat(), "legacy Office"),
        ("tool.exe", b"\x7FELF\x02\x01\x01\0".to_vec(), "executable"),
        ("bundle.xlsx", zip_of(&[("a.txt", "x"), ("b/c.txt", "y")]), "zip archive of other files"),
    ];
    for (name, bytes, what) in cases {
        let err = extract(name, &bytes).expect_err("refused");
        let msg = err.to_string();
        assert!(matches!(err, ImportError::Unsupported { .. }), "{name}: {msg}");
        assert!(msg.contains(name) && msg.contains(what), "{msg}");
    }
    let err = extract("broken.xlsx", &workbook()[..600]).expect_err("damaged");
    assert!(matches!(err, ImportError::Damaged { .. }), "{err:?}");
}

/// Known labels of the corpus sheets sit on the same line as their values.
#[test]
fn corpus_pdfs_keep_labels_beside_values() {
    let Some(shared) = common::shared() else {
        eprintln!("NOTE: ../shared is absent; the corpus PDFs are not read");
        return;
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(shared.join("corpus/pdf"))
        .map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    assert!(!files.is_empty());
    for f in files {
        let name = f.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        let d = decode(&name, &std::fs::read(&f).expect("read")).expect("decodes");
        assert_eq!(d.kind, InputKind::Pdf);
        assert_eq!(d.origins.len(), d.text.lines().count());
        let labels: &[&str] = if name.starts_with("kyoto") {
            &["事業名", "所管局"]
        } else {
            &["事務事業名", "担当部署名"]
        };
        for label in labels {
            let value_after = |l: &str| {
                let rest = l.split(label).nth(1)?;
                let value = rest.trim();
                (rest.starts_with(' ') && value.chars().count() >= 3).then(|| value.to_string())
            };
            let found = d.text.lines().find_map(value_after);
            assert!(found.is_some(), "{name}: no line with {label} followed by its value:\n{}", d.text);
        }
        eprintln!("{name}: {} pages, {} lines", d.pages.len(), d.origins.len());
    }
}

/// A wide table of 400 programs × 150 columns: every row comes through, quickly.
#[test]
fn a_wide_table_of_400_programs_is_read_whole() {
    let mut wb = Workbook::new();
    let s = wb.add_worksheet();
    for c in 0..150u16 {
        s.write_string(0, c, format!("項目{c}")).expect("write");
    }
    for r in 1..=400u32 {
        s.write_string(r, 0, format!("架空事業{r}")).expect("write");
        s.write_string(r, 1, format!("第{}課", r % 7)).expect("write");
        for c in 2..150u16 {
            s.write_number(r, c, f64::from(r) * f64::from(c)).expect("write");
        }
    }
    let bytes = wb.save_to_buffer().expect("xlsx");
    let start = std::time::Instant::now();
    let d = decode("wide", &bytes).expect("decodes");
    let took = start.elapsed();
    eprintln!("400 × 150 cells ({} bytes of xlsx) decoded in {took:?}", bytes.len());
    let rows: Vec<&str> = d.text.lines().filter(|l| l.starts_with("架空事業")).collect();
    assert_eq!(rows.len(), 400);
    assert_eq!(rows[399].split('\t').count(), 150);
    assert!(rows[399].ends_with("\t59600"), "{}", &rows[399][rows[399].len() - 20..]);
    assert_eq!(d.origin(401), Some(&cell("Sheet1", 401, 1)));
    assert!(took.as_secs() < 5, "{took:?}");
}
