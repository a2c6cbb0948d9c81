//! The audit log: who, what, when and from where, for the tenant's Admins only.

use reqwest::StatusCode;
use serde_json::json;

use crate::support::TestHub;

#[tokio::test]
async fn the_audit_log_is_readable_by_tenant_admins_only() {
    let hub = TestHub::start().await;
    let alice = hub.user("alice@acme").await;
    let workspace = alice.workspace("Audited").await;
    let report = alice.report(&workspace, json!({})).await;
    hub.user("mallory@globex").await.workspace("Globex").await;

    let denied = alice.get("/audit").await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN, "{}", denied.body);

    let ada = hub.user("ada@acme").await;
    let log = ada.get("/audit").await;
    assert_eq!(log.status, StatusCode::OK, "{}", log.body);
    let entries = log.body.as_array().expect("entries");
    let actions: Vec<_> = entries
        .iter()
        .map(|e| e["action"].as_str().expect("action"))
        .collect();
    assert_eq!(
        actions,
        ["access.denied", "document.create", "workspace.create"],
        "newest first, Acme's only, alice's refused read included"
    );
    assert_eq!(entries[0]["actor_subject"], "alice@acme");
    assert_eq!(entries[0]["target_id"], "GET /audit");
    let entries = &entries[1..];
    let created = &entries[1];
    assert_eq!(created["actor_subject"], "alice@acme");
    assert_eq!(created["target_id"], workspace.as_str());
    assert_eq!(created["remote_addr"], "127.0.0.1");
    assert!(
        created["at"]
            .as_str()
            .is_some_and(|at| at.starts_with("20"))
    );
    assert_eq!(entries[0]["target_id"], report.as_str());
    assert_eq!(entries[0]["details"]["version"], 1);

    let older = ada
        .get(&format!("/audit?before={}", entries[0]["id"]))
        .await;
    assert_eq!(older.body.as_array().map(Vec::len), Some(1));

    // A member's refused delete is on record too, with where it came from.
    let bob = hub.user("bob@acme").await;
    bob.get("/me").await;
    alice.add_member(&workspace, "bob", "member").await;
    let refused = bob.delete(&format!("/workspaces/{workspace}")).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let log = ada.get("/audit").await;
    assert_eq!(log.body[0]["action"], "access.denied");
    assert_eq!(log.body[0]["actor_subject"], "bob@acme");
    assert_eq!(
        log.body[0]["target_id"],
        format!("DELETE /workspaces/{workspace}").as_str()
    );
    assert_eq!(log.body[0]["remote_addr"], "127.0.0.1");
    let globex = hub.user("ada@globex").await.get("/audit").await;
    assert_eq!(globex.body.as_array().map(Vec::len), Some(1));
    assert_eq!(globex.body[0]["actor_subject"], "mallory@globex");
}
