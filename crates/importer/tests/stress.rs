//! A stable-toolchain stand-in for the fuzz target: random bytes, random text built from
//! layout pieces, and mutated documents (the invented fixtures, and ../shared's documents
//! when present) fed to `extract` for many iterations; nothing may panic. Deterministic
//! (seeded xorshift), so a failure reproduces. `HOSHIN_STRESS_ITERS` raises the count.

mod common;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Pieces of the layouts the reader knows, to build plausible random documents.
const PIECES: &[&str] = &[
    "\n",
    "\t",
    "|",
    "| --- |",
    "-----\t--",
    "<p>",
    "</p>",
    "<ul style=\"x\">",
    "<li>",
    "</li>",
    "<br>",
    "&amp;",
    "&#x3042;",
    "部 局 運 営",
    "令和5年度",
    "運営方針",
    "部局名",
    "基本的考え方",
    "行政改革に係る取組",
    "について",
    "1 ",
    "(1) ",
    "①",
    "・",
    "。",
    "総合計画",
    "基本政策",
    "5-2-①",
    "0-0-0",
    "No",
    "当年度目標",
    "実績",
    "課題・今後の方向性",
    "中期目標",
    "スケジュール",
    "1. 部局の使命",
    "- 3 -",
    "12",
    "NO.",
    "公園",
    "緑の多いまち",
    " ",
    "\u{3000}",
    "市",
    "花見川市",
    "<",
    ">",
    "&",
];

fn mutate(rng: &mut Rng, base: &[u8]) -> Vec<u8> {
    let mut v = base.to_vec();
    for _ in 0..=rng.below(8) {
        if v.is_empty() {
            v.push(b'x');
        }
        let at = rng.below(v.len());
        match rng.below(5) {
            0 => v[at] = (rng.next() & 0xff) as u8,
            1 => {
                let end = (at + rng.below(200)).min(v.len());
                v.drain(at..end);
            }
            2 => {
                let p = PIECES[rng.below(PIECES.len())].as_bytes();
                v.splice(at..at, p.iter().copied());
            }
            3 => {
                let end = (at + rng.below(400)).min(v.len());
                let chunk = v[at..end].to_vec();
                let to = rng.below(v.len());
                v.splice(to..to, chunk);
            }
            _ => v.truncate(at),
        }
    }
    v
}

#[test]
fn extract_never_panics_on_random_and_mutated_input() {
    let iters: usize = std::env::var("HOSHIN_STRESS_ITERS").ok().and_then(|s| s.parse().ok()).unwrap_or(400);
    let mut bases: Vec<Vec<u8>> = vec![
        "令和9年度 公園緑地部運営方針\n\n部局運営に関する基本的考え方\n\n緑を守る。\n\n行政改革に係る取組\n\n1 財源の確保\t財源の確保に向けた取組について\n\t使用料の見直し 水準を調べて改める。\n".into(),
        "| 部 局 | 公園緑地部 |\n|---|---|\n\n1. 部局の使命\n\n- (1) 緑を守る\n\n3. 当年度目標\n\n| No | 当年度目標 | 実績 |\n|---|---|---|\n| 1 | <p>遊具</p> <p>(1) 替える。</p> | 替えた。 |\n| | <p>総合計画</p> <p>3-1-② 整える。</p> | |\n".into(),
    ];
    if let Some(shared) = common::shared() {
        bases.extend(common::documents(&shared).iter().filter_map(|p| std::fs::read(p).ok()));
    }
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut ran = 0;
    for i in 0..iters {
        let input: Vec<u8> = match i % 3 {
            0 => (0..rng.below(600)).map(|_| (rng.next() & 0xff) as u8).collect(),
            1 => {
                (0..rng.below(200)).flat_map(|_| PIECES[rng.below(PIECES.len())].bytes().collect::<Vec<_>>()).collect()
            }
            _ => {
                let base = &bases[rng.below(bases.len())];
                mutate(&mut rng, base)
            }
        };
        let _ = hoshin_importer::extract("stress.txt", &input);
        if let Ok(t) = std::str::from_utf8(&input) {
            let doc = hoshin_importer::raw::read(t);
            let _ = hoshin_importer::detect::detect(&doc);
        }
        ran += 1;
    }
    eprintln!("stress: {ran} inputs without a panic");
    assert_eq!(ran, iters);
}

#[path = "inputs/docx_fixture.rs"]
mod docx_fixture;

/// A zip of the given parts, the first stored uncompressed.
fn zip_of(parts: &[(&str, &str)]) -> Vec<u8> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (i, (name, body)) in parts.iter().enumerate() {
        let method = if i == 0 { zip::CompressionMethod::Stored } else { zip::CompressionMethod::Deflated };
        let opts = zip::write::SimpleFileOptions::default().compression_method(method);
        w.start_file(*name, opts).expect("entry");
        w.write_all(body.as_bytes()).expect("write");
    }
    w.finish().expect("zip").into_inner()
}

