//! Fuzz target: the HTML page reader (tags, entities, table spans, charsets) must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut bytes = b"<!DOCTYPE html><meta charset=\"Shift_JIS\">".to_vec();
    bytes.extend_from_slice(data);
    if let Ok(d) = hoshin_importer::input::decode("fuzz.html", &bytes) {
        assert_eq!(d.origins.len(), d.text.lines().count());
    }
});
