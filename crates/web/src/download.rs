//! File answers: CSV and zip downloads with their `Content-Type` and a `Content-Disposition`
//! that names the file in Japanese (RFC 6266 with the RFC 5987 `filename*` parameter) and in
//! ASCII for clients that read only `filename`.

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use hoshin_app::export::exchange::csv::Charset;

/// `text/csv` with its charset; `header=present` (RFC 4180): the first line names the columns.
pub fn csv_type(charset: Charset) -> String {
    format!("text/csv; charset={}; header=present", charset.mime_name())
}

/// The `Content-Disposition` value: `attachment; filename="ascii.csv"; filename*=UTF-8''…`.
pub fn disposition(file_name: &str, ascii_name: &str) -> String {
    let ascii: String =
        ascii_name.chars().map(|c| if c.is_ascii_graphic() && c != '"' && c != '\\' { c } else { '_' }).collect();
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{}", rfc5987(file_name))
}

/// Percent-encodes everything but RFC 5987's `attr-char`.
fn rfc5987(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A download: the body with its type and file names.
pub fn attachment(body: Vec<u8>, content_type: &str, file_name: &str, ascii_name: &str) -> Response {
    let mut res = body.into_response();
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(content_type) {
        h.insert(header::CONTENT_TYPE, v);
    }
    if let Ok(v) = HeaderValue::from_str(&disposition(file_name, ascii_name)) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn japanese_file_names_are_encoded() {
        assert_eq!(
            disposition("サンプル市_取組.csv", "org1_initiatives.csv"),
            "attachment; filename=\"org1_initiatives.csv\"; filename*=UTF-8''%E3%82%B5%E3%83%B3%E3%83%97%E3%83%AB%E5%B8%82_%E5%8F%96%E7%B5%84.csv"
        );
        assert!(disposition("a", "x\"y z").contains("filename=\"x_y_z\""));
    }
}
