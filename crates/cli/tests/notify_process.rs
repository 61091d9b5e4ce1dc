//! The scheduler inside `hoshin serve` (issue 15), as a process: with `[mail]` in hoshin.toml
//! pointing at a local SMTP sink, the server sends what a workflow step queued and the deadline
//! reminder due today; killed with SIGKILL and started again on the same database, it sends
//! nothing a second time. Also `hoshin user email`.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code

use hoshin_app::access::Actor;
use hoshin_app::cycle::{open_year, OpenYear};
use hoshin_domain::*;
use hoshin_store::{MailState, Page};
use hoshin_testkit::smtp_sink::SmtpSink;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

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

fn ok(o: &Output) -> String {
    let text = format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    assert!(o.status.success(), "{text}");
    text
}

/// `hoshin serve` in `dir` (which holds the hoshin.toml) on a free port.
fn start(dir: &Path, db: &str) -> Child {
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
    assert!(line.contains("http://"), "{line}");
    std::thread::spawn(move || for _ in lines {});
    child
}

fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as i64
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_sends_each_notification_once_across_a_kill() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("notify.db").display());
    let d = dir.path();
    ok(&hoshin(d, &["demo", "--db", &db, "--no-serve"], None));
    let add = [
        "user",
        "add",
        "--db",
        &db,
        "--org",
        "サンプル市",
        "--login",
        "taikyu",
        "--name",
        "耐久 試験",
        "--role",
        "planning",
        "--email",
        "taikyu@city.example.lg.jp",
    ];
    assert!(ok(&hoshin(d, &add, None)).contains("initial password"));
    let set = ok(&hoshin(d, &["user", "email", "--db", &db, "kodomo", "kodomo@city.example.lg.jp"], None));
    assert!(set.contains("mailed to kodomo@city.example.lg.jp"), "{set}");
    let bad = hoshin(d, &["user", "email", "--db", &db, "kodomo", "kodomo@"], None);
    assert!(!bad.status.success());

    // Next fiscal year opened with its policy deadline 15 days from today (Japan time); 環境部
    // submits, こども未来部 does not.
    let store = hoshin_store::open(&db).await.unwrap();
    let today = Day::of_unix_ms_jst(now_ms());
    let due = today.plus_days(15).unwrap();
    let year = today.fiscal_year().unwrap().next().unwrap();
    let org = store.find_organization_by_name("サンプル市").await.unwrap().unwrap().id;
    let input = OpenYear { policy_due: Some(due), copy_forward: true, ..OpenYear::default() };
    open_year(store.as_ref(), &Actor::System, org, year, &input, today).await.unwrap();
    let depts = store.list_departments(org).await.unwrap();
    let kankyo = depts.iter().find(|d| d.name == "環境部").unwrap();
    let kankyo_editor = store.find_user_by_login("kankyo").await.unwrap().unwrap().0;
    let rev = store.revisions_of(kankyo.id, year).await.unwrap().pop().unwrap();
    let who = Actor::User(kankyo_editor);
    let v = hoshin_app::editing::save_stance(store.as_ref(), &who, rev.id, rev.meta.version, "脱炭素を率先する", None)
        .await
        .unwrap();
    hoshin_app::workflow::transition(store.as_ref(), &who, rev.id, v, Transition::Submit, None).await.unwrap();
    store.close().await;

    let sink = SmtpSink::start().await.unwrap();
    let config = format!(
        "[mail]\nhost = \"127.0.0.1\"\nport = {}\ntls = \"none\"\nfrom = \"hoshin@city.example.lg.jp\"\n\n\
         [notify]\ninterval_secs = 1\nbase_url = \"https://hoshin.example.jp\"\n",
        sink.port
    );
    std::fs::write(d.join("hoshin.toml"), config).unwrap();

    let mut server = start(d, &db);
    let deadline = Instant::now() + Duration::from_secs(30);
    while sink.messages().len() < 2 {
        assert!(Instant::now() < deadline, "the server sent {:?}", sink.messages());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Killed once both are recorded as sent. (Killed between the relay's answer and that
    // record, a mail stays 「送信中」 until its lease runs out, then is marked failed and not
    // sent again — at most once, as `send_due` says; the test killed there at random.)
    let store = hoshin_store::open(&db).await.unwrap();
    while !store.outbox(0, 100).await.unwrap().iter().all(|m| m.state == MailState::Sent) {
        assert!(Instant::now() < deadline, "not recorded as sent: {:?}", store.outbox(0, 100).await.unwrap());
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    store.close().await;
    server.kill().unwrap();
    server.wait().unwrap();

    // Started again: several runs later, nothing more.
    let mut server = start(d, &db);
    tokio::time::sleep(Duration::from_secs(4)).await;
    Command::new("kill").args(["-TERM", &server.child_id()]).status().unwrap();
    assert!(server.wait().unwrap().success());

    let mails = sink.messages();
    let mut to: Vec<(String, String)> = mails.iter().map(|m| (m.to.join(","), m.subject())).collect();
    to.sort();
    let year_label = year.label();
    assert_eq!(
        to,
        [
            (
                "kodomo@city.example.lg.jp".to_string(),
                format!("【期限まであと15日】こども未来部の{year_label}部局運営方針の提出")
            ),
            ("taikyu@city.example.lg.jp".to_string(), format!("【提出】環境部の{year_label}部局運営方針")),
        ],
    );
    let reminder = mails.iter().find(|m| m.to == ["kodomo@city.example.lg.jp"]).unwrap();
    assert!(reminder.body().contains("https://hoshin.example.jp/manage/"), "{}", reminder.body());
    let store = hoshin_store::open(&db).await.unwrap();
    let outbox = store.outbox(0, 100).await.unwrap();
    assert_eq!(outbox.len(), 2);
    assert!(outbox.iter().all(|m| m.state == MailState::Sent && m.attempts == 1), "{outbox:?}");
    let kodomo = store.find_user_by_login("kodomo").await.unwrap().unwrap().0;
    let inbox = store.notifications_of(kodomo.id, Page::first(10)).await.unwrap();
    assert_eq!(inbox.iter().filter(|n| n.kind == "deadline").count(), 1);
    store.close().await;
}

trait ChildId {
    fn child_id(&self) -> String;
}

impl ChildId for Child {
    fn child_id(&self) -> String {
        self.id().to_string()
    }
}
