//! PostgreSQL connections for reads outside a transaction, shared by every request at once.
//!
//! A page runs ten or more small statements, each executing in tens of microseconds; what
//! costs is the round trip around each: a send, a wake-up of the server process, another of
//! ours. `perf` of the initiative page under load (issue 14): 60 % of the server's CPU in the
//! kernel, half of it in `send` to PostgreSQL and the context switches it caused. sqlx gives a
//! connection to one caller at a time, so each statement of each request paid that alone.
//!
//! These reads go through tokio-postgres instead, whose connection is multiplexed: every
//! request using a connection queues its statements on it, its connection task writes all
//! that are queued in one `send`, and the server answers them in turn. Under load the
//! statements of many requests share each round trip; the server process wakes once for
//! many. A few connections suffice (twice the cores, at least four). The reads one task (one
//! request) has running at once share one connection, so the reads a page runs at once
//! (`try_join!`) leave in one `send` too; a task with none running is given the least busy.
//!
//! A statement is prepared once per connection with its parameters' types as sqlx declares
//! them (INT8, FLOAT8, TEXT, BOOL), so both drivers read a query alike; results come in
//! binary and are decoded into the same [`Value`]s as the direct SQLite reads (`exec.rs`).
//!
//! A read is a `SELECT` outside a transaction, so one that fails because its connection broke
//! (the socket closed, the server ended the session: SQLSTATE class 08 or 57P) is run again
//! on a new connection. Writes and transactions keep sqlx's pool.

use crate::error::{Result, StoreError};
use crate::exec::{Arg, Kind, Row, Value};
use sqlx::postgres::PgSslMode;
use std::collections::HashMap;
use std::str::FromStr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;
use tokio_postgres::config::SslMode;
use tokio_postgres::types::{FromSql, ToSql, Type};
use tokio_postgres::{Client, Config, NoTls, Statement};

/// Prepared statements kept per connection; past this many the connection forgets them all
/// (an `IN` list of every length is a statement of its own).
const STATEMENTS_KEPT: usize = 512;

/// How many times a read whose connection broke under it is run again.
const RETRIES: usize = 3;

/// Run on each read connection once opened: the cost of a random page read as for data in
/// memory. hoshin's reads find their pages in PostgreSQL's buffers or the OS cache nearly
/// always, and with the default (4.0, for spinning disks) the planner scanned small tables
/// whole rather than probe an index: the indicators page's actuals, 51 ids in 5,780 rows,
/// 0.5 ms instead of 0.1 (issue 14). Set by a statement, not a startup option, which some
/// connection poolers refuse. (Rows come back in binary, so `DateStyle` and `TimeZone` do not
/// change what a read returns.)
const SESSION_SETUP: &str = "SET random_page_cost = 1.1";

/// How long opening a read connection may take (sqlx's pool gave up after 30 s).
const CONNECT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// How long a slot whose connection could not be opened is passed over by new reads.
const FAILED_PAUSE: std::time::Duration = std::time::Duration::from_secs(2);

/// At most this many read connections, whatever the cores (PostgreSQL allows 100 sessions by
/// default, shared by every server process and sqlx's pools).
pub(crate) const MAX_CONNECTIONS: usize = 16;

pub(crate) struct PgReadPool {
    config: Config,
    slots: Vec<Slot>,
    /// The slot and running reader calls of each task that has some.
    tasks: Mutex<HashMap<tokio::task::Id, (usize, usize)>>,
    closed: AtomicBool,
}

impl std::fmt::Debug for PgReadPool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgReadPool").field("connections", &self.slots.len()).finish_non_exhaustive()
    }
}

#[derive(Default)]
struct Slot {
    current: Mutex<Option<Arc<PgClient>>>,
    /// Reader calls holding this slot's connection now.
    busy: AtomicUsize,
    /// When opening this slot's connection last failed (passed over for [`FAILED_PAUSE`]).
    failed: Mutex<Option<Instant>>,
    /// Held while this slot connects, so a broken connection is replaced once.
    connecting: tokio::sync::Mutex<()>,
}

/// The statements prepared for one SQL text, by their parameters' types.
type Prepared = Vec<(Vec<Kind>, Statement)>;

/// One connection and the statements prepared on it.
pub(crate) struct PgClient {
    client: Client,
    statements: Mutex<Statements>,
}

