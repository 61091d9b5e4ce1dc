//! How a reader runs its query: written once, with `$N` placeholders, and run either on sqlx's
//! `Any` connection (PostgreSQL, and SQLite inside a transaction) or on a plain SQLite
//! connection stepped on the caller's own thread (SQLite reads outside a transaction).
//!
//! Why two: sqlx runs every SQLite connection on a worker thread of its own and hands each
//! row back through a channel, copied twice (into `SqliteRow`, then `AnyRow`). Measured on a
//! city's year of 132 initiatives (issue 14): 1.98 ms through sqlx, 0.46 ms stepped directly;
//! a one-row read 150 µs against 3.4 µs, most of it the wake-ups between threads. Writes stay
//! on sqlx (one transaction API for both backends); the direct connections are opened with
//! `query_only`, so a reader that tried to write would fail instead of writing outside a
//! transaction.

use crate::error::{Result, StoreError};
use rusqlite::types::ValueRef;
use sqlx::any::{AnyArguments, AnyRow};
use sqlx::{Any, AnyConnection};
use std::marker::PhantomData;
use std::sync::Arc;

/// The connection a reader runs on.
pub(crate) enum Db<'c> {
    Sqlx(&'c mut AnyConnection),
    Lite(&'c mut rusqlite::Connection),
    /// PostgreSQL outside a transaction (`pgread.rs`).
    Pg(&'c mut crate::pgread::PgLease),
}

impl Db<'_> {
    /// Whether this connection is PostgreSQL's (for the few statements written per backend).
    pub(crate) fn is_postgres(&self) -> bool {
        match self {
            Db::Sqlx(conn) => conn.backend_name() == "PostgreSQL",
            Db::Lite(_) => false,
            Db::Pg(_) => true,
        }
    }
}

/// A bound parameter. A null keeps its type: PostgreSQL is told each parameter's type.
#[derive(Debug, Clone)]
pub(crate) enum Arg {
    Int(i64),
    Real(f64),
    Text(String),
    Bool(bool),
    Null(Kind),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Int,
    Real,
    Text,
    Bool,
}

impl Arg {
    pub(crate) fn kind(&self) -> Kind {
        match self {
            Arg::Int(_) => Kind::Int,
            Arg::Real(_) => Kind::Real,
            Arg::Text(_) => Kind::Text,
            Arg::Bool(_) => Kind::Bool,
            Arg::Null(k) => *k,
        }
    }
}

/// A value that can be bound to a placeholder.
pub(crate) trait Bind {
    const KIND: Kind;
    fn arg(self) -> Arg;
}

macro_rules! bind_as {
    ($($t:ty => $kind:ident, |$v:ident| $e:expr;)*) => {$(
        impl Bind for $t {
            const KIND: Kind = Kind::$kind;
            fn arg(self) -> Arg {
                let $v = self;
                Arg::$kind($e)
            }
        }
    )*};
}

bind_as! {
    i64 => Int, |v| v;
    i32 => Int, |v| i64::from(v);
    u32 => Int, |v| i64::from(v);
    f64 => Real, |v| v;
    bool => Bool, |v| v;
    String => Text, |v| v;
    &str => Text, |v| v.to_owned();
    &String => Text, |v| v.clone();
}

impl<T: Bind> Bind for Option<T> {
    const KIND: Kind = T::KIND;
    fn arg(self) -> Arg {
        self.map_or(Arg::Null(T::KIND), Bind::arg)
    }
}

/// A query and its parameters, run by [`Query::fetch_all`] and its siblings.
#[must_use]
pub(crate) struct Query<'q> {
    sql: &'q str,
    args: Vec<Arg>,
}

pub(crate) fn query(sql: &str) -> Query<'_> {
    Query { sql, args: Vec::new() }
}

impl<'q> Query<'q> {
    pub(crate) fn bind(mut self, v: impl Bind) -> Self {
        self.args.push(v.arg());
        self
    }

    pub(crate) async fn fetch_all(self, c: &mut Db<'_>) -> Result<Vec<Row>> {
        match c {
            Db::Sqlx(conn) => Ok(self.sqlx().fetch_all(&mut **conn).await?.into_iter().map(Row::Any).collect()),
            Db::Lite(conn) => lite_rows(conn, self.sql, &self.args, usize::MAX),
            Db::Pg(lease) => lease.rows(self.sql, &self.args, usize::MAX).await,
        }
    }

    pub(crate) async fn fetch_optional(self, c: &mut Db<'_>) -> Result<Option<Row>> {
        match c {
            Db::Sqlx(conn) => Ok(self.sqlx().fetch_optional(&mut **conn).await?.map(Row::Any)),
            Db::Lite(conn) => Ok(lite_rows(conn, self.sql, &self.args, 1)?.pop()),
            Db::Pg(lease) => Ok(lease.rows(self.sql, &self.args, 1).await?.pop()),
        }
    }

