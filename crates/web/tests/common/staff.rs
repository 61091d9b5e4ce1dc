//! Staff-side fixtures for the editing tests: a [`World`] (the demo city with five accounts,
//! fiscal year 2026 opened with copied drafts, everyone signed in through `/login`), cheap
//! copies of it ([`World::fork`]) so each state-changing case starts from the same state,
//! signed-in requests ([`post`], [`get_as`]) and a [`Fingerprint`] of everything a refused
//! request must leave unchanged.
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use axum::body::Body;
use axum::http::{header, HeaderMap, Request, StatusCode};
use hoshin_app::access::Actor;
use hoshin_app::accounts::{create_user, UserInput};
use hoshin_app::cycle::{open_year, OpenYear};
use hoshin_app::App;
use hoshin_domain::*;
use hoshin_store::{Page, Store};
use hoshin_testkit::TestDb;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use tower::ServiceExt;

/// Every account's password (the policy wants ≥ 10 characters, not all digits).
pub const PASSWORD: &str = "hoshin-test-pass-2026";

/// Who sends a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Who {
    Anonymous,
    Viewer,
    EditorA,
    EditorB,
    Planning,
    Admin,
}

impl Who {
    pub const ALL: [Who; 6] = [Who::Anonymous, Who::Viewer, Who::EditorA, Who::EditorB, Who::Planning, Who::Admin];

    pub fn label(self) -> &'static str {
        match self {
            Who::Anonymous => "anon",
            Who::Viewer => "viewer",
            Who::EditorA => "editor_a",
            Who::EditorB => "editor_b",
            Who::Planning => "planning",
            Who::Admin => "admin",
        }
    }

    /// The login name of the account (`None` for the public).
    pub fn login(self) -> Option<&'static str> {
        match self {
            Who::Anonymous => None,
            Who::Viewer => Some("viewer"),
            Who::EditorA => Some("editor_a"),
            Who::EditorB => Some("editor_b"),
            Who::Planning => Some("planning"),
            Who::Admin => Some("admin"),
        }
    }
}

/// A signed-in browser: the session cookie (`hoshin_session=…`) and the session's CSRF token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub cookie: String,
    pub csrf: String,
}

/// One response, read whole.
#[derive(Debug)]
pub struct Resp {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Resp {
    pub fn location(&self) -> Option<&str> {
        self.headers.get(header::LOCATION).and_then(|v| v.to_str().ok())
    }

    /// The `name=value` part of a `Set-Cookie` for `name`.
    pub fn set_cookie(&self, name: &str) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .filter_map(|v| v.split(';').next())
            .find(|kv| kv.starts_with(&format!("{name}=")))
            .map(str::to_string)
    }
}

async fn send(app: &App, req: Request<Body>) -> Resp {
    let res = hoshin_web::router(app.clone()).oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = axum::body::to_bytes(res.into_body(), 20 << 20).await.unwrap();
    Resp { status, headers, body: String::from_utf8(bytes.to_vec()).unwrap() }
}

/// A GET of a file (any bytes), signed in or not: status, headers, body.
pub async fn get_file_as(app: &App, session: Option<&Session>, uri: &str) -> (StatusCode, HeaderMap, Vec<u8>) {
    let mut req = Request::get(uri);
    if let Some(s) = session {
        req = req.header(header::COOKIE, &s.cookie);
    }
    let res = hoshin_web::router(app.clone()).oneshot(req.body(Body::empty()).unwrap()).await.unwrap();
    let (status, headers) = (res.status(), res.headers().clone());
    (status, headers, axum::body::to_bytes(res.into_body(), 50 << 20).await.unwrap().to_vec())
}

/// A GET, signed in or not.
pub async fn get_as(app: &App, session: Option<&Session>, uri: &str) -> Resp {
    let mut req = Request::get(uri);
    if let Some(s) = session {
        req = req.header(header::COOKIE, &s.cookie);
    }
    send(app, req.body(Body::empty()).unwrap()).await
}

/// A form POST with exactly these fields and cookie (no CSRF token added).
pub async fn post_raw(app: &App, cookie: Option<&str>, path: &str, fields: &[(&str, &str)]) -> Resp {
    let body = serde_urlencoded::to_string(fields).unwrap();
    let mut req = Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    send(app, req.body(Body::from(body)).unwrap()).await
}

/// A form POST as `session` (or the public), with the session's `_csrf` added.
pub async fn post(app: &App, session: Option<&Session>, path: &str, fields: &[(&str, &str)]) -> Resp {
    let mut all: Vec<(&str, &str)> = fields.to_vec();
    if let Some(s) = session {
        all.push(("_csrf", &s.csrf));
    }
    post_raw(app, session.map(|s| s.cookie.as_str()), path, &all).await
}

