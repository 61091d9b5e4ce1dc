//! A whole year of the cycle in chromium (`tests/browser/cycle.mjs`): planning opens the
//! year, two departments draft and submit, one is returned and fixed, both are approved and
//! published, the initiative is evaluated in five stages (and the year locked and unlocked),
//! actuals, a review, comments and a 予算細事業 code are entered in a later revision, planning
//! imports the 財務会計 CSV, and the public pages show only published versions. Afterwards the database is checked too. Same prerequisites as
//! `browser.rs` (node, chromium, a Japanese font, `npm ci --prefix tests/browser`).
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code

mod common;

use common::browser::run_script;
use hoshin_app::access::Actor;
use hoshin_app::accounts::{create_user, UserInput};
use hoshin_app::notify::{MailConfig, NotifySettings, TlsMode};
use hoshin_app::App;
use hoshin_domain::*;
use hoshin_testkit::smtp_sink::SmtpSink;
use hoshin_testkit::TestDb;

const EMAIL_A: &str = "kodomo@city.example.lg.jp";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_whole_year_in_chromium() {
    let db = TestDb::sqlite().await.unwrap();
    let store = db.store.as_ref();
    let demo = hoshin_app::demo::seed_demo(store).await.unwrap();
    let org = demo.org_id;
    let depts = store.list_departments(org).await.unwrap();
    let a = depts.iter().find(|d| d.name == "こども未来部").unwrap();
    let b = depts.iter().find(|d| d.name == "環境部").unwrap();
    let mut users = serde_json::Map::new();
    for (key, login, role, dept) in [
        ("planning", "kikaku", Role::Planning, None),
        ("editorA", "kodomo", Role::Editor, Some(a.id)),
        ("editorB", "kankyo", Role::Editor, Some(b.id)),
        ("admin", "kanri", Role::Admin, None),
    ] {
        let password = hoshin_app::auth::token::random_token();
        let input = UserInput {
            org_id: org,
            login: login.into(),
            display_name: format!("{login} 担当"),
            password: password.clone(),
            role,
            departments: dept.into_iter().collect(),
        };
        create_user(store, &Actor::System, &input).await.unwrap();
        users.insert(key.into(), serde_json::json!({ "login": login, "password": password }));
    }
    let year = 2026;
    let cfg = serde_json::json!({
        "org": org.0, "year": year, "deptA": a.id.0, "deptB": b.id.0,
        "nameA": a.name, "nameB": b.name, "users": users, "emailA": EMAIL_A,
    });
    // A day of fiscal year 2026 (only the current and the next fiscal year can be opened).
    let sink = SmtpSink::start().await.unwrap();
    let notify = NotifySettings {
        mail: Some(MailConfig {
            host: "127.0.0.1".into(),
            port: sink.port,
            from: "hoshin@city.example.lg.jp".into(),
            tls: TlsMode::None,
            username: None,
            password: None,
            timeout_secs: 5,
        }),
        ..NotifySettings::default()
    };
    let app =
        App::new(db.store.clone()).with_today(hoshin_domain::Day::parse("2026-12-01").unwrap()).with_notify(notify);
    run_script(app.clone(), "cycle.mjs", &[("HOSHIN_CYCLE", cfg.to_string())]).await;

    // The e-mail the year's steps queued reach the SMTP sink, each once, and only the editor of
    // A gave an address: the return with its comment, approvals and publications of A.
    let run = hoshin_app::notify::scheduler::run_once(&app).await.unwrap();
    assert_eq!(run.mail.failed, 0, "{run:?}");
    let mails = sink.messages();
    assert_eq!(mails.len(), run.mail.sent);
    assert!(mails.iter().all(|m| m.to == [EMAIL_A]), "{:?}", mails.iter().map(|m| &m.to).collect::<Vec<_>>());
    let subjects: Vec<String> = mails.iter().map(|m| m.subject()).collect();
    let returned = mails.iter().find(|m| m.subject().starts_with("【差戻し】こども未来部")).expect("the return");
    assert!(returned.body().contains("目標値の根拠を概要に書き添えてください。"), "{}", returned.body());
    assert_eq!(subjects.iter().filter(|t| t.starts_with("【公開】こども未来部")).count(), 2, "{subjects:?}");
    assert!(!subjects.iter().any(|t| t.starts_with("【提出】")), "planning gave no address: {subjects:?}");
    let mut seen: Vec<(String, String)> = mails.iter().map(|m| (m.subject(), m.body())).collect();
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), mails.len(), "no e-mail twice");
    assert_eq!(hoshin_app::notify::scheduler::run_once(&app).await.unwrap().mail.sent, 0);

    // What the browser did is what the database holds.
    let y = FiscalYear::new(year).unwrap();
    let revs = store.revisions_of(a.id, y).await.unwrap();
    assert_eq!(revs.iter().map(|r| r.state).collect::<Vec<_>>(), [RevisionState::Published; 2]);
    assert!(revs[0].comment.is_some(), "the first revision was returned once");
    let published = store.department_initiatives(a.id, y, hoshin_store::Page::first(500)).await.unwrap();
    let salon = published.iter().find(|i| i.name == "地域の子育てサロンを全小学校区へ").unwrap();
    assert!(store.get_goal_review(salon.id, y).await.unwrap().is_some_and(|r| r.progress == Some(90)));
    let kpi = &store.indicators_of(IndicatorOwner::Initiative(salon.id)).await.unwrap()[0];
    assert_eq!(kpi.actuals.iter().map(|x| x.value.text.as_str()).collect::<Vec<_>>(), ["3,400人"]);
    // The mid-year value was published beside it, not over it.
    let mid = store.interim_actuals(&[kpi.id]).await.unwrap();
    assert_eq!(
        mid.iter().map(|v| (v.period.as_str(), v.value.text.as_str())).collect::<Vec<_>>(),
        [("midyear", "1,500人")]
    );
    assert_eq!(store.revisions_of(b.id, y).await.unwrap()[0].state, RevisionState::Published);
    // The year was published from the year page (issue 15), on the app's day.
    let cycle = store.get_cycle(org, y).await.unwrap().unwrap();
    assert_eq!(cycle.published_on, Some(hoshin_domain::Day::parse("2026-12-01").unwrap()));
    assert!(!store.audit_trail("initiatives", salon.id.0, hoshin_store::Page::first(50)).await.unwrap().is_empty());

    // The five stages were written on the published initiative, in the organization's order.
    let stages = store.review_stages(org).await.unwrap();
    let evaluations = store.stage_evaluations(org, y).await.unwrap();
    let mut written: Vec<i64> =
        evaluations.iter().filter(|e| e.initiative_id == salon.id).map(|e| e.stage_id).collect();
    written.sort_unstable();
    let mut all: Vec<i64> = stages.iter().map(|s| s.id).collect();
    all.sort_unstable();
    assert_eq!(written, all, "every stage once");
    assert!(evaluations.iter().all(|e| e.judgement.is_some() && e.comment.is_some()));
    assert!(store.review_lock(org, y).await.unwrap().is_none(), "unlocked again");
    // The initiative thread of the second revision holds the question and the answer.
    let comments = store.revision_comments(revs[1].id).await.unwrap();
    assert_eq!(comments.iter().filter(|c| c.initiative_id.is_some()).count(), 2, "{comments:?}");
    // The budget code travelled onto the published initiative, and the CSV line was stored in
    // yen (the file was in 千円).
    assert_eq!(store.budget_codes(&[salon.id]).await.unwrap(), [(salon.id, vec!["0301-0207".to_string()])]);
    let lines = store.budget_lines(org, &["0301-0207".into()]).await.unwrap();
    assert_eq!(lines.len(), 1);
    assert_eq!((lines[0].line.budget, lines[0].line.total_cost), (Some(12_345_000), Some(16_076_000)));
}
