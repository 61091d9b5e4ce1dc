//! The department editing pages over HTTP (issue 5): an editor opens a revision, adds,
//! edits and moves an initiative, adds a KPI, pastes actuals, saves a review and submits;
//! a stale version shows the conflict page with both versions; a viewer reads only.
#![allow(clippy::unwrap_used)]

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use hoshin_app::access::Actor;
use hoshin_app::accounts::{create_user, UserInput};
use hoshin_app::App;
use hoshin_domain::*;
use hoshin_store::Store;
use hoshin_testkit::TestDb;
use tower::ServiceExt;

const PASSWORD: &str = "kakunin-pass-2024";

struct Res {
    status: StatusCode,
    location: String,
    body: String,
}

/// One signed-in browser: the session cookie and the CSRF token of its pages.
struct Client {
    app: App,
    cookie: String,
    csrf: String,
}

async fn send(app: &App, req: Request<Body>) -> (StatusCode, axum::http::HeaderMap, String) {
    let res = hoshin_web::router(app.clone()).oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = axum::body::to_bytes(res.into_body(), 20 << 20).await.unwrap();
    (status, headers, String::from_utf8(bytes.to_vec()).unwrap())
}

fn cookie_value(headers: &axum::http::HeaderMap, name: &str) -> Option<String> {
    headers.get_all(header::SET_COOKIE).iter().filter_map(|v| v.to_str().ok()).find_map(|v| {
        let first = v.split(';').next()?;
        let (k, val) = first.split_once('=')?;
        (k == name && !val.is_empty()).then(|| val.to_string())
    })
}

fn form(pairs: &[(&str, &str)]) -> String {
    serde_urlencoded::to_string(pairs).unwrap()
}

