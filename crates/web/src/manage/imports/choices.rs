//! A person's corrections on the preview, as form fields: `y.{upload}` the fiscal year (和暦
//! or 西暦, empty: as the document says), `dept.{upload}.{name as written}` a department
//! (`new` or a department id), `fp.{upload}` the fingerprint the preview showed. The same
//! fields travel in the re-preview (GET) and the commit (POST) forms.

use hoshin_app::import::uploads::DocumentChoices;
use hoshin_app::import::DepartmentChoice;
use hoshin_domain::*;
use maud::{html, Markup};
use std::collections::BTreeMap;

/// The fields read back.
#[derive(Debug, Clone, Default)]
pub struct Choices {
    pub docs: BTreeMap<i64, DocumentChoices>,
    /// The year as typed, to show again.
    pub year_text: BTreeMap<i64, String>,
    /// Years that could not be read, by upload: the message to show beside the field.
    pub year_errors: BTreeMap<i64, String>,
    pub fingerprints: BTreeMap<i64, String>,
}

pub fn parse(pairs: &[(String, String)]) -> Choices {
    let mut c = Choices::default();
    for (k, v) in pairs {
        if let Some(id) = k.strip_prefix("y.").and_then(|s| s.parse::<i64>().ok()) {
            let v = v.trim();
            c.year_text.insert(id, v.to_string());
            if v.is_empty() {
                continue;
            }
            match FiscalYear::parse(v) {
                Ok(y) => c.docs.entry(id).or_default().fiscal_year = Some(y),
                Err(_) => {
                    c.year_errors.insert(id, format!("「{v}」は年度として読めません（例：令和6年度、2024）"));
                }
            }
        } else if let Some(rest) = k.strip_prefix("dept.") {
            let Some((id, name)) = rest.split_once('.') else { continue };
            let Ok(id) = id.parse::<i64>() else { continue };
            let choice = match v.as_str() {
                "new" => DepartmentChoice::New,
                other => match other.parse::<i64>() {
                    Ok(d) => DepartmentChoice::Existing(DepartmentId(d)),
                    Err(_) => continue,
                },
            };
            c.docs.entry(id).or_default().departments.insert(name.to_string(), choice);
        } else if let Some(id) = k.strip_prefix("fp.").and_then(|s| s.parse::<i64>().ok()) {
            c.fingerprints.insert(id, v.clone());
        }
    }
    c
}

/// Hidden fields carrying the corrections of every document but `except`.
pub fn hidden(c: &Choices, except: Option<i64>) -> Markup {
    html! {
        @for (id, text) in &c.year_text {
            @if Some(*id) != except { input type="hidden" name={ "y." (id) } value=(text); }
        }
        @for (id, doc) in &c.docs {
            @if Some(*id) != except {
                @for (name, choice) in &doc.departments {
                    input type="hidden" name={ "dept." (id) "." (name) } value=(value(*choice));
                }
            }
        }
    }
}

/// The form value of a department choice.
pub fn value(c: DepartmentChoice) -> String {
    match c {
        DepartmentChoice::New => "new".into(),
        DepartmentChoice::Existing(id) => id.0.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_round_trip() {
        let pairs: Vec<(String, String)> = [
            ("y.3", "令和6年度"),
            ("y.4", "そのうち"),
            ("dept.3.総務部.庶務", "12"),
            ("dept.3.新しい課", "new"),
            ("fp.3", "abc"),
            ("dept.x.y", "1"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let c = parse(&pairs);
        let d = &c.docs[&3];
        assert_eq!(d.fiscal_year.map(FiscalYear::year), Some(2024));
        assert_eq!(d.departments["総務部.庶務"], DepartmentChoice::Existing(DepartmentId(12)));
        assert_eq!(d.departments["新しい課"], DepartmentChoice::New);
        assert!(c.year_errors.contains_key(&4));
        assert_eq!(c.fingerprints[&3], "abc");
    }
}
