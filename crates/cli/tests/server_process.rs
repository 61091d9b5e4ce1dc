//! The `hoshin serve` process (issue 12): killed with SIGKILL in the middle of a stream of
//! writes, it loses none it acknowledged — on SQLite and on PostgreSQL — and comes back with
//! the same sessions; stopped with SIGTERM, it stops accepting but finishes the request in
//! flight (a form still being uploaded), which is then stored, and exits 0.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const PASSWORD: &str = "taikyu-shiken-2026";

fn hoshin(dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_hoshin"));
    cmd.current_dir(dir).args(args).env("HOSHIN_LOG", "warn");
    for (k, _) in std::env::vars() {
        if k.starts_with("HOSHIN_") && k != "HOSHIN_LOG" {
            cmd.env_remove(k);
        }
    }
    let mut child = cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    if let Some(s) = stdin {
        child.stdin.take().unwrap().write_all(s.as_bytes()).unwrap();
    }
    child.wait_with_output().unwrap()
}

fn ok(o: &Output) {
    assert!(o.status.success(), "{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
}

struct Server {
    child: Child,
    addr: String,
}

/// Starts `hoshin serve` on a free port and waits until it says where.
fn start(dir: &Path, db: &str) -> Server {
    let log = std::fs::OpenOptions::new().create(true).append(true).open(dir.join("server.log")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_hoshin"))
        .current_dir(dir)
        .args(["serve", "--db", db, "--addr", "127.0.0.1:0"])
        .env("HOSHIN_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(log)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let line = lines.next().expect("the server says where it listens").unwrap();
    let at = line.find("http://").unwrap_or_else(|| panic!("{line}")) + 7;
    let addr = line[at..].split('/').next().unwrap().to_string();
    // Keep draining stdout so the server never blocks on it.
    std::thread::spawn(move || for _ in lines {});
    Server { child, addr }
}

fn signal(child: &Child, sig: &str) {
    assert!(Command::new("kill").args([sig, &child.id().to_string()]).status().unwrap().success());
}

#[derive(Debug)]
struct Resp {
    status: u16,
    head: String,
    body: String,
}

impl Resp {
    fn cookie(&self, name: &str) -> Option<String> {
        self.head.lines().filter_map(|l| l.strip_prefix("set-cookie: ")).find_map(|c| {
            let kv = c.split(';').next()?;
            (kv.starts_with(&format!("{name}=")) && kv.len() > name.len() + 1).then(|| kv.to_string())
        })
    }

    fn csrf(&self) -> String {
        let at = self.body.find("name=\"_csrf\" value=\"").expect("a form") + 20;
        self.body[at..].split('"').next().unwrap().to_string()
    }
}

fn parse(raw: &[u8]) -> Resp {
    let text = String::from_utf8_lossy(raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    Resp { status, head: head.to_string(), body: body.to_string() }
}

fn head_of(method: &str, path: &str, cookie: &str, body: &str) -> String {
    let mut h = format!("{method} {path} HTTP/1.1\r\nhost: test\r\nconnection: close\r\n");
    if !cookie.is_empty() {
        h.push_str(&format!("cookie: {cookie}\r\n"));
    }
    if method == "POST" {
        h.push_str(&format!("content-type: application/x-www-form-urlencoded\r\ncontent-length: {}\r\n", body.len()));
    }
    h.push_str("\r\n");
    h
}

/// One request on its own connection.
fn request(addr: &str, method: &str, path: &str, cookie: &str, form: &[(&str, &str)]) -> std::io::Result<Resp> {
    let body = serde_urlencoded_like(form);
    let mut s = TcpStream::connect(addr)?;
    s.set_read_timeout(Some(Duration::from_secs(20)))?;
    s.write_all(head_of(method, path, cookie, &body).as_bytes())?;
    s.write_all(body.as_bytes())?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw)?;
    if raw.is_empty() {
        return Err(std::io::ErrorKind::UnexpectedEof.into());
    }
    Ok(parse(&raw))
}

/// `a=1&b=%E3%81%82` (enough of application/x-www-form-urlencoded for these forms).
fn serde_urlencoded_like(form: &[(&str, &str)]) -> String {
    let enc = |s: &str| {
        s.bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b"-_.".contains(&b) {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect::<String>()
    };
    form.iter().map(|(k, v)| format!("{}={}", enc(k), enc(v))).collect::<Vec<_>>().join("&")
}

/// Signs in as the test's planner; returns the session cookie and its CSRF token.
fn sign_in(addr: &str) -> (String, String) {
    let page = request(addr, "GET", "/login", "", &[]).unwrap();
    let login_cookie = page.cookie("hoshin_login").unwrap();
    let res = request(
        addr,
        "POST",
        "/login",
        &login_cookie,
        &[("_csrf", &page.csrf()), ("login", "taikyu"), ("password", PASSWORD), ("next", "/manage")],
    )
    .unwrap();
    assert_eq!(res.status, 303, "{}", res.body);
    let session = res.cookie("hoshin_session").unwrap();
    let home = request(addr, "GET", "/manage", &session, &[]).unwrap();
    assert_eq!(home.status, 200, "{}", home.body);
    let csrf = home.csrf();
    (session, csrf)
}

/// The demo city with a planner account, and こども未来部's id.
async fn prepare(dir: &Path, db: &str) -> i64 {
    ok(&hoshin(dir, &["demo", "--db", db, "--no-serve"], None));
    let args = [
        "user",
        "add",
        "--db",
        db,
        "--org",
        "サンプル市",
        "--login",
        "taikyu",
        "--name",
        "耐久 試験",
        "--role",
        "planning",
        "--password-stdin",
    ];
    ok(&hoshin(dir, &args, Some(&format!("{PASSWORD}\n"))));
    let mut c = connect(db).await;
    sqlx::query_scalar("SELECT id FROM departments WHERE name = 'こども未来部'").fetch_one(&mut c).await.unwrap()
}

async fn connect(db: &str) -> sqlx::AnyConnection {
    sqlx::any::install_default_drivers();
    <sqlx::AnyConnection as sqlx::Connection>::connect(db).await.unwrap()
}

/// Opens a revision of こども未来部's 2025 policy through the server; returns its id.
async fn open_revision(addr: &str, session: &str, csrf: &str, db: &str, dept: i64) -> i64 {
    let res =
        request(addr, "POST", &format!("/manage/2025/departments/{dept}/revise"), session, &[("_csrf", csrf)]).unwrap();
    assert_eq!(res.status, 303, "{}", res.body);
    let mut c = connect(db).await;
    sqlx::query_scalar("SELECT id FROM policy_revisions WHERE department_id = $1 AND state = 'draft'")
        .bind(dept)
        .fetch_one(&mut c)
        .await
        .unwrap()
}

async fn names_in(db: &str, rev: i64) -> Vec<String> {
    let mut c = connect(db).await;
    sqlx::query_scalar("SELECT name FROM initiatives WHERE revision_id = $1").bind(rev).fetch_all(&mut c).await.unwrap()
}

async fn killed_mid_write(db: &str, dir: &Path) {
    let dept = prepare(dir, db).await;
    let mut server = start(dir, db);
    let addr = server.addr.clone();
    let (session, csrf) = sign_in(&addr);
    let rev = open_revision(&addr, &session, &csrf, db, dept).await;

    // A writer adds initiatives one after another and notes each acknowledged one (303).
    let stop = Arc::new(AtomicBool::new(false));
    let (flag, a, s, t) = (stop.clone(), addr.clone(), session.clone(), csrf.clone());
    let writer = std::thread::spawn(move || {
        let mut acked = Vec::new();
        for n in 0.. {
            if flag.load(Ordering::Relaxed) {
                break;
            }
            let name = format!("耐久試験の取組{n}");
            let path = format!("/manage/revisions/{rev}/initiatives");
            match request(&a, "POST", &path, &s, &[("_csrf", &t), ("name", &name)]) {
                Ok(r) if r.status == 303 => acked.push(name),
                Ok(r) => panic!("unexpected answer {}: {}", r.status, r.body),
                Err(_) => break, // the server is gone: this one was never acknowledged
            }
        }
        acked
    });
    std::thread::sleep(Duration::from_millis(1500));
    signal(&server.child, "-KILL");
    let _ = server.child.wait();
    stop.store(true, Ordering::Relaxed);
    let acked = writer.join().unwrap();
    assert!(acked.len() >= 5, "the writer got going: {}", acked.len());

    // Every acknowledged write is there; the restarted server serves them, sessions included.
    let stored = names_in(db, rev).await;
    let lost: Vec<&String> = acked.iter().filter(|n| !stored.contains(n)).collect();
    assert!(lost.is_empty(), "acknowledged but lost after SIGKILL: {lost:?} ({} acknowledged)", acked.len());
    let mut again = start(dir, db);
    let health = request(&again.addr, "GET", "/healthz", "", &[]).unwrap();
    assert_eq!(health.status, 200, "{}", health.body);
    let page = request(&again.addr, "GET", &format!("/manage/2025/departments/{dept}"), &session, &[]).unwrap();
    assert_eq!(page.status, 200, "the session survived the restart");
    assert!(page.body.contains(acked.last().unwrap()), "the last acknowledged write is served");
    signal(&again.child, "-TERM");
    assert!(again.child.wait().unwrap().success());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_loses_no_acknowledged_write_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("durable.db").display());
    killed_mid_write(&db, dir.path()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_loses_no_acknowledged_write_postgres() {
    let dir = tempfile::tempdir().unwrap();
    let db = hoshin_testkit::pg_cluster::fresh_database().await.unwrap();
    killed_mid_write(&db, dir.path()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_finishes_the_request_in_flight() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("graceful.db").display());
    let dept = prepare(dir.path(), &db).await;
    let mut server = start(dir.path(), &db);
    let addr = server.addr.clone();
    let (session, csrf) = sign_in(&addr);
    let rev = open_revision(&addr, &session, &csrf, &db, dept).await;

    // A form half uploaded when SIGTERM arrives.
    let body = serde_urlencoded_like(&[("_csrf", &csrf), ("name", "停止中に送られた取組")]);
    let path = format!("/manage/revisions/{rev}/initiatives");
    let mut s = TcpStream::connect(&addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    s.write_all(head_of("POST", &path, &session, &body).as_bytes()).unwrap();
    s.write_all(&body.as_bytes()[..10]).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    signal(&server.child, "-TERM");
    // No longer accepting…
    let deadline = Instant::now() + Duration::from_secs(5);
    while TcpStream::connect(&addr).is_ok() {
        assert!(Instant::now() < deadline, "still accepting connections after SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    }
    // …but the request in flight completes.
    s.write_all(&body.as_bytes()[10..]).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let res = parse(&raw);
    assert_eq!(res.status, 303, "{}", res.head);
    let status = server.child.wait().unwrap();
    assert!(status.success(), "exit status {status}");
    assert!(names_in(&db, rev).await.contains(&"停止中に送られた取組".to_string()));
    let log = std::fs::read_to_string(dir.path().join("server.log")).unwrap();
    assert!(log.contains("SIGTERM"), "{log}");
}
