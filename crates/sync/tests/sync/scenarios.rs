//! Two clients, offline edits, lost answers, interrupted downloads, rate limits and refused
//! tokens, against the real hub.

use std::sync::atomic::Ordering;

use quarry_sync::{
    Content, HubClient, Resolution, StaticToken, SyncError, SyncSession, SyncStatus,
    download_snapshot,
};
use reqwest::StatusCode;
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::proxy::{Fault, FaultyProxy};
use crate::support::{TestHub, provider};
use crate::{ProviderTokens, client, fast_retries, session};

/// A hub, a workspace owned by alice with bob as a member, and both users' API clients.
async fn shared_workspace() -> (TestHub, String) {
    let hub = TestHub::start().await;
    let alice = hub.user("alice@acme").await;
    hub.user("bob@acme").await.get("/me").await;
    let workspace = alice.workspace("Team").await;
    alice.add_member(&workspace, "bob", "member").await;
    (hub, workspace)
}

fn report() -> serde_json::Value {
    json!({"blocks": [{"id": "a", "sql": "select 1"}, {"id": "b", "sql": "select 2"}], "params": {"region": "EU"}})
}

#[tokio::test]
async fn offline_edits_to_different_parts_merge_without_losing_either() {
    let (hub, workspace) = shared_workspace().await;
    let (dir_a, dir_b) = (
        tempfile::tempdir().expect("dir"),
        tempfile::tempdir().expect("dir"),
    );
    let mut a = session(dir_a.path(), &hub.url, "alice@acme", &workspace);
    let mut b = session(dir_b.path(), &hub.url, "bob@acme", &workspace);
    let id = a.create_document("report", "Q1", report()).expect("create");
    assert_eq!(a.status(), SyncStatus::Pending(1));
    a.sync().await.expect("alice pushes");
    assert_eq!(a.status(), SyncStatus::Synced);
    let pulled = b.sync().await.expect("bob pulls").pulled;
    assert_eq!(pulled.documents, vec![id]);

    // Both edit offline: alice block a, bob block b and the title.
    let mut mine = report();
    mine["blocks"][0]["sql"] = json!("select 10");
    a.edit_document(id, "Q1", mine).expect("edit");
    let mut theirs = report();
    theirs["blocks"][1]["sql"] = json!("select 20");
    b.edit_document(id, "Q1 by region", theirs).expect("edit");

    a.sync().await.expect("alice syncs first");
    let report_b = b.sync().await.expect("bob syncs second");
    assert_eq!(
        report_b.pushed.merged, 1,
        "bob's stale edit was merged, not refused"
    );
    assert_eq!(b.status(), SyncStatus::Synced);
    a.sync().await.expect("alice pulls the merge");

    let expected = json!({"blocks": [{"id": "a", "sql": "select 10"}, {"id": "b", "sql": "select 20"}], "params": {"region": "EU"}});
    for session in [&a, &b] {
        let document = session.document(id).expect("document");
        assert_eq!(document.content.title, "Q1 by region");
        assert_eq!(document.content.body, expected);
        assert_eq!(document.base.as_ref().map(|b| b.version), Some(3));
    }
    let versions = hub
        .user("alice@acme")
        .await
        .get(&format!("/workspaces/{workspace}/documents/{id}/versions"))
        .await;
    assert_eq!(
        versions.body.as_array().map(Vec::len),
        Some(3),
        "create, alice's, the merge"
    );
}

