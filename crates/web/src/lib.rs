//! The web front-end: an axum [`router`] of server-rendered Japanese pages (maud templates,
//! which escape every value) over the store. Read-only: home, organization/year, department
//! policy, the city's booklet, plan trees and nodes, initiatives, indicators with an SVG
//! chart, goals and reviews, year-over-year comparisons and the cross-city search.
//!
//! Module map: [`router`] (every route), `pages/` (one module per page type: load with a few
//! bounded queries, then render), `views/` (fragments shared by pages: layout, status
//! badges, the policy table, the chart), [`urls`] (every URL the pages link to),
//! [`error`] (the one error → HTTP map), [`api`] (the public JSON API under `/api/v1`, its OpenAPI
//! document and docs page).

pub mod api;
pub mod cache;
pub mod canned;
pub mod client;
pub mod download;
pub mod error;
pub mod error_pages;
pub mod forms;
pub mod headers;
pub mod health;
pub mod html;
pub mod manage;
pub mod metrics;
pub mod observe;
pub mod pages;
pub mod router;
pub mod serve;
pub mod session;
pub mod urls;
pub mod views;

pub use router::{router, router_with};

use hoshin_app::App;
use std::net::SocketAddr;

/// Serves `app` on `addr` until SIGTERM or Ctrl-C (requests in flight finish).
pub async fn serve(app: App, addr: SocketAddr) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    serve_on(app, listener).await
}

/// Serves on a listener already bound (the caller may have printed its address), until
/// SIGTERM or Ctrl-C; see [`serve::serve_until`].
pub async fn serve_on(app: App, listener: tokio::net::TcpListener) -> std::io::Result<()> {
    serve::serve_until(app, listener, serve::shutdown_signal()).await
}
