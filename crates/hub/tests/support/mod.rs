//! Real components for the hub's tests: an ephemeral PostgreSQL cluster, the OpenID provider,
//! and a hub started in-process on a fresh database for each test.

#![allow(dead_code, unused_imports)] // each test binary uses part of this

pub mod postgres;
pub mod provider;
pub mod s3;
pub mod sse;

use std::time::Duration;

use quarry_hub::config::RateLimitConfig;
use quarry_hub::{Config, RunningHub};
use reqwest::{Method, RequestBuilder, StatusCode};
use serde_json::Value;

pub use provider::{HUB_AUDIENCE, OTHER_AUDIENCE, Provider};

/// A hub on its own database and object store.
pub struct TestHub {
    pub url: String,
    pub database_url: String,
    hub: Option<RunningHub>,
    objects: Objects,
    http: reqwest::Client,
}

/// Where a test hub keeps snapshot files.
enum Objects {
    Directory(tempfile::TempDir),
    /// A bucket on the run's S3 server, under `prefix`.
    S3 {
        bucket: String,
        prefix: String,
    },
}

impl TestHub {
    /// A hub trusting the shared provider, without rate limits.
    pub async fn start() -> Self {
        Self::start_with(provider::shared(), |_| {}).await
    }

    /// A hub trusting `provider`, with `adjust` applied to its configuration.
    pub async fn start_with(provider: &Provider, adjust: impl FnOnce(&mut Config)) -> Self {
        Self::start_trusting(&provider.issuer, adjust).await
    }

    /// A hub trusting the shared provider, without rate limits, that keeps snapshots in a
    /// fresh bucket of the run's S3 server.
    pub async fn start_on_s3() -> Self {
        let server = tokio::task::spawn_blocking(s3::server)
            .await
            .expect("start the S3 server");
        let bucket = server.create_bucket().await;
        let objects = Objects::S3 {
            bucket,
            prefix: "snapshots".into(),
        };
        Self::start_storing(provider::shared().issuer.as_str(), objects, |_| {}).await
    }

    /// A hub trusting the OpenID provider `issuer` (e.g. the desktop's test provider), with
    /// `adjust` applied to its configuration.
    pub async fn start_trusting(issuer: &str, adjust: impl FnOnce(&mut Config)) -> Self {
        let objects = Objects::Directory(tempfile::tempdir().expect("object store directory"));
        Self::start_storing(issuer, objects, adjust).await
    }

    async fn start_storing(
        issuer: &str,
        objects: Objects,
        adjust: impl FnOnce(&mut Config),
    ) -> Self {
        init_logs();
        let database_url = tokio::task::spawn_blocking(|| postgres::cluster().create_database())
            .await
            .expect("create a database");
        let mut config = Config {
            listen: "127.0.0.1:0".parse().expect("address"),
            database_url: database_url.clone(),
            database_max_connections: 20,
            ..Config::default()
        };
        match &objects {
            Objects::Directory(dir) => config.object_store = dir.path().display().to_string(),
            Objects::S3 { bucket, prefix } => {
                config.object_store = format!("s3://{bucket}/{prefix}");
                config.object_store_options = s3::server().options();
            }
        }
        config.oidc.issuer = issuer.to_string();
        config.oidc.audience = HUB_AUDIENCE.into();
        config.oidc.leeway_seconds = 0;
        config.oidc.jwks_min_refresh_seconds = 0;
        config.rate_limit = RateLimitConfig {
            user_per_second: 0.0,
            user_burst: 1,
            tenant_per_second: 0.0,
            tenant_burst: 1,
        };
        adjust(&mut config);
        config.validate().expect("a valid test configuration");
        let hub = quarry_hub::start(config).await.expect("start the hub");
        Self {
            url: hub.url(),
            database_url,
            hub: Some(hub),
            objects,
            http: reqwest::Client::new(),
        }
    }

