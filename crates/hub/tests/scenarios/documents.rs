//! Reports and dashboards: version history, preconditions, diff and restore.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::support::{Api, Reply, TestHub};

async fn put(api: &Api, path: &str, if_match: Option<&str>, body: serde_json::Value) -> Reply {
    let mut request = api.request(Method::PUT, path).json(&body);
    if let Some(version) = if_match {
        request = request.header("if-match", version);
    }
    api.send(request).await
}

#[tokio::test]
async fn every_accepted_write_is_a_version() {
    let hub = TestHub::start().await;
    let alice = hub.user("alice@acme").await;
    let workspace = alice.workspace("Reports").await;
    let created = alice
        .post(
            &format!("/workspaces/{workspace}/documents"),
            &json!({"kind": "dashboard", "title": "Sales", "body": {"tiles": [1]}}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED);
    assert_eq!(created.header("etag"), Some("\"1\""));
    assert_eq!(created.body["kind"], "dashboard");
    let doc = format!("/workspaces/{workspace}/documents/{}", created.str("id"));
    assert_eq!(created.header("location"), Some(doc.as_str()));

    let v2 = put(
        &alice,
        &doc,
        Some("\"1\""),
        json!({"title": "Sales", "body": {"tiles": [1, 2]}}),
    )
    .await;
    assert_eq!(v2.status, StatusCode::OK, "{}", v2.body);
    assert_eq!(v2.header("etag"), Some("\"2\""));
    let v3 = put(
        &alice,
        &doc,
        Some("\"2\""),
        json!({"title": "Sales 2026", "body": {"tiles": []}}),
    )
    .await;
    assert_eq!(v3.body["version"], 3);

    let current = alice.get(&doc).await;
    assert_eq!(current.header("etag"), Some("\"3\""));
    assert_eq!(current.body["title"], "Sales 2026");
    let history = alice.get(&format!("{doc}/versions")).await;
    let actions: Vec<_> = history
        .body
        .as_array()
        .expect("versions")
        .iter()
        .map(|v| {
            (
                v["version"].as_i64().expect("n"),
                v["action"].as_str().expect("a").to_string(),
            )
        })
        .collect();
    assert_eq!(
        actions,
        vec![
            (1, "create".into()),
            (2, "update".into()),
            (3, "update".into())
        ]
    );
    let first = alice.get(&format!("{doc}/versions/1")).await;
    assert_eq!(first.body["body"], json!({"tiles": [1]}));
    let listed = alice
        .get(&format!("/workspaces/{workspace}/documents?kind=dashboard"))
        .await;
    assert_eq!(listed.body.as_array().map(Vec::len), Some(1));
    let reports = alice
        .get(&format!("/workspaces/{workspace}/documents?kind=report"))
        .await;
    assert_eq!(reports.body, json!([]));
}

#[tokio::test]
async fn stale_or_missing_versions_are_refused() {
    let hub = TestHub::start().await;
    let alice = hub.user("alice@acme").await;
    let bob = hub.user("bob@acme").await;
    bob.get("/me").await;
    let workspace = alice.workspace("Shared").await;
    alice.add_member(&workspace, "bob", "member").await;
    let id = alice.report(&workspace, json!({"text": "base"})).await;
    let doc = format!("/workspaces/{workspace}/documents/{id}");

    // Both edit version 1; the second to arrive learns the current version.
    let first = put(
        &alice,
        &doc,
        Some("\"1\""),
        json!({"title": "A", "body": {"text": "alice"}}),
    )
    .await;
    assert_eq!(first.status, StatusCode::OK);
    let second = put(
        &bob,
        &doc,
        Some("\"1\""),
        json!({"title": "B", "body": {"text": "bob"}}),
    )
    .await;
    assert_eq!(
        second.status,
        StatusCode::PRECONDITION_FAILED,
        "{}",
        second.body
    );
    assert_eq!(second.body["current_version"], 2);
    assert_eq!(second.body["type"], "urn:quarry:hub:version-mismatch");

    let blind = put(&bob, &doc, None, json!({"title": "B", "body": {}})).await;
    assert_eq!(blind.status, StatusCode::PRECONDITION_REQUIRED);
    let overwrite = put(
        &bob,
        &doc,
        Some("*"),
        json!({"title": "B", "body": {"text": "bob"}}),
    )
    .await;
    assert_eq!(
        overwrite.status,
        StatusCode::OK,
        "`*` overwrites whatever is current"
    );

    let stale_delete = bob
        .send(
            bob.request(Method::DELETE, &doc)
                .header("if-match", "\"2\""),
        )
        .await;
    assert_eq!(stale_delete.status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(bob.delete(&doc).await.status, StatusCode::NO_CONTENT);
    let after_delete = put(
        &alice,
        &doc,
        Some("\"4\""),
        json!({"title": "A", "body": {}}),
    )
    .await;
    assert_eq!(
        after_delete.status,
        StatusCode::CONFLICT,
        "{}",
        after_delete.body
    );
    assert_eq!(alice.get(&doc).await.status, StatusCode::NOT_FOUND);

    let duplicate = alice
        .post(
            &format!("/workspaces/{workspace}/documents"),
            &json!({"id": id, "kind": "report", "title": "again", "body": {}}),
        )
        .await;
    assert_eq!(duplicate.status, StatusCode::CONFLICT);
    let not_object = alice
        .post(
            &format!("/workspaces/{workspace}/documents"),
            &json!({"kind": "report", "title": "x", "body": [1]}),
        )
        .await;
    assert_eq!(not_object.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn diff_and_restore_versions() {
    let hub = TestHub::start().await;
    let alice = hub.user("alice@acme").await;
    let workspace = alice.workspace("Reports").await;
    let v1 = json!({"blocks": [{"id": "b1", "sql": "select 1"}], "params": {"region": "EU"}});
    let id = alice.report(&workspace, v1.clone()).await;
    let doc = format!("/workspaces/{workspace}/documents/{id}");
    let v2 = json!({"blocks": [{"id": "b1", "sql": "select 2"}, {"id": "b2"}], "theme": "dark"});
    put(
        &alice,
        &doc,
        Some("\"1\""),
        json!({"title": "Renamed", "body": v2}),
    )
    .await;

    let diff = alice.get(&format!("{doc}/diff?from=1&to=2")).await;
    assert_eq!(diff.status, StatusCode::OK, "{}", diff.body);
    assert_eq!(diff.body["title"], json!(["Report", "Renamed"]));
    assert_eq!(
        diff.body["ops"],
        json!([
            {"op": "replace", "path": "/blocks/0/sql", "value": "select 2", "old": "select 1"},
            {"op": "add", "path": "/blocks/1", "value": {"id": "b2"}},
            {"op": "remove", "path": "/params", "old": {"region": "EU"}},
            {"op": "add", "path": "/theme", "value": "dark"},
        ])
    );
    let default_range = alice.get(&format!("{doc}/diff")).await;
    assert_eq!(
        (
            default_range.body["from"].clone(),
            default_range.body["to"].clone()
        ),
        (json!(1), json!(2))
    );
    assert_eq!(
        alice.get(&format!("{doc}/diff?from=1&to=9")).await.status,
        StatusCode::NOT_FOUND
    );

    let restore = format!("{doc}/versions/1/restore");
    let missing = alice.send(alice.request(Method::POST, &restore)).await;
    assert_eq!(missing.status, StatusCode::PRECONDITION_REQUIRED);
    let restored = alice
        .send(
            alice
                .request(Method::POST, &restore)
                .header("if-match", "\"2\""),
        )
        .await;
    assert_eq!(restored.status, StatusCode::OK, "{}", restored.body);
    assert_eq!(restored.body["version"], 3);
    assert_eq!(restored.body["body"], v1);
    assert_eq!(restored.body["title"], "Report");

    // A deleted document comes back through a restore.
    assert_eq!(alice.delete(&doc).await.status, StatusCode::NO_CONTENT);
    let deleted = alice
        .get(&format!(
            "/workspaces/{workspace}/documents?include_deleted=true"
        ))
        .await;
    assert_eq!(deleted.body[0]["deleted"], true);
    let undeleted = alice
        .send(
            alice
                .request(Method::POST, &format!("{doc}/versions/2/restore"))
                .header("if-match", "\"4\""),
        )
        .await;
    assert_eq!(undeleted.status, StatusCode::OK, "{}", undeleted.body);
    assert_eq!(alice.get(&doc).await.body["version"], 5);
}
