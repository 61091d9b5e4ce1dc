//! Fuzz target: the PDF reader (bytes made to start like a PDF, then pdftotext) must return
//! text or an error, never panic or hang past its timeout.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut bytes = b"%PDF-1.4\n".to_vec();
    bytes.extend_from_slice(data);
    let _ = hoshin_importer::input::decode("fuzz.pdf", &bytes);
});
