//! The web front-end: an axum [`router`] of server-rendered pages over the app's use cases.
//! Minimal for now — organizations, their departments and initiatives per fiscal year — until
//! the full web UI lands. Every value is HTML-escaped through [`html::escape`].

pub mod error;
pub mod html;
pub mod pages;
pub mod router;

pub use router::router;

use hoshin_app::App;
use std::net::SocketAddr;

/// Serves `app` on `addr` until Ctrl-C.
pub async fn serve(app: App, addr: SocketAddr) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    serve_on(app, listener).await
}

/// Serves on a listener already bound (the caller may have printed its address).
pub async fn serve_on(app: App, listener: tokio::net::TcpListener) -> std::io::Result<()> {
    axum::serve(listener, router(app))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}
