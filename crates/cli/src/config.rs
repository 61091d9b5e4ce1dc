//! The one typed configuration: defaults, then an optional `hoshin.toml`, then `HOSHIN_*`
//! environment variables, then command-line flags — each layer overriding the one before.

use anyhow::{bail, Context, Result};
use hoshin_app::net::IpRange;
use hoshin_app::notify::{MailConfig, NotifySettings, TlsMode};
use hoshin_app::PageCacheConfig;
use hoshin_store::Location;
use serde::Deserialize;
use std::fmt;
use std::path::{Path, PathBuf};

/// The config file looked for in the working directory when `--config` is not given.
pub const DEFAULT_FILE: &str = "hoshin.toml";
pub const DEFAULT_DB: &str = "sqlite://hoshin.db";
pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";
pub const DEFAULT_LOG: &str = "info,tantivy=warn";
/// MiB of search answers a server keeps until its index changes.
pub const DEFAULT_SEARCH_CACHE_MB: usize = 32;
/// The search index directory when the database is not a file.
pub const DEFAULT_INDEX: &str = "hoshin-index";

/// A database URL (`sqlite://…` or `postgres://…`); its `Debug` and `Display` hide the password.
/// Parsed by the store's own [`Location::parse`], the one rule for what a URL may be.
#[derive(Clone, PartialEq, Eq)]
pub struct DbUrl {
    url: String,
    location: Location,
}

pub use hoshin_store::Backend;

impl DbUrl {
    /// Accepts `sqlite://PATH`, `sqlite:PATH`, `postgres://…`, `postgresql://…`, or a bare file
    /// path (taken as SQLite).
    pub fn parse(s: &str) -> Result<Self> {
        let s = s.trim();
        if s.is_empty() {
            bail!("empty database URL");
        }
        let Ok(location) = Location::parse(s) else {
            bail!("unsupported database URL {}: use sqlite://PATH or postgres://…", redact(s));
        };
        let url = match &location {
            Location::Sqlite(_) if !s.starts_with("sqlite:") => format!("sqlite://{s}"),
            _ => s.to_string(),
        };
        Ok(Self { url, location })
    }

    pub fn backend(&self) -> Backend {
        match self.location {
            Location::Sqlite(_) => Backend::Sqlite,
            Location::Postgres(_) => Backend::Postgres,
        }
    }

    /// Where the search index lives unless configured: beside an SQLite file
    /// (`hoshin.db` → `hoshin.db.index`), `hoshin-index` in the working directory otherwise.
    pub fn default_index(&self) -> PathBuf {
        match &self.location {
            Location::Postgres(_) => PathBuf::from(DEFAULT_INDEX),
            Location::Sqlite(path) => {
                let mut file = path.clone().into_os_string();
                file.push(".index");
                PathBuf::from(file)
            }
        }
    }

    /// The full URL, password included: only for handing to the store.
    pub fn expose(&self) -> &str {
        &self.url
    }
}

/// Replaces the password of `scheme://user:password@host…` with `***`.
pub fn redact(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else {
        return url.to_string();
    };
    let rest = &url[scheme_end + 3..];
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    match (authority.rfind('@'), authority.find(':')) {
        (Some(at), Some(colon)) if colon < at => {
            format!("{}{}:***{}", &url[..scheme_end + 3], &authority[..colon], &rest[at..])
        }
        _ => url.to_string(),
    }
}

impl fmt::Debug for DbUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DbUrl({:?})", redact(&self.url))
    }
}

impl fmt::Display for DbUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&redact(&self.url))
    }
}

