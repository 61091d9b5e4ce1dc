//! Security acceptance tests of the editing feature (issue 5), each on SQLite and PostgreSQL:
//! CSRF refusals, stored XSS through every editable field, concurrent and stale edits
//! (optimistic locking with the conflict page), and that the public sees only what the
//! planning office published.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code

mod common;

use axum::http::StatusCode;
use common::staff::{
    fingerprint, get_as, login_post, post, post_raw, scrape_csrf, scrape_input, year_step, Fork, Resp, Session, Who,
    World, PASSWORD,
};
use hoshin_domain::*;
use hoshin_store::{Page, Store};
use hoshin_testkit::TestDb;

macro_rules! both_backends {
    ($case:ident, $sqlite:ident, $postgres:ident) => {
        #[tokio::test]
        async fn $sqlite() {
            $case(TestDb::sqlite().await.unwrap()).await;
        }

        #[tokio::test]
        async fn $postgres() {
            $case(TestDb::postgres().await.unwrap()).await;
        }
    };
}

fn owned(fields: &[(String, String)]) -> Vec<(&str, &str)> {
    fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

fn s(x: &str) -> String {
    x.to_string()
}

/// A complete initiative form (`version`: `None` when adding).
fn initiative_form(version: Option<i64>, name: &str, summary: &str) -> Vec<(String, String)> {
    let mut v = vec![
        (s("name"), s(name)),
        (s("summary"), s(summary)),
        (s("theme_id"), s("")),
        (s("sdg_goals"), s("")),
        (s("milestones"), s("")),
        (s("reform_perspectives"), s("")),
        (s("reform_text"), s("")),
    ];
    if let Some(n) = version {
        v.insert(0, (s("version"), n.to_string()));
    }
    v
}

/// Takes a workflow step through the page, as `who`, and expects 303.
async fn step(w: &World, f: &Fork, who: Who, rev: RevisionId, step: &str, comment: &str) {
    let v = f.store().get_revision(rev).await.unwrap().meta.version.to_string();
    let res = post(
        &f.app,
        w.session(who),
        &format!("/manage/revisions/{rev}/transition"),
        &[("version", &v), ("step", step), ("comment", comment)],
    )
    .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{step} as {who:?}: {}", res.body);
}

fn expect_303(res: &Resp, what: &str) {
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{what}: {}", res.body.chars().take(2000).collect::<String>());
    assert!(!res.location().unwrap_or("").starts_with("/login"), "{what}: went to {:?}", res.location());
}

// ---------------------------------------------------------------- CSRF

/// State-changing requests of a signed-in planner, each with its form fields.
async fn csrf_targets(w: &World, store: &dyn Store) -> Vec<(String, Vec<(String, String)>)> {
    let rev = store.get_revision(w.a.rev.id).await.unwrap();
    let init = store.get_initiative(w.a.initiatives[0].id).await.unwrap();
    let cycle = store.get_cycle(w.org, w.year).await.unwrap().unwrap();
    vec![
        (
            format!("/manage/revisions/{}/stance", rev.id),
            vec![
                (s("version"), rev.meta.version.to_string()),
                (s("stance"), s("書き換えた考え方")),
                (s("notes"), s("")),
            ],
        ),
        (
            format!("/manage/revisions/{}/initiatives/{}", rev.id, init.id),
            initiative_form(Some(init.meta.version), "書き換えた取組名", "書き換えた概要"),
        ),
        (format!("/manage/revisions/{}/initiatives", rev.id), initiative_form(None, "勝手に加えた取組", "")),
        (format!("/manage/{}/departments/{}/revise", w.prev.year(), w.b.dept.id), vec![]),
        (
            format!("/manage/{}/deadlines", w.year.year()),
            vec![
                (s("version"), cycle.meta.version.to_string()),
                (s("policy_due"), s("2026-07-01")),
                (s("midyear_due"), s("")),
                (s("yearend_due"), s("")),
            ],
        ),
        (
            s("/manage/cycle"),
            vec![
                (s("year"), s("2027")),
                (s("themes"), s("重点")),
                (s("policy_due"), s("")),
                (s("midyear_due"), s("")),
                (s("yearend_due"), s("")),
                (s("copy_forward"), s("on")),
            ],
        ),
        (
            format!("/manage/revisions/{}/transition", rev.id),
            vec![(s("version"), rev.meta.version.to_string()), (s("step"), s("submit"))],
        ),
    ]
}

/// The fields plus a `_csrf` field when `token` is given.
fn with<'a>(fields: &[(&'a str, &'a str)], token: Option<&'a str>) -> Vec<(&'a str, &'a str)> {
    let mut v = fields.to_vec();
    if let Some(t) = token {
        v.push(("_csrf", t));
    }
    v
}

