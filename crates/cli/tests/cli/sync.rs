//! `quarry sync` between two workspaces through a real hub (in-process, on an ephemeral
//! PostgreSQL cluster, trusting the real OpenID provider): a report and a comment go from one
//! analyst to the other.

use crate::support;

use std::path::Path;
use std::process::Command;

use support::{TestHub, provider};

/// Runs `quarry --workspace dir sync …` as the holder of `token`; returns stdout, failing on an
/// error exit.
fn quarry_sync(dir: &Path, hub: &str, workspace: &str, token: &str, args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_quarry"))
        .arg("--workspace")
        .arg(dir)
        .arg("sync")
        .args(args)
        .env("QUARRY_HUB_URL", hub)
        .env("QUARRY_HUB_WORKSPACE", workspace)
        .env("QUARRY_HUB_TOKEN", token)
        .output()
        .expect("run quarry");
    assert!(
        output.status.success(),
        "quarry sync {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_workspaces_exchange_a_report_and_a_comment() {
    let hub = TestHub::start().await;
    let alice = hub.user("alice@acme").await;
    hub.user("bob@acme").await.get("/me").await;
    let shared = alice.workspace("Team").await;
    alice.add_member(&shared, "bob", "member").await;
    let alice_token = provider::shared().token("alice@acme").await;
    let bob_token = provider::shared().token("bob@acme").await;

    let dirs = tempfile::tempdir().expect("temp dir");
    let (mine, theirs) = (dirs.path().join("alice"), dirs.path().join("bob"));
    std::fs::create_dir_all(&mine).expect("alice's workspace");
    std::fs::create_dir_all(&theirs).expect("bob's workspace");
    let report = std::path::PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    )
    .join("../../examples/reports/sales-overview.qreport.json");
    let url = hub.url.clone();
    let (url, shared) = (url.as_str(), shared.as_str());

    // Alice shares the report (queued offline-first), then syncs.
    let published = quarry_sync(
        &mine,
        url,
        shared,
        &alice_token,
        &["publish", &report.display().to_string()],
    );
    let id = published
        .split('\t')
        .next()
        .expect("the document id")
        .to_owned();
    assert!(quarry_sync(&mine, url, shared, &alice_token, &["status"]).contains("1 pending"));
    let run = quarry_sync(&mine, url, shared, &alice_token, &["run"]);
    assert!(run.contains("pushed 1"), "{run}");
    assert!(run.ends_with("synced\n"), "{run}");

    // Bob pulls it and gets the same document back as a valid report file.
    quarry_sync(&theirs, url, shared, &bob_token, &["run"]);
    let listed = quarry_sync(&theirs, url, shared, &bob_token, &["list"]);
    assert!(
        listed.contains(&id) && listed.contains("Sales overview"),
        "{listed}"
    );
    let copy = theirs.join("shared.qreport.json");
    quarry_sync(
        &theirs,
        url,
        shared,
        &bob_token,
        &["get", &id, &copy.display().to_string()],
    );
    let original = quarry_report::ReportDocument::load(&report).expect("the sample report");
    let received = quarry_report::ReportDocument::load(&copy).expect("a valid report");
    assert_eq!(received, original, "the same document arrives");

    // Bob comments; Alice sees it after her next sync.
    quarry_sync(
        &theirs,
        url,
        shared,
        &bob_token,
        &["comment", &id, "Check the @alice margins"],
    );
    quarry_sync(&theirs, url, shared, &bob_token, &["run"]);
    let run = quarry_sync(&mine, url, shared, &alice_token, &["run"]);
    assert!(run.contains("1 comments"), "{run}");
    let comments = quarry_sync(&mine, url, shared, &alice_token, &["comments", &id]);
    assert!(
        comments.contains("bob\tCheck the @alice margins"),
        "{comments}"
    );

    hub.stop().await;
}

/// Runs `quarry --workspace dir …` and returns stdout, failing on an error exit.
fn quarry(dir: &Path, args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_quarry"))
        .arg("--workspace")
        .arg(dir)
        .args(args)
        .output()
        .expect("run quarry");
    assert!(
        output.status.success(),
        "quarry {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn quarry_sql(dir: &Path, sql: &str) -> String {
    quarry(dir, &["sql", sql, "--format", "csv"])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shared_dataset_refreshes_the_other_workspace_with_its_schema_changes() {
    let hub = TestHub::start().await;
    let alice = hub.user("alice@acme").await;
    hub.user("bob@acme").await.get("/me").await;
    let shared = alice.workspace("Team").await;
    alice.add_member(&shared, "bob", "member").await;
    let alice_token = provider::shared().token("alice@acme").await;
    let bob_token = provider::shared().token("bob@acme").await;
    let dirs = tempfile::tempdir().expect("temp dir");
    let (mine, theirs) = (dirs.path().join("alice"), dirs.path().join("bob"));
    let (url, shared) = (hub.url.as_str(), shared.as_str());

    quarry(&mine, &["init"]);
    quarry_sql(
        &mine,
        "CREATE TABLE draft AS SELECT range AS id, 'region ' || range AS region, range * 1.5 AS goal FROM range(1000)",
    );
    let csv = dirs.path().join("targets.csv");
    std::fs::write(&csv, quarry_sql(&mine, "SELECT * FROM draft")).expect("csv");
    quarry(
        &mine,
        &["import", &csv.display().to_string(), "--name", "targets"],
    );

    // Alice shares the dataset; bob's next run downloads it into his engine.
    let shared_line = quarry_sync(
        &mine,
        url,
        shared,
        &alice_token,
        &["share-dataset", "targets"],
    );
    assert!(
        shared_line.contains("shared targets (1000 rows)"),
        "{shared_line}"
    );
    std::fs::create_dir_all(&theirs).expect("bob's workspace");
    let run = quarry_sync(&theirs, url, shared, &bob_token, &["run"]);
    assert!(
        run.contains("refreshed targets to version 1 (1000 rows)"),
        "{run}"
    );
    assert_eq!(
        quarry_sql(
            &theirs,
            "SELECT count(*) AS n, sum(goal) AS goal FROM targets"
        ),
        "n,goal\n1000,749250\n"
    );
    assert!(
        std::fs::read_dir(theirs.join("sync/snapshots"))
            .expect("the offline cache")
            .any(|e| e
                .expect("entry")
                .path()
                .extension()
                .is_some_and(|x| x == "parquet")),
        "the snapshot stays in the offline cache"
    );

    // A new snapshot without `goal`: bob's refresh bumps the version and names the break.
    let narrower = dirs.path().join("targets2.csv");
    std::fs::write(
        &narrower,
        quarry_sql(&mine, "SELECT id, region FROM draft LIMIT 10"),
    )
    .expect("csv");
    quarry(
        &mine,
        &[
            "import",
            &narrower.display().to_string(),
            "--name",
            "targets",
        ],
    );
    quarry_sync(
        &mine,
        url,
        shared,
        &alice_token,
        &["share-dataset", "targets"],
    );
    let run = quarry_sync(&theirs, url, shared, &bob_token, &["run"]);
    assert!(
        run.contains("refreshed targets to version 2 (10 rows)"),
        "{run}"
    );
    assert!(
        run.contains("schema change (BREAKING): dropped goal"),
        "{run}"
    );

    hub.stop().await;
}