/// The resolved configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub db: DbUrl,
    /// Address `serve` and `demo` listen on.
    pub addr: String,
    /// A `tracing` filter (`info`, `hoshin=debug,sqlx=warn` …).
    pub log: String,
    /// Always mark the session cookie `Secure` and send HSTS (set when serving behind TLS;
    /// requests a trusted proxy marks `X-Forwarded-Proto: https` get both anyway).
    pub secure_cookies: bool,
    /// Reverse proxies whose `X-Forwarded-For` / `X-Forwarded-Proto` are believed (addresses
    /// or CIDR blocks). Empty: forwarded headers are ignored, the socket peer is the client.
    pub trusted_proxies: Vec<IpRange>,
    /// Who may read `/metrics` (by socket address, never through a proxy). Default: loopback.
    pub metrics_from: Vec<IpRange>,
    /// `text` (one human-readable line per event) or `json` (one JSON object per line).
    pub log_format: LogFormat,
    /// The search index directory (derived data; each server holds its own).
    pub index: PathBuf,
    /// The public page cache (`[cache]`).
    pub cache: PageCacheConfig,
    /// MiB of search answers kept until the index changes (0: no cache).
    pub search_cache_mb: usize,
    /// Milliseconds an initiative page waits for its similar initiatives before it links to
    /// them instead (`similar_wait_ms`, `HOSHIN_SIMILAR_WAIT_MS`).
    pub similar_wait_ms: u64,
    /// `[import]`: the staff import page's size limit and the organization's field labels.
    pub import: ImportConfig,
    /// `[mail]` and `[notify]`: e-mail through SMTP, deadline reminders, the scheduler.
    pub notify: NotifySettings,
}

/// `[mail]` as written (every key optional). `Debug` hides the password.
#[derive(Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailSection {
    /// Off: notifications stay in the inbox (default: on once `host` is set).
    pub enabled: Option<bool>,
    pub host: Option<String>,
    pub port: Option<u16>,
    pub from: Option<String>,
    /// `none`, `starttls` (default) or `tls`.
    pub tls: Option<String>,
    pub username: Option<String>,
    pub password: Option<String>,
    pub timeout_secs: Option<u64>,
}

impl fmt::Debug for MailSection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MailSection")
            .field("enabled", &self.enabled)
            .field("host", &self.host)
            .field("port", &self.port)
            .field("from", &self.from)
            .field("tls", &self.tls)
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "***"))
            .field("timeout_secs", &self.timeout_secs)
            .finish()
    }
}

impl MailSection {
    fn over(self, b: Self) -> Self {
        Self {
            enabled: self.enabled.or(b.enabled),
            host: self.host.or(b.host),
            port: self.port.or(b.port),
            from: self.from.or(b.from),
            tls: self.tls.or(b.tls),
            username: self.username.or(b.username),
            password: self.password.or(b.password),
            timeout_secs: self.timeout_secs.or(b.timeout_secs),
        }
    }
}

/// `[notify]` as written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotifySection {
    /// Days before a deadline a reminder goes out (default `[15]`).
    pub remind_before_days: Option<Vec<u32>>,
    /// Days after a deadline a reminder goes out (default `[3]`).
    pub remind_after_days: Option<Vec<u32>>,
    /// How often the scheduler runs, in seconds (default 60).
    pub interval_secs: Option<u64>,
    /// This site's address for links in e-mail.
    pub base_url: Option<String>,
}

impl NotifySection {
    fn over(self, b: Self) -> Self {
        Self {
            remind_before_days: self.remind_before_days.or(b.remind_before_days),
            remind_after_days: self.remind_after_days.or(b.remind_after_days),
            interval_secs: self.interval_secs.or(b.interval_secs),
            base_url: self.base_url.or(b.base_url),
        }
    }
}

/// Notifications from the `[mail]` and `[notify]` layers.
fn notify_settings(mail: MailSection, notify: NotifySection) -> Result<NotifySettings> {
    let default = NotifySettings::default();
    let mail = match (&mail.host, mail.enabled) {
        (None, Some(true)) => bail!("mail.enabled = true needs mail.host (HOSHIN_MAIL_HOST)"),
        (None, _) | (Some(_), Some(false)) => None,
        (Some(host), _) => {
            let tls = match &mail.tls {
                None => TlsMode::default(),
                Some(t) => TlsMode::parse(t)
                    .with_context(|| format!("mail.tls must be \"none\", \"starttls\" or \"tls\", not {t:?}"))?,
            };
            let port = mail.port.unwrap_or(match tls {
                TlsMode::None => 25,
                TlsMode::Starttls => 587,
                TlsMode::Tls => 465,
            });
            let Some(from) = mail.from.clone() else { bail!("[mail] needs from (the sender address)") };
            let config = MailConfig {
                host: host.clone(),
                port,
                from,
                tls,
                username: mail.username.clone(),
                password: mail.password.clone(),
                timeout_secs: mail.timeout_secs.unwrap_or(30),
            };
            config.check().map_err(anyhow::Error::msg)?;
            Some(config)
        }
    };
    let interval_secs = notify.interval_secs.unwrap_or(default.interval_secs);
    if interval_secs == 0 {
        bail!("notify.interval_secs must be at least 1");
    }
    Ok(NotifySettings {
        mail,
        remind_before: notify.remind_before_days.unwrap_or(default.remind_before),
        remind_after: notify.remind_after_days.unwrap_or(default.remind_after),
        interval_secs,
        base_url: notify.base_url.map(|u| u.trim_end_matches('/').to_string()).filter(|u| !u.is_empty()),
    })
}

