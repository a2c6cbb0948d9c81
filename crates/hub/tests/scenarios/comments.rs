//! Comment threads on reports and blocks, with @mentions.

use reqwest::StatusCode;
use serde_json::json;

use crate::support::TestHub;

#[tokio::test]
async fn threads_on_blocks_with_mentions() {
    let hub = TestHub::start().await;
    let alice = hub.user("alice@acme").await;
    let bob = hub.user("bob@acme").await;
    let carol = hub.user("carol@acme").await;
    let carol_id = carol.get("/me").await.str("user_id").to_string();
    bob.get("/me").await;
    let workspace = alice.workspace("Review").await;
    alice.add_member(&workspace, "bob", "member").await;
    alice.add_member(&workspace, "carol", "member").await;
    let report = alice
        .report(&workspace, json!({"blocks": [{"id": "b1"}]}))
        .await;
    let comments = format!("/workspaces/{workspace}/documents/{report}/comments");

    let opened = bob
        .post(&comments, &json!({"body": "@carol is this right? cc @nobody, mail bob@acme.example", "block_id": "b1"}))
        .await;
    assert_eq!(opened.status, StatusCode::CREATED, "{}", opened.body);
    assert_eq!(
        opened.body["mentions"],
        json!([{"username": "carol", "user_id": carol_id}, {"username": "nobody", "user_id": null}])
    );
    let thread = opened.str("thread_id").to_string();
    assert_eq!(thread, opened.str("id"));
    let reply = carol
        .post(
            &comments,
            &json!({"body": "Yes, @bob.", "thread_id": thread}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    assert_eq!(
        reply.body["block_id"], "b1",
        "replies inherit the thread's block"
    );
    let general = alice
        .post(&comments, &json!({"body": "Looks good overall"}))
        .await;
    assert_eq!(general.body["block_id"], json!(null));

    let threads = alice.get(&comments).await;
    let threads = threads.body.as_array().expect("threads");
    assert_eq!(threads.len(), 2);
    assert_eq!(threads[0]["block_id"], "b1");
    let bodies: Vec<_> = threads[0]["comments"]
        .as_array()
        .expect("comments")
        .iter()
        .map(|c| c["author_username"].as_str().expect("author").to_string())
        .collect();
    assert_eq!(bodies, ["bob", "carol"]);

    let mentions = carol.get("/mentions").await;
    assert_eq!(mentions.body.as_array().map(Vec::len), Some(1));
    assert_eq!(mentions.body[0]["id"], opened.body["id"]);
    assert_eq!(bob.get("/mentions").await.body[0]["id"], reply.body["id"]);

    let bad_thread = carol
        .post(
            &comments,
            &json!({"body": "x", "thread_id": reply.body["id"]}),
        )
        .await;
    assert_eq!(
        bad_thread.status,
        StatusCode::NOT_FOUND,
        "replies go to a thread's first comment"
    );

    let comment = format!("{comments}/{}", opened.str("id"));
    assert_eq!(carol.delete(&comment).await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        alice.delete(&comment).await.status,
        StatusCode::NO_CONTENT,
        "the Owner moderates"
    );
    assert_eq!(carol.get("/mentions").await.body, json!([]));
}
