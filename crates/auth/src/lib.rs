//! Quarry's single sign-on: OpenID Connect authorization code + PKCE through a loopback
//! redirect (RFC 8252), refresh tokens in the OS keychain, access tokens in memory only, and
//! several accounts side by side. See `docs/sso.md` for provider settings.
//!
//! ```no_run
//! # async fn demo(config_dir: &std::path::Path) -> Result<(), quarry_auth::AuthError> {
//! use quarry_auth::{Auth, CancellationToken, ProviderSettings, platform_store};
//! let auth = Auth::new(config_dir, platform_store().await?)?;
//! let settings = ProviderSettings::new("https://example.okta.com/oauth2/default", "0oa1quarry");
//! let cancel = CancellationToken::new(); // cancel() it from a "Cancel" button
//! let account = auth
//!     .sign_in(&settings, |url| Err(format!("open {url} in a browser")), &cancel)
//!     .await?;
//! let token = auth.access_token().await?; // refreshed as needed
//! # let _ = (account, token); Ok(()) }
//! ```

mod accounts;
mod error;
mod keychain;
mod login;
mod loopback;
mod provider;
mod session;

use std::collections::HashMap;
use std::future::Future;
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use openidconnect::{OAuth2TokenResponse, RefreshToken};

pub use accounts::{Account, AccountId, INDEX_FILE};
pub use error::AuthError;
pub use keychain::{Keychain, SERVICE, SecretKey, platform_store};
pub use keyring_core::CredentialStore;
pub use loopback::MAX_BAD_CALLBACKS;
pub use openidconnect::AccessToken;
pub use openidconnect::url::Url;
pub use provider::{DEFAULT_SCOPES, ProviderSettings};
pub use tokio_util::sync::CancellationToken;

use accounts::AccountIndex;
use session::{Ctx, Fresh, Session, client_secret_key};

/// How long a sign-in waits for the browser by default.
pub const DEFAULT_SIGN_IN_TIMEOUT: Duration = Duration::from_secs(300);

/// What a call made with [`Auth::with_fresh_token`] reports besides success.
#[derive(Debug)]
pub enum CallError<E> {
    /// The API answered 401: refresh once and retry once.
    Unauthorized,
    /// Any other failure, passed through unchanged.
    Other(E),
}

/// What happened to the refresh token at sign-out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Revocation {
    /// The provider revoked it.
    Revoked,
    /// The provider advertises no revocation endpoint; the token was only deleted locally.
    NotAdvertised,
    /// There was no refresh token in the keychain.
    NoToken,
    /// Revocation failed (e.g. offline); the token was deleted locally anyway.
    Failed(String),
}

/// The result of [`Auth::sign_out`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedOut {
    /// The removed account.
    pub account: AccountId,
    /// Whether the provider revoked the refresh token.
    pub revocation: Revocation,
}

/// Sign-in, accounts and tokens for one app instance. Cheap to clone; share one per process.
#[derive(Clone, Debug)]
pub struct Auth {
    inner: Arc<Inner>,
    sign_in_timeout: Duration,
}

#[derive(Debug)]
struct Inner {
    ctx: Ctx,
    index: tokio::sync::Mutex<AccountIndex>,
    sessions: Mutex<HashMap<AccountId, Arc<Session>>>,
}

impl Auth {
    /// Loads the account index from `config_dir` (nothing is written until a sign-in) and keeps
    /// secrets in `store` (see [`platform_store`]).
    pub fn new(
        config_dir: impl AsRef<Path>,
        store: Arc<CredentialStore>,
    ) -> Result<Self, AuthError> {
        let index = AccountIndex::load(config_dir.as_ref())?;
        let ctx = Ctx::new(Keychain::new(store), provider::http_client()?);
        Ok(Self {
            inner: Arc::new(Inner {
                ctx,
                index: tokio::sync::Mutex::new(index),
                sessions: Mutex::new(HashMap::new()),
            }),
            sign_in_timeout: DEFAULT_SIGN_IN_TIMEOUT,
        })
    }

    /// Changes how long this handle's [`Auth::sign_in`] waits for the browser.
    pub fn with_sign_in_timeout(mut self, timeout: Duration) -> Self {
        self.sign_in_timeout = timeout;
        self
    }

    /// The keychain, for Quarry's other secrets (e.g. SMTP passwords).
    pub fn keychain(&self) -> &Keychain {
        &self.inner.ctx.keychain
    }

