//! Every route, in one place. Years in paths are 西暦 (2024) or 和暦 (令和6年度).

use crate::manage;
use crate::pages::*;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::{get, post};
use axum::Router;
use hoshin_app::App;

/// Every state-changing route pattern. The role × route test walks
/// this list; a POST route missing here fails that test.
pub const POST_ROUTES: &[&str] = &[
    "/login",
    "/logout",
    "/manage/account",
    "/manage/account/tokens",
    "/manage/account/tokens/{id}/revoke",
    "/manage/inbox/{id}/read",
    "/manage/inbox/read-all",
    "/manage/inbox/email",
    "/manage/cycle",
    "/manage/{year}/deadlines",
    "/manage/{year}/themes",
    "/manage/{year}/publish",
    "/manage/{year}/indicators",
    "/manage/plans/{plan}/weights",
    "/manage/{year}/departments/{dept}/revise",
    "/manage/revisions/{rev}/stance",
    "/manage/revisions/{rev}/initiatives",
    "/manage/revisions/{rev}/initiatives/{id}",
    "/manage/revisions/{rev}/initiatives/{id}/move",
    "/manage/revisions/{rev}/initiatives/{id}/delete",
    "/manage/revisions/{rev}/initiatives/{id}/indicators",
    "/manage/revisions/{rev}/initiatives/{id}/review",
    "/manage/revisions/{rev}/indicators/{id}",
    "/manage/revisions/{rev}/indicators/{id}/delete",
    "/manage/revisions/{rev}/actuals",
    "/manage/revisions/{rev}/periods/{key}",
    "/manage/revisions/{rev}/transition",
    "/manage/revisions/{rev}/comments",
    "/manage/review-stages",
    "/manage/periods",
    "/manage/initiatives/{id}/evaluations",
    "/manage/{year}/review-lock",
    "/manage/revisions/{rev}/workbook",
    "/manage/revisions/{rev}/workbook/apply",
    "/manage/departments",
    "/manage/imports",
    "/manage/imports/{batch}/commit",
    "/manage/imports/{batch}/discard",
    "/manage/budget",
    "/manage/budget/apply",
    "/manage/users",
    "/manage/users/{id}",
    "/manage/users/{id}/password",
];

/// The public downloads (files, not pages): anonymous GETs of published data only, kept by the
/// page cache like pages. The access-matrix test walks this list.
pub const DOWNLOAD_ROUTES: &[&str] = &[
    "/orgs/{org}/years/{year}/departments.csv",
    "/orgs/{org}/years/{year}/indicators.csv",
    "/orgs/{org}/years/{year}/departments/{dept}/initiatives.csv",
    "/orgs/{org}/years/{year}/opendata.zip",
    "/indicators/{id}/values.csv",
    "/orgs/{org}/years/{year}/departments/{dept}/policy.xlsx",
    "/orgs/{org}/years/{year}/workbook.xlsx",
    "/orgs/{org}/years/{year}/indicators.xlsx",
    "/initiatives/{id}/sheet.xlsx",
];

