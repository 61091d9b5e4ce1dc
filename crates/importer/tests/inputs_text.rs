//! The text readers on invented 架空市 content: an HTML page in Shift_JIS with rowspan and
//! colspan, CSV in Shift_JIS with quoted fields, TSV, UTF-16 and EUC-JP text, and the refusal
//! of text that would only decode into mojibake. Also: UTF-8 text (and every ../shared
//! document) comes out exactly as it went in, so the raw reading of text is unchanged.

mod common;

use encoding_rs::{EUC_JP, SHIFT_JIS};
use hoshin_importer::input::{decode, InputKind, Origin};
use hoshin_importer::{extract, ImportError};

fn sjis(s: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = SHIFT_JIS.encode(s);
    assert!(!unmappable, "the fixture is in JIS X 0208");
    bytes.into_owned()
}

const PAGE: &str = r#"<!DOCTYPE html>
<html lang="ja"><head><meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">
<title>架空市｜事業一覧</title><style>td { color: red }</style>
<script>document.write("<p>台本</p>");</script></head>
<body><h1>架空市 事業一覧（令和６年度）</h1>
<p>市の主な事業を<b>課ごとに</b>
まとめました。</p>
<ul><li>公園の整備</li><li>道路の補修 &amp; 点検</li></ul>
<table>
<caption>指標</caption>
<tr><th rowspan="2">事業名</th><th colspan="2">指標</th><th rowspan="2">担当課</th></tr>
<tr><th>現状値</th><th>目標値</th></tr>
<tr><td>公園の整備</td><td>10<br>か所</td><td>12</td><td>公園緑化課</td></tr>
<tr><td colspan="3">合計</td><td>&lt;未定&gt;</td></tr>
</table>
<div>問い合わせ：企画課</div>
</body></html>
"#;

#[test]
fn html_page_in_shift_jis_with_spans() {
    let d = decode("page", &sjis(PAGE)).expect("decodes");
    assert_eq!((d.kind, d.encoding), (InputKind::Html, Some("Shift_JIS")));
    let lines: Vec<&str> = d.text.lines().filter(|l| !l.is_empty()).collect();
    assert_eq!(
        lines,
        [
            "架空市 事業一覧（令和６年度）",
            "市の主な事業を課ごとにまとめました。",
            "・公園の整備",
            "・道路の補修 & 点検",
            "指標",
            "事業名\t指標\t\t担当課",
            "事業名\t現状値\t目標値\t担当課",
            "公園の整備\t10<br>か所\t12\t公園緑化課",
            "合計\t\t\t&lt;未定&gt;",
            "問い合わせ：企画課",
        ]
    );
    assert!(!d.text.contains("台本") && !d.text.contains("color"), "script and style are left out");
    let row = d.text.lines().position(|l| l.starts_with("公園の整備\t")).expect("row");
    assert!(matches!(d.origins[row], Origin::Block(_)));
}

#[test]
fn html_with_a_utf8_meta_charset_and_no_doctype() {
    let page = "<html><head><meta charset=\"utf-8\"></head><body><p>令和６年度<br>架空市</p></body></html>";
    let d = decode("p.html", page.as_bytes()).expect("decodes");
    assert_eq!((d.kind, d.encoding), (InputKind::Html, Some("UTF-8")));
    assert_eq!(d.text.lines().filter(|l| !l.is_empty()).collect::<Vec<_>>(), ["令和６年度", "架空市"]);
}

#[test]
fn a_page_declaring_shift_jis_but_written_in_utf8_is_not_garbled() {
    let page = PAGE.replace("架空市 事業一覧", "架空市 事業一覧（UTF-8）");
    let d = decode("mislabelled.html", page.as_bytes()).expect("decodes");
    assert_eq!(d.encoding, Some("UTF-8"));
    assert!(d.text.starts_with("架空市 事業一覧（UTF-8）（令和６年度）"), "{}", d.text);
}