    /// Signs in interactively and makes the account current.
    ///
    /// `open_browser` gets the authorization URL to open in the system browser. The sign-in
    /// ends when the browser comes back to the loopback listener, after the timeout, or when
    /// `cancel` fires. The refresh token goes to the keychain before the account is listed; if
    /// the keychain fails, nothing is written and the token is revoked.
    pub async fn sign_in<F>(
        &self,
        settings: &ProviderSettings,
        open_browser: F,
        cancel: &CancellationToken,
    ) -> Result<Account, AuthError>
    where
        F: FnOnce(&Url) -> Result<(), String>,
    {
        let ctx = &self.inner.ctx;
        let timeout = self.sign_in_timeout;
        let out = login::login(&ctx.http, settings, open_browser, cancel, timeout).await?;
        let id = AccountId {
            issuer: out.claims.issuer().to_string(),
            subject: out.claims.subject().to_string(),
        };
        if let Err(e) = self.store_secrets(&id, settings, &out.tokens).await {
            if let Some(rt) = out.tokens.refresh_token() {
                let _ = out.provider.revoke(&ctx.http, rt.clone()).await;
            }
            return Err(e);
        }
        let claims = &out.claims;
        let name = claims
            .name()
            .and_then(|n| n.get(None))
            .map(|n| n.to_string())
            .or_else(|| claims.preferred_username().map(|u| u.to_string()));
        let account = Account {
            id: id.clone(),
            client_id: settings.client_id.trim().to_string(),
            name,
            email: claims.email().map(|e| e.to_string()),
            tenants: Vec::new(),
            tenant: None,
        };
        let fresh = Fresh::new(out.tokens.access_token().clone(), out.tokens.expires_in());
        ctx.remember(&account.client_id, Arc::new(out.provider))
            .await;
        self.sessions().insert(
            id.clone(),
            Arc::new(Session::new(
                id.clone(),
                account.client_id.clone(),
                Some(fresh),
            )),
        );
        let mut index = self.inner.index.lock().await;
        index.upsert_current(account);
        index.save().await?;
        index
            .get(&id)
            .cloned()
            .ok_or(AuthError::UnknownAccount(id.to_string()))
    }

    async fn store_secrets(
        &self,
        id: &AccountId,
        settings: &ProviderSettings,
        tokens: &openidconnect::core::CoreTokenResponse,
    ) -> Result<(), AuthError> {
        let keychain = &self.inner.ctx.keychain;
        let key = SecretKey::refresh_token(id);
        match tokens.refresh_token() {
            Some(rt) => keychain.set(&key, rt.secret()).await?,
            None => {
                tracing::warn!("the provider issued no refresh token: is offline_access granted?");
                keychain.delete(&key).await?;
            }
        }
        match &settings.client_secret {
            Some(secret) => keychain.set(&client_secret_key(id), secret).await,
            None => keychain.delete(&client_secret_key(id)).await.map(|_| ()),
        }
    }

    /// All signed-in accounts.
    pub async fn accounts(&self) -> Vec<Account> {
        self.inner.index.lock().await.data.accounts.clone()
    }

    /// The current account, if any.
    pub async fn current_account(&self) -> Option<Account> {
        self.inner.index.lock().await.current().cloned()
    }

    /// Makes another signed-in account current. No network and no keychain access: its tokens
    /// are used (or refreshed) on the next [`Auth::access_token`].
    pub async fn switch_account(&self, id: &AccountId) -> Result<Account, AuthError> {
        let mut index = self.inner.index.lock().await;
        let account = index
            .get(id)
            .cloned()
            .ok_or_else(|| AuthError::UnknownAccount(id.to_string()))?;
        if index.data.current.as_ref() != Some(id) {
            index.data.current = Some(id.clone());
            index.save().await?;
        }
        Ok(account)
    }

    /// Records the tenants the hub lists for an account (keeps the selection if still listed).
    pub async fn set_tenants(
        &self,
        id: &AccountId,
        tenants: Vec<String>,
    ) -> Result<Account, AuthError> {
        let mut index = self.inner.index.lock().await;
        let account = index
            .get_mut(id)
            .ok_or_else(|| AuthError::UnknownAccount(id.to_string()))?;
        if account
            .tenant
            .as_ref()
            .is_some_and(|t| !tenants.contains(t))
        {
            account.tenant = None;
        }
        account.tenants = tenants;
        let account = account.clone();
        index.save().await?;
        Ok(account)
    }

