//! The test identity provider (tests/oidc-provider), the shim "browser" that completes its
//! login pages (tests/e2e/shims/xdg-open), and signing in from the app or headlessly.

use std::ffi::OsString;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use fantoccini::Locator;
use quarry_auth::{Auth, CancellationToken, ProviderSettings};
use quarry_e2e::{App, repo_root};

/// Quarry's client id at the test provider.
pub const CLIENT_ID: &str = "quarry-desktop";

/// The test provider; killed (and its stdin closed) on drop.
pub struct Provider {
    child: Child,
    pub issuer: String,
}

impl Provider {
    pub fn start() -> Provider {
        let script = repo_root().join("tests/oidc-provider/provider.mjs");
        let mut child = Command::new("node")
            .arg(&script)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start node tests/oidc-provider/provider.mjs (run .ci/setup.sh --test first)");
        let stdout = child.stdout.take().expect("provider stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("provider's READY line");
        let issuer = line
            .strip_prefix("READY ")
            .unwrap_or_else(|| panic!("the provider did not start: {line:?}"))
            .trim()
            .to_owned();
        Provider { child, issuer }
    }
}

impl Drop for Provider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The app's environment with the shim `xdg-open` first on `PATH` (its log in the temp dir),
/// plus `extra`.
pub fn with_browser_shim(extra: &[(&'static str, OsString)]) -> Vec<(&'static str, OsString)> {
    let shims = repo_root().join("tests/e2e/shims");
    let mut path = OsString::from(shims.as_os_str());
    path.push(":");
    path.push(std::env::var_os("PATH").unwrap_or_default());
    let log = std::env::temp_dir().join("quarry-e2e-xdg-open.log");
    let mut env = vec![("PATH", path), ("QUARRY_SHIM_LOG", log.into())];
    env.extend(extra.iter().cloned());
    env
}

/// Signs in from the app's account panel as the shim's user (alice).
pub async fn sign_in_in_app(app: &App, issuer: &str) {
    app.wait_for("[data-testid=account-offline]").await;
    app.wait_for("[data-testid=sign-in-start]")
        .await
        .click()
        .await
        .expect("click Sign in");
    // The form offers the last provider used on this machine: replace it.
    app.fill("[data-testid=sign-in-issuer]", issuer).await;
    app.fill("[data-testid=sign-in-client]", CLIENT_ID).await;
    app.wait_for("[data-testid=sign-in-submit]:not([disabled])")
        .await
        .click()
        .await
        .expect("click Continue in browser");
}

/// Signs `login` in headlessly (a second analyst on another computer): quarry-auth with its
/// account index in `config_dir` and the refresh token in the test Secret Service.
pub async fn sign_in_headless(issuer: &str, login: &str, config_dir: &Path) -> Auth {
    let store = quarry_auth::platform_store()
        .await
        .expect("the test Secret Service (run through make e2e)");
    let auth = Auth::new(config_dir, store).expect("auth");
    let shim = repo_root().join("tests/e2e/shims/xdg-open");
    let open = |url: &quarry_auth::Url| {
        Command::new(&shim)
            .arg(url.as_str())
            .env("QUARRY_SHIM_LOGIN", login)
            .status()
            .map_err(|e| e.to_string())
            .map(drop)
    };
    auth.sign_in(
        &ProviderSettings::new(issuer, CLIENT_ID),
        open,
        &CancellationToken::new(),
    )
    .await
    .expect("headless sign-in");
    auth
}

/// The signed-in account's name, or a panic with the panel's error or the app's log.
pub async fn signed_in_name(app: &App) -> String {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(45);
    while std::time::Instant::now() < deadline {
        if let Ok(element) = app
            .client
            .find(Locator::Css("[data-testid=account-name]"))
            .await
            && let Ok(Some(name)) = element.attr("data-account").await
        {
            return name;
        }
        if let Ok(element) = app
            .client
            .find(Locator::Css("[data-testid=account-error]"))
            .await
        {
            panic!(
                "sign-in failed: {}",
                element.text().await.unwrap_or_default()
            );
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!(
        "no account after signing in; app log:\n{}",
        std::fs::read_to_string(app.data_dir().join("logs/quarry.log")).unwrap_or_default()
    );
}