#[tokio::test]
async fn overlapping_offline_edits_keep_both_versions_until_resolved() {
    let (hub, workspace) = shared_workspace().await;
    let (dir_a, dir_b) = (
        tempfile::tempdir().expect("dir"),
        tempfile::tempdir().expect("dir"),
    );
    let mut a = session(dir_a.path(), &hub.url, "alice@acme", &workspace);
    let mut b = session(dir_b.path(), &hub.url, "bob@acme", &workspace);
    let id = a.create_document("report", "Q1", report()).expect("create");
    a.sync().await.expect("push");
    b.sync().await.expect("pull");

    let mut alices = report();
    alices["blocks"][0]["sql"] = json!("select 'alice'");
    a.edit_document(id, "Q1", alices.clone()).expect("edit");
    let mut bobs = report();
    bobs["blocks"][0]["sql"] = json!("select 'bob'");
    b.edit_document(id, "Q1", bobs.clone()).expect("edit");
    a.sync().await.expect("alice first");
    let pushed = b.sync().await.expect("bob second").pushed;
    assert_eq!(pushed.conflicts, 1);
    assert_eq!(b.status(), SyncStatus::Conflict(1));
    let conflict = b.conflicts().next().expect("a conflict").clone();
    assert_eq!(conflict.paths, vec!["/body/blocks/a/sql".to_string()]);
    assert_eq!(conflict.mine.as_ref().map(|c| &c.body), Some(&bobs));
    assert_eq!(conflict.theirs.as_ref().map(|c| &c.body), Some(&alices));
    assert_eq!(
        b.document(id).map(|d| &d.content.body),
        Some(&bobs),
        "bob's version is kept"
    );
    let api = hub.user("alice@acme").await;
    let on_hub = api
        .get(&format!("/workspaces/{workspace}/documents/{id}"))
        .await;
    assert_eq!(
        on_hub.body["body"], alices,
        "alice's version is not overwritten"
    );

    let mut both = report();
    both["blocks"][0]["sql"] = json!("select 'alice and bob'");
    b.resolve(
        id,
        Resolution::Use(Content {
            title: "Q1".into(),
            body: both.clone(),
        }),
    )
    .expect("resolve");
    b.sync().await.expect("push the resolution");
    assert_eq!(b.status(), SyncStatus::Synced);
    a.sync().await.expect("pull it");
    assert_eq!(a.document(id).map(|d| &d.content.body), Some(&both));
}

#[tokio::test]
async fn an_edit_of_a_document_deleted_elsewhere_can_bring_it_back() {
    let (hub, workspace) = shared_workspace().await;
    let (dir_a, dir_b) = (
        tempfile::tempdir().expect("dir"),
        tempfile::tempdir().expect("dir"),
    );
    let mut a = session(dir_a.path(), &hub.url, "alice@acme", &workspace);
    let mut b = session(dir_b.path(), &hub.url, "bob@acme", &workspace);
    let id = a
        .create_document("dashboard", "Ops", json!({"tiles": [1]}))
        .expect("create");
    a.sync().await.expect("push");
    b.sync().await.expect("pull");
    a.delete_document(id).expect("delete");
    b.edit_document(id, "Ops", json!({"tiles": [1, 2]}))
        .expect("edit");
    a.sync().await.expect("alice deletes");
    assert!(a.document(id).is_none());
    b.sync().await.expect("bob syncs");
    let conflict = b.conflicts().next().expect("delete/edit conflict").clone();
    assert_eq!(conflict.theirs, None, "deleted on the hub");
    b.resolve(id, Resolution::KeepMine).expect("keep mine");
    b.sync().await.expect("restore and update");
    assert_eq!(b.status(), SyncStatus::Synced);
    a.sync().await.expect("alice pulls");
    assert_eq!(
        a.document(id).map(|d| d.content.body.clone()),
        Some(json!({"tiles": [1, 2]}))
    );
}

