//! Notifications (issue 15) through the use cases, on SQLite and PostgreSQL, with e-mail
//! delivered to a local SMTP sink the test starts: who is told of submit / return / approve /
//! publish (never the person who acted), what a rolled-back step leaves (nothing), deadline
//! reminders written and sent once however often and by however many servers the scheduler
//! runs, a mail server that is down (the e-mail waits and goes out later), and the inbox.
#![allow(clippy::unwrap_used)]

use hoshin_app::access::Actor;
use hoshin_app::accounts::{create_user, UserInput};
use hoshin_app::cycle::{open_year, OpenYear};
use hoshin_app::notify::deadlines::{not_updated, remind, remind_with, DeadlineKind, Memo};
use hoshin_app::notify::{inbox, mailer, scheduler, MailConfig, NotifySettings, TlsMode};
use hoshin_app::workflow::transition;
use hoshin_app::{App, AppError};
use hoshin_domain::*;
use hoshin_store::{Backend, MailState, Page, Store};
use hoshin_testkit::smtp_sink::SmtpSink;
use hoshin_testkit::TestDb;
use std::sync::Arc;

async fn user(store: &dyn Store, org: OrgId, login: &str, role: Role, depts: Vec<DepartmentId>) -> Actor {
    let input = UserInput {
        org_id: org,
        login: login.into(),
        display_name: login.to_string(),
        password: "試験用のパスワード123".into(),
        role,
        departments: depts,
    };
    let id = create_user(store, &Actor::System, &input).await.unwrap();
    Actor::User(store.get_user(id).await.unwrap())
}

fn settings(port: u16) -> NotifySettings {
    NotifySettings {
        mail: Some(MailConfig {
            host: "127.0.0.1".into(),
            port,
            from: "hoshin@city.example.lg.jp".into(),
            tls: TlsMode::None,
            username: None,
            password: None,
            timeout_secs: 5,
        }),
        base_url: Some("https://hoshin.example.jp".into()),
        ..NotifySettings::default()
    }
}

fn id(a: &Actor) -> UserId {
    a.user_id().unwrap()
}

async fn inbox_of(store: &dyn Store, a: &Actor) -> Vec<hoshin_store::Notification> {
    store.notifications_of(id(a), Page::first(100)).await.unwrap()
}

fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as i64
}

