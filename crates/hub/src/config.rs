//! The hub's configuration: an optional TOML file, then `QUARRY_HUB_*` environment variables,
//! which win. See docs/hub.md for every key.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{HubError, Result};

/// Everything the hub needs to run.
#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Address the HTTP server listens on.
    pub listen: SocketAddr,
    /// PostgreSQL connection URL. The role must not be a superuser or have BYPASSRLS, or
    /// row-level security does not apply to it.
    pub database_url: String,
    /// Most database connections the hub opens.
    pub database_max_connections: u32,
    /// Apply pending migrations at start.
    pub migrate: bool,
    /// Where dataset snapshots live: a directory path or `file://` URL (the default store), or
    /// `s3://bucket/prefix` on any S3-compatible service.
    pub object_store: String,
    /// S3 settings by object_store's names (`endpoint`, `region`, `allow_http`, …); what is
    /// unset comes from the usual `AWS_*` variables, which is where credentials belong.
    pub object_store_options: BTreeMap<String, String>,
    /// Take the client address from the last `X-Forwarded-For` entry (only behind a proxy
    /// that sets it).
    pub trust_forwarded_for: bool,
    /// `text` or `json` log lines on stderr.
    pub log_format: LogFormat,
    /// Access-token validation.
    pub oidc: OidcConfig,
    /// Request rate limits.
    pub rate_limit: RateLimitConfig,
    /// Body size limits.
    pub limits: LimitsConfig,
}

/// How access tokens are checked and mapped to tenants and users.
#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OidcConfig {
    /// The IdP's issuer URL; tokens must carry exactly this `iss`.
    pub issuer: String,
    /// The hub's resource identifier; tokens must list it in `aud`.
    pub audience: String,
    /// The JWKS URL; found through the issuer's discovery document when empty.
    pub jwks_url: Option<String>,
    /// The claim naming the caller's tenant.
    pub tenant_claim: String,
    /// The tenant of tokens without a tenant claim (single-tenant deployments); such tokens are
    /// refused when unset.
    pub default_tenant: Option<String>,
    /// The claim listing the caller's roles (an array, or a space-separated string).
    pub roles_claim: String,
    /// The role that makes a caller an Admin of their tenant.
    pub admin_role: String,
    /// Clock skew allowed on `exp` and `nbf`, in seconds.
    pub leeway_seconds: u64,
    /// Refetch the JWKS after this many seconds even if every `kid` is known.
    pub jwks_max_age_seconds: u64,
    /// Refetch the JWKS for an unknown `kid` at most this often (seconds).
    pub jwks_min_refresh_seconds: u64,
}

/// Token buckets: a steady rate per second and a burst. A rate of 0 disables the limit.
#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RateLimitConfig {
    pub user_per_second: f64,
    pub user_burst: u32,
    pub tenant_per_second: f64,
    pub tenant_burst: u32,
}

/// Body size limits in bytes.
#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LimitsConfig {
    /// JSON request bodies (documents, comments, definitions).
    pub json_bytes: usize,
    /// One snapshot upload.
    pub snapshot_bytes: u64,
}

/// The log line format.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            database_url: String::new(),
            database_max_connections: 16,
            migrate: true,
            object_store: "quarry-hub-objects".into(),
            object_store_options: BTreeMap::new(),
            trust_forwarded_for: false,
            log_format: LogFormat::Text,
            oidc: OidcConfig::default(),
            rate_limit: RateLimitConfig::default(),
            limits: LimitsConfig::default(),
        }
    }
}

impl Default for OidcConfig {
    fn default() -> Self {
        Self {
            issuer: String::new(),
            audience: String::new(),
            jwks_url: None,
            tenant_claim: "tenant".into(),
            default_tenant: None,
            roles_claim: "roles".into(),
            admin_role: "admin".into(),
            leeway_seconds: 30,
            jwks_max_age_seconds: 3600,
            jwks_min_refresh_seconds: 10,
        }
    }
}

impl Default for RateLimitConfig {
    fn default() -> Self {
        Self {
            user_per_second: 20.0,
            user_burst: 100,
            tenant_per_second: 200.0,
            tenant_burst: 1000,
        }
    }
}

impl Default for LimitsConfig {
    fn default() -> Self {
        Self {
            json_bytes: 4 << 20,
            snapshot_bytes: 16 << 30,
        }
    }
}

/// The file named by `QUARRY_HUB_CONFIG`, when set.
pub const CONFIG_ENV: &str = "QUARRY_HUB_CONFIG";

impl Config {
    /// Reads `file` (if given, else `$QUARRY_HUB_CONFIG` if set), applies the environment and
    /// checks the result.
    pub fn load(file: Option<&Path>) -> Result<Self> {
        let file = file
            .map(Path::to_path_buf)
            .or_else(|| std::env::var_os(CONFIG_ENV).map(PathBuf::from));
        let mut config = match file {
            Some(path) => Self::from_file(&path)?,
            None => Self::default(),
        };
        config.apply_env(|name| std::env::var(name).ok())?;
        config.validate()?;
        Ok(config)
    }

