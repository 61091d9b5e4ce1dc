//! The public page cache: rendered public pages kept in memory (bounded, TinyLFU eviction by
//! [`moka`]) with their gzip and brotli variants, served with an `ETag` (and `304 Not
//! Modified` on a matching `If-None-Match`) until the generation of public output moves
//! ([`hoshin_app::freshness`]: database triggers bump it in every transaction that writes what
//! a public page shows, whoever writes) or the search index applies a change (it follows the
//! database on its own clock, up to a second behind; `/search` and the similar initiatives of
//! an initiative page are read from it): an entry holds under the pair of both generations,
//! read before the page is rendered, so a render racing with a change is kept under the older
//! pair and never served once the change is visible.
//!
//! What is cached: `GET` of the public page routes ([`PUBLIC_PREFIXES`], [`PUBLIC_PATHS`]; the
//! CSV and zip downloads under `/orgs/` and `/indicators/` too, with their file names; the
//! search page with its words and filters) by anonymous clients, keyed by path and query string
//! (the only request inputs those pages read), when the answer is a `200` without `Set-Cookie`.
//! Never: the staff side, `/login`, `/healthz`, `/metrics`, any request carrying the session
//! cookie or an `Authorization` header (staff search finds their own drafts), and any answer
//! that sets a cookie. The layer is the outermost one, so a hit skips the rest of the stack: the
//! stored answer already carries the security headers (HSTS is added per request, as it
//! depends on how the client came in); a hit has no request id and no access-log line at `info`
//! (it is counted in `hoshin_page_cache_total{result="hit"}` and logged at `debug`).

pub mod encoding;

use crate::client::resolve;
use crate::session::{cookie, secure, SESSION_COOKIE};
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use encoding::Encoding;
use hoshin_app::{App, PageCacheConfig};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// Cache outcomes by `result` (`hit`, `not_modified`, `miss`, `bypass`).
pub const CACHE_REQUESTS: &str = "hoshin_page_cache_total";

/// Bytes the cache holds (as its bound counts them), set after each store.
pub const CACHE_BYTES: &str = "hoshin_page_cache_bytes";

/// Path prefixes of the public pages that may be cached (`/` itself matches exactly).
/// `/orgs/` includes the CSV and zip downloads (their `Content-Disposition` is kept with them);
/// `/api/` the JSON API and its OpenAPI document (their CORS header is kept with them).
pub const PUBLIC_PREFIXES: &[&str] =
    &["/orgs/", "/plans/", "/nodes/", "/initiatives/", "/indicators/", "/assets/", "/api/"];

/// Public pages cached by their exact path.
pub const PUBLIC_PATHS: &[&str] = &["/", "/opendata", "/api", "/search"];

/// Bytes counted per entry besides its bodies and key (headers, bookkeeping).
const ENTRY_OVERHEAD: u64 = 1024;

/// What a page was rendered under: the database's generation of public output and the search
/// index's ([`hoshin_app::search::SearchService::generation`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Generation {
    data: i64,
    index: u64,
}

/// One cached page.
#[derive(Debug)]
struct Entry {
    /// The generations it was rendered under.
    generation: Generation,
    /// The answer's headers (security headers, content type, cache control), without
    /// per-request ones (request id, HSTS) and without length or encoding.
    headers: HeaderMap,
    identity: Bytes,
    gzip: Option<Bytes>,
    brotli: Option<Bytes>,
    /// The ETag of the identity body, unquoted; other variants add a suffix.
    etag: String,
}

impl Entry {
    fn weight(&self, key: &str) -> u64 {
        let len = |b: &Option<Bytes>| b.as_ref().map_or(0, Bytes::len) as u64;
        ENTRY_OVERHEAD + key.len() as u64 + self.identity.len() as u64 + len(&self.gzip) + len(&self.brotli)
    }

