//! Every route, in one place.

use crate::pages;
use axum::routing::get;
use axum::Router;
use hoshin_app::App;

pub fn router(app: App) -> Router {
    Router::new()
        .route("/", get(pages::organizations::list))
        .route("/orgs/{id}", get(pages::organization::show))
        .route("/healthz", get(pages::health))
        .fallback(pages::not_found)
        .with_state(app)
}
