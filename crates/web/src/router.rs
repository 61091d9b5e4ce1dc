//! Every route, in one place. Years in paths are 西暦 (2024) or 和暦 (令和6年度).

use crate::pages::*;
use axum::routing::get;
use axum::Router;
use hoshin_app::App;

pub fn router(app: App) -> Router {
    Router::new()
        .route("/", get(home::show))
        .route("/orgs/{org}", get(org::show))
        .route("/orgs/{org}/years/{year}", get(org_year::show))
        .route("/orgs/{org}/years/{year}/booklet", get(booklet::show))
        .route("/orgs/{org}/years/{year}/compare", get(compare::city))
        .route("/orgs/{org}/years/{year}/indicators", get(indicators::show))
        .route("/orgs/{org}/years/{year}/departments/{dept}", get(department::show))
        .route("/orgs/{org}/years/{year}/departments/{dept}/review", get(review::show))
        .route("/orgs/{org}/years/{year}/departments/{dept}/compare", get(compare::department))
        .route("/plans/{plan}", get(plan::show))
        .route("/nodes/{node}", get(node::show))
        .route("/initiatives/{id}", get(initiative::show))
        .route("/indicators/{id}", get(indicator::show))
        .route("/search", get(search::show))
        .route("/assets/style.css", get(assets::style))
        .route("/healthz", get(health))
        .fallback(not_found)
        .with_state(app)
}