async fn csrf(db: TestDb) {
    let w = World::new(db).await;
    let f = w.fork().await;
    let planning = w.session(Who::Planning).unwrap();
    let other = w.session(Who::EditorA).unwrap();
    assert_ne!(planning.csrf, other.csrf, "each session has its own token");
    let before = fingerprint(f.store(), &w).await;

    for (path, fields) in csrf_targets(&w, f.store()).await {
        let fields = owned(&fields);
        let wrong = "0".repeat(planning.csrf.len());
        for (why, body) in [
            ("no _csrf", with(&fields, None)),
            ("a wrong _csrf", with(&fields, Some(&wrong))),
            ("an empty _csrf", with(&fields, Some(""))),
            ("another session's token", with(&fields, Some(&other.csrf))),
        ] {
            let res = post_raw(&f.app, Some(&planning.cookie), &path, &body).await;
            assert_eq!(res.status, StatusCode::FORBIDDEN, "POST {path} with {why}: {}", res.body);
            let now = fingerprint(f.store(), &w).await;
            assert!(now == before, "POST {path} with {why} changed {:?}", before.diff(&now));
        }
        // Another session's cookie with planning's token is refused as well.
        let res = post_raw(&f.app, Some(&other.cookie), &path, &with(&fields, Some(&planning.csrf))).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "POST {path} with editor_a's cookie and planning's token");
        assert!(fingerprint(f.store(), &w).await == before, "POST {path} with a mismatched cookie changed something");
    }

    // The same requests with the right token succeed, each on a fresh copy.
    let targets = csrf_targets(&w, f.store()).await;
    for (path, fields) in targets {
        let g = w.fork().await;
        let res = post(&g.app, Some(planning), &path, &owned(&fields)).await;
        expect_303(&res, &format!("POST {path} with the right token"));
        assert!(fingerprint(g.store(), &w).await != before, "POST {path} answered 303 but changed nothing");
    }

    // The login form needs its cookie: the token alone (or a wrong one) is refused before any check.
    let form = get_as(&f.app, None, "/login").await;
    let token = scrape_csrf(&form.body).unwrap();
    let login_cookie = form.set_cookie("hoshin_login").unwrap();
    let creds = [("login", "planning"), ("password", PASSWORD)];
    for (why, cookie, t) in [
        ("no hoshin_login cookie", None, token.clone()),
        ("a wrong token", Some(login_cookie.clone()), "x".repeat(token.len())),
        ("no token", Some(login_cookie.clone()), String::new()),
    ] {
        let mut body = creds.to_vec();
        if !t.is_empty() {
            body.push(("_csrf", &t));
        }
        let res = post_raw(&f.app, cookie.as_deref(), "/login", &body).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "POST /login with {why}: {}", res.body);
        assert!(res.set_cookie("hoshin_session").is_none(), "POST /login with {why} signed in");
        assert!(fingerprint(f.store(), &w).await == before, "POST /login with {why} changed something");
    }
    // A session token does not stand in for the login form's.
    let res =
        post_raw(&f.app, Some(&planning.cookie), "/login", &[creds[0], creds[1], ("_csrf", &planning.csrf)]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "POST /login with the session's token instead of the login cookie's");
    let res = login_post(&f.app, None, "planning", PASSWORD).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "the login form with its cookie works: {}", res.body);
}
both_backends!(csrf, csrf_sqlite, csrf_postgres);

