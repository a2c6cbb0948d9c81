//! Signing in from the app against a real OpenID provider (tests/oidc-provider) with the
//! refresh token in a real Secret Service (`make e2e` runs inside .ci/with-keyring). The
//! "browser" is a shim `xdg-open` that completes the provider's login pages over HTTP.

use std::ffi::OsString;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use fantoccini::Locator;
use quarry_e2e::{App, repo_root};

/// The test provider; killed (and its stdin closed) on drop.
struct Provider {
    child: Child,
    issuer: String,
}

impl Provider {
    fn start() -> Provider {
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

#[tokio::test(flavor = "current_thread")]
async fn e2e_sign_in_with_the_identity_provider_shows_the_account() {
    assert!(
        std::env::var_os("QUARRY_TEST_KEYRING").is_some(),
        "run the E2E tests through `make e2e`, which provides a throwaway Secret Service"
    );
    let provider = Provider::start();
    let shims = repo_root().join("tests/e2e/shims");
    let mut path = OsString::from(shims.as_os_str());
    path.push(":");
    path.push(std::env::var_os("PATH").unwrap_or_default());
    let log = std::env::temp_dir().join("quarry-e2e-xdg-open.log");
    let app = App::launch_with(&[("PATH", path), ("QUARRY_SHIM_LOG", log.clone().into())]).await;

    app.wait_for("[data-testid=account-offline]").await;
    app.wait_for("[data-testid=sign-in-start]")
        .await
        .click()
        .await
        .expect("click Sign in");
    app.wait_for("[data-testid=sign-in-issuer]")
        .await
        .send_keys(&provider.issuer)
        .await
        .expect("type the issuer");
    app.wait_for("[data-testid=sign-in-client]")
        .await
        .send_keys("quarry-desktop")
        .await
        .expect("type the client id");
    app.wait_for("[data-testid=sign-in-submit]:not([disabled])")
        .await
        .click()
        .await
        .expect("click Continue in browser");
    // Either the account appears or the panel states why not. (WebKitWebDriver reads no text
    // from the ellipsized name, so its data attribute carries it.)
    let name = signed_in_name(&app).await;
    assert_eq!(name, "User alice");
    app.screenshot(&repo_root().join("docs/screenshots/signed-in.png"))
        .await;

    // The account index is on disk; no token is (the provider's ID and access tokens are
    // JWTs, which always start with "eyJ").
    let mut files = vec![app.data_dir().to_path_buf()];
    let mut index_found = false;
    while let Some(path) = files.pop() {
        let name = path.to_string_lossy();
        if path.is_dir() {
            files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
        } else if !name.ends_with(".duckdb") && !name.ends_with(".wal") {
            // Workspace databases hold query data only (and arbitrary bytes); logs and
            // settings are what could leak a token.
            let bytes = std::fs::read(&path).unwrap_or_default();
            index_found |= path.parent().is_some_and(|p| p.ends_with("config"));
            assert!(
                !bytes.windows(3).any(|w| w == b"eyJ"),
                "{} holds a token",
                path.display()
            );
        }
    }
    assert!(
        index_found,
        "the account index was written under the config dir"
    );
    app.close().await;
}

/// The signed-in account's name, or a panic with the panel's error or the app's log.
async fn signed_in_name(app: &App) -> String {
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
