//! Idempotency keys: a write sent with `Idempotency-Key` is applied once; a retry with the same
//! key (by the same user) gets the first response back, and writes nothing.
//!
//! The key's row is inserted in the write's own transaction before anything else, so a retry
//! that races the original waits on the row's lock and then sees the stored response.

use std::time::Duration;

use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};
use sqlx::PgConnection;

use crate::auth::Caller;
use crate::db::Db;
use crate::error::{HubError, Result};

/// How long a key is remembered.
pub const RETENTION: Duration = Duration::from_secs(24 * 3600);

/// A response stored for replay.
#[derive(Clone, Debug)]
pub struct StoredResponse {
    pub status: u16,
    pub etag: Option<String>,
    pub location: Option<String>,
    pub body: Value,
}

/// A digest of what a request asks for; a key reused for a different request is refused.
pub fn fingerprint(method: &str, path: &str, body: &impl Serialize) -> String {
    let mut hasher = Sha256::new();
    hasher.update(method.as_bytes());
    hasher.update(b"\n");
    hasher.update(path.as_bytes());
    hasher.update(b"\n");
    hasher.update(serde_json::to_vec(body).unwrap_or_default());
    crate::storage::hex(&hasher.finalize())
}

/// Claims `key` for this request: `None` when it is new (the write goes ahead), or the
/// response of the request that used it first.
pub async fn claim(
    conn: &mut PgConnection,
    caller: &Caller,
    key: &str,
    fingerprint: &str,
) -> Result<Option<StoredResponse>> {
    let inserted = sqlx::query(
        "insert into idempotency_keys (tenant_id, user_id, key, fingerprint, status, body)
         values ($1, $2, $3, $4, 0, 'null')
         on conflict do nothing",
    )
    .bind(caller.tenant_id)
    .bind(caller.user_id)
    .bind(key)
    .bind(fingerprint)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if inserted == 1 {
        return Ok(None);
    }
    let (stored_fingerprint, status, etag, location, body): (
        String,
        i16,
        Option<String>,
        Option<String>,
        Value,
    ) = sqlx::query_as(
        "select fingerprint, status, etag, location, body from idempotency_keys
         where tenant_id = $1 and user_id = $2 and key = $3",
    )
    .bind(caller.tenant_id)
    .bind(caller.user_id)
    .bind(key)
    .fetch_one(&mut *conn)
    .await?;
    if stored_fingerprint != fingerprint {
        return Err(HubError::Unprocessable(
            "this Idempotency-Key was used for a different request: use a new key for every \
             distinct write"
                .into(),
        ));
    }
    Ok(Some(StoredResponse {
        status: u16::try_from(status).unwrap_or(200),
        etag,
        location,
        body,
    }))
}

/// Stores the response of the write that claimed `key`.
pub async fn store(
    conn: &mut PgConnection,
    caller: &Caller,
    key: &str,
    response: &StoredResponse,
) -> Result<()> {
    sqlx::query(
        "update idempotency_keys set status = $4, etag = $5, location = $6, body = $7
         where tenant_id = $1 and user_id = $2 and key = $3",
    )
    .bind(caller.tenant_id)
    .bind(caller.user_id)
    .bind(key)
    .bind(i16::try_from(response.status).unwrap_or(200))
    .bind(&response.etag)
    .bind(&response.location)
    .bind(&response.body)
    .execute(conn)
    .await?;
    Ok(())
}

/// Forgets keys older than [`RETENTION`], tenant by tenant (row-level security shows one
/// tenant's keys at a time).
pub async fn expire(db: &Db) -> Result<u64> {
    let tenants: Vec<uuid::Uuid> = sqlx::query_scalar("select id from tenants")
        .fetch_all(db.pool())
        .await?;
    let mut removed = 0;
    for tenant in tenants {
        let mut tx = db.begin_tenant(tenant).await?;
        removed += sqlx::query(
            "delete from idempotency_keys
             where tenant_id = $1 and created_at < now() - make_interval(secs => $2)",
        )
        .bind(tenant)
        .bind(RETENTION.as_secs_f64())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
    }
    Ok(removed)
}

/// Checks the `Idempotency-Key` header's value: 1 to 255 visible ASCII characters.
pub fn validate_key(value: &str) -> Result<()> {
    let ok = !value.is_empty() && value.len() <= 255 && value.bytes().all(|b| b.is_ascii_graphic());
    if ok {
        Ok(())
    } else {
        Err(HubError::BadRequest(
            "Idempotency-Key must be 1 to 255 visible ASCII characters (a UUID is ideal)".into(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_tell_requests_apart() {
        let a = fingerprint("PUT", "/x", &serde_json::json!({"a": 1}));
        assert_eq!(a, fingerprint("PUT", "/x", &serde_json::json!({"a": 1})));
        assert_ne!(a, fingerprint("PUT", "/x", &serde_json::json!({"a": 2})));
        assert_ne!(a, fingerprint("POST", "/x", &serde_json::json!({"a": 1})));
    }

    #[test]
    fn keys_are_visible_ascii() {
        assert!(validate_key("2f1c-key").is_ok());
        assert!(validate_key("").is_err());
        assert!(validate_key("has space").is_err());
        assert!(validate_key(&"k".repeat(256)).is_err());
    }
}
