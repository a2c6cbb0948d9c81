//! Reports mirrored as files: sharing, pulling into new files, saves as edits, restoring a
//! version and a hub-side delete, between two clients of the real hub.

use std::path::{Path, PathBuf};

use quarry_sync::{Content, FileFormat, SyncStatus};
use serde_json::json;

use crate::session;
use crate::support::TestHub;

fn content(title: &str, sql: &str) -> Content {
    Content {
        title: title.to_string(),
        body: json!({"title": title, "queries": {"q": {"sql": sql}}}),
    }
}

/// Reports as plain JSON files; bodies marked `broken` do not validate. Written files carry the
/// title in the body too (a normalization the links must not mistake for an edit).
struct JsonReports;

impl FileFormat for JsonReports {
    fn kind(&self) -> &str {
        "report"
    }

    fn new_path(&self, dir: &Path, title: &str) -> PathBuf {
        dir.join(format!("{}.qreport.json", title.to_lowercase()))
    }

    fn write(&self, path: &Path, content: &Content) -> Result<Content, String> {
        if content.body.get("broken").is_some() {
            return Err("the report does not validate".into());
        }
        let mut body = content.body.clone();
        body["title"] = json!(content.title);
        std::fs::write(path, body.to_string()).map_err(|e| e.to_string())?;
        Ok(Content {
            title: content.title.clone(),
            body,
        })
    }
}

#[tokio::test]
async fn shared_files_travel_both_ways_and_keep_their_history() {
    let hub = TestHub::start().await;
    let alice_api = hub.user("alice@acme").await;
    hub.user("bob@acme").await.get("/me").await;
    let (dir_a, dir_b) = (
        tempfile::tempdir().expect("dir"),
        tempfile::tempdir().expect("dir"),
    );
    // The shared-workspace browser: alice creates one, both see it.
    let alice_client = crate::client(&hub.url, "alice@acme");
    assert!(
        alice_client.create_workspace("  ").await.is_err(),
        "a name is required"
    );
    let team = alice_client.create_workspace("Team").await.expect("create");
    assert_eq!(team.role, "owner");
    alice_api
        .add_member(&team.id.to_string(), "bob", "member")
        .await;
    let bobs = crate::client(&hub.url, "bob@acme")
        .workspaces()
        .await
        .expect("bob's workspaces");
    assert_eq!(
        bobs.iter().map(|w| w.name.as_str()).collect::<Vec<_>>(),
        ["Team"]
    );

    let workspace = team.id.to_string();
    let mut a = session(dir_a.path(), &hub.url, "alice@acme", &workspace);
    let mut b = session(dir_b.path(), &hub.url, "bob@acme", &workspace);

    // Alice shares a file; saving it unchanged queues nothing.
    let id = a
        .share_file("report", "sales.qreport.json", content("Sales", "select 1"))
        .expect("share");
    a.sync().await.expect("alice pushes");
    assert_eq!(
        a.saved_file("sales.qreport.json", content("Sales", "select 1"))
            .expect("save"),
        Some(id)
    );
    assert_eq!(
        a.status(),
        SyncStatus::Synced,
        "an unchanged save is not an edit"
    );
    assert!(a.stale_files().is_empty(), "alice's file is current");
    assert_eq!(
        a.saved_file("other.qreport.json", content("X", "select 0"))
            .expect("save"),
        None
    );

    // Bob pulls it into a new file named from the title; then his copy is current.
    b.sync().await.expect("bob pulls");
    let stale = b.stale_files();
    assert_eq!(stale.len(), 1);
    assert_eq!((stale[0].document, stale[0].file.as_deref()), (id, None));
    let mirror = b
        .write_stale_files(dir_b.path(), &JsonReports)
        .expect("mirror");
    assert_eq!(mirror.written, [dir_b.path().join("sales.qreport.json")]);
    let on_disk: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&mirror.written[0]).expect("read")).expect("json");
    assert_eq!(on_disk["queries"]["q"]["sql"], "select 1");
    assert!(b.stale_files().is_empty());
    // Renamed by bob: the link follows the new name.
    b.mirrored(
        id,
        "sales-from-alice.qreport.json",
        &content("Sales", "select 1"),
    )
    .expect("mirrored");
    assert_eq!(
        b.document_for_file("sales-from-alice.qreport.json")
            .map(|d| d.id),
        Some(id)
    );
    assert!(b.document_for_file("sales.qreport.json").is_none());

    // Bob's save is an edit; alice's file goes stale with his content.
    b.saved_file(
        "sales-from-alice.qreport.json",
        content("Sales", "select 2"),
    )
    .expect("bob saves");
    assert_eq!(b.status(), SyncStatus::Pending(1));
    b.sync().await.expect("bob pushes");
    a.sync().await.expect("alice pulls");
    let stale = a.stale_files();
    assert_eq!(stale.len(), 1);
    assert_eq!(stale[0].file.as_deref(), Some("sales.qreport.json"));
    assert_eq!(stale[0].content, content("Sales", "select 2"));
    a.mirrored(id, "sales.qreport.json", &stale[0].content)
        .expect("mirrored");

    // History, with authors' names; alice restores version 1, which reaches bob's file.
    let versions = a.client().versions(team.id, id).await.expect("versions");
    assert_eq!(
        versions.iter().map(|v| v.version).collect::<Vec<_>>(),
        [2, 1]
    );
    assert_eq!(versions[0].author_name.as_deref(), Some("bob"));
    assert_eq!(versions[1].author_name.as_deref(), Some("alice"));
    a.restore_version(id, 1).expect("restore");
    a.sync().await.expect("alice restores");
    assert_eq!(
        a.stale_files()[0].content,
        content("Sales", "select 1"),
        "alice's file goes back too"
    );
    b.sync().await.expect("bob pulls the restore");
    let stale = b.stale_files();
    assert_eq!(stale.len(), 1);
    assert_eq!(
        stale[0].file.as_deref(),
        Some("sales-from-alice.qreport.json")
    );
    assert_eq!(stale[0].content, content("Sales", "select 1"));

    // Comments are read back in threads.
    b.add_comment(id, "Looks right, @alice", None, None)
        .expect("comment");
    b.sync().await.expect("bob comments");
    let threads = a.client().comments(team.id, id).await.expect("comments");
    assert_eq!(threads.len(), 1);
    assert_eq!(threads[0].comments[0].author_username, "bob");
    assert_eq!(threads[0].comments[0].body, "Looks right, @alice");

    // A version that does not validate is skipped and leaves the file alone.
    let broken = Content {
        title: "Sales".into(),
        body: json!({"broken": true}),
    };
    a.saved_file("sales.qreport.json", broken)
        .expect("alice saves a broken one");
    a.sync().await.expect("alice pushes");
    b.sync().await.expect("bob pulls");
    let mirror = b
        .write_stale_files(dir_b.path(), &JsonReports)
        .expect("mirror");
    assert!(mirror.written.is_empty());
    assert_eq!(
        mirror.skipped,
        [(
            "Sales".to_string(),
            "the report does not validate".to_string()
        )]
    );

    // Deleted on the hub: bob's link goes, his file is his to keep.
    a.delete_document(id).expect("delete");
    a.sync().await.expect("alice deletes");
    b.sync().await.expect("bob pulls the delete");
    let mirror = b
        .write_stale_files(dir_b.path(), &JsonReports)
        .expect("mirror");
    assert_eq!(
        mirror.unlinked,
        [dir_b.path().join("sales-from-alice.qreport.json")]
    );
    assert!(
        b.document_for_file("sales-from-alice.qreport.json")
            .is_none()
    );
    hub.stop().await;
}