#[test]
fn csv_in_shift_jis_with_quoted_fields() {
    let csv = "番号,事業名,概要,事業費（千円）\r\n1,\"公園、広場の整備\",\"遊具を\"\"安全\"\"に\r\n更新する\",\"1,200\"\r\n2,道路補修,舗装の補修,800\r\n";
    let d = decode("list.txt", &sjis(csv)).expect("decodes");
    assert_eq!((d.kind, d.encoding), (InputKind::Csv, Some("Shift_JIS")));
    assert_eq!(
        d.text,
        "番号\t事業名\t概要\t事業費（千円）\n1\t公園、広場の整備\t遊具を\"安全\"に<br>更新する\t1,200\n2\t道路補修\t舗装の補修\t800\n"
    );
    assert_eq!(d.origins, [Origin::Line(1), Origin::Line(2), Origin::Line(4)]);
    assert_eq!(d.origins[2].describe(), "行4");
}

#[test]
fn tsv_with_a_quoted_field() {
    let tsv = "事業名\t担当課\n\"公園\n整備\"\t公園緑化課\n道路\t道路課\n";
    let d = decode("list", tsv.as_bytes()).expect("decodes");
    assert_eq!(d.kind, InputKind::Tsv);
    assert_eq!(d.text, "事業名\t担当課\n公園<br>整備\t公園緑化課\n道路\t道路課\n");
}

#[test]
fn utf16_and_euc_jp_text() {
    let text = "架空市 総合計画\n第1章 まちづくり\n";
    let mut le = vec![0xFF, 0xFE];
    le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let d = decode("u16.txt", &le).expect("decodes");
    assert_eq!((d.kind, d.encoding, d.text.as_str()), (InputKind::Text, Some("UTF-16LE"), text));
    let mut be = vec![0xFE, 0xFF];
    be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    assert_eq!(decode("u16be.txt", &be).expect("decodes").encoding, Some("UTF-16BE"));
    let (euc, _, _) = EUC_JP.encode("架空市の計画は、市民とともに進める。\nまちの緑を守る。\n");
    let d = decode("euc.txt", &euc).expect("decodes");
    assert_eq!(d.encoding, Some("EUC-JP"));
    assert!(d.text.starts_with("架空市の計画は"));
    let d = decode("sjis.txt", &sjis("架空市の計画は、市民とともに進める。\nｶｸｳｼ\n")).expect("decodes");
    assert_eq!((d.encoding, d.text.lines().nth(1)), (Some("Shift_JIS"), Some("ｶｸｳｼ")));
}

#[test]
fn text_that_would_be_mojibake_is_refused() {
    // Valid Shift_JIS bytes, but only user-defined characters: a wrong guess, not Japanese.
    let bytes = b"title\nline two\n\xF0\x40\xF0\x41\xF1\x42\xF2\x43\n";
    let err = extract("odd.txt", bytes).expect_err("refused");
    assert_eq!(err, ImportError::Garbled { file: "odd.txt".into(), line: 3, encoding: "Shift_JIS".into() });
    assert!(err.to_string().contains("mojibake"));
}

#[test]
fn utf8_text_is_passed_through_with_pages() {
    let text = "架空市 運営方針\n\t事業名\t公園\n\u{c}2ページ目\n";
    let d = decode("t.txt", text.as_bytes()).expect("decodes");
    assert_eq!((d.kind, d.encoding), (InputKind::Text, Some("UTF-8")));
    assert_eq!(d.text, "架空市 運営方針\n\t事業名\t公園\n2ページ目\n");
    assert_eq!(d.pages, [1, 3]);
    assert_eq!(d.origins.len(), 3);
}

/// Every seed and sample of ../shared decodes to exactly its text (form feeds removed): the
/// readers do not change what the raw reader reads.
#[test]
fn shared_documents_pass_through_unchanged() {
    let Some(shared) = common::shared() else {
        eprintln!("NOTE: ../shared is absent; its documents are not decoded");
        return;
    };
    for f in common::documents(&shared) {
        let bytes = std::fs::read(&f).expect("read");
        let d = decode("doc", &bytes).expect("decodes");
        let text = std::str::from_utf8(&bytes).expect("utf-8").trim_start_matches('\u{feff}').replace('\u{c}', "");
        assert!(matches!(d.kind, InputKind::Text | InputKind::Tsv), "{}: {:?}", f.display(), d.kind);
        assert_eq!(d.text.lines().collect::<Vec<_>>(), text.lines().collect::<Vec<_>>(), "{}", f.display());
        assert_eq!(d.origins.len(), text.lines().count());
    }
}