    pub(crate) async fn fetch_one(self, c: &mut Db<'_>) -> Result<Row> {
        self.fetch_optional(c).await?.ok_or_else(|| sqlx::Error::RowNotFound.into())
    }

    fn sqlx(self) -> sqlx::query::Query<'q, Any, AnyArguments<'q>> {
        let mut q = sqlx::query(self.sql);
        for a in self.args {
            q = match a {
                Arg::Int(v) => q.bind(v),
                Arg::Real(v) => q.bind(v),
                Arg::Text(v) => q.bind(v),
                Arg::Bool(v) => q.bind(v),
                Arg::Null(Kind::Int) => q.bind(None::<i64>),
                Arg::Null(Kind::Real) => q.bind(None::<f64>),
                Arg::Null(Kind::Text) => q.bind(None::<String>),
                Arg::Null(Kind::Bool) => q.bind(None::<bool>),
            };
        }
        q
    }
}

/// A query whose rows are one value each.
#[must_use]
pub(crate) struct Scalar<'q, T> {
    q: Query<'q>,
    t: PhantomData<fn() -> T>,
}

pub(crate) fn query_scalar<T: Get>(sql: &str) -> Scalar<'_, T> {
    Scalar { q: query(sql), t: PhantomData }
}

impl<T: Get> Scalar<'_, T> {
    pub(crate) fn bind(mut self, v: impl Bind) -> Self {
        self.q = self.q.bind(v);
        self
    }

    pub(crate) async fn fetch_all(self, c: &mut Db<'_>) -> Result<Vec<T>> {
        self.q.fetch_all(c).await?.iter().map(|r| r.try_get(0)).collect()
    }

    pub(crate) async fn fetch_optional(self, c: &mut Db<'_>) -> Result<Option<T>> {
        self.q.fetch_optional(c).await?.map(|r| r.try_get(0)).transpose()
    }

    pub(crate) async fn fetch_one(self, c: &mut Db<'_>) -> Result<T> {
        self.q.fetch_one(c).await?.try_get(0)
    }
}

/// One value of a row read directly from SQLite, or from PostgreSQL outside a transaction.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

impl Value {
    fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "NULL",
            Value::Int(_) => "INTEGER",
            Value::Real(_) => "REAL",
            Value::Text(_) => "TEXT",
            Value::Blob(_) => "BLOB",
        }
    }
}

/// A row of either connection.
pub(crate) enum Row {
    Any(AnyRow),
    /// Read by the store itself (SQLite directly, PostgreSQL through `pgread.rs`).
    Values {
        names: Arc<[Box<str>]>,
        values: Vec<Value>,
    },
}

/// A column named or numbered.
pub(crate) trait Column: sqlx::ColumnIndex<AnyRow> + Copy + std::fmt::Display {
    fn position(self, names: &[Box<str>]) -> Option<usize>;
}

impl Column for usize {
    fn position(self, names: &[Box<str>]) -> Option<usize> {
        (self < names.len()).then_some(self)
    }
}

impl Column for &str {
    fn position(self, names: &[Box<str>]) -> Option<usize> {
        // The last of equal names, as sqlx's name map keeps it.
        names.iter().rposition(|n| **n == *self)
    }
}

impl Row {
    pub(crate) fn try_get<T: Get>(&self, col: impl Column) -> Result<T> {
        match self {
            Row::Any(row) => T::any(row, col),
            Row::Values { names, values } => {
                let i = col.position(names).ok_or_else(|| sqlx::Error::ColumnNotFound(col.to_string()))?;
                T::lite(&values[i]).ok_or_else(|| {
                    StoreError::Corrupt(format!(
                        "column {col}: {} where {} was expected",
                        values[i].type_name(),
                        std::any::type_name::<T>()
                    ))
                })
            }
        }
    }

    /// Whether the query selected a column of this name.
    pub(crate) fn has_column(&self, name: &str) -> bool {
        match self {
            Row::Any(row) => sqlx::Row::try_column(row, name).is_ok(),
            Row::Values { names, .. } => name.position(names).is_some(),
        }
    }
}

/// A type a column decodes into, from either connection. The direct reading is as strict as
/// sqlx's `Any` reading of SQLite: an integer is neither a text nor a real, a null only an
/// `Option` (a REAL column hands back reals whatever was stored). No `bool`: sqlx refuses an
/// INTEGER as one, so the readers read flags as integers.
pub(crate) trait Get: Sized {
    fn any(row: &AnyRow, col: impl Column) -> Result<Self>;
    fn lite(v: &Value) -> Option<Self>;
}

