//! Fuzz target: the raw reader, genre detection and the whole extraction must never panic,
//! whatever the bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let doc = hoshin_importer::raw::read(text);
        let _ = hoshin_importer::detect::detect(&doc);
        let _ = doc.outline();
        let _ = doc.logical_lines();
    }
    let _ = hoshin_importer::extract("fuzz.txt", data);
});
