//! Unit tests of the raw reader on small hand-written snippets (invented text), one per
//! layout feature.

use super::*;

fn texts(doc: &RawDoc) -> Vec<String> {
    doc.logical_lines().into_iter().map(|l| l.text).collect()
}

fn only_table(doc: &RawDoc) -> &Table {
    let tables: Vec<&Table> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t),
            Block::Text(_) => None,
        })
        .collect();
    assert_eq!(tables.len(), 1, "{}", doc.outline());
    tables[0]
}

#[test]
fn plain_lines_keep_their_numbers() {
    let doc = read("\n表題です\n\n本文の一行目\n");
    assert_eq!(doc.lines.len(), 4);
    let ll = doc.logical_lines();
    assert_eq!(ll[0], Line { no: 2, text: "表題です".into() });
    assert_eq!(ll[1].no, 4);
    assert!(doc.dropped.is_empty());
}

#[test]
fn tab_separated_rows_become_a_table_with_empty_cells_kept() {
    let doc = read("区分\t名前\t説明\n\t空き地の活用\t遊休地を貸し出す。\n");
    let t = only_table(&doc);
    assert_eq!(t.syntax, TableSyntax::Tabs);
    assert_eq!(t.rows.len(), 2);
    assert_eq!(t.rows[1].line, 2);
    assert!(t.rows[1].cells[0].is_empty());
    assert_eq!(t.rows[1].text(1), "空き地の活用");
}

#[test]
fn markdown_tables_drop_rule_rows_and_record_them() {
    let doc = read("| 番号 | 取組 |\n|---|:--|\n| 1 | 花壇の手入れ |\n");
    let t = only_table(&doc);
    assert_eq!(t.syntax, TableSyntax::Markdown);
    assert_eq!(t.rows.len(), 2);
    assert_eq!(t.rows[1].text(1), "花壇の手入れ");
    assert_eq!(doc.dropped.len(), 1);
    assert_eq!(doc.dropped[0].reason, DropReason::TableRule);
    assert_eq!(doc.dropped[0].first, 2);
}

#[test]
fn html_in_cells_becomes_paragraphs_and_items() {
    let doc = read("| 方針 | <p>第一の段落。</p> <p class=\"x\">第二&amp;段落</p><ul style=\"a\"><li>項目甲</li><li>項目乙</li></ul>一行<br>二行 |\n");
    let cell = &only_table(&doc).rows[0].cells[1];
    let kinds: Vec<(PartKind, &str)> = cell.parts.iter().map(|p| (p.kind, p.text.as_str())).collect();
    assert_eq!(
        kinds,
        vec![
            (PartKind::Paragraph, "第一の段落。"),
            (PartKind::Paragraph, "第二&段落"),
            (PartKind::Item, "項目甲"),
            (PartKind::Item, "項目乙"),
            (PartKind::Plain, "一行"),
            (PartKind::Plain, "二行"),
        ]
    );
    assert!(!cell.text().contains('<'));
}

#[test]
fn lists_that_lost_their_li_tags_are_split_at_bullets_and_sentence_ends() {
    let parts = html_parts("<ul style=\"list-style-type: none\"> 川を掃除する。 橋を直す。 ・会議(5月) ・報告(3月)");
    let items: Vec<&str> = parts.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(items, vec!["川を掃除する。", "橋を直す。", "会議(5月)", "報告(3月)"]);
    assert!(parts.iter().all(|p| p.kind == PartKind::Item));
}

#[test]
fn a_less_than_sign_that_is_not_a_tag_stays() {
    let parts = html_parts("費用 < 効果 のとき");
    assert_eq!(parts[0].text, "費用 < 効果 のとき");
}

#[test]
fn spaced_out_headings_are_collapsed() {
    assert_eq!(collapse_spaced("部 局 運 営 に 関 す る"), "部局運営に関する");
    assert_eq!(collapse_spaced("部 局"), "部局");
    assert_eq!(collapse_spaced("2 ま ち の 元 気"), "2 まちの元気");
    assert_eq!(collapse_spaced("山田 花子"), "山田 花子");
    assert_eq!(collapse_spaced("A と B"), "A と B");
    let doc = read("基 本 方 針\n");
    assert_eq!(texts(&doc), vec!["基本方針"]);
}

