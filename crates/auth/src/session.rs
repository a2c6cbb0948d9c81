//! Access tokens per account: in memory only, refreshed before expiry, one refresh at a time.
//!
//! Each [`Session`] guards its token with a tokio mutex that is held across the whole refresh,
//! so concurrent callers queue behind one refresh and then find the new token (single flight).
//! The refresh token lives only in the keychain; a rotated one is written back before the new
//! access token is handed out.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use openidconnect::core::CoreTokenResponse;
use openidconnect::{AccessToken, OAuth2TokenResponse, RefreshToken, TokenResponse, reqwest};

use crate::accounts::AccountId;
use crate::error::AuthError;
use crate::keychain::{Keychain, SecretKey};
use crate::provider::{NonceCheck, Provider, ProviderSettings};

/// Refresh this long before expiry (at most a quarter of the token's lifetime).
const REFRESH_SKEW: Duration = Duration::from_secs(60);
/// Lifetime assumed when the provider does not say (`expires_in` is optional).
const DEFAULT_LIFETIME: Duration = Duration::from_secs(300);
/// Longest lifetime believed.
const MAX_LIFETIME: Duration = Duration::from_secs(24 * 3600);

/// The keychain key of the client secret some providers (Google) give native apps.
pub(crate) fn client_secret_key(account: &AccountId) -> SecretKey {
    SecretKey::named(format!(
        "sso-client-secret:{}#{}",
        account.issuer, account.subject
    ))
}

/// An access token and when to replace it.
#[derive(Clone, Debug)]
pub(crate) struct Fresh {
    pub token: AccessToken,
    refresh_at: Instant,
}

impl Fresh {
    pub fn new(token: AccessToken, expires_in: Option<Duration>) -> Self {
        // Capped: an absurd `expires_in` must neither overflow `Instant` nor pin a token forever.
        let lifetime = expires_in.unwrap_or(DEFAULT_LIFETIME).min(MAX_LIFETIME);
        let skew = REFRESH_SKEW.min(lifetime / 4);
        Self {
            token,
            refresh_at: Instant::now() + lifetime.saturating_sub(skew),
        }
    }

    fn usable(&self) -> bool {
        Instant::now() < self.refresh_at
    }
}

/// What refreshing needs: the keychain, the HTTP client and the discovered providers.
#[derive(Debug)]
pub(crate) struct Ctx {
    pub keychain: Keychain,
    pub http: reqwest::Client,
    providers: tokio::sync::Mutex<HashMap<(String, String), Arc<Provider>>>,
}

impl Ctx {
    pub fn new(keychain: Keychain, http: reqwest::Client) -> Self {
        Self {
            keychain,
            http,
            providers: tokio::sync::Mutex::new(HashMap::new()),
        }
    }

    /// Remembers a provider discovered during sign-in.
    pub async fn remember(&self, client_id: &str, provider: Arc<Provider>) {
        let key = (provider.issuer.clone(), client_id.to_string());
        self.providers.lock().await.insert(key, provider);
    }

    /// The provider for an account: cached, else discovered (the lock makes it single-flight).
    pub async fn provider(
        &self,
        account: &AccountId,
        client_id: &str,
    ) -> Result<Arc<Provider>, AuthError> {
        let key = (account.issuer.clone(), client_id.to_string());
        let mut providers = self.providers.lock().await;
        if let Some(p) = providers.get(&key) {
            return Ok(p.clone());
        }
        let secret = self.keychain.get(&client_secret_key(account)).await?;
        let settings = ProviderSettings::new(&account.issuer, client_id);
        let issuer = settings.issuer_url()?;
        let provider =
            Arc::new(Provider::discover(&self.http, &issuer, client_id, secret.as_deref()).await?);
        providers.insert(key, provider.clone());
        Ok(provider)
    }

    /// Forgets a cached provider, e.g. after its signing keys stopped matching.
    async fn forget(&self, account: &AccountId, client_id: &str) {
        let key = (account.issuer.clone(), client_id.to_string());
        self.providers.lock().await.remove(&key);
    }
}

