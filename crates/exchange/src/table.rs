//! The one shape every writer takes: a named table of typed fields and rows.

/// A field's type, as the Frictionless Table Schema names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    String,
    Integer,
    Number,
    Boolean,
    /// A 西暦 year (the fiscal year it starts in).
    Year,
}

impl FieldType {
    /// The Table Schema type name.
    pub fn schema_name(self) -> &'static str {
        match self {
            Self::String => "string",
            Self::Integer => "integer",
            Self::Number => "number",
            Self::Boolean => "boolean",
            Self::Year => "year",
        }
    }
}

/// One column: a machine name (the open-data header), a Japanese title (the header people
/// read) and a Japanese description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub name: String,
    pub kind: FieldType,
    pub title: String,
    pub description: String,
}

impl Field {
    pub fn new(name: &str, kind: FieldType, title: &str, description: &str) -> Self {
        Self { name: name.into(), kind, title: title.into(), description: description.into() }
    }
}

/// A foreign key: `fields` of this table refer to `reference` of `resource`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForeignKey {
    pub fields: Vec<String>,
    pub resource: String,
    pub reference: Vec<String>,
}

/// One value. Text is written as it is (raw HTML stays raw: CSV is not HTML); numbers as
/// numbers.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Int(i64),
    Num(f64),
    Bool(bool),
}

impl Cell {
    /// Text, or [`Cell::Empty`] for `None`.
    pub fn text(s: Option<impl Into<String>>) -> Self {
        s.map_or(Self::Empty, |s| Self::Text(s.into()))
    }

    /// An integer, or [`Cell::Empty`] for `None`.
    pub fn int(n: Option<impl Into<i64>>) -> Self {
        n.map_or(Self::Empty, |n| Self::Int(n.into()))
    }

    /// The value as CSV writes it, before formula neutralising.
    pub fn plain(&self) -> String {
        match self {
            Self::Empty => String::new(),
            Self::Text(s) => s.clone(),
            Self::Int(n) => n.to_string(),
            Self::Num(x) => format_number(*x),
            Self::Bool(b) => if *b { "true" } else { "false" }.to_string(),
        }
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Self {
        Self::Text(s)
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Self::Text(s.to_string())
    }
}

/// `1400.0` → `1400`, `0.5` → `0.5`; never an exponent for the sizes city data has.
fn format_number(x: f64) -> String {
    if x.is_finite() && x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// A table: `name` is the resource name and file stem (`initiatives` → `initiatives.csv`).
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub name: String,
    pub title: String,
    pub description: String,
    pub fields: Vec<Field>,
    pub primary_key: Vec<String>,
    pub foreign_keys: Vec<ForeignKey>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    pub fn new(name: &str, title: &str, description: &str, fields: Vec<Field>) -> Self {
        Self {
            name: name.into(),
            title: title.into(),
            description: description.into(),
            fields,
            primary_key: Vec::new(),
            foreign_keys: Vec::new(),
            rows: Vec::new(),
        }
    }

    pub fn with_primary_key(mut self, fields: &[&str]) -> Self {
        self.primary_key = fields.iter().map(|s| s.to_string()).collect();
        self
    }

    pub fn with_foreign_key(mut self, fields: &[&str], resource: &str, reference: &[&str]) -> Self {
        self.foreign_keys.push(ForeignKey {
            fields: fields.iter().map(|s| s.to_string()).collect(),
            resource: resource.into(),
            reference: reference.iter().map(|s| s.to_string()).collect(),
        });
        self
    }

    /// Adds a row; a row shorter than the fields is padded with empty cells, a longer one cut
    /// (every row has exactly one cell per field).
    pub fn push(&mut self, mut row: Vec<Cell>) {
        row.resize(self.fields.len(), Cell::Empty);
        self.rows.push(row);
    }

    /// The file name in a bundle.
    pub fn file_name(&self) -> String {
        format!("{}.csv", self.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_have_one_cell_per_field() {
        let mut t = Table::new("t", "表", "", vec![Field::new("a", FieldType::String, "A", "")]);
        t.push(vec![]);
        t.push(vec!["x".into(), "y".into()]);
        assert_eq!(t.rows, vec![vec![Cell::Empty], vec![Cell::Text("x".into())]]);
        assert_eq!(Cell::Num(1400.0).plain(), "1400");
        assert_eq!(Cell::Num(0.5).plain(), "0.5");
    }
}
