//! The app layer's one error type (thiserror). Store and domain errors pass through
//! unchanged so front-ends can map them (a constraint to a field error, a conflict to 409);
//! the app adds its own failures: bad demo data, an import that cannot be placed.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum AppError {
    #[error(transparent)]
    Store(#[from] hoshin_store::StoreError),
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
        matches!(self, AppError::Store(hoshin_store::StoreError::Conflict { .. }))
    }
}

pub type Result<T, E = AppError> = std::result::Result<T, E>;
