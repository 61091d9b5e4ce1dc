//! Zip containers around fuzzed XML, so the XML readers (not only the zip checksums) are fuzzed.

use std::io::Write;

/// A zip of the given parts.
pub fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, body) in parts {
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        if w.start_file(*name, opts).is_err() || w.write_all(body).is_err() {
            return Vec::new();
        }
    }
    w.finish().map(|c| c.into_inner()).unwrap_or_default()
}