/// The `[cache]` table: the public page cache.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CacheSection {
    /// Off: every request renders its page.
    pub enabled: Option<bool>,
    /// Megabytes the cached pages may hold (every stored encoding counted).
    pub max_mb: Option<u64>,
}

impl CacheSection {
    fn over(self, base: Self) -> Self {
        Self { enabled: self.enabled.or(base.enabled), max_mb: self.max_mb.or(base.max_mb) }
    }
}

/// The page cache's settings from the `[cache]` layers (defaults: on, 64 MB).
fn cache_config(section: CacheSection) -> Result<PageCacheConfig> {
    let default = PageCacheConfig::default();
    let max_bytes = match section.max_mb {
        None => default.max_bytes,
        Some(mb) if (1..=1_048_576).contains(&mb) => mb * 1024 * 1024,
        Some(_) => bail!("cache.max_mb (HOSHIN_CACHE_MAX_MB) must be a number of megabytes from 1 to 1048576"),
    };
    Ok(PageCacheConfig { enabled: section.enabled.unwrap_or(default.enabled), max_bytes })
}

/// `[import]` of hoshin.toml.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportConfig {
    /// The largest file the staff import page accepts, in MiB (`max_upload_mib`, default 32).
    pub max_upload_mib: u64,
    /// `[import.labels]`: field name → the organization's own labels for it.
    pub labels: std::collections::BTreeMap<String, Vec<String>>,
}

impl Default for ImportConfig {
    fn default() -> Self {
        Self { max_upload_mib: DEFAULT_MAX_UPLOAD_MIB, labels: Default::default() }
    }
}

pub const DEFAULT_MAX_UPLOAD_MIB: u64 = 32;

/// `[import]` as written in the file (every key optional).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportLayer {
    pub max_upload_mib: Option<u64>,
    pub labels: Option<std::collections::BTreeMap<String, Vec<String>>>,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}

impl LogFormat {
    fn parse(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "text" => Ok(LogFormat::Text),
            "json" => Ok(LogFormat::Json),
            other => bail!("log_format must be \"text\" or \"json\", not {other:?}"),
        }
    }
}

/// A list of addresses in the file (an array of strings) or the environment (one string,
/// comma- or space-separated).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum Ranges {
    List(Vec<String>),
    Text(String),
}

impl Ranges {
    fn parse(&self, key: &str) -> Result<Vec<IpRange>> {
        let joined = match self {
            Ranges::List(items) => items.join(","),
            Ranges::Text(t) => t.clone(),
        };
        IpRange::parse_list(&joined)
            .with_context(|| format!("{key}: addresses or CIDR blocks, like 10.0.0.1 or 10.0.0.0/8"))
    }
}

/// One layer: every field optional. The TOML file deserializes into this; env vars and flags
/// are collected into it too.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Layer {
    pub db: Option<String>,
    pub addr: Option<String>,
    pub log: Option<String>,
    pub secure_cookies: Option<bool>,
    pub trusted_proxies: Option<Ranges>,
    pub metrics_from: Option<Ranges>,
    pub log_format: Option<String>,
    pub index: Option<String>,
    pub cache: Option<CacheSection>,
    pub search_cache_mb: Option<usize>,
    pub similar_wait_ms: Option<u64>,
    pub import: Option<ImportLayer>,
    pub mail: Option<MailSection>,
    pub notify: Option<NotifySection>,
}

