//! Dataset snapshots: upload once with a hash, download resumably by byte range.

use futures_util::StreamExt;
use reqwest::{Method, StatusCode};
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::support::TestHub;

/// Bytes shaped like a Parquet file: magic, `len` pseudo-random bytes, magic.
fn parquet_like(len: usize) -> Vec<u8> {
    let mut state = 0x2545_f491_u32;
    let mut bytes = b"PAR1".to_vec();
    bytes.extend((0..len).map(|_| {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        state as u8
    }));
    bytes.extend_from_slice(b"PAR1");
    bytes
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Runs a scenario on a hub storing snapshots on disk and on one storing them in S3.
macro_rules! on_both_stores {
    ($name:ident, $scenario:ident) => {
        mod $name {
            use crate::support::TestHub;

            #[tokio::test]
            async fn on_disk() {
                super::$scenario(TestHub::start().await).await;
            }

            #[tokio::test]
            async fn in_s3() {
                super::$scenario(TestHub::start_on_s3().await).await;
            }
        }
    };
}

on_both_stores!(
    an_interrupted_download_resumes_by_range_and_the_hash_matches,
    resumable_download
);
on_both_stores!(
    uploads_with_another_hash_or_not_parquet_are_refused,
    refused_uploads
);
on_both_stores!(
    deleting_a_workspace_removes_its_snapshot_files,
    workspace_deletion
);

async fn resumable_download(hub: TestHub) {
    let alice = hub.user("alice@acme").await;
    let workspace = alice.workspace("Data").await;
    let file = parquet_like(600_000);
    let sha = sha256_hex(&file);
    let snapshots = format!("/workspaces/{workspace}/snapshots");
    let created = alice
        .post(&snapshots, &json!({"dataset": "sales", "row_count": 1000, "sha256": sha, "schema": {"region": "VARCHAR"}}))
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    assert_eq!(created.body["status"], "pending");
    let snapshot = format!("{snapshots}/{}", created.str("id"));
    let content = format!("{snapshot}/content");
    let early = alice.get(&content).await;
    assert_eq!(early.status, StatusCode::CONFLICT, "not uploaded yet");

    let uploaded = alice
        .send(alice.request(Method::PUT, &content).body(file.clone()))
        .await;
    assert_eq!(uploaded.status, StatusCode::OK, "{}", uploaded.body);
    assert_eq!(uploaded.body["status"], "ready");
    assert_eq!(uploaded.body["sha256"], sha.as_str());
    assert_eq!(uploaded.body["size_bytes"], file.len());
    let again = alice
        .send(alice.request(Method::PUT, &content).body(file.clone()))
        .await;
    assert_eq!(
        again.status,
        StatusCode::CONFLICT,
        "snapshots are immutable"
    );

    // Start a download and drop it part-way.
    let response = alice
        .request(Method::GET, &content)
        .send()
        .await
        .expect("download");
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["accept-ranges"], "bytes");
    let etag = response.headers()["etag"]
        .to_str()
        .expect("etag")
        .to_string();
    assert_eq!(etag, format!("\"{sha}\""));
    let mut partial = Vec::new();
    let mut body = response.bytes_stream();
    while partial.len() < 100_000 {
        partial.extend_from_slice(&body.next().await.expect("more bytes").expect("chunk"));
    }
    drop(body);

    // Resume from where it stopped.
    let resumed = alice
        .request(Method::GET, &content)
        .header("range", format!("bytes={}-", partial.len()))
        .header("if-range", &etag)
        .send()
        .await
        .expect("resume");
    assert_eq!(resumed.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(
        resumed.headers()["content-range"],
        format!("bytes {}-{}/{}", partial.len(), file.len() - 1, file.len()).as_str()
    );
    partial.extend_from_slice(&resumed.bytes().await.expect("rest"));
    assert_eq!(partial.len(), file.len());
    assert_eq!(
        sha256_hex(&partial),
        sha,
        "the reassembled file has the announced hash"
    );

    let changed = alice
        .request(Method::GET, &content)
        .header("range", "bytes=10-")
        .header("if-range", "\"something-else\"")
        .send()
        .await
        .expect("if-range");
    assert_eq!(
        changed.status(),
        StatusCode::OK,
        "a stale If-Range gets the whole file"
    );
    let past_end = alice
        .send(
            alice
                .request(Method::GET, &content)
                .header("range", format!("bytes={}-", file.len())),
        )
        .await;
    assert_eq!(past_end.status, StatusCode::RANGE_NOT_SATISFIABLE);
    assert_eq!(
        past_end.header("content-range"),
        Some(format!("bytes */{}", file.len()).as_str())
    );
    assert_eq!(alice.get(&snapshot).await.body["sha256"], sha.as_str());
}

async fn refused_uploads(hub: TestHub) {
    let alice = hub.user("alice@acme").await;
    let workspace = alice.workspace("Data").await;
    let snapshots = format!("/workspaces/{workspace}/snapshots");
    let file = parquet_like(1000);
    let created = alice
        .post(
            &snapshots,
            &json!({"dataset": "sales", "sha256": sha256_hex(b"other bytes")}),
        )
        .await;
    let content = format!("{snapshots}/{}/content", created.str("id"));
    let mismatch = alice
        .send(alice.request(Method::PUT, &content).body(file.clone()))
        .await;
    assert_eq!(
        mismatch.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        mismatch.body
    );
    assert!(mismatch.str("detail").contains("SHA-256"));
    let listed = alice.get(&format!("{snapshots}?dataset=sales")).await;
    assert_eq!(listed.body[0]["status"], "pending");

    let open = alice.post(&snapshots, &json!({"dataset": "csv"})).await;
    let content = format!("{snapshots}/{}/content", open.str("id"));
    let csv = alice
        .send(
            alice
                .request(Method::PUT, &content)
                .body("region,revenue\nEU,1\n"),
        )
        .await;
    assert_eq!(csv.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", csv.body);
    assert!(csv.str("detail").contains("Parquet"));
    let retried = alice
        .send(alice.request(Method::PUT, &content).body(file))
        .await;
    assert_eq!(
        retried.status,
        StatusCode::OK,
        "a refused upload can be retried"
    );
}

async fn workspace_deletion(hub: TestHub) {
    let alice = hub.user("alice@acme").await;
    let (doomed, kept) = (
        alice.workspace("Doomed").await,
        alice.workspace("Kept").await,
    );
    for workspace in [&doomed, &kept] {
        let file = parquet_like(10_000);
        let snapshots = format!("/workspaces/{workspace}/snapshots");
        let body = json!({"dataset": "sales", "sha256": sha256_hex(&file)});
        let created = alice.post(&snapshots, &body).await;
        let content = format!("{snapshots}/{}/content", created.str("id"));
        let uploaded = alice
            .send(alice.request(Method::PUT, &content).body(file))
            .await;
        assert_eq!(uploaded.status, StatusCode::OK, "{}", uploaded.body);
    }
    assert_eq!(hub.stored_objects().await, 2);

    let deleted = alice.delete(&format!("/workspaces/{doomed}")).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{}", deleted.body);
    assert_eq!(
        hub.stored_objects().await,
        1,
        "only the kept workspace's snapshot file is left"
    );
    let listed = alice.get(&format!("/workspaces/{kept}/snapshots")).await;
    assert_eq!(listed.status, StatusCode::OK);
    hub.stop().await;
}

#[tokio::test]
async fn a_hub_whose_bucket_is_missing_refuses_to_start() {
    let server = tokio::task::spawn_blocking(crate::support::s3::server)
        .await
        .expect("start the S3 server");
    let mut config = quarry_hub::Config {
        listen: "127.0.0.1:0".parse().expect("address"),
        database_url: tokio::task::spawn_blocking(|| {
            crate::support::postgres::cluster().create_database()
        })
        .await
        .expect("create a database"),
        object_store: "s3://no-such-bucket/snapshots".into(),
        object_store_options: server.options(),
        ..quarry_hub::Config::default()
    };
    config.oidc.issuer = crate::support::provider::shared().issuer.clone();
    config.oidc.audience = crate::support::HUB_AUDIENCE.into();
    let Err(error) = quarry_hub::start(config).await else {
        panic!("a hub started on a bucket that does not exist");
    };
    let message = error.to_string();
    assert!(
        message.contains("s3://no-such-bucket/snapshots") && message.contains("cannot be used"),
        "{message}"
    );
}

#[tokio::test]
async fn an_s3_hub_is_ready_and_keeps_files_under_its_prefix() {
    let hub = TestHub::start_on_s3().await;
    let ready = hub.anonymous().get("/readyz").await;
    assert_eq!(ready.status, StatusCode::OK, "{}", ready.body);
    let alice = hub.user("alice@acme").await;
    let workspace = alice.workspace("Data").await;
    let file = parquet_like(7_000_000);
    let snapshots = format!("/workspaces/{workspace}/snapshots");
    let body = json!({"dataset": "sales", "sha256": sha256_hex(&file)});
    let created = alice.post(&snapshots, &body).await;
    let content = format!("{snapshots}/{}/content", created.str("id"));
    let uploaded = alice
        .send(alice.request(Method::PUT, &content).body(file.clone()))
        .await;
    assert_eq!(uploaded.status, StatusCode::OK, "{}", uploaded.body);
    assert_eq!(
        hub.stored_objects().await,
        1,
        "a file larger than one multipart part is one object"
    );
    let downloaded = alice
        .request(Method::GET, &content)
        .send()
        .await
        .expect("download")
        .bytes()
        .await
        .expect("the file");
    assert_eq!(sha256_hex(&downloaded), sha256_hex(&file));
    hub.stop().await;
}