/// The statements a connection keeps, by SQL text.
#[derive(Default)]
struct Statements {
    by_text: HashMap<String, Prepared>,
    count: usize,
}

impl Statements {
    fn find(&self, sql: &str, kinds: &[Kind]) -> Option<Statement> {
        self.by_text.get(sql)?.iter().find(|(k, _)| k == kinds).map(|(_, s)| s.clone())
    }

    /// Keeps `st`, or the one another reader prepared meanwhile; past [`STATEMENTS_KEPT`]
    /// forgets the others first.
    fn keep(&mut self, sql: &str, kinds: &[Kind], st: Statement) -> Statement {
        if let Some(s) = self.find(sql, kinds) {
            return s;
        }
        if self.count >= STATEMENTS_KEPT {
            self.by_text.clear();
            self.count = 0;
        }
        self.by_text.entry(sql.to_owned()).or_default().push((kinds.to_vec(), st.clone()));
        self.count += 1;
        st
    }
}

impl PgReadPool {
    /// A pool of `connections` read connections to the database of `url`, opened when first
    /// needed. The URL is read by sqlx, as for the store's other connections (the `PG*`
    /// environment variables and `~/.pgpass` included), and its reading handed over.
    pub(crate) fn new(url: &str, connections: usize) -> Result<Self> {
        let opts = sqlx::postgres::PgConnectOptions::from_str(url).map_err(|_| StoreError::Url(url.to_string()))?;
        let mut config = Config::new();
        match opts.get_socket() {
            Some(dir) => config.host_path(dir),
            None => config.host(opts.get_host()),
        };
        config.port(opts.get_port()).user(opts.get_username()).connect_timeout(CONNECT_TIMEOUT);
        if let Some(db) = opts.get_database() {
            config.dbname(db);
        }
        if let Some(password) = sqlx::ConnectOptions::to_url_lossy(&opts).password() {
            config.password(percent_decoded(password));
        }
        if let Some(name) = opts.get_application_name() {
            config.application_name(name);
        }
        if let Some(options) = opts.get_options() {
            config.options(options);
        }
        config.ssl_mode(match opts.get_ssl_mode() {
            PgSslMode::Disable | PgSslMode::Allow => SslMode::Disable,
            PgSslMode::Prefer => SslMode::Prefer,
            // Not built with TLS (neither is sqlx here): connecting fails and says so.
            PgSslMode::Require | PgSslMode::VerifyCa | PgSslMode::VerifyFull => SslMode::Require,
        });
        Ok(Self {
            config,
            slots: (0..connections.clamp(1, MAX_CONNECTIONS)).map(|_| Slot::default()).collect(),
            tasks: Mutex::default(),
            closed: AtomicBool::new(false),
        })
    }

    /// A connection for one reader call, shared with whoever else uses it. Reads a task has
    /// running at once (a page's `try_join!`) get the same one, so they leave together; a
    /// task with none running is given the least busy (one server process runs one
    /// connection's statements in turn, so a connection should not queue many requests'
    /// reads while another idles).
    pub(crate) async fn get(self: &Arc<Self>) -> Result<PgLease> {
        let task = tokio::task::try_id();
        let slot = {
            let mut tasks = self.tasks.lock().unwrap_or_else(PoisonError::into_inner);
            let held = task.and_then(|t| tasks.get_mut(&t));
            let slot = match held {
                Some((slot, leases)) => {
                    *leases += 1;
                    *slot
                }
                None => {
                    let slot = self.least_busy();
                    if let Some(t) = task {
                        tasks.insert(t, (slot, 1));
                    }
                    slot
                }
            };
            self.slots[slot].busy.fetch_add(1, Ordering::Relaxed);
            slot
        };
        // Counted before connecting, so a read dropped while it connects is uncounted too.
        let hold = Hold { pool: Arc::clone(self), slot, task };
        let client = self.client(slot, None).await?;
        Ok(PgLease { hold, client })
    }

    /// The least busy slot, passing over one that could not connect a moment ago (its count is
    /// low because its reads fail at once).
    fn least_busy(&self) -> usize {
        let failing = |i: usize| {
            self.slots[i]
                .failed
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .is_some_and(|t| t.elapsed() < FAILED_PAUSE)
        };
        let busy = |i: usize| self.slots[i].busy.load(Ordering::Relaxed);
        let all = 0..self.slots.len();
        all.clone()
            .filter(|&i| !failing(i))
            .min_by_key(|&i| busy(i))
            .or_else(|| all.min_by_key(|&i| busy(i)))
            .unwrap_or(0)
    }