impl Layer {
    /// Reads a TOML file.
    pub fn from_file(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        toml::from_str(&text).with_context(|| format!("parsing {}", path.display()))
    }

    /// Reads `HOSHIN_DB`, `HOSHIN_ADDR`, `HOSHIN_LOG`, `HOSHIN_SECURE_COOKIES`,
    /// `HOSHIN_TRUSTED_PROXIES`, `HOSHIN_METRICS_FROM`, `HOSHIN_LOG_FORMAT`, `HOSHIN_INDEX`,
    /// `HOSHIN_CACHE_ENABLED`, `HOSHIN_CACHE_MAX_MB`, `HOSHIN_SEARCH_CACHE_MB`, `HOSHIN_SIMILAR_WAIT_MS`,
    /// `HOSHIN_MAX_UPLOAD_MIB`
    /// from the given variables (pass
    /// `std::env::vars()`; tests pass their own).
    pub fn from_env(vars: impl IntoIterator<Item = (String, String)>) -> Self {
        let mut layer = Self::default();
        for (k, v) in vars {
            match k.as_str() {
                "HOSHIN_DB" => layer.db = Some(v),
                "HOSHIN_ADDR" => layer.addr = Some(v),
                "HOSHIN_LOG" => layer.log = Some(v),
                "HOSHIN_INDEX" => layer.index = Some(v),
                "HOSHIN_SEARCH_CACHE_MB" => layer.search_cache_mb = v.trim().parse().ok(),
                "HOSHIN_SIMILAR_WAIT_MS" => layer.similar_wait_ms = v.trim().parse().ok(),
                "HOSHIN_SECURE_COOKIES" => layer.secure_cookies = Some(matches!(v.trim(), "1" | "true" | "yes" | "on")),
                "HOSHIN_TRUSTED_PROXIES" => layer.trusted_proxies = Some(Ranges::Text(v)),
                "HOSHIN_METRICS_FROM" => layer.metrics_from = Some(Ranges::Text(v)),
                "HOSHIN_LOG_FORMAT" => layer.log_format = Some(v),
                "HOSHIN_CACHE_ENABLED" => {
                    layer.cache.get_or_insert_with(CacheSection::default).enabled =
                        Some(matches!(v.trim(), "1" | "true" | "yes" | "on"));
                }
                "HOSHIN_CACHE_MAX_MB" => {
                    // Not a number: a value that fails below, saying which key.
                    layer.cache.get_or_insert_with(CacheSection::default).max_mb =
                        Some(v.trim().parse().unwrap_or(u64::MAX));
                }
                "HOSHIN_MAIL_ENABLED" => {
                    layer.mail.get_or_insert_with(MailSection::default).enabled =
                        Some(matches!(v.trim(), "1" | "true" | "yes" | "on"));
                }
                "HOSHIN_MAIL_HOST" => layer.mail.get_or_insert_with(MailSection::default).host = Some(v),
                "HOSHIN_MAIL_PORT" => layer.mail.get_or_insert_with(MailSection::default).port = v.trim().parse().ok(),
                "HOSHIN_MAIL_FROM" => layer.mail.get_or_insert_with(MailSection::default).from = Some(v),
                "HOSHIN_MAIL_TLS" => layer.mail.get_or_insert_with(MailSection::default).tls = Some(v),
                "HOSHIN_MAIL_USERNAME" => layer.mail.get_or_insert_with(MailSection::default).username = Some(v),
                "HOSHIN_MAIL_PASSWORD" => layer.mail.get_or_insert_with(MailSection::default).password = Some(v),
                "HOSHIN_BASE_URL" => layer.notify.get_or_insert_with(NotifySection::default).base_url = Some(v),
                "HOSHIN_MAX_UPLOAD_MIB" => {
                    if let Ok(n) = v.trim().parse() {
                        layer.import = Some(ImportLayer { max_upload_mib: Some(n), labels: None });
                    }
                }
                _ => {}
            }
        }
        layer
    }