async fn notifications(backend: Backend) {
    let db = TestDb::new(backend).await.unwrap();
    let store: Arc<dyn Store> = db.store.clone();
    let s = store.as_ref();
    let sink = SmtpSink::start().await.unwrap();
    let demo = hoshin_app::demo::seed_demo(s).await.unwrap();
    let org = demo.org_id;
    let depts = s.list_departments(org).await.unwrap();
    let kodomo = depts.iter().find(|d| d.name == "こども未来部").unwrap().clone();
    let others: Vec<Department> =
        depts.iter().filter(|d| d.parent_id.is_none() && d.id != kodomo.id).cloned().collect();
    let other = others[0].clone();
    let planner = user(s, org, "kikaku", Role::Planning, vec![]).await;
    let admin = user(s, org, "kanri", Role::Admin, vec![]).await;
    let editor = user(s, org, "kodomo", Role::Editor, vec![kodomo.id]).await;
    let editor2 = user(s, org, "kodomo2", Role::Editor, vec![kodomo.id]).await;
    let other_editor = user(s, org, "hoka", Role::Editor, vec![other.id]).await;
    let viewer = user(s, org, "etsuran", Role::Viewer, vec![]).await;
    let base = App::new(store.clone());
    for (a, mail) in [
        (&planner, "kikaku@city.example.lg.jp"),
        (&admin, "kanri@city.example.lg.jp"),
        (&editor, "kodomo@city.example.lg.jp"),
        (&other_editor, "hoka@city.example.lg.jp"),
        (&viewer, "etsuran@city.example.lg.jp"),
    ] {
        inbox::set_email(&base, a, mail).await.unwrap();
    }
    // editor2 has no address: the inbox only.
    assert!(matches!(inbox::set_email(&base, &editor2, "kodomo2@").await, Err(AppError::Invalid { .. })));
    assert_eq!(s.audit_trail("users", id(&planner).0, Page::first(10)).await.unwrap()[0].action, "email");

    let y26 = FiscalYear::new(2026).unwrap();
    let input = OpenYear {
        themes: vec!["重点".into()],
        policy_due: Some(hoshin_domain::Day::parse("2026-05-31").unwrap()),
        midyear_due: Some(hoshin_domain::Day::parse("2026-10-30").unwrap()),
        yearend_due: Some(hoshin_domain::Day::parse("2027-03-31").unwrap()),
        copy_forward: true,
    };
    open_year(s, &planner, org, y26, &input, hoshin_domain::Day::parse("2026-04-01").unwrap()).await.unwrap();
    let app = App::new(store.clone())
        .with_today(hoshin_domain::Day::parse("2026-04-01").unwrap())
        .with_notify(settings(sink.port));

    // Submit: planning and the administrator are told, the editor who submitted is not.
    let rev = s.revisions_of(kodomo.id, y26).await.unwrap().pop().unwrap();
    transition(s, &editor, rev.id, rev.meta.version, Transition::Submit, None).await.unwrap();
    for a in [&planner, &admin] {
        let got = inbox_of(s, a).await;
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].kind, "submit");
        assert_eq!(got[0].subject, "【提出】こども未来部の令和8年度（2026年度）部局運営方針");
        assert!(got[0].body.contains("kodomoさんが"), "{}", got[0].body);
        assert_eq!(got[0].link.as_deref(), Some(format!("/manage/2026/departments/{}", kodomo.id.0).as_str()));
        assert_eq!(got[0].read_at, None);
    }
    for a in [&editor, &editor2, &other_editor, &viewer] {
        assert!(inbox_of(s, a).await.is_empty(), "not the actor, not other departments, not viewers");
    }
    let run = scheduler::run_once(&app).await.unwrap();
    assert_eq!((run.reminders, run.mail.sent, run.mail.failed), (0, 2, 0), "{run:?}");
    let mails = sink.messages();
    let mut to: Vec<String> = mails.iter().flat_map(|m| m.to.clone()).collect();
    to.sort();
    assert_eq!(to, ["kanri@city.example.lg.jp", "kikaku@city.example.lg.jp"]);
    for m in &mails {
        assert_eq!(m.from, "hoshin@city.example.lg.jp");
        assert_eq!(m.subject(), "【提出】こども未来部の令和8年度（2026年度）部局運営方針");
        let body = m.body();
        assert!(body.contains("提出しました"), "{body}");
        assert!(body.contains(&format!("https://hoshin.example.jp/manage/2026/departments/{}", kodomo.id.0)), "{body}");
    }
    assert_eq!(scheduler::run_once(&app).await.unwrap().mail.sent, 0, "sent once");

    // Return, with the comment: both of the department's editors; e-mail to the one with an address.
    let v = s.get_revision(rev.id).await.unwrap().meta.version;
    transition(s, &planner, rev.id, v, Transition::Return, Some("数値目標の根拠を書き足してください")).await.unwrap();
    for a in [&editor, &editor2] {
        let got = inbox_of(s, a).await;
        assert_eq!((got.len(), got[0].kind.as_str()), (1, "return"));
        assert!(got[0].body.contains("数値目標の根拠を書き足してください"), "{}", got[0].body);
    }
    assert_eq!(inbox_of(s, &planner).await.len(), 1, "the planner who returned it is not told");
    assert!(inbox_of(s, &other_editor).await.is_empty());
    scheduler::run_once(&app).await.unwrap();
    let last = sink.messages().pop().unwrap();
    assert_eq!(last.to, ["kodomo@city.example.lg.jp"]);
    assert_eq!(last.subject(), "【差戻し】こども未来部の令和8年度（2026年度）部局運営方針");
    assert!(last.body().contains("数値目標の根拠を書き足してください"));
    assert_eq!(sink.messages().len(), 3);

    // A refused step tells nobody; a step whose transaction rolls back neither.
    let before = s.stats().await.unwrap();
    let v = s.get_revision(rev.id).await.unwrap().meta.version;
    assert!(transition(s, &editor, rev.id, v, Transition::Approve, None).await.is_err());
    assert!(transition(s, &planner, rev.id, v - 1, Transition::Return, Some("古い版")).await.is_err());
    {
        let tx = s.begin().await.unwrap();
        let r = tx.get_revision(rev.id).await.unwrap();
        let n = hoshin_app::notify::on_transition(tx.as_ref(), &planner, &r, &kodomo, Transition::Approve).await;
        assert_eq!(n.unwrap(), 2, "written inside the transaction …");
        tx.rollback().await.unwrap();
    }
    assert_eq!(s.stats().await.unwrap(), before, "… and gone with it");

    // Resubmit, approve, publish: the editors hear of approve and publish.
    transition(s, &editor2, rev.id, v, Transition::Submit, None).await.unwrap();
    assert_eq!(inbox_of(s, &planner).await.len(), 2);
    assert_eq!(inbox_of(s, &editor).await.len(), 1, "a submit goes to planning, not to fellow editors");
    let v = s.get_revision(rev.id).await.unwrap().meta.version;
    transition(s, &planner, rev.id, v, Transition::Approve, None).await.unwrap();
    let v = s.get_revision(rev.id).await.unwrap().meta.version;
    // The year's first publication, from the year page: the same step, the same messages.
    let today = hoshin_domain::Day::parse("2026-04-01").unwrap();
    let batch = [(rev.id, v)];
    hoshin_app::year_publishing::run(
        s,
        &admin,
        org,
        y26,
        hoshin_app::year_publishing::BulkStep::Publish,
        &batch,
        today,
    )
    .await
    .unwrap();
    let kinds: Vec<String> = inbox_of(s, &editor2).await.iter().map(|n| n.kind.clone()).collect();
    assert_eq!(kinds, ["publish", "approve", "return"], "newest first");
    scheduler::run_once(&app).await.unwrap();
    let subjects: Vec<String> = sink.messages().iter().skip(3).map(|m| m.subject()).collect();
    assert!(subjects.iter().any(|t| t.starts_with("【提出】")));
    assert!(subjects.contains(&"【承認】こども未来部の令和8年度（2026年度）部局運営方針".to_string()), "{subjects:?}");
    assert!(subjects.contains(&"【公開】こども未来部の令和8年度（2026年度）部局運営方針".to_string()), "{subjects:?}");

    // The inbox: read marks, only one's own.
    let mine = inbox::inbox(&base, &editor2).await.unwrap();
    assert_eq!((mine.items.len(), mine.unread, mine.email), (3, 3, None));
    let first = mine.items[0].id;
    let err = inbox::mark_read(&base, &editor, first).await.unwrap_err();
    assert!(matches!(err, AppError::NotFound { .. }), "{err:?}");
    assert_eq!(inbox::unread_count(&base, id(&editor2)).await.unwrap(), 3, "someone else cannot mark it");
    inbox::mark_read(&base, &editor2, first).await.unwrap();
    inbox::mark_read(&base, &editor2, first).await.unwrap();
    assert_eq!(inbox::unread_count(&base, id(&editor2)).await.unwrap(), 2);
    assert_eq!(inbox::mark_all_read(&base, &editor2).await.unwrap(), 2);
    assert_eq!(inbox::unread_count(&base, id(&editor2)).await.unwrap(), 0);

    // Deadlines. 15 days before the policy deadline, every department but the published one is
    // behind; its editors get one reminder however often the scheduler runs, and after a restart.
    let sent_before = sink.messages().len();
    let day = App::new(store.clone())
        .with_today(hoshin_domain::Day::parse("2026-05-16").unwrap())
        .with_notify(settings(sink.port));
    let first = scheduler::run_once(&day).await.unwrap();
    assert!(first.reminders >= 1, "{first:?}");
    let again = scheduler::run_once(&day).await.unwrap();
    assert_eq!((again.reminders, again.mail.sent), (0, 0), "{again:?}");
    let restarted = App::new(db.reopen().await.unwrap())
        .with_today(hoshin_domain::Day::parse("2026-05-20").unwrap())
        .with_notify(settings(sink.port));
    let (a, b) = tokio::join!(scheduler::run_once(&restarted), scheduler::run_once(&day));
    assert_eq!((a.unwrap().reminders, b.unwrap().reminders), (0, 0), "two servers, later days: nothing new");
    // A server's memo skips a pass it finished today; the keys alone decide what is new.
    let mut memo = Memo::default();
    assert_eq!(
        remind_with(s, &day.notify, hoshin_domain::Day::parse("2026-05-16").unwrap(), &mut memo).await.unwrap(),
        0
    );
    let newcomer = user(s, org, "hoka2", Role::Editor, vec![other.id]).await;
    assert_eq!(
        remind_with(s, &day.notify, hoshin_domain::Day::parse("2026-05-16").unwrap(), &mut memo).await.unwrap(),
        0,
        "skipped by the memo"
    );
    assert_eq!(
        remind(s, &day.notify, hoshin_domain::Day::parse("2026-05-16").unwrap()).await.unwrap(),
        1,
        "a fresh pass reminds the newcomer only"
    );
    assert_eq!(inbox_of(s, &newcomer).await.len(), 1);
    let reminders: Vec<_> = inbox_of(s, &other_editor).await.into_iter().filter(|n| n.kind == "deadline").collect();
    assert_eq!(reminders.len(), 1, "{reminders:?}");
    assert_eq!(
        reminders[0].subject,
        format!("【期限まであと15日】{}の令和8年度（2026年度）部局運営方針の提出", other.name)
    );
    assert!(reminders[0].body.contains("令和8年（2026年）5月31日"), "{}", reminders[0].body);
    assert!(inbox_of(s, &editor).await.iter().all(|n| n.kind != "deadline"), "published: not behind");
    let new_mail: Vec<_> = sink.messages().into_iter().skip(sent_before).collect();
    assert_eq!(
        new_mail.len(),
        1,
        "one reminder e-mail: {:?}",
        new_mail.iter().map(|m| m.subject()).collect::<Vec<_>>()
    );
    assert_eq!(new_mail[0].to, ["hoka@city.example.lg.jp"]);
    assert!(new_mail[0].subject().starts_with("【期限まであと15日】"));

    // 3 days after, with the mail server down: the e-mail waits (pending, with the error) …
    sink.set_down(true);
    let late = App::new(store.clone())
        .with_today(hoshin_domain::Day::parse("2026-06-03").unwrap())
        .with_notify(settings(sink.port));
    let run = scheduler::run_once(&late).await.unwrap();
    assert!(run.reminders >= 1 && run.mail.failed == 1 && run.mail.sent == 0, "{run:?}");
    let waiting = s.due_mail(MailState::Pending, i64::MAX, 100).await.unwrap();
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0].attempts, 1);
    assert!(waiting[0].last_error.as_deref().is_some_and(|e| !e.is_empty()));
    assert!(waiting[0].subject.starts_with("【期限超過】"), "{}", waiting[0].subject);
    // … is not retried before its backoff, and goes out once the server is back.
    sink.set_down(false);
    assert_eq!(mailer::send_due(s, &late.notify, now_ms()).await.unwrap().sent, 0, "not yet due");
    let back = mailer::send_due(s, &late.notify, now_ms() + mailer::backoff_ms(1) + 1).await.unwrap();
    assert_eq!((back.sent, back.failed), (1, 0));
    let m = sink.messages().pop().unwrap();
    assert_eq!(m.to, ["hoka@city.example.lg.jp"]);
    assert!(m.body().contains("3日過ぎています"), "{}", m.body());
    assert_eq!(scheduler::run_once(&late).await.unwrap(), scheduler::Run::default(), "nothing twice");
    let sent = s.outbox(0, 1000).await.unwrap();
    assert!(sent.iter().all(|m| m.state == MailState::Sent), "{sent:?}");
    assert_eq!(sent.len(), sink.messages().len(), "every e-mail once");

    // 未更新の部局: planning sees who is behind on the current deadline; others may not look.
    let list =
        not_updated(s, &planner, org, &late.notify, hoshin_domain::Day::parse("2026-06-03").unwrap()).await.unwrap();
    assert_eq!(list.len(), others.len(), "{list:?}");
    assert!(list.iter().all(|r| r.kind == DeadlineKind::Policy && r.days_left == -3 && r.due.iso() == "2026-05-31"));
    assert!(list.iter().all(|r| r.department.id != kodomo.id));
    assert!(matches!(
        not_updated(s, &editor, org, &late.notify, hoshin_domain::Day::parse("2026-06-03").unwrap()).await,
        Err(AppError::Forbidden(_))
    ));
    // Mid-year: the published department lacks its progress figures, so it is behind now.
    let mid =
        not_updated(s, &planner, org, &late.notify, hoshin_domain::Day::parse("2026-10-20").unwrap()).await.unwrap();
    assert!(mid.iter().all(|r| r.kind == DeadlineKind::Midyear && r.days_left == 10));
    assert!(mid.iter().any(|r| r.department.id == kodomo.id), "{mid:?}");

    // The department reports its 中間 (a review of the interim period for every initiative)
    // and publishes it: no longer behind on the mid-year deadline.
    let rev = hoshin_app::editing::open_revision(s, &editor, kodomo.id, y26).await.unwrap();
    let reviews: Vec<_> = s
        .revision_initiatives(rev)
        .await
        .unwrap()
        .iter()
        .map(|i| hoshin_app::periods::InterimReviewEntry {
            initiative: i.id,
            version: None,
            input: hoshin_app::editing::ReviewInput { progress: Some(50), ..Default::default() },
        })
        .collect();
    assert!(!reviews.is_empty());
    hoshin_app::periods::save_period(s, &editor, rev, hoshin_domain::period::MIDYEAR, &[], &reviews).await.unwrap();
    for (who, step) in [(&editor, Transition::Submit), (&planner, Transition::Approve), (&planner, Transition::Publish)]
    {
        let v = s.get_revision(rev).await.unwrap().meta.version;
        transition(s, who, rev, v, step, None).await.unwrap();
    }
    let mid =
        not_updated(s, &planner, org, &late.notify, hoshin_domain::Day::parse("2026-10-20").unwrap()).await.unwrap();
    assert!(!mid.iter().any(|r| r.department.id == kodomo.id), "{mid:?}");
}

