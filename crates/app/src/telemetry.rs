//! The metrics the use cases emit (through the `metrics` facade: nothing happens until a
//! front-end installs a recorder, as `hoshin serve` does for `/metrics`). Names and labels
//! are fixed here so that the front-end can describe them.

use crate::error::{AppError, LoginFailure};
use crate::import::ImportReport;

/// Documents imported, by `result`: `imported`, `reimported` or `failed`.
pub const IMPORTS: &str = "hoshin_imports_total";
/// Login attempts, by `result`: `success`, `refused` or `throttled`.
pub const LOGINS: &str = "hoshin_logins_total";

pub(crate) fn count_import(outcome: &Result<ImportReport, AppError>) {
    let result = match outcome {
        Ok(r) if r.reimport => "reimported",
        Ok(_) => "imported",
        Err(_) => "failed",
    };
    metrics::counter!(IMPORTS, "result" => result).increment(1);
}

pub(crate) fn count_login<T>(outcome: &Result<T, AppError>) {
    let result = match outcome {
        Ok(_) => "success",
        Err(AppError::Login(LoginFailure::Throttled { .. })) => "throttled",
        Err(_) => "refused",
    };
    metrics::counter!(LOGINS, "result" => result).increment(1);
}
