//! One identity provider: settings, discovery, token requests and ID token validation.

use std::borrow::Cow;
use std::time::Duration;

use openidconnect::core::{
    CoreAuthDisplay, CoreClaimName, CoreClaimType, CoreClient, CoreClientAuthMethod, CoreGrantType,
    CoreIdToken, CoreIdTokenClaims, CoreJsonWebKey, CoreJweContentEncryptionAlgorithm,
    CoreJweKeyManagementAlgorithm, CoreResponseMode, CoreResponseType, CoreSubjectIdentifierType,
    CoreTokenResponse,
};
use openidconnect::{
    AccessToken, AccessTokenHash, AdditionalProviderMetadata, AuthorizationCode, ClientId,
    ClientSecret, DiscoveryError, EndpointMaybeSet, EndpointNotSet, EndpointSet, ErrorResponseType,
    HttpClientError, IssuerUrl, Nonce, PkceCodeVerifier, ProviderMetadata, RedirectUrl,
    RefreshToken, RequestTokenError, RevocationUrl, StandardErrorResponse, reqwest,
};
use serde::{Deserialize, Serialize};

use crate::error::{AuthError, chain};

/// Scopes requested by default (`openid` is always added).
pub const DEFAULT_SCOPES: [&str; 3] = ["profile", "email", "offline_access"];

/// How far the computer's clock may run ahead of the provider's when checking `exp`.
const CLOCK_LEEWAY: chrono::Duration = chrono::Duration::seconds(120);

/// Where and how to sign in: the provider's issuer and Quarry's client registration there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderSettings {
    /// The issuer URL, e.g. `https://example.okta.com/oauth2/default` (see docs/sso.md).
    pub issuer: String,
    /// The client id of Quarry's native/public client registration.
    pub client_id: String,
    /// Only for providers that hand native apps a non-confidential secret (Google).
    #[serde(default)]
    pub client_secret: Option<String>,
    /// Scopes besides `openid`; [`DEFAULT_SCOPES`] by default.
    pub scopes: Vec<String>,
    /// Extra authorization request parameters (e.g. `resource`, `audience`, `access_type`).
    #[serde(default)]
    pub extra_params: Vec<(String, String)>,
    /// Send `prompt=consent`, which OIDC requires for `offline_access` at most providers.
    pub prompt_consent: bool,
}

impl ProviderSettings {
    /// Settings with the default scopes and `prompt=consent`.
    pub fn new(issuer: impl Into<String>, client_id: impl Into<String>) -> Self {
        Self {
            issuer: issuer.into(),
            client_id: client_id.into(),
            client_secret: None,
            scopes: DEFAULT_SCOPES.iter().map(|s| s.to_string()).collect(),
            extra_params: Vec::new(),
            prompt_consent: true,
        }
    }

    /// Checks the issuer URL: https, or http only on a loopback address (local test providers).
    pub(crate) fn issuer_url(&self) -> Result<IssuerUrl, AuthError> {
        let url = IssuerUrl::new(self.issuer.trim().to_string())
            .map_err(|e| AuthError::Settings(format!("issuer URL {:?}: {e}", self.issuer)))?;
        match url.url().scheme() {
            "https" => {}
            "http" if is_loopback(url.url()) => {}
            _ => {
                return Err(AuthError::Settings(format!(
                    "issuer URL {} must start with https://",
                    self.issuer
                )));
            }
        }
        if self.client_id.trim().is_empty() {
            return Err(AuthError::Settings("the client id is empty".into()));
        }
        Ok(url)
    }
}

fn is_loopback(url: &openidconnect::url::Url) -> bool {
    matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"))
}

/// Provider metadata plus the `revocation_endpoint` that `CoreProviderMetadata` lacks.
#[derive(Clone, Debug, Deserialize, Serialize)]
pub(crate) struct RevocationMetadata {
    revocation_endpoint: Option<String>,
}
impl AdditionalProviderMetadata for RevocationMetadata {}

type Metadata = ProviderMetadata<
    RevocationMetadata,
    CoreAuthDisplay,
    CoreClientAuthMethod,
    CoreClaimName,
    CoreClaimType,
    CoreGrantType,
    CoreJweContentEncryptionAlgorithm,
    CoreJweKeyManagementAlgorithm,
    CoreJsonWebKey,
    CoreResponseMode,
    CoreResponseType,
    CoreSubjectIdentifierType,
>;