    /// Opens one read connection now (a bad address or password fails the start, not the
    /// first page).
    pub(crate) async fn check(&self) -> Result<()> {
        self.client(0, None).await.map(drop)
    }

    /// The slot's open connection, or a new one when it has none or holds `broken`.
    async fn client(&self, slot: usize, broken: Option<&Arc<PgClient>>) -> Result<Arc<PgClient>> {
        if self.closed.load(Ordering::SeqCst) {
            return Err(sqlx::Error::PoolClosed.into());
        }
        let s = &self.slots[slot];
        let usable = |c: &Option<Arc<PgClient>>| {
            c.as_ref().filter(|c| !c.client.is_closed() && !broken.is_some_and(|b| Arc::ptr_eq(b, c))).cloned()
        };
        if let Some(c) = usable(&s.current.lock().unwrap_or_else(PoisonError::into_inner)) {
            return Ok(c);
        }
        let _connecting = s.connecting.lock().await;
        if let Some(c) = usable(&s.current.lock().unwrap_or_else(PoisonError::into_inner)) {
            return Ok(c);
        }
        let c = match self.connect().await {
            Ok(c) => c,
            Err(e) => {
                *s.failed.lock().unwrap_or_else(PoisonError::into_inner) = Some(Instant::now());
                return Err(e);
            }
        };
        s.failed.lock().unwrap_or_else(PoisonError::into_inner).take();
        let mut current = s.current.lock().unwrap_or_else(PoisonError::into_inner);
        if self.closed.load(Ordering::SeqCst) {
            return Err(sqlx::Error::PoolClosed.into());
        }
        *current = Some(Arc::clone(&c));
        Ok(c)
    }

    async fn connect(&self) -> Result<Arc<PgClient>> {
        let (client, connection) = self.config.connect(NoTls).await.map_err(pg_error)?;
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, "a PostgreSQL read connection ended");
            }
        });
        client.batch_execute(SESSION_SETUP).await.map_err(pg_error)?;
        Ok(Arc::new(PgClient { client, statements: Mutex::default() }))
    }

    /// Refuses new reads and lets go of the connections (each closes once its last reader is
    /// done with it).
    pub(crate) async fn close(&self) {
        self.closed.store(true, Ordering::SeqCst);
        for s in &self.slots {
            s.current.lock().unwrap_or_else(PoisonError::into_inner).take();
        }
    }
}

/// A connection lent for one reader call.
pub(crate) struct PgLease {
    hold: Hold,
    client: Arc<PgClient>,
}

/// A reader call counted on its slot (and its task) until dropped.
struct Hold {
    pool: Arc<PgReadPool>,
    slot: usize,
    task: Option<tokio::task::Id>,
}

impl Drop for Hold {
    fn drop(&mut self) {
        let mut tasks = self.pool.tasks.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(t) = self.task {
            if let std::collections::hash_map::Entry::Occupied(mut e) = tasks.entry(t) {
                e.get_mut().1 -= 1;
                if e.get().1 == 0 {
                    e.remove();
                }
            }
        }
        self.pool.slots[self.slot].busy.fetch_sub(1, Ordering::Relaxed);
    }
}

impl PgLease {
    /// The rows of `sql`, at most `limit`; run again on a new connection when the one it ran
    /// on broke under it (up to [`RETRIES`] times: when the server ends every session, the
    /// connection a slot was given in the meantime may be one it ended too).
    pub(crate) async fn rows(&mut self, sql: &str, args: &[Arg], limit: usize) -> Result<Vec<Row>> {
        let mut retries = 0;
        loop {
            let client = Arc::clone(&self.client);
            match client.rows(sql, args, limit).await {
                Err(Failure::Pg(e)) if broken(&e) && retries < RETRIES => {
                    tracing::debug!(error = %e, "a PostgreSQL read connection broke; reading again on a new one");
                    retries += 1;
                    // The new connection may fail to open too (the server ending sessions as
                    // it starts): that counts as a try.
                    loop {
                        match self.hold.pool.client(self.hold.slot, Some(&client)).await {
                            Ok(c) => break self.client = c,
                            Err(e) if retries < RETRIES => {
                                tracing::debug!(error = %e, "opening a PostgreSQL read connection failed; trying again");
                                retries += 1;
                                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                            }
                            Err(e) => return Err(e),
                        }
                    }
                }
                r => return Ok(r?),
            }
        }
    }
}