#[tokio::test]
async fn a_write_whose_answer_is_lost_lands_exactly_once() {
    let (hub, workspace) = shared_workspace().await;
    let proxy = FaultyProxy::start(&hub.url).await;
    let dir = tempfile::tempdir().expect("dir");
    let mut a = session(dir.path(), &proxy.url, "alice@acme", &workspace);
    let id = a.create_document("report", "Q1", report()).expect("create");
    a.add_comment(id, "first draft, @bob", None, None)
        .expect("comment");
    // The hub commits the create but its answer never arrives; the comment never reaches it.
    proxy.inject(Fault::LoseAnswer {
        method: "POST",
        path: "/documents",
    });
    proxy.inject(Fault::LoseRequest {
        method: "POST",
        path: "/comments",
    });
    a.sync().await.expect("sync succeeds through the retries");
    assert_eq!(a.status(), SyncStatus::Synced);
    a.edit_document(id, "Q2", report()).expect("edit");
    proxy.inject(Fault::LoseAnswer {
        method: "PUT",
        path: "/documents/",
    });
    a.sync().await.expect("sync");

    let log = proxy.log();
    let sends = |method: &str, path: &str| -> Vec<_> {
        log.iter()
            .filter(|e| e.method == method && e.path.ends_with(path))
            .collect()
    };
    let put_path = format!("/documents/{id}");
    for (method, path) in [
        ("POST", "/documents"),
        ("POST", "/comments"),
        ("PUT", put_path.as_str()),
    ] {
        let tries = sends(method, path);
        assert_eq!(tries.len(), 2, "{method} {path}: one failed try, one retry");
        assert_eq!(
            tries[0].header("idempotency-key"),
            tries[1].header("idempotency-key")
        );
    }
    let alice = hub.user("alice@acme").await;
    let doc = format!("/workspaces/{workspace}/documents/{id}");
    let versions = alice.get(&format!("{doc}/versions")).await;
    assert_eq!(
        versions.body.as_array().map(Vec::len),
        Some(2),
        "one create, one update"
    );
    let threads = alice.get(&format!("{doc}/comments")).await;
    assert_eq!(
        threads.body.as_array().map(Vec::len),
        Some(1),
        "one comment"
    );
    assert_eq!(
        a.document(id)
            .and_then(|d| d.base.as_ref())
            .map(|b| b.version),
        Some(2)
    );
}

#[tokio::test]
async fn offline_changes_survive_a_restart_and_sync_later() {
    let (hub, workspace) = shared_workspace().await;
    let dir = tempfile::tempdir().expect("dir");
    let unreachable = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("port");
        format!("http://{}", listener.local_addr().expect("address"))
    };
    let mut a = session(dir.path(), &unreachable, "alice@acme", &workspace);
    let id = a
        .create_document("report", "Offline", json!({"n": 1}))
        .expect("create");
    a.edit_document(id, "Offline", json!({"n": 2}))
        .expect("edit");
    let error = a.sync().await.expect_err("no hub");
    assert!(crate::offline(&error), "{error}");
    assert_eq!(
        a.status(),
        SyncStatus::Offline(1),
        "the edit folded into the create"
    );
    drop(a);

    let mut reopened = session(dir.path(), &hub.url, "alice@acme", &workspace);
    assert_eq!(reopened.pending(), 1);
    reopened.sync().await.expect("sync once online");
    assert_eq!(reopened.status(), SyncStatus::Synced);
    let alice = hub.user("alice@acme").await;
    let doc = alice
        .get(&format!("/workspaces/{workspace}/documents/{id}"))
        .await;
    assert_eq!(doc.body["body"], json!({"n": 2}));
}