/// A form POST as a browser sends it from the page `from` of this site (`Referer`, `Host`), as
/// `session`, with its `_csrf` added: a refused form is drawn again on that page.
pub async fn post_from(app: &App, session: Option<&Session>, from: &str, path: &str, fields: &[(&str, &str)]) -> Resp {
    let mut all: Vec<(&str, &str)> = fields.to_vec();
    if let Some(s) = session {
        all.push(("_csrf", &s.csrf));
    }
    let body = serde_urlencoded::to_string(&all).unwrap();
    let mut req = Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::HOST, "city.example")
        .header(header::REFERER, format!("http://city.example{from}"));
    if let Some(s) = session {
        req = req.header(header::COOKIE, s.cookie.as_str());
    }
    send(app, req.body(Body::from(body)).unwrap()).await
}

/// A multipart POST of files (the session's `_csrf` first, as the upload form sends it).
pub async fn post_files(app: &App, session: Option<&Session>, path: &str, files: &[(&str, &[u8])]) -> Resp {
    let (cookie, csrf) = (session.map(|s| s.cookie.as_str()), session.map(|s| s.csrf.as_str()));
    post_multipart(app, cookie, csrf, path, "files", files).await
}

/// A multipart POST of files in the form field `field`, with this cookie and `_csrf` (first;
/// `None`: no token field at all).
pub async fn post_multipart(
    app: &App,
    cookie: Option<&str>,
    csrf: Option<&str>,
    path: &str,
    field: &str,
    files: &[(&str, &[u8])],
) -> Resp {
    let boundary = "hoshin-test-boundary-7f3a";
    let mut body: Vec<u8> = Vec::new();
    if let Some(token) = csrf {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{token}\r\n").as_bytes(),
        );
    }
    for (name, bytes) in files {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\n\
                 Content-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    let mut req = Request::post(path).header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"));
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    send(app, req.body(Body::from(body)).unwrap()).await
}

/// The `value` of the first `<input>` named `name` on a page.
pub fn scrape_input(html: &str, name: &str) -> Option<String> {
    let at = html.find(&format!("name=\"{name}\""))?;
    let tag_start = html[..at].rfind('<')?;
    let tag_end = at + html[at..].find('>')?;
    let tag = &html[tag_start..tag_end];
    let v = tag.find("value=\"")? + "value=\"".len();
    Some(tag[v..].split('"').next()?.to_string())
}

/// Every `value` of the inputs named `name` on a page, in order.
pub fn scrape_all(html: &str, name: &str) -> Vec<String> {
    let key = format!("name=\"{name}\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(&key) {
        if let Some(v) = scrape_input(rest, name) {
            out.push(v);
        }
        rest = &rest[at + key.len()..];
    }
    out
}

/// A bulk step of the year page (`step`: approve or publish) on `revs`, as the planning office
/// does it: the confirmation page, then its form with the versions it shows. Returns the
/// confirmation page and the answer to the form.
pub async fn year_step(
    app: &App,
    session: Option<&Session>,
    year: u16,
    step: &str,
    revs: &[RevisionId],
) -> (Resp, Resp) {
    let query: String = revs.iter().map(|r| format!("&rev={r}")).collect();
    let shown = get_as(app, session, &format!("/manage/{year}/publish/confirm?step={step}{query}")).await;
    assert_eq!(shown.status, StatusCode::OK, "confirm {step}: {}", shown.body);
    let confirmed = scrape_all(&shown.body, "rev");
    assert_eq!(confirmed.len(), revs.len(), "one hidden field per revision: {}", shown.body);
    let mut fields: Vec<(&str, &str)> = vec![("step", step)];
    fields.extend(confirmed.iter().map(|v| ("rev", v.as_str())));
    let res = post(app, session, &format!("/manage/{year}/publish"), &fields).await;
    (shown, res)
}

/// `name="_csrf" value="…"` of the first form of a page.
pub fn scrape_csrf(html: &str) -> Option<String> {
    scrape_input(html, "_csrf")
}

/// GET /login (optionally with an existing cookie), then POST the form. Returns the POST's answer
/// (303 and a session cookie when the credentials are right).
pub async fn login_post(app: &App, cookie: Option<&str>, login: &str, password: &str) -> Resp {
    let form =
        get_as(app, cookie.map(|c| Session { cookie: c.to_string(), csrf: String::new() }).as_ref(), "/login").await;
    assert_eq!(form.status, StatusCode::OK, "GET /login: {}", form.body);
    let login_cookie = form.set_cookie("hoshin_login").expect("GET /login sets hoshin_login");
    let csrf = scrape_csrf(&form.body).expect("the login form has a _csrf field");
    let cookies = match cookie {
        Some(c) => format!("{c}; {login_cookie}"),
        None => login_cookie,
    };
    post_raw(app, Some(&cookies), "/login", &[("login", login), ("password", password), ("_csrf", &csrf)]).await
}

