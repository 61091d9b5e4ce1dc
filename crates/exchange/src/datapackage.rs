//! Open-data bundles: a zip holding one CSV file per [`Table`] (UTF-8 with BOM, header row of
//! field names, formulas made inert as in [`crate::csv`]) and `datapackage.json`, the
//! [Frictionless Data Package](https://specs.frictionlessdata.io/data-package/) descriptor
//! (`tabular-data-package`): per resource its `path`, `schema.fields` with `name`, `type`,
//! Japanese `title` and `description`, `primaryKey` and `foreignKeys`.
//!
//! The zip is deterministic (entries in table order, the zip format's earliest timestamp), so
//! the same data gives the same bytes.

use crate::csv::{Charset, Header};
use crate::table::Table;
use crate::Result;
use serde_json::{json, Value};
use std::io::Write;

/// The descriptor's file name inside the zip.
pub const DESCRIPTOR: &str = "datapackage.json";

/// A package: the tables plus what describes the whole.
#[derive(Debug, Clone, PartialEq)]
pub struct Package {
    /// Lower-case letters, digits, `-`, `_`, `.` (the spec's `name` pattern).
    pub name: String,
    pub title: String,
    pub description: String,
    /// Free-form keywords (the organization, the year).
    pub keywords: Vec<String>,
    pub tables: Vec<Table>,
}

/// `datapackage.json` for a package.
pub fn descriptor(p: &Package) -> Value {
    let resources: Vec<Value> = p.tables.iter().map(resource).collect();
    json!({
        "profile": "tabular-data-package",
        "name": p.name,
        "title": p.title,
        "description": p.description,
        "keywords": p.keywords,
        "resources": resources,
    })
}

fn resource(t: &Table) -> Value {
    let fields: Vec<Value> = t
        .fields
        .iter()
        .map(|f| json!({"name": f.name, "type": f.kind.schema_name(), "title": f.title, "description": f.description}))
        .collect();
    let mut schema = json!({ "fields": fields });
    if !t.primary_key.is_empty() {
        schema["primaryKey"] = json!(t.primary_key);
    }
    if !t.foreign_keys.is_empty() {
        schema["foreignKeys"] = Value::Array(
            t.foreign_keys
                .iter()
                .map(|k| json!({"fields": k.fields, "reference": {"resource": k.resource, "fields": k.reference}}))
                .collect(),
        );
    }
    json!({
        "profile": "tabular-data-resource",
        "name": t.name,
        "path": t.file_name(),
        "title": t.title,
        "description": t.description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": { "delimiter": ",", "quoteChar": "\"", "doubleQuote": true, "lineTerminator": "\r\n", "header": true },
        "schema": schema,
    })
}

/// The zip: every table's CSV, then `datapackage.json`.
pub fn bundle(p: &Package) -> Result<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for t in &p.tables {
        zip.start_file(t.file_name(), options)?;
        zip.write_all(&crate::csv::write(t, Header::Names, Charset::Utf8Bom)?)?;
    }
    zip.start_file(DESCRIPTOR, options)?;
    zip.write_all(serde_json::to_string_pretty(&descriptor(p))?.as_bytes())?;
    Ok(zip.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::{Field, FieldType};
    use std::io::Read;

    #[test]
    fn bundle_holds_every_resource_and_the_descriptor() {
        let mut t = Table::new("things", "もの", "説明", vec![Field::new("id", FieldType::Integer, "ID", "番号")])
            .with_primary_key(&["id"]);
        t.push(vec![crate::Cell::Int(1)]);
        let p = Package {
            name: "x".into(),
            title: "X".into(),
            description: String::new(),
            keywords: vec![],
            tables: vec![t],
        };
        let bytes = bundle(&p).unwrap();
        assert_eq!(bytes, bundle(&p).unwrap(), "deterministic");
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut s = String::new();
        z.by_name(DESCRIPTOR).unwrap().read_to_string(&mut s).unwrap();
        let d: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(d["resources"][0]["path"], "things.csv");
        assert_eq!(d["resources"][0]["schema"]["primaryKey"][0], "id");
        let mut csv = Vec::new();
        z.by_name("things.csv").unwrap().read_to_end(&mut csv).unwrap();
        assert_eq!(csv, b"\xEF\xBB\xBFid\r\n1\r\n");
    }
}
