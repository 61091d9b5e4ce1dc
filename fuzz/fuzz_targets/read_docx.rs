//! Fuzz target: Word documents. Half the inputs are raw bytes, half the body XML (and, split
//! at the first NUL, the numbering XML) put into a minimal docx.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    let bytes = if mode % 2 == 0 {
        rest.to_vec()
    } else {
        let (body, numbering) = match rest.iter().position(|&b| b == 0) {
            Some(at) => (&rest[..at], &rest[at + 1..]),
            None => (rest, &[][..]),
        };
        common::zip_of(&[("word/document.xml", body), ("word/numbering.xml", numbering)])
    };
    let _ = hoshin_importer::input::decode("fuzz.docx", &bytes);
});