/// Signs in through the login form and returns the session (its CSRF token as the store keeps it).
pub async fn login(app: &App, login: &str, password: &str) -> Session {
    let res = login_post(app, None, login, password).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "POST /login as {login}: {}", res.body);
    let cookie = res.set_cookie("hoshin_session").expect("a successful login sets hoshin_session");
    let token = cookie.trim_start_matches("hoshin_session=");
    let stored = hoshin_app::accounts::session_user(app, token).await.unwrap().expect("the session is stored");
    Session { cookie, csrf: stored.csrf_token }
}

/// A top-level department of the world with its open 2026 revision and the revision's rows.
#[derive(Debug, Clone)]
pub struct Side {
    pub dept: Department,
    pub rev: PolicyRevision,
    pub initiatives: Vec<Initiative>,
    pub indicators: Vec<Indicator>,
}

impl Side {
    /// The first initiative that has a KPI.
    pub fn initiative_with_kpi(&self) -> &Initiative {
        self.initiatives
            .iter()
            .find(|i| self.indicators.iter().any(|k| k.owner == Some(IndicatorOwner::Initiative(i.id))))
            .expect("an initiative with a KPI")
    }

    pub fn kpis_of(&self, i: InitiativeId) -> Vec<&Indicator> {
        self.indicators.iter().filter(|k| k.owner == Some(IndicatorOwner::Initiative(i))).collect()
    }
}

/// Where the world's state lives, so that copies can be made of it.
#[derive(Debug)]
enum Snapshot {
    /// A `VACUUM INTO` copy of the SQLite file.
    Sqlite { file: std::path::PathBuf, _dir: tempfile::TempDir },
    /// A PostgreSQL database used only as a template.
    Postgres { db: String, port: u16 },
}

/// A copy of the world's database with its own app.
pub struct Fork {
    pub app: App,
    store: Arc<dyn Store>,
    _dir: Option<tempfile::TempDir>,
}

impl Fork {
    pub fn store(&self) -> &dyn Store {
        self.store.as_ref()
    }
}

/// The demo city, five accounts, 2026 opened (copy forward), everyone signed in.
#[derive(Debug, Clone)]
pub struct World {
    pub org: OrgId,
    /// The opened year (2026).
    pub year: FiscalYear,
    /// The demo's last published year (2025), which has no revision yet.
    pub prev: FiscalYear,
    pub a: Side,
    pub b: Side,
    pub themes: Vec<PriorityTheme>,
    pub users: Vec<(Who, User)>,
    pub sessions: Vec<(Who, Session)>,
    snapshot: Arc<Snapshot>,
}

static FORKS: AtomicU64 = AtomicU64::new(1);