    /// How many snapshot files the object store holds, counted by the store itself (the
    /// directory tree, or a bucket listing), not through the hub.
    pub async fn stored_objects(&self) -> usize {
        match &self.objects {
            Objects::Directory(dir) => files_under(dir.path()),
            Objects::S3 { bucket, prefix } => s3::server()
                .keys(bucket)
                .await
                .iter()
                .filter(|key| key.starts_with(&format!("{prefix}/")))
                .count(),
        }
    }

    /// A client calling as the holder of `token`.
    pub fn client(&self, token: &str) -> Api {
        Api {
            base: self.url.clone(),
            token: Some(token.to_string()),
            http: self.http.clone(),
        }
    }

    /// A client without a token.
    pub fn anonymous(&self) -> Api {
        Api {
            base: self.url.clone(),
            token: None,
            http: self.http.clone(),
        }
    }

    /// A client signed in as `login` at the shared provider.
    pub async fn user(&self, login: &str) -> Api {
        self.client(&provider::shared().token(login).await)
    }

    /// Stops the hub (live streams end).
    pub async fn stop(mut self) {
        if let Some(hub) = self.hub.take() {
            hub.stop().await.expect("stop the hub");
        }
    }
}

/// An HTTP client for the hub's API.
#[derive(Clone)]
pub struct Api {
    pub base: String,
    token: Option<String>,
    http: reqwest::Client,
}

/// A response's status, headers and JSON body (`Null` when empty or not JSON).
pub struct Reply {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl Reply {
    /// A header as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// `body[key]` as a string.
    pub fn str(&self, key: &str) -> &str {
        self.body[key]
            .as_str()
            .unwrap_or_else(|| panic!("no string {key:?} in {}", self.body))
    }
}

impl Api {
    /// A request to `path` with the bearer token.
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        let request = self
            .http
            .request(method, format!("{}{path}", self.base))
            .timeout(Duration::from_secs(30));
        match &self.token {
            Some(token) => request.bearer_auth(token),
            None => request,
        }
    }

    /// Sends `request` and reads the reply.
    pub async fn send(&self, request: RequestBuilder) -> Reply {
        let response = request.send().await.expect("request to the hub");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.bytes().await.expect("response body");
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Reply {
            status,
            headers,
            body,
        }
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.send(self.request(Method::GET, path)).await
    }

    pub async fn post(&self, path: &str, body: &Value) -> Reply {
        self.send(self.request(Method::POST, path).json(body)).await
    }

    pub async fn put(&self, path: &str, body: &Value) -> Reply {
        self.send(self.request(Method::PUT, path).json(body)).await
    }

    pub async fn delete(&self, path: &str) -> Reply {
        self.send(self.request(Method::DELETE, path)).await
    }

    /// Creates a workspace and answers its id.
    pub async fn workspace(&self, name: &str) -> String {
        let reply = self
            .post("/workspaces", &serde_json::json!({ "name": name }))
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
        reply.str("id").to_string()
    }

    /// Creates a report in `workspace` and answers its id.
    pub async fn report(&self, workspace: &str, body: Value) -> String {
        let reply = self
            .post(
                &format!("/workspaces/{workspace}/documents"),
                &serde_json::json!({ "kind": "report", "title": "Report", "body": body }),
            )
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
        reply.str("id").to_string()
    }

    /// Adds `user` (who must have called the hub once) to `workspace` as `role`.
    pub async fn add_member(&self, workspace: &str, user: &str, role: &str) {
        let reply = self
            .put(
                &format!("/workspaces/{workspace}/members"),
                &serde_json::json!({ "user": user, "role": role }),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    }
}

/// Hub logs on stderr when `QUARRY_HUB_TEST_LOG` is set (an env-filter such as `debug`).
fn init_logs() {
    if let Ok(filter) = std::env::var("QUARRY_HUB_TEST_LOG") {
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
            .with_test_writer()
            .try_init();
    }
}

/// Files under `dir`, at any depth.
fn files_under(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| match e.file_type() {
                    Ok(t) if t.is_dir() => files_under(&e.path()),
                    _ => 1,
                })
                .sum()
        })
        .unwrap_or(0)
}