/// One signed-in account's tokens.
#[derive(Debug)]
pub(crate) struct Session {
    pub id: AccountId,
    pub client_id: String,
    fresh: tokio::sync::Mutex<Option<Fresh>>,
}

impl Session {
    /// A session that will refresh on first use (e.g. after the app restarts).
    pub fn new(id: AccountId, client_id: String, fresh: Option<Fresh>) -> Self {
        Self {
            id,
            client_id,
            fresh: tokio::sync::Mutex::new(fresh),
        }
    }

    /// A usable access token; refreshes (once, for all concurrent callers) when due.
    pub async fn access_token(&self, ctx: &Ctx) -> Result<AccessToken, AuthError> {
        let mut fresh = self.fresh.lock().await;
        if let Some(f) = fresh.as_ref().filter(|f| f.usable()) {
            return Ok(f.token.clone());
        }
        self.refresh_locked(ctx, &mut fresh).await
    }

    /// After the API rejected `stale`: refreshes unless another caller already replaced it.
    pub async fn refresh_rejected(
        &self,
        ctx: &Ctx,
        stale: &AccessToken,
    ) -> Result<AccessToken, AuthError> {
        let mut fresh = self.fresh.lock().await;
        if let Some(f) = fresh
            .as_ref()
            .filter(|f| f.usable() && f.token.secret() != stale.secret())
        {
            return Ok(f.token.clone());
        }
        self.refresh_locked(ctx, &mut fresh).await
    }

    async fn refresh_locked(
        &self,
        ctx: &Ctx,
        fresh: &mut Option<Fresh>,
    ) -> Result<AccessToken, AuthError> {
        *fresh = None;
        let key = SecretKey::refresh_token(&self.id);
        let Some(old) = ctx.keychain.get(&key).await? else {
            return Err(AuthError::SignInRequired(self.id.to_string()));
        };
        let provider = ctx.provider(&self.id, &self.client_id).await?;
        let response = match provider
            .refresh(&ctx.http, &RefreshToken::new(old.clone()))
            .await
        {
            Err(AuthError::Idp { error, .. }) if error == "invalid_grant" => {
                return Err(AuthError::SignInRequired(self.id.to_string()));
            }
            other => other?,
        };
        // Rotation: the old refresh token may already be dead, so the new one goes to the
        // keychain before anything else can fail or use the new access token.
        if let Some(new) = response.refresh_token()
            && new.secret() != &old
        {
            ctx.keychain.set(&key, new.secret()).await?;
        }
        self.check_refreshed_id_token(ctx, provider, &response)
            .await?;
        let f = Fresh::new(response.access_token().clone(), response.expires_in());
        let token = f.token.clone();
        *fresh = Some(f);
        Ok(token)
    }

    /// A refreshed ID token (optional) must still be valid and name the same subject.
    async fn check_refreshed_id_token(
        &self,
        ctx: &Ctx,
        provider: Arc<Provider>,
        response: &CoreTokenResponse,
    ) -> Result<(), AuthError> {
        let Some(id_token) = response.id_token() else {
            return Ok(());
        };
        let at = response.access_token();
        let claims = match provider.verify_id_token(id_token, NonceCheck::Any, at) {
            Ok(c) => c,
            Err(AuthError::InvalidIdToken(_)) => {
                // Perhaps the provider rotated its signing keys: rediscover once.
                ctx.forget(&self.id, &self.client_id).await;
                let provider = ctx.provider(&self.id, &self.client_id).await?;
                provider.verify_id_token(id_token, NonceCheck::Any, at)?
            }
            Err(e) => return Err(e),
        };
        if claims.subject().as_str() != self.id.subject {
            return Err(AuthError::InvalidIdToken(
                "the refreshed ID token names another user".into(),
            ));
        }
        Ok(())
    }
}