fn pg_createdb(port: u16, template: &str, name: &str) {
    let bin = hoshin_testkit::pg_cluster::pg_bin().unwrap().join("createdb");
    for attempt in 0..50 {
        let out = std::process::Command::new(&bin)
            .args(["-h", "127.0.0.1", "-p", &port.to_string(), "-U", "postgres", "-T", template, name])
            .output()
            .unwrap();
        if out.status.success() {
            return;
        }
        let err = String::from_utf8_lossy(&out.stderr).to_string();
        // The template's last connection may take a moment to go away.
        assert!(attempt < 49 && err.contains("being accessed"), "createdb {name} -T {template}: {err}");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

async fn side(store: &dyn Store, dept: Department, year: FiscalYear) -> Side {
    let rev = store.revisions_of(dept.id, year).await.unwrap().into_iter().next().expect("a 2026 revision");
    let initiatives = store.revision_initiatives(rev.id).await.unwrap();
    let indicators = store.revision_indicators(rev.id).await.unwrap();
    Side { dept, rev, initiatives, indicators }
}

impl World {
    /// Builds the world on `db` (which becomes the snapshot: use [`World::fork`] to work on it).
    pub async fn new(db: TestDb) -> World {
        let store = db.store.clone();
        let org = hoshin_app::demo::seed_demo(store.as_ref()).await.unwrap().org_id;
        let year = FiscalYear::new(2026).unwrap();
        let prev = FiscalYear::new(2025).unwrap();
        let top: Vec<Department> =
            store.list_departments(org).await.unwrap().into_iter().filter(|d| d.parent_id.is_none()).collect();

        let mut themes: Vec<String> = store.list_themes(org, prev).await.unwrap().into_iter().map(|t| t.name).collect();
        themes.push("試験用の重点項目".to_string());
        let open = OpenYear {
            themes,
            policy_due: Some(hoshin_domain::Day::parse("2026-05-29").unwrap()),
            midyear_due: Some(hoshin_domain::Day::parse("2026-10-30").unwrap()),
            yearend_due: Some(hoshin_domain::Day::parse("2027-03-31").unwrap()),
            copy_forward: true,
        };
        open_year(store.as_ref(), &Actor::System, org, year, &open, hoshin_domain::Day::parse("2026-04-01").unwrap())
            .await
            .unwrap();

        // A and B: the first two departments whose drafts have ≥ 2 initiatives and a KPI.
        let mut picked = Vec::new();
        for d in top {
            let s = side(store.as_ref(), d, year).await;
            if s.initiatives.len() >= 2 && !s.indicators.is_empty() {
                picked.push(s);
            }
            if picked.len() == 2 {
                break;
            }
        }
        assert_eq!(picked.len(), 2, "the demo city has two departments with initiatives and KPIs");
        // Reordering moves an initiative among those under the same theme: give each side a pair.
        for side in &mut picked {
            let (first, second) = (side.initiatives[0].clone(), side.initiatives[1].clone());
            if side
                .initiatives
                .iter()
                .enumerate()
                .all(|(n, i)| side.initiatives[n + 1..].iter().all(|j| j.theme_id != i.theme_id))
            {
                let tx = store.begin().await.unwrap();
                tx.update_initiative(&Initiative { theme_id: first.theme_id, ..second }).await.unwrap();
                tx.commit().await.unwrap();
                side.initiatives = store.revision_initiatives(side.rev.id).await.unwrap();
            }
        }
        let (a, b) = (picked.remove(0), picked.remove(0));
        // Submitting needs a stance; departments without one in 2025 get one.
        for s in [&a, &b] {
            if s.rev.stance.trim().is_empty() {
                hoshin_app::editing::save_stance(
                    store.as_ref(),
                    &Actor::System,
                    s.rev.id,
                    s.rev.meta.version,
                    "市民とともに進める部局運営",
                    None,
                )
                .await
                .unwrap();
            }
        }

        let mut users = Vec::new();
        for (who, role, depts) in [
            (Who::Admin, Role::Admin, vec![]),
            (Who::Planning, Role::Planning, vec![]),
            (Who::EditorA, Role::Editor, vec![a.dept.id]),
            (Who::EditorB, Role::Editor, vec![b.dept.id]),
            (Who::Viewer, Role::Viewer, vec![]),
        ] {
            let login = who.login().unwrap();
            let input = UserInput {
                org_id: org,
                login: login.to_string(),
                display_name: format!("試験 {login}"),
                password: PASSWORD.to_string(),
                role,
                departments: depts,
            };
            let id = create_user(store.as_ref(), &Actor::System, &input).await.unwrap();
            users.push((who, store.get_user(id).await.unwrap()));
        }

        let app = App::new(store.clone());
        let mut sessions = Vec::new();
        for (who, _) in &users {
            sessions.push((*who, login(&app, who.login().unwrap(), PASSWORD).await));
        }
        let (a, b) = (side(store.as_ref(), a.dept, year).await, side(store.as_ref(), b.dept, year).await);
        let themes = store.list_themes(org, year).await.unwrap();

        let snapshot = match db.backend() {
            hoshin_store::Backend::Sqlite => {
                let dir = tempfile::Builder::new().prefix("hoshin-world-").tempdir().unwrap();
                let file = dir.path().join("world.db");
                store.backup_to(&file).await.unwrap();
                store.close().await;
                Snapshot::Sqlite { file, _dir: dir }
            }
            hoshin_store::Backend::Postgres => {
                store.close().await;
                let name = db.url.rsplit('/').next().unwrap().to_string();
                let port = hoshin_testkit::pg_cluster::cluster().unwrap().port;
                Snapshot::Postgres { db: name, port }
            }
        };
        drop(app);
        World { org, year, prev, a, b, themes, users, sessions, snapshot: Arc::new(snapshot) }
    }

    /// A fresh copy of the world's database (sessions included) with its own app.
    pub async fn fork(&self) -> Fork {
        let n = FORKS.fetch_add(1, Ordering::SeqCst);
        match self.snapshot.as_ref() {
            Snapshot::Sqlite { file, .. } => {
                let dir = tempfile::Builder::new().prefix("hoshin-fork-").tempdir().unwrap();
                let path = dir.path().join("fork.db");
                std::fs::copy(file, &path).unwrap();
                let store = hoshin_store::open(&format!("sqlite://{}", path.display())).await.unwrap();
                Fork { app: App::new(store.clone()), store, _dir: Some(dir) }
            }
            Snapshot::Postgres { db, port } => {
                let name = format!("{db}_fork_{}_{n}", std::process::id());
                let (template, port, target) = (db.clone(), *port, name.clone());
                tokio::task::spawn_blocking(move || pg_createdb(port, &template, &target)).await.unwrap();
                let url = format!("postgres://postgres@127.0.0.1:{port}/{name}");
                let store = hoshin_store::open(&url).await.unwrap();
                Fork { app: App::new(store.clone()), store, _dir: None }
            }
        }
    }

    pub fn session(&self, who: Who) -> Option<&Session> {
        self.sessions.iter().find(|(w, _)| *w == who).map(|(_, s)| s)
    }

    pub fn user(&self, who: Who) -> &User {
        &self.users.iter().find(|(w, _)| *w == who).expect("an account for every role but the public").1
    }

    /// The department side an editor works for.
    pub fn side(&self, a: bool) -> &Side {
        if a {
            &self.a
        } else {
            &self.b
        }
    }
}

/// Everything a refused request must leave as it was: row counts of every table (the audit
/// log included), users, cycles, revisions and every row of every revision, reviews of
/// draft rows, and the published rows of departments A and B.
#[derive(Debug, Clone, PartialEq)]
pub struct Fingerprint(pub Vec<(String, String)>);

impl Fingerprint {
    /// The names of the parts that differ.
    pub fn diff(&self, other: &Fingerprint) -> Vec<String> {
        let mut out = Vec::new();
        for (k, v) in &self.0 {
            match other.0.iter().find(|(k2, _)| k2 == k) {
                Some((_, v2)) if v2 == v => {}
                _ => out.push(k.clone()),
            }
        }
        for (k, _) in &other.0 {
            if !self.0.iter().any(|(k2, _)| k2 == k) {
                out.push(k.clone());
            }
        }
        out
    }
}

pub async fn fingerprint(store: &dyn Store, w: &World) -> Fingerprint {
    let mut parts = Vec::new();
    for c in store.stats().await.unwrap() {
        parts.push((format!("count {}", c.table), c.rows.to_string()));
    }
    let users = store.list_users(w.org).await.unwrap();
    for u in &users {
        let inbox = store.notifications_of(u.id, Page::first(1000)).await.unwrap();
        parts.push((format!("inbox of {}", u.login), format!("{inbox:?}")));
    }
    parts.push((
        "user e-mail".into(),
        format!("{:?}", store.user_emails(&users.iter().map(|u| u.id).collect::<Vec<_>>()).await.unwrap()),
    ));
    parts.push(("users".into(), format!("{users:?}")));
    parts.push(("cycles".into(), format!("{:?}", store.list_cycles(w.org).await.unwrap())));
    for y in [w.prev.year(), w.year.year(), w.year.year() + 1] {
        let y = FiscalYear::new(i64::from(y)).unwrap();
        let revs = store.year_revisions(w.org, y).await.unwrap();
        for r in &revs {
            let rows = store.revision_initiatives(r.id).await.unwrap();
            let ids: Vec<InitiativeId> = rows.iter().map(|i| i.id).collect();
            parts.push((format!("revision {} initiatives", r.id), format!("{rows:?}")));
            parts.push((
                format!("revision {} indicators", r.id),
                format!("{:?}", store.revision_indicators(r.id).await.unwrap()),
            ));
            parts.push((format!("revision {} reviews", r.id), format!("{:?}", store.reviews_of(&ids).await.unwrap())));
        }
        parts.push((format!("revisions {y}"), format!("{revs:?}")));
        parts.push((format!("themes {y}"), format!("{:?}", store.list_themes(w.org, y).await.unwrap())));
        for s in [&w.a, &w.b] {
            let fam: Vec<DepartmentId> = store
                .list_departments(w.org)
                .await
                .unwrap()
                .into_iter()
                .filter(|d| d.id == s.dept.id || d.parent_id == Some(s.dept.id))
                .map(|d| d.id)
                .collect();
            let live = store.departments_initiatives(&fam, y, Page::first(5000)).await.unwrap();
            parts.push((format!("published initiatives {} {y}", s.dept.id), format!("{live:?}")));
            parts.push((
                format!("policy {} {y}", s.dept.id),
                format!("{:?}", store.get_department_policy(s.dept.id, y).await.unwrap()),
            ));
        }
    }
    Fingerprint(parts)
}
