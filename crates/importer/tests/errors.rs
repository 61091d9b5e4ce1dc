//! The importer's refusals: binary, undecodable, empty and unrecognisable input give clear
//! errors naming the file (and line), never a panic; and the content hash. (Each reader's own
//! refusals — PDF without text, encrypted, images… — are in tests/inputs.rs.)

use hoshin_importer::{content_hash, extract, ImportError};

#[test]
fn binary_input_is_refused_with_its_line() {
    let err = extract("data.txt", b"title\n\x00\x01\x02binary").expect_err("refused");
    assert_eq!(err, ImportError::Binary { file: "data.txt".into(), line: 2 });
    assert!(err.to_string().contains("data.txt"));
}

#[test]
fn undecodable_input_is_refused_with_its_line() {
    // 「部局」 in Shift_JIS, then a byte that is valid in no encoding tried.
    let err = extract("sjis.txt", b"title\n\x95\x94\x8b\xc7\xff\n").expect_err("refused");
    match &err {
        ImportError::Undecodable { file, line, .. } => assert_eq!((file.as_str(), *line), ("sjis.txt", 2)),
        other => panic!("unexpected {other:?}"),
    }
    assert!(err.to_string().contains("Shift_JIS"), "{err}");
}

#[test]
fn a_utf8_bom_with_invalid_bytes_is_not_utf8() {
    let err = extract("bom.txt", b"\xEF\xBB\xBFtitle\n\x95\x94\n").expect_err("refused");
    assert!(matches!(err, ImportError::NotUtf8 { line: 2, .. }), "{err:?}");
}

#[test]
fn empty_input_is_refused() {
    assert_eq!(extract("blank.txt", b" \n\n").expect_err("refused"), ImportError::Empty { file: "blank.txt".into() });
}

#[test]
fn an_unrelated_document_names_what_was_and_was_not_found() {
    let text = "町内会だより\n\n夏祭りのお知らせ\n指標\n日時 8月1日\n";
    let err = extract("news.txt", text.as_bytes()).expect_err("refused");
    let msg = err.to_string();
    assert!(matches!(err, ImportError::Unrecognized { .. }), "{msg}");
    assert!(msg.contains("news.txt") && msg.contains("found") && msg.contains("missing"), "{msg}");
    assert!(msg.contains("「指標」"), "{msg}");
}

#[test]
fn a_utf8_bom_is_accepted() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice("令和9年度 部局運営方針\n\n令和9年度 公園緑地部運営方針\n\n部局運営に関する基本的考え方\n\n緑を守る。\n\n重点項目\n".as_bytes());
    let ex = extract("bom.txt", &bytes).expect("extracts");
    assert_eq!(ex.departments, vec!["公園緑地部"]);
}

#[test]
fn content_hash_is_sha256_hex() {
    assert_eq!(content_hash(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}