#[test]
fn sentences_broken_across_lines_are_joined() {
    // A paragraph of three or more lines shows its wrap width by itself.
    let src = "市内の公園を毎月点検し、遊具の傷みを早めに見\nつけて直すことで、大きな事故を未然に防ぎま\nす。\n";
    assert_eq!(
        texts(&read(src)),
        vec!["市内の公園を毎月点検し、遊具の傷みを早めに見つけて直すことで、大きな事故を未然に防ぎます。"]
    );
    // Two-line names are joined when the document wraps other names at the same width.
    let src = "花壇の整備と水やりの当\n番表づくり\n\n街路樹の剪定と落ち葉の\n回収\n\n公園トイレの洋式化と清\n掃\n";
    let doc = read(src);
    assert_eq!(
        texts(&doc),
        vec!["花壇の整備と水やりの当番表づくり", "街路樹の剪定と落ち葉の回収", "公園トイレの洋式化と清掃"]
    );
    assert_eq!(doc.logical_lines()[1].no, 4);
    // Without that evidence two short lines stay apart.
    assert_eq!(texts(&read("令和9年度 花と緑の計画書\n作成日 令和9年4月1日\n")).len(), 2);
}

#[test]
fn lines_that_start_an_item_or_follow_a_sentence_end_are_not_joined() {
    let src = "地域の清掃活動を支援します。\n①清掃用具を貸し出します\n(2) 参加者を募集します\n";
    let doc = read(src);
    assert_eq!(texts(&doc).len(), 3);
}

#[test]
fn short_labels_are_not_joined() {
    let doc = read("担当課名\n公園緑地課\n");
    assert_eq!(texts(&doc), vec!["担当課名", "公園緑地課"]);
}

#[test]
fn page_numbers_are_dropped_and_recorded() {
    let mut src = String::new();
    for page in 1..=3 {
        for k in 0..12 {
            src.push_str(&format!("第{page}頁の本文{k}です\n"));
        }
        src.push_str(&format!("\n{page}\n\n- {page} -\n\n"));
    }
    let doc = read(&src);
    assert!(texts(&doc).iter().all(|t| t.contains("本文")), "{}", doc.outline());
    let pages = doc.dropped.iter().filter(|d| d.reason == DropReason::PageNumber).count();
    assert_eq!(pages, 6);
}

#[test]
fn a_lone_number_after_a_label_is_a_value_not_a_page_number() {
    let mut src = String::new();
    for sheet in 1..=3 {
        src.push_str(&format!("NO.\n{sheet}\n"));
        for k in 0..12 {
            src.push_str(&format!("記入欄{k}\n"));
        }
    }
    let doc = read(&src);
    assert!(doc.dropped.is_empty(), "{:?}", doc.dropped);
}

#[test]
fn running_headers_repeating_the_opening_lines_are_dropped() {
    let head = "令和9年度 花と緑の計画書\n作成日 令和9年4月1日\n\n";
    let src = format!("{head}本文その一\n\n{head}本文その二\n\n{head}本文その三\n");
    let doc = read(&src);
    assert_eq!(
        texts(&doc),
        vec!["令和9年度 花と緑の計画書", "作成日 令和9年4月1日", "本文その一", "本文その二", "本文その三"]
    );
    assert_eq!(doc.dropped.iter().filter(|d| d.reason == DropReason::RunningHeader).count(), 4);
    assert_eq!(doc.dropped[0].first, 6);
}

#[test]
fn whole_repeated_pages_are_dropped_once() {
    let page: String =
        (0..10).map(|k| format!("第{k}項 市民農園の区画を増やし利用者の声を集める取組を続けます。\n")).collect();
    let src = format!("表紙\n\n{page}\n{page}\n最後の行\n");
    let doc = read(&src);
    let kept = texts(&doc);
    assert_eq!(kept.len(), 12, "{}", doc.outline());
    let rep: Vec<&Dropped> = doc.dropped.iter().filter(|d| d.reason == DropReason::RepeatedPage).collect();
    assert_eq!(rep.len(), 1);
    assert_eq!((rep[0].first, rep[0].last), (14, 23));
}

#[test]
fn a_single_repeated_line_is_not_a_repeated_page() {
    let src = "1 財源の確保と支出の見直しについて\n本文\n\n1 財源の確保と支出の見直しについて\n別の本文\n";
    let doc = read(src);
    assert!(doc.dropped.is_empty());
}

#[test]
fn crlf_and_blank_input_are_fine() {
    let doc = read("一行目\r\n二行目\r\n");
    assert_eq!(doc.lines[0].text, "一行目");
    assert!(read("").blocks.is_empty());
}

#[test]
fn running_footers_next_to_page_numbers_are_dropped() {
    let mut src = String::from("花と緑の計画\n\n");
    for page in 1..=3 {
        for k in 0..12 {
            src.push_str(&format!("第{page}頁の本文{k}です。\n"));
        }
        src.push_str(&format!("\n花見川市 公園緑地部\n- {page} -\n\n"));
    }
    src.push_str("花見川市 公園緑地部は本文にも一度だけ出る。\n");
    let doc = read(&src);
    let kept = texts(&doc);
    assert!(!kept.iter().any(|t| t == "花見川市 公園緑地部"), "{}", doc.outline());
    assert_eq!(doc.dropped.iter().filter(|d| d.reason == DropReason::RunningHeader).count(), 3);
    assert!(kept.iter().any(|t| t.starts_with("花見川市 公園緑地部は")));
}

