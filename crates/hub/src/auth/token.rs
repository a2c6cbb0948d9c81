//! Access-token validation: an OIDC JWT access token (RFC 9068) signed by the IdP.

use std::time::Duration;

use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, Validation};
use serde_json::Value;

use super::jwks::JwksCache;
use crate::config::OidcConfig;
use crate::error::{HubError, Result};

/// Who a valid token speaks for. Tenant and user come from the claims named in [`OidcConfig`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenIdentity {
    /// `sub`: the user, unique at the issuer.
    pub subject: String,
    /// The tenant claim (default `tenant`), or the configured default tenant.
    pub tenant: String,
    /// `preferred_username`, else `email`, else `sub`: the name @mentions use.
    pub username: String,
    /// `name`.
    pub display_name: Option<String>,
    /// `email`.
    pub email: Option<String>,
    /// Whether the roles claim (default `roles`) holds the admin role.
    pub is_admin: bool,
}

/// A valid token: whom it speaks for, and until when (seconds since the epoch).
#[derive(Clone, Debug)]
pub struct VerifiedToken {
    pub identity: TokenIdentity,
    pub expires_at: i64,
}

/// Validates access tokens against the IdP's keys and the configured issuer and audience.
pub struct TokenVerifier {
    jwks: JwksCache,
    config: OidcConfig,
}

/// Signature algorithms the hub accepts: asymmetric only (no `none`, no shared secrets).
const ASYMMETRIC: [Algorithm; 9] = [
    Algorithm::RS256,
    Algorithm::RS384,
    Algorithm::RS512,
    Algorithm::PS256,
    Algorithm::PS384,
    Algorithm::PS512,
    Algorithm::ES256,
    Algorithm::ES384,
    Algorithm::EdDSA,
];

impl TokenVerifier {
    /// A verifier for `config`'s issuer, fetching keys over `http`.
    pub fn new(config: &OidcConfig, http: reqwest::Client) -> Self {
        let jwks = JwksCache::new(
            http,
            &config.issuer,
            config.jwks_url.clone(),
            Duration::from_secs(config.jwks_max_age_seconds),
            Duration::from_secs(config.jwks_min_refresh_seconds),
        );
        Self {
            jwks,
            config: config.clone(),
        }
    }

    /// Checks signature, `typ`, `iss`, `aud`, `exp`/`nbf` and reads the identity claims.
    pub async fn verify(&self, token: &str) -> Result<VerifiedToken> {
        let header = jsonwebtoken::decode_header(token).map_err(|_| {
            unauthenticated("the bearer token is not a JWT access token: sign in again")
        })?;
        if !ASYMMETRIC.contains(&header.alg) {
            return Err(unauthenticated(
                "the access token is not signed with an asymmetric algorithm",
            ));
        }
        if let Some(typ) = &header.typ {
            let typ = typ.to_ascii_lowercase();
            if typ != "at+jwt" && typ != "application/at+jwt" {
                return Err(unauthenticated(
                    "the token is not an access token (its `typ` is not `at+jwt`): send the \
                     access token, not the ID token",
                ));
            }
        }
        let key = self.jwks.key(header.kid.as_deref()).await?;
        if key.algorithm.is_some_and(|alg| alg != header.alg) {
            return Err(unauthenticated(
                "the access token's algorithm does not match its signing key",
            ));
        }
        let mut validation = Validation::new(header.alg);
        validation.set_issuer(&[self.config.issuer.as_str()]);
        validation.set_audience(&[self.config.audience.as_str()]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.leeway = self.config.leeway_seconds;
        validation.validate_nbf = true;
        let claims = jsonwebtoken::decode::<Value>(token, &key.key, &validation)
            .map_err(|e| self.explain(e.kind()))?
            .claims;
        Ok(VerifiedToken {
            identity: self.identity(&claims)?,
            expires_at: claims.get("exp").and_then(Value::as_i64).unwrap_or(0),
        })
    }

    fn explain(&self, kind: &ErrorKind) -> HubError {
        HubError::Unauthenticated(match kind {
            ErrorKind::ExpiredSignature => {
                "the access token has expired: refresh it or sign in again".to_string()
            }
            ErrorKind::ImmatureSignature => {
                "the access token is not valid yet (`nbf`): check the clocks".to_string()
            }
            ErrorKind::InvalidAudience => format!(
                "the access token is for another audience: request one for the resource `{}`",
                self.config.audience
            ),
            ErrorKind::InvalidIssuer => format!(
                "the access token is from another issuer: sign in with `{}`",
                self.config.issuer
            ),
            ErrorKind::InvalidSignature | ErrorKind::InvalidAlgorithm => {
                "the access token's signature does not verify: it is forged or altered".to_string()
            }
            ErrorKind::MissingRequiredClaim(claim) => {
                format!("the access token has no `{claim}` claim")
            }
            _ => "the access token is malformed: sign in again".to_string(),
        })
    }

    fn identity(&self, claims: &Value) -> Result<TokenIdentity> {
        let text = |name: &str| {
            claims
                .get(name)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let subject =
            text("sub").ok_or_else(|| unauthenticated("the access token has no `sub`"))?;
        let tenant = text(&self.config.tenant_claim)
            .or_else(|| self.config.default_tenant.clone())
            .ok_or_else(|| {
                unauthenticated(&format!(
                    "the access token has no `{}` claim naming your tenant: have the identity \
                     provider add it (or set oidc.default_tenant for a single-tenant hub)",
                    self.config.tenant_claim
                ))
            })?;
        if tenant.len() > 200 {
            return Err(unauthenticated(
                "the tenant claim is longer than 200 characters",
            ));
        }
        let is_admin = match claims.get(&self.config.roles_claim) {
            Some(Value::Array(roles)) => roles
                .iter()
                .any(|r| r.as_str() == Some(self.config.admin_role.as_str())),
            Some(Value::String(roles)) => roles
                .split_whitespace()
                .any(|r| r == self.config.admin_role),
            _ => false,
        };
        let email = text("email");
        let username = text("preferred_username")
            .or_else(|| email.clone())
            .unwrap_or_else(|| subject.clone());
        Ok(TokenIdentity {
            subject,
            tenant,
            username,
            display_name: text("name"),
            email,
            is_admin,
        })
    }
}

fn unauthenticated(message: &str) -> HubError {
    HubError::Unauthenticated(message.to_string())
}
