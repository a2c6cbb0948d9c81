//! The interactive part of sign-in: discovery, the authorization request (code + PKCE S256,
//! `state`, `nonce`), the browser round trip through the loopback listener, the code exchange
//! and ID token validation.

use std::borrow::Cow;
use std::future::Future;
use std::time::Duration;

use openidconnect::core::{CoreAuthPrompt, CoreIdTokenClaims, CoreResponseType, CoreTokenResponse};
use openidconnect::url::Url;
use openidconnect::{
    AuthenticationFlow, CsrfToken, Nonce, OAuth2TokenResponse, PkceCodeChallenge, Scope,
    TokenResponse, reqwest,
};
use tokio_util::sync::CancellationToken;

use crate::error::AuthError;
use crate::loopback::{Expected, Loopback};
use crate::provider::{NonceCheck, Provider, ProviderSettings};

/// A completed, validated sign-in.
pub(crate) struct LoginOutcome {
    pub provider: Provider,
    pub tokens: CoreTokenResponse,
    pub claims: CoreIdTokenClaims,
}

/// Runs `fut` unless `cancel` fires first.
async fn cancellable<T>(
    cancel: &CancellationToken,
    fut: impl Future<Output = Result<T, AuthError>>,
) -> Result<T, AuthError> {
    tokio::select! {
        _ = cancel.cancelled() => Err(AuthError::Cancelled),
        r = fut => r,
    }
}

/// Signs in interactively. `open_browser` receives the authorization URL and must open it in the
/// system browser (the desktop shell passes its opener plugin; tests drive the provider).
pub(crate) async fn login<F>(
    http: &reqwest::Client,
    settings: &ProviderSettings,
    open_browser: F,
    cancel: &CancellationToken,
    timeout: Duration,
) -> Result<LoginOutcome, AuthError>
where
    F: FnOnce(&Url) -> Result<(), String>,
{
    let issuer = settings.issuer_url()?;
    let provider = cancellable(
        cancel,
        Provider::discover(
            http,
            &issuer,
            settings.client_id.trim(),
            settings.client_secret.as_deref(),
        ),
    )
    .await?;
    let loopback = Loopback::bind().await?;
    let redirect = loopback.redirect_url().clone();

    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let mut request = provider
        .client
        .authorize_url(
            AuthenticationFlow::<CoreResponseType>::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .set_redirect_uri(Cow::Borrowed(&redirect))
        .set_pkce_challenge(challenge);
    for scope in settings.scopes.iter().filter(|s| s.as_str() != "openid") {
        request = request.add_scope(Scope::new(scope.clone()));
    }
    if settings.prompt_consent {
        request = request.add_prompt(CoreAuthPrompt::Consent);
    }
    for (name, value) in &settings.extra_params {
        request = request.add_extra_param(name.as_str(), value.as_str());
    }
    let (url, state, nonce) = request.url();

    open_browser(&url).map_err(AuthError::Browser)?;
    let expected = Expected {
        state: state.secret().clone(),
        issuer: provider.issuer.clone(),
    };
    let code = loopback.wait(expected, cancel, timeout).await?;

    let tokens = cancellable(
        cancel,
        provider.exchange_code(http, code, verifier, &redirect),
    )
    .await?;
    let id_token = tokens.id_token().ok_or_else(|| {
        AuthError::Protocol(
            "no ID token in the token response (is the openid scope allowed?)".into(),
        )
    })?;
    let claims =
        provider.verify_id_token(id_token, NonceCheck::Exact(&nonce), tokens.access_token())?;
    Ok(LoginOutcome {
        provider,
        tokens,
        claims,
    })
}
