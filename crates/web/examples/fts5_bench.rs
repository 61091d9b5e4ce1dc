//! The baseline for `scripts/bench-search.sh`: the same documents the search index holds, in
//! an SQLite FTS5 table with the trigram tokenizer, served over HTTP so wrk can measure both
//! the same way.
//!
//! ```sh
//! cargo run --release -p hoshin-web --example fts5_bench -- build DB FTS.db   # builds the table
//! cargo run --release -p hoshin-web --example fts5_bench -- serve FTS.db 127.0.0.1:18099
//! curl '127.0.0.1:18099/fts?q=防災訓練'                                       # top 20 + total
//! ```
//!
//! A query is the words ANDed, each a trigram phrase (FTS5 trigram matches substrings of 3+
//! characters; shorter words find nothing). Answers are ranked by bm25 with `snippet()` and
//! the total count, as HTML — no facets, so it does less than `/search` does.

use axum::extract::{Query, State};
use axum::response::Html;
use axum::routing::get;
use axum::Router;
use hoshin_web::html::escape;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use sqlx::{Row, SqlitePool};
use std::collections::HashMap;
use std::str::FromStr;
use std::time::Instant;

type Res<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

#[tokio::main]
async fn main() -> Res<()> {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("build") if args.len() == 4 => build(&args[2], &args[3]).await,
        Some("serve") if args.len() == 4 => serve(&args[2], &args[3]).await,
        _ => Err("usage: fts5_bench build DB FTS.db | serve FTS.db ADDR".into()),
    }
}

async fn build(db: &str, fts: &str) -> Res<()> {
    let started = Instant::now();
    let store = hoshin_store::open(db).await?;
    let _ = std::fs::remove_file(fts);
    let opts = SqliteConnectOptions::from_str(&format!("sqlite://{fts}"))?.create_if_missing(true);
    let pool = SqlitePoolOptions::new().max_connections(1).connect_with(opts).await?;
    sqlx::query("PRAGMA journal_mode = OFF").execute(&pool).await?;
    sqlx::query("PRAGMA synchronous = OFF").execute(&pool).await?;
    sqlx::query(
        "CREATE VIRTUAL TABLE docs USING fts5(title, body, url UNINDEXED, org UNINDEXED, tokenize = 'trigram')",
    )
    .execute(&pool)
    .await?;
    let (tx, mut rx) = tokio::sync::mpsc::channel(4);
    let writer = {
        let pool = pool.clone();
        tokio::spawn(async move {
            let mut n = 0u64;
            while let Some(batch) = rx.recv().await {
                let batch: Vec<hoshin_app::search::IndexDoc> = batch;
                let mut t = pool.begin().await?;
                for d in batch.iter().filter(|d| d.visibility == hoshin_app::search::Visibility::Public) {
                    sqlx::query("INSERT INTO docs (title, body, url, org) VALUES (?, ?, ?, ?)")
                        .bind(&d.title)
                        .bind(&d.body)
                        .bind(&d.url)
                        .bind(&d.org_name)
                        .execute(&mut *t)
                        .await?;
                    n += 1;
                }
                t.commit().await?;
            }
            Ok::<u64, sqlx::Error>(n)
        })
    };
    hoshin_app::search::documents(store.as_ref(), &tx, &|_| {}).await?;
    drop(tx);
    let n = writer.await??;
    sqlx::query("INSERT INTO docs (docs) VALUES ('optimize')").execute(&pool).await?;
    pool.close().await;
    let bytes = std::fs::metadata(fts)?.len();
    println!("fts5: {n} documents in {:.1} s, {:.1} MiB", started.elapsed().as_secs_f64(), bytes as f64 / 1048576.0);
    Ok(())
}

async fn serve(fts: &str, addr: &str) -> Res<()> {
    let opts = SqliteConnectOptions::from_str(&format!("sqlite://{fts}"))?.read_only(true);
    let pool = SqlitePoolOptions::new().max_connections(4).connect_with(opts).await?;
    let app = Router::new().route("/fts", get(search)).with_state(pool);
    let listener = tokio::net::TcpListener::bind(addr).await?;
    println!("fts5 on http://{}/fts?q=", listener.local_addr()?);
    axum::serve(listener, app).await?;
    Ok(())
}

/// `a b` → `"a" AND "b"` (each word a quoted FTS5 string).
fn fts_query(q: &str) -> String {
    q.split_whitespace().map(|w| format!("\"{}\"", w.replace('"', "\"\""))).collect::<Vec<_>>().join(" AND ")
}

async fn search(State(pool): State<SqlitePool>, Query(p): Query<HashMap<String, String>>) -> Html<String> {
    let q = fts_query(p.get("q").map(String::as_str).unwrap_or(""));
    let total: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM docs WHERE docs MATCH ?").bind(&q).fetch_one(&pool).await.unwrap_or(0);
    let rows = sqlx::query(
        "SELECT title, url, org, snippet(docs, 1, '<mark>', '</mark>', '…', 24) AS snip FROM docs \
         WHERE docs MATCH ? ORDER BY bm25(docs, 2.0, 1.0) LIMIT 20",
    )
    .bind(&q)
    .fetch_all(&pool)
    .await
    .unwrap_or_default();
    let mut html = format!("<!doctype html><p>{total}件</p><ol>");
    for r in rows {
        let (t, u, o, s): (String, String, String, String) =
            (r.get("title"), r.get("url"), r.get("org"), r.get("snip"));
        let (t, o) = (escape(&t), escape(&o));
        // The snippet's own text is escaped; only the <mark> tags FTS5 inserted stay markup.
        let s = escape(&s).replace("&lt;mark&gt;", "<mark>").replace("&lt;/mark&gt;", "</mark>");
        html.push_str(&format!("<li><a href=\"{u}\">{t}</a> {o}<p>{s}</p></li>"));
    }
    html.push_str("</ol>");
    Html(html)
}
