//! Running a browser script: the prerequisites (node, chromium, the npm modules, a Japanese
//! font — missing ones fail with what to install, never skip) and one `node` run against a
//! server started in-process.

use std::path::{Path, PathBuf};
use std::process::Command;

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

/// Everything the browser run needs, or a panic naming what to install.
pub fn check_prerequisites(root: &Path) {
    let node = Command::new("node").arg("--version").output();
    assert!(
        node.as_ref().is_ok_and(|o| o.status.success()),
        "node is missing: install Node.js (apt-get install -y nodejs npm), then npm ci --prefix tests/browser"
    );
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    assert!(
        Path::new(&chromium).exists(),
        "chromium is missing at {chromium}: apt-get install -y chromium fonts-ipafont-gothic (or set CHROMIUM)"
    );
    for module in ["playwright-core", "axe-core"] {
        let dir = root.join("tests/browser/node_modules").join(module);
        assert!(dir.exists(), "{} is missing: run npm ci --prefix tests/browser", dir.display());
    }
    let fonts = Command::new("fc-list").arg(":lang=ja").output();
    assert!(
        fonts.as_ref().is_ok_and(|o| !o.stdout.is_empty()),
        "no Japanese font: apt-get install -y fonts-ipafont-gothic (screenshots would show boxes)"
    );
}

/// Serves `app` on a free port, runs `node tests/browser/<script> <base> <screenshots>` with
/// `env`, and fails unless the script exits 0 and prints `all browser checks passed`.
pub async fn run_script(app: hoshin_app::App, script: &str, env: &[(&str, String)]) {
    let root = repo_root();
    check_prerequisites(&root);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(async move {
        axum::serve(listener, hoshin_web::router(app).into_make_service_with_connect_info::<std::net::SocketAddr>())
            .await
    });
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).parent().unwrap().join("screenshots");
    let script = root.join("tests/browser").join(script);
    let env: Vec<(String, String)> = env.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
    let out = tokio::task::spawn_blocking(move || {
        Command::new("node").arg(&script).arg(&base).arg(&shots).envs(env).output().expect("running node")
    })
    .await
    .unwrap();
    server.abort();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}");
    assert!(out.status.success(), "browser tests failed:\n{stdout}\n{stderr}");
    assert!(stdout.contains("all browser checks passed"), "{stdout}");
}