    /// Selects one of the current account's tenants. No network, no re-login.
    pub async fn switch_tenant(&self, tenant: &str) -> Result<Account, AuthError> {
        let mut index = self.inner.index.lock().await;
        let id = index
            .current()
            .map(|a| a.id.clone())
            .ok_or(AuthError::NotSignedIn)?;
        let account = index.get_mut(&id).ok_or(AuthError::NotSignedIn)?;
        if !account.tenants.iter().any(|t| t == tenant) {
            return Err(AuthError::UnknownTenant(tenant.to_string()));
        }
        account.tenant = Some(tenant.to_string());
        let account = account.clone();
        index.save().await?;
        Ok(account)
    }

    /// A valid access token for the current account, refreshed first when it is (nearly)
    /// expired. Concurrent callers share one refresh.
    pub async fn access_token(&self) -> Result<AccessToken, AuthError> {
        self.current_session()
            .await?
            .access_token(&self.inner.ctx)
            .await
    }

    /// A new access token for the current account after an API refused `rejected` (a
    /// concurrent caller's refresh is reused). For clients that manage their own retries;
    /// [`Auth::with_fresh_token`] wraps the usual case.
    pub async fn refresh_rejected(&self, rejected: &AccessToken) -> Result<AccessToken, AuthError> {
        self.current_session()
            .await?
            .refresh_rejected(&self.inner.ctx, rejected)
            .await
    }

    /// Runs an API call with the current account's token; when it reports
    /// [`CallError::Unauthorized`], refreshes once and retries once. A second 401 becomes
    /// [`AuthError::Unauthorized`].
    pub async fn with_fresh_token<T, E, F, Fut>(&self, mut call: F) -> Result<T, E>
    where
        F: FnMut(AccessToken) -> Fut,
        Fut: Future<Output = Result<T, CallError<E>>>,
        E: From<AuthError>,
    {
        let ctx = &self.inner.ctx;
        let session = self.current_session().await?;
        let token = session.access_token(ctx).await?;
        match call(token.clone()).await {
            Ok(v) => return Ok(v),
            Err(CallError::Other(e)) => return Err(e),
            Err(CallError::Unauthorized) => {}
        }
        let token = session.refresh_rejected(ctx, &token).await?;
        match call(token).await {
            Ok(v) => Ok(v),
            Err(CallError::Other(e)) => Err(e),
            Err(CallError::Unauthorized) => Err(AuthError::Unauthorized.into()),
        }
    }

    /// Signs an account out: revokes its refresh token where the provider advertises a
    /// revocation endpoint, deletes its keychain entries and removes it from the index.
    pub async fn sign_out(&self, id: &AccountId) -> Result<SignedOut, AuthError> {
        let ctx = &self.inner.ctx;
        let client_id = {
            let index = self.inner.index.lock().await;
            let account = index
                .get(id)
                .ok_or_else(|| AuthError::UnknownAccount(id.to_string()))?;
            account.client_id.clone()
        };
        let key = SecretKey::refresh_token(id);
        let revocation = match ctx.keychain.get(&key).await? {
            None => Revocation::NoToken,
            Some(rt) => match ctx.provider(id, &client_id).await {
                Ok(p) if !p.can_revoke() => Revocation::NotAdvertised,
                Ok(p) => match p.revoke(&ctx.http, RefreshToken::new(rt)).await {
                    Ok(_) => Revocation::Revoked,
                    Err(e) => Revocation::Failed(e.to_string()),
                },
                Err(e) => Revocation::Failed(e.to_string()),
            },
        };
        ctx.keychain.delete(&key).await?;
        ctx.keychain.delete(&client_secret_key(id)).await?;
        self.sessions().remove(id);
        let mut index = self.inner.index.lock().await;
        index.remove(id);
        index.save().await?;
        Ok(SignedOut {
            account: id.clone(),
            revocation,
        })
    }

    async fn current_session(&self) -> Result<Arc<Session>, AuthError> {
        let account = self.current_account().await.ok_or(AuthError::NotSignedIn)?;
        let mut sessions = self.sessions();
        let session = sessions.entry(account.id.clone()).or_insert_with(|| {
            Arc::new(Session::new(
                account.id.clone(),
                account.client_id.clone(),
                None,
            ))
        });
        Ok(session.clone())
    }

    fn sessions(&self) -> std::sync::MutexGuard<'_, HashMap<AccountId, Arc<Session>>> {
        // The map is only ever replaced whole, so a poisoned lock still holds consistent data.
        self.inner
            .sessions
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests;