/// Every form of a staff page carries the session's own token.
async fn forms_carry_the_session_token(db: TestDb) {
    let w = World::new(db).await;
    let f = w.fork().await;
    for who in [Who::EditorA, Who::Planning] {
        let session = w.session(who).unwrap();
        let path = format!("/manage/{}/departments/{}", w.year.year(), w.a.dept.id);
        let page = get_as(&f.app, Some(session), &path).await;
        assert_eq!(page.status, StatusCode::OK, "GET {path} as {who:?}: {}", page.body);
        let forms = page.body.matches("method=\"post\"").count();
        let tokens = page.body.matches(&format!("name=\"_csrf\" value=\"{}\"", session.csrf)).count();
        assert!(forms >= 2, "{path} has its edit forms");
        assert!(tokens >= forms, "{path}: {forms} post forms but {tokens} carry the session's token");
        assert_eq!(scrape_csrf(&page.body).as_deref(), Some(session.csrf.as_str()));
    }
}
both_backends!(forms_carry_the_session_token, session_token_sqlite, session_token_postgres);

// ---------------------------------------------------------------- stored XSS

const ESCAPED: &str = "&lt;script&gt;alert(1)&lt;/script&gt;";

/// Script, attribute break-out and a javascript: URL, tagged by field.
fn payload(tag: &str) -> String {
    format!("{tag}<script>alert(1)</script>\"><img src=x onerror=alert(1)> javascript:alert(1)")
}

/// No injected element and no injected attribute: escaped text cannot contain a raw `<`, so
/// every `<` starts a real tag; outside its quoted values, no tag may carry an event handler,
/// and no link or source may be a `javascript:` URL.
fn assert_inert(path: &str, body: &str) {
    for raw in ["<script>alert", "<img src=x"] {
        assert!(!body.contains(raw), "{path} contains raw {raw:?}");
    }
    for tag in body.split('<').skip(1) {
        let tag = tag.split('>').next().unwrap_or("");
        let outside_quotes: String = tag.split('"').step_by(2).collect::<Vec<_>>().join(" ");
        assert!(!outside_quotes.contains("onerror"), "{path} has a tag with an onerror attribute: <{tag}>");
        for attr in ["href=\"javascript:", "src=\"javascript:", "action=\"javascript:"] {
            assert!(!tag.contains(attr), "{path} has a javascript: URL: <{tag}>");
        }
    }
}

async fn page_is_inert(app: &hoshin_app::App, session: Option<&Session>, path: &str, must_show: &[&str]) {
    let res = get_as(app, session, path).await;
    assert_eq!(res.status, StatusCode::OK, "GET {path}: {}", res.body.chars().take(1500).collect::<String>());
    assert_inert(path, &res.body);
    if let Ok(dir) = std::env::var("HOSHIN_DUMP_PAGES") {
        let name: String = path.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
        std::fs::write(format!("{dir}/{name}.html"), &res.body).unwrap();
    }
    // The text with the tags taken out (a diff view may wrap parts of a value in spans).
    let mut text = String::new();
    let mut rest = res.body.as_str();
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        rest = rest[open..].find('>').map_or("", |close| &rest[open + close + 1..]);
    }
    text.push_str(rest);
    for tag in must_show {
        let shown = format!("{tag}{ESCAPED}");
        let near: Option<String> = text.find(tag).map(|i| text[i..].chars().take(300).collect());
        assert!(text.contains(&shown), "{path} does not show the escaped {tag} text ({shown}); near it: {near:?}");
    }
}

