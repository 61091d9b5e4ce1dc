//! Bulk inserts for large imports and the synthetic generator: multi-row `INSERT … VALUES
//! (…), (…)` statements, chunked so a statement stays under SQLite's 32,766 bound
//! parameters (PostgreSQL allows 65,535). Full chunks reuse one SQL text, so each table
//! costs one prepared statement. SQLite gets anonymous `?` placeholders here: looking up
//! a numbered `$N` parameter's name is a linear scan in SQLite, which makes binding a
//! statement of n parameters O(n²) (a 2,000-row statement was 40× slower per row than a
//! 50-row one). Ids come back from `RETURNING id`, sorted: both backends
//! number the rows of one statement in VALUES order, so sorted ids line up with the input.

use crate::conv::placeholders;
use crate::error::{Result, StoreError};
use crate::records::Backend;
use sqlx::any::AnyArguments;
use sqlx::{Any, AnyConnection, Row};

/// Bind parameters per statement, below SQLite's limit.
const MAX_BINDS: usize = 32_000;
/// Rows per statement at most (keeps statements and their buffers moderate).
const MAX_ROWS: usize = 2_000;

pub(crate) type Q<'q> = sqlx::query::Query<'q, Any, AnyArguments<'q>>;

/// Binds one row's values (`now` is the batch's timestamp).
pub(crate) type Binder<T> = for<'q> fn(Q<'q>, &'q T, i64) -> Result<Q<'q>>;

/// One table's bulk statement: `head` is `INSERT INTO t (c1, …, cn, version) VALUES `; each
/// row binds `binds` values and ends with the literal version 1.
pub(crate) struct Batch {
    pub head: &'static str,
    pub binds: usize,
    pub returning: bool,
}

impl Batch {
    fn rows_per_chunk(&self) -> usize {
        (MAX_BINDS / self.binds).clamp(1, MAX_ROWS)
    }

    fn sql(&self, rows: usize, backend: Backend) -> String {
        let mut sql = String::with_capacity(self.head.len() + rows * (self.binds * 7 + 8));
        sql.push_str(self.head);
        for r in 0..rows {
            if r > 0 {
                sql.push_str(", ");
            }
            sql.push('(');
            match backend {
                Backend::Sqlite => sql.push_str(&anonymous_placeholders(self.binds)),
                Backend::Postgres => sql.push_str(&placeholders(r * self.binds + 1, self.binds)),
            }
            sql.push_str(", 1)");
        }
        if self.returning {
            sql.push_str(" RETURNING id");
        }
        sql
    }
}

/// `?, ?, …` for `n` parameters.
fn anonymous_placeholders(n: usize) -> String {
    let mut s = String::with_capacity(n * 3);
    for i in 0..n {
        s.push_str(if i == 0 { "?" } else { ", ?" });
    }
    s
}

/// Inserts `rows`; returns their ids in input order when the batch returns ids.
pub(crate) async fn run<T>(
    c: &mut AnyConnection,
    backend: Backend,
    batch: &Batch,
    rows: &[T],
    bind: Binder<T>,
    now: i64,
) -> Result<Vec<i64>> {
    let per = batch.rows_per_chunk();
    let full_sql = if rows.len() >= per { batch.sql(per, backend) } else { String::new() };
    let mut ids = Vec::with_capacity(if batch.returning { rows.len() } else { 0 });
    for chunk in rows.chunks(per) {
        let tail_sql;
        let sql = if chunk.len() == per {
            full_sql.as_str()
        } else {
            tail_sql = batch.sql(chunk.len(), backend);
            tail_sql.as_str()
        };
        let mut q = sqlx::query(sql);
        for row in chunk {
            q = bind(q, row, now)?;
        }
        if batch.returning {
            let mut got = Vec::with_capacity(chunk.len());
            for row in q.fetch_all(&mut *c).await? {
                got.push(row.try_get::<i64, _>(0)?);
            }
            if got.len() != chunk.len() {
                return Err(StoreError::Corrupt(format!("inserted {} rows, got {} ids", chunk.len(), got.len())));
            }
            got.sort_unstable();
            ids.extend(got);
        } else {
            q.execute(&mut *c).await?;
        }
    }
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    const B: Batch = Batch { head: "INSERT INTO t (a, b, version) VALUES ", binds: 2, returning: true };

    #[test]
    fn statements_per_backend() {
        assert_eq!(B.sql(2, Backend::Sqlite), "INSERT INTO t (a, b, version) VALUES (?, ?, 1), (?, ?, 1) RETURNING id");
        assert_eq!(
            B.sql(2, Backend::Postgres),
            "INSERT INTO t (a, b, version) VALUES ($1, $2, 1), ($3, $4, 1) RETURNING id"
        );
    }

    #[test]
    fn chunks_stay_under_the_bind_limit() {
        for binds in [1, 5, 17, 23, 40_000] {
            let b = Batch { head: "", binds, returning: false };
            let per = b.rows_per_chunk();
            assert!((1..=MAX_ROWS).contains(&per));
            assert!(per * binds <= MAX_BINDS.max(binds), "{binds}");
        }
        const { assert!(MAX_BINDS < 32_766) };
    }
}