    fn body(&self, enc: Encoding) -> &Bytes {
        match enc {
            Encoding::Gzip => self.gzip.as_ref().unwrap_or(&self.identity),
            Encoding::Brotli => self.brotli.as_ref().unwrap_or(&self.identity),
            Encoding::Identity => &self.identity,
        }
    }
}

/// The cache a router holds; see the module docs.
#[derive(Debug)]
pub struct PageCache {
    entries: Option<moka::sync::Cache<String, Arc<Entry>>>,
    /// The largest page stored (a quarter of the capacity).
    max_entry: u64,
}

impl PageCache {
    pub fn new(config: &PageCacheConfig) -> Arc<Self> {
        let entries = config.enabled.then(|| {
            moka::sync::Cache::builder()
                .max_capacity(config.max_bytes)
                .weigher(|k: &String, v: &Arc<Entry>| u32::try_from(v.weight(k)).unwrap_or(u32::MAX))
                .build()
        });
        Arc::new(Self { entries, max_entry: config.max_bytes / 4 })
    }

    /// Bytes held now (after pending evictions ran), as the bound counts them.
    pub fn weighted_size(&self) -> u64 {
        self.entries.as_ref().map_or(0, |c| {
            c.run_pending_tasks();
            c.weighted_size()
        })
    }

    /// Pages held now (after pending evictions ran).
    pub fn entry_count(&self) -> u64 {
        self.entries.as_ref().map_or(0, |c| {
            c.run_pending_tasks();
            c.entry_count()
        })
    }
}

/// The state of the cache layer.
#[derive(Debug, Clone)]
pub struct CacheLayer {
    pub app: App,
    pub cache: Arc<PageCache>,
}

/// Whether a request may be answered from (and stored into) the cache.
fn cacheable(req: &Request) -> bool {
    let path = req.uri().path();
    req.method() == Method::GET
        && (PUBLIC_PATHS.contains(&path) || PUBLIC_PREFIXES.iter().any(|p| path.starts_with(p)))
        && !req.headers().contains_key(header::AUTHORIZATION)
        && cookie(req.headers(), SESSION_COOKIE).is_none()
        && crate::error_pages::within_limits(req)
}

/// Whether an answer may be stored.
fn storable(res: &Response) -> bool {
    let h = res.headers();
    res.status() == StatusCode::OK
        && !h.contains_key(header::SET_COOKIE)
        && !h.contains_key(header::CONTENT_ENCODING)
        && !h
            .get(header::CACHE_CONTROL)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("no-store") || v.contains("private"))
}

fn count(result: &'static str) {
    metrics::counter!(CACHE_REQUESTS, "result" => result).increment(1);
}

