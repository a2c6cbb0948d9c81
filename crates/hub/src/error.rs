//! The hub's one error type and its JSON problem responses (RFC 9457).

use std::time::Duration;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

/// Everything that can go wrong in the hub. Each message tells the caller what to do next.
#[derive(Debug, thiserror::Error)]
pub enum HubError {
    /// The configuration (file or environment) is unusable.
    #[error("configuration: {0}")]
    Config(String),
    /// No usable bearer token: missing, malformed, expired, forged or for another audience.
    #[error("{0}")]
    Unauthenticated(String),
    /// Authenticated, but the caller's role does not allow this.
    #[error("{0}")]
    Forbidden(String),
    /// The resource does not exist for this caller (other tenants' ids look the same).
    #[error("{0} not found: check the id, and that you are a member of its workspace")]
    NotFound(&'static str),
    /// No route has this path.
    #[error("no such route: see /openapi.json for the hub's API")]
    NoRoute,
    /// The request is malformed.
    #[error("{0}")]
    BadRequest(String),
    /// The request is well-formed but cannot be applied as it stands.
    #[error("{0}")]
    Unprocessable(String),
    /// A write that must name the version it replaces did not (`If-Match` is missing).
    #[error(
        "send `If-Match: \"<version>\"` with the version you edited (GET the object for its ETag)"
    )]
    PreconditionRequired,
    /// `If-Match` named a version that is no longer current.
    #[error(
        "version {expected} is no longer current (the object is at version {current}): fetch it, \
         merge your change and retry with `If-Match: \"{current}\"`"
    )]
    VersionMismatch { expected: i32, current: i32 },
    /// The write conflicts with the object's state in another way.
    #[error("{0}")]
    Conflict(String),
    /// The body is larger than the configured limit.
    #[error("{0}")]
    PayloadTooLarge(String),
    /// The `Range` header asks for bytes past the end of the object.
    #[error("the requested range is outside the object ({size} bytes); ask for bytes 0-{}", size.saturating_sub(1))]
    RangeNotSatisfiable { size: u64 },
    /// Too many requests from this user or tenant.
    #[error("too many requests for this {scope}: retry after {} s", retry_after.as_secs().max(1))]
    RateLimited {
        scope: &'static str,
        retry_after: Duration,
    },
    /// The identity provider (discovery or JWKS) could not be reached or answered nonsense.
    #[error("the identity provider is unavailable ({0}); retry shortly")]
    IdentityProvider(String),
    /// The database failed.
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    /// Migrations failed.
    #[error("database migration: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    /// The object store failed.
    #[error("object store: {0}")]
    ObjectStore(#[from] object_store::Error),
    /// A local I/O operation failed (binding the listener, reading the config).
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
    /// A bug: a state the hub should never reach.
    #[error("internal error: {0}")]
    Internal(String),
}

/// The JSON body of every error response (`application/problem+json`).
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// A stable identifier of the kind of problem, e.g. `urn:quarry:hub:version-mismatch`.
    #[serde(rename = "type")]
    pub kind: String,
    /// A short, human-readable summary of the kind of problem.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong and what to do about it.
    pub detail: String,
    /// For version mismatches: the object's current version.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_version: Option<i32>,
    /// For rate limits: seconds until a retry can succeed (also in `Retry-After`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
}

