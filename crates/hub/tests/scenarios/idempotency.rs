//! Idempotency keys: a retried write is applied once and answered the same.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::support::TestHub;

#[tokio::test]
async fn a_replayed_key_returns_the_first_result_and_writes_once() {
    let hub = TestHub::start().await;
    let alice = hub.user("alice@acme").await;
    let workspace = alice.workspace("Offline edits").await;
    let id = alice.report(&workspace, json!({"n": 0})).await;
    let doc = format!("/workspaces/{workspace}/documents/{id}");
    let edit = || {
        alice
            .request(Method::PUT, &doc)
            .header("if-match", "\"1\"")
            .header("idempotency-key", "outbox-entry-7")
            .json(&json!({"title": "Edited", "body": {"n": 1}}))
    };
    let first = alice.send(edit()).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    // The retry still says If-Match "1": it gets the stored answer, not a 412.
    let retry = alice.send(edit()).await;
    assert_eq!(retry.status, StatusCode::OK, "{}", retry.body);
    assert_eq!(retry.body, first.body);
    assert_eq!(retry.header("etag"), Some("\"2\""));
    assert_eq!(retry.header("idempotent-replayed"), Some("true"));

    let versions = alice.get(&format!("{doc}/versions")).await;
    assert_eq!(versions.body.as_array().map(Vec::len), Some(2));
    let changes = alice.get("/changes?since=0").await;
    let updates = changes.body["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .filter(|c| c["entity"] == "document" && c["action"] == "updated")
        .count();
    assert_eq!(updates, 1);

    let reused = alice
        .send(
            alice
                .request(Method::PUT, &doc)
                .header("if-match", "\"2\"")
                .header("idempotency-key", "outbox-entry-7")
                .json(&json!({"title": "Other", "body": {"n": 2}})),
        )
        .await;
    assert_eq!(
        reused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reused.body
    );

    // Keys are per user: bob's identical key is his own.
    let bob = hub.user("bob@acme").await;
    let bobs = bob
        .send(
            bob.request(Method::POST, "/workspaces")
                .header("idempotency-key", "outbox-entry-7")
                .json(&json!({"name": "Bob's"})),
        )
        .await;
    assert_eq!(bobs.status, StatusCode::CREATED);
}

#[tokio::test]
async fn concurrent_retries_of_a_create_make_one_object() {
    let hub = TestHub::start().await;
    let alice = hub.user("alice@acme").await;
    let create = || {
        alice
            .request(Method::POST, "/workspaces")
            .header("idempotency-key", "create-ws-1")
            .json(&json!({"name": "Once"}))
    };
    let (a, b, c) = tokio::join!(
        alice.send(create()),
        alice.send(create()),
        alice.send(create())
    );
    for reply in [&a, &b, &c] {
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
        assert_eq!(reply.body["id"], a.body["id"]);
    }
    let replayed = [&a, &b, &c]
        .iter()
        .filter(|r| r.header("idempotent-replayed").is_some())
        .count();
    assert_eq!(replayed, 2);
    let listed = alice.get("/workspaces").await;
    assert_eq!(listed.body.as_array().map(Vec::len), Some(1));
}
