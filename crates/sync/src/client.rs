//! The HTTP client for the hub: bearer tokens (one refresh on 401), retries with backoff and
//! jitter on timeouts, connection failures and 5xx, and the hub's `Retry-After` on 429/503.

use std::future::Future;

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{Result, SyncError};
use crate::retry::{RetryPolicy, retry_after};

/// Where access tokens come from (the desktop app adapts quarry-auth's sessions).
pub trait TokenSource: Send + Sync {
    /// A current access token.
    fn token(&self) -> impl Future<Output = Result<String>> + Send;
    /// The hub refused `rejected`: a fresh token (asked at most once per request).
    fn refresh(&self, rejected: &str) -> impl Future<Output = Result<String>> + Send;
}

/// A token that never changes (scripts, tests); a refusal is final.
pub struct StaticToken(pub String);

impl TokenSource for StaticToken {
    async fn token(&self) -> Result<String> {
        Ok(self.0.clone())
    }

    async fn refresh(&self, _rejected: &str) -> Result<String> {
        Err(SyncError::Unauthorized)
    }
}

/// One request, replayable across retries.
#[derive(Clone, Debug)]
pub struct Call {
    method: Method,
    path: String,
    headers: Vec<(&'static str, String)>,
    body: Option<(Bytes, &'static str)>,
}

impl Call {
    /// `method` on `path` (relative to the hub's URL).
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        Self {
            method,
            path: path.into(),
            headers: Vec::new(),
            body: None,
        }
    }

    /// Adds a header.
    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    /// Sends `body` as JSON.
    pub fn json(mut self, body: &impl Serialize) -> Result<Self> {
        let bytes = serde_json::to_vec(body).map_err(|e| SyncError::Protocol(e.to_string()))?;
        self.body = Some((Bytes::from(bytes), "application/json"));
        Ok(self)
    }

    /// Sends `body` as bytes of `content_type`.
    pub fn bytes(mut self, body: Bytes, content_type: &'static str) -> Self {
        self.body = Some((body, content_type));
        self
    }
}

/// A complete answer.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Answer {
    /// The body as `T`.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T> {
        serde_json::from_slice(&self.body).map_err(|e| {
            SyncError::Protocol(format!("{e} in {}", String::from_utf8_lossy(&self.body)))
        })
    }

    /// The answer as an error: the problem's `detail` when the hub sent one.
    pub fn error(&self) -> SyncError {
        let detail = serde_json::from_slice::<serde_json::Value>(&self.body)
            .ok()
            .and_then(|v| v["detail"].as_str().map(str::to_string))
            .unwrap_or_else(|| String::from_utf8_lossy(&self.body).into_owned());
        SyncError::Hub {
            status: self.status.as_u16(),
            detail,
        }
    }

    /// A header as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The `ETag` as a version number.
    pub fn version(&self) -> Option<i32> {
        self.header("etag")?.trim_matches('"').parse().ok()
    }
}

/// The hub, as seen by one signed-in user.
pub struct HubClient<T> {
    base: String,
    http: reqwest::Client,
    tokens: T,
    policy: RetryPolicy,
}

impl<T: TokenSource> HubClient<T> {
    /// A client for the hub at `base_url`.
    pub fn new(base_url: &str, tokens: T, policy: RetryPolicy) -> Result<Self> {
        let http = reqwest::Client::builder()
            .timeout(policy.request_timeout)
            .build()
            .map_err(|e| SyncError::Protocol(format!("HTTP client: {e}")))?;
        Ok(Self {
            base: base_url.trim_end_matches('/').to_string(),
            http,
            tokens,
            policy,
        })
    }

    /// The token source.
    pub fn tokens(&self) -> &T {
        &self.tokens
    }

    /// The retry limits in force.
    pub fn policy(&self) -> &RetryPolicy {
        &self.policy
    }

    /// Sends `call` (retrying as needed) and reads the whole answer. Any status may come back;
    /// [`Answer::error`] turns unexpected ones into errors.
    pub async fn call(&self, call: &Call) -> Result<Answer> {
        self.run(call, |response| async move {
            let status = response.status();
            let headers = response.headers().clone();
            let body = response.bytes().await?;
            Ok(Answer {
                status,
                headers,
                body,
            })
        })
        .await
    }

    /// Sends `call` and answers once the headers are in; the body is the caller's to stream.
    pub async fn open(&self, call: &Call) -> Result<reqwest::Response> {
        self.run(call, |response| async move { Ok(response) }).await
    }

    async fn run<R, F, Fut>(&self, call: &Call, finish: F) -> Result<R>
    where
        F: Fn(reqwest::Response) -> Fut,
        Fut: Future<Output = std::result::Result<R, reqwest::Error>>,
    {
        let mut token = self.tokens.token().await?;
        let mut refreshed = false;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let last = attempt >= self.policy.attempts;
            let failure = match self.request(call, &token).send().await {
                Ok(response) => {
                    let status = response.status();
                    if status == StatusCode::UNAUTHORIZED {
                        if refreshed {
                            return Err(SyncError::Unauthorized);
                        }
                        token = self.tokens.refresh(&token).await?;
                        refreshed = true;
                        attempt -= 1;
                        continue;
                    }
                    let transient = status == StatusCode::TOO_MANY_REQUESTS
                        || matches!(status.as_u16(), 500 | 502 | 503 | 504);
                    if !transient || last {
                        if last && matches!(status.as_u16(), 502..=504) {
                            return Err(SyncError::Offline(format!("the hub answered {status}")));
                        }
                        match finish(response).await {
                            Ok(result) => return Ok(result),
                            Err(e) if last => return Err(SyncError::Offline(e.to_string())),
                            Err(e) => (e.to_string(), None),
                        }
                    } else {
                        (
                            format!("the hub answered {status}"),
                            retry_after(response.headers()),
                        )
                    }
                }
                Err(e) if last => return Err(SyncError::Offline(e.to_string())),
                Err(e) => (e.to_string(), None),
            };
            let (reason, wait) = failure;
            let delay = self.policy.delay(attempt, wait);
            tracing::debug!(%reason, attempt, ?delay, path = %call.path, "retrying a hub request");
            tokio::time::sleep(delay).await;
        }
    }

    fn request(&self, call: &Call, token: &str) -> reqwest::RequestBuilder {
        let mut request = self
            .http
            .request(call.method.clone(), format!("{}{}", self.base, call.path))
            .bearer_auth(token);
        for (name, value) in &call.headers {
            request = request.header(*name, value);
        }
        if let Some((body, content_type)) = &call.body {
            request = request
                .header(reqwest::header::CONTENT_TYPE, *content_type)
                .body(body.clone());
        }
        request
    }
}
