//! Real components for the SSO tests: oidc-provider on loopback (tests/oidc-provider) and a
//! throwaway gnome-keyring Secret Service (set up by `.ci/with-keyring`), plus a cookie-jar
//! HTTP client standing in for the browser.

#![allow(dead_code)] // each test binary uses part of this

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use quarry_auth::{Auth, ProviderSettings, Url, platform_store};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};
use tokio::sync::oneshot;

pub const CLIENT_ID: &str = "quarry-desktop";

pub fn repo_root() -> PathBuf {
    PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
        .join("../..")
}

/// Refuses to run against the user's own keychain, and says how to run the tests.
pub fn require_test_keyring() {
    let inside = std::env::var_os("QUARRY_TEST_KEYRING").is_some()
        && std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some();
    assert!(
        inside,
        "these tests need a throwaway Secret Service (gnome-keyring on a private D-Bus): run \
         them as `.ci/with-keyring cargo test -p quarry-auth` or via `make test`"
    );
}

/// One oidc-provider process; killed when dropped (and it exits by itself when our end of its
/// stdin closes).
pub struct TestProvider {
    pub issuer: String,
    child: Child,
}

impl TestProvider {
    pub async fn start(env: &[(&str, &str)]) -> Self {
        let dir = repo_root().join("tests/oidc-provider");
        assert!(
            dir.join("node_modules/oidc-provider").is_dir(),
            "oidc-provider is not installed: run `.ci/setup.sh --test` (or `npm ci` in {})",
            dir.display()
        );
        let mut child = Command::new("node")
            .arg(dir.join("provider.mjs"))
            .envs(env.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("start node tests/oidc-provider/provider.mjs (is Node.js 20+ installed?)");
        let stdout = child.stdout.take().expect("provider stdout");
        let mut lines = BufReader::new(stdout).lines();
        let ready = tokio::time::timeout(Duration::from_secs(20), async {
            while let Ok(Some(line)) = lines.next_line().await {
                if let Some(issuer) = line.strip_prefix("READY ") {
                    return Some(issuer.trim().to_string());
                }
            }
            None
        })
        .await;
        let Ok(Some(issuer)) = ready else {
            panic!("oidc-provider did not print READY within 20 s");
        };
        Self { issuer, child }
    }

    pub fn settings(&self) -> ProviderSettings {
        ProviderSettings::new(&self.issuer, CLIENT_ID)
    }

    /// `{"token": n, "revocation": n}` as counted by the provider script.
    pub async fn counters(&self) -> (u64, u64) {
        let url = format!("{}/test/counters", self.issuer);
        let body = reqwest::get(url)
            .await
            .expect("counters")
            .text()
            .await
            .expect("counters body");
        let v: serde_json::Value = serde_json::from_str(&body).expect("counters json");
        (
            v["token"].as_u64().expect("token count"),
            v["revocation"].as_u64().expect("revocation count"),
        )
    }

    /// Redeems a refresh token directly: `Ok(())` when the provider accepts it, else `error`.
    pub async fn try_refresh(&self, refresh_token: &str) -> Result<(), String> {
        let res = reqwest::Client::new()
            .post(format!("{}/token", self.issuer))
            .form(&[
                ("grant_type", "refresh_token"),
                ("client_id", CLIENT_ID),
                ("refresh_token", refresh_token),
            ])
            .send()
            .await
            .expect("token request");
        let ok = res.status().is_success();
        let body = res.text().await.expect("token body");
        let v: serde_json::Value = serde_json::from_str(&body).expect("token json");
        if ok {
            Ok(())
        } else {
            Err(v["error"].as_str().unwrap_or("?").to_string())
        }
    }
}

impl Drop for TestProvider {
    fn drop(&mut self) {
        let _ = self.child.start_kill();
    }
}

/// How the stand-in browser treats the authorization URL.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Browser {
    /// Log in as this user, consent, and load the callback.
    LogIn(&'static str),
    /// Drop `code_challenge` from the request first (a client without PKCE).
    WithoutPkce(&'static str),
    /// Log in, then load the callback this many times with a forged `state`.
    ForgedState(&'static str, usize),
}

/// What the browser saw, for the assertions.
#[derive(Debug, Default)]
pub struct Visit {
    /// The callback URL the provider redirected to (holds the code).
    pub callback: Option<Url>,
    /// Status and body of each callback page load.
    pub pages: Vec<(u16, String)>,
}

/// An opener for [`Auth::sign_in`] that drives the provider over HTTP in a task, and a
/// receiver for what it saw.
pub fn browser(
    mode: Browser,
) -> (
    impl FnOnce(&Url) -> Result<(), String>,
    oneshot::Receiver<Visit>,
) {
    let (tx, rx) = oneshot::channel();
    let open = move |url: &Url| {
        let url = url.clone();
        tokio::spawn(async move {
            let _ = tx.send(visit(mode, url).await);
        });
        Ok(())
    };
    (open, rx)
}

async fn visit(mode: Browser, mut url: Url) -> Visit {
    let (user, forged) = match mode {
        Browser::LogIn(u) => (u, 0),
        Browser::ForgedState(u, n) => (u, n),
        Browser::WithoutPkce(u) => {
            let kept: Vec<(String, String)> = url
                .query_pairs()
                .filter(|(k, _)| !k.starts_with("code_challenge"))
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect();
            url.query_pairs_mut().clear().extend_pairs(kept);
            (u, 0)
        }
    };
    let redirect = url
        .query_pairs()
        .find(|(k, _)| k == "redirect_uri")
        .map(|(_, v)| v.into_owned())
        .expect("redirect_uri in the authorization URL");
    let jar = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let mut next = url.clone();
    let mut interactions = 0;
    let callback = loop {
        if next.as_str().starts_with(&redirect) {
            break next;
        }
        let res = if next.path().starts_with("/interaction/") {
            interactions += 1;
            let form: &[(&str, &str)] = if interactions == 1 {
                &[("prompt", "login"), ("login", user), ("password", "any")]
            } else {
                &[("prompt", "consent")]
            };
            jar.post(next.clone()).form(form).send().await
        } else {
            jar.get(next.clone()).send().await
        }
        .expect("provider request");
        let location = res
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok())
            .unwrap_or_else(|| panic!("no redirect from {} ({})", next.path(), res.status()))
            .to_string();
        next = url.join(&location).expect("location URL");
    };
    let mut visit = Visit {
        callback: Some(callback.clone()),
        pages: Vec::new(),
    };
    let plain = reqwest::Client::new();
    let mut loads = Vec::new();
    for i in 0..forged {
        let mut forged_url = callback.clone();
        let pairs: Vec<(String, String)> = callback
            .query_pairs()
            .map(|(k, v)| {
                let v = if k == "state" {
                    format!("forged-{i}")
                } else {
                    v.into_owned()
                };
                (k.into_owned(), v)
            })
            .collect();
        forged_url.query_pairs_mut().clear().extend_pairs(pairs);
        loads.push(forged_url);
    }
    if forged == 0 {
        loads.push(callback);
    }
    for load in loads {
        let res = plain.get(load).send().await.expect("callback request");
        let status = res.status().as_u16();
        visit
            .pages
            .push((status, res.text().await.unwrap_or_default()));
    }
    visit
}

/// An `Auth` on the real (throwaway) Secret Service with its config in `dir`.
pub async fn auth(dir: &Path) -> Auth {
    let store = platform_store().await.expect("the test keyring");
    Auth::new(dir, store)
        .expect("auth")
        .with_sign_in_timeout(Duration::from_secs(30))
}

/// Every file under `dir`, recursively.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out
}
