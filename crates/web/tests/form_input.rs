//! Staff forms after they are sent (issue 15, "Forms"), through the router on SQLite and
//! PostgreSQL: a refused form comes back on its own page with what was typed and the reason
//! beside the field (nothing stored); without a same-origin `Referer` the plain error page stays;
//! a save that redirects says so once on the next page.
#![allow(clippy::unwrap_used)]

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::staff::{get_as, Resp, Who, World};
use hoshin_testkit::TestDb;
use tower::ServiceExt;

/// A form POST as a browser sends it from `from` (a page of this site), with the session's token.
async fn post_from(
    app: &hoshin_app::App,
    cookie: &str,
    from: Option<&str>,
    path: &str,
    fields: &[(&str, &str)],
) -> Resp {
    let body = serde_urlencoded::to_string(fields).unwrap();
    let mut req = Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::HOST, "city.example")
        .header(header::COOKIE, cookie);
    if let Some(f) = from {
        req = req.header(header::REFERER, format!("http://city.example{f}"));
    }
    let res = hoshin_web::router(app.clone()).oneshot(req.body(Body::from(body)).unwrap()).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = axum::body::to_bytes(res.into_body(), 20 << 20).await.unwrap();
    Resp { status, headers, body: String::from_utf8(bytes.to_vec()).unwrap() }
}

/// The `<form>` of `body` that posts to `action`.
fn form<'a>(body: &'a str, action: &str) -> &'a str {
    let at = body.find(&format!("action=\"{action}\"")).unwrap_or_else(|| panic!("no form for {action}: {body}"));
    let start = body[..at].rfind("<form").unwrap();
    let end = at + body[at..].find("</form>").unwrap();
    &body[start..end]
}

