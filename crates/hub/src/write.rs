//! One write: a tenant transaction that claims the idempotency key, records the change and the
//! audit entry, and stores its response for replays, all committed together.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use sqlx::PgConnection;

use crate::audit::{self, AuditEvent};
use crate::auth::Caller;
use crate::db::TenantTx;
use crate::error::{HubError, Result};
use crate::feed::{self, NewChange};
use crate::idempotency::{self, StoredResponse};
use crate::state::AppState;

/// How a write starts.
pub enum Begun {
    /// The idempotency key was used before: answer this, write nothing.
    Replay(Response),
    /// Go ahead.
    Fresh(Write),
}

/// An open write.
pub struct Write {
    tx: TenantTx,
    caller: Caller,
    key: Option<String>,
}

/// The response of a write.
pub struct Reply {
    pub status: StatusCode,
    pub etag: Option<String>,
    pub location: Option<String>,
    pub body: serde_json::Value,
}

impl Reply {
    /// `status` with `body` as JSON.
    pub fn json(status: StatusCode, body: &impl Serialize) -> Result<Self> {
        let body = serde_json::to_value(body)
            .map_err(|e| HubError::Internal(format!("serialize a response: {e}")))?;
        Ok(Self {
            status,
            etag: None,
            location: None,
            body,
        })
    }

    /// 204 No Content.
    pub fn no_content() -> Self {
        Self {
            status: StatusCode::NO_CONTENT,
            etag: None,
            location: None,
            body: serde_json::Value::Null,
        }
    }

    /// Adds `ETag: "<version>"`.
    pub fn version(mut self, version: i32) -> Self {
        self.etag = Some(format!("\"{version}\""));
        self
    }

    /// Adds `Location`.
    pub fn location(mut self, location: String) -> Self {
        self.location = Some(location);
        self
    }

    fn stored(&self) -> StoredResponse {
        StoredResponse {
            status: self.status.as_u16(),
            etag: self.etag.clone(),
            location: self.location.clone(),
            body: self.body.clone(),
        }
    }
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        let mut response = if self.status == StatusCode::NO_CONTENT {
            self.status.into_response()
        } else {
            (self.status, axum::Json(self.body)).into_response()
        };
        let headers = response.headers_mut();
        for (name, value) in [(header::ETAG, self.etag), (header::LOCATION, self.location)] {
            if let Some(value) = value.and_then(|v| HeaderValue::from_str(&v).ok()) {
                headers.insert(name, value);
            }
        }
        response
    }
}

impl Write {
    /// Opens the transaction and claims `key`; `fingerprint` identifies the request (see
    /// [`idempotency::fingerprint`]).
    pub async fn begin(
        state: &AppState,
        caller: &Caller,
        key: Option<String>,
        fingerprint: &str,
    ) -> Result<Begun> {
        let mut tx = state.db.begin_tenant(caller.tenant_id).await?;
        if let Some(key) = &key
            && let Some(stored) = idempotency::claim(&mut tx, caller, key, fingerprint).await?
        {
            let status = StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK);
            let mut response = Reply {
                status,
                etag: stored.etag,
                location: stored.location,
                body: stored.body,
            }
            .into_response();
            response
                .headers_mut()
                .insert("idempotent-replayed", HeaderValue::from_static("true"));
            return Ok(Begun::Replay(response));
        }
        Ok(Begun::Fresh(Self {
            tx,
            caller: caller.clone(),
            key,
        }))
    }

    /// The transaction's connection.
    pub fn conn(&mut self) -> &mut PgConnection {
        &mut self.tx
    }

    /// Appends to the change feed.
    pub async fn change(&mut self, change: NewChange) -> Result<i64> {
        feed::record(&mut self.tx, &self.caller, change).await
    }

    /// Appends to the audit log.
    pub async fn audit(&mut self, event: AuditEvent) -> Result<()> {
        audit::record(&mut self.tx, &self.caller, event).await
    }

    /// Stores the reply for replays, commits, and answers it.
    pub async fn finish(mut self, reply: Reply) -> Result<Response> {
        if let Some(key) = &self.key {
            idempotency::store(&mut self.tx, &self.caller, key, &reply.stored()).await?;
        }
        self.tx.commit().await?;
        Ok(reply.into_response())
    }
}
