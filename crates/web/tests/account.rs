//! A user changes their own password: the wrong current password or a mismatched repeat is
//! refused and changes nothing; success ends the user's sessions, the old password stops
//! working and the new one signs in. SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code

mod common;

use axum::http::StatusCode;
use common::staff::{get_as, login, login_post, post, PASSWORD};
use hoshin_app::access::Actor;
use hoshin_app::accounts::{create_user, UserInput};
use hoshin_app::App;
use hoshin_domain::*;
use hoshin_testkit::TestDb;

async fn case(db: TestDb) {
    let store = db.store.clone();
    let org = hoshin_app::demo::seed_demo(store.as_ref()).await.unwrap().org_id;
    let input = UserInput {
        org_id: org,
        login: "etsuran2".into(),
        display_name: "閲覧 二郎".into(),
        password: PASSWORD.into(),
        role: Role::Viewer,
        departments: vec![],
    };
    create_user(store.as_ref(), &Actor::System, &input).await.unwrap();
    let app = App::new(store.clone());
    let s = login(&app, "etsuran2", PASSWORD).await;
    assert_eq!(get_as(&app, Some(&s), "/manage/account").await.status, StatusCode::OK);
    let version = || async { store.find_user_by_login("etsuran2").await.unwrap().unwrap().0.meta.version };
    let v0 = version().await;

    let new = "もっと長い新しいパスワード";
    let wrong = post(
        &app,
        Some(&s),
        "/manage/account",
        &[("current_password", "not-the-password"), ("new_password", new), ("new_password_again", new)],
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", wrong.body);
    let mismatch = post(
        &app,
        Some(&s),
        "/manage/account",
        &[("current_password", PASSWORD), ("new_password", new), ("new_password_again", "違う")],
    )
    .await;
    assert_eq!(mismatch.status, StatusCode::UNPROCESSABLE_ENTITY);
    let weak = post(
        &app,
        Some(&s),
        "/manage/account",
        &[("current_password", PASSWORD), ("new_password", "short"), ("new_password_again", "short")],
    )
    .await;
    assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(version().await, v0, "refusals change nothing");

    let ok = post(
        &app,
        Some(&s),
        "/manage/account",
        &[("current_password", PASSWORD), ("new_password", new), ("new_password_again", new)],
    )
    .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    assert_ne!(version().await, v0);
    // The session ended; the old password no longer works; the new one does.
    let after = get_as(&app, Some(&s), "/manage").await;
    assert_eq!(after.status, StatusCode::SEE_OTHER, "signed out");
    assert_eq!(login_post(&app, None, "etsuran2", PASSWORD).await.status, StatusCode::UNAUTHORIZED);
    login(&app, "etsuran2", new).await;
    let trail = store.audit_trail(
        "users",
        store.find_user_by_login("etsuran2").await.unwrap().unwrap().0.id.0,
        Default::default(),
    );
    assert!(trail.await.unwrap().iter().any(|e| e.action == "change_password"));
}

#[tokio::test]
async fn own_password_sqlite() {
    case(TestDb::sqlite().await.unwrap()).await;
}

#[tokio::test]
async fn own_password_postgres() {
    case(TestDb::postgres().await.unwrap()).await;
}
