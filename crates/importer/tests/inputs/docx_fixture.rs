//! An invented Word document built part by part: numbered paragraphs, a table with gridSpan
//! and vMerge, an escaped ampersand, a text box's fallback copy and a header.

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006""#;

fn p(text: &str) -> String {
    format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
}

fn numbered(num: u32, level: u32, text: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
    )
}

fn tc(props: &str, paras: &[&str]) -> String {
    let body: String = paras.iter().map(|t| p(t)).collect();
    format!("<w:tc><w:tcPr>{props}</w:tcPr>{body}</w:tc>")
}

fn document() -> String {
    let span2 = r#"<w:gridSpan w:val="2"/>"#;
    let restart = r#"<w:vMerge w:val="restart"/>"#;
    let cont = "<w:vMerge/>";
    let rows = [
        [tc("", &["事業名"]), tc(span2, &["内容"]), tc("", &["担当"])].concat(),
        [tc(restart, &["バス"]), tc(span2, &["停留所", "上屋を設ける"]), tc(restart, &["交通政策課"])].concat(),
        [tc(cont, &[]), tc(span2, &["時刻表を改める"]), tc(cont, &[""])].concat(),
        [tc("", &["名前"]), tc("", &["A &amp; B"])].concat(),
    ];
    let table: String = rows.iter().map(|r| format!("<w:tr>{r}</w:tr>")).collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>{}<w:p/>{}{}{}{}<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>{table}</w:tbl><w:p><w:r><w:t>結び</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"></mc:Choice><mc:Fallback><w:pict><w:p><w:r><w:t>代替</w:t></w:r></w:p></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p><w:sectPr/></w:body></w:document>"#,
        p("架空市 地域交通部 運営方針"),
        numbered(1, 0, "路線バスの維持"),
        numbered(1, 1, "停留所の改善"),
        numbered(1, 1, "時刻表の見直し"),
        numbered(1, 0, "乗合タクシーの導入"),
    )
}

fn numbering() -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:numbering {W}><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimalEnclosedCircle"/><w:lvlText w:val="%2"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#
    )
}

/// The docx bytes.
pub fn build() -> Vec<u8> {
    let types = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
    let header = format!(r#"<w:hdr {W}>{}</w:hdr>"#, p("ヘッダー文字"));
    super::zip_of(&[
        ("[Content_Types].xml", types),
        ("word/document.xml", &document()),
        ("word/numbering.xml", &numbering()),
        ("word/header1.xml", &header),
    ])
}
