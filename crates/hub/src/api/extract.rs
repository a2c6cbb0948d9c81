//! Request extractors whose rejections are the hub's problem responses.

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};

use crate::error::{HubError, Result};
use crate::idempotency;

/// A JSON body.
#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(HubError))]
pub struct Json<T>(pub T);

/// Path parameters.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(HubError))]
pub struct Path<T>(pub T);

/// Query parameters.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(HubError))]
pub struct Query<T>(pub T);

impl From<JsonRejection> for HubError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection.status() {
            StatusCode::PAYLOAD_TOO_LARGE => HubError::PayloadTooLarge(
                "the JSON body is larger than the hub accepts (limits.json_bytes)".into(),
            ),
            StatusCode::UNSUPPORTED_MEDIA_TYPE => HubError::BadRequest(
                "send the body as JSON with `Content-Type: application/json`".into(),
            ),
            _ => HubError::BadRequest(format!(
                "the JSON body is invalid: {}",
                rejection.body_text()
            )),
        }
    }
}

impl From<PathRejection> for HubError {
    fn from(rejection: PathRejection) -> Self {
        HubError::BadRequest(format!("the URL is invalid: {}", rejection.body_text()))
    }
}

impl From<QueryRejection> for HubError {
    fn from(rejection: QueryRejection) -> Self {
        HubError::BadRequest(format!(
            "the query string is invalid: {}",
            rejection.body_text()
        ))
    }
}

/// The `Idempotency-Key` header, if sent.
pub struct IdempotencyKey(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
    type Rejection = HubError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self> {
        let Some(value) = parts.headers.get("idempotency-key") else {
            return Ok(Self(None));
        };
        let value = value
            .to_str()
            .map_err(|_| HubError::BadRequest("Idempotency-Key must be visible ASCII".into()))?;
        idempotency::validate_key(value)?;
        Ok(Self(Some(value.to_string())))
    }
}

/// The `If-Match` precondition of a versioned write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IfMatch {
    /// No header.
    Absent,
    /// `*`: whatever the current version is.
    Any,
    /// `"<version>"`.
    Version(i32),
}

impl IfMatch {
    /// Reads the header.
    pub fn from_headers(headers: &HeaderMap) -> Result<Self> {
        let Some(value) = headers.get(header::IF_MATCH) else {
            return Ok(Self::Absent);
        };
        let value = value.to_str().unwrap_or_default().trim();
        if value == "*" {
            return Ok(Self::Any);
        }
        value
            .trim_start_matches("W/")
            .trim_matches('"')
            .parse()
            .map(Self::Version)
            .map_err(|_| {
                HubError::BadRequest(format!(
                    "If-Match {value:?} is not a version: send the ETag you received, e.g. \"3\""
                ))
            })
    }

    /// Checks a write against the object's `current` version; `required` writes must send one.
    pub fn check(self, current: i32, required: bool) -> Result<()> {
        match self {
            Self::Absent if required => Err(HubError::PreconditionRequired),
            Self::Version(expected) if expected != current => {
                Err(HubError::VersionMismatch { expected, current })
            }
            _ => Ok(()),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for IfMatch {
    type Rejection = HubError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self> {
        Self::from_headers(&parts.headers)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn if_match(value: &'static str) -> Result<IfMatch> {
        let mut headers = HeaderMap::new();
        headers.insert(header::IF_MATCH, HeaderValue::from_static(value));
        IfMatch::from_headers(&headers)
    }

    #[test]
    fn if_match_reads_etags() {
        assert_eq!(if_match("\"3\"").ok(), Some(IfMatch::Version(3)));
        assert_eq!(if_match("W/\"3\"").ok(), Some(IfMatch::Version(3)));
        assert_eq!(if_match("*").ok(), Some(IfMatch::Any));
        assert!(if_match("\"abc\"").is_err());
        assert_eq!(
            IfMatch::from_headers(&HeaderMap::new()).ok(),
            Some(IfMatch::Absent)
        );
    }

    #[test]
    fn preconditions() {
        assert!(matches!(
            IfMatch::Absent.check(2, true),
            Err(HubError::PreconditionRequired)
        ));
        assert!(IfMatch::Absent.check(2, false).is_ok());
        assert!(IfMatch::Any.check(2, true).is_ok());
        assert!(IfMatch::Version(2).check(2, true).is_ok());
        assert!(matches!(
            IfMatch::Version(1).check(2, true),
            Err(HubError::VersionMismatch {
                expected: 1,
                current: 2
            })
        ));
    }
}