    fn over(self, base: Self) -> Self {
        Self {
            db: self.db.or(base.db),
            addr: self.addr.or(base.addr),
            log: self.log.or(base.log),
            secure_cookies: self.secure_cookies.or(base.secure_cookies),
            trusted_proxies: self.trusted_proxies.or(base.trusted_proxies),
            metrics_from: self.metrics_from.or(base.metrics_from),
            log_format: self.log_format.or(base.log_format),
            index: self.index.or(base.index),
            cache: match (self.cache, base.cache) {
                (Some(a), Some(b)) => Some(a.over(b)),
                (a, b) => a.or(b),
            },
            search_cache_mb: self.search_cache_mb.or(base.search_cache_mb),
            similar_wait_ms: self.similar_wait_ms.or(base.similar_wait_ms),
            import: match (self.import, base.import) {
                (Some(a), Some(b)) => Some(ImportLayer {
                    max_upload_mib: a.max_upload_mib.or(b.max_upload_mib),
                    labels: a.labels.or(b.labels),
                }),
                (a, b) => a.or(b),
            },
            mail: match (self.mail, base.mail) {
                (Some(a), Some(b)) => Some(a.over(b)),
                (a, b) => a.or(b),
            },
            notify: match (self.notify, base.notify) {
                (Some(a), Some(b)) => Some(a.over(b)),
                (a, b) => a.or(b),
            },
        }
    }
}