/// The staff side: every route needs a session; every non-GET passes the CSRF guard.
fn manage_routes(app: &App) -> Router<App> {
    use manage::*;
    // Uploads: every file at its limit, plus room for the form's other fields.
    let upload_limit = app.imports.max_upload_bytes.saturating_mul(app.imports.max_files).saturating_add(1 << 20);
    Router::new()
        .route(
            "/manage/imports",
            get(imports::upload::show)
                .post(imports::upload::submit)
                .layer(axum::extract::DefaultBodyLimit::max(upload_limit)),
        )
        .route(
            "/manage/budget",
            get(budget::show)
                .post(budget::upload)
                .layer(axum::extract::DefaultBodyLimit::max(hoshin_app::budget::MAX_BYTES.saturating_add(1 << 16))),
        )
        .route(
            "/manage/budget/apply",
            // The file again, base64 (4/3 of it, more once URL-encoded), with the form's other fields.
            post(budget::apply).layer(axum::extract::DefaultBodyLimit::max(hoshin_app::budget::MAX_BYTES * 2)),
        )
        .route("/manage/imports/{batch}", get(imports::preview::show))
        .route("/manage/imports/{batch}/commit", post(imports::commit::commit))
        .route("/manage/imports/{batch}/discard", post(imports::commit::discard))
        .route("/login", get(login::show).post(login::submit))
        .route("/logout", post(login::sign_out))
        .route("/manage", get(dashboard::home))
        .route("/manage/account", get(account::show).post(account::change))
        .route("/manage/account/tokens", post(account::create))
        .route("/manage/account/tokens/{id}/revoke", post(account::revoke))
        .route("/manage/inbox", get(inbox::show))
        .route("/manage/inbox/{id}/read", post(inbox::read))
        .route("/manage/inbox/read-all", post(inbox::read_all))
        .route("/manage/inbox/email", post(inbox::email))
        .route("/manage/cycle", get(dashboard::cycle).post(dashboard::open_year))
        .route("/manage/users", get(users::list).post(users::create))
        .route("/manage/users/{id}", get(users::show).post(users::update))
        .route("/manage/users/{id}/password", post(users::password))
        .route("/manage/audit", get(audit::list))
        .route("/manage/departments", get(departments::list).post(departments::create))
        .route("/manage/documents", get(documents::list))
        .route("/manage/history/{table}/{id}", get(history::show))
        .route("/manage/revisions/{rev}/stance", post(revision::stance))
        .route("/manage/revisions/{rev}/initiatives", post(revision::add_initiative))
        .route(
            "/manage/revisions/{rev}/initiatives/{id}",
            get(revision::edit_initiative).post(revision::save_initiative),
        )
        .route("/manage/revisions/{rev}/initiatives/{id}/move", post(revision::move_initiative))
        .route(
            "/manage/revisions/{rev}/initiatives/{id}/delete",
            get(revision::confirm::initiative).post(revision::delete_initiative),
        )
        .route("/manage/revisions/{rev}/initiatives/{id}/indicators", post(revision::add_indicator))
        .route("/manage/revisions/{rev}/initiatives/{id}/review", post(revision::save_review))
        .route("/manage/revisions/{rev}/indicators/{id}", post(revision::save_indicator))
        .route(
            "/manage/revisions/{rev}/indicators/{id}/delete",
            get(revision::confirm::indicator).post(revision::delete_indicator),
        )
        .route("/manage/revisions/{rev}/actuals", get(actuals::show).post(actuals::submit))
        .route("/manage/revisions/{rev}/periods/{key}", post(periods::submit))
        .route("/manage/revisions/{rev}/transition", post(revision::transition))
        .route("/manage/revisions/{rev}/comments", post(revision::comments::post))
        .route("/manage/review-stages", get(evaluations::show).post(evaluations::save))
        .route("/manage/periods", post(periods::save_list))
        .route("/manage/initiatives/{id}/evaluations", post(evaluations::evaluate))
        .route("/manage/{year}/review-lock", post(evaluations::lock))
        .route("/manage/plans", get(plan_weights::list))
        .route("/manage/plans/{plan}/weights", get(plan_weights::show).post(plan_weights::submit))
        .route("/manage/revisions/{rev}/workbook.xlsx", get(roundtrip::download))
        .route(
            "/manage/revisions/{rev}/workbook",
            post(roundtrip::upload)
                .layer(axum::extract::DefaultBodyLimit::max(hoshin_app::roundtrip::MAX_BYTES.saturating_add(1 << 16))),
        )
        .route("/manage/revisions/{rev}/workbook/apply", post(roundtrip::apply))
        .route("/manage/{year}", get(dashboard::year))
        .route("/manage/{year}/deadlines", post(dashboard::deadlines))
        .route("/manage/{year}/themes", post(dashboard::themes))
        .route("/manage/{year}/publish", get(year_publishing::show).post(year_publishing::submit))
        .route("/manage/{year}/publish/confirm", get(year_publishing::confirm))
        .route("/manage/{year}/indicators", get(plan_actuals::show).post(plan_actuals::submit))
        .route("/manage/{year}/departments/{dept}", get(revision::show))
        .route("/manage/{year}/departments/{dept}/revise", post(revision::revise))
}