macro_rules! get_as {
    ($($t:ty, |$v:ident| $e:expr;)*) => {$(
        impl Get for $t {
            fn any(row: &AnyRow, col: impl Column) -> Result<Self> {
                Ok(sqlx::Row::try_get::<$t, _>(row, col)?)
            }
            fn lite($v: &Value) -> Option<Self> {
                $e
            }
        }
    )*};
}

get_as! {
    i64, |v| match v { Value::Int(i) => Some(*i), _ => None };
    i32, |v| match v { Value::Int(i) => i32::try_from(*i).ok(), _ => None };
    f64, |v| match v { Value::Real(f) => Some(*f), _ => None };
    String, |v| match v { Value::Text(s) => Some(s.clone()), _ => None };
    Vec<u8>, |v| match v { Value::Blob(b) => Some(b.clone()), _ => None };
}

impl<T> Get for Option<T>
where
    T: Get + for<'r> sqlx::Decode<'r, Any> + sqlx::Type<Any>,
{
    fn any(row: &AnyRow, col: impl Column) -> Result<Self> {
        Ok(sqlx::Row::try_get::<Option<T>, _>(row, col)?)
    }
    fn lite(v: &Value) -> Option<Self> {
        match v {
            Value::Null => Some(None),
            v => T::lite(v).map(Some),
        }
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Database(sqlx::Error::Protocol(format!("SQLite: {e}")))
    }
}

/// Runs `sql` on a direct SQLite connection, at most `limit` rows. `$N` placeholders are
/// bound by their number, as sqlx does (SQLite numbers named parameters in order of first
/// appearance, so `$2 … $1` would otherwise swap).
fn lite_rows(c: &rusqlite::Connection, sql: &str, args: &[Arg], limit: usize) -> Result<Vec<Row>> {
    let mut st = c.prepare_cached(sql)?;
    for i in 1..=st.parameter_count() {
        let n = placeholder_number(st.parameter_name(i)).unwrap_or(i);
        let arg = args
            .get(n - 1)
            .ok_or_else(|| StoreError::Invalid(format!("query has parameter {n}, {} bound: {sql}", args.len())))?;
        match arg {
            Arg::Int(v) => st.raw_bind_parameter(i, v)?,
            Arg::Real(v) => st.raw_bind_parameter(i, v)?,
            Arg::Text(v) => st.raw_bind_parameter(i, v)?,
            Arg::Bool(v) => st.raw_bind_parameter(i, i64::from(*v))?,
            Arg::Null(_) => st.raw_bind_parameter(i, rusqlite::types::Null)?,
        }
    }
    let names: Arc<[Box<str>]> = st.column_names().into_iter().map(Box::from).collect();
    let width = names.len();
    let mut rows = st.raw_query();
    let mut out = Vec::new();
    while out.len() < limit {
        let Some(r) = rows.next()? else { break };
        let mut values = Vec::with_capacity(width);
        for i in 0..width {
            values.push(match r.get_ref(i)? {
                ValueRef::Null => Value::Null,
                ValueRef::Integer(v) => Value::Int(v),
                ValueRef::Real(v) => Value::Real(v),
                ValueRef::Text(t) => Value::Text(
                    std::str::from_utf8(t)
                        .map_err(|e| StoreError::Corrupt(format!("column {}: {e}", names[i])))?
                        .to_owned(),
                ),
                ValueRef::Blob(b) => Value::Blob(b.to_vec()),
            });
        }
        out.push(Row::Values { names: Arc::clone(&names), values });
    }
    Ok(out)
}

