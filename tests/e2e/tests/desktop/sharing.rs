//! Sharing a report through a real hub (in-process, on an ephemeral PostgreSQL cluster,
//! trusting the test identity provider): alice works in the app, bob on "another computer"
//! (quarry-auth + quarry-sync in this test). Covers the shared-workspace browser, sharing,
//! a conflict settled in the conflicts view, comments both ways and restoring a version.

use std::ffi::OsString;
use std::time::Duration;

use quarry_e2e::{App, repo_root};
use quarry_sync::{
    Call, HubClient, RetryPolicy, StaticToken, SyncSession, download_snapshot, upload_snapshot,
};
use reqwest::Method;
use serde_json::{Value, json};

use crate::identity::{
    Provider, sign_in_headless, sign_in_in_app, signed_in_name, with_browser_shim,
};
use crate::support::TestHub;

const SAMPLE: &str = "[data-testid=report-item][data-report=\"Sales overview\"]";
const INTRO: &str = "[data-testid=report-tile][data-type=text]";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn e2e_sharing_a_report_with_a_conflict_comments_and_history() {
    assert!(
        std::env::var_os("QUARRY_TEST_KEYRING").is_some(),
        "run the E2E tests through `make e2e`, which provides a throwaway Secret Service"
    );
    let provider = Provider::start();
    let hub = TestHub::start_trusting(&provider.issuer, |config| {
        config.oidc.default_tenant = Some("e2e".into());
    })
    .await;
    let app = App::launch_with(&with_browser_shim(&[(
        "QUARRY_HUB_URL",
        OsString::from(&hub.url),
    )]))
    .await;

    // Alice signs in; the sharing panel lists no shared workspace yet.
    sign_in_in_app(&app, &provider.issuer).await;
    assert_eq!(signed_in_name(&app).await, "User alice");
    app.wait_for_attr("[data-testid=sync-status]", "data-state", |s| {
        s == "disconnected"
    })
    .await;
    app.click("[data-testid=sync-status]").await;
    app.wait_for("[data-testid=sharing-panel]").await;
    app.wait_for("[data-testid=hub-workspaces-refresh]").await;

    // Bob, on another computer, creates "Team" and adds alice.
    let bob_config = tempfile::tempdir().expect("bob's config dir");
    let bob_auth = sign_in_headless(&provider.issuer, "bob", bob_config.path()).await;
    let bob_token = bob_auth.access_token().await.expect("bob's token");
    let bob_client = || {
        HubClient::new(
            &hub.url,
            StaticToken(bob_token.secret().clone()),
            RetryPolicy::default(),
        )
        .expect("bob's client")
    };
    let team = bob_client()
        .create_workspace("Team")
        .await
        .expect("create Team");
    let add_alice = Call::new(Method::PUT, format!("/workspaces/{}/members", team.id))
        .json(&json!({"user": "alice", "role": "member"}))
        .expect("member body");
    let added = bob_client().call(&add_alice).await.expect("add alice");
    assert!(added.status.is_success(), "adding alice: {}", added.status);

    // Alice connects her workspace to Team and shares the sample report.
    app.click("[data-testid=hub-workspaces-refresh]").await;
    app.click("[data-testid=hub-workspace][data-name=Team] [data-testid=hub-workspace-connect]")
        .await;
    app.wait_for("[data-testid=sharing-connected][data-name=Team]")
        .await;
    app.wait_for_attr("[data-testid=sync-status]", "data-state", |s| s == "synced")
        .await;
    app.click("[data-testid=sharing-close]").await;
    app.click("[data-testid=tab-report]").await;
    app.click(SAMPLE).await;
    app.click("[data-testid=report-share]").await;
    app.wait_for("[data-testid=report-shared]").await;

    // Bob pulls it and comments.
    let bob_dir = tempfile::tempdir().expect("bob's workspace");
    let mut bob = SyncSession::open(bob_dir.path(), team.id, bob_client()).expect("bob's session");
    bob.sync().await.expect("bob pulls");
    let shared = bob.documents().next().expect("the shared report").clone();
    assert_eq!(shared.content.title, "Sales overview");
    bob.add_comment(shared.id, "Numbers look right, @alice", None, None)
        .expect("comment");
    bob.sync().await.expect("bob comments");

    // Both change the introduction: bob first, alice (not yet synced) second.
    let mut theirs = shared.content.body.clone();
    theirs["pages"][0]["blocks"][0]["markdown"] = json!("Bob's introduction");
    bob.edit_document(shared.id, &shared.content.title, theirs)
        .expect("bob edits");
    bob.sync().await.expect("bob pushes");
    app.click(INTRO).await;
    app.fill("[data-testid=block-markdown]", "Alice's introduction")
        .await;
    app.wait_for_attr("[data-testid=sync-status]", "data-state", |s| {
        s == "conflict"
    })
    .await;

    // The conflicts view shows both sides; alice takes bob's and her builder reloads it.
    app.click("[data-testid=sync-status]").await;
    let difference = "[data-testid=conflict] [data-testid=conflict-difference]";
    app.wait_for(difference).await;
    app.wait_for_text(&format!("{difference} [data-testid=conflict-mine]"), |t| {
        t.contains("Alice's introduction")
    })
    .await;
    app.wait_for_text(
        &format!("{difference} [data-testid=conflict-theirs]"),
        |t| t.contains("Bob's introduction"),
    )
    .await;
    shot(&app, "sharing-conflict").await;
    app.click("[data-testid=conflict-keep-theirs]").await;
    app.wait_for_attr("[data-testid=sync-status]", "data-state", |s| s == "synced")
        .await;
    app.click("[data-testid=sharing-close]").await;
    let report_file = app
        .data_dir()
        .join("workspaces/sample/reports/sales-overview.qreport.json");
    let on_disk = || -> Value {
        let bytes = std::fs::read(&report_file).unwrap_or_default();
        serde_json::from_slice(&bytes).unwrap_or(Value::Null)
    };
    wait_until(|| on_disk()["pages"][0]["blocks"][0]["markdown"] == "Bob's introduction").await;

    // Comments: bob's is there; alice answers, bob reads it.
    app.click("[data-testid=report-collab]").await;
    app.click("[data-testid=collab-tab-comments]").await;
    app.wait_for_text("[data-testid=comment][data-author=bob]", |t| {
        t.contains("Numbers look right")
    })
    .await;
    app.fill("[data-testid=comment-input]", "Thanks, Bob").await;
    app.click("[data-testid=comment-post]").await;
    app.wait_for("[data-testid=comment][data-author=alice]")
        .await;
    let threads = bob_client()
        .comments(team.id, shared.id)
        .await
        .expect("bob reads the comments");
    let bodies: Vec<&str> = threads
        .iter()
        .flat_map(|t| t.comments.iter().map(|c| c.body.as_str()))
        .collect();
    assert!(bodies.contains(&"Thanks, Bob"), "{bodies:?}");
    shot(&app, "sharing-comments").await;

    // History: alice brings back version 1 (her original); the file and bob follow.
    app.click("[data-testid=collab-tab-history]").await;
    app.click("[data-testid=version][data-version=\"1\"] [data-testid=version-restore]")
        .await;
    app.click("[data-testid=version-restore-confirm]").await;
    wait_until(|| {
        on_disk()["pages"][0]["blocks"][0]["markdown"]
            == shared.content.body["pages"][0]["blocks"][0]["markdown"]
    })
    .await;
    app.wait_for_attr("[data-testid=sync-status]", "data-state", |s| s == "synced")
        .await;
    bob.sync().await.expect("bob pulls the restore");
    assert_eq!(
        bob.document(shared.id).expect("document").content.body["pages"][0]["blocks"][0]["markdown"],
        shared.content.body["pages"][0]["blocks"][0]["markdown"]
    );

    // Datasets: alice shares an import; bob gets its snapshot and shares a copy back, which
    // alice's next sync imports into her engine.
    let csv = app.data_dir().join("targets.csv");
    let text: String = (0..500).fold(String::from("region,target\n"), |mut text, i| {
        text.push_str(&format!("Region {},{i}.5\n", i % 8));
        text
    });
    std::fs::write(&csv, text).expect("write the CSV");
    app.fill("[data-testid=import-path]", &csv.display().to_string())
        .await;
    app.click("[data-testid=start-import]").await;
    let targets = "[data-testid=dataset-item][data-dataset=targets]";
    app.click(&format!("{targets} [data-testid=dataset-share]"))
        .await;
    app.wait_for(&format!("{targets} [data-testid=dataset-shared]"))
        .await;
    let pulled = bob.sync().await.expect("bob pulls the dataset");
    let snapshot = *pulled.pulled.snapshots.first().expect("a shared snapshot");
    let cache = bob_dir.path().join("snapshots");
    let cached = download_snapshot(bob.client(), team.id, snapshot, &cache)
        .await
        .expect("bob downloads the snapshot");
    assert_eq!(cached.dataset, "targets");
    upload_snapshot(
        bob.client(),
        team.id,
        "bob_targets",
        &cached.path,
        Some(500),
    )
    .await
    .expect("bob shares a dataset");
    app.click("[data-testid=sync-status]").await;
    app.click("[data-testid=sync-now]").await;
    app.wait_for_attr(
        "[data-testid=dataset-item][data-dataset=bob_targets]",
        "data-rows",
        |rows| rows == "500",
    )
    .await;

    app.close().await;
    hub.stop().await;
}

/// Polls `done` for up to 30 s.
async fn wait_until(done: impl Fn() -> bool) {
    for _ in 0..300 {
        if done() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the shared report file never reached the expected content");
}

async fn shot(app: &App, name: &str) {
    app.screenshot(&repo_root().join(format!("docs/screenshots/{name}.png")))
        .await;
}
