// Compiles the IPADIC dictionary (MeCab's source CSVs, EUC-JP) into lindera's binary format in
// OUT_DIR; `src/dictionary.rs` embeds the result. The source comes from Debian's `mecab-ipadic`
// package (/usr/share/mecab/dic/ipadic) or the directory named by HOSHIN_IPADIC_DIR. Without it
// the build stops with what to install: search never silently degrades to a dictionary-less mode.
use lindera_dictionary::builder::DictionaryBuilder;
use lindera_dictionary::dictionary::metadata::Metadata;
use std::path::{Path, PathBuf};

const DEFAULT_DIR: &str = "/usr/share/mecab/dic/ipadic";
const NEEDED: [&str; 4] = ["char.def", "unk.def", "matrix.def", "Noun.csv"];

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=dict/metadata.json");
    println!("cargo:rerun-if-env-changed=HOSHIN_IPADIC_DIR");
    let source = std::env::var_os("HOSHIN_IPADIC_DIR").map(PathBuf::from).unwrap_or_else(|| PathBuf::from(DEFAULT_DIR));
    let missing: Vec<&str> = NEEDED.iter().copied().filter(|f| !source.join(f).is_file()).collect();
    if !missing.is_empty() {
        panic!(
            "\n\nhoshin-search: the IPADIC dictionary source is missing in {} (no {}).\n\
             Install Debian's package:  apt-get install mecab-ipadic\n\
             or point HOSHIN_IPADIC_DIR at a directory holding MeCab IPADIC's *.csv, *.def files.\n\
             (Japanese search cannot be built without a dictionary.)\n\n",
            source.display(),
            missing.join(", ")
        );
    }
    println!("cargo:rerun-if-changed={}", source.display());
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let target = out.join("ipadic");
    let stamp = target.join("source.txt");
    let marker = format!("{}\n{}", source.display(), fingerprint(&source));
    if std::fs::read_to_string(&stamp).ok().as_deref() != Some(marker.as_str()) {
        let raw = std::fs::read(Path::new("dict/metadata.json")).expect("dict/metadata.json is part of the crate");
        let metadata: Metadata = serde_json::from_slice(&raw).expect("dict/metadata.json is valid");
        DictionaryBuilder::new(metadata).build_dictionary(&source, &target).unwrap_or_else(|e| {
            panic!("hoshin-search: compiling the IPADIC dictionary from {} failed: {e}", source.display())
        });
        std::fs::write(&stamp, marker).expect("OUT_DIR is writable");
    }
    println!("cargo::rustc-env=LINDERA_WORKDIR={}", out.display());
}

/// File names and sizes of the source directory: rebuilds when the package changes.
fn fingerprint(dir: &Path) -> String {
    let mut entries: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| format!("{}:{}", e.file_name().to_string_lossy(), e.metadata().map(|m| m.len()).unwrap_or(0)))
                .collect()
        })
        .unwrap_or_default();
    entries.sort();
    entries.join(",")
}
