//! The server loop: accepts connections, serves each with hyper's HTTP/1.1 (the peer address
//! recorded for [`crate::client`], parser-made error answers given the Japanese page by
//! [`crate::canned::Canned`], a 30-second limit on reading a request head), and shuts down
//! gracefully: on SIGTERM or Ctrl-C it stops accepting, lets every request in flight finish
//! (idle keep-alive connections close at once), and returns once they have — or after
//! [`DRAIN`] at the latest.

use crate::canned::Canned;
use hoshin_app::App;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;
use tower::ServiceExt;

/// The longest the server waits for requests in flight after a shutdown signal.
pub const DRAIN: Duration = Duration::from_secs(30);
/// Reading buffer per connection: room for the largest head [`crate::error_pages::limits`]
/// answers itself (with the page) rather than leaving it to the parser.
const MAX_BUF: usize = 256 * 1024;

/// Resolves on SIGTERM (the service manager stopping us) or Ctrl-C.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => tracing::info!("Ctrl-C: shutting down"),
        () = term => tracing::info!("SIGTERM: shutting down"),
    }
}

/// Serves `app` on `listener` until `shutdown` resolves, then drains.
pub async fn serve_until(app: App, listener: TcpListener, shutdown: impl Future<Output = ()>) -> std::io::Result<()> {
    let router = crate::router(app);
    let (stop_tx, stop_rx) = watch::channel(false);
    let mut connections = JoinSet::new();
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder.timer(TokioTimer::new()).max_buf_size(MAX_BUF).header_read_timeout(Duration::from_secs(30));
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors and the like: wait a little rather than spin.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let _ = stream.set_nodelay(true);
        let service =
            TowerToHyperService::new(router.clone().map_request(move |mut req: axum::extract::Request<_>| {
                req.extensions_mut().insert(axum::extract::ConnectInfo::<SocketAddr>(peer));
                req
            }));
        let conn = builder.serve_connection(TokioIo::new(Canned::new(stream)), service).with_upgrades();
        let mut stop = stop_rx.clone();
        connections.spawn(async move {
            tokio::pin!(conn);
            tokio::select! {
                res = conn.as_mut() => { log_end(res); return; }
                _ = stop.wait_for(|s| *s) => conn.as_mut().graceful_shutdown(),
            }
            log_end(conn.await);
        });
        // Reap finished connections so the set does not grow.
        while connections.try_join_next().is_some() {}
    }
    drop(listener);
    let _ = stop_tx.send(true);
    let open = connections.len();
    tracing::info!(open, "no longer accepting; waiting for requests in flight");
    let drained = tokio::time::timeout(DRAIN, async { while connections.join_next().await.is_some() {} }).await;
    if drained.is_err() {
        tracing::warn!(left = connections.len(), "requests still running after the drain time; stopping anyway");
        connections.abort_all();
    }
    tracing::info!("stopped");
    Ok(())
}

fn log_end(res: Result<(), hyper::Error>) {
    if let Err(e) = res {
        tracing::debug!(error = %e, "connection ended with an error");
    }
}
