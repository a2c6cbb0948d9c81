//! The change feed: pages since a sequence number, and live delivery over SSE.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::json;

use crate::support::TestHub;
use crate::support::sse::EventStream;

#[tokio::test]
async fn changes_since_n_are_the_later_writes_the_caller_may_see() {
    let hub = TestHub::start().await;
    let alice = hub.user("alice@acme").await;
    let bob = hub.user("bob@acme").await;
    let workspace = alice.workspace("Feed").await;
    let report = alice.report(&workspace, json!({"v": 1})).await;
    let comments = format!("/workspaces/{workspace}/documents/{report}/comments");
    alice.post(&comments, &json!({"body": "first"})).await;

    let all = alice.get("/changes?since=0").await;
    assert_eq!(all.status, StatusCode::OK);
    let changes = all.body["changes"].as_array().expect("changes");
    let kinds: Vec<_> = changes
        .iter()
        .map(|c| {
            format!(
                "{}:{}",
                c["entity"].as_str().expect("e"),
                c["action"].as_str().expect("a")
            )
        })
        .collect();
    assert_eq!(
        kinds,
        ["workspace:created", "document:created", "comment:created"]
    );
    let seqs: Vec<i64> = changes
        .iter()
        .map(|c| c["seq"].as_i64().expect("seq"))
        .collect();
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "{seqs:?}");
    assert_eq!(changes[1]["entity_id"], report.as_str());
    assert_eq!(changes[1]["version"], 1);
    assert_eq!(all.body["next"], seqs[2]);

    let later = alice.get(&format!("/changes?since={}", seqs[1])).await;
    assert_eq!(later.body["changes"].as_array().map(Vec::len), Some(1));
    let paged = alice.get("/changes?since=0&limit=2").await;
    assert_eq!(paged.body["more"], true);
    assert_eq!(paged.body["next"], seqs[1]);

    // Bob is in the tenant but not the workspace: he sees none of it, and his cursor advances.
    let outsider = bob.get("/changes?since=0").await;
    assert_eq!(outsider.body["changes"], json!([]));
    assert_eq!(outsider.body["next"], seqs[2]);
    let globex = hub
        .user("mallory@globex")
        .await
        .get("/changes?since=0")
        .await;
    assert_eq!(globex.body["next"], 0, "sequences are per tenant");
    let beyond = alice.get("/changes?since=999999").await;
    assert_eq!(
        beyond.body["next"], seqs[2],
        "a cursor past the end restarts at the latest"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_live_stream_learns_of_a_change_right_after_it_commits() {
    let hub = TestHub::start().await;
    let alice = hub.user("alice@acme").await;
    let bob = hub.user("bob@acme").await;
    bob.get("/me").await;
    let workspace = alice.workspace("Live").await;
    alice.add_member(&workspace, "bob", "member").await;
    let since = bob.get("/changes?since=0").await.body["next"]
        .as_i64()
        .expect("next");

    let mut stream = EventStream::open(&bob, &format!("/changes/stream?since={since}"), None).await;
    let ready = stream.next_of("ready").await;
    assert_eq!(ready.json()["seq"], since);

    let mut latencies = Vec::new();
    let mut last_id = String::new();
    for n in 0..5 {
        let written = Instant::now();
        let report = alice.report(&workspace, json!({ "n": n })).await;
        let committed = written.elapsed();
        let event = stream.next_of("change").await;
        let latency = written.elapsed().saturating_sub(committed);
        assert_eq!(event.json()["entity_id"], report.as_str());
        last_id = event.id.clone().expect("event id");
        assert_eq!(event.json()["seq"].to_string(), last_id);
        latencies.push(latency);
    }
    latencies.sort();
    eprintln!("change stream latency after the write's response: {latencies:?}");
    assert!(
        latencies[2] < Duration::from_millis(100),
        "median latency {:?}",
        latencies[2]
    );
    drop(stream);

    // Reconnecting with Last-Event-ID replays what was missed, then goes live.
    let missed = alice.report(&workspace, json!({"missed": true})).await;
    let mut resumed = EventStream::open(&bob, "/changes/stream", Some(&last_id)).await;
    let replayed = resumed.next().await.expect("an event");
    assert_eq!(replayed.event, "change");
    assert_eq!(replayed.json()["entity_id"], missed.as_str());
    resumed.next_of("ready").await;

    // Stopping the hub ends live streams.
    hub.stop().await;
    let ended = tokio::time::timeout(Duration::from_secs(10), async {
        while resumed.next().await.is_some() {}
    })
    .await;
    assert!(ended.is_ok(), "the stream ends when the hub stops");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_live_streams_each_receive_the_change() {
    let hub = TestHub::start().await;
    let alice = hub.user("alice@acme").await;
    let workspace = alice.workspace("Fan-out").await;
    let mut streams = Vec::new();
    for _ in 0..50 {
        let mut stream = EventStream::open(&alice, "/changes/stream?since=1000000", None).await;
        stream.next_of("ready").await;
        streams.push(stream);
    }
    let report = alice.report(&workspace, json!({})).await;
    let started = Instant::now();
    for stream in &mut streams {
        assert_eq!(
            stream.next_of("change").await.json()["entity_id"],
            report.as_str()
        );
    }
    eprintln!(
        "50 streams received the change within {:?}",
        started.elapsed()
    );
}
