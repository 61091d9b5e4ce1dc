//! Conversions between domain values and column values: fiscal years as integers,
//! quantities as five columns, small lists as JSON text, the clock in Unix milliseconds.

use crate::error::{Result, StoreError};
use crate::exec::{Get, Row};
use hoshin_domain::{FiscalYear, Meta, Quantity};
use serde::{de::DeserializeOwned, Serialize};

/// Now, in Unix milliseconds.
pub(crate) fn now_ms() -> i64 {
    let d = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

pub(crate) fn fy_col(v: Option<FiscalYear>) -> Option<i64> {
    v.map(i64::from)
}

pub(crate) fn fy_opt(v: Option<i64>) -> Result<Option<FiscalYear>> {
    Ok(v.map(FiscalYear::new).transpose()?)
}

pub(crate) fn fy_req(v: i64) -> Result<FiscalYear> {
    Ok(FiscalYear::new(v)?)
}

pub(crate) fn to_json<T: Serialize + ?Sized>(v: &T) -> Result<String> {
    Ok(serde_json::to_string(v)?)
}

pub(crate) fn from_json<T: DeserializeOwned>(s: &str) -> Result<T> {
    Ok(serde_json::from_str(s)?)
}

pub(crate) fn get<T: Get>(row: &Row, col: &str) -> Result<T> {
    row.try_get(col)
}

pub(crate) fn meta(row: &Row) -> Result<Meta> {
    Ok(Meta { created_at: get(row, "created_at")?, updated_at: get(row, "updated_at")?, version: get(row, "version")? })
}

/// A quantity's five columns: text, value, unit, approx flag, qualifier.
pub(crate) struct QuantityCols {
    pub text: Option<String>,
    pub value: Option<f64>,
    pub unit: Option<String>,
    pub approx: i64,
    pub qualifier: Option<String>,
}

impl QuantityCols {
    pub fn of(q: Option<&Quantity>) -> Self {
        match q {
            Some(q) => Self {
                text: Some(q.text.clone()),
                value: q.value,
                unit: q.unit.clone(),
                approx: i64::from(q.approx),
                qualifier: q.qualifier.clone(),
            },
            None => Self { text: None, value: None, unit: None, approx: 0, qualifier: None },
        }
    }

    /// Reads `<prefix>_text`, `<prefix>_value` … (or `value_num` for actuals).
    pub fn read(row: &Row, text: &str, value: &str, unit: &str, approx: &str, qualifier: &str) -> Result<Self> {
        Ok(Self {
            text: get(row, text)?,
            value: get(row, value)?,
            unit: get(row, unit)?,
            approx: get(row, approx)?,
            qualifier: get(row, qualifier)?,
        })
    }

    pub fn into_quantity(self) -> Option<Quantity> {
        self.text.map(|text| Quantity {
            text,
            value: self.value,
            unit: self.unit,
            approx: self.approx != 0,
            qualifier: self.qualifier,
        })
    }
}

/// `$first, $first+1, …` for `n` parameters.
pub(crate) fn placeholders(first: usize, n: usize) -> String {
    let mut s = String::with_capacity(n * 5);
    for i in 0..n {
        if i > 0 {
            s.push_str(", ");
        }
        s.push('$');
        s.push_str(&(first + i).to_string());
    }
    s
}

pub(crate) fn bad(msg: impl Into<String>) -> StoreError {
    StoreError::Invalid(msg.into())
}
