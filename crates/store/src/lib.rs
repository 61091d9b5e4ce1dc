//! hoshin's storage: one set of traits ([`Store`], [`Tx`], [`Read`]) over SQLite (the
//! default: a file in WAL mode) and PostgreSQL (a `postgres://` URL), with migrations per
//! backend embedded in the binary.
//!
//! ```no_run
//! # async fn demo() -> Result<(), hoshin_store::StoreError> {
//! let store = hoshin_store::open("sqlite://data/hoshin.db").await?;
//! let tx = store.begin().await?;
//! let org = tx
//!     .insert_organization(&hoshin_domain::NewOrganization { name: "サンプル市".into(), code: None, prefecture: None })
//!     .await?;
//! tx.commit().await?;
//! assert_eq!(store.get_organization(org).await?.name, "サンプル市");
//! # Ok(()) }
//! ```
//!
//! Errors: [`StoreError`] (thiserror) classifies not-found, optimistic-lock conflicts and
//! constraint violations; see `error.rs`.

pub mod backup;
mod connect;
mod constraints;
mod conv;
mod error;
mod exec;
mod grants;
mod lite;
mod migrations;
mod pgread;
mod read;
mod records;
mod rows;
mod traits;
mod tx;
mod write;

pub use connect::{migrate, open, Location, SqlStore};
pub use error::{ConstraintKind, Result, StoreError};
pub use read::IndicatorStanding;
pub use records::*;
pub use traits::{Read, Store, Tx};
pub use tx::SqlTx;