async fn forms(db: TestDb) {
    let w = World::new(db).await;
    let fork = w.fork().await;
    let app = fork.app.clone();
    let s = fork.store();
    let editor = w.session(Who::EditorA).unwrap();
    let page = format!("/manage/{}/departments/{}", w.year.year(), w.a.dept.id);
    let action = format!("/manage/revisions/{}/initiatives", w.a.rev.id);
    let before = s.revision_initiatives(w.a.rev.id).await.unwrap().len();

    // A schedule date that is not a date: the add form comes back filled in.
    let typed = [
        ("_csrf", editor.csrf.as_str()),
        ("name", "防災アプリの改修\"<script>alert(1)</script>"),
        ("summary", "避難所の開設状況を地図で示す。</textarea><b>太字</b>"),
        ("milestones", "2026-13-40 試行版の公開"),
        ("sdg_goals", "11"),
    ];
    let refused = post_from(&app, &editor.cookie, Some(&page), &action, &typed).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    assert!(refused.body.contains(&format!("{}の部局運営方針", w.a.dept.name)), "the page itself: {}", refused.body);
    let f = form(&refused.body, &action);
    assert!(f.contains("value=\"防災アプリの改修&quot;&lt;script&gt;alert(1)&lt;/script&gt;\""), "{f}");
    assert!(f.contains(">避難所の開設状況を地図で示す。&lt;/textarea&gt;&lt;b&gt;太字&lt;/b&gt;</textarea>"), "{f}");
    assert!(f.contains(">2026-13-40 試行版の公開</textarea>"), "{f}");
    assert!(f.contains("value=\"11\""), "{f}");
    assert!(!refused.body.contains("<script>alert(1)"), "typed markup is escaped");
    // The reason beside the schedule field, and announced.
    let reason = "スケジュール1行目";
    let marked = &f[f.find("name=\"milestones\"").unwrap()..];
    assert!(f.contains("aria-invalid=\"true\""), "{f}");
    assert!(marked.contains("class=\"error field-error\"") && marked.contains(reason), "{marked}");
    assert!(f.contains("role=\"alert\"") && f.contains("変更は保存されていません"), "{f}");
    assert!(refused.body.contains("href=\"#form-error\""), "a link from the top of the page");
    // The other forms of the page keep their own values.
    let stance = form(&refused.body, &format!("/manage/revisions/{}/stance", w.a.rev.id));
    assert!(!stance.contains("防災アプリ") && !stance.contains("aria-invalid"), "{stance}");
    assert_eq!(s.revision_initiatives(w.a.rev.id).await.unwrap().len(), before, "nothing stored");

    // Without a Referer (or from another site): the plain error page, nothing stored.
    for from in [None, Some("/../../orgs/1")] {
        let plain = post_from(&app, &editor.cookie, from, &action, &typed).await;
        assert_eq!(plain.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(plain.body.contains("入力内容を確認してください") && !plain.body.contains("name=\"milestones\""));
    }
    assert_eq!(s.revision_initiatives(w.a.rev.id).await.unwrap().len(), before);

    // A save says so on the next page, once.
    let version = s.get_revision(w.a.rev.id).await.unwrap().meta.version.to_string();
    let saved = post_from(
        &app,
        &editor.cookie,
        Some(&page),
        &format!("/manage/revisions/{}/stance", w.a.rev.id),
        &[("_csrf", &editor.csrf), ("version", &version), ("stance", "市民の安全を第一に進める。"), ("notes", "")],
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let flash = saved.set_cookie("hoshin_flash").unwrap();
    assert_eq!(flash, "hoshin_flash=saved");
    let with = common::staff::Session { cookie: format!("{}; {flash}", editor.cookie), csrf: editor.csrf.clone() };
    let next = get_as(&app, Some(&with), &page).await;
    assert_eq!(next.status, StatusCode::OK);
    let main = &next.body[next.body.find("<main").unwrap()..];
    assert!(main.contains("<p class=\"notice flash\" role=\"status\">保存しました。</p>"), "{main}");
    assert!(next.set_cookie("hoshin_flash").is_some_and(|c| c == "hoshin_flash="), "cleared");
    assert!(!get_as(&app, Some(editor), &page).await.body.contains("保存しました。"), "once");
    // A code the server does not know says nothing.
    let odd =
        common::staff::Session { cookie: format!("{}; hoshin_flash=<b>", editor.cookie), csrf: editor.csrf.clone() };
    assert!(!get_as(&app, Some(&odd), &page).await.body.contains("notice flash"));
}

/// A page with many forms posting to the same path (a comment form per initiative): a refused
/// comment comes back in its own initiative's form only; the others keep their own initiative
/// and stay empty, so the next comment goes where it was typed.
async fn same_action(db: TestDb) {
    let w = World::new(db).await;
    let fork = w.fork().await;
    let app = fork.app.clone();
    let editor = w.session(Who::EditorA).unwrap();
    let page = format!("/manage/{}/departments/{}", w.year.year(), w.a.dept.id);
    let action = format!("/manage/revisions/{}/comments", w.a.rev.id);
    let first = w.a.initiatives[0].id.to_string();
    let second = w.a.initiatives[1].id.to_string();
    let fields = [("_csrf", editor.csrf.as_str()), ("initiative", first.as_str()), ("body", "   ")];
    let refused = post_from(&app, &editor.cookie, Some(&page), &action, &fields).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    let forms: Vec<&str> =
        refused.body.split("<form").filter(|f| f.contains(&format!("action=\"{action}\""))).collect();
    assert!(forms.len() > 2, "a form per initiative and one for the policy: {}", forms.len());
    let with = |id: &str| forms.iter().filter(|f| f.contains(&format!("name=\"initiative\" value=\"{id}\""))).count();
    assert_eq!(with(&first), 1, "{}", refused.body);
    assert_eq!(with(&second), 1, "the second initiative's form keeps its initiative");
    assert_eq!(forms.iter().filter(|f| f.contains("aria-invalid")).count(), 1);
    assert_eq!(refused.body.matches("id=\"form-error\"").count(), 1);
    let policy_form = forms.iter().find(|f| !f.contains("name=\"initiative\"")).unwrap();
    assert!(!policy_form.contains("aria-invalid"), "the policy-wide form is untouched");
}

#[tokio::test]
async fn same_action_sqlite() {
    same_action(TestDb::sqlite().await.unwrap()).await;
}

#[tokio::test]
async fn same_action_postgres() {
    same_action(TestDb::postgres().await.unwrap()).await;
}

#[tokio::test]
async fn forms_sqlite() {
    forms(TestDb::sqlite().await.unwrap()).await;
}

#[tokio::test]
async fn forms_postgres() {
    forms(TestDb::postgres().await.unwrap()).await;
}

/// The initiative form's choices: SDGs as 17 ticks with their names, 行革の視点 as the
/// organization's own list plus lines for new ones, and the kind (当年度の取組 / 中期目標).
async fn choices(db: TestDb) {
    let w = World::new(db).await;
    let fork = w.fork().await;
    let app = fork.app.clone();
    let s = fork.store();
    let editor = w.session(Who::EditorA).unwrap();
    let page = format!("/manage/{}/departments/{}", w.year.year(), w.a.dept.id);
    let action = format!("/manage/revisions/{}/initiatives", w.a.rev.id);

    let before = get_as(&app, Some(editor), &page).await.body;
    let add = form(&before, &action);
    assert_eq!(add.matches("name=\"sdg_goals\"").count(), 17, "{add}");
    assert!(add.contains("11 住み続けられるまちづくりを"), "{add}");
    assert!(add.contains("<option value=\"midterm\">中期目標</option>"), "{add}");

    let sent = post_from(
        &app,
        &editor.cookie,
        Some(&page),
        &action,
        &[
            ("_csrf", &editor.csrf),
            ("name", "子育て世帯の転入を5年で倍に"),
            ("kind", "midterm"),
            ("sdg_goals", "3"),
            ("sdg_goals", "11"),
            ("reform_perspectives", "⑨ 協働の視点"),
            ("reform_perspectives", "⑨ 協働の視点\n市民との対話"),
        ],
    )
    .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let added = s
        .revision_initiatives(w.a.rev.id)
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.name == "子育て世帯の転入を5年で倍に")
        .unwrap();
    assert_eq!(added.kind, hoshin_domain::InitiativeKind::MidTerm);
    assert_eq!(added.sdg_goals.iter().map(|g| g.number()).collect::<Vec<_>>(), [3, 11]);
    let names: Vec<String> = added.reform_perspectives.iter().map(|p| p.display()).collect();
    assert_eq!(names.len(), 2, "each once: {names:?}");

    // Now the organization's list offers them, ticked on the initiative's own form.
    let edit = get_as(&app, Some(editor), &format!("{action}/{}", added.id)).await.body;
    let own = form(&edit, &format!("{action}/{}", added.id));
    assert!(own.contains("<option value=\"midterm\" selected>中期目標</option>"), "{own}");
    for shown in &names {
        let at = own.find(&format!("value=\"{shown}\"")).unwrap_or_else(|| panic!("{shown} offered: {own}"));
        assert!(own[at..].split('>').next().unwrap().contains("checked"), "{shown} ticked");
    }
    assert!(own.contains("value=\"11\" checked"), "{own}");
    assert!(get_as(&app, Some(editor), &page).await.body.contains("中期目標"), "the kind is shown on the policy page");

    // Only the policy's two kinds.
    let odd = post_from(
        &app,
        &editor.cookie,
        None,
        &action,
        &[("_csrf", &editor.csrf), ("name", "事業として追加"), ("kind", "program")],
    )
    .await;
    assert_eq!(odd.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", odd.body);
}

#[tokio::test]
async fn choices_sqlite() {
    choices(TestDb::sqlite().await.unwrap()).await;
}

#[tokio::test]
async fn choices_postgres() {
    choices(TestDb::postgres().await.unwrap()).await;
}
