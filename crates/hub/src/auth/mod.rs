//! Authentication: bearer access tokens checked against the IdP, rate limits, the [`Caller`]
//! every handler receives, and an audit entry for every request refused for lack of a role.

mod identity;
mod jwks;
mod token;

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::{HeaderMap, StatusCode, header, request::Parts};
use axum::middleware::Next;
use axum::response::Response;
use uuid::Uuid;

pub use identity::Directory;
pub use token::{TokenVerifier, VerifiedToken};

use crate::audit::{self, AuditEvent};
use crate::error::{HubError, Result};
use crate::state::AppState;

/// The authenticated caller of a request.
#[derive(Clone, Debug)]
pub struct Caller {
    /// The tenant's database id.
    pub tenant_id: Uuid,
    /// The user's database id.
    pub user_id: Uuid,
    /// The token's tenant claim.
    pub tenant: String,
    /// The token's `sub`.
    pub subject: String,
    /// The name @mentions use.
    pub username: String,
    /// An Admin of the tenant: every workspace, and the audit log.
    pub is_admin: bool,
    /// Where the request came from (the peer address, or the proxy's `X-Forwarded-For`).
    pub remote_addr: String,
    /// The `User-Agent` header.
    pub user_agent: Option<String>,
    /// When the access token expires (seconds since the epoch); live streams end then.
    pub token_expires_at: i64,
}

/// Middleware: authenticates the request, applies the rate limits and stores the [`Caller`].
pub async fn authenticate(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Result<Response> {
    let token = bearer_token(request.headers())?;
    let VerifiedToken {
        identity,
        expires_at,
    } = state.verifier.verify(token).await?;
    state.limiter.check(&identity.tenant, &identity.subject)?;
    let ids = state.directory.resolve(&identity).await?;
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip().to_string());
    let forwarded = state
        .config
        .trust_forwarded_for
        .then(|| last_forwarded_for(request.headers()))
        .flatten();
    let caller = Caller {
        tenant_id: ids.tenant_id,
        user_id: ids.user_id,
        tenant: identity.tenant,
        subject: identity.subject,
        username: identity.username,
        is_admin: identity.is_admin,
        remote_addr: forwarded.or(peer).unwrap_or_else(|| "unknown".into()),
        user_agent: request
            .headers()
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.chars().take(256).collect()),
        token_expires_at: expires_at,
    };
    let attempt = format!("{} {}", request.method(), request.uri().path());
    request.extensions_mut().insert(caller.clone());
    let response = next.run(request).await;
    if response.status() == StatusCode::FORBIDDEN {
        audit_refusal(&state, &caller, attempt).await;
    }
    Ok(response)
}

/// Records a refused request (the caller lacked the role) in the tenant's audit log. A failure
/// to record is logged; the caller gets the refusal either way.
async fn audit_refusal(state: &AppState, caller: &Caller, attempt: String) {
    let event = AuditEvent {
        action: "access.denied",
        target_type: "request",
        target_id: Some(attempt),
        workspace_id: None,
        details: serde_json::json!({ "status": 403 }),
    };
    let recorded = async {
        let mut tx = state.db.begin_tenant(caller.tenant_id).await?;
        audit::record(&mut tx, caller, event).await?;
        tx.commit().await?;
        Ok::<_, HubError>(())
    };
    if let Err(error) = recorded.await {
        tracing::warn!(%error, "could not record a refused request in the audit log");
    }
}

fn bearer_token(headers: &HeaderMap) -> Result<&str> {
    let value = headers.get(header::AUTHORIZATION).ok_or_else(|| {
        HubError::Unauthenticated(
            "no access token: send `Authorization: Bearer <access token>`".into(),
        )
    })?;
    value
        .to_str()
        .ok()
        .and_then(|v| {
            let (scheme, token) = v.split_once(' ')?;
            scheme
                .eq_ignore_ascii_case("bearer")
                .then_some(token.trim())
        })
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            HubError::Unauthenticated(
                "the Authorization header is not `Bearer <access token>`".into(),
            )
        })
}

fn last_forwarded_for(headers: &HeaderMap) -> Option<String> {
    let value = headers.get("x-forwarded-for")?.to_str().ok()?;
    let last = value.rsplit(',').next()?.trim();
    last.parse::<std::net::IpAddr>()
        .ok()
        .map(|ip| ip.to_string())
}

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = HubError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self> {
        parts.extensions.get::<Caller>().cloned().ok_or_else(|| {
            HubError::Internal("a route that needs a caller is not behind authentication".into())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn bearer_tokens_are_read_case_insensitively() {
        let mut headers = HeaderMap::new();
        assert!(bearer_token(&headers).is_err());
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("bearer abc"),
        );
        assert_eq!(bearer_token(&headers).expect("token"), "abc");
        headers.insert(header::AUTHORIZATION, HeaderValue::from_static("Basic abc"));
        assert!(bearer_token(&headers).is_err());
        headers.insert(header::AUTHORIZATION, HeaderValue::from_static("Bearer "));
        assert!(bearer_token(&headers).is_err());
    }

    #[test]
    fn the_last_forwarded_address_is_the_proxys_peer() {
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-forwarded-for",
            HeaderValue::from_static("203.0.113.9, 198.51.100.7"),
        );
        assert_eq!(
            last_forwarded_for(&headers).as_deref(),
            Some("198.51.100.7")
        );
        headers.insert("x-forwarded-for", HeaderValue::from_static("garbage"));
        assert_eq!(last_forwarded_for(&headers), None);
    }
}
