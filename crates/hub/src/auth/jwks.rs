//! The identity provider's signing keys (JWKS): fetched through discovery, cached, and fetched
//! again when a token names a key the cache does not hold (key rotation) or the cache is old.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use jsonwebtoken::jwk::{Jwk, PublicKeyUse};
use jsonwebtoken::{Algorithm, DecodingKey};
use serde::Deserialize;

use crate::error::{HubError, Result};

/// One verification key and the algorithm it is published for, if any.
#[derive(Clone)]
pub struct VerificationKey {
    pub key: DecodingKey,
    pub algorithm: Option<Algorithm>,
}

/// The keys of one fetch, by `kid` (keys without a `kid` are kept apart).
struct KeySet {
    by_kid: HashMap<String, VerificationKey>,
    without_kid: Vec<VerificationKey>,
    fetched_at: Instant,
}

/// A cache of the IdP's JWKS.
pub struct JwksCache {
    http: reqwest::Client,
    issuer: String,
    configured_url: Option<String>,
    discovered_url: RwLock<Option<String>>,
    current: RwLock<Option<Arc<KeySet>>>,
    /// Held while fetching, so concurrent misses share one fetch.
    fetching: tokio::sync::Mutex<()>,
    max_age: Duration,
    min_refresh: Duration,
}

#[derive(Deserialize)]
struct Discovery {
    jwks_uri: String,
}

#[derive(Deserialize)]
struct RawKeySet {
    keys: Vec<serde_json::Value>,
}

impl JwksCache {
    /// A cache for `issuer`'s keys, at `jwks_url` or wherever its discovery document says.
    pub fn new(
        http: reqwest::Client,
        issuer: &str,
        jwks_url: Option<String>,
        max_age: Duration,
        min_refresh: Duration,
    ) -> Self {
        Self {
            http,
            issuer: issuer.trim_end_matches('/').to_string(),
            configured_url: jwks_url,
            discovered_url: RwLock::new(None),
            current: RwLock::new(None),
            fetching: tokio::sync::Mutex::new(()),
            max_age,
            min_refresh,
        }
    }

    /// The key for `kid` (or the only candidate when the token names none).
    pub async fn key(&self, kid: Option<&str>) -> Result<VerificationKey> {
        let seen = self.snapshot();
        if let Some(set) = &seen
            && set.fetched_at.elapsed() < self.max_age
            && let Some(key) = pick(set, kid)
        {
            return Ok(key);
        }
        let set = self.refresh(seen.as_ref()).await?;
        pick(&set, kid).ok_or_else(|| {
            HubError::Unauthenticated(match kid {
                Some(kid) => format!(
                    "the access token is signed with key `{kid}`, which the identity provider \
                     does not publish: it is forged or from another issuer"
                ),
                None => "the access token names no signing key (`kid`) and the identity \
                         provider publishes several: request a token from the configured issuer"
                    .into(),
            })
        })
    }

    fn snapshot(&self) -> Option<Arc<KeySet>> {
        self.current.read().ok().and_then(|guard| guard.clone())
    }

    /// Fetches the JWKS unless someone else did since `seen`, or the last fetch is too recent.
    async fn refresh(&self, seen: Option<&Arc<KeySet>>) -> Result<Arc<KeySet>> {
        let _fetching = self.fetching.lock().await;
        if let Some(latest) = self.snapshot() {
            let replaced = seen.is_none_or(|seen| !Arc::ptr_eq(seen, &latest));
            if replaced || latest.fetched_at.elapsed() < self.min_refresh {
                return Ok(latest);
            }
        }
        match self.fetch().await {
            Ok(set) => {
                let set = Arc::new(set);
                if let Ok(mut current) = self.current.write() {
                    *current = Some(set.clone());
                }
                Ok(set)
            }
            Err(error) => match self.snapshot() {
                // Keep verifying with the keys we have while the IdP is unreachable.
                Some(stale) => {
                    tracing::warn!(%error, "JWKS refresh failed; using the cached keys");
                    Ok(stale)
                }
                None => Err(error),
            },
        }
    }

    async fn fetch(&self) -> Result<KeySet> {
        let url = self.jwks_url().await?;
        let raw: RawKeySet = self.get_json(&url).await?;
        let mut set = KeySet {
            by_kid: HashMap::new(),
            without_kid: Vec::new(),
            fetched_at: Instant::now(),
        };
        for value in raw.keys {
            let Ok(jwk) = serde_json::from_value::<Jwk>(value) else {
                tracing::debug!("skipping a JWKS entry of an unsupported key type");
                continue;
            };
            if matches!(&jwk.common.public_key_use, Some(u) if *u != PublicKeyUse::Signature) {
                continue;
            }
            let Ok(key) = DecodingKey::from_jwk(&jwk) else {
                tracing::debug!(kid = ?jwk.common.key_id, "skipping an unusable JWKS key");
                continue;
            };
            let algorithm = jwk
                .common
                .key_algorithm
                .and_then(|a| a.to_string().parse::<Algorithm>().ok());
            let entry = VerificationKey { key, algorithm };
            match jwk.common.key_id {
                Some(kid) => {
                    set.by_kid.insert(kid, entry);
                }
                None => set.without_kid.push(entry),
            }
        }
        tracing::info!(keys = set.by_kid.len() + set.without_kid.len(), %url, "fetched the JWKS");
        Ok(set)
    }

    async fn jwks_url(&self) -> Result<String> {
        if let Some(url) = &self.configured_url {
            return Ok(url.clone());
        }
        if let Some(url) = self.discovered_url.read().ok().and_then(|u| u.clone()) {
            return Ok(url);
        }
        let discovery_url = format!("{}/.well-known/openid-configuration", self.issuer);
        let discovery: Discovery = self.get_json(&discovery_url).await?;
        if let Ok(mut slot) = self.discovered_url.write() {
            *slot = Some(discovery.jwks_uri.clone());
        }
        Ok(discovery.jwks_uri)
    }

    async fn get_json<T: serde::de::DeserializeOwned>(&self, url: &str) -> Result<T> {
        let response = self
            .http
            .get(url)
            .send()
            .await
            .map_err(|e| HubError::IdentityProvider(format!("GET {url}: {e}")))?;
        if !response.status().is_success() {
            return Err(HubError::IdentityProvider(format!(
                "GET {url} answered {}",
                response.status()
            )));
        }
        let bytes = response
            .bytes()
            .await
            .map_err(|e| HubError::IdentityProvider(format!("GET {url}: {e}")))?;
        serde_json::from_slice(&bytes)
            .map_err(|e| HubError::IdentityProvider(format!("GET {url}: unexpected JSON ({e})")))
    }
}

fn pick(set: &KeySet, kid: Option<&str>) -> Option<VerificationKey> {
    match kid {
        Some(kid) => set.by_kid.get(kid).cloned(),
        None => {
            let mut all = set.by_kid.values().chain(&set.without_kid);
            match (all.next(), all.next()) {
                (Some(only), None) => Some(only.clone()),
                _ => None,
            }
        }
    }
}