async fn stored_xss(db: TestDb) {
    let w = World::new(db).await;
    let f = w.fork().await;
    let (app, store) = (&f.app, f.store());
    let editor = w.session(Who::EditorA);
    let planning = w.session(Who::Planning);
    let admin = w.session(Who::Admin);
    let rev = w.a.rev.id;
    let init = w.a.initiative_with_kpi().clone();
    let kpi = w.a.kpis_of(init.id)[0].clone();

    // Stance and notes.
    let v = store.get_revision(rev).await.unwrap().meta.version.to_string();
    let res = post(
        app,
        editor,
        &format!("/manage/revisions/{rev}/stance"),
        &[("version", &v), ("stance", &payload("基本方針")), ("notes", &payload("備考"))],
    )
    .await;
    expect_303(&res, "stance");

    // Every text field of an initiative.
    let v = store.get_initiative(init.id).await.unwrap().meta.version.to_string();
    let res = post(
        app,
        editor,
        &format!("/manage/revisions/{rev}/initiatives/{}", init.id),
        &[
            ("version", &v),
            ("name", &payload("取組名")),
            ("summary", &payload("概要")),
            ("theme_id", ""),
            ("sdg_goals", "3"),
            ("milestones", &format!("2026-06-30 {}\n{}", payload("予定"), payload("時期未定"))),
            ("reform_perspectives", &payload("行革視点")),
            ("reform_text", &payload("行革内容")),
        ],
    )
    .await;
    expect_303(&res, "initiative");
    let saved = store.get_initiative(init.id).await.unwrap();
    assert_eq!(saved.name, payload("取組名"), "the name is stored as typed");

    // A new initiative too (its name is shown in lists).
    let res = post(
        app,
        editor,
        &format!("/manage/revisions/{rev}/initiatives"),
        &owned(&initiative_form(None, &payload("追加取組"), &payload("追加概要"))),
    )
    .await;
    expect_303(&res, "add initiative");

    // KPI definition.
    let v = store.get_indicator(kpi.id).await.unwrap().meta.version.to_string();
    let res = post(
        app,
        editor,
        &format!("/manage/revisions/{rev}/indicators/{}", kpi.id),
        &[
            ("version", &v),
            ("name", &payload("指標名")),
            ("unit", &payload("単位")),
            ("direction", "up"),
            // Values must hold a number; the rest of the text is kept as written.
            ("baseline", &format!("120人{}", payload("基準値"))),
            ("baseline_year", "2024"),
            ("target", &format!("200人{}", payload("目標値"))),
            ("target_year", "2027"),
        ],
    )
    .await;
    expect_303(&res, "indicator");

    // Review (the judgement is limited to the organization's scale: left empty).
    let res = post(
        app,
        editor,
        &format!("/manage/revisions/{rev}/initiatives/{}/review", init.id),
        &[
            ("version", ""),
            ("result", &payload("実績")),
            ("issues_next", &payload("課題")),
            ("progress", "40"),
            ("judgement", ""),
        ],
    )
    .await;
    expect_303(&res, "review");
    let review = store.get_goal_review(init.id, w.year).await.unwrap().expect("the review is saved");

    // Staff pages while editing.
    let dept_page = format!("/manage/{}/departments/{}", w.year.year(), w.a.dept.id);
    let edit_page = format!("/manage/revisions/{rev}/initiatives/{}", init.id);
    page_is_inert(app, editor, &dept_page, &["基本方針", "取組名", "追加取組"]).await;
    page_is_inert(
        app,
        editor,
        &edit_page,
        &["取組名", "概要", "予定", "時期未定", "行革視点", "行革内容", "指標名", "実績", "課題"],
    )
    .await;
    page_is_inert(app, editor, &format!("/manage/revisions/{rev}/actuals"), &["指標名"]).await;

    // Submitted, returned with a comment, submitted again, approved, published.
    step(&w, &f, Who::EditorA, rev, "submit", "").await;
    step(&w, &f, Who::Planning, rev, "return", &payload("差戻し理由")).await;
    page_is_inert(app, editor, &dept_page, &["差戻し理由"]).await;
    step(&w, &f, Who::EditorA, rev, "submit", "").await;
    step(&w, &f, Who::Planning, rev, "approve", "").await;
    let (confirm, res) = year_step(app, w.session(Who::Planning), w.year.year(), "publish", &[rev]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "publish: {}", res.body);
    // The year page's confirmation lists what editors typed (the initiative's name), inert.
    assert_inert("/manage/2026/publish/confirm", &confirm.body);
    page_is_inert(app, w.session(Who::Planning), "/manage/2026/publish", &[]).await;

    // A user's display name, through the users page.
    let target = store.get_user(w.user(Who::EditorB).id).await.unwrap();
    let res = post(
        app,
        admin,
        &format!("/manage/users/{}", target.id),
        &[
            ("version", &target.meta.version.to_string()),
            ("display_name", &payload("氏名")),
            ("role", "editor"),
            ("departments", &w.b.dept.id.to_string()),
        ],
    )
    .await;
    expect_303(&res, "user display name");

    // Theme names, through the cycle page.
    let res = post(
        app,
        planning,
        "/manage/cycle",
        &[
            ("year", "2027"),
            ("themes", &format!("{}\n{}", payload("重点一"), payload("重点二"))),
            ("policy_due", ""),
            ("midyear_due", ""),
            ("yearend_due", ""),
            ("copy_forward", "on"),
        ],
    )
    .await;
    expect_303(&res, "open 2027 with themes");

    // The published rows.
    let live = store
        .list_initiatives(w.org, Some(w.year), Page::first(5000))
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.name == payload("取組名"))
        .expect("the published initiative");
    let live_kpi = store
        .indicators_of(IndicatorOwner::Initiative(live.id))
        .await
        .unwrap()
        .into_iter()
        .find(|k| k.name == payload("指標名"))
        .expect("the published KPI");

    // Staff pages after publication.
    page_is_inert(app, planning, &dept_page, &["基本方針", "取組名"]).await;
    page_is_inert(app, planning, &format!("/manage/history/initiatives/{}", init.id), &["取組名"]).await;
    page_is_inert(app, planning, &format!("/manage/history/initiatives/{}", live.id), &["取組名"]).await;
    page_is_inert(
        app,
        planning,
        &format!("/manage/history/indicators/{}", kpi.id),
        &["指標名", "単位", "基準値", "目標値"],
    )
    .await;
    page_is_inert(
        app,
        planning,
        &format!("/manage/history/policy_revisions/{rev}"),
        &["基本方針", "備考", "差戻し理由"],
    )
    .await;
    page_is_inert(app, planning, &format!("/manage/history/goal_reviews/{}", review.id), &["実績"]).await;
    page_is_inert(app, admin, &format!("/manage/history/users/{}", target.id), &["氏名"]).await;
    page_is_inert(app, admin, "/manage/users", &["氏名"]).await;
    page_is_inert(app, admin, &format!("/manage/users/{}", target.id), &[]).await;
    page_is_inert(app, w.session(Who::EditorB), "/manage", &["氏名"]).await;
    page_is_inert(app, planning, "/manage", &[]).await;
    page_is_inert(app, planning, &format!("/manage/{}", w.year.year()), &[]).await;
    page_is_inert(app, planning, "/manage/2027", &[]).await;
    page_is_inert(app, planning, "/manage/cycle", &["重点一", "重点二"]).await;
    let y2027 = FiscalYear::new(2027).unwrap();
    let themes = store.list_themes(w.org, y2027).await.unwrap();
    assert!(themes.iter().any(|t| t.name == payload("重点一")), "theme names are stored as typed");

    // Public pages.
    let o = w.org;
    let y = w.year.year();
    let d = w.a.dept.id;
    page_is_inert(app, None, &format!("/orgs/{o}/years/{y}/departments/{d}"), &["基本方針", "取組名", "概要"]).await;
    page_is_inert(app, None, &format!("/orgs/{o}/years/{y}/departments/{d}/review"), &["実績"]).await;
    page_is_inert(app, None, &format!("/orgs/{o}/years/{y}/booklet"), &["基本方針", "取組名"]).await;
    page_is_inert(app, None, &format!("/orgs/{o}/years/{y}/sheets"), &["取組名", "概要"]).await;
    page_is_inert(app, None, &format!("/initiatives/{}/sheet", live.id), &["取組名", "概要"]).await;
    page_is_inert(app, None, &format!("/orgs/{o}/years/{y}"), &[]).await;
    page_is_inert(app, None, &format!("/orgs/{o}/years/{y}/indicators"), &["指標名", "基準値", "目標値"]).await;
    page_is_inert(app, None, &format!("/initiatives/{}", live.id), &["取組名", "概要", "行革内容"]).await;
    page_is_inert(app, None, &format!("/indicators/{}", live_kpi.id), &["指標名", "単位", "基準値", "目標値"]).await;
    page_is_inert(app, None, "/search?in=text&q=%E5%8F%96%E7%B5%84%E5%90%8D", &["取組名"]).await;
}
both_backends!(stored_xss, stored_xss_sqlite, stored_xss_postgres);

