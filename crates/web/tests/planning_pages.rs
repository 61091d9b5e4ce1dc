//! The planning/admin side of the staff pages through the router: opening a year from the
//! cycle page, the dashboard, user administration and the audit history, signed in through
//! the real login form with sessions and CSRF tokens.
#![allow(clippy::unwrap_used)]

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use hoshin_app::access::Actor;
use hoshin_app::accounts::{create_user, UserInput};
use hoshin_app::App;
use hoshin_domain::*;
use hoshin_testkit::TestDb;
use tower::ServiceExt;

const PASSWORD: &str = "kensho-2025-pass";

/// A browser: the session cookie and the session's CSRF token.
struct Browser {
    app: App,
    cookie: String,
    csrf: String,
}

struct Answer {
    status: StatusCode,
    location: Option<String>,
    cookies: Vec<String>,
    body: String,
}

async fn send(app: &App, req: Request<Body>) -> Answer {
    let res = hoshin_web::router(app.clone()).oneshot(req).await.unwrap();
    let status = res.status();
    let location = res.headers().get(header::LOCATION).map(|v| v.to_str().unwrap().to_string());
    let cookies = res
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().split(';').next().unwrap().to_string())
        .collect();
    let bytes = axum::body::to_bytes(res.into_body(), 20 << 20).await.unwrap();
    Answer { status, location, cookies, body: String::from_utf8(bytes.to_vec()).unwrap() }
}

