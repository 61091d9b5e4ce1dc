//! Personal access tokens in chromium (`tests/browser/tokens.mjs`, issue 11): a planning
//! officer makes a token on /manage/account, writes a plan KPI's actual with it through the
//! write API, is refused with the session cookie alone, revokes the token and is refused with
//! it; axe-core on every page. Afterwards the database is checked: the value the token wrote is
//! stored (audited, by that officer), the one the cookie tried is not, and the token is revoked.
//! Same prerequisites as `browser.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code

mod common;

use common::browser::run_script;
use hoshin_app::access::Actor;
use hoshin_app::accounts::{create_user, UserInput};
use hoshin_app::App;
use hoshin_domain::*;
use hoshin_store::Page;
use hoshin_testkit::TestDb;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tokens_in_chromium() {
    let db = TestDb::sqlite().await.unwrap();
    let store = db.store.as_ref();
    let org = hoshin_app::demo::seed_demo(store).await.unwrap().org_id;
    let password = hoshin_app::auth::token::random_token();
    let input = UserInput {
        org_id: org,
        login: "kikaku_api".into(),
        display_name: "企画 API".into(),
        password: password.clone(),
        role: Role::Planning,
        departments: Vec::new(),
    };
    let me = create_user(store, &Actor::System, &input).await.unwrap();
    let kpi = store
        .list_indicators(org, Page::first(5000))
        .await
        .unwrap()
        .into_iter()
        .find(|k| matches!(k.owner, Some(IndicatorOwner::Node(_))) && k.draft.is_none())
        .expect("a plan KPI");
    let cfg = serde_json::json!({
        "user": { "login": "kikaku_api", "password": password },
        "indicator": kpi.id.0,
        "year": 2031,
    });
    run_script(App::new(db.store.clone()), "tokens.mjs", &[("HOSHIN_TOKENS", cfg.to_string())]).await;

    let year = FiscalYear::new(2031).unwrap();
    let now = store.get_indicator(kpi.id).await.unwrap();
    let stored: Vec<&str> =
        now.actuals.iter().filter(|a| a.fiscal_year == year).map(|a| a.value.text.as_str()).collect();
    assert_eq!(stored, ["321件"]);
    let audit = store.audit_trail("indicators", kpi.id.0, Page::first(10)).await.unwrap();
    assert!(audit.iter().any(|a| a.action == "actual" && a.actor_id == Some(me.0)));
    let tokens = store.user_api_tokens(me).await.unwrap();
    assert_eq!(tokens.len(), 1);
    assert!(tokens[0].revoked_at.is_some() && tokens[0].last_used_at.is_some());
}
