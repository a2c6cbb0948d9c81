//! The scenarios, one module per area.

mod audit;
mod authentication;
mod changes;
mod comments;
mod documents;
mod idempotency;
mod openapi;
mod rate_limits;
mod snapshots;
mod tenancy;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// A JWT's header and claims, decoded (not verified).
pub fn jwt_parts(token: &str) -> (serde_json::Value, serde_json::Value) {
    let mut parts = token.split('.');
    let mut decode = || {
        let part = parts.next().expect("a JWT part");
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).expect("base64url")).expect("JSON")
    };
    (decode(), decode())
}

/// Re-encodes a JWT with `header` and `claims`, keeping `signature`.
pub fn jwt_with(header: &serde_json::Value, claims: &serde_json::Value, signature: &str) -> String {
    let encode =
        |v: &serde_json::Value| URL_SAFE_NO_PAD.encode(serde_json::to_vec(v).expect("JSON"));
    format!("{}.{}.{signature}", encode(header), encode(claims))
}
