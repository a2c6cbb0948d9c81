//! quarry-sync against the real hub (in-process, on an ephemeral PostgreSQL cluster, trusting
//! the real OpenID provider: the hub's own test harness), with a proxy that loses requests and
//! answers on purpose.

#[path = "../../../hub/tests/support/mod.rs"]
mod support;

mod files;
mod proxy;
mod scenarios;

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use quarry_sync::{HubClient, RetryPolicy, SyncError, SyncSession, TokenSource};
use uuid::Uuid;

use support::{HUB_AUDIENCE, Provider, provider};

/// Tokens from the test provider; a refresh signs in again. Counts refreshes.
pub struct ProviderTokens {
    provider: &'static Provider,
    login: &'static str,
    /// Served before the real token (e.g. a stale one), once.
    first: std::sync::Mutex<Option<String>>,
    pub refreshes: AtomicUsize,
    /// Whether a refresh yields a valid token.
    refresh_works: bool,
}

impl ProviderTokens {
    pub fn new(login: &'static str) -> Self {
        Self {
            provider: provider::shared(),
            login,
            first: std::sync::Mutex::new(None),
            refreshes: AtomicUsize::new(0),
            refresh_works: true,
        }
    }

    /// Serves `token` until the first refresh; refreshes fail unless `refresh_works`.
    pub fn starting_with(login: &'static str, token: &str, refresh_works: bool) -> Self {
        Self {
            first: std::sync::Mutex::new(Some(token.to_string())),
            refresh_works,
            ..Self::new(login)
        }
    }
}

impl TokenSource for ProviderTokens {
    async fn token(&self) -> quarry_sync::Result<String> {
        let first = self.first.lock().expect("first token").clone();
        match first {
            Some(token) => Ok(token),
            None => Ok(self.provider.token(self.login).await),
        }
    }

    async fn refresh(&self, _rejected: &str) -> quarry_sync::Result<String> {
        self.refreshes.fetch_add(1, Ordering::SeqCst);
        if !self.refresh_works {
            return Ok("still-not-a-token".into());
        }
        self.first.lock().expect("first token").take();
        Ok(self.provider.sign_in(self.login, HUB_AUDIENCE).await)
    }
}

/// Quick retries, so failure scenarios run fast.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy {
        attempts: 5,
        base_delay: Duration::from_millis(20),
        max_delay: Duration::from_secs(3),
        request_timeout: Duration::from_secs(20),
    }
}

/// A client for `login` at `url`.
pub fn client(url: &str, login: &'static str) -> HubClient<ProviderTokens> {
    HubClient::new(url, ProviderTokens::new(login), fast_retries()).expect("client")
}

/// A session in the local workspace directory `dir` for `login`, syncing `workspace` via `url`.
pub fn session(
    dir: &Path,
    url: &str,
    login: &'static str,
    workspace: &str,
) -> SyncSession<ProviderTokens> {
    let workspace: Uuid = workspace.parse().expect("workspace id");
    SyncSession::open(dir, workspace, client(url, login)).expect("open the session")
}

/// Whether `error` says the hub was unreachable.
pub fn offline(error: &SyncError) -> bool {
    error.is_offline()
}
