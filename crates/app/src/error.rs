//! The app layer's one error type (thiserror). A missing record and a lost optimistic lock
//! become [`AppError::NotFound`] and [`AppError::Conflict`] (front-ends map them to 404 and
//! 409 without knowing the store); other store and domain errors pass through unchanged;
//! the app adds its own failures: bad demo data, an import that cannot be placed.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum AppError {
    /// A record that does not exist (or that the reader may not see, e.g. unpublished).
    #[error("{table} row {id} not found")]
    NotFound { table: &'static str, id: String },
    /// An optimistic-lock conflict: the record changed since the version the user read.
    #[error("{table} row {id} was changed by someone else (read version {expected_version}, now {actual_version})")]
    Conflict { table: &'static str, id: i64, expected_version: i64, actual_version: i64 },
    /// Any other store failure (a constraint, the database itself); front-ends show it as a
    /// server error, app code may look inside (a constraint name).
    #[error(transparent)]
    Store(hoshin_store::StoreError),
    #[error(transparent)]
    Domain(#[from] hoshin_domain::DomainError),
    /// The document could not be read (binary, not UTF-8, not a plan document).
    #[error(transparent)]
    Extract(#[from] hoshin_importer::ImportError),
    /// The search index failed (the database is unaffected; the index can be rebuilt).
    #[error(transparent)]
    Search(#[from] hoshin_search::SearchError),
    /// Writing an export (CSV, zip, xlsx) failed.
    #[error(transparent)]
    Exchange(#[from] hoshin_exchange::ExchangeError),
    /// A file the app writes (the search index directory).
    #[error("file: {0}")]
    Io(#[from] std::io::Error),
    /// The bundled demo city data does not parse or refers to something it does not define.
    #[error("demo data: {0}")]
    Demo(String),
    /// A document could be read but not stored: what was missing or contradictory.
    #[error("import: {0}")]
    Import(String),
    /// Generator options out of range, or a database that already holds generated data.
    #[error("gen: {0}")]
    Gen(String),
    /// The acting user may not do this (role or department). Nothing was changed.
    #[error("forbidden: {0}")]
    Forbidden(String),
    /// Input a user typed that cannot be accepted; `field` names the form field, the
    /// message is Japanese and meant for the user.
    #[error("invalid {field}: {message}")]
    Invalid { field: String, message: String },
    /// The step is not possible in the record's current state (editing a submitted policy,
    /// approving a draft); the message is Japanese and meant for the user.
    #[error("not allowed now: {0}")]
    State(String),
    /// What a person confirmed is no longer what is stored (an import preview made before
    /// someone else changed the data); the message is Japanese and meant for the user.
    #[error("stale: {0}")]
    Stale(String),
    /// A failed login; the message never says whether the account exists.
    #[error("login: {0}")]
    Login(LoginFailure),
}

/// Why a login was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoginFailure {
    /// Unknown, disabled or locked account, or a wrong password (deliberately not told apart).
    BadCredentials,
    /// Too many failures from this client address: try again after this many seconds.
    Throttled { retry_after_secs: u64 },
}

impl std::fmt::Display for LoginFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoginFailure::BadCredentials => f.write_str(
                "ログインできませんでした。ログインIDとパスワードを確かめてください。\
                 失敗が続いたアカウントは、安全のためしばらくログインできなくなります（管理者が解除できます）。",
            ),
            LoginFailure::Throttled { retry_after_secs } => {
                let minutes = retry_after_secs.div_ceil(60).max(1);
                write!(
                    f,
                    "ログインの失敗が続いたため、一時的にログインできません。約{minutes}分後にもう一度お試しください。"
                )
            }
        }
    }
}

impl AppError {
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        AppError::Invalid { field: field.into(), message: message.into() }
    }

    pub fn forbidden(what: impl Into<String>) -> Self {
        AppError::Forbidden(what.into())
    }

    /// The store's optimistic-lock conflict, if that is what this is.
    pub fn is_conflict(&self) -> bool {
        matches!(self, AppError::Conflict { .. })
    }

    /// A missing (or not visible) record, if that is what this is.
    pub fn is_not_found(&self) -> bool {
        matches!(self, AppError::NotFound { .. })
    }

    pub(crate) fn not_found(table: &'static str, id: impl ToString) -> Self {
        AppError::NotFound { table, id: id.to_string() }
    }
}

/// Missing records and conflicts get their own variants, so that front-ends match
/// [`AppError`] alone and never the store's error type.
impl From<hoshin_store::StoreError> for AppError {
    fn from(e: hoshin_store::StoreError) -> Self {
        use hoshin_store::StoreError as S;
        match e {
            S::NotFound { table, id } => AppError::NotFound { table, id },
            S::Conflict { table, id, expected_version, actual_version } => {
                AppError::Conflict { table, id, expected_version, actual_version }
            }
            e => AppError::Store(e),
        }
    }
}

pub type Result<T, E = AppError> = std::result::Result<T, E>;