// ---------------------------------------------------------------- concurrent and stale edits

async fn concurrent_edit(db: TestDb) {
    let w = World::new(db).await;
    let f = w.fork().await;
    let (app, store) = (&f.app, f.store());
    let rev = w.a.rev.id;
    let id = w.a.initiatives[0].id;
    let path = format!("/manage/revisions/{rev}/initiatives/{id}");
    let (ea, pl) = (w.session(Who::EditorA).unwrap(), w.session(Who::Planning).unwrap());

    let form_a = get_as(app, Some(ea), &path).await;
    let form_p = get_as(app, Some(pl), &path).await;
    assert_eq!(form_a.status, StatusCode::OK, "GET {path} as editor_a: {}", form_a.body);
    assert_eq!(form_p.status, StatusCode::OK, "GET {path} as planning: {}", form_p.body);
    let va = scrape_input(&form_a.body, "version").expect("the edit form carries the version");
    let vp = scrape_input(&form_p.body, "version").expect("the edit form carries the version");
    assert_eq!(va, vp, "both forms drawn from the same version");
    let updates = |trail: &[hoshin_store::AuditEntry]| trail.iter().filter(|e| e.action == "update").count();
    let before_updates = updates(&store.audit_trail("initiatives", id.0, Page::first(100)).await.unwrap());

    let name_a = "部局担当が付けた名前";
    let name_p = "企画担当が付けた名前";
    let fields = |name: &str, v: &str| initiative_form(Some(v.parse().unwrap()), name, "同時に編集した");
    let (fa, fp) = (fields(name_a, &va), fields(name_p, &vp));
    let (oa, op) = (owned(&fa), owned(&fp));
    let (ra, rp) = tokio::join!(post(app, Some(ea), &path, &oa), post(app, Some(pl), &path, &op));

    let statuses = [ra.status, rp.status];
    let (winner, loser, win_name, win_who) = match statuses {
        [StatusCode::SEE_OTHER, StatusCode::CONFLICT] => (&ra, &rp, name_a, Who::EditorA),
        [StatusCode::CONFLICT, StatusCode::SEE_OTHER] => (&rp, &ra, name_p, Who::Planning),
        _ => panic!(
            "expected one 303 and one 409, got {statuses:?}:\n{}\n---\n{}",
            ra.body.chars().take(1500).collect::<String>(),
            rp.body.chars().take(1500).collect::<String>()
        ),
    };
    expect_303(winner, "the first save");
    for name in [name_a, name_p] {
        assert!(loser.body.contains(name), "the conflict page shows both versions, lacks {name}:\n{}", loser.body);
    }
    assert!(loser.body.contains(&format!("href=\"{path}\"")), "the conflict page links to the edit form");
    let saver = format!("試験 {}さんが", win_who.login().unwrap());
    assert!(loser.body.contains(&saver), "the conflict page names who saved first ({saver}):\n{}", loser.body);
    assert_inert(&path, &loser.body);
    assert_eq!(store.get_initiative(id).await.unwrap().name, win_name, "the winner's name is stored");
    let trail = store.audit_trail("initiatives", id.0, Page::first(100)).await.unwrap();
    assert_eq!(updates(&trail), before_updates + 1, "exactly one update was audited");

    // A stale save afterwards (the form's old version) is a conflict and changes nothing.
    let before = fingerprint(store, &w).await;
    let stale = fields("古い画面からの保存", &va);
    let res = post(app, Some(ea), &path, &owned(&stale)).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "stale save: {}", res.body);
    assert!(res.body.contains("古い画面からの保存") && res.body.contains(win_name), "the conflict page shows both");
    let after = fingerprint(store, &w).await;
    assert!(after == before, "a stale save changed {:?}", before.diff(&after));

    // The same for the stance: a stale version is refused with the conflict page.
    let v0 = store.get_revision(rev).await.unwrap().meta.version.to_string();
    let stance = format!("/manage/revisions/{rev}/stance");
    let res = post(app, Some(pl), &stance, &[("version", &v0), ("stance", "先に保存した考え方"), ("notes", "")]).await;
    expect_303(&res, "stance");
    let before = fingerprint(store, &w).await;
    let res =
        post(app, Some(ea), &stance, &[("version", &v0), ("stance", "後から保存した考え方"), ("notes", "")]).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "stale stance: {}", res.body);
    assert!(res.body.contains("先に保存した考え方") && res.body.contains("後から保存した考え方"));
    assert!(fingerprint(store, &w).await == before, "a stale stance save changed something");
}
both_backends!(concurrent_edit, concurrent_edit_sqlite, concurrent_edit_postgres);