impl HubError {
    /// The HTTP status this error answers with.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::NotFound(_) | Self::NoRoute => StatusCode::NOT_FOUND,
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::PreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
            Self::VersionMismatch { .. } => StatusCode::PRECONDITION_FAILED,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::RangeNotSatisfiable { .. } => StatusCode::RANGE_NOT_SATISFIABLE,
            Self::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::IdentityProvider(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Database(sqlx::Error::PoolTimedOut) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Config(_)
            | Self::Database(_)
            | Self::Migration(_)
            | Self::ObjectStore(_)
            | Self::Io { .. }
            | Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            Self::Config(_) => "config",
            Self::Unauthenticated(_) => "unauthenticated",
            Self::Forbidden(_) => "forbidden",
            Self::NotFound(_) | Self::NoRoute => "not-found",
            Self::BadRequest(_) => "bad-request",
            Self::Unprocessable(_) => "unprocessable",
            Self::PreconditionRequired => "precondition-required",
            Self::VersionMismatch { .. } => "version-mismatch",
            Self::Conflict(_) => "conflict",
            Self::PayloadTooLarge(_) => "payload-too-large",
            Self::RangeNotSatisfiable { .. } => "range-not-satisfiable",
            Self::RateLimited { .. } => "rate-limited",
            Self::IdentityProvider(_) => "identity-provider-unavailable",
            Self::Database(_) | Self::Migration(_) => "database",
            Self::ObjectStore(_) => "object-store",
            Self::Io { .. } | Self::Internal(_) => "internal",
        }
    }

    /// Wraps an I/O error with what the hub was doing.
    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Self::Io {
            context: context.into(),
            source,
        }
    }

    fn problem(&self) -> Problem {
        let status = self.status();
        // Server-side failures are logged in full; the caller gets no internals.
        let detail = if status.is_server_error() && status != StatusCode::SERVICE_UNAVAILABLE {
            "the hub failed to handle this request; it has been logged, retry later".to_string()
        } else if let Self::Database(sqlx::Error::PoolTimedOut) = self {
            "the hub is overloaded (no database connection free); retry shortly".to_string()
        } else {
            self.to_string()
        };
        Problem {
            kind: format!("urn:quarry:hub:{}", self.kind()),
            title: status.canonical_reason().unwrap_or("Error").to_string(),
            status: status.as_u16(),
            detail,
            current_version: match self {
                Self::VersionMismatch { current, .. } => Some(*current),
                _ => None,
            },
            retry_after: match self {
                Self::RateLimited { retry_after, .. } => Some(retry_seconds(*retry_after)),
                _ => None,
            },
        }
    }
}

/// Whole seconds to wait, rounded up, never 0.
pub fn retry_seconds(wait: Duration) -> u64 {
    let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    secs.max(1)
}

impl IntoResponse for HubError {
    fn into_response(self) -> Response {
        let status = self.status();
        if status.is_server_error() {
            tracing::error!(error = %self, "request failed");
        } else {
            tracing::debug!(error = %self, status = status.as_u16(), "request refused");
        }
        let problem = self.problem();
        let body = serde_json::to_vec(&problem).unwrap_or_default();
        let mut response = (status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        match &self {
            Self::Unauthenticated(message) => {
                let value = format!(
                    "Bearer realm=\"quarry-hub\", error=\"invalid_token\", error_description=\"{}\"",
                    message.replace(['"', '\\'], "'")
                );
                if let Ok(value) = HeaderValue::from_str(&value) {
                    headers.insert(header::WWW_AUTHENTICATE, value);
                }
            }
            Self::RateLimited { retry_after, .. } => {
                headers.insert(header::RETRY_AFTER, retry_seconds(*retry_after).into());
            }
            Self::RangeNotSatisfiable { size } => {
                if let Ok(value) = HeaderValue::from_str(&format!("bytes */{size}")) {
                    headers.insert(header::CONTENT_RANGE, value);
                }
            }
            _ => {}
        }
        response
    }
}

/// The hub's result type.
pub type Result<T, E = HubError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_rounds_up_to_whole_seconds() {
        assert_eq!(retry_seconds(Duration::from_millis(1)), 1);
        assert_eq!(retry_seconds(Duration::from_millis(1000)), 1);
        assert_eq!(retry_seconds(Duration::from_millis(1001)), 2);
        assert_eq!(retry_seconds(Duration::ZERO), 1);
    }

    #[test]
    fn server_errors_hide_their_internals() {
        let problem = HubError::Internal("secret detail".into()).problem();
        assert_eq!(problem.status, 500);
        assert!(!problem.detail.contains("secret"));
        let problem = HubError::VersionMismatch {
            expected: 2,
            current: 3,
        }
        .problem();
        assert_eq!(problem.status, 412);
        assert_eq!(problem.current_version, Some(3));
        assert!(problem.detail.contains("If-Match: \"3\""));
    }
}
