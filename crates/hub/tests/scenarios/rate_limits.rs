//! Rate limits per user and per tenant: 429 with Retry-After, honoured.

use std::time::Duration;

use reqwest::StatusCode;

use crate::support::{TestHub, provider};

#[tokio::test]
async fn a_user_over_the_limit_gets_429_and_retry_after_works() {
    let hub = TestHub::start_with(provider::shared(), |config| {
        config.rate_limit.user_per_second = 1.0;
        config.rate_limit.user_burst = 3;
    })
    .await;
    let alice = hub.user("alice@acme").await;
    for _ in 0..3 {
        assert_eq!(alice.get("/me").await.status, StatusCode::OK);
    }
    let limited = alice.get("/me").await;
    assert_eq!(
        limited.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        limited.body
    );
    let retry_after: u64 = limited
        .header("retry-after")
        .expect("Retry-After")
        .parse()
        .expect("seconds");
    assert!((1..=2).contains(&retry_after), "{retry_after}");
    assert_eq!(limited.body["retry_after"], retry_after);
    assert!(limited.str("detail").contains("user"));
    // Another user is not held back by alice's limit.
    assert_eq!(
        hub.user("bob@acme").await.get("/me").await.status,
        StatusCode::OK
    );

    tokio::time::sleep(Duration::from_secs(retry_after)).await;
    assert_eq!(
        alice.get("/me").await.status,
        StatusCode::OK,
        "honouring Retry-After succeeds"
    );
}

#[tokio::test]
async fn a_tenant_over_its_limit_gets_429_for_every_user() {
    let hub = TestHub::start_with(provider::shared(), |config| {
        config.rate_limit.tenant_per_second = 0.5;
        config.rate_limit.tenant_burst = 4;
    })
    .await;
    let alice = hub.user("alice@acme").await;
    let bob = hub.user("bob@acme").await;
    for api in [&alice, &alice, &bob, &bob] {
        assert_eq!(api.get("/me").await.status, StatusCode::OK);
    }
    let carol = hub.user("carol@acme").await.get("/me").await;
    assert_eq!(carol.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(carol.str("detail").contains("tenant"), "{}", carol.body);
    assert!(carol.header("retry-after").is_some());
    assert_eq!(
        hub.user("mallory@globex").await.get("/me").await.status,
        StatusCode::OK
    );
}