impl Config {
    /// Layers: defaults → the file (`explicit_file`, else `hoshin.toml` in `dir` when present) →
    /// env → flags. An explicit file that does not exist is an error.
    pub fn load(
        explicit_file: Option<&Path>,
        dir: &Path,
        env: impl IntoIterator<Item = (String, String)>,
        flags: Layer,
    ) -> Result<Self> {
        let file = match explicit_file {
            Some(p) => Layer::from_file(p)?,
            None => {
                let p = dir.join(DEFAULT_FILE);
                if p.is_file() {
                    Layer::from_file(&p)?
                } else {
                    Layer::default()
                }
            }
        };
        let merged = flags.over(Layer::from_env(env).over(file));
        let db = DbUrl::parse(merged.db.as_deref().unwrap_or(DEFAULT_DB))?;
        let index = merged.index.map(PathBuf::from).unwrap_or_else(|| db.default_index());
        Ok(Self {
            index,
            search_cache_mb: merged.search_cache_mb.unwrap_or(DEFAULT_SEARCH_CACHE_MB),
            similar_wait_ms: merged.similar_wait_ms.unwrap_or(hoshin_app::search::SIMILAR_WAIT.as_millis() as u64),
            db,
            addr: merged.addr.unwrap_or_else(|| DEFAULT_ADDR.to_string()),
            log: merged.log.unwrap_or_else(|| DEFAULT_LOG.to_string()),
            secure_cookies: merged.secure_cookies.unwrap_or(false),
            trusted_proxies: match &merged.trusted_proxies {
                Some(r) => r.parse("trusted_proxies")?,
                None => Vec::new(),
            },
            metrics_from: match &merged.metrics_from {
                Some(r) => r.parse("metrics_from")?,
                None => IpRange::loopback(),
            },
            log_format: merged.log_format.as_deref().map(LogFormat::parse).transpose()?.unwrap_or_default(),
            cache: cache_config(merged.cache.unwrap_or_default())?,
            import: {
                let i = merged.import.unwrap_or_default();
                ImportConfig {
                    max_upload_mib: i.max_upload_mib.unwrap_or(DEFAULT_MAX_UPLOAD_MIB),
                    labels: i.labels.unwrap_or_default(),
                }
            },
            notify: notify_settings(merged.mail.unwrap_or_default(), merged.notify.unwrap_or_default())?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn defaults_when_nothing_is_given() {
        let dir = tempfile::tempdir().unwrap();
        let c = Config::load(None, dir.path(), env(&[]), Layer::default()).unwrap();
        assert_eq!(c.db.expose(), DEFAULT_DB);
        assert_eq!(c.db.backend(), Backend::Sqlite);
        assert_eq!(c.addr, DEFAULT_ADDR);
        assert_eq!(c.log, DEFAULT_LOG);
        assert!(!c.secure_cookies);
        let c = Config::load(None, dir.path(), env(&[("HOSHIN_SECURE_COOKIES", "true")]), Layer::default()).unwrap();
        assert!(c.secure_cookies);
    }

    #[test]
    fn file_then_env_then_flags() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(DEFAULT_FILE),
            "db = \"sqlite://from-file.db\"\naddr = \"0.0.0.0:1\"\nlog = \"warn\"\n",
        )
        .unwrap();
        let c = Config::load(None, dir.path(), env(&[]), Layer::default()).unwrap();
        assert_eq!((c.db.expose(), c.addr.as_str(), c.log.as_str()), ("sqlite://from-file.db", "0.0.0.0:1", "warn"));

        let e = env(&[("HOSHIN_ADDR", "127.0.0.1:2"), ("HOSHIN_LOG", "debug"), ("PATH", "/bin")]);
        let c = Config::load(None, dir.path(), e.clone(), Layer::default()).unwrap();
        assert_eq!((c.db.expose(), c.addr.as_str(), c.log.as_str()), ("sqlite://from-file.db", "127.0.0.1:2", "debug"));

        let flags = Layer { db: Some("postgres://u:pw@h/db".into()), ..Layer::default() };
        let c = Config::load(None, dir.path(), e, flags).unwrap();
        assert_eq!((c.db.expose(), c.addr.as_str()), ("postgres://u:pw@h/db", "127.0.0.1:2"));
        assert_eq!(c.db.backend(), Backend::Postgres);
    }

    #[test]
    fn explicit_file_wins_over_working_dir_and_must_exist() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(DEFAULT_FILE), "db = \"a.db\"\n").unwrap();
        let other = dir.path().join("other.toml");
        std::fs::write(&other, "db = \"b.db\"\n").unwrap();
        let c = Config::load(Some(&other), dir.path(), env(&[]), Layer::default()).unwrap();
        assert_eq!(c.db.expose(), "sqlite://b.db");
        assert!(Config::load(Some(&dir.path().join("missing.toml")), dir.path(), env(&[]), Layer::default()).is_err());
    }

    #[test]
    fn proxies_metrics_and_log_format() {
        let dir = tempfile::tempdir().unwrap();
        let c = Config::load(None, dir.path(), env(&[]), Layer::default()).unwrap();
        assert!(c.trusted_proxies.is_empty(), "no proxy is trusted unless configured");
        assert_eq!(c.metrics_from, IpRange::loopback());
        assert_eq!(c.log_format, LogFormat::Text);
        std::fs::write(
            dir.path().join(DEFAULT_FILE),
            "trusted_proxies = [\"10.0.0.1\", \"192.168.10.0/24\"]\nlog_format = \"json\"\n",
        )
        .unwrap();
        let c = Config::load(None, dir.path(), env(&[]), Layer::default()).unwrap();
        assert_eq!(c.trusted_proxies.len(), 2);
        assert_eq!(c.log_format, LogFormat::Json);
        let e = env(&[("HOSHIN_TRUSTED_PROXIES", "127.0.0.1, ::1"), ("HOSHIN_METRICS_FROM", "10.9.0.0/16")]);
        let c = Config::load(None, dir.path(), e, Layer::default()).unwrap();
        assert_eq!(c.trusted_proxies.len(), 2);
        assert_eq!(c.metrics_from[0].to_string(), "10.9.0.0/16");
        for bad in [("HOSHIN_TRUSTED_PROXIES", "proxy.example"), ("HOSHIN_LOG_FORMAT", "xml")] {
            assert!(Config::load(None, dir.path(), env(&[bad]), Layer::default()).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn page_cache_section() {
        let dir = tempfile::tempdir().unwrap();
        let c = Config::load(None, dir.path(), env(&[]), Layer::default()).unwrap();
        assert_eq!(c.cache, PageCacheConfig::default());
        std::fs::write(dir.path().join(DEFAULT_FILE), "[cache]\nmax_mb = 16\n").unwrap();
        let c = Config::load(None, dir.path(), env(&[]), Layer::default()).unwrap();
        assert_eq!(c.cache, PageCacheConfig { enabled: true, max_bytes: 16 << 20 });
        let c = Config::load(None, dir.path(), env(&[("HOSHIN_CACHE_ENABLED", "false")]), Layer::default()).unwrap();
        assert_eq!(c.cache, PageCacheConfig { enabled: false, max_bytes: 16 << 20 }, "env keeps the file's size");
        for bad in ["0", "lots"] {
            assert!(Config::load(None, dir.path(), env(&[("HOSHIN_CACHE_MAX_MB", bad)]), Layer::default()).is_err());
        }
    }

    #[test]
    fn import_section_with_labels() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(DEFAULT_FILE),
            "[import]\nmax_upload_mib = 8\n\n[import.labels]\nname = [\"細々事業名\"]\n",
        )
        .unwrap();
        let c = Config::load(None, dir.path(), env(&[]), Layer::default()).unwrap();
        assert_eq!(c.import.max_upload_mib, 8);
        assert_eq!(c.import.labels["name"], ["細々事業名"]);
        let c = Config::load(None, dir.path(), env(&[("HOSHIN_MAX_UPLOAD_MIB", "2")]), Layer::default()).unwrap();
        assert_eq!((c.import.max_upload_mib, c.import.labels.len()), (2, 1));
        std::fs::write(dir.path().join(DEFAULT_FILE), "[import]\nmax_upload = 8\n").unwrap();
        assert!(Config::load(None, dir.path(), env(&[]), Layer::default()).is_err());
    }

    #[test]
    fn unknown_keys_in_the_file_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(DEFAULT_FILE), "databse = \"x\"\n").unwrap();
        assert!(Config::load(None, dir.path(), env(&[]), Layer::default()).is_err());
    }

    #[test]
    fn mail_and_notify_sections() {
        let dir = tempfile::tempdir().unwrap();
        let c = Config::load(None, dir.path(), env(&[]), Layer::default()).unwrap();
        assert_eq!(c.notify, NotifySettings::default(), "no [mail]: the inbox only");
        std::fs::write(
            dir.path().join(DEFAULT_FILE),
            "[mail]\nhost = \"smtp.example.jp\"\nfrom = \"hoshin@example.jp\"\nusername = \"hoshin\"\n\
             password = \"m41l-s3cret\"\n\n[notify]\nremind_before_days = [15, 5]\nbase_url = \"https://h.example.jp/\"\n",
        )
        .unwrap();
        let c = Config::load(None, dir.path(), env(&[]), Layer::default()).unwrap();
        let mail = c.notify.mail.clone().unwrap();
        assert_eq!((mail.port, mail.tls, mail.timeout_secs), (587, TlsMode::Starttls, 30));
        assert_eq!(c.notify.remind_before, [15, 5]);
        assert_eq!(c.notify.remind_after, [3]);
        assert_eq!(c.notify.base_url.as_deref(), Some("https://h.example.jp"));
        assert!(!format!("{c:?}").contains("m41l-s3cret"), "the SMTP password is redacted");
        let file = Layer::from_file(&dir.path().join(DEFAULT_FILE)).unwrap();
        assert!(!format!("{file:?}").contains("m41l-s3cret"));
        // The environment overrides the file; disabled keeps the inbox only.
        let c = Config::load(None, dir.path(), env(&[("HOSHIN_MAIL_TLS", "tls")]), Layer::default()).unwrap();
        assert_eq!(c.notify.mail.map(|m| (m.tls, m.port)), Some((TlsMode::Tls, 465)));
        let c = Config::load(None, dir.path(), env(&[("HOSHIN_MAIL_ENABLED", "0")]), Layer::default()).unwrap();
        assert_eq!(c.notify.mail, None);
        assert!(Config::load(None, dir.path(), env(&[("HOSHIN_MAIL_TLS", "ssl")]), Layer::default()).is_err());
        assert!(Config::load(None, dir.path(), env(&[("HOSHIN_MAIL_FROM", "nobody")]), Layer::default()).is_err());
        std::fs::write(dir.path().join(DEFAULT_FILE), "[mail]\nenabled = true\n").unwrap();
        assert!(Config::load(None, dir.path(), env(&[]), Layer::default()).is_err(), "enabled without a host");
    }

    #[test]
    fn passwords_are_redacted() {
        let u = DbUrl::parse("postgres://hoshin:s3cret@db.example:5432/hoshin?sslmode=disable").unwrap();
        let shown = format!("{u:?} {u}");
        assert!(!shown.contains("s3cret"), "{shown}");
        assert!(shown.contains("postgres://hoshin:***@db.example:5432/hoshin"), "{shown}");
        let c = Config {
            db: u,
            addr: String::new(),
            log: String::new(),
            secure_cookies: false,
            trusted_proxies: Vec::new(),
            metrics_from: Vec::new(),
            log_format: LogFormat::Text,
            cache: PageCacheConfig::default(),
            index: PathBuf::new(),
            search_cache_mb: DEFAULT_SEARCH_CACHE_MB,
            similar_wait_ms: hoshin_app::search::SIMILAR_WAIT.as_millis() as u64,
            import: ImportConfig::default(),
            notify: NotifySettings::default(),
        };
        assert!(!format!("{c:?}").contains("s3cret"));
        assert_eq!(redact("postgres://postgres@127.0.0.1:54329/x"), "postgres://postgres@127.0.0.1:54329/x");
        assert_eq!(redact("sqlite://a:b.db"), "sqlite://a:b.db");
    }

    #[test]
    fn the_index_sits_beside_the_database_unless_configured() {
        let dir = tempfile::tempdir().unwrap();
        let c = Config::load(None, dir.path(), env(&[]), Layer::default()).unwrap();
        assert_eq!(c.index, PathBuf::from("hoshin.db.index"));
        let c = Config::load(None, dir.path(), env(&[("HOSHIN_DB", "postgres://h/db")]), Layer::default()).unwrap();
        assert_eq!(c.index, PathBuf::from(DEFAULT_INDEX));
        let e = env(&[("HOSHIN_INDEX", "/var/lib/hoshin/index")]);
        let c = Config::load(None, dir.path(), e.clone(), Layer::default()).unwrap();
        assert_eq!(c.index, PathBuf::from("/var/lib/hoshin/index"));
        let flags = Layer { index: Some("x".into()), ..Layer::default() };
        assert_eq!(Config::load(None, dir.path(), e, flags).unwrap().index, PathBuf::from("x"));
    }

    #[test]
    fn the_search_cache_is_on_by_default_and_can_be_turned_off() {
        let dir = tempfile::tempdir().unwrap();
        let c = Config::load(None, dir.path(), env(&[]), Layer::default()).unwrap();
        assert_eq!(c.search_cache_mb, DEFAULT_SEARCH_CACHE_MB);
        let c = Config::load(None, dir.path(), env(&[("HOSHIN_SEARCH_CACHE_MB", "0")]), Layer::default()).unwrap();
        assert_eq!(c.search_cache_mb, 0);
    }

    #[test]
    fn the_wait_for_similar_initiatives_is_set_by_file_or_environment() {
        let dir = tempfile::tempdir().unwrap();
        let c = Config::load(None, dir.path(), env(&[]), Layer::default()).unwrap();
        assert_eq!(c.similar_wait_ms, 15);
        let file = dir.path().join("hoshin.toml");
        std::fs::write(&file, "similar_wait_ms = 200\n").unwrap();
        assert_eq!(Config::load(Some(&file), dir.path(), env(&[]), Layer::default()).unwrap().similar_wait_ms, 200);
        let e = env(&[("HOSHIN_SIMILAR_WAIT_MS", "0")]);
        assert_eq!(Config::load(Some(&file), dir.path(), e, Layer::default()).unwrap().similar_wait_ms, 0);
    }

    #[test]
    fn urls_and_paths() {
        assert_eq!(DbUrl::parse("demo.db").unwrap().expose(), "sqlite://demo.db");
        assert_eq!(DbUrl::parse("postgresql://h/db").unwrap().backend(), Backend::Postgres);
        assert!(DbUrl::parse("mysql://x").is_err());
        assert!(DbUrl::parse(" ").is_err());
    }
}