impl Client {
    async fn login(app: &App, login: &str) -> Client {
        let (_, h, _) = send(app, Request::get("/login").body(Body::empty()).unwrap()).await;
        let token = cookie_value(&h, "hoshin_login").unwrap();
        let body = form(&[("_csrf", &token), ("login", login), ("password", PASSWORD), ("next", "/manage")]);
        let req = Request::post("/login")
            .header(header::COOKIE, format!("hoshin_login={token}"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap();
        let (status, h, body) = send(app, req).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "login {login}: {body}");
        let session = cookie_value(&h, "hoshin_session").unwrap();
        Client { app: app.clone(), cookie: format!("hoshin_session={session}"), csrf: String::new() }
    }

    async fn get(&mut self, uri: &str) -> Res {
        let req = Request::get(uri).header(header::COOKIE, &self.cookie).body(Body::empty()).unwrap();
        let (status, h, body) = send(&self.app, req).await;
        let re = regex::Regex::new(r#"name="_csrf" value="([^"]+)""#).unwrap();
        if let Some(c) = re.captures(&body) {
            self.csrf = c[1].to_string();
        }
        unique_ids(uri, &body);
        Res { status, location: location(&h), body }
    }

    async fn post(&self, uri: &str, fields: &[(&str, &str)]) -> Res {
        let mut all = vec![("_csrf", self.csrf.as_str())];
        all.extend_from_slice(fields);
        let req = Request::post(uri)
            .header(header::COOKIE, &self.cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(form(&all)))
            .unwrap();
        let (status, h, body) = send(&self.app, req).await;
        Res { status, location: location(&h), body }
    }
}

/// Every `id` once per page: a repeated id leaves a `<label for>` pointing at the wrong element
/// (the field has no accessible name) and a fragment link at the first of them.
fn unique_ids(uri: &str, body: &str) {
    let re = regex::Regex::new(r#"\sid="([^"]+)""#).unwrap();
    let mut seen = std::collections::HashSet::new();
    for c in re.captures_iter(body) {
        assert!(seen.insert(c[1].to_string()), "{uri}: id=\"{}\" appears more than once", &c[1]);
    }
}

fn location(h: &axum::http::HeaderMap) -> String {
    h.get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string()
}

fn see_other(r: &Res) {
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
}

struct World {
    _db: TestDb,
    app: App,
    store: std::sync::Arc<dyn Store>,
    dept: DepartmentId,
}

async fn world() -> World {
    let db = TestDb::sqlite().await.unwrap();
    let store = db.store.clone();
    let report = hoshin_app::demo::seed_demo(store.as_ref()).await.unwrap();
    let depts = store.list_departments(report.org_id).await.unwrap();
    let dept = depts.iter().find(|d| d.name == "こども未来部").unwrap().id;
    for (login, role, departments) in
        [("editor1", Role::Editor, vec![dept]), ("viewer1", Role::Viewer, vec![]), ("planner1", Role::Planning, vec![])]
    {
        let input = UserInput {
            org_id: report.org_id,
            login: login.into(),
            display_name: format!("{login} さん"),
            password: PASSWORD.into(),
            role,
            departments,
        };
        create_user(store.as_ref(), &Actor::System, &input).await.unwrap();
    }
    World { app: App::new(store.clone()), store, _db: db, dept }
}

fn fy(y: i64) -> FiscalYear {
    FiscalYear::new(y).unwrap()
}

/// Opens the 2024 revision as the editor and returns it.
async fn open(w: &World, ed: &mut Client) -> PolicyRevision {
    let page = format!("/manage/2024/departments/{}", w.dept);
    let r = ed.get(&page).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("編集を開始（新しい改訂を作成）"), "{}", r.body);
    see_other(&ed.post(&format!("{page}/revise"), &[]).await);
    let revs = w.store.revisions_of(w.dept, fy(2024)).await.unwrap();
    assert_eq!(revs.len(), 1);
    revs[0].clone()
}

#[tokio::test]
async fn an_editor_edits_a_revision_and_submits_it() {
    let w = world().await;
    let mut ed = Client::login(&w.app, "editor1").await;
    let rev = open(&w, &mut ed).await;
    let page = format!("/manage/2024/departments/{}", w.dept);
    let shown = ed.get(&page).await;
    assert!(shown.body.contains("提出する") && shown.body.contains("作成中"), "{}", shown.body);
    assert!(!shown.body.contains("承認する"), "editors cannot approve");
    let before = w.store.revision_initiatives(rev.id).await.unwrap().len();

    // Add an initiative.
    let r = ed
        .post(
            &format!("/manage/revisions/{}/initiatives", rev.id),
            &[
                ("name", "放課後の居場所づくり"),
                ("summary", "学童の受け皿を広げる"),
                ("theme_id", ""),
                ("sdg_goals", "4、１１"),
                ("milestones", "2025-06-30 説明会を開く\n秋 募集"),
                ("reform_perspectives", "① 参加と協働"),
            ],
        )
        .await;
    see_other(&r);
    let items = w.store.revision_initiatives(rev.id).await.unwrap();
    assert_eq!(items.len(), before + 1);
    let added = items.iter().find(|i| i.name == "放課後の居場所づくり").unwrap().clone();
    assert!(r.location.ends_with(&format!("#i-{}", added.id)), "{}", r.location);
    assert_eq!(added.sdg_goals.iter().map(|g| g.number()).collect::<Vec<_>>(), vec![4, 11]);
    assert_eq!(added.milestones[0].due.as_deref(), Some("2025-06-30"));
    assert_eq!(added.milestones[1].due, None);
    assert_eq!(added.reform_perspectives[0].number, Some(1));

    // Edit it: the form is prefilled, the save bumps the version.
    let edit = format!("/manage/revisions/{}/initiatives/{}", rev.id, added.id);
    let form_page = ed.get(&edit).await;
    assert_eq!(form_page.status, StatusCode::OK);
    assert!(form_page.body.contains("2025-06-30 説明会を開く"), "{}", form_page.body);
    // The goals are ticked among the 17.
    assert!(form_page.body.contains(r#"value="4" checked"#) && form_page.body.contains(r#"value="11" checked"#));
    assert!(!form_page.body.contains(r#"value="3" checked"#));
    let v = added.meta.version.to_string();
    let r = ed
        .post(
            &edit,
            &[
                ("version", &v),
                ("name", "放課後の居場所づくり（拡充）"),
                ("summary", "学童の受け皿を広げる"),
                ("sdg_goals", "4"),
                ("milestones", ""),
            ],
        )
        .await;
    see_other(&r);
    let saved = w.store.get_initiative(added.id).await.unwrap();
    assert_eq!(saved.name, "放課後の居場所づくり（拡充）");
    assert!(saved.milestones.is_empty());

    // Move it up one place among the initiatives under the same theme (as the page groups them).
    let same_theme = |list: Vec<Initiative>| -> Vec<InitiativeId> {
        list.iter().filter(|i| i.theme_id == saved.theme_id).map(|i| i.id).collect()
    };
    let group_before = same_theme(w.store.revision_initiatives(rev.id).await.unwrap());
    let v = saved.meta.version.to_string();
    see_other(&ed.post(&format!("{edit}/move"), &[("version", &v), ("direction", "up")]).await);
    let group = same_theme(w.store.revision_initiatives(rev.id).await.unwrap());
    assert_eq!(group_before.last(), Some(&added.id), "added last");
    if group.len() > 1 {
        assert_eq!(group.iter().position(|i| *i == added.id), Some(group.len() - 2), "{group:?}");
    }

    // Add a KPI.
    let r = ed
        .post(
            &format!("{edit}/indicators"),
            &[
                ("name", "登録児童数"),
                ("unit", "人"),
                ("direction", "up"),
                ("baseline", "120人"),
                ("baseline_year", "令和6年度"),
                ("target", "200人"),
                ("target_year", "2027"),
            ],
        )
        .await;
    see_other(&r);
    let kpi = w.store.indicators_of(IndicatorOwner::Initiative(added.id)).await.unwrap().remove(0);
    assert!(r.location.ends_with(&format!("#kpi-{}", kpi.id)), "{}", r.location);
    assert_eq!(kpi.baseline_year, Some(fy(2024)));
    assert_eq!(kpi.target.as_ref().and_then(|q| q.value), Some(200.0));

    // A value without a number, years in the wrong order or an impossible schedule date is
    // refused with the reason; nothing is added.
    let kpis_before = w.store.indicators_of(IndicatorOwner::Initiative(added.id)).await.unwrap().len();
    for (fields, why) in [
        (vec![("name", "文字の現状値"), ("baseline", "abc")], "現状値は数値で"),
        (vec![("name", "逆の年度"), ("baseline_year", "2028"), ("target_year", "2024")], "目標年度"),
    ] {
        let r = ed.post(&format!("{edit}/indicators"), &fields).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert!(r.body.contains(why), "lacks {why}: {}", r.body);
    }
    assert_eq!(w.store.indicators_of(IndicatorOwner::Initiative(added.id)).await.unwrap().len(), kpis_before);
    let r = ed
        .post(
            &format!("/manage/revisions/{}/initiatives", rev.id),
            &[("name", "日付の誤り"), ("milestones", "2026-04-01 開始\n2026-13-40 ありえない日")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("スケジュール2行目"), "{}", r.body);

    // Actuals by paste: one line per KPI in page order.
    let actuals = format!("/manage/revisions/{}/actuals", rev.id);
    let page_a = ed.get(&actuals).await;
    assert_eq!(page_a.status, StatusCode::OK, "{}", page_a.body);
    assert!(page_a.body.contains("表計算ソフトから1列を貼り付け"));
    let ids: Vec<String> = regex::Regex::new(r#"name="indicator" value="(\d+)""#)
        .unwrap()
        .captures_iter(&page_a.body)
        .map(|c| c[1].to_string())
        .collect();
    let versions: Vec<String> = regex::Regex::new(r#"name="version" value="(\d+)""#)
        .unwrap()
        .captures_iter(&page_a.body)
        .map(|c| c[1].to_string())
        .collect();
    let values: Vec<String> = regex::Regex::new(r#"name="value"[^>]*value="([^"]*)""#)
        .unwrap()
        .captures_iter(&page_a.body)
        .map(|c| c[1].to_string())
        .collect();
    assert_eq!((ids.len(), versions.len(), values.len()), (ids.len(), ids.len(), ids.len()));
    let mine = ids.iter().position(|i| *i == kpi.id.to_string()).unwrap();
    let mut pasted = values.clone();
    pasted[mine] = "150人".into();
    let mut fields: Vec<(&str, &str)> = vec![("year", "2024")];
    for n in 0..ids.len() {
        fields.extend([
            ("indicator", ids[n].as_str()),
            ("version", versions[n].as_str()),
            ("value", values[n].as_str()),
        ]);
    }
    // One line too many: refused, nothing saved.
    let long = format!("{}\n999", pasted.join("\n"));
    let mut bad = fields.clone();
    bad.push(("paste", &long));
    let r = ed.post(&actuals, &bad).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains(&format!("{}行ですが、指標は{}件", ids.len() + 1, ids.len())), "{}", r.body);
    assert!(w.store.get_indicator(kpi.id).await.unwrap().actuals.is_empty());
    let paste = format!("{}\n\n", pasted.join("\r\n"));
    fields.push(("paste", &paste));
    let r = ed.post(&actuals, &fields).await;
    see_other(&r);
    assert!(r.location.contains("year=2024"), "{}", r.location);
    let kpi = w.store.get_indicator(kpi.id).await.unwrap();
    assert_eq!(kpi.actuals.len(), 1);
    assert_eq!((kpi.actuals[0].fiscal_year, kpi.actuals[0].value.value), (fy(2024), Some(150.0)));

    // The review of the year.
    let r = ed
        .post(
            &format!("{edit}/review"),
            &[
                ("version", ""),
                ("result", "3校で開設"),
                ("issues_next", "人材確保"),
                ("progress", "60"),
                ("judgement", "A"),
            ],
        )
        .await;
    see_other(&r);
    assert!(r.location.ends_with("#review"));
    let review = w.store.get_goal_review(added.id, fy(2024)).await.unwrap().unwrap();
    assert_eq!((review.progress, review.judgement.as_deref()), (Some(60), Some("A")));
    let shown = ed.get(&page).await;
    assert!(shown.body.contains("3校で開設") && shown.body.contains("150人"), "{}", shown.body);

    // Submit: the page turns read-only for the editor.
    let rv = w.store.get_revision(rev.id).await.unwrap();
    let v = rv.meta.version.to_string();
    see_other(
        &ed.post(&format!("/manage/revisions/{}/transition", rev.id), &[("version", &v), ("step", "submit")]).await,
    );
    assert_eq!(w.store.get_revision(rev.id).await.unwrap().state, RevisionState::Submitted);
    let shown = ed.get(&page).await;
    assert!(shown.body.contains("提出済み") && !shown.body.contains("name=\"stance\""), "{}", shown.body);
    assert!(!shown.body.contains(">提出する<"));

    // The planning office returns it with a comment, shown prominently to the editor.
    let mut pl = Client::login(&w.app, "planner1").await;
    let pp = pl.get(&page).await;
    assert!(pp.body.contains("承認する") && pp.body.contains("差戻す"), "{}", pp.body);
    let v = w.store.get_revision(rev.id).await.unwrap().meta.version.to_string();
    let no_comment =
        pl.post(&format!("/manage/revisions/{}/transition", rev.id), &[("version", &v), ("step", "return")]).await;
    assert_eq!(no_comment.status, StatusCode::UNPROCESSABLE_ENTITY);
    see_other(
        &pl.post(
            &format!("/manage/revisions/{}/transition", rev.id),
            &[("version", &v), ("step", "return"), ("comment", "指標の目標年度を確認してください")],
        )
        .await,
    );
    let shown = ed.get(&page).await;
    assert!(shown.body.contains("差戻しの理由") && shown.body.contains("指標の目標年度を確認してください"));
    assert!(shown.body.contains("name=\"stance\""), "editable again after a return");

    // Submitted again, approved and published: the public page shows the new initiative.
    let transition = format!("/manage/revisions/{}/transition", rev.id);
    for (who, step) in [(&ed, "submit"), (&pl, "approve"), (&pl, "publish")] {
        let v = w.store.get_revision(rev.id).await.unwrap().meta.version.to_string();
        see_other(&who.post(&transition, &[("version", &v), ("step", step)]).await);
    }
    assert_eq!(w.store.get_revision(rev.id).await.unwrap().state, RevisionState::Published);
    let org = w.store.get_department(w.dept).await.unwrap().org_id;
    let public = pl.get(&format!("/orgs/{org}/years/2024/departments/{}", w.dept)).await;
    assert!(public.body.contains("放課後の居場所づくり（拡充）"), "{}", public.body);
    let shown = ed.get(&page).await;
    assert!(shown.body.contains("公開済み") && shown.body.contains("編集を開始"), "{}", shown.body);

    // The revision's history reads as words: states in Japanese, people by name, times as dates.
    let history = ed.get(&format!("/manage/history/policy_revisions/{}", rev.id)).await;
    assert_eq!(history.status, StatusCode::OK);
    let text = regex::Regex::new(r"<[^>]+>").unwrap().replace_all(&history.body, "");
    for word in ["公開済み", "承認済み（公開待ち）", "令和", "令和6年度（2024年度）", "こども未来部"]
    {
        assert!(text.contains(word), "history lacks {word}: {text}");
    }
    assert!(history.body.contains("planner1 さん"), "the publisher is named: {}", history.body);
    assert!(!regex::Regex::new(r">1[0-9]{12}<").unwrap().is_match(&history.body), "no raw Unix-ms times");
}

#[tokio::test]
async fn a_stale_save_shows_both_versions() {
    let w = world().await;
    let mut ed = Client::login(&w.app, "editor1").await;
    let rev = open(&w, &mut ed).await;
    let item = w.store.revision_initiatives(rev.id).await.unwrap().remove(0);
    let edit = format!("/manage/revisions/{}/initiatives/{}", rev.id, item.id);
    let old = item.meta.version.to_string();
    see_other(&ed.post(&edit, &[("version", &old), ("name", "先に保存された名前")]).await);
    let r = ed.post(&edit, &[("version", &old), ("name", "あとから保存しようとした名前")]).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(r.body.contains("先に保存された名前") && r.body.contains("あとから保存しようとした名前"), "{}", r.body);
    assert!(r.body.contains("相違") && r.body.contains("保存されていません"));
    assert!(r.body.contains(&format!("href=\"{edit}\"")), "a link reopens the form");
    assert_eq!(w.store.get_initiative(item.id).await.unwrap().name, "先に保存された名前");

    // A KPI and a review too.
    see_other(&ed.post(&format!("{edit}/indicators"), &[("name", "相談件数"), ("direction", "up")]).await);
    let kpi = w.store.indicators_of(IndicatorOwner::Initiative(item.id)).await.unwrap().pop().unwrap();
    let url = format!("/manage/revisions/{}/indicators/{}", rev.id, kpi.id);
    let kv = kpi.meta.version.to_string();
    see_other(&ed.post(&url, &[("version", &kv), ("name", "相談件数（延べ）"), ("unit", "件")]).await);
    let r = ed.post(&url, &[("version", &kv), ("name", "相談の実人数"), ("unit", "人")]).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(r.body.contains("相談件数（延べ）") && r.body.contains("相談の実人数"), "{}", r.body);
    let review = format!("{edit}/review");
    let rv = match w.store.get_goal_review(item.id, fy(2024)).await.unwrap() {
        Some(r) => r.meta.version.to_string(),
        None => String::new(),
    };
    see_other(&ed.post(&review, &[("version", &rv), ("result", "先の実績")]).await);
    let r = ed.post(&review, &[("version", &rv), ("result", "後の実績")]).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(r.body.contains("先の実績") && r.body.contains("後の実績"), "{}", r.body);

    // The stance too.
    let v = rev.meta.version.to_string();
    see_other(
        &ed.post(&format!("/manage/revisions/{}/stance", rev.id), &[("version", &v), ("stance", "第一案")]).await,
    );
    let r = ed.post(&format!("/manage/revisions/{}/stance", rev.id), &[("version", &v), ("stance", "第二案")]).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("第一案") && r.body.contains("第二案"), "{}", r.body);
}

#[tokio::test]
async fn a_viewer_reads_only() {
    let w = world().await;
    let mut ed = Client::login(&w.app, "editor1").await;
    let rev = open(&w, &mut ed).await;
    let v = rev.meta.version.to_string();
    see_other(
        &ed.post(&format!("/manage/revisions/{}/stance", rev.id), &[("version", &v), ("stance", "子育てを支える")])
            .await,
    );
    let mut viewer = Client::login(&w.app, "viewer1").await;
    let page = viewer.get(&format!("/manage/2024/departments/{}", w.dept)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_eq!(page.body.matches("<h1").count(), 1);
    assert!(page.body.contains("子育てを支える"), "{}", page.body);
    for absent in ["name=\"stance\"", ">提出する<", "/transition", "/move", "/delete", "編集を開始"] {
        assert!(!page.body.contains(absent), "viewer sees {absent}");
    }
    let v = w.store.get_revision(rev.id).await.unwrap().meta.version.to_string();
    let r = viewer.post(&format!("/manage/revisions/{}/stance", rev.id), &[("version", &v), ("stance", "x")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let item = w.store.revision_initiatives(rev.id).await.unwrap().remove(0);
    let edit = viewer.get(&format!("/manage/revisions/{}/initiatives/{}", rev.id, item.id)).await;
    assert_eq!(edit.status, StatusCode::OK);
    assert!(!edit.body.contains("name=\"version\""), "no forms for a viewer");

    // Deleting asks first, on a page of its own; only those who could delete see the question.
    let confirm = format!("/manage/revisions/{}/initiatives/{}/delete", rev.id, item.id);
    assert_eq!(viewer.get(&confirm).await.status, StatusCode::FORBIDDEN);
    let page = ed.get(&format!("/manage/2024/departments/{}", w.dept)).await;
    assert!(page.body.contains(&format!("href=\"{confirm}\"")), "the page links to the question");
    let question = ed.get(&confirm).await;
    assert_eq!(question.status, StatusCode::OK, "{}", question.body);
    assert!(question.body.contains(&item.name) && question.body.contains("削除する"), "{}", question.body);
    assert!(question.body.contains(&format!("action=\"{confirm}\"")), "{}", question.body);
    let v = item.meta.version.to_string();
    see_other(&ed.post(&confirm, &[("version", &v)]).await);
    assert!(w.store.revision_initiatives(rev.id).await.unwrap().iter().all(|i| i.id != item.id), "deleted");
    // Another department's page: no edit button either.
    let r = viewer.get(&format!("/manage/revisions/{}/initiatives/999999", rev.id)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

/// Issue 12 (item 7): a move sent with a stale version answered 303 and did nothing when the
/// initiative had no neighbour in that direction; it is a conflict like every other stale edit.
#[tokio::test]
async fn a_stale_move_without_a_neighbour_is_a_conflict() {
    let w = world().await;
    let mut ed = Client::login(&w.app, "editor1").await;
    let rev = open(&w, &mut ed).await;
    let items = w.store.revision_initiatives(rev.id).await.unwrap();
    let first = items[0].clone();
    let edit = format!("/manage/revisions/{}/initiatives/{}", rev.id, first.id);
    let old = first.meta.version.to_string();
    see_other(&ed.post(&edit, &[("version", &old), ("name", "ほかの人が先に直した名前")]).await);
    let before = w.store.revision_initiatives(rev.id).await.unwrap();
    // The first initiative has nothing above it: the stale move must still be refused as such.
    let r = ed.post(&format!("{edit}/move"), &[("version", &old), ("direction", "up")]).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(r.body.contains("保存"), "{}", r.body);
    // With the current version, a move without a neighbour is a harmless no-op.
    let fresh = w.store.get_initiative(first.id).await.unwrap().meta.version.to_string();
    see_other(&ed.post(&format!("{edit}/move"), &[("version", &fresh), ("direction", "up")]).await);
    assert_eq!(w.store.revision_initiatives(rev.id).await.unwrap(), before, "nothing moved");
}
