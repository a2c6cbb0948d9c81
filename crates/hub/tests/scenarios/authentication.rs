//! Access tokens: who they identify, and every way a token is refused with 401.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::StatusCode;
use serde_json::json;

use super::{jwt_parts, jwt_with};
use crate::support::{OTHER_AUDIENCE, Provider, TestHub, provider};

#[tokio::test]
async fn a_valid_token_names_the_user_and_tenant() {
    let hub = TestHub::start().await;
    let me = hub.user("alice@acme").await.get("/me").await;
    assert_eq!(me.status, StatusCode::OK, "{}", me.body);
    assert_eq!(me.body["tenant"], "acme");
    assert_eq!(me.body["username"], "alice");
    assert_eq!(me.body["subject"], "alice@acme");
    assert_eq!(me.body["is_admin"], false);
    let admin = hub.user("ada@acme").await.get("/me").await;
    assert_eq!(admin.body["is_admin"], true);
}

#[tokio::test]
async fn requests_without_a_usable_token_are_401() {
    let hub = TestHub::start().await;
    let none = hub.anonymous().get("/workspaces").await;
    assert_eq!(none.status, StatusCode::UNAUTHORIZED);
    assert!(
        none.header("www-authenticate")
            .is_some_and(|h| h.starts_with("Bearer"))
    );
    assert_eq!(none.body["type"], "urn:quarry:hub:unauthenticated");
    assert!(none.str("detail").contains("Authorization: Bearer"));
    let garbage = hub.client("not-a-jwt").get("/workspaces").await;
    assert_eq!(garbage.status, StatusCode::UNAUTHORIZED);
    // Probes and the API description need no token.
    assert_eq!(hub.anonymous().get("/healthz").await.status, StatusCode::OK);
    assert_eq!(hub.anonymous().get("/readyz").await.status, StatusCode::OK);
    assert_eq!(
        hub.anonymous().get("/no/such/route").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn forged_tokens_are_401() {
    let hub = TestHub::start().await;
    let token = provider::shared().token("alice@acme").await;
    let (header, claims) = jwt_parts(&token);
    let signature = token.rsplit('.').next().expect("signature");

    let mut elevated = claims.clone();
    elevated["sub"] = json!("ada@acme");
    elevated["roles"] = json!(["admin"]);
    let altered = hub
        .client(&jwt_with(&header, &elevated, signature))
        .get("/me")
        .await;
    assert_eq!(altered.status, StatusCode::UNAUTHORIZED);
    assert!(
        altered.str("detail").contains("signature"),
        "{}",
        altered.body
    );

    let mut unsigned_header = header.clone();
    unsigned_header["alg"] = json!("none");
    let unsigned = hub
        .client(&jwt_with(&unsigned_header, &claims, ""))
        .get("/me")
        .await;
    assert_eq!(unsigned.status, StatusCode::UNAUTHORIZED);

    let mut shared_secret = header.clone();
    shared_secret["alg"] = json!("HS256");
    let hmac = hub
        .client(&jwt_with(&shared_secret, &claims, signature))
        .get("/me")
        .await;
    assert_eq!(hmac.status, StatusCode::UNAUTHORIZED);
    assert!(hmac.str("detail").contains("asymmetric"), "{}", hmac.body);

    let mut unknown_key = header.clone();
    unknown_key["kid"] = json!("attacker-key");
    let unknown = hub
        .client(&jwt_with(&unknown_key, &claims, signature))
        .get("/me")
        .await;
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    assert!(
        unknown.str("detail").contains("attacker-key"),
        "{}",
        unknown.body
    );

    let mut id_token = header.clone();
    id_token["typ"] = json!("JWT");
    let not_access = hub
        .client(&jwt_with(&id_token, &claims, signature))
        .get("/me")
        .await;
    assert_eq!(not_access.status, StatusCode::UNAUTHORIZED);
    assert!(
        not_access.str("detail").contains("at+jwt"),
        "{}",
        not_access.body
    );

    // The original still works: nothing above was accepted by accident.
    assert_eq!(hub.client(&token).get("/me").await.status, StatusCode::OK);
}

#[tokio::test]
async fn tokens_for_another_audience_are_401() {
    let hub = TestHub::start().await;
    let token = provider::shared()
        .token_for("alice@acme", OTHER_AUDIENCE)
        .await;
    assert_eq!(jwt_parts(&token).1["aud"], OTHER_AUDIENCE);
    let reply = hub.client(&token).get("/me").await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert!(reply.str("detail").contains("audience"), "{}", reply.body);
}

#[tokio::test]
async fn expired_tokens_are_401() {
    let provider = Provider::start(&[("AT_TTL", "2")]);
    let hub = TestHub::start_with(&provider, |_| {}).await;
    let token = provider
        .sign_in("alice@acme", crate::support::HUB_AUDIENCE)
        .await;
    assert_eq!(hub.client(&token).get("/me").await.status, StatusCode::OK);
    // Wait out the token's lifetime (the hub allows no clock skew in these tests).
    let exp = jwt_parts(&token).1["exp"].as_u64().expect("exp");
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_secs();
    tokio::time::sleep(Duration::from_secs(exp.saturating_sub(now) + 1)).await;
    let reply = hub.client(&token).get("/me").await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert!(reply.str("detail").contains("expired"), "{}", reply.body);
}

#[tokio::test]
async fn rotated_keys_are_fetched_when_an_unknown_kid_arrives() {
    let provider = Provider::start(&[]);
    let hub = TestHub::start_with(&provider, |_| {}).await;
    let before = provider
        .sign_in("alice@acme", crate::support::HUB_AUDIENCE)
        .await;
    assert_eq!(hub.client(&before).get("/me").await.status, StatusCode::OK);
    let new_kid = provider.rotate_keys().await;
    let after = provider
        .sign_in("alice@acme", crate::support::HUB_AUDIENCE)
        .await;
    assert_eq!(jwt_parts(&after).0["kid"], new_kid.as_str());
    assert_ne!(jwt_parts(&before).0["kid"], jwt_parts(&after).0["kid"]);
    let reply = hub.client(&after).get("/me").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    // The old key is still published, so tokens it signed stay valid until they expire.
    assert_eq!(hub.client(&before).get("/me").await.status, StatusCode::OK);
}

#[tokio::test]
async fn tokens_from_another_issuer_are_401() {
    let elsewhere = Provider::start(&[]);
    let hub = TestHub::start().await;
    let token = elsewhere
        .sign_in("alice@acme", crate::support::HUB_AUDIENCE)
        .await;
    let reply = hub.client(&token).get("/me").await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{}", reply.body);
}