    /// Parses a TOML file.
    pub fn from_file(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| HubError::io(format!("read the config file {}", path.display()), e))?;
        toml::from_str(&text).map_err(|e| HubError::Config(format!("{}: {e}", path.display())))
    }

    /// Overrides keys from variables (`lookup` is the environment outside tests).
    pub fn apply_env(&mut self, lookup: impl Fn(&str) -> Option<String>) -> Result<()> {
        fn parsed<T: std::str::FromStr>(name: &str, value: &str) -> Result<T> {
            value
                .trim()
                .parse()
                .map_err(|_| HubError::Config(format!("{name}={value:?} is not a valid value")))
        }
        let var = |name: &str| lookup(name).filter(|v| !v.is_empty());
        if let Some(v) = var("QUARRY_HUB_LISTEN") {
            self.listen = parsed("QUARRY_HUB_LISTEN", &v)?;
        }
        if let Some(v) = var("QUARRY_HUB_DATABASE_URL") {
            self.database_url = v;
        }
        if let Some(v) = var("QUARRY_HUB_OBJECT_STORE") {
            self.object_store = v;
        }
        if let Some(v) = var("QUARRY_HUB_LOG_FORMAT") {
            self.log_format = match v.as_str() {
                "json" => LogFormat::Json,
                "text" => LogFormat::Text,
                _ => {
                    return Err(HubError::Config(format!(
                        "QUARRY_HUB_LOG_FORMAT={v:?}: use text or json"
                    )));
                }
            };
        }
        if let Some(v) = var("QUARRY_HUB_OIDC_ISSUER") {
            self.oidc.issuer = v;
        }
        if let Some(v) = var("QUARRY_HUB_OIDC_AUDIENCE") {
            self.oidc.audience = v;
        }
        if let Some(v) = var("QUARRY_HUB_OIDC_JWKS_URL") {
            self.oidc.jwks_url = Some(v);
        }
        if let Some(v) = var("QUARRY_HUB_OIDC_DEFAULT_TENANT") {
            self.oidc.default_tenant = Some(v);
        }
        if let Some(v) = var("QUARRY_HUB_RATE_USER_PER_SECOND") {
            self.rate_limit.user_per_second = parsed("QUARRY_HUB_RATE_USER_PER_SECOND", &v)?;
        }
        if let Some(v) = var("QUARRY_HUB_RATE_USER_BURST") {
            self.rate_limit.user_burst = parsed("QUARRY_HUB_RATE_USER_BURST", &v)?;
        }
        if let Some(v) = var("QUARRY_HUB_RATE_TENANT_PER_SECOND") {
            self.rate_limit.tenant_per_second = parsed("QUARRY_HUB_RATE_TENANT_PER_SECOND", &v)?;
        }
        if let Some(v) = var("QUARRY_HUB_RATE_TENANT_BURST") {
            self.rate_limit.tenant_burst = parsed("QUARRY_HUB_RATE_TENANT_BURST", &v)?;
        }
        Ok(())
    }

    /// Refuses a configuration the hub cannot run with, naming the key to set.
    pub fn validate(&self) -> Result<()> {
        let missing = |key: &str, env: &str| {
            HubError::Config(format!(
                "`{key}` is not set: set it in the config file or {env}"
            ))
        };
        if self.database_url.is_empty() {
            return Err(missing("database_url", "QUARRY_HUB_DATABASE_URL"));
        }
        if self.oidc.issuer.is_empty() {
            return Err(missing("oidc.issuer", "QUARRY_HUB_OIDC_ISSUER"));
        }
        if self.oidc.audience.is_empty() {
            return Err(missing("oidc.audience", "QUARRY_HUB_OIDC_AUDIENCE"));
        }
        if self.object_store.is_empty() {
            return Err(missing("object_store", "QUARRY_HUB_OBJECT_STORE"));
        }
        let rates = [
            self.rate_limit.user_per_second,
            self.rate_limit.tenant_per_second,
        ];
        if rates.iter().any(|r| !r.is_finite() || *r < 0.0) {
            return Err(HubError::Config(
                "rate_limit rates must be 0 (unlimited) or a positive number".into(),
            ));
        }
        if self.database_max_connections == 0 {
            return Err(HubError::Config(
                "database_max_connections must be at least 1".into(),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_then_environment() {
        let mut config: Config = toml::from_str(
            r#"
            listen = "0.0.0.0:9000"
            database_url = "postgres://file"
            [oidc]
            issuer = "https://idp.example"
            audience = "https://hub.example"
            [rate_limit]
            user_burst = 5
            "#,
        )
        .expect("valid TOML");
        config
            .apply_env(|name| match name {
                "QUARRY_HUB_DATABASE_URL" => Some("postgres://env".into()),
                "QUARRY_HUB_RATE_USER_PER_SECOND" => Some("2.5".into()),
                _ => None,
            })
            .expect("valid env");
        config.validate().expect("complete");
        assert_eq!(config.listen.port(), 9000);
        assert_eq!(config.database_url, "postgres://env");
        assert_eq!(config.rate_limit.user_burst, 5);
        assert_eq!(config.rate_limit.user_per_second, 2.5);
        assert_eq!(config.oidc.tenant_claim, "tenant");
    }

    #[test]
    fn missing_and_unknown_keys_are_named() {
        let err = Config::default().validate().expect_err("incomplete");
        assert!(err.to_string().contains("QUARRY_HUB_DATABASE_URL"), "{err}");
        let err = toml::from_str::<Config>("listn = \"x\"").expect_err("typo");
        assert!(err.to_string().contains("listn"), "{err}");
        let mut config = Config::default();
        let err = config
            .apply_env(|n| (n == "QUARRY_HUB_LISTEN").then(|| "nowhere".into()))
            .expect_err("bad address");
        assert!(err.to_string().contains("QUARRY_HUB_LISTEN"), "{err}");
    }
}