/// The text parts of a zip (name, content).
fn unzip(bytes: &[u8]) -> Vec<(String, String)> {
    use std::io::Read;
    let mut a = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    (0..a.len())
        .filter_map(|i| {
            let mut f = a.by_index(i).ok()?;
            let mut s = String::new();
            f.read_to_string(&mut s).ok()?;
            Some((f.name().ok()?.to_string(), s))
        })
        .collect()
}

fn small_workbook() -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let s = wb.add_worksheet();
    s.merge_range(0, 0, 0, 2, "架空市 評価シート", &rust_xlsxwriter::Format::new()).expect("merge");
    s.write_string(1, 0, "事業名").expect("write");
    s.write_string(1, 1, "見守り\n事業 & <重点>").expect("write");
    s.write_number(2, 1, 12.5).expect("write");
    s.write_formula(2, 2, rust_xlsxwriter::Formula::new("=B3*2").set_result("25")).expect("write");
    wb.add_worksheet().write_string(0, 0, "二枚目").expect("write");
    wb.save_to_buffer().expect("xlsx")
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/inputs").join(name))
        .expect("fixture")
}

/// Mutates one part of a zip container as text (so the XML readers see damaged XML, not only
/// a zip whose checksums fail), or the zip's bytes themselves.
fn mutate_zip(rng: &mut Rng, base: &[u8]) -> Vec<u8> {
    if rng.below(3) == 0 {
        return mutate(rng, base);
    }
    let mut parts = unzip(base);
    let i = rng.below(parts.len());
    let damaged = mutate(rng, parts[i].1.as_bytes());
    parts[i].1 = String::from_utf8_lossy(&damaged).into_owned();
    let refs: Vec<(&str, &str)> = parts.iter().map(|(n, b)| (n.as_str(), b.as_str())).collect();
    zip_of(&refs)
}

/// Every reader fed damaged copies of its own kind of file: nothing may panic. PDFs go
/// through pdftotext (a process per input), so they run fewer rounds.
#[test]
fn readers_never_panic_on_damaged_files() {
    let scale: usize =
        std::env::var("HOSHIN_STRESS_ITERS").ok().and_then(|s| s.parse().ok()).map_or(1, |n: usize| (n / 400).max(1));
    let (sjis_csv, _, _) =
        encoding_rs::SHIFT_JIS.encode("番号,事業名,概要\r\n1,\"公園、広場\",\"二\n行\"\r\n2,道路,補修\r\n");
    let (sjis_html, _, _) = encoding_rs::SHIFT_JIS.encode(
        "<!DOCTYPE html><html><head><meta charset=\"Shift_JIS\"><script>x</script></head><body><h1>架空市</h1><table><tr><th rowspan=2>名</th><th colspan=2>指標</th></tr><tr><td>1</td><td>2<br>3</td></tr></table><ul><li>一</li></ul></body></html>",
    );
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend("架空市\t事業\n二行目\n".encode_utf16().flat_map(u16::to_le_bytes));
    type Mutator = fn(&mut Rng, &[u8]) -> Vec<u8>;
    let kinds: Vec<(&str, Vec<u8>, Mutator, usize)> = vec![
        ("xlsx", small_workbook(), mutate_zip, 300),
        ("docx", docx_fixture::build(), mutate_zip, 300),
        ("xls", fixture("workbook.xls"), mutate, 300),
        ("html", sjis_html.into_owned(), mutate, 300),
        ("csv", sjis_csv.into_owned(), mutate, 300),
        ("text", utf16, mutate, 300),
        ("pdf", fixture("sheet.pdf"), mutate, 40),
    ];
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let mut total = 0;
    for (kind, base, mutator, rounds) in &kinds {
        let mut outcomes = std::collections::BTreeMap::new();
        for i in 0..rounds * scale {
            let input = mutator(&mut rng, base);
            if std::env::var_os("HOSHIN_STRESS_SAVE").is_some() {
                let _ = std::fs::write(std::env::temp_dir().join("hoshin-stress-current.bin"), &input);
                eprintln!("{kind} {i}");
            }
            let result = std::panic::catch_unwind(|| hoshin_importer::extract("damaged", &input));
            let Ok(result) = result else {
                let path = std::env::temp_dir().join(format!("hoshin-stress-{kind}-{i}.bin"));
                let _ = std::fs::write(&path, &input);
                panic!("{kind} round {i} panicked; input saved to {}", path.display());
            };
            let outcome = match result {
                Ok(_) => "extracted".to_string(),
                Err(e) => format!("{e:?}").split([' ', '{', '(']).next().unwrap_or("").to_string(),
            };
            *outcomes.entry(outcome).or_insert(0) += 1;
            total += 1;
        }
        eprintln!("stress {kind}: {} damaged files without a panic: {outcomes:?}", rounds * scale);
    }
    eprintln!("stress readers: {total} inputs without a panic");
}