/// Why a read failed: PostgreSQL (or the connection) refused it, or a value could not be read.
enum Failure {
    Pg(tokio_postgres::Error),
    Store(StoreError),
}

impl From<tokio_postgres::Error> for Failure {
    fn from(e: tokio_postgres::Error) -> Self {
        Failure::Pg(e)
    }
}

impl From<Failure> for StoreError {
    fn from(f: Failure) -> Self {
        match f {
            Failure::Pg(e) => pg_error(e),
            Failure::Store(e) => e,
        }
    }
}

impl PgClient {
    async fn statement(&self, sql: &str, kinds: &[Kind]) -> Result<Statement, tokio_postgres::Error> {
        if let Some(s) = self.kept().find(sql, kinds) {
            return Ok(s);
        }
        let types: Vec<Type> = kinds.iter().map(|k| pg_type(*k)).collect();
        let st = self.client.prepare_typed(sql, &types).await?;
        Ok(self.kept().keep(sql, kinds, st))
    }

    fn kept(&self) -> std::sync::MutexGuard<'_, Statements> {
        self.statements.lock().unwrap_or_else(PoisonError::into_inner)
    }

    async fn rows(&self, sql: &str, args: &[Arg], limit: usize) -> Result<Vec<Row>, Failure> {
        let kinds: Vec<Kind> = args.iter().map(Arg::kind).collect();
        let st = self.statement(sql, &kinds).await?;
        let params: Vec<Box<dyn ToSql + Sync + Send>> = args.iter().map(param).collect();
        let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| &**p as &(dyn ToSql + Sync)).collect();
        let rows = self.client.query(&st, &refs).await?;
        let names: Arc<[Box<str>]> = st.columns().iter().map(|c| Box::from(c.name())).collect();
        let mut out = Vec::with_capacity(rows.len().min(limit));
        for r in rows.iter().take(limit) {
            let mut values = Vec::with_capacity(names.len());
            for (i, col) in st.columns().iter().enumerate() {
                let Raw(raw) = r.try_get(i)?;
                let v = value(col.type_(), raw)
                    .map_err(|why| Failure::Store(StoreError::Corrupt(format!("column {}: {why}", col.name()))))?;
                values.push(v);
            }
            out.push(Row::Values { names: Arc::clone(&names), values });
        }
        Ok(out)
    }
}

fn pg_type(k: Kind) -> Type {
    match k {
        Kind::Int => Type::INT8,
        Kind::Real => Type::FLOAT8,
        Kind::Text => Type::TEXT,
        Kind::Bool => Type::BOOL,
    }
}

/// An argument as sqlx binds it (a null keeps its type).
fn param(a: &Arg) -> Box<dyn ToSql + Sync + Send> {
    match a {
        Arg::Int(v) => Box::new(*v),
        Arg::Real(v) => Box::new(*v),
        Arg::Text(v) => Box::new(v.clone()),
        Arg::Bool(v) => Box::new(*v),
        Arg::Null(Kind::Int) => Box::new(None::<i64>),
        Arg::Null(Kind::Real) => Box::new(None::<f64>),
        Arg::Null(Kind::Text) => Box::new(None::<String>),
        Arg::Null(Kind::Bool) => Box::new(None::<bool>),
    }
}

/// A column's bytes as sent (binary format), whatever its type.
struct Raw<'a>(Option<&'a [u8]>);