/// The outermost layer: answers cached public pages, stores fresh ones.
pub async fn page_cache(State(state): State<CacheLayer>, req: Request, next: Next) -> Response {
    let Some(entries) = state.cache.entries.as_ref() else { return next.run(req).await };
    if !cacheable(&req) {
        count("bypass");
        return next.run(req).await;
    }
    let generation = match state.app.freshness.current().await {
        Ok(data) => Generation { data, index: state.app.search.generation() },
        Err(e) => {
            tracing::warn!(error = %e, "page cache: cannot read the generation of public output");
            count("bypass");
            return next.run(req).await;
        }
    };
    let key = req.uri().path_and_query().map_or("/", |p| p.as_str()).to_string();
    if let Some(entry) = entries.get(&key).filter(|e| e.generation == generation) {
        tracing::debug!(path = %key, "page cache hit");
        return answer(&state.app, &req, &entry);
    }
    let (parts, body) = req.into_parts();
    let head = Request::from_parts(parts.clone(), ());
    let res = next.run(Request::from_parts(parts, body)).await;
    if !storable(&res) {
        count("bypass");
        return res;
    }
    count("miss");
    let (mut res_parts, body) = res.into_parts();
    let bytes = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(b) => b,
        Err(e) => {
            tracing::warn!(error = %e, "page cache: reading a rendered page failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    if bytes.len() as u64 > state.cache.max_entry {
        return Response::from_parts(res_parts, Body::from(bytes));
    }
    let request_id = res_parts.headers.get(crate::observe::REQUEST_ID).cloned();
    let entry = Arc::new(make_entry(generation, std::mem::take(&mut res_parts.headers), bytes));
    entries.insert(key, Arc::clone(&entry));
    metrics::gauge!(CACHE_BYTES).set(entries.weighted_size() as f64);
    let mut res = answer(&state.app, &head, &entry);
    // The request that rendered the page keeps its id (it has a log line); hits have none.
    if let Some(id) = request_id {
        res.headers_mut().insert(crate::observe::REQUEST_ID, id);
    }
    res
}

fn make_entry(generation: Generation, mut headers: HeaderMap, identity: Bytes) -> Entry {
    for h in [
        header::CONTENT_LENGTH,
        header::STRICT_TRANSPORT_SECURITY,
        header::ETAG,
        header::VARY,
        HeaderName::from_static(crate::observe::REQUEST_ID),
    ] {
        headers.remove(h);
    }
    if !headers.contains_key(header::CACHE_CONTROL) {
        // Browsers may keep the page but ask again each time (a 304 costs a few bytes).
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    }
    let compress = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(encoding::compressible)
        && identity.len() >= 256;
    // Exactly the bytes: a rendered page's buffer and a compressor's output are grown by
    // doubling, and the cache would otherwise hold (but not count) up to twice what it stores.
    let identity = Bytes::copy_from_slice(&identity);
    let smaller = |v: Option<Vec<u8>>| {
        v.filter(|c| c.len() < identity.len()).map(|mut c| {
            c.shrink_to_fit();
            Bytes::from(c)
        })
    };
    let (gzip, brotli) = if compress {
        (smaller(encoding::gzip(&identity)), smaller(encoding::brotli(&identity)))
    } else {
        (None, None)
    };
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    identity.hash(&mut hasher);
    let etag = format!("{:016x}-{:x}", hasher.finish(), identity.len());
    Entry { generation, headers, identity, gzip, brotli, etag }
}

/// Whether `If-None-Match` names one of the entry's ETags (weak comparison, as for GET).
fn not_modified(req_headers: &HeaderMap, entry: &Entry) -> bool {
    req_headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|t| t.trim().trim_start_matches("W/").trim_matches('"'))
        .any(|t| t == "*" || t.strip_prefix(entry.etag.as_str()).is_some_and(|rest| ["", "-gz", "-br"].contains(&rest)))
}

/// The answer from a cache entry for this request: 304, or 200 with the negotiated body.
fn answer<B>(app: &App, req: &Request<B>, entry: &Entry) -> Response {
    let accept = req.headers().get(header::ACCEPT_ENCODING).and_then(|v| v.to_str().ok());
    let enc = encoding::negotiate(accept, entry.gzip.is_some(), entry.brotli.is_some());
    let etag = format!("\"{}{}\"", entry.etag, enc.etag_suffix());
    let mut res = if not_modified(req.headers(), entry) {
        count("not_modified");
        let mut r = StatusCode::NOT_MODIFIED.into_response();
        for (k, v) in &entry.headers {
            if k != header::CONTENT_TYPE {
                r.headers_mut().append(k, v.clone());
            }
        }
        r
    } else {
        count("hit");
        let mut r = Response::new(Body::from(entry.body(enc).clone()));
        *r.headers_mut() = entry.headers.clone();
        if let Some(ce) = enc.header() {
            r.headers_mut().insert(header::CONTENT_ENCODING, HeaderValue::from_static(ce));
        }
        r
    };
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    h.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    if secure(app, &resolve(peer_of(req), req.headers(), &app.trusted_proxies)) {
        h.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static(crate::headers::HSTS));
    }
    res
}

fn peer_of<B>(req: &Request<B>) -> Option<std::net::IpAddr> {
    req.extensions().get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip())
}
