//! The OpenAPI document: served, and committed as docs/hub.openapi.json.

use reqwest::StatusCode;

use crate::support::TestHub;

/// Regenerate with `QUARRY_UPDATE_OPENAPI=1 cargo test -p quarry-hub openapi`.
#[test]
fn the_committed_openapi_document_is_current() {
    let path = std::path::PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    )
    .join("../../docs/hub.openapi.json");
    let generated = quarry_hub::openapi_json() + "\n";
    if std::env::var_os("QUARRY_UPDATE_OPENAPI").is_some() {
        std::fs::write(&path, &generated).expect("write docs/hub.openapi.json");
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    let parse = |text: &str| serde_json::from_str::<serde_json::Value>(text).ok();
    assert!(
        parse(&committed).is_some() && parse(&committed) == parse(&generated),
        "docs/hub.openapi.json is out of date: run `QUARRY_UPDATE_OPENAPI=1 cargo test -p \
         quarry-hub openapi` and commit it"
    );
}

#[tokio::test]
async fn the_document_is_served_and_describes_every_route() {
    let hub = TestHub::start().await;
    let served = hub.anonymous().get("/openapi.json").await;
    assert_eq!(served.status, StatusCode::OK);
    assert_eq!(served.body["info"]["title"], "Quarry hub");
    let paths = served.body["paths"].as_object().expect("paths");
    for path in [
        "/workspaces/{workspace_id}/documents/{document_id}/diff",
        "/workspaces/{workspace_id}/snapshots/{snapshot_id}/content",
        "/changes/stream",
        "/audit",
    ] {
        assert!(paths.contains_key(path), "{path} is documented");
    }
    assert!(served.body["components"]["securitySchemes"]["bearer"].is_object());
}