fn csrf_of(body: &str) -> String {
    let re = regex::Regex::new(r#"name="_csrf" value="([^"]+)""#).unwrap();
    re.captures(body).unwrap_or_else(|| panic!("no _csrf in {body}"))[1].to_string()
}

fn form(fields: &[(&str, &str)]) -> String {
    serde_urlencoded::to_string(fields).unwrap()
}

/// Signs in through GET/POST /login; `None` when the login is refused.
async fn login(app: &App, login: &str) -> Option<Browser> {
    let page = send(app, Request::get("/login").body(Body::empty()).unwrap()).await;
    let login_cookie = page.cookies.iter().find(|c| c.starts_with("hoshin_login=")).unwrap().clone();
    let token = csrf_of(&page.body);
    let body = form(&[("_csrf", &token), ("next", "/manage"), ("login", login), ("password", PASSWORD)]);
    let req = Request::post("/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, login_cookie)
        .body(Body::from(body))
        .unwrap();
    let res = send(app, req).await;
    let session = res.cookies.iter().find(|c| c.starts_with("hoshin_session=") && c.len() > "hoshin_session=".len())?;
    let mut b = Browser { app: app.clone(), cookie: session.clone(), csrf: String::new() };
    let home = b.get("/manage").await;
    assert_eq!(home.status, StatusCode::OK, "{}", home.body);
    b.csrf = csrf_of(&home.body);
    Some(b)
}

impl Browser {
    async fn get(&self, uri: &str) -> Answer {
        let req = Request::get(uri).header(header::COOKIE, &self.cookie).body(Body::empty()).unwrap();
        send(&self.app, req).await
    }

    async fn post(&self, uri: &str, fields: &[(&str, &str)]) -> Answer {
        let mut all = vec![("_csrf", self.csrf.as_str())];
        all.extend_from_slice(fields);
        let req = Request::post(uri)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, &self.cookie)
            .body(Body::from(form(&all)))
            .unwrap();
        send(&self.app, req).await
    }
}

struct Fixture {
    _db: TestDb,
    app: App,
    org: OrgId,
    tops: Vec<Department>,
}

async fn fixture() -> Fixture {
    let db = TestDb::sqlite().await.unwrap();
    let report = hoshin_app::demo::seed_demo(db.store.as_ref()).await.unwrap();
    let org = report.org_id;
    let store = db.store.as_ref();
    let tops: Vec<Department> =
        store.list_departments(org).await.unwrap().into_iter().filter(|d| d.parent_id.is_none()).collect();
    let accounts = [
        ("tadmin", Role::Admin, vec![]),
        ("tplanner", Role::Planning, vec![]),
        ("teditor", Role::Editor, vec![tops[0].id]),
        ("tviewer", Role::Viewer, vec![]),
    ];
    for (login, role, departments) in accounts {
        let input = UserInput {
            org_id: org,
            login: login.into(),
            display_name: format!("{login} さん"),
            password: PASSWORD.into(),
            role,
            departments,
        };
        create_user(store, &Actor::System, &input).await.unwrap();
    }
    // A day of fiscal year 2025: 2025 and 2026 can be opened (issue 12).
    let app = App::new(db.store.clone()).with_today(hoshin_domain::Day::parse("2025-06-01").unwrap());
    Fixture { _db: db, app, org, tops }
}

#[tokio::test]
async fn planning_opens_a_year_and_the_dashboard_shows_every_department() {
    let f = fixture().await;
    // A day of fiscal year 2026, after its policy deadline: 2026 has no published policy yet.
    let app = f.app.clone().with_today(hoshin_domain::Day::parse("2026-06-01").unwrap());
    let planner = login(&app, "tplanner").await.unwrap();
    let cycle = planner.get("/manage/cycle").await;
    assert_eq!(cycle.status, StatusCode::OK, "{}", cycle.body);
    // No year opened yet: the default is the current fiscal year (the first one not open).
    assert!(cycle.body.contains(r#"name="year" required value="2026""#), "{}", cycle.body);

    let res = planner
        .post(
            "/manage/cycle",
            &[
                ("year", "2026"),
                ("themes", "子育てしやすいまち\n安心して暮らせる地域"),
                ("policy_due", "2026-05-31"),
                ("midyear_due", "2026-10-31"),
                ("yearend_due", "2027-03-31"),
                ("copy_forward", "on"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(res.location.as_deref(), Some("/manage/2026"));

    let dash = planner.get("/manage/2026").await;
    assert_eq!(dash.status, StatusCode::OK, "{}", dash.body);
    assert_eq!(dash.body.matches("<h1").count(), 1);
    for d in &f.tops {
        assert!(dash.body.contains(&d.name), "dashboard lacks {}", d.name);
    }
    assert!(dash.body.matches("未提出").count() >= f.tops.len(), "{}", dash.body);
    assert!(dash.body.contains("遅れている指標") && dash.body.contains("期限を過ぎた予定"));
    // The policy deadline (2026-05-31) lies before today's date, so unsubmitted drafts are late.
    assert!(dash.body.matches("期限超過").count() >= f.tops.len(), "{}", dash.body);
    assert!(dash.body.contains("令和8年（2026年）5月31日"));
    // /manage now shows the latest opened year.
    assert!(planner.get("/manage").await.body.contains("令和8年度"));

    let store = f._db.store.as_ref();
    let year = FiscalYear::new(2026).unwrap();
    let revisions = store.year_revisions(f.org, year).await.unwrap();
    assert_eq!(revisions.len(), f.tops.len());
    let mut copied = Vec::new();
    for r in &revisions {
        copied.extend(store.revision_initiatives(r.id).await.unwrap());
    }
    assert!(!copied.is_empty(), "the 2025 initiatives were copied forward");
    for c in &copied {
        let prev = store.get_initiative(c.predecessor_id.unwrap()).await.unwrap();
        assert_eq!(prev.fiscal_year, Some(FiscalYear::new(2025).unwrap()));
        assert_eq!(prev.name, c.name);
    }
    // Edit one copied initiative: its history shows the change with the Japanese label.
    let c = &copied[0];
    let rev = c.draft.unwrap().revision_id;
    let input = hoshin_app::editing::InitiativeInput {
        name: format!("{}（拡充）", c.name),
        summary: c.summary.clone(),
        theme_id: c.theme_id,
        node_ids: c.node_ids.clone(),
        reform_perspectives: c.reform_perspectives.clone(),
        reform_text: c.reform_text.clone(),
        sdg_goals: c.sdg_goals.clone(),
        milestones: c.milestones.clone(),
        section: None,
        budget_codes: None,
    };
    hoshin_app::editing::update_initiative(store, &Actor::System, rev, c.id, c.meta.version, &input).await.unwrap();
    let history = planner.get(&format!("/manage/history/initiatives/{}", c.id.0)).await;
    assert_eq!(history.status, StatusCode::OK, "{}", history.body);
    assert!(history.body.contains("<th scope=\"row\">取組名</th>"), "{}", history.body);
    assert!(history.body.contains("<ins>（拡充）</ins>"), "{}", history.body);
    assert!(history.body.contains("システム") && history.body.contains("更新"), "{}", history.body);

    // Ids in the logged images read as names: a dropped plan node by code and title, a 行革の視点
    // as written, no bookkeeping columns.
    let linked = copied.iter().find(|i| !i.node_ids.is_empty()).expect("a copied initiative linked to the plan");
    let linked = store.get_initiative(linked.id).await.unwrap();
    let dropped = store.nodes_by_ids(&linked.node_ids[..1]).await.unwrap().remove(0);
    let input = hoshin_app::editing::InitiativeInput {
        name: linked.name.clone(),
        summary: linked.summary.clone(),
        theme_id: linked.theme_id,
        node_ids: linked.node_ids[1..].to_vec(),
        reform_perspectives: vec![ReformPerspective::parse("②参加と協働の視点")],
        reform_text: linked.reform_text.clone(),
        sdg_goals: linked.sdg_goals.clone(),
        milestones: linked.milestones.clone(),
        section: None,
        budget_codes: None,
    };
    let rev_of_linked = linked.draft.unwrap().revision_id;
    hoshin_app::editing::update_initiative(
        store,
        &Actor::System,
        rev_of_linked,
        linked.id,
        linked.meta.version,
        &input,
    )
    .await
    .unwrap();
    let history = planner.get(&format!("/manage/history/initiatives/{}", linked.id.0)).await;
    assert_eq!(history.status, StatusCode::OK, "{}", history.body);
    let node_name = format!("{} {}", dropped.code.clone().unwrap_or_default(), dropped.title);
    assert!(history.body.contains(node_name.trim()), "lacks {node_name}: {}", history.body);
    assert!(history.body.contains("②参加と協働"), "{}", history.body);
    for raw in ["org_id", "live_id", "&quot;number&quot;"] {
        assert!(!history.body.contains(raw), "shows {raw}: {}", history.body);
    }

    // A review has no lookup by id: its history is found through the logged image.
    let review = hoshin_app::editing::ReviewInput {
        result: Some("説明会を2回開いた".into()),
        issues_next: None,
        progress: Some(50),
        judgement: None,
    };
    hoshin_app::editing::save_review(store, &Actor::System, rev, c.id, None, &review).await.unwrap();
    let saved = store.get_goal_review(c.id, year).await.unwrap().unwrap();
    let history = planner.get(&format!("/manage/history/goal_reviews/{}", saved.id.0)).await;
    assert_eq!(history.status, StatusCode::OK, "{}", history.body);
    for expect in ["振り返り", "（拡充）", "実績", "説明会を2回開いた", "進捗率", "（なし）", "作成"]
    {
        assert!(history.body.contains(expect), "lacks {expect}: {}", history.body);
    }

    let themes = store.list_themes(f.org, year).await.unwrap();
    assert!(themes.iter().any(|t| t.name == "子育てしやすいまち"));

    // Deadlines can be changed; a bad date is refused.
    let cycle = store.get_cycle(f.org, year).await.unwrap().unwrap();
    let v = cycle.meta.version.to_string();
    let bad = planner
        .post(
            "/manage/2026/deadlines",
            &[("version", &v), ("policy_due", "5月末"), ("midyear_due", ""), ("yearend_due", "")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let ok = planner
        .post(
            "/manage/2026/deadlines",
            &[("version", &v), ("policy_due", "2026-06-15"), ("midyear_due", ""), ("yearend_due", "")],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    assert!(planner.get("/manage/2026").await.body.contains("令和8年（2026年）6月15日"));
}

#[tokio::test]
async fn editors_cannot_plan_or_administer_but_see_their_departments() {
    let f = fixture().await;
    let editor = login(&f.app, "teditor").await.unwrap();
    assert_eq!(editor.get("/manage/cycle").await.status, StatusCode::FORBIDDEN);
    assert_eq!(editor.get("/manage/users").await.status, StatusCode::FORBIDDEN);
    let res = editor.post("/manage/cycle", &[("year", "2025"), ("themes", ""), ("copy_forward", "on")]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let planner = login(&f.app, "tplanner").await.unwrap();
    assert_eq!(planner.get("/manage/users").await.status, StatusCode::FORBIDDEN);
    planner.post("/manage/cycle", &[("year", "2025"), ("themes", ""), ("copy_forward", "on")]).await;
    let dash = editor.get("/manage/2025").await;
    assert_eq!(dash.status, StatusCode::OK);
    assert_eq!(dash.body.matches("担当</span>").count(), 1, "{}", dash.body);
}

#[tokio::test]
async fn admin_manages_users_and_the_history_shows_the_change() {
    let f = fixture().await;
    let admin = login(&f.app, "tadmin").await.unwrap();
    let dept = f.tops[1].id.0.to_string();
    let res = admin
        .post(
            "/manage/users",
            &[
                ("login", "newcomer"),
                ("display_name", "新任 花子"),
                ("password", PASSWORD),
                ("role", "editor"),
                ("departments", &dept),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let (user, _) = f._db.store.find_user_by_login("newcomer").await.unwrap().unwrap();
    assert_eq!(user.departments, vec![f.tops[1].id]);
    let list = admin.get("/manage/users").await;
    assert!(list.body.contains("新任 花子") && list.body.contains(&f.tops[1].name), "{}", list.body);
    assert!(login(&f.app, "newcomer").await.is_some(), "the new account can sign in");

    let url = format!("/manage/users/{}", user.id.0);
    let page = admin.get(&url).await;
    assert_eq!(page.status, StatusCode::OK);
    let v = user.meta.version.to_string();
    let res = admin
        .post(
            &url,
            &[
                ("version", &v),
                ("display_name", "新任 花子（休職）"),
                ("role", "editor"),
                ("departments", &dept),
                ("disabled", "on"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert!(login(&f.app, "newcomer").await.is_none(), "a disabled account cannot sign in");
    assert!(admin.get("/manage/users").await.body.contains("無効"));

    let history = admin.get(&format!("/manage/history/users/{}", user.id.0)).await;
    assert_eq!(history.status, StatusCode::OK, "{}", history.body);
    assert!(history.body.contains("氏名"), "{}", history.body);
    assert!(history.body.contains("<ins>（休職）</ins>"), "{}", history.body);
    assert!(history.body.contains("<del>") && history.body.contains("無効"), "{}", history.body);
    assert!(history.body.contains("tadmin さん") && history.body.contains("更新"));
    assert!(history.body.contains("編集・削除はできません"));
    assert!(!history.body.contains("password_hash"));

    // Another organization's account is out of reach (and out of the list).
    let store = f._db.store.as_ref();
    let tx = store.begin().await.unwrap();
    let other = tx
        .insert_organization(&NewOrganization { name: "よその町".into(), code: None, prefecture: None })
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let input = UserInput {
        org_id: other,
        login: "outsider".into(),
        display_name: "よその 職員".into(),
        password: PASSWORD.into(),
        role: Role::Admin,
        departments: vec![],
    };
    let outsider = create_user(store, &Actor::System, &input).await.unwrap();
    assert_eq!(admin.get(&format!("/manage/users/{}", outsider.0)).await.status, StatusCode::NOT_FOUND);
    assert_eq!(admin.get(&format!("/manage/history/users/{}", outsider.0)).await.status, StatusCode::NOT_FOUND);
    let res = admin.post(&format!("/manage/users/{}/password", outsider.0), &[("password", "another-pass-77")]).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert!(!admin.get("/manage/users").await.body.contains("よその 職員"));

    // Unknown tables and records are 404.
    assert_eq!(admin.get("/manage/history/sessions/1").await.status, StatusCode::NOT_FOUND);
    assert_eq!(admin.get("/manage/users/999999").await.status, StatusCode::NOT_FOUND);
}

/// A department policy whose heading and file name carry markup.
const IMPORTED: &str = "令和7年度 <script>alert('t')</script>水辺部運営方針

部局運営に関する基本的考え方

川と池を守り、<img src=x onerror=alert(1)>水辺に親しむまちをつくる。

行政改革に係る取組

1 財源の確保

財源の確保に向けた取組について

使用料の見直し

近隣市の水準を調べる。
";

#[tokio::test]
async fn imported_documents_are_listed_with_their_history() {
    let f = fixture().await;
    let store = f._db.store.as_ref();
    let opts = hoshin_app::import::ImportOptions {
        organization: Some("サンプル市".into()),
        fiscal_year: None,
        ..Default::default()
    };
    let file = "<b onmouseover=alert(2)>水辺部</b>.txt";
    let report = hoshin_app::import::import_file(store, file, IMPORTED.as_bytes(), &opts).await.unwrap();
    hoshin_app::import::import_file(store, file, IMPORTED.replace("水準", "料金の水準").as_bytes(), &opts)
        .await
        .unwrap();

    // Any staff member sees the list; the public does not.
    let viewer = login(&f.app, "tviewer").await.unwrap();
    let list = viewer.get("/manage/documents").await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    for expect in ["取り込んだ文書", "部局運営方針", "令和7年度（2025年度）", "水辺部運営方針", "&lt;b onmouseover"]
    {
        assert!(list.body.contains(expect), "lacks {expect}: {}", list.body);
    }
    let history = format!("/manage/history/documents/{}", report.document_id.0);
    assert!(list.body.contains(&history), "{}", list.body);
    let anonymous = send(&f.app, Request::get("/manage/documents").body(Body::empty()).unwrap()).await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER);

    // The history: the first import and the corrected copy, in words, with markup inert.
    let page = viewer.get(&history).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    for expect in ["文書の取り込み直し", "文書の取り込み", "読み取った件数", "取組 1件", "更新した記録", "システム"]
    {
        assert!(page.body.contains(expect), "lacks {expect}: {}", page.body);
    }
    let lower = page.body.to_lowercase();
    for tag in ["<script", "<img", "<b "] {
        assert!(!lower.contains(tag) && !list.body.to_lowercase().contains(tag), "{tag} is markup");
    }

    // Another organization's document is not found from this organization.
    let other = hoshin_app::import::ImportOptions {
        organization: Some("別の市".into()),
        fiscal_year: None,
        ..Default::default()
    };
    let theirs = hoshin_app::import::import_file(store, "other.txt", IMPORTED.as_bytes(), &other).await.unwrap();
    let res = viewer.get(&format!("/manage/history/documents/{}", theirs.document_id.0)).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert!(!viewer.get("/manage/documents").await.body.contains("other.txt"));
}

#[tokio::test]
async fn planning_reads_the_organizations_change_log() {
    let f = fixture().await;
    let planner = login(&f.app, "tplanner").await.unwrap();
    let res = planner
        .post("/manage/cycle", &[("year", "2025"), ("themes", "変更の記録を試す"), ("copy_forward", "on")])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);

    let log = planner.get("/manage/audit").await;
    assert_eq!(log.status, StatusCode::OK, "{}", log.body);
    assert_eq!(log.body.matches("<h1").count(), 1);
    // Opening the year is there, by the planner, linked to the records' histories.
    assert!(log.body.contains("tplanner さん"), "{}", log.body);
    assert!(log.body.contains("作成（年度開始/改訂開始）"), "{}", log.body);
    assert!(log.body.contains("href=\"/manage/history/policy_revisions/"), "{}", log.body);
    let first_dept = format!("{} 令和7年度（2025年度） 第1版", f.tops[0].name);
    assert!(log.body.contains(&first_dept), "revisions are named by department, year and number: {}", log.body);
    assert!(log.body.contains("重点項目「変更の記録を試す」"), "{}", log.body);

    // One person's changes only: the editor has made none.
    let (editor, _) = f._db.store.find_user_by_login("teditor").await.unwrap().unwrap();
    let mine = planner.get(&format!("/manage/audit?user={}", editor.id.0)).await;
    assert_eq!(mine.status, StatusCode::OK);
    assert!(!mine.body.contains("作成（年度開始/改訂開始）"), "{}", mine.body);

    // Editors and viewers may not read the organization-wide log.
    for who in ["teditor", "tviewer"] {
        let b = login(&f.app, who).await.unwrap();
        assert_eq!(b.get("/manage/audit").await.status, StatusCode::FORBIDDEN, "{who}");
    }
}

#[tokio::test]
async fn admin_adds_departments_and_sections_in_the_browser() {
    let f = fixture().await;
    let admin = login(&f.app, "tadmin").await.unwrap();
    let page = admin.get("/manage/departments").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains(&f.tops[0].name), "{}", page.body);

    let res = admin.post("/manage/departments", &[("name", "デジタル推進部"), ("parent", "")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let all = f._db.store.list_departments(f.org).await.unwrap();
    let new = all.iter().find(|d| d.name == "デジタル推進部").expect("added");
    assert_eq!(new.parent_id, None);
    let parent = new.id.0.to_string();
    let res = admin.post("/manage/departments", &[("name", "データ活用課"), ("parent", &parent)]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let page = admin.get("/manage/departments").await;
    assert!(page.body.contains("デジタル推進部") && page.body.contains("データ活用課"), "{}", page.body);

    // A duplicate name is refused with the reason, and nothing is added.
    let before = f._db.store.list_departments(f.org).await.unwrap().len();
    let res = admin.post("/manage/departments", &[("name", "デジタル推進部"), ("parent", "")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(res.body.contains("すでにあります"), "{}", res.body);
    assert_eq!(f._db.store.list_departments(f.org).await.unwrap().len(), before);

    // Planning may open years but not reorganize.
    let planner = login(&f.app, "tplanner").await.unwrap();
    assert_eq!(planner.get("/manage/departments").await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_mistyped_year_or_deadline_is_refused_naming_the_field() {
    let f = fixture().await;
    let planner = login(&f.app, "tplanner").await.unwrap();
    let before = f._db.store.stats().await.unwrap();
    let open = |year: &'static str, p: &'static str, m: &'static str, e: &'static str| {
        let planner = &planner;
        async move {
            planner
                .post(
                    "/manage/cycle",
                    &[("year", year), ("themes", ""), ("policy_due", p), ("midyear_due", m), ("yearend_due", e)],
                )
                .await
        }
    };
    for (year, p, m, e, why) in [
        ("2099", "", "", "", "翌年度"),
        ("2025", "2025-05-31", "2025-04-30", "", "中間報告の期限（2025-04-30）は部局運営方針の期限"),
        ("2025", "2025-05-31", "", "2050-01-01", "年度末振り返りの期限（2050-01-01）"),
        ("2025", "2025-05-31", "2025-13-40", "", "中間報告の期限：日付は2025-06-30または令和7年6月30日の形で"),
    ] {
        let res = open(year, p, m, e).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{year} {p} {m} {e}: {}", res.body);
        assert!(res.body.contains(why), "lacks {why}: {}", res.body);
        // Shown in the staff layout, with the way back to the dashboard.
        assert!(res.body.contains("管理メニュー") && res.body.contains("ダッシュボードへ戻る"), "{}", res.body);
        assert_eq!(res.body.matches("<h1").count(), 1);
    }
    assert_eq!(f._db.store.stats().await.unwrap(), before, "nothing was opened");
    let res = open("2025", "2025-05-31", "2025-10-31", "2026-04-30").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);

    // With two years open, the dashboard switches between them.
    let res = open("2026", "", "", "").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let dash = planner.get("/manage/2026").await;
    assert!(dash.body.contains("href=\"/manage/2025\""), "{}", dash.body);
    assert!(dash.body.contains("aria-current=\"page\">令和8年度"), "{}", dash.body);
}

#[tokio::test]
async fn logins_ignore_case_and_only_editors_keep_departments() {
    let f = fixture().await;
    assert!(login(&f.app, "TPlanner").await.is_some(), "a login is found whatever its case");
    let admin = login(&f.app, "tadmin").await.unwrap();
    let dept = f.tops[0].id.0.to_string();
    let add = |login: &'static str, role: &'static str| {
        let (admin, dept) = (&admin, dept.clone());
        async move {
            admin
                .post(
                    "/manage/users",
                    &[
                        ("login", login),
                        ("display_name", "試験"),
                        ("password", PASSWORD),
                        ("role", role),
                        ("departments", &dept),
                    ],
                )
                .await
        }
    };
    let res = add("TViewer", "viewer").await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(res.body.contains("すでに使われています"), "{}", res.body);

    let res = add("Planner2", "planning").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let (user, _) = f._db.store.find_user_by_login("planner2").await.unwrap().expect("stored in lower case");
    assert!(user.departments.is_empty(), "a planner keeps no departments: {:?}", user.departments);
}

/// Issue 12 (item 5): the history of a deleted record answered 404, so a deletion's
/// before-image could not be seen. From the change log, a deleted draft initiative and a
/// published one removed by publication both show their history with what they held.
#[tokio::test]
async fn a_deleted_records_history_stays_readable_from_the_change_log() {
    let f = fixture().await;
    let store = f._db.store.as_ref();
    let editor = login(&f.app, "teditor").await.unwrap();
    let planner = login(&f.app, "tplanner").await.unwrap();
    let dept = &f.tops[0];
    let y = FiscalYear::new(2025).unwrap();
    let page = format!("/manage/2025/departments/{}", dept.id);
    assert_eq!(editor.post(&format!("{page}/revise"), &[]).await.status, StatusCode::SEE_OTHER);
    let rev = store.revisions_of(dept.id, y).await.unwrap().into_iter().find(|r| r.state != RevisionState::Published);
    let rev = rev.unwrap();
    let gone = store.revision_initiatives(rev.id).await.unwrap().remove(0);
    let live = InitiativeId(gone.draft.unwrap().live_id.unwrap());
    let url = format!("/manage/revisions/{}/initiatives/{}/delete", rev.id, gone.id);
    let res = editor.post(&url, &[("version", &gone.meta.version.to_string())]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let v = store.get_revision(rev.id).await.unwrap().meta.version.to_string();
    let transition = format!("/manage/revisions/{}/transition", rev.id);
    assert_eq!(editor.post(&transition, &[("version", &v), ("step", "submit")]).await.status, StatusCode::SEE_OTHER);
    for step in ["approve", "publish"] {
        let v = store.get_revision(rev.id).await.unwrap().meta.version.to_string();
        assert_eq!(planner.post(&transition, &[("version", &v), ("step", step)]).await.status, StatusCode::SEE_OTHER);
    }
    assert!(store.get_initiative(live).await.is_err(), "publication removed the published initiative");

    // Both deletions are in the change log, each linked to a readable history.
    let log = planner.get("/manage/audit").await;
    for id in [gone.id, live] {
        let prefix = format!("href=\"/manage/history/initiatives/{id}?entry=");
        let at = log.body.find(&prefix).unwrap_or_else(|| panic!("no link for {id}: {}", log.body));
        let href = &log.body[at + 6..];
        let href = &href[..href.find('"').unwrap()];
        let history = planner.get(href).await;
        assert_eq!(history.status, StatusCode::OK, "{href}: {}", history.body);
        assert!(history.body.contains("（削除済み）"), "{href}: {}", history.body);
        assert!(history.body.contains(&gone.name), "the before-image shows what it held: {}", history.body);
    }
    // Without the log's entry too.
    let history = planner.get(&format!("/manage/history/initiatives/{live}")).await;
    assert_eq!(history.status, StatusCode::OK, "{}", history.body);
    // Another organization's staff still see nothing of it.
    assert_eq!(planner.get("/manage/history/initiatives/999999").await.status, StatusCode::NOT_FOUND);
}