#[tokio::test]
async fn an_interrupted_snapshot_download_resumes_and_is_verified() {
    let (hub, workspace) = shared_workspace().await;
    let alice = hub.user("alice@acme").await;
    let mut file = b"PAR1".to_vec();
    file.extend((0..400_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
    file.extend_from_slice(b"PAR1");
    let sha: String = Sha256::digest(&file)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let snapshots = format!("/workspaces/{workspace}/snapshots");
    let created = alice
        .post(&snapshots, &json!({"dataset": "sales", "sha256": sha}))
        .await;
    let snapshot = created.str("id").to_string();
    let put = alice
        .send(
            alice
                .request(
                    reqwest::Method::PUT,
                    &format!("{snapshots}/{snapshot}/content"),
                )
                .body(file.clone()),
        )
        .await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.body);

    let proxy = FaultyProxy::start(&hub.url).await;
    proxy.inject(Fault::CutAnswer {
        method: "GET",
        path: "/content",
        bytes: 150_000,
    });
    let bob = client(&proxy.url, "bob@acme");
    let cache = tempfile::tempdir().expect("cache");
    let (ws, id) = (
        workspace.parse().expect("uuid"),
        snapshot.parse().expect("uuid"),
    );
    let interrupted = download_snapshot(&bob, ws, id, cache.path()).await;
    assert!(
        matches!(interrupted, Err(SyncError::Offline(_))),
        "{interrupted:?}"
    );

    let cached = download_snapshot(&bob, ws, id, cache.path())
        .await
        .expect("resumed download");
    assert!(
        cached.resumed_from > 0 && cached.resumed_from <= 150_000,
        "{}",
        cached.resumed_from
    );
    assert_eq!(cached.sha256, sha);
    assert_eq!(std::fs::read(&cached.path).expect("cached file"), file);
    let resumed = proxy
        .log()
        .into_iter()
        .filter(|e| e.path.ends_with("/content"))
        .nth(1)
        .expect("second GET");
    assert_eq!(
        resumed.header("range"),
        Some(format!("bytes={}-", cached.resumed_from).as_str())
    );
    assert_eq!(resumed.status, Some(206));
    let again = download_snapshot(&bob, ws, id, cache.path())
        .await
        .expect("cached");
    assert_eq!(again.path, cached.path);
}

#[tokio::test]
async fn rate_limits_are_waited_out() {
    let hub = TestHub::start_with(provider::shared(), |config| {
        config.rate_limit.user_per_second = 4.0;
        config.rate_limit.user_burst = 3;
    })
    .await;
    let workspace = hub.user("alice@acme").await.workspace("Busy").await;
    let proxy = FaultyProxy::start(&hub.url).await;
    let dir = tempfile::tempdir().expect("dir");
    let mut a = session(dir.path(), &proxy.url, "alice@acme", &workspace);
    for n in 0..6 {
        a.create_document("report", &format!("R{n}"), json!({"n": n}))
            .expect("create");
    }
    let report = a.sync().await.expect("sync despite 429s");
    assert_eq!(report.pushed.accepted, 6);
    let limited = proxy.log().iter().filter(|e| e.status == Some(429)).count();
    assert!(limited > 0, "the hub did rate-limit the client");
    assert_eq!(a.documents().count(), 6);
}

#[tokio::test]
async fn a_refused_token_is_refreshed_once() {
    let (hub, workspace) = shared_workspace().await;
    let stale = ProviderTokens::starting_with("alice@acme", "expired-token", true);
    let client = HubClient::new(&hub.url, stale, fast_retries()).expect("client");
    let dir = tempfile::tempdir().expect("dir");
    let mut a =
        SyncSession::open(dir.path(), workspace.parse().expect("uuid"), client).expect("open");
    a.sync().await.expect("sync after one refresh");
    assert_eq!(a.client().tokens().refreshes.load(Ordering::SeqCst), 1);

    let hopeless = ProviderTokens::starting_with("alice@acme", "expired-token", false);
    let client = HubClient::new(&hub.url, hopeless, fast_retries()).expect("client");
    let dir = tempfile::tempdir().expect("dir");
    let mut b =
        SyncSession::open(dir.path(), workspace.parse().expect("uuid"), client).expect("open");
    assert!(matches!(b.sync().await, Err(SyncError::Unauthorized)));
    assert_eq!(
        b.client().tokens().refreshes.load(Ordering::SeqCst),
        1,
        "exactly one refresh"
    );

    let fixed =
        HubClient::new(&hub.url, StaticToken("nope".into()), fast_retries()).expect("client");
    let dir = tempfile::tempdir().expect("dir");
    let mut c =
        SyncSession::open(dir.path(), workspace.parse().expect("uuid"), fixed).expect("open");
    assert!(matches!(c.sync().await, Err(SyncError::Unauthorized)));
}
