//! What a use case runs against. Front-ends pass the [`App`] they hold; the app itself, the
//! CLI's maintenance commands and tests may pass a store. The traits are sealed and their
//! one method takes a token only this crate can make: holding an `App` lets a front-end call
//! a use case, never the store behind it (the web crate cannot reach the store — see
//! docs/ARCHITECTURE.md).

use crate::App;
use hoshin_store::{Read, Store};
use std::sync::Arc;

mod sealed {
    /// Only this crate can make one, so only this crate can call [`super::ReadDb::reader`].
    #[derive(Debug)]
    pub struct Token(pub(super) ());
    pub trait Sealed {}
}
use sealed::{Sealed, Token};

/// Something a read use case can read through.
pub trait ReadDb: Sealed + Send + Sync {
    #[doc(hidden)]
    fn reader(&self, token: Token) -> &dyn Read;
}

/// Something a use case can read and write through.
pub trait Db: ReadDb {
    #[doc(hidden)]
    fn writer(&self, token: Token) -> &dyn Store;
}

/// The store behind `db` (inside the app only).
pub(crate) fn read<D: ReadDb + ?Sized>(db: &D) -> &dyn Read {
    db.reader(Token(()))
}

/// The store behind `db` (inside the app only).
pub(crate) fn store<D: Db + ?Sized>(db: &D) -> &dyn Store {
    db.writer(Token(()))
}

impl Sealed for App {}
impl ReadDb for App {
    fn reader(&self, _: Token) -> &dyn Read {
        self.store.as_ref()
    }
}
impl Db for App {
    fn writer(&self, _: Token) -> &dyn Store {
        self.store.as_ref()
    }
}

impl<'a> Sealed for dyn Store + 'a {}
impl<'a> ReadDb for dyn Store + 'a {
    fn reader(&self, _: Token) -> &dyn Read {
        self
    }
}
impl<'a> Db for dyn Store + 'a {
    fn writer(&self, _: Token) -> &dyn Store {
        self
    }
}

impl<'a> Sealed for dyn Read + 'a {}
impl<'a> ReadDb for dyn Read + 'a {
    fn reader(&self, _: Token) -> &dyn Read {
        self
    }
}

impl Sealed for Arc<dyn Store> {}
impl ReadDb for Arc<dyn Store> {
    fn reader(&self, _: Token) -> &dyn Read {
        self.as_ref()
    }
}
impl Db for Arc<dyn Store> {
    fn writer(&self, _: Token) -> &dyn Store {
        self.as_ref()
    }
}

impl<'a> Sealed for dyn hoshin_store::Tx + 'a {}
impl<'a> ReadDb for dyn hoshin_store::Tx + 'a {
    fn reader(&self, _: Token) -> &dyn Read {
        self
    }
}

impl<T: Sealed + ?Sized> Sealed for &T {}
impl<T: ReadDb + ?Sized> ReadDb for &T {
    fn reader(&self, token: Token) -> &dyn Read {
        (**self).reader(token)
    }
}
impl<T: Db + ?Sized> Db for &T {
    fn writer(&self, token: Token) -> &dyn Store {
        (**self).writer(token)
    }
}
