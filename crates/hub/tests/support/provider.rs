//! The real OpenID provider (oidc-provider 9, `provider.mjs` next to this file) and a headless
//! browser that signs in to it and redeems the code for a JWT access token.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Mutex, OnceLock};

use reqwest::Url;

/// The hub's audience in the provider's tokens.
pub const HUB_AUDIENCE: &str = "https://hub.quarry.test";
/// Another resource server the provider issues tokens for.
pub const OTHER_AUDIENCE: &str = "https://other.quarry.test";

const CLIENT_ID: &str = "quarry-hub-tests";
const CLIENT_SECRET: &str = "hub-tests-secret";
const REDIRECT_URI: &str = "http://127.0.0.1/callback";

/// One provider process; it exits when dropped or when the test process ends.
pub struct Provider {
    pub issuer: String,
    process: Mutex<(Child, Option<ChildStdin>)>,
    tokens: Mutex<HashMap<(String, String), String>>,
}

static SHARED: OnceLock<Provider> = OnceLock::new();

/// The provider most tests share (300 s tokens).
pub fn shared() -> &'static Provider {
    SHARED.get_or_init(|| Provider::start(&[]))
}

impl Provider {
    /// Starts a provider with extra environment (`AT_TTL`, `HUB_ADMINS`, …).
    pub fn start(env: &[(&str, &str)]) -> Self {
        // Every crate lives in crates/<name>: this resolves from the hub's and from other
        // crates' tests that borrow this harness.
        let crate_dir = PathBuf::from(
            std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
        );
        let script = crate_dir.join("../hub/tests/support/provider.mjs");
        let modules = crate_dir.join("../../tests/oidc-provider/node_modules/oidc-provider");
        assert!(
            modules.is_dir(),
            "oidc-provider is not installed: run `npm ci` in tests/oidc-provider (or \
             `.ci/setup.sh --test`)"
        );
        let mut child = Command::new("node")
            .arg(script)
            .envs(env.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start node (Node.js 20+ is needed for the test identity provider)");
        let stdout = child.stdout.take().expect("provider stdout");
        let issuer = BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
            .find_map(|line| line.strip_prefix("READY ").map(|i| i.trim().to_string()))
            .expect("the identity provider exited before printing READY");
        let stdin = child.stdin.take();
        Self {
            issuer,
            process: Mutex::new((child, stdin)),
            tokens: Mutex::new(HashMap::new()),
        }
    }

    /// An access token for the hub, signed in as `login` (`user@tenant`).
    pub async fn token(&self, login: &str) -> String {
        self.token_for(login, HUB_AUDIENCE).await
    }

    /// An access token for `resource`, signed in as `login`; cached per provider.
    pub async fn token_for(&self, login: &str, resource: &str) -> String {
        let key = (login.to_string(), resource.to_string());
        if let Some(token) = self.tokens.lock().expect("tokens").get(&key) {
            return token.clone();
        }
        let token = self.sign_in(login, resource).await;
        self.tokens
            .lock()
            .expect("tokens")
            .insert(key, token.clone());
        token
    }

    /// A fresh (uncached) access token.
    pub async fn sign_in(&self, login: &str, resource: &str) -> String {
        let jar = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("HTTP client");
        let mut next = Url::parse_with_params(
            &format!("{}/auth", self.issuer),
            [
                ("client_id", CLIENT_ID),
                ("response_type", "code"),
                ("scope", "openid"),
                ("redirect_uri", REDIRECT_URI),
                ("state", "hub-test"),
                ("resource", resource),
            ],
        )
        .expect("authorization URL");
        let mut interactions = 0;
        let code = loop {
            if next.as_str().starts_with(REDIRECT_URI) {
                let code = next.query_pairs().find(|(k, _)| k == "code");
                break code
                    .map(|(_, v)| v.into_owned())
                    .unwrap_or_else(|| panic!("the provider redirected without a code: {next}"));
            }
            let response = if next.path().starts_with("/interaction/") {
                interactions += 1;
                let form: &[(&str, &str)] = if interactions == 1 {
                    &[("prompt", "login"), ("login", login), ("password", "any")]
                } else {
                    &[("prompt", "consent")]
                };
                jar.post(next.clone()).form(form).send().await
            } else {
                jar.get(next.clone()).send().await
            }
            .expect("provider request");
            let location = response
                .headers()
                .get("location")
                .and_then(|l| l.to_str().ok())
                .unwrap_or_else(|| {
                    panic!("no redirect from {} ({})", next.path(), response.status())
                })
                .to_string();
            next = next.join(&location).expect("redirect URL");
        };
        let response = jar
            .post(format!("{}/token", self.issuer))
            .form(&[
                ("grant_type", "authorization_code"),
                ("code", &code),
                ("redirect_uri", REDIRECT_URI),
                ("client_id", CLIENT_ID),
                ("client_secret", CLIENT_SECRET),
                ("resource", resource),
            ])
            .send()
            .await
            .expect("token request");
        let body: serde_json::Value = response.json().await.expect("token response");
        body["access_token"]
            .as_str()
            .unwrap_or_else(|| panic!("no access token in {body}"))
            .to_string()
    }

    /// Makes the provider sign with a new key from now on; answers the new `kid`.
    pub async fn rotate_keys(&self) -> String {
        self.tokens.lock().expect("tokens").clear();
        let body: serde_json::Value = reqwest::Client::new()
            .post(format!("{}/test/rotate", self.issuer))
            .send()
            .await
            .expect("rotate")
            .json()
            .await
            .expect("rotate response");
        body["kid"].as_str().expect("kid").to_string()
    }
}

impl Drop for Provider {
    fn drop(&mut self) {
        if let Ok(mut process) = self.process.lock() {
            process.1.take();
            let _ = process.0.kill();
            let _ = process.0.wait();
        }
    }
}
