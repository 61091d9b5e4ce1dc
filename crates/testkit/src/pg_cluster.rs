//! A throwaway PostgreSQL cluster for the tests of one process.
//!
//! Started lazily (once, behind a `OnceLock`) from Debian's binaries in
//! `/usr/lib/postgresql/<version>/bin`, with its data directory and unix socket under
//! `target/pg-test/<pid>` and a free loopback port (`HOSHIN_PG_BIN` overrides where the
//! binaries are). `initdb` refuses to run as root, so as
//! root the cluster runs as the `postgres` user via `runuser`. A detached watchdog stops
//! the cluster and removes its directory when the test process exits; directories left by
//! processes that died anyway are cleaned up on the next start.

use anyhow::{anyhow, bail, Context, Result};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

/// A running cluster.
#[derive(Debug)]
pub struct Cluster {
    pub port: u16,
    pub dir: PathBuf,
}

impl Cluster {
    /// A URL for one database of this cluster.
    pub fn url(&self, db: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{db}", self.port)
    }
}

static CLUSTER: OnceLock<Result<Cluster, String>> = OnceLock::new();
static NEXT_DB: AtomicU64 = AtomicU64::new(1);

/// The process's cluster, started on first call.
pub fn cluster() -> Result<&'static Cluster> {
    CLUSTER.get_or_init(|| start().map_err(|e| format!("{e:#}"))).as_ref().map_err(|e| anyhow!("{e}"))
}

/// Creates an empty database in the cluster and returns its URL.
pub async fn fresh_database() -> Result<String> {
    let cluster = tokio::task::spawn_blocking(|| cluster().map(|c| (c.port, c.dir.clone()))).await??;
    let c = Cluster { port: cluster.0, dir: cluster.1 };
    let name = format!("hoshin_test_{}", NEXT_DB.fetch_add(1, Ordering::SeqCst));
    let mut admin = <sqlx::PgConnection as sqlx::Connection>::connect(&c.url("postgres"))
        .await
        .context("connecting to the test cluster")?;
    // A database name cannot be a bind parameter; this one is generated above, never user input.
    sqlx::Executor::execute(&mut admin, format!("CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8'").as_str())
        .await
        .context("creating a test database")?;
    sqlx::Connection::close(admin).await?;
    Ok(c.url(&name))
}

const INSTALL_HINT: &str = "PostgreSQL is required by the store test suite and is not installed: \
     run `apt-get update && apt-get install -y postgresql` (Debian), then run the tests again";

/// `$HOSHIN_PG_BIN` when set, else the newest `/usr/lib/postgresql/<version>/bin` with
/// `initdb` and `pg_ctl`.
pub fn pg_bin() -> Result<PathBuf> {
    if let Some(dir) = std::env::var_os("HOSHIN_PG_BIN") {
        let bin = PathBuf::from(dir);
        if bin.join("initdb").exists() && bin.join("pg_ctl").exists() {
            return Ok(bin);
        }
        bail!("{INSTALL_HINT} (HOSHIN_PG_BIN={} has no initdb and pg_ctl)", bin.display());
    }
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .map_err(|_| anyhow!("{INSTALL_HINT} (no /usr/lib/postgresql)"))?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let version: u32 = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            (bin.join("initdb").exists() && bin.join("pg_ctl").exists()).then_some((version, bin))
        })
        .collect();
    found.sort();
    found.pop().map(|(_, b)| b).ok_or_else(|| anyhow!("{INSTALL_HINT} (no initdb under /usr/lib/postgresql/*/bin)"))
}

fn is_root() -> bool {
    std::fs::metadata("/proc/self").map(|m| m.uid() == 0).unwrap_or(false)
}

/// A command run as the `postgres` user when we are root.
fn pg_command(bin: &Path, tool: &str) -> Command {
    if is_root() {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(bin.join(tool));
        c
    } else {
        Command::new(bin.join(tool))
    }
}

