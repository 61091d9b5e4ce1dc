//! Fuzz target: text-like input (encoding detection, CSV/TSV, plain text) and the whole
//! extraction after it must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(d) = hoshin_importer::input::decode("fuzz.txt", data) {
        assert_eq!(d.origins.len(), d.text.lines().count());
    }
    let _ = hoshin_importer::extract("fuzz.txt", data);
});