/// The discovered client: authorization endpoint set, token endpoint as advertised.
pub(crate) type OidcClient = CoreClient<
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// The HTTP client for every provider request: no redirects followed (SSRF), bounded time.
pub(crate) fn http_client() -> Result<reqwest::Client, AuthError> {
    reqwest::ClientBuilder::new()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(30))
        .user_agent(concat!("Quarry/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| AuthError::Settings(format!("cannot build the HTTP client: {}", chain(&e))))
}

/// How the `nonce` claim is checked.
pub(crate) enum NonceCheck<'a> {
    /// Sign-in: the claim must be present and equal.
    Exact(&'a Nonce),
    /// Refresh: providers may omit or repeat it; the token came straight from the token endpoint.
    Any,
}

/// A discovered provider with Quarry's client registered at it.
#[derive(Debug)]
pub(crate) struct Provider {
    pub client: OidcClient,
    pub issuer: String,
    client_id: String,
    client_secret: Option<String>,
    revocation: Option<RevocationUrl>,
}

impl Provider {
    /// Fetches the discovery document and the JWKS; checks the advertised issuer.
    pub async fn discover(
        http: &reqwest::Client,
        issuer: &IssuerUrl,
        client_id: &str,
        client_secret: Option<&str>,
    ) -> Result<Self, AuthError> {
        let meta = Metadata::discover_async(issuer.clone(), http)
            .await
            .map_err(|e| discovery_error(issuer, e))?;
        let revocation = meta
            .additional_metadata()
            .revocation_endpoint
            .clone()
            .map(RevocationUrl::new)
            .transpose()
            .map_err(|e| AuthError::Discovery {
                issuer: issuer.to_string(),
                detail: format!("bad revocation_endpoint: {e}"),
            })?;
        let client = CoreClient::from_provider_metadata(
            meta,
            ClientId::new(client_id.to_string()),
            client_secret.map(|s| ClientSecret::new(s.to_string())),
        );
        Ok(Self {
            client,
            issuer: issuer.to_string(),
            client_id: client_id.to_string(),
            client_secret: client_secret.map(str::to_string),
            revocation,
        })
    }

    /// Redeems an authorization code with its PKCE verifier.
    pub async fn exchange_code(
        &self,
        http: &reqwest::Client,
        code: String,
        verifier: PkceCodeVerifier,
        redirect: &RedirectUrl,
    ) -> Result<CoreTokenResponse, AuthError> {
        let request = self
            .client
            .exchange_code(AuthorizationCode::new(code))
            .map_err(|e| self.missing(e))?
            .set_pkce_verifier(verifier)
            .set_redirect_uri(Cow::Borrowed(redirect));
        let url = self.token_url();
        request
            .request_async(http)
            .await
            .map_err(|e| token_error(&url, e))
    }

    /// Trades a refresh token for new tokens.
    pub async fn refresh(
        &self,
        http: &reqwest::Client,
        refresh_token: &RefreshToken,
    ) -> Result<CoreTokenResponse, AuthError> {
        let request = self
            .client
            .exchange_refresh_token(refresh_token)
            .map_err(|e| self.missing(e))?;
        let url = self.token_url();
        request
            .request_async(http)
            .await
            .map_err(|e| token_error(&url, e))
    }

    /// Validates an ID token: signature (JWKS), issuer, audience, expiry, nonce and, when the
    /// token carries `at_hash`, that it belongs to `access_token`.
    pub fn verify_id_token(
        &self,
        id_token: &CoreIdToken,
        nonce: NonceCheck<'_>,
        access_token: &AccessToken,
    ) -> Result<CoreIdTokenClaims, AuthError> {
        let verifier = self
            .client
            .id_token_verifier()
            .set_time_fn(|| chrono::Utc::now() - CLOCK_LEEWAY);
        let invalid = |e: &dyn std::error::Error| AuthError::InvalidIdToken(chain(e));
        let claims = match nonce {
            NonceCheck::Exact(n) => id_token.claims(&verifier, n),
            NonceCheck::Any => id_token.claims(&verifier, |_: Option<&Nonce>| Ok(())),
        }
        .map_err(|e| invalid(&e))?;
        if let Some(expected) = claims.access_token_hash() {
            let alg = id_token.signing_alg().map_err(|e| invalid(&e))?;
            let key = id_token.signing_key(&verifier).map_err(|e| invalid(&e))?;
            let actual =
                AccessTokenHash::from_token(access_token, alg, key).map_err(|e| invalid(&e))?;
            if &actual != expected {
                return Err(AuthError::InvalidIdToken(
                    "at_hash does not match the access token".into(),
                ));
            }
        }
        Ok(claims.clone())
    }

    /// Whether the provider advertises a revocation endpoint.
    pub fn can_revoke(&self) -> bool {
        self.revocation.is_some()
    }

    /// Revokes a refresh token (RFC 7009). `Ok(false)` when no endpoint is advertised.
    ///
    /// Sent directly rather than through oauth2's `revoke_token`, which refuses plain http even
    /// on loopback (local test providers); the endpoint must be https or loopback like the issuer.
    pub async fn revoke(
        &self,
        http: &reqwest::Client,
        refresh_token: RefreshToken,
    ) -> Result<bool, AuthError> {
        let Some(url) = self.revocation.as_ref() else {
            return Ok(false);
        };
        let shown = url.to_string();
        if url.url().scheme() != "https" && !is_loopback(url.url()) {
            return Err(AuthError::Discovery {
                issuer: self.issuer.clone(),
                detail: format!("the revocation endpoint {shown} is not https"),
            });
        }
        let mut form = vec![
            ("token", refresh_token.secret().as_str()),
            ("token_type_hint", "refresh_token"),
            ("client_id", self.client_id.as_str()),
        ];
        if let Some(secret) = &self.client_secret {
            form.push(("client_secret", secret.as_str()));
        }
        let response = http
            .post(url.url().clone())
            .form(&form)
            .send()
            .await
            .map_err(|e| AuthError::Network {
                url: shown.clone(),
                detail: chain(&e),
            })?;
        if response.status().is_success() {
            return Ok(true);
        }
        let status = response.status();
        let body = response.text().await.unwrap_or_default();
        let json: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
        let field = |k: &str| json.get(k).and_then(|v| v.as_str()).map(str::to_string);
        Err(AuthError::Idp {
            error: field("error").unwrap_or_else(|| format!("HTTP {status}")),
            description: field("error_description"),
        })
    }

    fn token_url(&self) -> String {
        self.client
            .token_uri()
            .map(|u| u.to_string())
            .unwrap_or_default()
    }

    fn missing(&self, e: openidconnect::ConfigurationError) -> AuthError {
        AuthError::Discovery {
            issuer: self.issuer.clone(),
            detail: e.to_string(),
        }
    }
}

fn discovery_error(
    issuer: &IssuerUrl,
    e: DiscoveryError<HttpClientError<reqwest::Error>>,
) -> AuthError {
    let url = format!(
        "{}/.well-known/openid-configuration",
        issuer.as_str().trim_end_matches('/')
    );
    let detail = match e {
        DiscoveryError::Request(e) => {
            return AuthError::Network {
                url,
                detail: chain(&e),
            };
        }
        DiscoveryError::Response(status, _, _) => format!("{url} answered HTTP {status}"),
        DiscoveryError::Parse(e) => format!("unreadable metadata at {}", e.path()),
        other => chain(&other),
    };
    AuthError::Discovery {
        issuer: issuer.to_string(),
        detail,
    }
}

/// Maps a token or revocation request failure. The response body is never included: it may
/// hold tokens.
fn token_error<T: ErrorResponseType + std::fmt::Display + 'static>(
    url: &str,
    e: RequestTokenError<HttpClientError<reqwest::Error>, StandardErrorResponse<T>>,
) -> AuthError {
    match e {
        RequestTokenError::ServerResponse(r) => AuthError::Idp {
            error: r.error().to_string(),
            description: r.error_description().cloned(),
        },
        RequestTokenError::Request(e) => AuthError::Network {
            url: url.to_string(),
            detail: chain(&e),
        },
        RequestTokenError::Parse(e, _) => {
            AuthError::Protocol(format!("unreadable token response at {}", e.path()))
        }
        RequestTokenError::Other(s) => AuthError::Protocol(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_issuers_are_only_accepted_on_loopback() {
        let ok = ProviderSettings::new("http://127.0.0.1:8080", "quarry").issuer_url();
        assert!(ok.is_ok());
        let err = ProviderSettings::new("http://idp.example.com", "quarry").issuer_url();
        assert!(matches!(err, Err(AuthError::Settings(_))));
        let err = ProviderSettings::new("https://idp.example.com", " ").issuer_url();
        assert!(matches!(err, Err(AuthError::Settings(_))));
    }
}