#[test]
fn a_line_that_also_appears_away_from_page_numbers_is_kept() {
    let mut src = String::new();
    for page in 1..=3 {
        src.push_str("重点項目\n");
        for k in 0..12 {
            src.push_str(&format!("本文{page}-{k}です。\n"));
        }
        src.push_str(&format!("\n重点項目\n- {page} -\n\n"));
    }
    let doc = read(&src);
    assert_eq!(texts(&doc).iter().filter(|t| *t == "重点項目").count(), 6, "{}", doc.outline());
}

#[test]
fn script_and_style_contents_never_pass_through() {
    let doc = read("| 概要 | 花壇を直す。<script>alert('x')</script><style>p{}</style><img src=x onerror=\"go()\">苗を植える。 |\n");
    let cell = &only_table(&doc).rows[0].cells[1];
    assert_eq!(cell.text().replace('\n', ""), "花壇を直す。苗を植える。");
    let open = read("| 概要 | 花壇を直す。<SCRIPT>never closed |\n");
    assert_eq!(only_table(&open).rows[0].cells[1].text(), "花壇を直す。");
}

#[test]
fn markdown_heading_marks_are_removed() {
    let doc = read("# 令和9年度 花の計画\n\n### 施策1 花壇の整備\n\n#本文のハッシュタグ\n");
    assert_eq!(texts(&doc), vec!["令和9年度 花の計画", "施策1 花壇の整備", "#本文のハッシュタグ"]);
    assert_eq!(doc.lines[0].text, "# 令和9年度 花の計画");
}

#[test]
fn a_header_repeated_inside_a_dropped_page_still_counts_as_a_copy() {
    let page: String =
        (0..10).map(|k| format!("第{k}項 市民農園の区画を増やし利用者の声を集める取組を続けます。\n")).collect();
    let src = format!("令和9年度 花と緑の計画書\n\n{page}\n令和9年度 花と緑の計画書\n\n{page}\n令和9年度 花と緑の計画書\n\n最後の行\n");
    let doc = read(&src);
    assert_eq!(texts(&doc).iter().filter(|t| t.contains("計画書")).count(), 1, "{}", doc.outline());
}

#[test]
fn a_single_copy_of_the_title_opening_a_page_is_a_running_header() {
    let src =
        "令和9年度 花と緑の計画書\n\n本文その一\n本文その一の続き\n\n- 1 -\n令和9年度 花と緑の計画書\n本文その二\n";
    let doc = read(src);
    let kept = texts(&doc);
    assert_eq!(kept, vec!["令和9年度 花と緑の計画書", "本文その一", "本文その一の続き", "本文その二"]);
    // Without the page number before it, one copy is kept (a quotation, say).
    let quoted =
        read("令和9年度 花と緑の計画書\n\n本文その一\n本文その一の続き\n\n令和9年度 花と緑の計画書\n本文その二\n");
    assert_eq!(texts(&quoted).len(), 5);
}

#[test]
fn columns_aligned_with_spaces_become_a_table() {
    let src = "指標名          単位    現状値    目標値\n花壇の数        か所    ４０      ５０\n苗の配布数      本      ３００    ５００\n\n本文は  ここで二つの空白を含むが表ではない。\n";
    let doc = read(src);
    let t = only_table(&doc);
    assert_eq!(t.syntax, TableSyntax::Spaces);
    assert_eq!(t.rows.len(), 3);
    assert_eq!(t.rows[1].cells.iter().map(|c| c.text()).collect::<Vec<_>>(), vec!["花壇の数", "か所", "４０", "５０"]);
    assert_eq!(texts(&doc).last().map(String::as_str), Some("本文は  ここで二つの空白を含むが表ではない。"));
}

#[test]
fn label_value_lines_aligned_with_spaces_are_not_joined() {
    let src = "事務事業名          花と緑のまちづくり推進事業\n担当部署            公園緑地部　公園管理課\n";
    let doc = read(src);
    assert_eq!(texts(&doc).len(), 2, "{}", doc.outline());
}

#[test]
fn page_numbers_in_more_shapes() {
    for pn in ["－３－", "３／１２", "― 4 ―", "Page 5", "- 6 / 12 -", "p.7", "8 ページ"] {
        let doc = read(&format!("本文その一です。\n\n{pn}\n\n本文その二です。\n"));
        assert_eq!(texts(&doc).len(), 2, "{pn}: {}", doc.outline());
    }
    let kept = read("本文その一です。\n\nPage turner\n");
    assert_eq!(texts(&kept).len(), 2);
}