/// `$3` or `?3` → 3.
fn placeholder_number(name: Option<&str>) -> Option<usize> {
    let n: usize = name?.strip_prefix(['$', '?'])?.parse().ok()?;
    (n > 0).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lite() -> rusqlite::Connection {
        rusqlite::Connection::open_in_memory().unwrap()
    }

    async fn rows(sql: &str, args: Vec<Arg>) -> Vec<Row> {
        let mut c = lite();
        let mut db = Db::Lite(&mut c);
        Query { sql, args }.fetch_all(&mut db).await.unwrap()
    }

    #[tokio::test]
    async fn placeholders_bind_by_number_whatever_their_order() {
        let r = rows("SELECT $2 AS b, $1 AS a, $2 + $1 AS s", vec![Arg::Int(1), Arg::Int(20)]).await;
        let r = &r[0];
        assert_eq!(r.try_get::<i64>("a").unwrap(), 1);
        assert_eq!(r.try_get::<i64>("b").unwrap(), 20);
        assert_eq!(r.try_get::<i64>(2).unwrap(), 21);
    }

    #[tokio::test]
    async fn values_decode_as_strictly_as_sqlx() {
        let r = rows(
            "SELECT 7 AS i, 2.5 AS f, 'x' AS t, NULL AS n, $1 AS nt, $2 AS b",
            vec![Arg::Null(Kind::Text), Arg::Bool(true)],
        )
        .await;
        let r = &r[0];
        assert!(matches!(r.try_get::<f64>("i"), Err(StoreError::Corrupt(_))));
        assert_eq!(r.try_get::<f64>("f").unwrap(), 2.5);
        assert_eq!(r.try_get::<String>("t").unwrap(), "x");
        assert_eq!(r.try_get::<Option<String>>("n").unwrap(), None);
        assert_eq!(r.try_get::<Option<i64>>("nt").unwrap(), None);
        assert_eq!(r.try_get::<i64>("b").unwrap(), 1);
        assert!(matches!(r.try_get::<String>("i"), Err(StoreError::Corrupt(_))));
        assert!(matches!(r.try_get::<i64>("n"), Err(StoreError::Corrupt(_))));
        assert!(matches!(r.try_get::<i64>("missing"), Err(StoreError::Database(sqlx::Error::ColumnNotFound(_)))));
        assert!(r.has_column("t") && !r.has_column("missing"));
    }

    /// The same query on sqlx's `Any` connection to SQLite and on the direct one: every read
    /// gives the same value or fails on both.
    #[tokio::test]
    async fn both_connections_decode_alike() {
        use sqlx::Connection;
        sqlx::any::install_default_drivers();
        let mut any = AnyConnection::connect("sqlite::memory:").await.unwrap();
        let mut lite = lite();
        let sql = "SELECT 7 AS i, 2.5 AS f, CAST(3 AS REAL) AS r, 'x' AS t, NULL AS n, 1 AS v, 2 AS v, \
                   $2 AS second, $1 AS first, $1 + $2 AS both";
        let read = |r: &Row| {
            let show = |x: Result<String>| x.map_err(|_| "error".to_string());
            vec![
                show(r.try_get::<i64>("i").map(|v| v.to_string())),
                show(r.try_get::<f64>("i").map(|v| v.to_string())),
                show(r.try_get::<String>("i")),
                show(r.try_get::<f64>("f").map(|v| v.to_string())),
                show(r.try_get::<i64>("f").map(|v| v.to_string())),
                show(r.try_get::<f64>("r").map(|v| v.to_string())),
                show(r.try_get::<String>("t")),
                show(r.try_get::<i64>("t").map(|v| v.to_string())),
                show(r.try_get::<Option<String>>("n").map(|v| format!("{v:?}"))),
                show(r.try_get::<Option<i64>>("n").map(|v| format!("{v:?}"))),
                show(r.try_get::<String>("n")),
                show(r.try_get::<i64>("v").map(|v| v.to_string())),
                show(r.try_get::<i64>("second").map(|v| v.to_string())),
                show(r.try_get::<i64>("first").map(|v| v.to_string())),
                show(r.try_get::<i64>("both").map(|v| v.to_string())),
                show(r.try_get::<i64>("missing").map(|v| v.to_string())),
            ]
        };
        let via_sqlx = query(sql).bind(1i64).bind(20i64).fetch_one(&mut Db::Sqlx(&mut any)).await.unwrap();
        let direct = query(sql).bind(1i64).bind(20i64).fetch_one(&mut Db::Lite(&mut lite)).await.unwrap();
        assert_eq!(read(&direct), read(&via_sqlx));
        assert_eq!(read(&direct)[11], Ok("2".to_string()), "the last of equal names");
    }

    #[tokio::test]
    async fn a_missing_parameter_is_an_error_not_a_null() {
        let mut c = lite();
        let mut db = Db::Lite(&mut c);
        let e = query("SELECT $1, $2").bind(1i64).fetch_all(&mut db).await.err().unwrap();
        assert!(matches!(&e, StoreError::Invalid(m) if m.contains("parameter 2")), "{e:?}");
    }

    #[tokio::test]
    async fn fetch_one_of_nothing_is_row_not_found() {
        let mut c = lite();
        let mut db = Db::Lite(&mut c);
        let e = query_scalar::<i64>("SELECT 1 WHERE 0").fetch_one(&mut db).await.err().unwrap();
        assert!(matches!(e, StoreError::Database(sqlx::Error::RowNotFound)), "{e:?}");
        let none = query_scalar::<i64>("SELECT 1 WHERE 0").fetch_optional(&mut db).await.unwrap();
        assert_eq!(none, None);
    }
}
