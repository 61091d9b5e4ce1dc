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