/// The whole site with a page cache made from `app.page_cache`. Also installs the process's
/// metrics recorder (once) for `/metrics`.
pub fn router(app: App) -> Router {
    let cache = crate::cache::PageCache::new(&app.page_cache);
    router_with(app, cache)
}

/// The whole site around the given page cache (tests look into it).
pub fn router_with(app: App, cache: std::sync::Arc<crate::cache::PageCache>) -> Router {
    crate::metrics::install();
    let site: Router = Router::new()
        .merge(manage_routes(&app))
        .route("/", get(home::show))
        .route("/orgs/{org}", get(org::show))
        .route("/orgs/{org}/years/{year}", get(org_year::show))
        .route("/orgs/{org}/years/{year}/booklet", get(booklet::show))
        .route("/orgs/{org}/years/{year}/sheets", get(sheet::year))
        .route("/orgs/{org}/years/{year}/compare", get(compare::city))
        .route("/orgs/{org}/years/{year}/indicators", get(indicators::show))
        .route("/orgs/{org}/years/{year}/departments/{dept}", get(department::show))
        .route("/orgs/{org}/years/{year}/departments.csv", get(downloads::departments))
        .route("/orgs/{org}/years/{year}/indicators.csv", get(downloads::indicators))
        .route("/orgs/{org}/years/{year}/departments/{dept}/initiatives.csv", get(downloads::department))
        .route("/orgs/{org}/years/{year}/opendata.zip", get(downloads::bundle))
        .route("/orgs/{org}/years/{year}/departments/{dept}/policy.xlsx", get(downloads::department_xlsx))
        .route("/orgs/{org}/years/{year}/workbook.xlsx", get(downloads::year_xlsx))
        .route("/orgs/{org}/years/{year}/indicators.xlsx", get(downloads::indicators_xlsx))
        .route("/opendata", get(opendata::show))
        .route("/orgs/{org}/years/{year}/departments/{dept}/review", get(review::show))
        .route("/orgs/{org}/years/{year}/departments/{dept}/compare", get(compare::department))
        .route("/plans/{plan}", get(plan::show))
        .route("/nodes/{node}", get(node::show))
        .route("/initiatives/{id}", get(initiative::show))
        .route("/initiatives/{id}/similar", get(initiative::similar))
        .route("/initiatives/{id}/sheet", get(sheet::one))
        .route("/initiatives/{id}/sheet.xlsx", get(downloads::initiative_sheet_xlsx))
        .route("/indicators/{id}", get(indicator::show))
        .route("/indicators/{id}/values.csv", get(downloads::indicator_values))
        .route("/search", get(search::show))
        .route("/assets/style.css", get(assets::style))
        .route("/healthz", get(crate::health::show))
        .route("/metrics", get(crate::metrics::show))
        .merge(crate::api::routes())
        .route_layer(from_fn(crate::observe::route_label))
        .fallback(not_found)
        .layer(from_fn_with_state(app.clone(), crate::session::csrf_guard))
        .layer(from_fn(crate::error_pages::japanese_errors))
        .with_state(app.clone());
    // The forms layer sees the whole site as one service: a refused form's page is drawn again
    // through it (a layer on the router itself would wrap each route on its own).
    let site = tower::Layer::layer(&crate::forms::FormsLayer::new(&app), site);
    // Outermost last: the public page cache → headers → request id, log, metrics → size limits → staff layout for
    // error pages → a refused form drawn again with its input, a save's message on the next page → every error a
    // Japanese page → CSRF → the route.
    Router::new()
        .fallback_service(site)
        .layer(from_fn_with_state(app.clone(), crate::manage::staff_error_pages))
        .layer(from_fn(crate::error_pages::limits))
        .layer(from_fn_with_state(app.clone(), crate::observe::observe))
        .layer(from_fn_with_state(app.clone(), crate::headers::security_headers))
        .layer(from_fn_with_state(crate::cache::CacheLayer { app: app.clone(), cache }, crate::cache::page_cache))
        .with_state(app)
}