impl<'a> FromSql<'a> for Raw<'a> {
    fn from_sql(_: &Type, raw: &'a [u8]) -> Result<Self, Box<dyn std::error::Error + Sync + Send>> {
        Ok(Raw(Some(raw)))
    }

    fn from_sql_null(_: &Type) -> Result<Self, Box<dyn std::error::Error + Sync + Send>> {
        Ok(Raw(None))
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

/// A value of the types the readers select (integers, floating point, text, bytes: the
/// schema stores flags as integers and JSON as text); any other type is an error, as sqlx's
/// `Any` driver refuses them as integers or text too.
fn value(ty: &Type, raw: Option<&[u8]>) -> Result<Value, String> {
    let Some(b) = raw else { return Ok(Value::Null) };
    let fixed = |n: usize| -> Result<&[u8], String> {
        (b.len() == n).then_some(b).ok_or_else(|| format!("{} bytes for a {ty}", b.len()))
    };
    Ok(match *ty {
        Type::INT8 => Value::Int(i64::from_be_bytes(fixed(8)?.try_into().map_err(|_| "length")?)),
        Type::INT4 => Value::Int(i64::from(i32::from_be_bytes(fixed(4)?.try_into().map_err(|_| "length")?))),
        Type::INT2 => Value::Int(i64::from(i16::from_be_bytes(fixed(2)?.try_into().map_err(|_| "length")?))),
        Type::FLOAT8 => Value::Real(f64::from_be_bytes(fixed(8)?.try_into().map_err(|_| "length")?)),
        Type::FLOAT4 => Value::Real(f64::from(f32::from_be_bytes(fixed(4)?.try_into().map_err(|_| "length")?))),
        Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN => {
            Value::Text(std::str::from_utf8(b).map_err(|e| e.to_string())?.to_owned())
        }
        Type::BYTEA => Value::Blob(b.to_vec()),
        _ => return Err(format!("type {ty} is not read")),
    })
}

/// `%XX` escapes decoded (a password as a URL carries it); anything else kept as it is.
fn percent_decoded(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match (b[i], b.get(i + 1).copied().and_then(hex), b.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (c, _, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// Whether the connection failed under the statement (rather than the statement failing):
/// closed, an I/O error, or the server ending the session (SQLSTATE class 08, connection
/// exception, and 57P, e.g. 57P01 after `pg_terminate_backend`).
fn broken(e: &tokio_postgres::Error) -> bool {
    e.is_closed()
        || e.code().is_some_and(|c| c.code().starts_with("08") || c.code().starts_with("57P"))
        || std::error::Error::source(e).is_some_and(|s| s.is::<std::io::Error>())
}

/// A PostgreSQL error as the store reports it: a server error by its SQLSTATE and message, a
/// broken connection as an I/O error.
fn pg_error(e: tokio_postgres::Error) -> StoreError {
    if let Some(db) = e.as_db_error() {
        return StoreError::Database(sqlx::Error::Protocol(format!(
            "PostgreSQL {}: {}",
            db.code().code(),
            db.message()
        )));
    }
    StoreError::Database(sqlx::Error::Io(std::io::Error::other(format!("PostgreSQL: {e}"))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_percent_decoded() {
        assert_eq!(percent_decoded("p%40ss%2Fw%C3%B6rd"), "p@ss/wörd".as_bytes());
        assert_eq!(percent_decoded("plain%2"), b"plain%2");
    }

    #[test]
    fn values_decode_from_the_binary_format() {
        assert_eq!(value(&Type::INT8, Some(&(-7i64).to_be_bytes())), Ok(Value::Int(-7)));
        assert_eq!(value(&Type::INT4, Some(&(300i32).to_be_bytes())), Ok(Value::Int(300)));
        assert_eq!(value(&Type::INT2, Some(&(-2i16).to_be_bytes())), Ok(Value::Int(-2)));
        assert_eq!(value(&Type::FLOAT8, Some(&(2.5f64).to_be_bytes())), Ok(Value::Real(2.5)));
        assert_eq!(value(&Type::FLOAT4, Some(&(0.5f32).to_be_bytes())), Ok(Value::Real(0.5)));
        assert_eq!(value(&Type::TEXT, Some("子育て".as_bytes())), Ok(Value::Text("子育て".into())));
        assert!(value(&Type::BOOL, Some(&[1])).is_err(), "flags are integers in the schema");
        assert_eq!(value(&Type::BYTEA, Some(&[0, 255])), Ok(Value::Blob(vec![0, 255])));
        assert_eq!(value(&Type::INT8, None), Ok(Value::Null));
        assert!(value(&Type::INT8, Some(&[0, 1])).is_err(), "a short integer");
        assert!(
            value(&Type::NUMERIC, Some(&[0, 0, 0, 0, 0, 0, 0, 0])).is_err(),
            "sqlx's Any does not read NUMERIC either"
        );
        assert!(value(&Type::TEXT, Some(&[0xff])).is_err(), "not UTF-8");
    }
}