#[tokio::test]
async fn notifications_sqlite() {
    notifications(Backend::Sqlite).await;
}

#[tokio::test]
async fn notifications_postgres() {
    notifications(Backend::Postgres).await;
}

/// Without `[mail]`, the inbox still fills and queued e-mail is marked skipped, never sent.
#[tokio::test]
async fn without_mail_the_inbox_only() {
    let db = TestDb::sqlite().await.unwrap();
    let s = db.store.as_ref();
    let demo = hoshin_app::demo::seed_demo(s).await.unwrap();
    let org = demo.org_id;
    let kodomo = s.list_departments(org).await.unwrap().into_iter().find(|d| d.name == "こども未来部").unwrap();
    let planner = user(s, org, "kikaku", Role::Planning, vec![]).await;
    let editor = user(s, org, "kodomo", Role::Editor, vec![kodomo.id]).await;
    let base = App::new(db.store.clone());
    inbox::set_email(&base, &planner, "kikaku@city.example.lg.jp").await.unwrap();
    let y26 = FiscalYear::new(2026).unwrap();
    open_year(
        s,
        &planner,
        org,
        y26,
        &OpenYear { copy_forward: true, ..OpenYear::default() },
        hoshin_domain::Day::parse("2026-04-01").unwrap(),
    )
    .await
    .unwrap();
    let rev = s.revisions_of(kodomo.id, y26).await.unwrap().pop().unwrap();
    transition(s, &editor, rev.id, rev.meta.version, Transition::Submit, None).await.unwrap();
    let app = App::new(db.store.clone()).with_today(hoshin_domain::Day::parse("2026-04-01").unwrap());
    let run = scheduler::run_once(&app).await.unwrap();
    assert_eq!((run.mail.sent, run.mail.skipped), (0, 1));
    assert_eq!(s.outbox(0, 10).await.unwrap()[0].state, MailState::Skipped);
    assert_eq!(inbox::unread_count(&base, id(&planner)).await.unwrap(), 1);
}