// ---------------------------------------------------------------- publication visibility

async fn publication_visibility(db: TestDb) {
    let w = World::new(db).await;
    let f = w.fork().await;
    let (app, store) = (&f.app, f.store());
    let (o, d, y) = (w.org, w.a.dept.id, w.prev.year());
    let editor = w.session(Who::EditorA);

    // Draft rows of the opened year are never public.
    for i in &w.a.initiatives {
        let res = get_as(app, None, &format!("/initiatives/{}", i.id)).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "draft initiative {} is public", i.id);
    }
    for k in &w.a.indicators {
        let res = get_as(app, None, &format!("/indicators/{}", k.id)).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "draft KPI {} is public", k.id);
    }

    // 2025 is published: revising it copies the published record into a new draft.
    let res = post(app, editor, &format!("/manage/{y}/departments/{d}/revise"), &[]).await;
    expect_303(&res, "revise");
    let rev = store
        .revisions_of(d, w.prev)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.state != RevisionState::Published)
        .expect("a new revision of 2025");
    let again = post(app, editor, &format!("/manage/{y}/departments/{d}/revise"), &[]).await;
    expect_303(&again, "revise again");
    assert_eq!(store.revisions_of(d, w.prev).await.unwrap().len(), 1, "revising an open revision opens no other");

    let draft = store.revision_initiatives(rev.id).await.unwrap().into_iter().next().expect("copied rows");
    let live_id = InitiativeId(draft.draft.and_then(|m| m.live_id).expect("the copy names its published row"));
    let old_name = store.get_initiative(live_id).await.unwrap().name;
    let new_name = "見直し後の取組名（未公開）";
    let res = post(
        app,
        editor,
        &format!("/manage/revisions/{}/initiatives/{}", rev.id, draft.id),
        &owned(&initiative_form(Some(draft.meta.version), new_name, "見直した")),
    )
    .await;
    expect_303(&res, "save the draft");

    let public_pages = [format!("/initiatives/{live_id}"), format!("/orgs/{o}/years/{y}/departments/{d}")];
    for p in &public_pages {
        let res = get_as(app, None, p).await;
        assert_eq!(res.status, StatusCode::OK, "GET {p}");
        assert!(res.body.contains(&old_name), "{p} still shows the published name");
        assert!(!res.body.contains(new_name), "{p} shows an unpublished edit");
    }
    let res = get_as(app, None, &format!("/initiatives/{}", draft.id)).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "the draft row is not public");

    // Submitted and approved is still not published.
    step(&w, &f, Who::EditorA, rev.id, "submit", "").await;
    step(&w, &f, Who::Planning, rev.id, "approve", "").await;
    for p in &public_pages {
        let res = get_as(app, None, p).await;
        assert!(!res.body.contains(new_name), "{p} shows an approved but unpublished edit");
    }
    step(&w, &f, Who::Planning, rev.id, "publish", "").await;
    for p in &public_pages {
        let res = get_as(app, None, p).await;
        assert_eq!(res.status, StatusCode::OK, "GET {p}");
        assert!(res.body.contains(new_name), "{p} shows the published name");
    }
    let number = store.get_revision(rev.id).await.unwrap().number;
    let dept_page = get_as(app, None, &public_pages[1]).await;
    assert!(
        dept_page.body.contains(&format!("第{number}版（令和")),
        "the department page names its revision:\n{}",
        dept_page.body
    );
    let res = get_as(app, None, &format!("/initiatives/{}", draft.id)).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "the revision's row stays private after publishing");
    assert_eq!(store.get_initiative(live_id).await.unwrap().name, new_name, "publishing updated the live row");

    // Nothing was published by the system behind the pages' back: the live row's trail ends with publish.
    let trail = store.audit_trail("initiatives", live_id.0, Page::first(10)).await.unwrap();
    assert_eq!(trail.first().map(|e| e.action.as_str()), Some("publish"));
}
both_backends!(publication_visibility, publication_visibility_sqlite, publication_visibility_postgres);