fn run(mut cmd: Command, what: &str) -> Result<()> {
    let out = cmd.stdin(Stdio::null()).output().with_context(|| format!("running {what}"))?;
    if !out.status.success() {
        bail!(
            "{what} failed ({}):\n{}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(())
}

/// `target/pg-test`, found from the test binary's path (`target/debug/deps/<test>`).
fn base_dir() -> Result<PathBuf> {
    let exe = std::env::current_exe().context("locating the test binary")?;
    let target = exe
        .ancestors()
        .find(|p| p.file_name().is_some_and(|n| n == "deps"))
        .and_then(|deps| deps.parent())
        .and_then(|profile| profile.parent())
        .map(Path::to_path_buf)
        .unwrap_or_else(std::env::temp_dir);
    Ok(target.join("pg-test"))
}

/// Stops and removes clusters whose test process is gone.
fn clean_stale(base: &Path, bin: &Path) {
    let Ok(entries) = std::fs::read_dir(base) else { return };
    for e in entries.flatten() {
        let Some(pid) = e.file_name().to_str().and_then(|s| s.parse::<u32>().ok()) else { continue };
        if Path::new(&format!("/proc/{pid}")).exists() {
            continue;
        }
        let data = e.path().join("data");
        if data.join("postmaster.pid").exists() {
            let mut stop = pg_command(bin, "pg_ctl");
            stop.arg("-D").arg(&data).args(["-m", "immediate", "-w", "stop"]);
            let _ = stop.stdout(Stdio::null()).stderr(Stdio::null()).status();
        }
        let _ = std::fs::remove_dir_all(e.path());
    }
}

fn free_port() -> Result<u16> {
    let l = std::net::TcpListener::bind("127.0.0.1:0").context("finding a free port")?;
    Ok(l.local_addr()?.port())
}

fn start() -> Result<Cluster> {
    let bin = pg_bin()?;
    let base = base_dir()?;
    std::fs::create_dir_all(&base).with_context(|| format!("creating {}", base.display()))?;
    clean_stale(&base, &bin);
    let dir = base.join(std::process::id().to_string());
    let _ = std::fs::remove_dir_all(&dir);
    let (data, sock) = (dir.join("data"), dir.join("sock"));
    std::fs::create_dir_all(&data)?;
    std::fs::create_dir_all(&sock)?;
    if is_root() {
        run(
            {
                let mut c = Command::new("chown");
                c.args(["-R", "postgres:postgres"]).arg(&dir);
                c
            },
            "chown",
        )?;
    }
    let mut initdb = pg_command(&bin, "initdb");
    initdb.arg("-D").arg(&data).args(["-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "-N"]);
    run(initdb, "initdb")?;

    let port = free_port()?;
    // Unix socket paths are limited to ~107 bytes; under a deep target dir, TCP alone.
    let sock_dir = if sock.as_os_str().len() < 80 { format!("'{}'", sock.display()) } else { "''".to_string() };
    let opts = format!(
        "-p {port} -k {sock_dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off \
         -c full_page_writes=off -c max_connections=200"
    );
    let mut pg_ctl = pg_command(&bin, "pg_ctl");
    pg_ctl.arg("-D").arg(&data).arg("-l").arg(dir.join("server.log")).args(["-o", &opts, "-w", "start"]);
    run(pg_ctl, "pg_ctl start")?;
    spawn_watchdog(&bin, &dir, &data)?;
    Ok(Cluster { port, dir })
}

/// A detached shell that waits for this process to exit, then stops the cluster and
/// removes its directory.
fn spawn_watchdog(bin: &Path, dir: &Path, data: &Path) -> Result<()> {
    let runas = if is_root() { "runuser -u postgres -- " } else { "" };
    let script = format!(
        "while kill -0 {pid} 2>/dev/null; do sleep 1; done; {runas}'{pg_ctl}' -D '{data}' -m immediate -w stop; rm -rf '{dir}'",
        pid = std::process::id(),
        pg_ctl = bin.join("pg_ctl").display(),
        data = data.display(),
        dir = dir.display(),
    );
    Command::new("setsid")
        .args(["sh", "-c", &script])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .context("starting the cluster watchdog")?;
    Ok(())
}
